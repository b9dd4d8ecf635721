"""One edge on the canvas: a curve from the source's output port (bottom) to the target's input port (top)."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from playground.gui import style
from playground.network.spec import Edge


def curve(start: QPointF, end: QPointF) -> QPainterPath:
    """A vertical S-curve that leaves downwards and arrives from above, whatever the positions."""
    dy = max(40.0, abs(end.y() - start.y()) * 0.5, abs(end.x() - start.x()) * 0.25)
    path = QPainterPath(start)
    path.cubicTo(QPointF(start.x(), start.y() + dy), QPointF(end.x(), end.y() - dy), end)
    return path


class EdgeItem(QGraphicsPathItem):
    ARROW = 8.0

    def __init__(self, edge: Edge) -> None:
        super().__init__()
        self.edge = edge
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(-1)
        self.setToolTip(f"{edge.src} → {edge.dst}\nSelect and press Delete to disconnect")
        self._end = QPointF()

    def update_path(self, start: QPointF, end: QPointF) -> None:
        self._end = end
        self.setPath(curve(start, end))

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        return stroker.createStroke(self.path())

    def boundingRect(self):  # noqa: N802
        return super().boundingRect().adjusted(-self.ARROW, -self.ARROW, self.ARROW, self.ARROW)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        colour = style.SELECTED if self.isSelected() else style.EDGE
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, 2.6 if self.isSelected() else 1.8))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
        # arrow head at the input port, pointing along the curve's last tangent
        path = self.path()
        if path.length() < 1:
            return
        angle = math.radians(path.angleAtPercent(1.0))
        tip = self._end - QPointF(0, style.PORT_RADIUS)
        back = QPointF(math.cos(angle), -math.sin(angle))
        side = QPointF(-back.y(), back.x())
        base = tip - back * self.ARROW
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(QPolygonF([tip, base + side * (self.ARROW / 2), base - side * (self.ARROW / 2)]))
