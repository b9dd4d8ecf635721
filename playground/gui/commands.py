"""Undo commands: every edit the user makes is one of these, and each touches only the SpecModel.

Undo restores exactly what was there (node order, edge order, parameter values), so undoing a
whole session gives back a spec whose ``to_dict()`` equals the original.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from PySide6.QtGui import QUndoCommand

from playground.gui.spec_model import SpecModel
from playground.network.catalog import get_kind
from playground.network.spec import Edge, NetworkSpec, Node

_SET_PARAM_ID = 1001


class AddCommand(QUndoCommand):
    """Add nodes and edges (a palette drop, an append-and-connect, a paste)."""

    def __init__(self, model: SpecModel, nodes: Iterable[Node], edges: Iterable[Edge] = (),
                 text: str = "Add layer") -> None:
        super().__init__(text)
        self._model = model
        self._nodes = [copy.deepcopy(n) for n in nodes]
        self._edges = list(edges)

    @property
    def node_ids(self) -> list[str]:
        return [n.id for n in self._nodes]

    def redo(self) -> None:
        with self._model.batch():
            for node in self._nodes:
                self._model.insert_node(node)
            for edge in self._edges:
                self._model.insert_edge(edge)

    def undo(self) -> None:
        with self._model.batch():
            for edge in reversed(self._edges):
                self._model.remove_edge(edge)
            for node in reversed(self._nodes):
                self._model.remove_node(node.id)


def new_node(model: SpecModel, kind: str, pos: tuple[float, float], params: dict | None = None) -> Node:
    """A node of ``kind`` with default parameters and a fresh id, not yet in the spec."""
    values = get_kind(kind).defaults()
    values.update(params or {})
    return Node(model.spec.new_id(kind), kind, values, (float(pos[0]), float(pos[1])))


class DeleteCommand(QUndoCommand):
    """Delete edges and nodes; a node goes with its edges and both come back on undo."""

    def __init__(self, model: SpecModel, node_ids: Iterable[str] = (), edges: Iterable[Edge] = (),
                 text: str | None = None) -> None:
        node_ids, edges = list(node_ids), list(edges)
        if text is None:
            what = []
            if node_ids:
                what.append(f"{len(node_ids)} layer{'s' if len(node_ids) != 1 else ''}")
            if edges:
                what.append(f"{len(edges)} connection{'s' if len(edges) != 1 else ''}")
            text = "Delete " + " and ".join(what)
        super().__init__(text)
        self._model = model
        self._node_ids = node_ids
        self._edges = [e for e in edges if not (e.src in node_ids or e.dst in node_ids)]
        self._removed_edges: list[tuple[int, Edge]] = []
        self._removed_nodes: list[tuple[Node, int, list[tuple[int, Edge]]]] = []

    def redo(self) -> None:
        self._removed_edges, self._removed_nodes = [], []
        with self._model.batch():
            for edge in self._edges:
                self._removed_edges.append((self._model.remove_edge(edge), edge))
            for node_id in self._node_ids:
                self._removed_nodes.append(self._model.remove_node(node_id))

    def undo(self) -> None:
        with self._model.batch():
            for node, index, edges in reversed(self._removed_nodes):
                self._model.insert_node(node, index)
                for i, edge in edges:
                    self._model.insert_edge(edge, i)
            for i, edge in reversed(self._removed_edges):
                self._model.insert_edge(edge, i)


class ConnectCommand(QUndoCommand):
    def __init__(self, model: SpecModel, src: str, dst: str) -> None:
        super().__init__(f"Connect {src} → {dst}")
        self._model = model
        self._edge = Edge(src, dst)

    def redo(self) -> None:
        self._model.insert_edge(self._edge)

    def undo(self) -> None:
        self._model.remove_edge(self._edge)


class MoveCommand(QUndoCommand):
    """Move nodes: ``moves`` maps node id -> (old position, new position)."""

    def __init__(self, model: SpecModel, moves: dict[str, tuple[tuple[float, float], tuple[float, float]]],
                 text: str | None = None) -> None:
        n = len(moves)
        super().__init__(text or (f"Move {next(iter(moves))}" if n == 1 else f"Move {n} layers"))
        self._model = model
        self._moves = dict(moves)

    def redo(self) -> None:
        for node_id, (_, new) in self._moves.items():
            self._model.set_pos(node_id, new)

    def undo(self) -> None:
        for node_id, (old, _) in self._moves.items():
            self._model.set_pos(node_id, old)


class SetParamCommand(QUndoCommand):
    """Change one parameter. Consecutive changes of the same parameter merge into one step."""

    def __init__(self, model: SpecModel, node_id: str, name: str, value: Any) -> None:
        super().__init__(f"Set {node_id}.{name}")
        self._model = model
        self.node_id, self.name = node_id, name
        self._old = copy.deepcopy(model.spec.node(node_id).params[name])
        self._new = copy.deepcopy(value)

    def id(self) -> int:
        return _SET_PARAM_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        if not isinstance(other, SetParamCommand) or (other.node_id, other.name) != (self.node_id, self.name):
            return False
        self._new = copy.deepcopy(other._new)
        self.setObsolete(self._new == self._old)
        return True

    def redo(self) -> None:
        self._model.set_param(self.node_id, self.name, copy.deepcopy(self._new))

    def undo(self) -> None:
        self._model.set_param(self.node_id, self.name, copy.deepcopy(self._old))


class ReplaceSpecCommand(QUndoCommand):
    """Swap the whole network (apply a template, auto-restore); the dataset stays."""

    def __init__(self, model: SpecModel, spec: NetworkSpec, text: str = "Apply template") -> None:
        super().__init__(text)
        self._model = model
        self._old = model.spec.copy()
        self._new = spec.copy()

    def redo(self) -> None:
        self._model.reset(self._new.copy(), keep_data=True)

    def undo(self) -> None:
        self._model.reset(self._old.copy(), keep_data=True)


class SetDatasetCommand(QUndoCommand):
    """Choose another dataset: the Input takes its sample shape and the output its class count."""

    def __init__(self, model: SpecModel, dataset: str, input_shape: tuple[int, ...] | None,
                 num_classes: int | None, options: dict | None = None) -> None:
        super().__init__(f"Use dataset {dataset}")
        self._model = model
        self._old = (model.dataset, model.num_classes, model.dataset_options)
        self._new = (dataset, num_classes, dict(options or {}))
        # Python-held sub-steps (Qt child commands would lose their Python side)
        self._steps: list[SetParamCommand] = []
        spec = model.spec
        inputs = spec.input_nodes()
        if input_shape is not None and len(inputs) == 1 and tuple(inputs[0].params.get("shape", ())) != tuple(
            input_shape
        ):
            self._steps.append(SetParamCommand(model, inputs[0].id, "shape", tuple(input_shape)))
        if num_classes is not None:
            for out in spec.output_ids():
                node = spec.node(out)
                if "units" in node.params and node.params["units"] != num_classes:
                    self._steps.append(SetParamCommand(model, out, "units", num_classes))

    def redo(self) -> None:
        with self._model.batch():
            for step in self._steps:
                step.redo()
            self._model.set_data(*self._new)

    def undo(self) -> None:
        with self._model.batch():
            self._model.set_data(*self._old)
            for step in reversed(self._steps):
                step.undo()
