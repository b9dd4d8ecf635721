"""The main window driven the way a user drives it: palette, canvas, inspector, shortcuts, Train."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QPointF, Qt  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402

from playground.gui import engine_loader  # noqa: E402
from playground.gui.commands import SetParamCommand  # noqa: E402
from playground.gui.main_window import MainWindow  # noqa: E402
from playground.project import default_project  # noqa: E402


def double_click_palette(qtbot, w: MainWindow, kind: str) -> None:
    tree = w.palette.tree
    item = w.palette.item_for(kind)
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_opens_on_the_default_project_ready_to_train(window):
    assert window.model.spec.to_dict() == default_project().network.to_dict()
    assert window.model.dataset == "digits" and window.model.num_classes == 10
    assert window.model.analysis.ok
    assert window.actions.train.isEnabled()
    assert window.windowTitle().startswith(window.document.name)
    assert not window.isWindowModified()


def test_build_a_network_from_the_palette_then_undo_and_redo_it_all(qtbot, window):
    original = window.model.spec.to_dict()
    window.select_all()
    window.actions.delete.trigger()
    assert window.model.spec.nodes == [] and not window.actions.train.isEnabled()
    for kind in ("Input", "Conv2D", "MaxPooling2D", "Flatten", "Dense"):
        double_click_palette(qtbot, window, kind)
    spec = window.model.spec
    assert [n.kind for n in spec.nodes] == ["Input", "Conv2D", "MaxPooling2D", "Flatten", "Dense"]
    assert [(e.src, e.dst) for e in spec.edges] == [(a.id, b.id) for a, b in zip(spec.nodes, spec.nodes[1:])]
    window.model.spec.node("input_1")  # ids are readable
    # the last layer is selected: the inspector edits it
    assert window.inspector.node_id == "dense_1"
    window.inspector.propose("units", 10)
    window.inspector.propose("activation", "softmax")
    window.focus_node("input_1")
    window.inspector.propose("shape", (8, 8, 1))
    assert window.model.analysis.ok and window.actions.train.isEnabled()
    built = window.model.spec.to_dict()
    while window.undo_stack.canUndo():
        window.actions.undo.trigger()
    assert window.model.spec.to_dict() == original
    assert not window.isWindowModified()
    while window.undo_stack.canRedo():
        window.actions.redo.trigger()
    assert window.model.spec.to_dict() == built
    assert window.isWindowModified()


def test_drop_from_the_palette_adds_a_layer_where_it_lands(window):
    mime = window.palette.tree.mimeData([window.palette.item_for("BatchNormalization")])
    at = QPointF(150, 120)
    event = QDropEvent(at, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.view.dropEvent(event)
    node = window.model.spec.nodes[-1]
    assert node.kind == "BatchNormalization"
    expected = window.view.mapToScene(at.toPoint())
    assert node.pos == pytest.approx((expected.x(), expected.y()))
    assert window.scene.selected_node_ids() == [node.id]


def test_an_invalid_parameter_shows_its_error_and_disables_train(qtbot, window):
    pool = next(n.id for n in window.model.spec.nodes if n.kind == "MaxPooling2D")
    window.focus_node(pool)
    window.inspector.editors["pool_size"].boxes[0].setValue(20)  # bigger than the 8×8 map
    assert window.model.spec.node(pool).params["pool_size"][0] == 20
    errors = window.model.analysis.errors
    assert errors and errors[0].node == pool
    assert not window.actions.train.isEnabled()
    assert errors[0].message in window.actions.train.toolTip()
    assert "Train disabled" in window.train_label.text()
    assert window.scene.nodes[pool].state.severity == "error"
    assert errors[0].message.split(":")[0] in window.inspector.problems.text()
    texts = [window.problems.item(i).text() for i in range(window.problems.count())]
    assert any(pool in t for t in texts)
    window.scene.clearSelection()
    window.problems.itemClicked.emit(window.problems.item(0))
    assert window.scene.selected_node_ids() == [pool]
    window.actions.undo.trigger()
    assert window.actions.train.isEnabled() and "Ready" in window.train_label.text()


def test_delete_key_and_ctrl_z_work_on_the_canvas(qtbot, window):
    before = window.model.spec.to_dict()
    window.activateWindow()
    window.view.setFocus()
    window.focus_node("conv2")
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Delete)
    assert not window.model.spec.has_node("conv2")
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.model.spec.to_dict() == before
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not window.model.spec.has_node("conv2")


def test_copy_paste_and_arrange_through_the_actions(window):
    window.focus_node("conv2")
    window.actions.copy.trigger()
    window.actions.paste.trigger()
    assert window.model.spec.nodes[-1].kind == "Conv2D" and window.scene.selected_node_ids() == ["conv2d_1"]
    window.actions.arrange.trigger()
    assert window.undo_stack.undoText() == "Arrange layers"


def test_engine_loads_in_the_background_and_reports_the_device(qtbot, monkeypatch):
    monkeypatch.setattr(engine_loader, "load_engine", lambda: "GPU Test Card")
    w = MainWindow(load_engine=True)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.engineReady, timeout=5000) as blocker:
        w.show()
        qtbot.waitUntil(lambda: w.loader is not None)
        assert "Loading TensorFlow" in w.statusBar().currentMessage() or w.engine_device
    assert blocker.args == ["GPU Test Card"]
    assert w.engine_label.text() == "Engine: GPU Test Card"
    assert "GPU Test Card" in w.statusBar().currentMessage()
    w.loader.wait()


def test_engine_failure_leaves_the_editor_working(qtbot, monkeypatch):
    def broken():
        raise ImportError("no tensorflow here")

    monkeypatch.setattr(engine_loader, "load_engine", broken)
    w = MainWindow(load_engine=True)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.engineReady, timeout=5000):
        w.show()
    assert w.engine_label.text() == "Engine: unavailable"
    assert "no tensorflow here" in w.statusBar().currentMessage()
    w.loader.wait()


def test_train_emits_train_requested_only_without_errors(window):
    window.trainRequested.disconnect(window.start_training)  # real runs: tests/gui/test_training_panel.py
    window.actions.train.trigger()  # nothing listens: the status bar says so
    assert "not wired" in window.statusBar().currentMessage()
    calls = []
    window.trainRequested.connect(lambda: calls.append(1))
    window.actions.train.trigger()
    assert calls == [1]
    window.undo_stack.push(SetParamCommand(window.model, "predictions", "units", 3))
    assert not window.actions.train.isEnabled()
    window.train()
    assert calls == [1]
