"""One way to add a dock to the main window: movable, closable, floatable, listed in the View menu,
and optionally stacked as a tab onto an existing dock so the canvas keeps its room."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

FEATURES = (QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable)


def add_dock(window: QMainWindow, title: str, widget: QWidget, area: Qt.DockWidgetArea, name: str,
             tab_onto: QDockWidget | None = None) -> QDockWidget:
    """A dock named ``name`` (the key Qt saves its place under) holding ``widget``."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    dock.setFeatures(FEATURES)
    window.addDockWidget(area, dock)
    if tab_onto is not None:
        window.tabifyDockWidget(tab_onto, dock)
    view_menu = getattr(window, "view_menu", None)
    if view_menu is not None:
        view_menu.addAction(dock.toggleViewAction())
    return dock
