"""The numbers each lesson's check reads: edge responses, kernel orientation, drift, shares.

numpy in, numpy out (Keras only where a model must run), so the same numbers can be shown in
the window and asserted by a test.
"""

from __future__ import annotations

import numpy as np


def stroke_images(angle: float, size: int = 16, count: int = 32, seed: int = 7) -> np.ndarray:
    """``count`` clean strokes at ``angle`` degrees (0: horizontal, 90: vertical), shaped (n, H, W, 1)."""
    from playground.data.synthetic import make_strokes

    data = make_strokes(size=size, samples_per_class=count, noise=0.0, seed=seed, angles=(angle, angle + 1),
                        jitter=0.0)
    x = np.asarray(data.x, dtype=np.float32)[:count]
    return x if x.ndim == 4 else x[..., None]


def mean_abs_response(model, layer: str, images: np.ndarray) -> float:
    """Mean absolute output of ``layer`` over ``images``: how strongly it lights up."""
    import keras

    from playground.insight.feature_maps import activation_model

    out = activation_model(model, [layer], cached=False)(images, training=False)
    out = out[0] if isinstance(out, (list, tuple)) else out
    return float(np.mean(np.abs(keras.ops.convert_to_numpy(out))))


def orientation_coherence(kernel: np.ndarray) -> float:
    """How strongly one 2-D kernel prefers one edge direction: the coherence of its structure
    tensor, 0 for a blob or noise without direction, 1 for a pure oriented edge detector."""
    k = np.asarray(kernel, dtype=np.float64)
    gy, gx = np.gradient(k)
    jxx, jyy, jxy = float(np.sum(gx * gx)), float(np.sum(gy * gy)), float(np.sum(gx * gy))
    total = jxx + jyy
    if total <= 1e-12:
        return 0.0
    return float(np.sqrt((jxx - jyy) ** 2 + 4 * jxy * jxy) / total)


def mean_coherence(kernels: np.ndarray) -> float:
    """Mean orientation coherence over the output channels of a (kh, kw, c_in, c_out) kernel."""
    k = np.asarray(kernels).sum(axis=2)
    return float(np.mean([orientation_coherence(k[:, :, i]) for i in range(k.shape[-1])]))


def relative_drift(before: np.ndarray, after: np.ndarray) -> float:
    """||after - before|| / ||before||: how far training moved a kernel from where it started."""
    before, after = np.asarray(before, np.float64), np.asarray(after, np.float64)
    return float(np.linalg.norm(after - before) / max(np.linalg.norm(before), 1e-12))


def largest_layer(analysis) -> tuple[str, int, float]:
    """(node id, parameters, share of all parameters) of the layer holding the most parameters."""
    node = max(analysis.nodes.values(), key=lambda n: n.params)
    total = max(analysis.total_params, 1)
    return node.id, node.params, node.params / total


def min_epoch(values: list[float]) -> int:
    """Index of the smallest finite value (the best epoch of a loss curve)."""
    finite = [(v, i) for i, v in enumerate(values) if np.isfinite(v)]
    return min(finite)[1] if finite else 0
