"""Saliency: which pixels, if nudged, would change the class score most.

The simplest honest answer to "where did the network look?" is the gradient of the class
score with respect to the input. Its absolute value, maxed over colour channels, is one
number per pixel; scaled to 0..1 it can be laid over the image as a heat map. The score is
taken before the softmax where possible (see :mod:`playground.insight.scores`) so that a
confident prediction still gives a visible map.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from playground.insight.gradients import value_and_input_gradient
from playground.insight.scores import as_batch, class_scores, predicted_classes


def saliency_map(
    model: Any, sample: np.ndarray, class_index: int | None = None, prefer_logits: bool = True
) -> np.ndarray:
    """(H, W) map in 0..1 for one ``sample`` (H, W, C): ``|d score / d pixel|``, max over C.

    ``class_index`` defaults to the predicted class. The map is divided by its maximum, so 1
    marks the most sensitive pixel; a model that ignores its input gives all zeros.
    """
    import keras

    batch = as_batch(model, sample)
    if len(batch) != 1:
        raise ValueError(f"saliency_map takes one sample. Received: a batch of {len(batch)}")
    scores = class_scores(model, prefer_logits=prefer_logits)
    if class_index is None:
        class_index = int(predicted_classes(model, batch)[0][0])
    if not 0 <= class_index < scores.num_classes:
        raise ValueError(
            f"class_index must be in [0, {scores.num_classes}). Received: class_index={class_index}"
        )

    def score(x: Any) -> Any:
        return keras.ops.sum(scores.fn(x)[:, class_index])

    _, grad = value_and_input_gradient(score, batch)
    sal = np.abs(grad[0])
    if sal.ndim >= 2:  # (H, W, C) or (L, C): the channel axis is last
        sal = sal.max(axis=-1)
    peak = sal.max()
    return (sal / peak if peak > 0 else np.zeros_like(sal)).astype(np.float32)
