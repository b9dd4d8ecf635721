"""One widget that paints one mosaic image, enlarged with nearest neighbour, and names the tile under
the mouse. The live views redraw many times a second, so a redraw is one QImage swap and one
``drawImage`` (no pixmap rescaling, no widget per tile): cheap however many kernels there are.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QRectF, QSize
from PySide6.QtGui import QImage, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from playground.gui.insight_images import framed, to_qimage
from playground.insight.mosaic import Mosaic


class MosaicCanvas(QWidget):
    """Paints a :class:`Mosaic` assembled with ``background=insight_images.FRAME``.

    With ``fit=True`` the image fills the widget (aspect kept, whole-number zoom when it fits,
    so every weight is an equal square); otherwise the widget takes the fixed ``display`` size
    given to :meth:`show_mosaic`, which suits rows in a scroll area.
    """

    def __init__(self, parent: QWidget | None = None, fit: bool = True) -> None:
        super().__init__(parent)
        self.fit = fit
        self.mosaic: Mosaic | None = None
        self.qimage: QImage | None = None  # owns its pixels (to_qimage copies)
        self._display = QSize(0, 0)
        self.setMouseTracking(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        if fit:
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            self.setMinimumSize(120, 120)

    def show_mosaic(self, mosaic: Mosaic | None, display: tuple[int, int] | None = None) -> None:
        """Show ``mosaic`` (None clears); ``display`` = (width, height) in pixels when not fitting."""
        self.mosaic = mosaic
        self.qimage = None if mosaic is None else to_qimage(framed(mosaic.image))
        if not self.fit:
            w, h = display if display is not None else self.image_size()
            self._display = QSize(int(w), int(h))
            self.setFixedSize(self._display)
        self.update()

    def show_image(self, image: np.ndarray | None, display: tuple[int, int] | None = None) -> None:
        """Show a plain (H, W) or (H, W, 3) image in 0..1 (no tiles, no tooltips)."""
        if image is None:
            self.show_mosaic(None, display)
            return
        h, w = image.shape[:2]
        self.show_mosaic(Mosaic(np.asarray(image, dtype=np.float32), 1, 1, (h, w), 0, ("input",)), display)

    def image_size(self) -> tuple[int, int]:
        """(width, height) of the image itself, in image pixels."""
        return (0, 0) if self.qimage is None else (self.qimage.width(), self.qimage.height())

    def target_rect(self) -> QRectF:
        """Where the image is painted inside the widget."""
        iw, ih = self.image_size()
        if iw == 0 or ih == 0:
            return QRectF()
        if not self.fit:
            return QRectF(0, 0, self.width(), self.height())
        zoom = min(self.width() / iw, self.height() / ih)
        if zoom >= 1:
            zoom = math.floor(zoom)
        w, h = iw * zoom, ih * zoom
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def sizeHint(self) -> QSize:  # noqa: N802
        if not self.fit:
            return self._display
        return QSize(320, 320)

    def paintEvent(self, event) -> None:  # noqa: N802
        if self.qimage is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(self.target_rect(), self.qimage)
        painter.end()

    def tile_at(self, x: float, y: float) -> int | None:
        """Index of the tile under widget point (x, y), or None."""
        rect = self.target_rect()
        if self.mosaic is None or rect.isEmpty() or not rect.contains(x, y):
            return None
        iw, ih = self.image_size()
        return self.mosaic.tile_at((y - rect.top()) * ih / rect.height(), (x - rect.left()) * iw / rect.width())

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            index = self.tile_at(e.pos().x(), e.pos().y())
            if index is not None and self.mosaic is not None:
                QToolTip.showText(e.globalPos(), self.mosaic.labels[index], self)
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().event(e)


def fixed_display(mosaic_shape: tuple[int, ...], tile_shape: tuple[int, int], tile_px: int = 40,
                  max_width: int = 460) -> tuple[int, int]:
    """A display size for a mosaic in a column: tiles about ``tile_px`` tall, no wider than
    ``max_width``. Strips one pixel high (a Dense layer's values, a 1-D layer's channels) are
    stretched on their own in each direction, so a 10-value output is not a 56-pixel band."""
    h, w = mosaic_shape[:2]
    th = max(1, tile_shape[0])
    if th == 1:
        zoom_x = max(1, min(tile_px, max_width // max(1, w)))
        zoom_y = max(1, min(24, 240 // max(1, h)))
        return min(max_width, w * zoom_x), h * zoom_y
    zoom = max(1, min(tile_px // th, max_width // max(1, w)))
    dw, dh = w * zoom, h * zoom
    if dw > max_width:  # wider than the column even at 1:1: shrink
        dh, dw = max(1, round(h * max_width / w)), max_width
    return dw, dh
