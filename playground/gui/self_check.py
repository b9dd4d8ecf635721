"""The window half of `playground --self-test`: open the main window on the default project, let it
draw once, and close it, with settings and recovery files kept in a throw-away folder.

Without a display (a server, CI, a bundle smoke test) Qt would abort the process, so the check
switches to the offscreen platform when no display is set.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _needs_offscreen() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    return sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_and_close_window(data_dir: Path) -> str:
    """Show the main window without loading the engine; the detail line says what was drawn."""
    if _needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    previous = os.environ.get("PLAYGROUND_DATA_DIR")
    os.environ["PLAYGROUND_DATA_DIR"] = str(data_dir)  # never touch the user's settings
    try:
        from PySide6.QtWidgets import QApplication

        from playground.gui.app_paths import APPLICATION, ORGANISATION
        from playground.gui.edit_ops import release_clipboard
        from playground.gui.main_window import MainWindow

        app = QApplication.instance() or QApplication(["playground"])
        app.setOrganizationName(ORGANISATION)
        app.setApplicationName(APPLICATION)
        window = MainWindow(load_engine=False)
        window.show()
        for _ in range(5):
            app.processEvents()
        nodes = len(window.model.spec.nodes)
        if window.actions.train.icon().pixmap(24, 24).isNull():
            raise AssertionError("the toolbar's SVG icons did not load (Qt's SVG plugin is missing)")
        image = window.grab()
        if image.isNull() or image.width() < 200:
            raise AssertionError("the window drew nothing")
        platform = app.platformName()
        size = f"{image.width()}x{image.height()}"
        if not window.close():
            raise AssertionError("the window refused to close")
        for _ in range(3):
            app.processEvents()
        release_clipboard()
        return f"main window shown on '{platform}' ({size}, {nodes} layers on the canvas, icons drawn) and closed"
    finally:
        if previous is None:
            os.environ.pop("PLAYGROUND_DATA_DIR", None)
        else:
            os.environ["PLAYGROUND_DATA_DIR"] = previous
