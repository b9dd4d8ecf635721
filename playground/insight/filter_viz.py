"""Filter visualisation: the image a kernel would like to see, found by gradient ascent.

Showing a deep kernel's weights says little (they act on feature maps, not pixels). Instead,
start from a faint random image and keep changing the IMAGE, never the weights, in the
direction that raises the mean activation of one channel. What emerges is the pattern that
channel responds to.

Each step moves every pixel by ``step_size`` times the gradient divided by its RMS, so the
step size does not depend on how large the raw gradient happens to be. Optional jitter
(shifting the image a few pixels before each step) and an occasional light blur keep the
result from turning into high-frequency noise that only this exact pixel grid excites.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from playground.insight.gradients import value_and_input_gradient
from playground.insight.scores import layer_function


@dataclass
class FilterVisualization:
    """One optimised image and how strongly the channel responded before and after.

    ``image`` is (H, W, C) in 0..1 and is exactly what produced ``activation_after`` (after
    mapping 0..1 back to the model's ``value_range``). ``history`` holds the activation
    before every step.
    """

    layer_name: str
    channel: int
    image: np.ndarray
    activation_before: float
    activation_after: float
    history: list[float] = field(default_factory=list)

    @property
    def gain(self) -> float:
        return self.activation_after - self.activation_before


def visualize_filter(
    model: Any,
    layer_name: str,
    channel: int,
    steps: int = 40,
    step_size: float = 0.05,
    seed: int = 0,
    jitter: int = 0,
    blur_every: int = 0,
    blur_sigma: float = 0.5,
    init_noise: float = 0.1,
    value_range: tuple[float, float] = (0.0, 1.0),
    revive_dead: bool = True,
) -> FilterVisualization:
    """Gradient ascent on the input so that channel ``channel`` of ``layer_name`` fires most.

    The image starts as mid-grey plus uniform noise of width ``init_noise`` (seeded by
    ``seed``), lives in 0..1 and is clipped there after every step; ``value_range`` is what
    0..1 means to the model (e.g. (0, 255) for a model that starts with a Rescaling layer).
    ``jitter`` > 0 shifts the image by up to that many pixels before each step;
    ``blur_every`` > 0 blurs it (Gaussian, ``blur_sigma`` pixels) every that many steps.

    ``revive_dead``: behind a ReLU, a channel that is silent (all zero) on the image has no
    gradient at all and would never move. While that is so, the ascent instead climbs the
    channel's strongest response BEFORE the layer's activation function, until one position
    fires; from then on it climbs the real mean activation again. Reported activations are
    always the layer's real output.
    """
    return visualize_filters(
        model, layer_name, [channel], steps, step_size, seed, jitter, blur_every, blur_sigma,
        init_noise, value_range, revive_dead,
    )[0]


def visualize_filters(
    model: Any,
    layer_name: str,
    channels: Sequence[int] | None = None,
    steps: int = 40,
    step_size: float = 0.05,
    seed: int = 0,
    jitter: int = 0,
    blur_every: int = 0,
    blur_sigma: float = 0.5,
    init_noise: float = 0.1,
    value_range: tuple[float, float] = (0.0, 1.0),
    revive_dead: bool = True,
) -> list[FilterVisualization]:
    """:func:`visualize_filter` for several channels at once (one batch, one gradient per step).

    ``channels`` defaults to every channel of the layer.
    """
    import keras

    if len(model.inputs) != 1:
        raise ValueError(f"Filter visualisation needs a one-input model. Received: {len(model.inputs)} inputs")
    input_shape = tuple(model.inputs[0].shape[1:])
    if any(d is None for d in input_shape):
        raise ValueError(f"Filter visualisation needs a fixed input size. Received: shape={input_shape}")
    layer = model.get_layer(layer_name)
    width = int(layer.output.shape[-1])
    picked = list(range(width)) if channels is None else [int(c) for c in channels]
    bad = [c for c in picked if not 0 <= c < width]
    if bad:
        raise ValueError(f"Layer {layer_name!r} has channels 0..{width - 1}. Received: channels={bad}")
    if steps < 0 or step_size <= 0:
        raise ValueError(f"Expected steps >= 0 and step_size > 0. Received: steps={steps}, step_size={step_size}")

    sub = layer_function(model, layer_name)
    wake = layer_function(model, layer_name, before_activation=True) if revive_dead else None
    n = len(picked)
    # one-hot (n, width): sample i is scored by its own channel only
    select = keras.ops.convert_to_tensor(np.eye(width, dtype=np.float32)[picked])
    low, high = value_range
    spatial_axes = tuple(range(1, len(layer.output.shape) - 1))

    def mean_activation(x: Any) -> Any:
        out = sub(x * (high - low) + low)
        mean = keras.ops.mean(out, axis=spatial_axes) if spatial_axes else out  # (n, width)
        return keras.ops.sum(mean * select)

    def strongest_response(x: Any) -> Any:
        out = wake(x * (high - low) + low)
        peak = keras.ops.max(out, axis=spatial_axes) if spatial_axes else out
        return keras.ops.sum(peak * select)

    def per_sample(images: np.ndarray) -> np.ndarray:
        out = keras.ops.convert_to_numpy(sub(images * (high - low) + low))
        mean = out.mean(axis=spatial_axes) if spatial_axes else out
        return mean[np.arange(n), picked]

    rng = np.random.default_rng(seed)
    images = (0.5 + init_noise * (rng.random((n, *input_shape)) - 0.5)).astype(np.float32)
    before = per_sample(images)
    history: list[np.ndarray] = []
    axes = tuple(range(1, len(input_shape)))  # image axes (H, W) or (L,)
    for step in range(steps):
        history.append(per_sample(images) if step else before)
        shift = tuple(int(s) for s in rng.integers(-jitter, jitter + 1, size=len(axes))) if jitter else ()
        shifted = np.roll(images, shift, axis=axes) if shift else images
        _, grad = value_and_input_gradient(mean_activation, shifted)
        dead = ~np.any(grad != 0, axis=tuple(range(1, grad.ndim)))
        if wake is not None and dead.any():
            _, wake_grad = value_and_input_gradient(strongest_response, shifted)
            grad[dead] = wake_grad[dead]
        if shift:
            grad = np.roll(grad, tuple(-s for s in shift), axis=axes)
        rms = np.sqrt(np.mean(grad**2, axis=tuple(range(1, grad.ndim)), keepdims=True))
        grad = np.divide(grad, rms, out=np.zeros_like(grad), where=rms > 0)
        images = np.clip(images + step_size * grad, 0.0, 1.0)
        if blur_every and (step + 1) % blur_every == 0:
            images = gaussian_blur(images, blur_sigma, axes=axes)
    after = per_sample(images)
    return [
        FilterVisualization(
            layer_name, c, images[i], float(before[i]), float(after[i]), [float(h[i]) for h in history]
        )
        for i, c in enumerate(picked)
    ]


def gaussian_blur(images: np.ndarray, sigma: float, axes: Sequence[int]) -> np.ndarray:
    """Separable Gaussian blur along ``axes`` with edge padding (small sigma, numpy only)."""
    if sigma <= 0:
        return images
    radius = max(1, int(np.ceil(2 * sigma)))
    offsets = np.arange(-radius, radius + 1)
    weights = np.exp(-(offsets**2) / (2 * sigma**2))
    weights /= weights.sum()
    out = np.asarray(images, dtype=np.float32)
    for axis in axes:
        pad = [(0, 0)] * out.ndim
        pad[axis] = (radius, radius)
        padded = np.pad(out, pad, mode="edge")
        length = out.shape[axis]
        out = sum(
            w * np.take(padded, np.arange(i, i + length), axis=axis) for i, w in enumerate(weights)
        ).astype(np.float32)
    return out
