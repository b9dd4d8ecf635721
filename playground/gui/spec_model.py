"""The spec model: the one NetworkSpec of the open project, behind signals the views listen to.

Only undo commands call its edit methods; the canvas, inspector and panels only read it and
redraw when it says what changed. After every edit that can change the numbers it re-runs the
(pure Python, millisecond) analysis and says so with ``analysisChanged``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, Signal

from playground.data import sample_shape
from playground.engine.analysis import NetworkAnalysis, analyze
from playground.network.spec import Edge, NetworkSpec, Node


class SpecModel(QObject):
    nodeAdded = Signal(str)
    nodeRemoved = Signal(str)
    nodeChanged = Signal(str)  # its parameters changed
    nodeMoved = Signal(str)
    edgeAdded = Signal(object)  # Edge
    edgeRemoved = Signal(object)  # Edge
    modelReset = Signal()  # a whole new spec: views rebuild
    dataChanged = Signal()  # dataset name or class count
    analysisChanged = Signal()

    def __init__(
        self,
        spec: NetworkSpec | None = None,
        dataset: str | None = None,
        num_classes: int | None = None,
        parent: QObject | None = None,
        dataset_options: dict | None = None,
    ) -> None:
        super().__init__(parent)
        self._spec = spec if spec is not None else NetworkSpec()
        self._dataset = dataset
        self._dataset_options = dict(dataset_options or {})
        self._num_classes = num_classes
        self._data_shape = sample_shape(dataset, dataset_options)
        self._batch_depth = 0
        self._stale = False
        self._analysis = self._run_analysis()

    # -- reading -------------------------------------------------------------------------------

    @property
    def spec(self) -> NetworkSpec:
        """The live spec. Read it; change it only through undo commands."""
        return self._spec

    @property
    def analysis(self) -> NetworkAnalysis:
        return self._analysis

    @property
    def dataset(self) -> str | None:
        return self._dataset

    @property
    def dataset_options(self) -> dict:
        """Loader options of the dataset (e.g. digits' size); a copy."""
        return dict(self._dataset_options)

    @property
    def num_classes(self) -> int | None:
        return self._num_classes

    @property
    def data_shape(self) -> tuple[int, ...] | None:
        """One sample's shape (8×8×1 for digits); None when unknown before loading."""
        return self._data_shape

    def node_index(self, node_id: str) -> int:
        for i, n in enumerate(self._spec.nodes):
            if n.id == node_id:
                return i
        raise KeyError(f"No node with id {node_id!r}")

    # -- edits (undo commands only) ------------------------------------------------------------

    def insert_node(self, node: Node, index: int | None = None) -> None:
        if self._spec.has_node(node.id):
            raise ValueError(f"A node with id {node.id!r} already exists")
        node = copy.deepcopy(node)
        if index is None:
            self._spec.nodes.append(node)
        else:
            self._spec.nodes.insert(index, node)
        self.nodeAdded.emit(node.id)
        self._touched()

    def remove_node(self, node_id: str) -> tuple[Node, int, list[tuple[int, Edge]]]:
        """Remove a node and its edges; returns what ``insert_node``/``insert_edge`` need to undo it."""
        index = self.node_index(node_id)
        with self.batch():
            edges = [(i, e) for i, e in enumerate(self._spec.edges) if node_id in (e.src, e.dst)]
            for _, edge in reversed(edges):
                self.remove_edge(edge)
            node = self._spec.nodes.pop(index)
            self.nodeRemoved.emit(node_id)
            self._touched()
        return node, index, edges

    def insert_edge(self, edge: Edge, index: int | None = None) -> None:
        if index is None:
            self._spec.edges.append(edge)
        else:
            self._spec.edges.insert(index, edge)
        self.edgeAdded.emit(edge)
        self._touched()

    def remove_edge(self, edge: Edge) -> int:
        index = self._spec.edges.index(edge)
        del self._spec.edges[index]
        self.edgeRemoved.emit(edge)
        self._touched()
        return index

    def set_param(self, node_id: str, name: str, value: Any) -> None:
        self._spec.node(node_id).params[name] = value
        self.nodeChanged.emit(node_id)
        self._touched()

    def set_pos(self, node_id: str, pos: tuple[float, float]) -> None:
        self._spec.node(node_id).pos = (float(pos[0]), float(pos[1]))
        self.nodeMoved.emit(node_id)  # positions do not change the numbers: no re-analysis

    def set_data(self, dataset: str | None, num_classes: int | None, options: dict | None = None) -> None:
        self._dataset, self._num_classes = dataset, num_classes
        self._dataset_options = dict(options or {})
        self._data_shape = sample_shape(dataset, self._dataset_options)
        self.dataChanged.emit()
        self._touched()

    def reset(self, spec: NetworkSpec, dataset: str | None = None, num_classes: int | None = None,
              keep_data: bool = False, dataset_options: dict | None = None) -> None:
        """Replace the whole spec (a loaded project, an applied template)."""
        self._spec = spec
        if not keep_data:
            self._dataset, self._num_classes = dataset, num_classes
            self._dataset_options = dict(dataset_options or {})
            self._data_shape = sample_shape(dataset, self._dataset_options)
        self.modelReset.emit()
        self.dataChanged.emit()
        self._touched()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Several edits, one analysis at the end."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0 and self._stale:
                self._stale = False
                self._reanalyse()

    # -- analysis ------------------------------------------------------------------------------

    def _touched(self) -> None:
        if self._batch_depth:
            self._stale = True
        else:
            self._reanalyse()

    def _run_analysis(self) -> NetworkAnalysis:
        return analyze(self._spec, num_classes=self._num_classes, data_shape=self._data_shape,
                       dataset=self._dataset)

    def _reanalyse(self) -> None:
        self._analysis = self._run_analysis()
        self.analysisChanged.emit()
