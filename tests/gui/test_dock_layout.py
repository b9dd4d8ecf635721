"""The window's tabbed docks: every tab bar the user sees sits under its own dock group, once.

Qt (6.11) once made a second "Problems | Curves" bar while the docks were tabified, left where the
hidden 640x480 window had put it, over the Layers dock. Qt deletes such a bar later (deleteLater),
so a grab taken before the event loop runs deferred deletes (tools/screenshots.py) showed it: these
tests look at the bars right after the first show, before any qtbot.wait."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar  # noqa: E402


@pytest.fixture
def big_window(qtbot):
    """The main window as it opens on a full-HD screen: sized 1600x1000 before its first show (the
    ``window`` fixture gets the 800x800 test screen's size)."""
    from playground.gui.main_window import MainWindow

    w = MainWindow(load_engine=False)
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    return w


def dock_tab_bars(window: QMainWindow) -> list[QTabBar]:
    """The visible tab bars the main window draws for its tabbed docks (not tabs inside a dock)."""
    return [bar for bar in window.findChildren(QTabBar)
            if bar.parentWidget() is window and bar.isVisible() and bar.count() > 0]


def tabs(bar: QTabBar) -> list[str]:
    return [bar.tabText(i) for i in range(bar.count())]


def docks_by_title(window: QMainWindow) -> dict[str, QDockWidget]:
    return {dock.windowTitle(): dock for dock in window.findChildren(QDockWidget)}


def assert_each_bar_under_its_group(window: QMainWindow) -> None:
    docks = docks_by_title(window)
    bars = dock_tab_bars(window)
    assert bars, "the window shows no tabbed docks"
    shown: list[str] = []
    for bar in bars:
        front = docks[bar.tabText(bar.currentIndex())]
        group = {front.windowTitle()} | {d.windowTitle() for d in window.tabifiedDockWidgets(front)}
        assert set(tabs(bar)) == group, f"bar {tabs(bar)} is not the group of {front.windowTitle()}"
        dock, rect = front.geometry(), bar.geometry()
        assert dock.left() <= rect.left() and rect.right() <= dock.right(), \
            f"bar {tabs(bar)} at {rect.getRect()} is not under its dock at {dock.getRect()}"
        assert abs(rect.top() - dock.bottom()) <= 8, \
            f"bar {tabs(bar)} at {rect.getRect()} is not under its dock at {dock.getRect()}"
        shown += tabs(bar)
    assert len(shown) == len(set(shown)), f"a dock has two tabs: {sorted(shown)}"


def test_each_tab_bar_sits_under_its_dock_group_once(qtbot, big_window):
    window = big_window
    assert_each_bar_under_its_group(window)  # no waiting: Qt's deferred delete would hide a stray bar
    groups = sorted(tuple(tabs(bar)) for bar in dock_tab_bars(window))
    assert groups == [("Inspector", "Training", "Kernels", "Feature maps", "Norms"),
                      ("Problems", "Curves", "Insight", "Runs")]
    assert [bar.tabText(bar.currentIndex()) for bar in dock_tab_bars(window)] in (
        ["Inspector", "Problems"], ["Problems", "Inspector"])


def test_tab_bars_follow_a_resize_and_the_docks_raised_for_training(qtbot, big_window):
    window = big_window
    window.resize(1300, 850)
    window.training_dock.raise_()
    window.curves_dock.raise_()
    qtbot.waitUntil(lambda: {bar.tabText(bar.currentIndex()) for bar in dock_tab_bars(window)}
                    == {"Training", "Curves"}, timeout=2000)
    qtbot.waitUntil(lambda: assert_each_bar_under_its_group(window), timeout=2000)
