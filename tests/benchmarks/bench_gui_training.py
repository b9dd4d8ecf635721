"""Benchmark: training with every live view open — does the GUI stay responsive, and does it slow training?

With a TrainingController feeding the Curves, Kernels, Feature maps and Norms views (all visible,
offscreen, snapshot every second as in the window), this prints:

* event-loop lag: a 5 ms QTimer measures its own lateness on the main thread while training runs
  (start to the Finished event); p99 and max (targets: p99 <= 30 ms, max <= 100 ms), with and
  without the first epoch (tracing); and how long the one full GC pass after each run took;
* throughput: training samples/s with the views vs a headless TrainingSession on the same model
  and data with the same snapshot interval, in pairs run side by side in ABBA order; samples over
  the time of all epochs after the first, the median of the pairs' ratios (target >= 0.95);
* the same lag in a real MainWindow, runs started with its Start button (docks tabbed as a user
  first sees them: one of Kernels/Feature maps/Norms showing);
* memory: resident size at every epoch of a 30-epoch run with the views; growth after epoch 3
  (target <= 5%).

It is a script, not a test: it prints the figures and exits 0.

    python tests/benchmarks/bench_gui_training.py [--rounds 4] [--epochs 20] [--soak-epochs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
from bench_live_views import rss_mib  # noqa: E402  (the script's folder is on sys.path)
from PySide6.QtCore import QElapsedTimer, QEventLoop, QObject, QTimer, Slot  # noqa: E402
from PySide6.QtWidgets import QApplication, QGridLayout, QWidget  # noqa: E402

from playground.data import DataConfig  # noqa: E402
from playground.gui.gc_policy import freeze_survivors  # noqa: E402
from playground.gui.live_curves import CurvesView  # noqa: E402
from playground.gui.live_feature_maps import FeatureMapView  # noqa: E402
from playground.gui.live_kernels import KernelView  # noqa: E402
from playground.gui.live_norms import NormsView  # noqa: E402
from playground.gui.training_controller import TrainingController  # noqa: E402
from playground.network import chain  # noqa: E402
from playground.project import Project  # noqa: E402
from playground.training.config import TrainingConfig  # noqa: E402
from playground.training.events import EpochEnd, Finished  # noqa: E402

SNAPSHOT_SECONDS = 1.0  # the window's controller default
TICK_MS = 5


def project(epochs: int, batch_size: int) -> Project:
    network = chain([
        ("Input", {"shape": (8, 8, 1)}),
        ("Conv2D", {"filters": 16, "activation": "relu"}),
        ("Conv2D", {"filters": 16, "activation": "relu"}),
        ("MaxPooling2D", {}),
        ("Flatten", {}),
        ("Dense", {"units": 64, "activation": "relu"}),
        ("Dense", {"units": 10, "activation": "softmax"}),
    ], name="bench")
    config = TrainingConfig(epochs=epochs, batch_size=batch_size, early_stopping=False)
    return Project(name="bench", network=network, data=DataConfig(dataset="digits"), training=config)


class LagMeter(QObject):
    """A 5 ms timer on the main thread; each tick records how late it came."""

    def __init__(self) -> None:
        super().__init__()
        self.late_ms: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.late_ms = []
        self._clock.start()
        self._last = 0.0
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @Slot()
    def _tick(self) -> None:
        now = self._clock.nsecsElapsed() / 1e6
        self.late_ms.append(max(0.0, now - self._last - TICK_MS))
        self._last = now


class EpochProbe:
    """A LiveView that notes epoch throughput, the time of each epoch end and RSS then, and stops
    the lag meter at Finished: the full GC pass that follows a run is reported on its own."""

    def __init__(self, lag: LagMeter) -> None:
        self.lag = lag
        self.reset(None)

    def reset(self, started) -> None:
        self.samples_per_second: list[float] = []
        self.rss: list[float] = []
        self.epoch_end_at: list[float] = []

    def take(self, events) -> None:
        for e in events:
            if isinstance(e, EpochEnd):
                self.samples_per_second.append(e.samples_per_second)
                self.rss.append(rss_mib())
                self.epoch_end_at.append(time.perf_counter())
            elif isinstance(e, Finished):
                self.lag.stop()

    def redraw(self) -> None:
        pass


VIEWS = {"curves": CurvesView, "kernels": KernelView, "maps": FeatureMapView, "norms": NormsView}


class Bench:
    def __init__(self, views: list[str]) -> None:
        self.panel = QWidget()
        grid = QGridLayout(self.panel)
        self.views = [VIEWS[name]() for name in views]
        for i, view in enumerate(self.views):
            grid.addWidget(view, i // 2, i % 2)
        self.panel.resize(1400, 1000)
        self.panel.show()
        self.controller = TrainingController(snapshot_interval=SNAPSHOT_SECONDS)
        self.lag = LagMeter()
        self.probe = EpochProbe(self.lag)
        for view in (*self.views, self.probe):
            self.controller.add_view(view)
        self.collect_ms: list[float] = []

    def engine_loaded(self) -> None:
        """What MainWindow._engine_loaded does: build the figures, freeze the engine's objects."""
        self.controller.prepare_views()
        freeze_survivors()

    def run_window(self, proj: Project) -> tuple[Finished, list[float], float]:
        """Train with the views; returns the result, the lateness samples, and when epoch 1 ended."""
        loop = QEventLoop()
        self.controller.runFinished.connect(loop.quit)
        self.lag.start()
        started_at = time.perf_counter()
        self.controller.start(proj, None)
        loop.exec()
        self.lag.stop()
        self.collect_ms.append(1000 * self.controller.last_collect_seconds)
        self.controller.runFinished.disconnect(loop.quit)
        first_epoch = (self.probe.epoch_end_at[0] - started_at) if self.probe.epoch_end_at else 0.0
        return self.controller.last_result, list(self.lag.late_ms), first_epoch

    def close(self) -> None:
        self.controller.wait()
        self.panel.close()


