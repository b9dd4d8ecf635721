"""Take the README's screenshots from the running app, offscreen, so they can be regenerated.

    .venv/bin/python tools/screenshots.py                 # writes docs/screenshots/*.png
    .venv/bin/python tools/screenshots.py --shortcuts     # also prints the shortcut table (Markdown)

It opens the real main window on the default project (loading TensorFlow as the app does),
shows the dataset chooser, trains a few epochs to capture the live views mid-run and after, looks
at the trained model in the insight panel, and opens a ResNet-18 project. Settings and runs go to
a temporary folder. Every PNG is kept under 300 KB (palette-reduced, downscaled if still too big).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
MAX_BYTES = 300_000
WINDOW_SIZE = (1440, 900)


def _wait(app, done, timeout: float, what: str) -> None:
    """Process events until ``done()``; SystemExit naming ``what`` after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            raise SystemExit(f"screenshots: timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.02)


def _settle(app, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def save_png(widget, name: str, out: Path) -> Path:
    """Grab ``widget`` and write it as a small PNG (256-colour palette; halved if still too big)."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buffer, "PNG")
    image = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    target = out / f"{name}.png"
    while True:
        small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        small.save(target, optimize=True)
        if target.stat().st_size <= MAX_BYTES or image.width < 600:
            break
        image = image.resize((int(image.width * 0.85), int(image.height * 0.85)), Image.Resampling.LANCZOS)
    shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
    print(f"wrote {shown}  {image.width}x{image.height}  {target.stat().st_size // 1024} KiB")
    return target


def shortcut_table(window) -> str:
    """The window's actions that have a keyboard shortcut, as a Markdown table."""
    from PySide6.QtGui import QAction, QKeySequence

    rows, seen = [], set()
    for action in window.findChildren(QAction):
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        text = action.text().replace("&", "").replace("…", "").strip()
        if keys and text and (text, tuple(keys)) not in seen:
            seen.add((text, tuple(keys)))
            rows.append(f"| {text} | {' or '.join(f'`{k}`' for k in keys)} |")
    return "| Action | Keys |\n|---|---|\n" + "\n".join(rows)


def _start_app():
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from playground.gui import prompts
    from playground.gui.app_paths import APPLICATION, ORGANISATION
    from playground.paths import RESOURCES

    prompts.ask_save_changes = lambda *a, **k: "discard"  # never a modal question in a script
    prompts.ask_restore = lambda *a, **k: False
    prompts.ask_stop_training = lambda *a, **k: True
    app = QApplication.instance() or QApplication(["playground"])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Keras Playground")
    app.setWindowIcon(QIcon(str(RESOURCES / "icons" / "keras-playground.svg")))
    return app


class _EpochCounter:
    """A LiveView (see gui/live_view.py) that only counts finished epochs, to time a screenshot."""

    def __init__(self) -> None:
        self.epochs = 0

    def reset(self, started) -> None:
        self.epochs = 0

    def take(self, events) -> None:
        from playground.training.events import EpochEnd

        self.epochs += sum(isinstance(e, EpochEnd) for e in events)

    def redraw(self) -> None:
        pass


def _select(app, window, kind: str) -> None:
    """Fit the network, select its first ``kind`` layer and show the inspector's explanation of it."""
    window.view.show_network()
    node = next((n.id for n in window.model.spec.nodes if n.kind == kind), None)
    if node is not None:
        window.focus_node(node)
    window.inspector_dock.raise_()
    window.problems_dock.raise_()
    _settle(app)


def take(out: Path, epochs: int, print_shortcuts: bool) -> None:
    from playground.gui.dataset_dialog import DatasetDialog
    from playground.gui.main_window import MainWindow
    from playground.project import default_project

    app = _start_app()
    project = default_project()
    project.training = project.training.replace(epochs=epochs, early_stopping=False)
    window = MainWindow(project=project)
    window.resize(*WINDOW_SIZE)
    window.show()
    _layout(app, window)
    _wait(app, lambda: window.engine_device is not None or window.engine_label.text().endswith("unavailable"),
          180, "TensorFlow to load")
    if print_shortcuts:
        print(shortcut_table(window))

    # 1. the window: the default project with a convolution selected, so the inspector explains it
    _select(app, window, "Conv2D")
    save_png(window, "main-window", out)

    # 2. a bigger network: ResNet-18 from the template gallery, as `playground --template resnet18` opens it
    from playground.gui.app import _template_project

    window.document.open_project(_template_project("resnet18", None, None))
    _select(app, window, "Add")
    save_png(window, "resnet18", out)
    window.document.open_project(project)

    # 3. the dataset chooser
    dialog = DatasetDialog(window, current=window.model.dataset, options=window.model.dataset_options)
    dialog.show()
    _settle(app, 1.5)  # it loads a preview of the samples
    save_png(dialog, "dataset-dialog", out)
    dialog.reject()
    dialog.deleteLater()

    # 4. training: the live views mid-run (taken as soon as half the epochs are reported), then after
    window.view.show_network()
    window.scene.clearSelection()
    counter = _EpochCounter()
    controller = window.training
    controller.add_view(counter)
    window.start_training()
    _wait(app, lambda: counter.epochs >= max(1, epochs // 2) or not controller.is_running(), 600,
          "the first epochs")
    save_png(window, "training-live", out)
    if _raise_docks(window, "featureMapsDock"):  # the same moment, seen through the live views
        _settle(app, 0.3)
        save_png(window, "training-live-views", out)
    _wait(app, lambda: not controller.is_running(), 900, "the run to finish")
    _raise_docks(window, "trainingDock", "curvesDock")
    _settle(app, 1.0)
    save_png(window, "training-done", out)
    controller.remove_view(counter)

    # 5. insight on the trained model (its own panel when the window has not docked one)
    trained = controller.trained()
    if trained is not None:
        _insight(app, window, trained, out)

    if _raise_docks(window, "runsDock"):
        _select_first_row(window, "runsDock")  # enables Restore and Export
        _settle(app, 1.0)
        save_png(window, "runs", out)

    # 6. exporting the run
    if controller.session is not None and controller.session.run_dir:
        _export_dialog(app, window, controller.session.run_dir, out)

    window.close()
    _settle(app, 0.5)
    from playground.gui.edit_ops import release_clipboard

    release_clipboard()


def _layout(app, window) -> None:
    """Give the canvas the upper two thirds and the bottom tabs (problems, curves, insight) the rest."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget

    _settle(app, 0.2)
    bottom = window.findChild(QDockWidget, "problemsDock")
    if bottom is not None:
        window.resizeDocks([bottom], [int(WINDOW_SIZE[1] * 0.36)], Qt.Orientation.Vertical)
    _settle(app, 0.2)


def _raise_docks(window, *names: str) -> bool:
    """Bring the docks with these object names to the front of their tab groups; False if none exist."""
    from PySide6.QtWidgets import QDockWidget

    found = False
    for name in names:
        dock = window.findChild(QDockWidget, name)
        if dock is not None and not dock.isHidden():
            dock.raise_()
            found = True
    return found


def _select_first_row(window, dock_name: str) -> None:
    from PySide6.QtWidgets import QDockWidget, QTableView

    dock = window.findChild(QDockWidget, dock_name)
    table = dock.findChild(QTableView) if dock is not None else None
    if table is not None and table.model() is not None and table.model().rowCount() > 0:
        table.selectRow(0)


def _insight(app, window, trained, out: Path) -> None:
    """The window's Insight dock when it has one; else the panel on its own, fed the trained model."""
    from playground.gui.insight_panel import InsightPanel

    if _raise_docks(window, "insightDock"):
        _settle(app, 2.0)
        save_png(window, "insight", out)
        return
    panel = InsightPanel()
    panel.setWindowTitle("Insight")
    panel.resize(1100, 720)
    panel.set_source(*trained)
    panel.show()
    _settle(app, 1.5)
    save_png(panel, "insight", out)
    panel.close()
    panel.deleteLater()
    _settle(app, 0.2)


def _export_dialog(app, window, run_dir: str, out: Path) -> None:
    try:
        from playground.gui.export_dialog import ExportRunDialog
    except ImportError:  # not in this version of the app
        return
    from playground.training import load_run

    dialog = ExportRunDialog(load_run(run_dir), window)
    index = dialog.format_box.findData("tflite")
    if index >= 0:
        dialog.format_box.setCurrentIndex(index)
    dialog.show()
    _settle(app, 0.5)
    save_png(dialog, "export-dialog", out)
    dialog.reject()
    dialog.deleteLater()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate docs/screenshots from the running app (offscreen).")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    parser.add_argument("--epochs", type=int, default=6, help="epochs of the training run shown")
    parser.add_argument("--shortcuts", action="store_true", help="print the keyboard shortcuts as Markdown")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.pop("PLAYGROUND_NO_ENGINE", None)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="playground-screens-") as tmp:
        os.environ["PLAYGROUND_DATA_DIR"] = tmp  # never the user's settings, recent files or runs
        take(args.out, args.epochs, args.shortcuts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
