"""Benchmark: does the training session (events, snapshots, run record) slow training down?

Trains the same network on the same data, interleaved in one process, with
  (a) a plain Keras script: model.fit on numpy arrays at the same batch size, verbose=0,
  (b) a TrainingSession with every event listened to, a snapshot every second and a run store,
  (c) the plain script at Keras's default batch size (32),
  (d) plain fit on the session's own tf.data pipeline, no events (what the events cost alone),
and prints throughput (training samples per second, validation time excluded, the first epoch
with its one-time tracing excluded) with the ratios (b)/(a), which must be >= 0.97, and
(b)/(c) and (b)/(d). Throughput is timed by a callback with epoch hooks only, so Keras's plain fit keeps
its asynchronous batch dispatch. A second, separate pass times every batch in both feeding
styles (numpy arrays vs the session's tf.data pipeline) and prints each epoch's first batch
against the median batch.

    python tests/benchmarks/bench_training.py [--epochs 12] [--rounds 3] [--batch-size 64] [--size 8]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402

from playground.data import DataConfig  # noqa: E402
from playground.engine.build import build_model  # noqa: E402
from playground.network.templates import make_template  # noqa: E402
from playground.project import Project  # noqa: E402
from playground.training import RunStore, TrainingConfig, TrainingSession  # noqa: E402
from playground.training.feed import load_splits  # noqa: E402


class EpochTimer(keras.callbacks.Callback):
    """Seconds spent on training batches per epoch (validation excluded). Epoch hooks only."""

    def __init__(self):
        super().__init__()
        self.train_seconds: list[float] = []

    def on_epoch_begin(self, epoch, logs=None):
        self._t0 = time.perf_counter()
        self._val = None

    def on_test_begin(self, logs=None):
        if self._val is None:
            self._val = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.train_seconds.append((self._val or time.perf_counter()) - self._t0)


class BatchTimer(keras.callbacks.Callback):
    """Per epoch: the first batch's time (from the epoch's start) and the median of the rest."""

    def __init__(self):
        super().__init__()
        self.first: list[float] = []
        self.median: list[float] = []

    def on_epoch_begin(self, epoch, logs=None):
        self._tick = time.perf_counter()
        self._times = []

    def on_train_batch_end(self, batch, logs=None):
        now = time.perf_counter()
        self._times.append(now - self._tick)
        self._tick = now

    def on_epoch_end(self, epoch, logs=None):
        self.first.append(self._times[0])
        self.median.append(statistics.median(self._times[1:]))


def plain_fit(spec, splits, batch_size, epochs, timer, lr=1e-3):
    """What a learner writes without the app: numpy arrays straight into fit."""
    keras.utils.set_random_seed(0)
    model = build_model(spec)
    model.compile(optimizer=keras.optimizers.Adam(lr), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    kwargs = {} if batch_size is None else {"batch_size": batch_size}
    model.fit(*splits.train, epochs=epochs, validation_data=splits.val, verbose=0, callbacks=[timer], **kwargs)


def pipeline_fit(spec, splits, batch_size, epochs, timer, lr=1e-3):
    """Plain fit on the session's own tf.data pipeline: isolates what events and snapshots cost."""
    from playground.data.pipeline import make_tf_dataset, steps_per_epoch

    keras.utils.set_random_seed(0)
    model = build_model(spec)
    model.compile(optimizer=keras.optimizers.Adam(lr), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    train = make_tf_dataset(*splits.train, batch_size, shuffle=True, seed=0)
    val = make_tf_dataset(*splits.val, batch_size, shuffle=False, repeat=False)
    model.fit(train, epochs=epochs, steps_per_epoch=steps_per_epoch(len(splits.train[1]), batch_size),
              validation_data=val, verbose=0, shuffle=False, callbacks=[timer])


def session_fit(project, splits, epochs, timer, runs_root):
    seen = {}

    def listener(event):  # every event is looked at, as the window's listener would
        seen[type(event).__name__] = seen.get(type(event).__name__, 0) + 1

    project.training = project.training.replace(epochs=epochs)
    session = TrainingSession(project, listener, run_store=RunStore(runs_root), snapshot_interval=1.0,
                              splits=splits, callbacks=[timer])
    result = session.run()
    assert result.ok, result.message
    return seen


def callback_cost(project, splits, epochs, runs_root):
    """Seconds the session's own batch hook takes (snapshots apart), and seconds per snapshot."""
    from playground.training.callbacks import SessionCallback

    hook_times, snap_times = [], []
    on_batch, snapshot = SessionCallback.on_train_batch_end, SessionCallback.snapshot

    def timed_snapshot(self, *a, **k):
        t0 = time.perf_counter()
        snapshot(self, *a, **k)
        snap_times.append(time.perf_counter() - t0)

    def timed_batch(self, *a, **k):
        before = len(snap_times)
        t0 = time.perf_counter()
        on_batch(self, *a, **k)
        if len(snap_times) == before:
            hook_times.append(time.perf_counter() - t0)

    SessionCallback.on_train_batch_end, SessionCallback.snapshot = timed_batch, timed_snapshot
    try:
        session_fit(project, splits, epochs, EpochTimer(), runs_root)
    finally:
        SessionCallback.on_train_batch_end, SessionCallback.snapshot = on_batch, snapshot
    return statistics.median(hook_times), statistics.median(snap_times[1:] or snap_times), len(hook_times)


def throughput(timer, samples, skip_first=True):
    seconds = timer.train_seconds[1:] if skip_first else timer.train_seconds
    return samples * len(seconds) / sum(seconds)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--size", type=int, default=8, help="digits resized to size x size (8: as shipped)")
    args = ap.parse_args()

    data = DataConfig(dataset="digits", options={} if args.size == 8 else {"size": args.size})
    splits = load_splits(data)
    spec = make_template("small_cnn", (args.size, args.size, 1), 10)
    training = TrainingConfig(batch_size=args.batch_size, early_stopping=False, seed=0)
    n = len(splits.train[1])
    print(f"small_cnn on digits {args.size}x{args.size}: {n} train / {len(splits.val[1])} val samples, "
          f"batch size {args.batch_size}, {args.epochs} epochs x {args.rounds} rounds, "
          f"keras {keras.__version__}, backend {keras.backend.backend()}")
    kinds = ("plain", "session", "plain32", "pipeline")
    results = {k: [] for k in kinds}
    with tempfile.TemporaryDirectory() as tmp:
        # warm-up: TensorFlow's one-time start-up costs fall on no one's measurement
        plain_fit(spec, splits, args.batch_size, 1, EpochTimer())
        session_fit(Project("bench", spec, data, training), splits, 1, EpochTimer(), tmp)
        for r in range(args.rounds):
            for kind in kinds:
                timer = EpochTimer()
                t0 = time.perf_counter()
                if kind == "session":
                    seen = session_fit(Project("bench", spec, data, training), splits, args.epochs, timer, tmp)
                elif kind == "pipeline":
                    pipeline_fit(spec, splits, args.batch_size, args.epochs, timer)
                else:
                    plain_fit(spec, splits, args.batch_size if kind == "plain" else None, args.epochs, timer)
                wall = time.perf_counter() - t0
                results[kind].append(throughput(timer, n))
                print(f"  round {r + 1} {kind:>9}: {results[kind][-1]:9,.0f} samples/s "
                      f"(with first epoch {throughput(timer, n, False):9,.0f}; whole call {wall:5.1f} s)")
        print(f"  session events per run: {seen}")
        plain, session, plain32, bare = (statistics.median(results[k]) for k in kinds)
        ratio = session / plain
        print(f"throughput ratio session / plain fit (same batch size {args.batch_size}): {ratio:.3f}  "
              f"[per round: {', '.join(f'{s / p:.3f}' for s, p in zip(results['session'], results['plain']))}]")
        print(f"throughput ratio session / plain fit (Keras default batch size 32): {session / plain32:.3f}")
        print(f"throughput ratio session / plain fit on the same tf.data pipeline (events' own cost): "
              f"{session / bare:.3f}  [per round: "
              f"{', '.join(f'{s / p:.3f}' for s, p in zip(results['session'], results['pipeline']))}]")

        print("first batch vs median batch per epoch (ms), epochs 2..N, batch hooks on in both:")
        for kind in ("numpy (plain fit)", "tf.data (session)"):
            timer = BatchTimer()
            if kind.startswith("numpy"):
                plain_fit(spec, splits, args.batch_size, args.epochs, timer)
            else:
                session_fit(Project("bench", spec, data, training), splits, args.epochs, timer, tmp)
            firsts = [f * 1e3 for f in timer.first[1:]]
            medians = [m * 1e3 for m in timer.median[1:]]
            print(f"  {kind:>18}: first batch median {statistics.median(firsts):7.2f} ms "
                  f"(max {max(firsts):7.2f}), median batch {statistics.median(medians):6.2f} ms, "
                  f"first/median {statistics.median(firsts) / statistics.median(medians):5.1f}x")
        hook, snap, batches = callback_cost(Project("bench", spec, data, training), splits, args.epochs, tmp)
        print(f"session callback per batch: {hook * 1e6:6.1f} µs without snapshots (listener and run record "
              f"included); snapshots {snap * 1e3:6.2f} ms each, {batches} batches timed")
    ok = ratio >= 0.97
    print("PASS: the session trains at >= 97% of plain fit's speed" if ok
          else "FAIL: the session is more than 3% slower than plain fit")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
