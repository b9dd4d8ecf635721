"""GUI test fixtures: an isolated app-data folder, no TensorFlow, scripted answers to every
dialog, and a check that no test leaves a window or a thread behind."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow  # noqa: E402

from playground.gui import blit, prompts  # noqa: E402
from playground.gui.engine_loader import running_loaders  # noqa: E402


class ScriptedPrompts:
    """Answers the window's questions from ``answers``; records every question and error."""

    def __init__(self) -> None:
        self.answers = {"ask_save_changes": "discard", "ask_restore": False, "open_path": None, "save_path": None,
                        "ask_stop_training": True, "export_path": None}
        self.asked: list[str] = []
        self.errors: list[tuple[str, str]] = []

    def ask_save_changes(self, parent, name):
        self.asked.append("ask_save_changes")
        return self.answers["ask_save_changes"]

    def ask_restore(self, parent, description):
        self.asked.append("ask_restore")
        return self.answers["ask_restore"]

    def show_error(self, parent, title, message):
        self.errors.append((title, message))

    def open_path(self, parent, folder=""):
        self.asked.append("open_path")
        return self.answers["open_path"]

    def save_path(self, parent, suggestion=""):
        self.asked.append("save_path")
        return self.answers["save_path"]

    def ask_stop_training(self, parent):
        self.asked.append("ask_stop_training")
        return self.answers["ask_stop_training"]

    def export_path(self, parent, title, suggestion, file_filter):
        self.asked.append("export_path")
        return self.answers["export_path"]


@pytest.fixture(autouse=True)
def gui_env(tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path / "appdata"))
    monkeypatch.setenv("PLAYGROUND_NO_ENGINE", "1")
    monkeypatch.delenv("PLAYGROUND_AUTOSAVE_MS", raising=False)
    monkeypatch.delenv("PLAYGROUND_STARTUP_TIMING", raising=False)


@pytest.fixture(autouse=True)
def answers(monkeypatch) -> ScriptedPrompts:
    scripted = ScriptedPrompts()
    for name in ("ask_save_changes", "ask_restore", "show_error", "open_path", "save_path", "ask_stop_training",
                 "export_path"):
        monkeypatch.setattr(prompts, name, getattr(scripted, name))
    return scripted


@pytest.fixture
def window(qtbot):
    """The main window on the default project, shown, without loading TensorFlow."""
    from playground.gui.main_window import MainWindow

    w = MainWindow(load_engine=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture(autouse=True)
def no_leaks(qapp):
    """Fail a test that leaves a top-level window open or a thread running."""
    windows_before = set(QApplication.topLevelWidgets())
    threads_before = set(threading.enumerate())
    yield
    for _ in range(3):  # deleteLater() from nested scopes needs a few passes
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        QCoreApplication.processEvents()
    leaked = [
        w for w in QApplication.topLevelWidgets()
        if w not in windows_before and (w.isVisible() or isinstance(w, (QMainWindow, QDialog)))
    ]
    threads = [t for t in threading.enumerate() if t not in threads_before and t.is_alive()
               and t is not blit.render_thread()]  # the one render thread lives as long as the app
    loaders = running_loaders()
    for w in leaked:  # clean up so one leak does not fail every later test
        w.close()
        w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert not leaked, f"test leaked top-level widgets: {[type(w).__name__ for w in leaked]}"
    assert not threads, f"test leaked threads: {threads}"
    assert not loaders, "test left an engine loader thread running"


@pytest.fixture(scope="session", autouse=True)
def clipboard_emptied_before_exit(qapp):
    """Empty the clipboard while Python still runs: a QMimeData left there is deleted by a static
    destructor after interpreter shutdown, which crashed the test process at exit."""
    yield
    from playground.gui.edit_ops import release_clipboard

    release_clipboard()
