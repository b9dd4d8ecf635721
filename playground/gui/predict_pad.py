"""A drawing pad (white ink on black, like MNIST) and the bars that show the top class probabilities."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QImage, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from playground.gui import style
from playground.insight import Prediction

PAD_SIZE = 224
PEN_WIDTH = 18.0
BAR = QColor("#3b73b9")
BAR_TOP = QColor("#2e8b57")


class DrawingPad(QWidget):
    """Draw with the left mouse button; ``changed`` fires after every stroke segment."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(PAD_SIZE, PAD_SIZE)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip("Draw a sample with the mouse (white ink on black, like the training images)")
        self.image = QImage(PAD_SIZE, PAD_SIZE, QImage.Format.Format_Grayscale8)
        self.image.fill(0)
        self._last: QPointF | None = None

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(PAD_SIZE, PAD_SIZE)

    def clear(self) -> None:
        self.image.fill(0)
        self.update()
        self.changed.emit()

    def is_empty(self) -> bool:
        return not self.drawing().any()

    def drawing(self) -> np.ndarray:
        """What is drawn as (H, W) float32 in 0..1, ink bright."""
        stride = self.image.bytesPerLine()
        raw = np.frombuffer(self.image.constBits(), dtype=np.uint8, count=stride * PAD_SIZE)
        return raw.reshape(PAD_SIZE, stride)[:, :PAD_SIZE].astype(np.float32) / 255.0

    def draw_stroke(self, points: Sequence[QPointF | tuple[float, float]]) -> None:
        """Ink a polyline in pad coordinates (what a mouse drag does, usable from code)."""
        pts = [p if isinstance(p, QPointF) else QPointF(*p) for p in points]
        if not pts:
            return
        painter = QPainter(self.image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(255, 255, 255), PEN_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        if len(pts) == 1:
            painter.drawPoint(pts[0])
        for a, b in zip(pts, pts[1:]):
            painter.drawLine(a, b)
        painter.end()
        self.update()
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._last = event.position()
            self.draw_stroke([self._last])

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._last is not None and event.buttons() & Qt.MouseButton.LeftButton:
            here = event.position()
            self.draw_stroke([self._last, here])
            self._last = here

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._last = None

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.drawImage(0, 0, self.image)
        painter.setPen(QColor("#808080"))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        if self.is_empty():
            painter.setPen(QColor("#a0a0a0"))
            text = "draw here" if self.isEnabled() else "drawing is for\ngrey-image models"
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, text)


class ProbabilityBars(QWidget):
    """One labelled bar per class of the top-k, best first."""

    ROW = 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.predictions: list[Prediction] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(200)
        self.setFixedHeight(self.ROW * 5 + 4)

    def set_predictions(self, predictions: Sequence[Prediction]) -> None:
        self.predictions = list(predictions)
        self.setFixedHeight(self.ROW * max(5, len(self.predictions)) + 4)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.predictions:
            painter.setPen(style.TEXT_DIM)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No input yet")
            return
        fm = QFontMetrics(self.font())
        name_w = min(max(fm.horizontalAdvance(p.name) for p in self.predictions) + 10, self.width() * 0.4)
        value_w = fm.horizontalAdvance("100.0%") + 8
        span = max(10.0, self.width() - name_w - value_w - 4)
        for i, p in enumerate(self.predictions):
            y = 2 + i * self.ROW
            painter.setPen(style.TEXT)
            name = fm.elidedText(p.name, Qt.TextElideMode.ElideRight, int(name_w - 6))
            painter.drawText(QRectF(0, y, name_w - 6, self.ROW),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
            painter.fillRect(QRectF(name_w, y + 4, span, self.ROW - 8), QColor("#eeeeee"))
            painter.fillRect(QRectF(name_w, y + 4, span * max(0.0, min(1.0, p.probability)), self.ROW - 8),
                             BAR_TOP if i == 0 else BAR)
            painter.drawText(QRectF(name_w + span + 4, y, value_w, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                             f"{100 * p.probability:.1f}%")
