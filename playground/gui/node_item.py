"""One node on the canvas: a rounded box with its kind, key parameters, output shape and weights.

The item only draws what the scene tells it (``set_state``); it never edits the spec. Dragging
from a port starts a connection gesture that the scene owns.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from playground.gui import style


@dataclass(frozen=True)
class NodeState:
    """Everything a node box shows; the scene compares states to redraw only what changed."""

    title: str
    node_id: str
    params: str
    output: str
    category: str | None
    severity: str | None  # None, "warning" or "error"
    tooltip: str
    has_input_port: bool = True


class NodeItem(QGraphicsItem):
    W = style.NODE_WIDTH
    H = style.NODE_HEIGHT

    def __init__(self, node_id: str) -> None:
        super().__init__()
        self.node_id = node_id
        self.state: NodeState | None = None
        self.drop_target = False
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self._hover_port: str | None = None

    # -- state ---------------------------------------------------------------------------------

    def set_state(self, state: NodeState) -> bool:
        """Show ``state``; returns False (and repaints nothing) when nothing changed."""
        if state == self.state:
            return False
        self.state = state
        self.setToolTip(state.tooltip)
        self.update()
        return True

    # -- geometry ------------------------------------------------------------------------------

    def body(self) -> QRectF:
        return QRectF(-self.W / 2, -self.H / 2, self.W, self.H)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.body().adjusted(-10, -10, 10, 10)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self.body(), 8, 8)
        r = style.PORT_RADIUS + 4
        path.addEllipse(self.output_port_local(), r, r)
        path.addEllipse(self.input_port_local(), r, r)
        return path

    def output_port_local(self) -> QPointF:
        return QPointF(0, self.H / 2)

    def input_port_local(self) -> QPointF:
        return QPointF(0, -self.H / 2)

    def output_port(self) -> QPointF:
        return self.mapToScene(self.output_port_local())

    def input_port(self) -> QPointF:
        return self.mapToScene(self.input_port_local())

    def port_at(self, local: QPointF) -> str | None:
        """'out' or 'in' when ``local`` is on a port (generously), else None."""
        grab = style.PORT_RADIUS + 6
        for name, centre in (("out", self.output_port_local()), ("in", self.input_port_local())):
            if name == "in" and self.state is not None and not self.state.has_input_port:
                continue
            d = local - centre
            if d.x() ** 2 + d.y() ** 2 <= grab**2:
                return name
        return None

    # -- painting ------------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        s = self.state
        if s is None:
            return
        body = self.body()
        fill = style.CATEGORY_FILL.get(s.category or "", style.UNKNOWN_FILL)
        accent = style.CATEGORY_ACCENT.get(s.category or "", style.UNKNOWN_ACCENT)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)

        if self.isSelected() or self.drop_target:
            painter.setPen(QPen(style.SELECTED, 2.5, Qt.PenStyle.SolidLine if self.isSelected() else Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(body.adjusted(-4, -4, 4, 4), 11, 11)

        if s.severity == "error":
            border = QPen(style.ERROR, 2.5)
        elif s.severity == "warning":
            border = QPen(style.WARNING, 2.0)
        else:
            border = QPen(style.BORDER, 1.0)
        painter.setPen(border)
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(body, 8, 8)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawRoundedRect(QRectF(body.left() + 1.5, body.top() + 8, 5, body.height() - 16), 2, 2)

        self._paint_text(painter, body, s)
        self._paint_ports(painter, s)
        if s.severity:
            self._paint_badge(painter, body, s.severity)

    def _paint_text(self, painter: QPainter, body: QRectF, s: NodeState) -> None:
        left = body.left() + 14
        width = body.width() - 24
        title_font = QFont(painter.font())
        title_font.setPointSizeF(10)
        title_font.setBold(True)
        small = QFont(painter.font())
        small.setPointSizeF(8.5)
        tm, sm = QFontMetricsF(title_font), QFontMetricsF(small)

        y = body.top() + 6
        painter.setFont(small)
        painter.setPen(style.TEXT_DIM)
        title_need = tm.horizontalAdvance(s.title) + 10
        id_width = max(min(sm.horizontalAdvance(s.node_id) + 2, width - title_need), width * 0.3)
        painter.drawText(QRectF(left + width - id_width, y + 1, id_width, sm.height()),
                         Qt.AlignmentFlag.AlignRight, sm.elidedText(s.node_id, Qt.TextElideMode.ElideMiddle, id_width))
        painter.setFont(title_font)
        painter.setPen(style.TEXT)
        title_w = width - id_width - 6
        painter.drawText(QRectF(left, y, title_w, tm.height()), Qt.AlignmentFlag.AlignLeft,
                         tm.elidedText(s.title, Qt.TextElideMode.ElideRight, title_w))
        y += tm.height() + 2
        painter.setFont(small)
        painter.drawText(QRectF(left, y, width, sm.height()), Qt.AlignmentFlag.AlignLeft,
                         sm.elidedText(s.params, Qt.TextElideMode.ElideRight, width))
        y += sm.height() + 2
        painter.setPen(style.ERROR if s.output == "→ ?" else style.TEXT_DIM)
        painter.drawText(QRectF(left, y, width, sm.height()), Qt.AlignmentFlag.AlignLeft,
                         sm.elidedText(s.output, Qt.TextElideMode.ElideRight, width))

    def _paint_ports(self, painter: QPainter, s: NodeState) -> None:
        r = style.PORT_RADIUS
        ports = [("out", self.output_port_local())]
        if s.has_input_port:
            ports.append(("in", self.input_port_local()))
        for name, centre in ports:
            hot = self._hover_port == name
            painter.setPen(QPen(style.SELECTED if hot else style.BORDER, 1.5))
            painter.setBrush(style.SELECTED if hot else style.PORT_FILL)
            painter.drawEllipse(centre, r + (1.5 if hot else 0), r + (1.5 if hot else 0))

    def _paint_badge(self, painter: QPainter, body: QRectF, severity: str) -> None:
        centre = QPointF(body.right() - 2, body.top() + 2)
        painter.setPen(QPen(style.PORT_FILL, 1.5))
        painter.setBrush(style.ERROR if severity == "error" else style.WARNING)
        painter.drawEllipse(centre, 9, 9)
        font = QFont(painter.font())
        font.setBold(True)
        font.setPointSizeF(9)
        painter.setFont(font)
        painter.setPen(style.PORT_FILL)
        painter.drawText(QRectF(centre.x() - 9, centre.y() - 9, 18, 18), Qt.AlignmentFlag.AlignCenter, "!")

    # -- interaction ---------------------------------------------------------------------------

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value):  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and self.scene() is not None:
            self.scene().node_item_moved(self)
        return super().itemChange(change, value)

    def hoverMoveEvent(self, event) -> None:  # noqa: N802
        port = self.port_at(event.pos())
        if port != self._hover_port:
            self._hover_port = port
            self.setCursor(Qt.CursorShape.CrossCursor if port else Qt.CursorShape.OpenHandCursor)
            self.update()
        super().hoverMoveEvent(event)

    def hoverLeaveEvent(self, event) -> None:  # noqa: N802
        if self._hover_port:
            self._hover_port = None
            self.update()
        super().hoverLeaveEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        port = self.port_at(event.pos())
        if port and event.button() == Qt.MouseButton.LeftButton and self.scene() is not None:
            self.scene().start_connection(self, port, event.scenePos())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        gesture = self.scene().gesture if self.scene() is not None else None
        if gesture is not None:
            gesture.move(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        scene = self.scene()
        if scene is not None and scene.gesture is not None:
            scene.finish_connection(event.scenePos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
