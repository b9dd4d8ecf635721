"""numpy images (floats in 0..1) to QImage/QPixmap, and the heat overlay the saliency view uses.

Every insight picture reaches Qt through here, so the conversions (grey vs RGB, owning the
pixel memory, crisp nearest-neighbour enlargement of 8x8 inputs) are decided once.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap

FRAME = -1.0  # background value for mosaics whose padding framed() paints in FRAME_RGB
FRAME_RGB = (0.55, 0.68, 0.85)


def to_qimage(image: np.ndarray) -> QImage:
    """(H, W), (H, W, 1) or (H, W, 3) floats in 0..1 as a QImage that owns its pixels."""
    a = np.asarray(image, dtype=np.float32)
    if a.ndim == 3 and a.shape[-1] == 1:
        a = a[..., 0]
    if a.ndim not in (2, 3) or (a.ndim == 3 and a.shape[-1] != 3):
        raise ValueError(f"An image must be (H, W), (H, W, 1) or (H, W, 3). Received: shape={a.shape}")
    pixels = np.ascontiguousarray(np.clip(np.nan_to_num(a), 0.0, 1.0) * 255.0 + 0.5, dtype=np.float32)
    pixels = pixels.astype(np.uint8)
    h, w = pixels.shape[:2]
    if pixels.ndim == 2:
        qimage = QImage(pixels.data, w, h, w, QImage.Format.Format_Grayscale8)
    else:
        qimage = QImage(pixels.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    return qimage.copy()  # detach from the numpy buffer, which dies with this frame


def to_pixmap(image: np.ndarray, size: int) -> QPixmap:
    """The image enlarged (nearest neighbour, aspect kept) so its longer side is ``size`` pixels."""
    qimage = to_qimage(image)
    mode = Qt.TransformationMode.FastTransformation
    return QPixmap.fromImage(qimage.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, mode))


def as_rgb(image: np.ndarray) -> np.ndarray:
    """(H, W, 3) float copy of a grey or colour image."""
    a = np.asarray(image, dtype=np.float32)
    if a.ndim == 3 and a.shape[-1] == 1:
        a = a[..., 0]
    return np.repeat(a[..., None], 3, axis=-1) if a.ndim == 2 else a.copy()


def hot(values: np.ndarray) -> np.ndarray:
    """A black-red-yellow-white colour ramp for (H, W) values in 0..1, as (H, W, 3)."""
    v = np.clip(np.asarray(values, dtype=np.float32), 0.0, 1.0)
    return np.stack([np.clip(3 * v, 0, 1), np.clip(3 * v - 1, 0, 1), np.clip(3 * v - 2, 0, 1)], axis=-1)


def heat_overlay(image: np.ndarray, heat: np.ndarray, strength: float = 0.75) -> np.ndarray:
    """``heat`` (H, W, 0..1) laid over a dimmed ``image``: hot pixels are where the model looked."""
    base = as_rgb(image) * 0.6
    alpha = np.clip(np.asarray(heat, dtype=np.float32), 0.0, 1.0)[..., None] * strength
    return np.clip(base * (1 - alpha) + hot(heat) * alpha, 0.0, 1.0)


def framed(mosaic_image: np.ndarray) -> np.ndarray:
    """A grey mosaic assembled with ``background=FRAME`` as RGB with blue-grey padding, so that
    tile borders never look like white (strong) or black (silent) pixels."""
    a = np.asarray(mosaic_image, dtype=np.float32)
    if a.ndim == 3:
        a = a[..., 0] if a.shape[-1] == 1 else a
    pad = (a == FRAME) if a.ndim == 2 else np.all(a == FRAME, axis=-1)
    rgb = as_rgb(np.clip(a, 0.0, 1.0))
    rgb[pad] = FRAME_RGB
    return rgb
