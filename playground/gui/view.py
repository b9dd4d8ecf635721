"""The canvas view: zoom (Ctrl+wheel, Ctrl +/-), pan (middle drag, wheel), rubber-band select,
fit to view, and drops from the layer palette."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsView

from playground.gui import style

KIND_MIME = "application/x-playground-kind"
MIN_SCALE, MAX_SCALE = 0.08, 3.0


class CanvasView(QGraphicsView):
    kindDropped = Signal(str, QPointF)  # layer kind, scene position

    def __init__(self, scene, parent=None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setAcceptDrops(True)
        self.setBackgroundBrush(style.CANVAS_BG)
        self._pan_from: QPointF | None = None

    # -- zoom and pan --------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        current = self.zoom()
        factor = max(MIN_SCALE / current, min(MAX_SCALE / current, factor))
        self.scale(factor, factor)

    def zoom_in(self) -> None:
        self.zoom_by(1.25)

    def zoom_out(self) -> None:
        self.zoom_by(0.8)

    def fit_all(self) -> None:
        """Show the whole network, never enlarged beyond 100 %."""
        rect = self._network_rect()
        if rect.isEmpty():
            return
        self.resetTransform()
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.0:
            self.resetTransform()
        elif self.zoom() < MIN_SCALE:
            self.zoom_by(MIN_SCALE / self.zoom())
        self.centerOn(rect.center())

    def show_network(self, readable: float = 0.8) -> None:
        """After loading: fit when that stays readable, else a readable zoom at the Input (the top)."""
        self.fit_all()
        rect = self._network_rect()
        if rect.isEmpty() or self.zoom() >= readable:
            return
        self.resetTransform()
        self.scale(readable, readable)
        half_h = self.viewport().height() / (2 * readable)
        self.centerOn(QPointF(rect.center().x(), rect.top() + half_h))

    def _network_rect(self) -> QRectF:
        scene = self.scene()
        rect = scene.itemsBoundingRect() if scene is not None else QRectF()
        return rect.adjusted(-30, -30, 30, 30) if not rect.isEmpty() else rect

    def wheelEvent(self, event) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1.0015 ** event.angleDelta().y())
            event.accept()
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._pan_from is not None and event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        super().drawBackground(painter, rect)
        step = 24.0
        if step * self.zoom() < 10:
            return
        painter.setPen(QPen(style.GRID_DOT, 1.5 / self.zoom()))
        left = int(rect.left() // step) * step
        top = int(rect.top() // step) * step
        points = []
        y = top
        while y < rect.bottom():
            x = left
            while x < rect.right():
                points.append(QPointF(x, y))
                x += step
            y += step
        painter.drawPoints(points)

    # -- drops from the palette ----------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(KIND_MIME):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(KIND_MIME):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(KIND_MIME):
            kind = bytes(event.mimeData().data(KIND_MIME)).decode("utf-8")
            self.kindDropped.emit(kind, self.mapToScene(event.position().toPoint()))
            event.acceptProposedAction()
            return
        super().dropEvent(event)
