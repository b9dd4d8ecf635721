"""Benchmark and soak: push many synthetic snapshots through the Kernels, Feature maps and Norms views.

Each update is what one controller tick does: ``take([snapshot])`` then ``redraw()`` on every view;
after each view the event loop runs, so the time counted includes the paint (or matplotlib draw)
the redraw caused (offscreen). It prints updates per second, mean and p99 redraw time per view (redraw plus the
paint it caused) and the process's resident memory after warm-up and at the end.

Why a soak: PySide6 6.12 on Python 3.11 aborted with "Fatal Python error: bool_dealloc" after about
2,000 image updates, which is why pyproject.toml keeps PySide6 below 6.12. Reaching the last line
and exiting 0 after >= 10,000 updates is the proof that the pinned version survives.

    python tests/benchmarks/bench_live_views.py                    # 10,000 updates, LeNet-sized
    python tests/benchmarks/bench_live_views.py --updates 500 --rgb --side 32
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from playground.gui.live_feature_maps import FeatureMapView  # noqa: E402
from playground.gui.live_kernels import KernelView  # noqa: E402
from playground.gui.live_norms import NormsView  # noqa: E402
from playground.training.events import Snapshot, Started  # noqa: E402

CLASSES = tuple(str(i) for i in range(10))


def lenet_like(side: int, channels: int, probes: int) -> tuple[Started, list[tuple[str, tuple[int, ...]]]]:
    """A Started event and the activation shapes of conv(6,5x5) - pool - conv(16,5x5) - pool - dense."""
    s1, s2 = side, side // 2
    shapes = [("conv2d", (s1, s1, 6)), ("max_pooling2d", (s2, s2, 6)), ("conv2d_1", (s2, s2, 16)),
              ("max_pooling2d_1", (s2 // 2, s2 // 2, 16)), ("flatten", (16 * (s2 // 2) ** 2,)),
              ("dense", (120,)), ("dense_1", (10,))]
    rng = np.random.default_rng(0)
    probe = rng.random((probes, side, side, channels)).astype(np.float32)
    started = Started(None, None, 0, 30, 100, 32, 3200, 800, 800, 60000, 60000, 0, 0,
                      ("input", *(n for n, _ in shapes)), ("conv2d", "conv2d_1"), CLASSES, probe,
                      rng.integers(0, 10, probes), "CPU", False)
    return started, shapes


def snapshot_pool(count: int, shapes, channels: int, probes: int) -> list[Snapshot]:
    """A few different snapshots, made once, so the loop measures the views and not numpy's RNG."""
    rng = np.random.default_rng(1)
    pool = []
    for k in range(count):
        acts = {n: rng.random((probes, *s), dtype=np.float32) for n, s in shapes}
        kernels = {"conv2d": rng.normal(size=(5, 5, channels, 6)).astype(np.float32),
                   "conv2d_1": rng.normal(size=(5, 5, 6, 16)).astype(np.float32)}
        grads = {n: float(10.0 ** (-i) * (1 + rng.random())) for i, (n, _) in enumerate(shapes) if "pool" not in n}
        weights = {n: float(1 + 0.1 * k + i) for i, n in enumerate(grads)}
        pool.append(Snapshot(0, k, k, 0.0, kernels=kernels, activations=acts, weight_norms=weights,
                             grad_norms=grads))
    return pool


def rss_mib() -> float:
    """Resident memory of this process (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=10_000)
    parser.add_argument("--side", type=int, default=28, help="input image side (28: MNIST-sized)")
    parser.add_argument("--rgb", action="store_true", help="3-channel input: colour first-layer kernels")
    parser.add_argument("--probes", type=int, default=4)
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    channels = 3 if args.rgb else 1
    started, shapes = lenet_like(args.side, channels, args.probes)
    pool = snapshot_pool(16, shapes, channels, args.probes)
    views = {"kernels": KernelView(), "feature maps": FeatureMapView(), "norms": NormsView()}
    for view in views.values():
        view.resize(520, 640)
        view.show()
        view.reset(started)
    app.processEvents()

    times: dict[str, list[float]] = {name: [] for name in views}
    warmup = min(500, args.updates // 10)
    rss_warm = rss_mib()
    start = time.perf_counter()
    for i in range(args.updates):
        snap = pool[i % len(pool)]
        snap = Snapshot(snap.epoch, i, i, snap.elapsed, snap.kernels, snap.activations, snap.weight_norms,
                        snap.grad_norms)
        if i % 997 == 0:  # now and then the learner changes what is shown
            views["kernels"].set_scale("per_kernel" if (i // 997) % 2 else "fixed")
            views["feature maps"].set_sample((i // 997) % args.probes)
        for name, view in views.items():
            t0 = time.perf_counter()
            view.take([snap])
            view.redraw()
            app.processEvents()  # the paints and draw_idle the redraw asked for
            times[name].append(time.perf_counter() - t0)
        if i + 1 == warmup:
            rss_warm = rss_mib()
        if (i + 1) % 1000 == 0:
            print(f"  {i + 1} updates, {time.perf_counter() - start:.0f} s, RSS {rss_mib():.0f} MiB", flush=True)
    elapsed = time.perf_counter() - start
    rss_end = rss_mib()

    print(f"{args.updates} updates in {elapsed:.1f} s: {args.updates / elapsed:.1f} updates/s "
          f"(input {args.side}x{args.side}x{channels}, {args.probes} probes, all three views each update)")
    for name, ts in times.items():
        ms = np.asarray(ts) * 1000
        print(f"  {name:13s} redraw mean {ms.mean():6.2f} ms   p99 {np.percentile(ms, 99):6.2f} ms   "
              f"max {ms.max():7.2f} ms")
    growth = 100 * (rss_end - rss_warm) / rss_warm if rss_warm else 0.0
    print(f"RSS after {warmup} updates {rss_warm:.0f} MiB, at the end {rss_end:.0f} MiB ({growth:+.1f}%)")
    for view in views.values():
        view.close()
    print(f"norms: {views['norms'].full_draws} full draws, the rest blitted")
    print("no crash: soak finished")
    return 0


if __name__ == "__main__":
    sys.exit(main())
