"""Getting a learner's own picture or drawing into the model, and reading the answer.

A trained MNIST model sees white digits, centred by mass in a 28x28 box, values 0..1. A
photo or a mouse drawing is none of that, and a model fed the wrong format gives confident
nonsense that looks like the model's fault. :func:`prepare_image` and :func:`pad_to_input`
do the conversion the training data went through (size, channels, scale, and for drawings
MNIST's centring), and :func:`top_k` turns probabilities into "cat 91%, dog 6%, ...".
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

# ITU-R 601 luma, the weights PIL uses for "L".
_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)


class Prediction(NamedTuple):
    index: int
    name: str
    probability: float


def top_k(probs: np.ndarray, class_names: Sequence[str] | None = None, k: int = 3) -> list[Prediction]:
    """The ``k`` most probable classes, best first; unnamed classes are called by their number."""
    probs = np.asarray(probs, dtype=np.float64)
    if probs.ndim == 2 and probs.shape[0] == 1:
        probs = probs[0]
    if probs.ndim != 1:
        raise ValueError(f"top_k takes the probabilities of one sample. Received: shape={probs.shape}")
    if class_names is not None and len(class_names) != len(probs):
        raise ValueError(f"Got {len(class_names)} class names for {len(probs)} classes")
    order = np.argsort(-probs, kind="stable")[: max(0, k)]
    names = class_names if class_names is not None else [str(i) for i in range(len(probs))]
    return [Prediction(int(i), str(names[i]), float(probs[i])) for i in order]


def prepare_image(
    image: np.ndarray | str | Path | Any,
    input_shape: Sequence[int | None],
    invert: bool = False,
) -> np.ndarray:
    """A (1, H, W, C) float32 batch in 0..1 from an image array, PIL image or file path.

    ``input_shape`` is the model's (H, W, C) (a leading batch ``None`` is allowed). The image
    is resized to (H, W) with PIL (bilinear, anti-aliased; the aspect ratio is not kept),
    converted to grey (luma) or RGB as C asks, and scaled: uint8 and floats above 1 are
    divided by 255. Transparent pixels are laid over white. ``invert`` turns dark-on-light
    (a pen on paper) into light-on-dark (MNIST). A file that cannot be read raises ValueError.
    """
    h, w, c = _target(input_shape)
    pixels = _read(image)  # (h0, w0, 1 | 3) float32 in 0..1
    pixels = _resize(pixels, h, w)
    pixels = _channels(pixels, c)
    if invert:
        pixels = 1.0 - pixels
    return np.clip(pixels, 0.0, 1.0)[None].astype(np.float32)


def pad_to_input(
    drawing: np.ndarray,
    input_shape: Sequence[int | None],
    box_fraction: float = 20 / 28,
    threshold: float = 0.05,
    invert: bool = False,
) -> np.ndarray:
    """A (1, H, W, C) batch from a drawing pad, centred the way MNIST digits are.

    ``drawing`` is (H0, W0) in 0..1, ink bright on dark (``invert`` for the opposite). MNIST's
    recipe: crop to the ink, scale it so its longer side fills ``box_fraction`` of the input
    (20 of 28 pixels) keeping its aspect ratio, then place it so its centre of mass sits in
    the middle. An empty drawing gives an all-zero input.
    """
    h, w, c = _target(input_shape)
    ink = np.asarray(drawing, dtype=np.float32)
    if ink.ndim == 3:  # tolerate (H, W, 1) and colour pads
        ink = ink[..., :3] @ _LUMA if ink.shape[-1] >= 3 else ink[..., 0]
    if ink.ndim != 2:
        raise ValueError(f"A drawing must be (H, W) in 0..1. Received: shape={np.shape(drawing)}")
    ink = np.clip(1.0 - ink if invert else ink, 0.0, 1.0)
    canvas = np.zeros((h, w), dtype=np.float32)
    ys, xs = np.nonzero(ink > threshold)
    if ys.size:
        crop = ink[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]
        fit = box_fraction * min(h, w) / max(crop.shape)
        ch = max(1, min(h, round(crop.shape[0] * fit)))
        cw = max(1, min(w, round(crop.shape[1] * fit)))
        glyph = _resize(crop[..., None], ch, cw)[..., 0]
        total = glyph.sum()
        if total > 0:
            cy = float((glyph.sum(axis=1) * np.arange(ch)).sum() / total)
            cx = float((glyph.sum(axis=0) * np.arange(cw)).sum() / total)
        else:
            cy, cx = (ch - 1) / 2, (cw - 1) / 2
        top = int(np.clip(round((h - 1) / 2 - cy), 0, h - ch))
        left = int(np.clip(round((w - 1) / 2 - cx), 0, w - cw))
        canvas[top: top + ch, left: left + cw] = glyph
    return _channels(np.clip(canvas, 0.0, 1.0)[..., None], c)[None].astype(np.float32)


def _target(input_shape: Sequence[int | None]) -> tuple[int, int, int]:
    shape = tuple(input_shape)
    if len(shape) == 4 and shape[0] is None:
        shape = shape[1:]
    if len(shape) != 3 or any(d is None or int(d) < 1 for d in shape):
        raise ValueError(f"input_shape must be a fixed (H, W, C). Received: input_shape={tuple(input_shape)}")
    h, w, c = (int(d) for d in shape)
    if c not in (1, 3):
        raise ValueError(f"Images can fill 1 (grey) or 3 (RGB) channels. Received: C={c}")
    return h, w, c


def _read(image: Any) -> np.ndarray:
    from PIL import Image, UnidentifiedImageError

    if isinstance(image, (str, Path)):
        path = Path(image)
        try:
            with Image.open(path) as opened:
                opened.load()
                image = opened.copy()
        except FileNotFoundError as exc:
            raise ValueError(f"No image file at {path}") from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ValueError(f"Cannot read {path.name} as an image ({exc})") from exc
    if isinstance(image, Image.Image):
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            rgba = image.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            image = Image.alpha_composite(white, rgba).convert("RGB")
        elif image.mode not in ("L", "RGB", "F", "I", "I;16"):
            image = image.convert("RGB")
        array = np.asarray(image)
        if image.mode in ("I", "I;16"):
            array = array.astype(np.float32) / (65535.0 if array.max() > 255 else 255.0)
        return _as_float(array)
    return _as_float(np.asarray(image))


def _as_float(array: np.ndarray) -> np.ndarray:
    """(h, w, 1|3) float32 in 0..1 from an (h, w[, 1|3|4]) array of uint8 or floats."""
    if array.ndim == 2:
        array = array[..., None]
    if array.ndim != 3 or array.shape[-1] not in (1, 3, 4) or min(array.shape[:2]) < 1:
        raise ValueError(f"An image must be (H, W), (H, W, 1), (H, W, 3) or (H, W, 4). Received: shape={array.shape}")
    if array.dtype == np.bool_:
        array = array.astype(np.float32)
    elif np.issubdtype(array.dtype, np.integer):
        array = array.astype(np.float32) / (255.0 if array.max(initial=0) <= 255 else 65535.0)
    else:
        array = array.astype(np.float32)
        if np.nanmax(array) > 1.0:
            array = array / 255.0
    if array.shape[-1] == 4:  # RGBA array: over white
        alpha = array[..., 3:]
        array = array[..., :3] * alpha + (1.0 - alpha)
    return np.clip(np.nan_to_num(array), 0.0, 1.0)


def _resize(pixels: np.ndarray, h: int, w: int) -> np.ndarray:
    """Bilinear, anti-aliased resize of (h0, w0, c) floats with PIL's float ("F") images."""
    from PIL import Image

    if pixels.shape[:2] == (h, w):
        return pixels
    channels = [
        np.asarray(Image.fromarray(np.ascontiguousarray(pixels[..., i])).resize((w, h), Image.Resampling.BILINEAR))
        for i in range(pixels.shape[-1])
    ]
    return np.stack(channels, axis=-1).astype(np.float32)


def _channels(pixels: np.ndarray, c: int) -> np.ndarray:
    if pixels.shape[-1] == c:
        return pixels
    if c == 1:
        return (pixels @ _LUMA)[..., None]
    return np.repeat(pixels, 3, axis=-1)
