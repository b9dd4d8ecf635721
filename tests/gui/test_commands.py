"""Every kind of edit is an undo command on the SpecModel; undoing gives back the identical spec."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QUndoStack  # noqa: E402

from playground.gui.commands import (  # noqa: E402
    AddCommand,
    ConnectCommand,
    DeleteCommand,
    MoveCommand,
    ReplaceSpecCommand,
    SetDatasetCommand,
    SetParamCommand,
    new_node,
)
from playground.gui.spec_model import SpecModel  # noqa: E402
from playground.network.spec import Edge, chain  # noqa: E402
from playground.network.templates import make_template  # noqa: E402


def small_model() -> SpecModel:
    spec = chain([("Input", {"shape": (28, 28, 1)}), ("Conv2D", {"filters": 8}), ("Flatten", {}),
                  ("Dense", {"units": 10, "activation": "softmax"})])
    return SpecModel(spec, "digits", 10, dataset_options={"size": 28})


def undo_all_redo_all(model: SpecModel, stack: QUndoStack, before: dict) -> None:
    after = model.spec.to_dict()
    while stack.canUndo():
        stack.undo()
    assert model.spec.to_dict() == before
    while stack.canRedo():
        stack.redo()
    assert model.spec.to_dict() == after


def test_add_connect_move_param_delete_round_trip(qapp):
    model, stack = small_model(), QUndoStack()
    before = model.spec.to_dict()
    node = new_node(model, "Dropout", (0, 500))
    stack.push(AddCommand(model, [node]))
    stack.push(ConnectCommand(model, "flatten_1", node.id))
    stack.push(MoveCommand(model, {node.id: ((0.0, 500.0), (40.0, 520.0))}))
    stack.push(SetParamCommand(model, "conv2d_1", "filters", 32))
    stack.push(DeleteCommand(model, ["flatten_1"]))
    assert not model.spec.has_node("flatten_1")
    assert all("flatten_1" not in (e.src, e.dst) for e in model.spec.edges)
    undo_all_redo_all(model, stack, before)


def test_delete_restores_node_order_and_merge_edge_order(qapp):
    model = SpecModel(make_template("tiny_resnet"), "shapes", 10)
    stack = QUndoStack()
    before = model.spec.to_dict()
    merge = next(n.id for n in model.spec.nodes if n.kind == "Add")
    first_input = model.spec.inputs_of(merge)[0]
    edge = Edge(model.spec.inputs_of(merge)[1], merge)
    stack.push(DeleteCommand(model, [first_input, model.spec.nodes[2].id], [edge]))
    undo_all_redo_all(model, stack, before)


def test_param_edits_of_one_parameter_merge_into_one_step(qapp):
    model, stack = small_model(), QUndoStack()
    for filters in (9, 10, 11):
        stack.push(SetParamCommand(model, "conv2d_1", "filters", filters))
    assert stack.count() == 1
    stack.undo()
    assert model.spec.node("conv2d_1").params["filters"] == 8


def test_replace_spec_and_dataset_are_undoable(qapp):
    model, stack = small_model(), QUndoStack()
    before = model.spec.to_dict()
    stack.push(ReplaceSpecCommand(model, make_template("lenet5")))
    assert model.spec.to_dict() != before
    stack.push(SetDatasetCommand(model, "shapes", (28, 28, 3), 5))
    assert model.dataset == "shapes" and model.num_classes == 5
    assert model.spec.input_nodes()[0].params["shape"] == (28, 28, 3)
    out = model.spec.node(model.spec.output_ids()[0])
    assert out.params["units"] == 5
    stack.undo()
    assert (model.dataset, model.num_classes) == ("digits", 10)
    stack.redo()
    undo_all_redo_all(model, stack, before)


def test_model_reanalyses_after_each_edit(qapp):
    model, stack = small_model(), QUndoStack()
    assert model.analysis.ok
    seen = []
    model.analysisChanged.connect(lambda: seen.append(model.analysis.total_params))
    stack.push(SetParamCommand(model, "conv2d_1", "filters", 16))
    assert seen and seen[-1] == model.analysis.total_params
    stack.push(SetParamCommand(model, "dense_1", "units", 3))
    assert not model.analysis.ok  # the data has 10 classes
    stack.undo()
    assert model.analysis.ok


def test_a_batch_of_edits_analyses_once(qapp):
    model = SpecModel(make_template("resnet18"), None, None)
    stack = QUndoStack()
    count = []
    model.analysisChanged.connect(lambda: count.append(1))
    stack.push(DeleteCommand(model, [n.id for n in model.spec.nodes[5:25]]))
    assert len(count) == 1