def run_headless(proj: Project) -> list[float]:
    from playground.training import TrainingSession

    rates: list[float] = []
    TrainingSession(proj, lambda e: isinstance(e, EpochEnd) and rates.append(e.samples_per_second),
                    snapshot_interval=SNAPSHOT_SECONDS).run()
    return rates


def window_lags(proj: Project, runs: int) -> list[tuple[list[float], float]]:
    """Lateness during runs started with the training panel's Start button of a real MainWindow."""
    import tempfile

    from playground.gui.app_paths import DATA_DIR_ENV
    from playground.gui.main_window import MainWindow

    os.environ[DATA_DIR_ENV] = tempfile.mkdtemp(prefix="bench-gui-")  # runs and settings: not the user's
    window = MainWindow(project=proj, load_engine=True)
    window.resize(1600, 1000)
    window.show()
    give_up = time.monotonic() + 120
    while window.engine_device is None and time.monotonic() < give_up:  # the loader starts after the show
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    if window.engine_device is None:
        raise SystemExit("the window's engine did not load within 120 s")
    lag, out = LagMeter(), []
    for _ in range(runs):
        loop = QEventLoop()
        window.training.runFinished.connect(loop.quit)
        probe = EpochProbe(lag)  # stops the meter at Finished, before the post-run GC pass
        window.training.add_view(probe)
        lag.start()
        window.training_panel.start_button.click()
        loop.exec()
        lag.stop()
        window.training.remove_view(probe)
        window.training.runFinished.disconnect(loop.quit)
        out.append((list(lag.late_ms), 1000 * window.training.last_collect_seconds))
    window.hide()
    window.deleteLater()
    return out


def lag_stats(late: list[float], skip_ms: float) -> str:
    """p99 and max lateness, leaving out the ticks in the first ``skip_ms`` of the run."""
    elapsed, kept = 0.0, []
    for value in late:
        elapsed += TICK_MS + value
        if elapsed > skip_ms:
            kept.append(value)
    if not kept:
        return "no ticks"
    a = np.asarray(kept)
    return f"p99 {np.percentile(a, 99):6.1f} ms   max {a.max():6.1f} ms   ({len(a)} ticks)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4, help="interleaved window/headless pairs (ABBA)")
    parser.add_argument("--epochs", type=int, default=20, help="per run; a digits epoch lasts ~0.2 s, too short "
                        "alone for a steady samples/s")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--soak-epochs", type=int, default=30, help="0 skips the memory run")
    parser.add_argument("--window-runs", type=int, default=2, help="runs started from a real MainWindow's panel")
    parser.add_argument("--views", default=",".join(VIEWS), help="which views are open (to find a slow one)")
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    bench = Bench([v.strip() for v in args.views.split(",") if v.strip()])
    proj = project(args.epochs, args.batch_size)
    print("warm-up (TensorFlow import and tracing) ...", flush=True)
    run_headless(project(1, args.batch_size))
    bench.engine_loaded()

    ratios, lags = [], []
    for r in range(args.rounds):
        # ABBA order: this machine's speed drifts by tens of percent over a minute, and a pair
        # measured side by side, in alternating order, cancels most of that drift
        if r % 2:
            headless = run_headless(proj)
        result, late, first_epoch = bench.run_window(proj)
        window = statistics.harmonic_mean(bench.probe.samples_per_second[1:])  # the first epoch traces
        lags.append((late, first_epoch))
        if not r % 2:
            headless = run_headless(proj)
        alone = statistics.harmonic_mean(headless[1:])
        ratios.append(window / alone)
        print(f"  round {r + 1}: window {window:8.0f} samples/s ({result.status}), headless {alone:8.0f} samples/s, "
              f"ratio {window / alone:.3f}", flush=True)

    print(f"\nEvent-loop lag (a {TICK_MS} ms timer on the main thread, training with views: {args.views}):")
    for i, (late, first_epoch) in enumerate(lags):
        print(f"  run {i + 1}, whole run:          {lag_stats(late, 0)}")
        print(f"  run {i + 1}, after first epoch:  {lag_stats(late, first_epoch * 1000)}")
    print("  targets: p99 <= 30 ms, max <= 100 ms")
    print("  the full garbage collection after each run (idle, once): "
          + ", ".join(f"{ms:.0f} ms" for ms in bench.collect_ms))
    print(f"\nThroughput with the views / headless (samples over the time of all epochs after the first): "
          f"median ratio {statistics.median(ratios):.3f} over {len(ratios)} rounds, "
          f"range {min(ratios):.3f}-{max(ratios):.3f} (target >= 0.95)")

    if args.window_runs:
        print(f"\nIn the real window (MainWindow, docks tabbed as a user first sees them, {args.window_runs} runs):")
        for i, (late, collect_ms) in enumerate(window_lags(proj, args.window_runs)):
            print(f"  run {i + 1}, whole run:          {lag_stats(late, 0)}   (then a {collect_ms:.0f} ms GC pass)")

    if args.soak_epochs:
        print(f"\nMemory over a {args.soak_epochs}-epoch run with the views ...", flush=True)
        bench.run_window(project(args.soak_epochs, args.batch_size))
        rss = bench.probe.rss
        base = rss[2] if len(rss) > 2 else rss[0]
        print("  RSS per epoch (MiB): " + " ".join(f"{v:.0f}" for v in rss))
        print(f"  growth after epoch 3: {rss[-1] - base:+.1f} MiB ({100 * (rss[-1] - base) / base:+.1f}%, "
              f"target <= 5%)")
    bench.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
