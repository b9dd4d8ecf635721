"""Benchmark: time from `python -m playground.gui` starting to the first shown window, and to the
engine (TensorFlow + Keras, loaded on a background thread after the window shows) being ready.

The app, started with --startup-timing, prints when each happened and quits. Time is counted
from just before the process is launched, so interpreter start-up and every import are included.
Target: the window within 1.5 s on a 2-core machine (it must never wait for TensorFlow).

    python tests/benchmarks/bench_startup.py            # 3 runs: window only, then one with the engine
    python tests/benchmarks/bench_startup.py --runs 5 --no-engine
    python tests/benchmarks/bench_startup.py --display   # a real display instead of offscreen
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET_S = 1.5


def launch(engine: bool, display: bool, timeout: float = 300.0) -> dict[str, float | str]:
    """One start of the app; the seconds from launch to each printed milestone."""
    env = dict(os.environ)
    env["PLAYGROUND_STARTUP_TIMING"] = "1"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    if not display:
        env["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory() as data_dir:
        env["PLAYGROUND_DATA_DIR"] = data_dir  # no recovery prompt, no settings of the user's
        cmd = [sys.executable, "-m", "playground.gui", "--startup-timing"] + ([] if engine else ["--no-engine"])
        start = time.time()
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    result: dict[str, float | str] = {}
    for line in proc.stdout.splitlines():
        if line.startswith("startup: "):
            parts = line.split()
            result[parts[1]] = float(parts[2]) - start
            if len(parts) > 3:
                result["device"] = parts[3].removeprefix("device=")
    if "window-shown" not in result:
        raise SystemExit(f"the app printed no timing (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr[-3000:]}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="window-only starts to take the median of")
    parser.add_argument("--no-engine", action="store_true", help="skip the run that loads TensorFlow")
    parser.add_argument("--display", action="store_true", help="use the real display, not offscreen")
    args = parser.parse_args(argv)

    print(f"{os.cpu_count()} CPU cores, Python {sys.version.split()[0]}")
    launch(engine=False, display=args.display)  # warm the file cache; not counted
    shown = []
    for i in range(args.runs):
        r = launch(engine=False, display=args.display)
        shown.append(float(r["window-shown"]))
        print(f"run {i + 1}: window shown after {shown[-1]:.3f} s")
    median = statistics.median(shown)
    print(f"window shown: median {median:.3f} s, max {max(shown):.3f} s over {args.runs} runs (target <= {TARGET_S} s)")
    if not args.no_engine:
        r = launch(engine=True, display=args.display)
        print(f"with the engine: window shown after {float(r['window-shown']):.3f} s, engine ready after "
              f"{float(r.get('engine-ready', float('nan'))):.3f} s (training device: {r.get('device', '?')})")
    ok = median <= TARGET_S
    print("PASS: the window shows within 1.5 s" if ok else "FAIL: the window takes longer than 1.5 s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
