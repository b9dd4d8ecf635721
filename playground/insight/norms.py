"""Weight and gradient norms per layer, over training: the numbers behind "vanishing gradients".

When gradients shrink on their way back through a deep network, the first layers barely
learn. A plot of each layer's gradient norm per step shows it; one number summarises it: the
first layer's norm divided by the last layer's (far below 1 means the early layers starve).
Everything here is arrays in, series out: the training thread sends plain floats per step
and these helpers turn that history into one series per layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np


def l2_norm(arrays: Iterable[np.ndarray]) -> float:
    """Global L2 norm of several arrays together (e.g. a layer's kernel and bias)."""
    total = 0.0
    for a in arrays:
        a = np.asarray(a, dtype=np.float64)
        total += float(np.sum(a * a))
    return float(np.sqrt(total))


def layer_norms(arrays_by_layer: Mapping[str, Sequence[np.ndarray]]) -> dict[str, float]:
    """``{layer: L2 norm of its arrays}``; layers without arrays are left out."""
    return {name: l2_norm(arrays) for name, arrays in arrays_by_layer.items() if len(arrays)}


def model_layer_weights(model: Any, kernels_only: bool = True) -> dict[str, list[np.ndarray]]:
    """Copies of each layer's trainable weights, by layer name, in model order.

    With ``kernels_only`` only variables named ``kernel`` (or ``*_kernel``) are kept, so
    biases and batch-norm scales do not blur the picture of how a layer's weights grow.
    """
    import keras

    out: dict[str, list[np.ndarray]] = {}
    for layer in model.layers:
        arrays = [
            np.array(keras.ops.convert_to_numpy(v))
            for v in layer.trainable_weights
            if not kernels_only or _leaf_name(v).endswith("kernel")
        ]
        if arrays:
            out[layer.name] = arrays
    return out


def weight_norms(model: Any, kernels_only: bool = True) -> dict[str, float]:
    """L2 norm of each layer's weights now: ``layer_norms(model_layer_weights(model))``."""
    return layer_norms(model_layer_weights(model, kernels_only))


def norm_series(
    history: Sequence[Mapping[str, float]], layer_names: Sequence[str] | None = None
) -> dict[str, np.ndarray]:
    """One float array per layer from a list of per-step ``{layer: norm}`` snapshots.

    Layer order follows ``layer_names`` or first appearance; a step without a layer gives NaN
    there, so all series have ``len(history)`` points and line up with the steps.
    """
    if layer_names is None:
        seen: dict[str, None] = {}
        for snapshot in history:
            seen.update(dict.fromkeys(snapshot))
        layer_names = list(seen)
    return {
        name: np.array([float(s.get(name, np.nan)) for s in history], dtype=np.float64)
        for name in layer_names
    }


class NormHistory:
    """Collects ``{layer: norm}`` per step (plain floats, safe to fill from events)."""

    def __init__(self) -> None:
        self.steps: list[int] = []
        self.snapshots: list[dict[str, float]] = []

    def record(self, step: int, norms: Mapping[str, float]) -> None:
        self.steps.append(int(step))
        self.snapshots.append({k: float(v) for k, v in norms.items()})

    def __len__(self) -> int:
        return len(self.steps)

    def series(self, layer_names: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        """:func:`norm_series` of what was recorded."""
        return norm_series(self.snapshots, layer_names)

    def steps_array(self) -> np.ndarray:
        return np.asarray(self.steps, dtype=np.int64)


def vanishing_gradient_ratio(
    first_layer_norms: np.ndarray | float, last_layer_norms: np.ndarray | float
) -> np.ndarray | float:
    """first / last gradient norm, per step; NaN where the last norm is 0 (no warning).

    Around 1: gradients reach the first layer intact. Far below 1 (say under 0.01): they
    vanish on the way back. Far above 1: they explode. A scalar in gives a float out.
    """
    first = np.asarray(first_layer_norms, dtype=np.float64)
    last = np.asarray(last_layer_norms, dtype=np.float64)
    first, last = np.broadcast_arrays(first, last)
    out = np.full(first.shape, np.nan)
    np.divide(first, last, out=out, where=last != 0)
    return float(out) if out.ndim == 0 else out


def _leaf_name(variable: Any) -> str:
    name = getattr(variable, "name", "") or ""
    return name.rsplit("/", 1)[-1].split(":")[0]
