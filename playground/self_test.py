"""`playground --self-test`: prove that this install (or a frozen bundle) really works end to end.

A packaged app can start its window and still be broken: a TensorFlow op missing from the bundle,
a resource not copied, an exporter that cannot load. So the self-test does what a learner does
first, headless: load the engine, build the default project, train one epoch on the embedded
digits, export the trained model (.keras, and TFLite unless skipped) and check the files compute
what the app computes, then open and close the main window (offscreen works). One line per check,
exit code 0 only when every check passed. Everything is written into a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

OK_MARK, FAIL_MARK, SKIP_MARK = "✔", "✘", "–"


class SkipCheck(Exception):
    """A check that does not apply here (e.g. no Qt platform); it is reported, not failed."""


@dataclass
class CheckResult:
    name: str
    status: str  # "ok" | "failed" | "skipped"
    detail: str
    seconds: float


@dataclass
class _State:
    """What one check hands to the next (the project, the trained session, the temp folder)."""

    workdir: Path
    project: object = None
    session: object = None
    values: dict = field(default_factory=dict)


def _marks(stream) -> tuple[str, str, str]:
    """✔/✘ where the terminal can print them; plain words under an ASCII-only locale."""
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        (OK_MARK + FAIL_MARK + SKIP_MARK).encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return "OK  ", "FAIL", "SKIP"
    return OK_MARK, FAIL_MARK, SKIP_MARK


# -- the checks, in order; each returns the detail line or raises -----------------------------------

def check_engine(state: _State) -> str:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras
    import tensorflow as tf

    from playground.training.devices import configure_device

    device = configure_device("auto")
    state.values["device"] = device.label
    return f"TensorFlow {tf.__version__}, Keras {keras.__version__}, trains on {device.label}"


def check_project(state: _State) -> str:
    from playground.engine.analysis import analyze
    from playground.engine.build import build_model
    from playground.project import default_project

    project = default_project()
    project.training = project.training.replace(epochs=1, early_stopping=False, seed=0)
    analysis = analyze(project.network)
    model = build_model(project.network)
    if int(model.count_params()) != analysis.total_params:
        raise AssertionError(f"Keras counts {model.count_params()} parameters, the analysis "
                             f"{analysis.total_params}")
    state.project = project
    return f"{project.name} on {project.data.dataset}: {analysis.total_params:,} parameters (Keras agrees)"


def check_training(state: _State) -> str:
    from playground.training import EpochEnd, RunStore, TrainingSession

    if state.project is None:
        raise SkipCheck("no project (the previous check failed)")
    epochs: list[EpochEnd] = []
    session = TrainingSession(state.project, lambda e: epochs.append(e) if isinstance(e, EpochEnd) else None,
                              run_store=RunStore(state.workdir / "runs"), snapshot_interval=None)
    result = session.run()
    if not result.ok:
        raise AssertionError(f"the run ended as {result.status}: {result.message}")
    if not epochs or result.run_dir is None or not Path(result.run_dir).is_dir():
        raise AssertionError("the run finished without an epoch report or a stored run folder")
    state.session = session
    accuracy = result.val.get("accuracy", result.train.get("accuracy"))
    shown = f", validation accuracy {accuracy:.0%}" if isinstance(accuracy, float) else ""
    return f"1 epoch on {state.values.get('device', 'the default device')}{shown}; run stored"


def _check_export(state: _State, fmt: str, filename: str) -> str:
    from playground.engine.export import export_network

    if state.session is None or state.session.model is None:
        raise SkipCheck("no trained model (the training check failed)")
    result = export_network(state.project.network, fmt, state.workdir / filename, model=state.session.model,
                            project=state.project)
    if not result.path.exists() or result.checked_with is None:
        raise AssertionError(f"{fmt} export was not verified ({'; '.join(result.notes) or 'no file'})")
    return (f"{filename}: {result.size_bytes / 1024:.0f} KiB, re-read by {result.checked_with}, "
            f"max difference {result.max_abs_diff:.1e}")


def check_export_keras(state: _State) -> str:
    return _check_export(state, "keras", "model.keras")


def check_export_tflite(state: _State) -> str:
    return _check_export(state, "tflite", "model.tflite")


def check_window(state: _State) -> str:
    try:
        import playground.gui.self_check as gui_check
    except ImportError as exc:
        raise SkipCheck(f"the window cannot be loaded here: {exc}") from None
    return gui_check.open_and_close_window(state.workdir / "appdata")


CHECKS: tuple[tuple[str, Callable[[_State], str]], ...] = (
    ("engine", check_engine),
    ("project", check_project),
    ("training", check_training),
    ("export .keras", check_export_keras),
    ("export .tflite", check_export_tflite),
    ("window", check_window),
)


def run_checks(skip: set[str] = frozenset(), stream=None) -> list[CheckResult]:
    """Run every check not in ``skip`` (names as in CHECKS) and print one line per check."""
    stream = stream or sys.stdout
    ok_mark, fail_mark, skip_mark = _marks(stream)
    results: list[CheckResult] = []
    with tempfile.TemporaryDirectory(prefix="playground-self-test-") as tmp:
        state = _State(Path(tmp))
        for name, check in CHECKS:
            began = time.perf_counter()
            if name in skip:
                status, detail = "skipped", "skipped on request"
            else:
                try:
                    status, detail = "ok", check(state)
                except SkipCheck as exc:
                    status, detail = "skipped", str(exc)
                except Exception as exc:  # noqa: BLE001 - every failure is a reported line, not a crash
                    status, detail = "failed", f"{type(exc).__name__}: {exc}"
                    if os.environ.get("PLAYGROUND_SELF_TEST_TRACEBACK"):
                        traceback.print_exc()
            seconds = time.perf_counter() - began
            mark = {"ok": ok_mark, "failed": fail_mark, "skipped": skip_mark}[status]
            print(f"{mark} {name:<15} {detail}  ({seconds:.1f} s)", file=stream, flush=True)
            results.append(CheckResult(name, status, detail, seconds))
        state.session = None  # release the model before its folder goes away
    return results


def main(argv: list[str] | None = None) -> int:
    """Entry point for `playground --self-test [--no-window] [--no-tflite]`; 0 when all passed."""
    parser = argparse.ArgumentParser(prog="playground --self-test",
                                     description="Check this install end to end: engine, training, export.")
    parser.add_argument("--no-window", action="store_true", help="do not open the main window")
    parser.add_argument("--no-tflite", action="store_true", help="skip the TFLite export (the slowest check)")
    args = parser.parse_args(argv)
    skip = set()
    if args.no_window:
        skip.add("window")
    if args.no_tflite:
        skip.add("export .tflite")
    from playground import __version__

    print(f"Keras Playground {__version__} self-test (Python {sys.version.split()[0]})", flush=True)
    results = run_checks(skip)
    failed = [r.name for r in results if r.status == "failed"]
    if failed:
        print(f"self-test FAILED: {', '.join(failed)} (set PLAYGROUND_SELF_TEST_TRACEBACK=1 for details)")
        return 1
    print("self-test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
