"""Small numpy helpers shared by every source: scaling to 0..1, resizing, label encoding.

Every source hands the rest of the app the same thing (float32 N×H×W×C in 0..1, int64 labels
0..K-1), so the conversions live once, here, instead of in each loader.
"""

from __future__ import annotations

import math

import numpy as np

from playground.data.dataset import DatasetError


def to_unit_range(x: np.ndarray) -> np.ndarray:
    """Scale pixel values to float32 0..1 with the least surprising rule.

    uint8 or values within 0..255 -> divide by 255; already within 0..1 -> unchanged;
    anything else (negative, larger than 255) -> min-max over the whole array.
    """
    x = np.asarray(x)
    if x.size == 0:
        return x.astype(np.float32)
    if x.dtype == np.uint8:
        return x.astype(np.float32) / np.float32(255.0)
    lo, hi = float(np.min(x)), float(np.max(x))
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise DatasetError("Images contain NaN or infinite values.")
    if lo >= 0.0 and hi <= 1.0:
        return x.astype(np.float32)
    if lo >= 0.0 and hi <= 255.0:
        return x.astype(np.float32) / np.float32(255.0)
    span = hi - lo if hi > lo else 1.0
    return ((x.astype(np.float64) - lo) / span).astype(np.float32)


def resize_bilinear(x: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Resize a batch N×H×W×C to N×h×w×C with bilinear interpolation (half-pixel centres).

    Vectorised over the whole batch, so resizing all of `digits` to 28×28 takes milliseconds.
    """
    n, h, w, c = x.shape
    out_h, out_w = int(size[0]), int(size[1])
    if (out_h, out_w) == (h, w):
        return x.astype(np.float32, copy=True)

    def axis(out: int, src: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        pos = (np.arange(out, dtype=np.float64) + 0.5) * (src / out) - 0.5
        pos = np.clip(pos, 0.0, src - 1)
        lo = np.floor(pos).astype(np.int64)
        hi = np.minimum(lo + 1, src - 1)
        return lo, hi, (pos - lo).astype(np.float32)

    y0, y1, fy = axis(out_h, h)
    x0, x1, fx = axis(out_w, w)
    fx = fx[None, None, :, None]
    top = x[:, y0][:, :, x0] * (1 - fx) + x[:, y0][:, :, x1] * fx
    bottom = x[:, y1][:, :, x0] * (1 - fx) + x[:, y1][:, :, x1] * fx
    fy = fy[None, :, None, None]
    return (top * (1 - fy) + bottom * fy).astype(np.float32)


def infer_image_shape(features: int, image_shape: tuple[int, ...] | None = None) -> tuple[int, int, int]:
    """The H×W×C of flat rows of `features` values: given, or guessed from a perfect square."""
    if image_shape is not None:
        shape = tuple(int(d) for d in image_shape)
        if len(shape) == 2:
            shape = (*shape, 1)
        if len(shape) != 3 or math.prod(shape) != features:
            raise DatasetError(
                f"image_shape {tuple(image_shape)} does not hold {features} values per image."
            )
        return shape  # type: ignore[return-value]
    side = math.isqrt(features)
    if side * side == features:
        return (side, side, 1)
    if features % 3 == 0 and math.isqrt(features // 3) ** 2 == features // 3:
        side = math.isqrt(features // 3)
        return (side, side, 3)
    raise DatasetError(
        f"Cannot guess the image shape of {features} values per image (not a perfect square). "
        "Pass image_shape=(height, width) or (height, width, channels)."
    )


def as_nhwc(x: np.ndarray, image_shape: tuple[int, ...] | None = None) -> np.ndarray:
    """Accept N×D, N×H×W or N×H×W×C images and return N×H×W×C."""
    x = np.asarray(x)
    if x.ndim == 2:
        return x.reshape((len(x), *infer_image_shape(x.shape[1], image_shape)))
    if x.ndim == 3:
        return x[..., None]
    if x.ndim == 4:
        if x.shape[-1] not in (1, 3, 4) and x.shape[1] in (1, 3, 4):
            return np.transpose(x, (0, 2, 3, 1))  # channels-first data
        return x
    raise DatasetError(f"Images must be N×D, N×H×W or N×H×W×C. Received: shape={x.shape}")


def encode_labels(y: np.ndarray, class_names: list[str] | None = None) -> tuple[np.ndarray, list[str]]:
    """Map arbitrary labels (ints, strings, one-hot rows) to 0..K-1 plus their names.

    Integer labels that already run 0..K-1 keep their meaning, so label 3 stays class '3';
    anything else (1..10, strings) is numbered in sorted order and named by its value.
    """
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        y = np.argmax(y, axis=1)
    y = y.reshape(-1)
    if np.issubdtype(y.dtype, np.floating) and np.all(np.mod(y, 1) == 0):
        y = y.astype(np.int64)
    if np.issubdtype(y.dtype, np.integer) and len(y) and y.min() >= 0:
        count = int(y.max()) + 1
        if class_names is not None:
            if len(class_names) < count:
                raise DatasetError(f"{len(class_names)} class names for labels up to {count - 1}.")
            return y.astype(np.int64), [str(c) for c in class_names]
        if len(np.unique(y)) == count:  # already 0..K-1
            return y.astype(np.int64), [str(i) for i in range(count)]
    values, index = np.unique(y, return_inverse=True)
    names = [str(v) for v in values] if class_names is None else [str(c) for c in class_names]
    if len(names) != len(values):
        raise DatasetError(f"{len(names)} class names for {len(values)} distinct labels.")
    return index.astype(np.int64), names
