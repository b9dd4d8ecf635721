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
    if tab_onto is None or not _docked(window, tab_onto):
        window.addDockWidget(area, dock)
    else:
        tabify(window, tab_onto, dock)
    view_menu = getattr(window, "view_menu", None)
    if view_menu is not None:
        view_menu.addAction(dock.toggleViewAction())
    return dock


def tabify(window: QMainWindow, onto: QDockWidget, dock: QDockWidget) -> None:
    """Stack ``dock`` as a tab onto ``onto`` without leaving a stray tab bar behind.

    Qt (6.11) creates a group's tab bar lazily and, when other tab bars exist, lays the window out
    from inside that call if the layout is stale; the nested pass makes a second bar for the same
    group, which then stays where the hidden 640x480 window put it (a "Problems | Curves" bar drawn
    over the left docks). So the layout is brought up to date first, and ``dock`` is not added to
    the window beforehand (moving an already docked widget into the tab group invalidates it again).
    """
    layout = window.layout()
    if layout is not None and not window.tabifiedDockWidgets(onto):  # only a new group gets a new bar
        layout.activate()  # a pass at the hidden window's size would undo earlier resizeDocks: only here
    window.tabifyDockWidget(onto, dock)


def _docked(window: QMainWindow, dock: QDockWidget) -> bool:
    return not dock.isFloating() and window.dockWidgetArea(dock) != Qt.DockWidgetArea.NoDockWidgetArea
