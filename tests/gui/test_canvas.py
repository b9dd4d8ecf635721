"""The canvas mirrors the spec, and the mouse gestures on it become undoable commands."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QUndoStack  # noqa: E402

from playground.gui.edge_item import EdgeItem  # noqa: E402
from playground.gui.edit_ops import EditOps  # noqa: E402
from playground.gui.node_item import NodeItem  # noqa: E402
from playground.gui.scene import NetworkScene  # noqa: E402
from playground.gui.spec_model import SpecModel  # noqa: E402
from playground.gui.view import CanvasView  # noqa: E402
from playground.network.spec import NetworkSpec, chain  # noqa: E402
from playground.network.templates import make_template  # noqa: E402


class Canvas:
    def __init__(self, qtbot, spec: NetworkSpec, classes=None) -> None:
        self.model = SpecModel(spec, "digits", classes)
        self.stack = QUndoStack()
        self.scene = NetworkScene(self.model)
        self.view = CanvasView(self.scene)
        self.messages: list[str] = []
        self.ops = EditOps(self.model, self.stack, self.scene, self.messages.append)
        self.scene.connectRequested.connect(self.ops.connect)
        self.scene.nodesMoved.connect(self.ops.move)
        qtbot.addWidget(self.view)
        self.view.resize(900, 700)
        self.view.show()
        qtbot.waitExposed(self.view)
        self.view.resetTransform()
        self.view.centerOn(self.scene.itemsBoundingRect().center())

    def at(self, scene_point: QPointF) -> QPoint:
        return self.view.mapFromScene(scene_point)


def loose_pair() -> NetworkSpec:
    spec = NetworkSpec()
    spec.add_node("Input", {"shape": (28, 28, 1)}, pos=(0.0, 0.0))
    spec.add_node("Conv2D", {"filters": 8}, pos=(0.0, 200.0))
    return spec


def test_scene_mirrors_the_model_through_undo_and_redo(qtbot):
    c = Canvas(qtbot, make_template("tiny_inception"))
    spec = c.model.spec
    assert set(c.scene.nodes) == {n.id for n in spec.nodes}
    assert set(c.scene.edges) == set(spec.edges)
    merge = next(n.id for n in spec.nodes if n.kind == "Concatenate")
    c.scene.select_nodes([merge])
    c.ops.delete_selection()
    assert merge not in c.scene.nodes and all(merge not in (e.src, e.dst) for e in c.scene.edges)
    c.stack.undo()
    assert set(c.scene.nodes) == {n.id for n in spec.nodes}
    assert set(c.scene.edges) == set(spec.edges)
    assert all(isinstance(it, (NodeItem, EdgeItem)) for it in c.scene.items())


def test_node_box_shows_kind_key_params_shape_and_weights(qtbot):
    c = Canvas(qtbot, chain([("Input", {"shape": (28, 28, 1)}), ("Conv2D", {"filters": 32})]))
    state = c.scene.nodes["conv2d_1"].state
    assert state.title == "Conv 2D"
    assert state.params == "32 × 3×3, s1, same, relu"
    assert state.output == "→ 28×28×32 · 320 params"
    assert state.severity is None


def test_drag_from_output_port_to_a_layer_connects_and_undo_disconnects(qtbot):
    c = Canvas(qtbot, loose_pair())
    src, dst = c.scene.nodes["input_1"], c.scene.nodes["conv2d_1"]
    qtbot.mousePress(c.view.viewport(), Qt.MouseButton.LeftButton, pos=c.at(src.output_port()))
    assert c.scene.gesture is not None
    qtbot.mouseMove(c.view.viewport(), c.at(dst.pos() + QPointF(10, 0)))
    qtbot.mouseRelease(c.view.viewport(), Qt.MouseButton.LeftButton, pos=c.at(dst.pos() + QPointF(10, 0)))
    assert c.model.spec.inputs_of("conv2d_1") == ["input_1"]
    assert len(c.scene.edges) == 1 and c.scene.gesture is None
    assert src.pos() == QPointF(0, 0)  # the press on the port did not drag the node
    c.stack.undo()
    assert c.model.spec.edges == [] and not c.scene.edges


def test_connect_gesture_cancels_on_escape_and_on_empty_canvas(qtbot):
    c = Canvas(qtbot, loose_pair())
    src = c.scene.nodes["input_1"]
    c.scene.start_connection(src, "out", src.output_port())
    c.scene.gesture.move(c.scene.nodes["conv2d_1"].pos())
    assert c.scene.nodes["conv2d_1"].drop_target
    qtbot.keyClick(c.view.viewport(), Qt.Key.Key_Escape)
    c.scene.cancel_gesture()  # idempotent
    assert c.scene.gesture is None and not c.scene.nodes["conv2d_1"].drop_target
    c.scene.start_connection(src, "out", src.output_port())
    c.scene.finish_connection(QPointF(600, 600))
    assert c.model.spec.edges == [] and c.stack.count() == 0
    assert [it for it in c.scene.items() if not isinstance(it, (NodeItem, EdgeItem))] == []


def test_connections_that_make_no_sense_are_refused_with_a_reason(qtbot):
    spec = chain([("Input", {}), ("Conv2D", {}), ("Flatten", {})])
    c = Canvas(qtbot, spec)
    assert not c.ops.connect("flatten_1", "conv2d_1")  # a loop
    assert not c.ops.connect("conv2d_1", "input_1")
    assert not c.ops.connect("conv2d_1", "conv2d_1")
    assert not c.ops.connect("input_1", "conv2d_1")  # already there
    assert len(c.messages) == 4 and c.stack.count() == 0
    assert c.ops.connect("input_1", "flatten_1")  # one-input layer: rewired in one step
    assert c.model.spec.inputs_of("flatten_1") == ["input_1"]
    c.stack.undo()
    assert c.model.spec.inputs_of("flatten_1") == ["conv2d_1"]


def test_dragging_a_node_is_one_undoable_move(qtbot):
    c = Canvas(qtbot, loose_pair())
    item = c.scene.nodes["conv2d_1"]
    start = c.at(item.pos())
    qtbot.mousePress(c.view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(c.view.viewport(), start + QPoint(20 * step, 10 * step))
    qtbot.mouseRelease(c.view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(100, 50))
    assert c.stack.count() == 1
    moved = c.model.spec.node("conv2d_1").pos
    assert moved[0] == pytest.approx(100, abs=2) and moved[1] == pytest.approx(250, abs=2)
    c.stack.undo()
    assert c.model.spec.node("conv2d_1").pos == (0.0, 200.0)
    assert item.pos() == QPointF(0, 200)


def test_rubber_band_selects_several_layers(qtbot):
    c = Canvas(qtbot, make_template("mlp"))
    rect = c.scene.itemsBoundingRect()
    top_left = c.at(rect.topLeft() - QPointF(30, 30))
    bottom = c.at(QPointF(rect.right() + 30, rect.top() + 250))
    qtbot.mousePress(c.view.viewport(), Qt.MouseButton.LeftButton, pos=top_left)
    qtbot.mouseMove(c.view.viewport(), bottom)
    qtbot.mouseRelease(c.view.viewport(), Qt.MouseButton.LeftButton, pos=bottom)
    assert len(c.scene.selected_node_ids()) >= 2
    assert c.stack.count() == 0


def test_an_edit_redraws_only_the_nodes_it_changes(qtbot):
    c = Canvas(qtbot, make_template("resnet18"))
    dense = next(n.id for n in c.model.spec.nodes if n.kind == "Dense")
    before = c.scene.repaints
    from playground.gui.commands import SetParamCommand

    c.stack.push(SetParamCommand(c.model, dense, "activation", "linear"))
    assert c.scene.repaints - before == 1


def test_a_node_with_a_problem_is_marked_and_says_why(qtbot):
    spec = chain([("Input", {"shape": (4, 4, 1)}), ("Conv2D", {"kernel_size": (5, 5), "padding": "valid"})])
    c = Canvas(qtbot, spec)
    state = c.scene.nodes["conv2d_1"].state
    assert state.severity == "error"
    message = c.model.analysis.problems_of("conv2d_1")[0].message
    assert message.split(":")[0][:20] in state.tooltip
    assert c.scene.nodes["conv2d_1"].toolTip() == state.tooltip


def test_copy_and_paste_duplicate_layers_with_their_edges(qtbot):
    c = Canvas(qtbot, chain([("Input", {}), ("Conv2D", {}), ("MaxPooling2D", {})]))
    c.scene.select_nodes(["conv2d_1", "max_pooling2d_1"])
    assert c.ops.copy_selection()
    pasted = c.ops.paste()
    assert len(pasted) == 2 and set(pasted).isdisjoint({"conv2d_1", "max_pooling2d_1"})
    assert (pasted[0], pasted[1]) in {(e.src, e.dst) for e in c.model.spec.edges}
    assert c.scene.selected_node_ids() == pasted
    c.stack.undo()
    assert len(c.model.spec.nodes) == 3


def test_zoom_fit_and_arrange(qtbot):
    c = Canvas(qtbot, make_template("googlenet"))
    c.view.fit_all()
    visible = c.view.mapToScene(c.view.viewport().rect()).boundingRect()
    assert visible.contains(c.scene.itemsBoundingRect().center())
    zoom = c.view.zoom()
    c.view.zoom_in()
    assert c.view.zoom() > zoom
    for item in list(c.scene.nodes.values())[:5]:
        item.setPos(item.pos() + QPointF(333, 0))
    c.scene.commit_moves()
    assert c.ops.arrange()
    c.stack.undo()
    c.stack.undo()
    assert c.model.spec.to_dict() == make_template("googlenet").to_dict()


def test_a_selected_edge_is_disconnected_by_delete_and_restored_by_undo(qtbot):
    c = Canvas(qtbot, make_template("tiny_resnet"))
    before = c.model.spec.to_dict()
    merge = next(n.id for n in c.model.spec.nodes if n.kind == "Add")
    edge = next(e for e in c.model.spec.edges if e.dst == merge)
    c.scene.clearSelection()
    c.scene.edges[edge].setSelected(True)
    assert c.ops.delete_selection()
    assert edge not in c.model.spec.edges and edge not in c.scene.edges
    assert c.model.analysis.problems_of(merge)  # an Add with one input is a problem
    c.stack.undo()
    assert c.model.spec.to_dict() == before and edge in c.scene.edges


def test_ctrl_wheel_zooms_and_plain_wheel_does_not(qtbot):
    from PySide6.QtCore import QPoint as P
    from PySide6.QtGui import QWheelEvent

    c = Canvas(qtbot, make_template("mlp"))

    def wheel(modifiers):
        centre = QPointF(c.view.viewport().rect().center())
        event = QWheelEvent(centre, c.view.mapToGlobal(centre), P(0, 0), P(0, 240), Qt.MouseButton.NoButton,
                            modifiers, Qt.ScrollPhase.NoScrollPhase, False)
        c.view.wheelEvent(event)

    zoom = c.view.zoom()
    wheel(Qt.KeyboardModifier.ControlModifier)
    assert c.view.zoom() > zoom
    zoom = c.view.zoom()
    wheel(Qt.KeyboardModifier.NoModifier)
    assert c.view.zoom() == zoom
