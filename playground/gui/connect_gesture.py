"""The connect gesture: press on a port, drag a rubber curve, release on another node.

From an output port the released-on node becomes the target; from an input port it becomes the
source. Escape, or releasing over empty canvas, cancels and leaves the spec untouched.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene

from playground.gui import style
from playground.gui.edge_item import curve
from playground.gui.node_item import NodeItem


class ConnectGesture:
    def __init__(self, scene: QGraphicsScene, item: NodeItem, port: str, at: QPointF) -> None:
        self.scene = scene
        self.item = item
        self.from_output = port == "out"
        self.target: NodeItem | None = None
        self.rubber = QGraphicsPathItem()
        pen = QPen(style.SELECTED, 2.0, Qt.PenStyle.DashLine)
        self.rubber.setPen(pen)
        self.rubber.setZValue(10)
        scene.addItem(self.rubber)
        self.move(at)

    def _node_at(self, at: QPointF) -> NodeItem | None:
        for it in self.scene.items(at):
            if isinstance(it, NodeItem) and it is not self.item:
                return it
        return None

    def move(self, at: QPointF) -> None:
        target = self._node_at(at)
        if target is not self.target:
            if self.target is not None:
                self.target.drop_target = False
                self.target.update()
            if target is not None:
                target.drop_target = True
                target.update()
            self.target = target
        if self.from_output:
            end = target.input_port() if target is not None else at
            self.rubber.setPath(curve(self.item.output_port(), end))
        else:
            start = target.output_port() if target is not None else at
            self.rubber.setPath(curve(start, self.item.input_port()))

    def finish(self, at: QPointF) -> tuple[str, str] | None:
        """End the gesture; the (src, dst) pair to connect, or None when released on nothing."""
        self.move(at)
        target = self.target
        self.cancel()
        if target is None:
            return None
        if self.from_output:
            return self.item.node_id, target.node_id
        return target.node_id, self.item.node_id

    def cancel(self) -> None:
        if self.target is not None:
            self.target.drop_target = False
            self.target.update()
            self.target = None
        if self.rubber.scene() is not None:
            self.scene.removeItem(self.rubber)
