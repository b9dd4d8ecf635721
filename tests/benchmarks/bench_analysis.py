"""Benchmark: is the live analysis fast enough to run on every edit, without allocating weights?

Prints, for ResNet-50 and VGG-16 on 224×224×3: first-call and median re-analysis time, the peak
memory the analysis allocates, and that figure as a fraction of the weights it describes.
Target: ≤ 100 ms for ResNet-50 after the first call; memory far below the weights (VGG-16's are 550 MB).

    python tests/benchmarks/bench_analysis.py
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc

from playground.engine.analysis import analyze
from playground.network.templates import make_template

REPEATS = 20


def bench(name: str) -> bool:
    spec = make_template(name, input_shape=(224, 224, 3), num_classes=1000)
    t0 = time.perf_counter()
    analysis = analyze(spec)
    first = time.perf_counter() - t0
    times = []
    for i in range(REPEATS):
        spec.nodes[1].pos = (float(i), 0.0)  # an edit, as the canvas makes one
        t0 = time.perf_counter()
        analyze(spec)
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    analyze(spec)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    weights = analysis.total_params * 4
    median = statistics.median(times)
    print(
        f"{name:>9}: {len(spec.nodes):4d} nodes, {analysis.total_params:>12,} params | first {first * 1e3:6.1f} ms, "
        f"median {median * 1e3:6.1f} ms, max {max(times) * 1e3:6.1f} ms | peak alloc {peak / 2**20:6.2f} MiB "
        f"= {peak / weights:.5f} of the {weights / 2**20:,.0f} MiB of weights"
    )
    return median <= 0.100


if __name__ == "__main__":
    ok = all([bench("resnet50"), bench("vgg16"), bench("googlenet")])
    print("PASS: re-analysis within 100 ms" if ok else "FAIL: re-analysis slower than 100 ms")
    sys.exit(0 if ok else 1)
