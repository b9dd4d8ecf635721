"""Adversarial examples with the fast gradient sign method (FGSM).

A lesson on how brittle a classifier is: move every pixel by the same tiny amount epsilon, up
or down, whichever raises the loss of the true label (the sign of the input gradient), and a
confident prediction can flip although the change is too small to see. The loss is taken on
the pre-softmax scores where possible, whose gradient does not vanish for a confident model
(see :mod:`playground.insight.scores`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from playground.insight.gradients import value_and_input_gradient
from playground.insight.scores import as_batch, class_scores, forward, predicted_classes

DEFAULT_EPSILONS: tuple[float, ...] = (
    0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3,
)


def loss_gradient_sign(model: Any, sample: np.ndarray, label: int) -> np.ndarray:
    """Sign of d(cross-entropy of ``label``)/d(input) for one sample, shaped like ``sample``."""
    import keras

    sample = np.asarray(sample, dtype=np.float32)
    batch = as_batch(model, sample)
    scores = class_scores(model)
    if not 0 <= int(label) < scores.num_classes:
        raise ValueError(f"label must be in [0, {scores.num_classes}). Received: label={label}")
    label = int(label)

    def loss(x: Any) -> Any:
        s = scores.fn(x)
        if scores.logits:
            return keras.ops.sum(keras.ops.logsumexp(s, axis=-1) - s[:, label])
        return -keras.ops.sum(keras.ops.log(keras.ops.clip(s[:, label], 1e-12, 1.0)))

    _, grad = value_and_input_gradient(loss, batch)
    return np.sign(grad).reshape(sample.shape).astype(np.float32)


def fgsm(
    model: Any,
    sample: np.ndarray,
    label: int,
    epsilon: float,
    clip: tuple[float, float] | None = (0.0, 1.0),
) -> np.ndarray:
    """``sample + epsilon * sign(grad loss)``, clipped to ``clip`` (pixel range; None: no clip)."""
    if epsilon < 0:
        raise ValueError(f"epsilon must be >= 0. Received: epsilon={epsilon}")
    sample = np.asarray(sample, dtype=np.float32)
    return _perturb(sample, loss_gradient_sign(model, sample, label), epsilon, clip)


@dataclass(frozen=True)
class FlipResult:
    """What the smallest flipping epsilon did. ``epsilon`` is None when none of them flipped.

    ``pred_after``/``confidence_after``/``perturbed`` belong to the flipping epsilon, or to
    the largest one tried when nothing flipped. Confidence is the model output for the
    predicted class (a probability for a softmax model).
    """

    epsilon: float | None
    pred_before: int
    confidence_before: float
    pred_after: int
    confidence_after: float
    perturbed: np.ndarray

    @property
    def flipped(self) -> bool:
        return self.epsilon is not None

    @property
    def max_pixel_change(self) -> float:
        return float(self.epsilon or 0.0)


def smallest_flipping_epsilon(
    model: Any,
    sample: np.ndarray,
    label: int,
    epsilons: Sequence[float] = DEFAULT_EPSILONS,
    clip: tuple[float, float] | None = (0.0, 1.0),
) -> FlipResult:
    """The smallest of ``epsilons`` whose FGSM image changes the predicted class.

    "Flips" means the prediction differs from the prediction on the clean ``sample`` (not
    from ``label``). The gradient sign is computed once and every epsilon is tried in one
    batched forward pass.
    """
    batch = as_batch(model, sample)
    if len(batch) != 1:
        raise ValueError(f"smallest_flipping_epsilon takes one sample. Received: a batch of {len(batch)}")
    one = batch[0]
    eps = np.sort(np.asarray(list(epsilons), dtype=np.float64))
    if eps.size == 0 or eps[0] < 0:
        raise ValueError(f"epsilons must be a non-empty list of values >= 0. Received: {list(epsilons)}")
    sign = loss_gradient_sign(model, one, label)
    classes, confidences = predicted_classes(model, batch)
    pred_before, conf_before = int(classes[0]), float(confidences[0])
    candidates = np.stack([_perturb(one, sign, float(e), clip) for e in eps])
    preds, confs = predicted_classes(model, candidates)
    flips = np.flatnonzero(preds != pred_before)
    i = int(flips[0]) if flips.size else len(eps) - 1
    return FlipResult(
        float(eps[i]) if flips.size else None,
        pred_before,
        conf_before,
        int(preds[i]),
        float(confs[i]),
        candidates[i],
    )


def class_probabilities(model: Any, sample: np.ndarray) -> np.ndarray:
    """Model output for one sample (probabilities for a softmax model), batch axis removed."""
    return forward(model, as_batch(model, sample))[0]


def _perturb(
    sample: np.ndarray, sign: np.ndarray, epsilon: float, clip: tuple[float, float] | None
) -> np.ndarray:
    out = sample + np.float32(epsilon) * sign
    return np.clip(out, *clip).astype(np.float32) if clip is not None else out.astype(np.float32)
