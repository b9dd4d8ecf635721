"""Autosave to a recovery copy, and the offer to restore it after a crash."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from playground.gui.commands import SetParamCommand  # noqa: E402
from playground.gui.main_window import MainWindow  # noqa: E402


def crashed_session(qtbot, monkeypatch) -> dict:
    """A window that autosaves an edit and then dies without a clean exit."""
    monkeypatch.setenv("PLAYGROUND_AUTOSAVE_MS", "50")
    w = MainWindow(load_engine=False)  # not given to qtbot: it closes (and deletes) itself here
    try:
        w.show()
        w.undo_stack.push(SetParamCommand(w.model, "conv1", "filters", 40))
        qtbot.waitUntil(w.document.recovery.exists, timeout=3000)
        edited = w.model.spec.to_dict()
        monkeypatch.setattr(w.document, "closed_cleanly", lambda: None)  # the crash: no clean-up
    finally:
        w.close()
    return edited


def test_after_a_crash_the_next_start_restores_the_work(qtbot, monkeypatch, answers, tmp_path):
    edited = crashed_session(qtbot, monkeypatch)
    answers.answers["ask_restore"] = True
    w = MainWindow(load_engine=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: "ask_restore" in answers.asked)
    assert w.model.spec.to_dict() == edited
    assert w.isWindowModified()
    answers.answers["save_path"] = str(tmp_path / "rescued.json")
    w.actions.save.trigger()
    assert not w.document.recovery.exists()


def test_declining_the_restore_discards_the_copy(qtbot, monkeypatch, answers):
    edited = crashed_session(qtbot, monkeypatch)
    answers.answers["ask_restore"] = False
    w = MainWindow(load_engine=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: "ask_restore" in answers.asked)
    assert w.model.spec.to_dict() != edited
    assert not w.document.recovery.exists() and not w.isWindowModified()


def test_a_clean_exit_leaves_no_recovery_copy(qtbot, monkeypatch, answers):
    monkeypatch.setenv("PLAYGROUND_AUTOSAVE_MS", "50")
    w = MainWindow(load_engine=False)
    try:
        w.show()
        w.undo_stack.push(SetParamCommand(w.model, "conv1", "filters", 40))
        qtbot.waitUntil(w.document.recovery.exists, timeout=3000)
        recovery = w.document.recovery
    finally:
        w.close()  # the scripted answer discards the changes
    assert not recovery.exists()
