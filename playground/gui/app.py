"""`run_app(argv)`: start the window on the default project (or a file, or a template).

The window shows before TensorFlow is imported; the engine loads on a background thread after.
With --startup-timing (or PLAYGROUND_STARTUP_TIMING=1) the app prints when the window was first
shown and when the engine was ready, as seconds since the epoch, then quits: the start-up
benchmark reads these lines.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

TIMING_ENV = "PLAYGROUND_STARTUP_TIMING"


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="playground", description="Keras Playground window")
    parser.add_argument("project", nargs="?", help="a project file to open")
    parser.add_argument("--template", help="start on this template instead of the default project")
    parser.add_argument("--input", help="input shape for --template, e.g. 224x224x3")
    parser.add_argument("--classes", type=int, help="class count for --template")
    parser.add_argument("--no-engine", action="store_true", help="do not load TensorFlow (editing only)")
    parser.add_argument("--startup-timing", action="store_true", help="print start-up times and quit")
    args, _qt_args = parser.parse_known_args(argv)
    return args


def _template_project(name: str, shape_text: str | None, classes: int | None):
    from playground.gui.document import changed
    from playground.network.templates import make_template
    from playground.project import default_project

    shape = tuple(int(p) for p in shape_text.lower().replace("×", "x").split("x")) if shape_text else None
    project = default_project()
    if classes is None:  # the output must match the project's data
        from playground.gui.document import classes_of_dataset

        classes = classes_of_dataset(project.data.dataset)
    return changed(project, name=name, network=make_template(name, shape, classes))


def run_app(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    args = _parse(argv[1:])
    timing = args.startup_timing or os.environ.get(TIMING_ENV, "") not in ("", "0")

    from PySide6.QtWidgets import QApplication

    from playground.gui.app_paths import APPLICATION, ORGANISATION

    app = QApplication.instance() or QApplication(argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Keras Playground")
    app.setDesktopFileName("keras-playground")  # Wayland matches the window to the .desktop entry by this
    from PySide6.QtGui import QIcon

    from playground.paths import RESOURCES

    app.setWindowIcon(QIcon(str(RESOURCES / "icons" / "keras-playground.svg")))

    from playground.gui.main_window import MainWindow

    project = _template_project(args.template, args.input, args.classes) if args.template else None
    load_engine = False if args.no_engine else None
    window = MainWindow(project=project, path=args.project, load_engine=load_engine)

    if timing:
        def shown() -> None:
            print(f"startup: window-shown {time.time():.4f}", flush=True)
            if not window.load_engine:
                app.quit()

        def ready(device: str) -> None:
            print(f"startup: engine-ready {time.time():.4f} device={device or 'unavailable'}", flush=True)
            app.quit()

        window.firstShown.connect(shown)
        window.engineReady.connect(ready)
        window.document.recovery.exists = lambda: False  # a timing run never asks questions

    window.show()
    code = app.exec()
    from playground.gui.edit_ops import release_clipboard

    release_clipboard()
    return int(code)
