"""Projects on disk: save/open round trip, Save As, damaged files, recent files, unsaved changes."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json  # noqa: E402

from playground.gui.commands import SetParamCommand  # noqa: E402
from playground.gui.main_window import MainWindow  # noqa: E402


def edit(w: MainWindow, filters: int = 48) -> None:
    w.undo_stack.push(SetParamCommand(w.model, "conv1", "filters", filters))


def test_save_then_open_gives_back_the_same_project(qtbot, window, answers, tmp_path):
    edit(window)
    assert window.isWindowModified()
    answers.answers["save_path"] = str(tmp_path / "my_net")
    window.actions.save.trigger()
    path = tmp_path / "my_net.json"
    assert path.is_file() and not window.isWindowModified()
    assert window.document.name == "my_net" and window.windowTitle().startswith("my_net")
    saved = window.model.spec.to_dict()

    other = MainWindow(path=path, load_engine=False)
    qtbot.addWidget(other)
    assert other.model.spec.to_dict() == saved
    assert other.model.dataset == "digits" and other.document.path == path
    assert not other.isWindowModified()

    edit(window, 64)
    window.actions.save.trigger()  # has a path now: no question
    assert answers.asked.count("save_path") == 1
    assert window.document.open(path)
    assert window.model.spec.node("conv1").params["filters"] == 64


def test_a_damaged_file_says_why_and_opens_nothing(window, answers, tmp_path):
    before = window.model.spec.to_dict()
    for name, text in (("broken.json", "{ not json"), ("wrong.json", json.dumps({"hello": 1}))):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert not window.document.open(path)
        title, message = answers.errors[-1]
        assert title == "Cannot open project" and name in message and len(message) > len(name) + 30
        assert window.model.spec.to_dict() == before and window.document.path is None
    assert not window.document.open(tmp_path / "missing.json")
    assert len(answers.errors) == 3


def test_recent_files_remember_what_was_opened(window, answers, tmp_path):
    for name in ("a", "b"):
        answers.answers["save_path"] = str(tmp_path / f"{name}.json")
        window.actions.save_as.trigger()
    files = window.document.recent_files()
    assert [os.path.basename(f) for f in files] == ["b.json", "a.json"]
    assert [a.text() for a in window.recent_menu.actions()] == ["b.json", "a.json"]
    window.recent_menu.actions()[1].trigger()
    assert window.document.path.name == "a.json"


def test_unsaved_changes_are_asked_about(qtbot, window, answers, tmp_path):
    edit(window)
    answers.answers["ask_save_changes"] = "cancel"
    window.close()
    assert window.isVisible() and answers.asked == ["ask_save_changes"]
    assert not window.document.new()
    assert window.model.spec.node("conv1").params["filters"] == 48
    answers.answers["ask_save_changes"] = "save"
    answers.answers["save_path"] = str(tmp_path / "kept.json")
    assert window.document.new()
    assert (tmp_path / "kept.json").is_file()
    assert window.model.spec.node("conv1").params["filters"] == 32 and window.undo_stack.count() == 0


def test_a_project_written_without_positions_opens_laid_out(window, tmp_path):
    """A hand-written project.json (no "pos") must not open as one pile of boxes."""
    from playground.data import DataConfig
    from playground.network import chain
    from playground.project import Project, save_project

    network = chain([("Input", {"shape": (8, 8, 1)}), ("Conv2D", {"filters": 4}), ("Flatten", {}),
                     ("Dense", {"units": 10, "activation": "softmax"})], name="by_hand")
    path = tmp_path / "by_hand.json"
    save_project(Project(name="by_hand", network=network, data=DataConfig(dataset="digits")), path)
    assert window.document.open(path)
    boxes = [item.sceneBoundingRect() for item in window.scene.items() if type(item).__name__ == "NodeItem"]
    assert len(boxes) == 4
    assert not any(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert not window.isWindowModified()
