"""The canvas scene: a mirror of the SpecModel, one NodeItem per node and one EdgeItem per edge.

It never edits the spec. What the user does with the mouse comes out as requests
(``connectRequested``, ``nodesMoved``) that the window turns into undo commands.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QGraphicsScene

from playground.gui import node_text
from playground.gui.connect_gesture import ConnectGesture
from playground.gui.edge_item import EdgeItem
from playground.gui.node_item import NodeItem, NodeState
from playground.gui.spec_model import SpecModel
from playground.network.spec import Edge


class NetworkScene(QGraphicsScene):
    connectRequested = Signal(str, str)
    nodesMoved = Signal(object)  # {node_id: (old_pos, new_pos)}

    def __init__(self, model: SpecModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[Edge, EdgeItem] = {}
        self._edges_of: dict[str, set[Edge]] = {}
        self.gesture: ConnectGesture | None = None
        self.repaints = 0  # node items redrawn since start (tests check that edits stay local)
        model.modelReset.connect(self.rebuild)
        model.nodeAdded.connect(self._on_node_added)
        model.nodeRemoved.connect(self._on_node_removed)
        model.nodeMoved.connect(self._on_node_moved)
        model.edgeAdded.connect(self._on_edge_added)
        model.edgeRemoved.connect(self._on_edge_removed)
        model.analysisChanged.connect(self.refresh_states)
        self.rebuild()

    # -- queries -------------------------------------------------------------------------------

    def selected_node_ids(self) -> list[str]:
        """Selected nodes in spec order (so copies and deletes are stable)."""
        chosen = {it.node_id for it in self.selectedItems() if isinstance(it, NodeItem)}
        return [n.id for n in self.model.spec.nodes if n.id in chosen]

    def selected_edges(self) -> list[Edge]:
        return [it.edge for it in self.selectedItems() if isinstance(it, EdgeItem)]

    def select_nodes(self, node_ids) -> None:
        wanted = set(node_ids)
        self.clearSelection()
        for node_id in wanted:
            item = self.nodes.get(node_id)
            if item is not None:
                item.setSelected(True)

    # -- mirroring the model -------------------------------------------------------------------

    def rebuild(self) -> None:
        self.cancel_gesture()
        self.clear()
        self.nodes.clear()
        self.edges.clear()
        self._edges_of.clear()
        for node in self.model.spec.nodes:
            self._on_node_added(node.id, refresh=False)
        for edge in self.model.spec.edges:
            self._on_edge_added(edge)
        self.refresh_states()

    def _on_node_added(self, node_id: str, refresh: bool = True) -> None:
        node = self.model.spec.node(node_id)
        item = NodeItem(node_id)
        item.setPos(QPointF(*node.pos))
        self.nodes[node_id] = item
        self.addItem(item)
        if refresh:
            item.set_state(self.node_state(node_id, self._problem_index()))

    def _on_node_removed(self, node_id: str) -> None:
        item = self.nodes.pop(node_id, None)
        if item is not None:
            if self.gesture is not None and self.gesture.item is item:
                self.cancel_gesture()
            self.removeItem(item)

    def _on_node_moved(self, node_id: str) -> None:
        item = self.nodes.get(node_id)
        if item is not None:
            item.setPos(QPointF(*self.model.spec.node(node_id).pos))

    def _on_edge_added(self, edge: Edge) -> None:
        if edge in self.edges or edge.src not in self.nodes or edge.dst not in self.nodes:
            return  # a duplicate, or an edge to a missing node: the problems list names it
        item = EdgeItem(edge)
        self.edges[edge] = item
        self._edges_of.setdefault(edge.src, set()).add(edge)
        self._edges_of.setdefault(edge.dst, set()).add(edge)
        self.addItem(item)
        self._route(item)

    def _on_edge_removed(self, edge: Edge) -> None:
        if edge in self.model.spec.edges:
            return  # a duplicate of it remains
        item = self.edges.pop(edge, None)
        if item is not None:
            self._edges_of.get(edge.src, set()).discard(edge)
            self._edges_of.get(edge.dst, set()).discard(edge)
            self.removeItem(item)

    def _route(self, item: EdgeItem) -> None:
        src, dst = self.nodes[item.edge.src], self.nodes[item.edge.dst]
        item.update_path(src.output_port(), dst.input_port())

    def node_item_moved(self, item: NodeItem) -> None:
        """Called by a NodeItem while it moves (drag or model): its edges follow."""
        for edge in self._edges_of.get(item.node_id, ()):
            self._route(self.edges[edge])

    # -- node states ---------------------------------------------------------------------------

    def _problem_index(self) -> dict[str, list]:
        index: dict[str, list] = {}
        for p in self.model.analysis.problems:
            if p.node:
                index.setdefault(p.node, []).append(p)
        return index

    def node_state(self, node_id: str, problems: dict[str, list]) -> NodeState:
        node = self.model.spec.node(node_id)
        info = self.model.analysis.nodes.get(node_id)
        mine = problems.get(node_id, [])
        severity = None
        if any(p.severity == "error" for p in mine):
            severity = "error"
        elif mine:
            severity = "warning"
        title = node_text.kind_label(node.kind)
        params = node_text.key_params(node.kind, node.params)
        output = node_text.output_line(info)
        tip = [f"<b>{title}</b> &nbsp; <i>{node_id}</i>", params, output]
        for p in mine:
            colour = "#c62828" if p.severity == "error" else "#b26a00"
            tip.append(f"<span style='color:{colour}'>{node_text.mark(p.severity)} {html.escape(p.message)}</span>")
        tip.append("<small>Drag from the bottom dot to another layer to connect.</small>")
        return NodeState(
            title=title,
            node_id=node_id,
            params=params,
            output=output,
            category=node_text.category_of(node.kind),
            severity=severity,
            tooltip="<p style='white-space:pre-wrap'>" + "<br>".join(tip) + "</p>",
            has_input_port=node.kind != "Input",
        )

    def refresh_states(self) -> None:
        """After an analysis: redraw only the node items whose text or marks changed."""
        problems = self._problem_index()
        for node_id, item in self.nodes.items():
            if item.set_state(self.node_state(node_id, problems)):
                self.repaints += 1

    # -- gestures ------------------------------------------------------------------------------

    def start_connection(self, item: NodeItem, port: str, at: QPointF) -> None:
        self.cancel_gesture()
        self.gesture = ConnectGesture(self, item, port, at)

    def finish_connection(self, at: QPointF) -> None:
        gesture, self.gesture = self.gesture, None
        if gesture is None:
            return
        pair = gesture.finish(at)
        if pair is not None:
            self.connectRequested.emit(*pair)

    def cancel_gesture(self) -> None:
        gesture, self.gesture = self.gesture, None
        if gesture is not None:
            gesture.cancel()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.gesture is not None:
            self.cancel_gesture()
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        self.commit_moves()

    def commit_moves(self) -> None:
        """Items the user dragged away from their spec position become one MoveCommand."""
        moves = {}
        for node in self.model.spec.nodes:
            item = self.nodes.get(node.id)
            if item is None:
                continue
            new = (item.pos().x(), item.pos().y())
            if abs(new[0] - node.pos[0]) > 0.01 or abs(new[1] - node.pos[1]) > 0.01:
                moves[node.id] = (tuple(node.pos), new)
        if moves:
            self.nodesMoved.emit(moves)
