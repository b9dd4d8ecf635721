"""What the insight tabs look at: one trained model, its data splits, and predictions on them.

Predictions are computed once per (source, split) and kept, so switching tabs or splits and
clicking cells costs nothing. Everything here is numpy; the tabs only draw it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from playground import insight
from playground.insight.confusion import accuracy

SPLIT_LABELS = {"val": "validation", "test": "test", "train": "training"}
BATCH = 256


@dataclass
class SplitPredictions:
    """One split with the model's answers: ``probs`` (n, classes) sum to 1, ``pred`` their argmax."""

    key: str
    x: np.ndarray
    y: np.ndarray
    probs: np.ndarray
    class_names: list[str]

    @cached_property
    def pred(self) -> np.ndarray:
        return self.probs.argmax(axis=1)

    @cached_property
    def confusion(self) -> np.ndarray:
        return insight.confusion_matrix(self.y, self.pred, len(self.class_names))

    @cached_property
    def metrics(self) -> insight.ClassMetrics:
        return insight.per_class_metrics(self.confusion)

    @property
    def accuracy(self) -> float:
        return accuracy(self.confusion)

    def cell(self, true_class: int, pred_class: int) -> np.ndarray:
        """Indices of this cell's examples, most confident first."""
        return insight.examples_in_cell(self.y, self.pred, self.probs, true_class, pred_class)

    def confidence(self, index: int) -> float:
        return float(self.probs[index, self.pred[index]])


def as_probabilities(outputs: np.ndarray) -> np.ndarray:
    """Model outputs as (n, classes) probabilities: one sigmoid unit becomes two columns, logits
    (rows not already a distribution) go through a softmax."""
    out = np.asarray(outputs, dtype=np.float64)
    if out.ndim == 1:
        out = out[:, None]
    if out.shape[1] == 1:
        p = np.clip(out[:, 0], 0.0, 1.0)
        return np.stack([1 - p, p], axis=1)
    if out.size and (out.min() < -1e-6 or np.abs(out.sum(axis=1) - 1).max() > 1e-3):
        out = np.exp(out - out.max(axis=1, keepdims=True))
        out /= out.sum(axis=1, keepdims=True)
    return out


class InsightSource:
    """A model plus ``playground.data`` Splits (train/val/test = (x, y), class_names)."""

    def __init__(self, model: Any, splits: Any) -> None:
        self.model = model
        self.splits = splits
        self.class_names = [str(c) for c in splits.class_names]
        self._cache: dict[str, SplitPredictions] = {}

    @property
    def input_shape(self) -> tuple[int, ...]:
        return tuple(int(d) for d in self.model.inputs[0].shape[1:])

    @property
    def is_image(self) -> bool:
        shape = self.input_shape
        return len(shape) == 3 and shape[-1] in (1, 3)

    @property
    def is_grayscale(self) -> bool:
        return self.is_image and self.input_shape[-1] == 1

    def available(self) -> list[str]:
        """Split keys with samples, validation first (what the confusion tab offers)."""
        return [k for k in ("val", "test", "train") if len(getattr(self.splits, k)[1])]

    def predictions(self, key: str) -> SplitPredictions:
        if key not in self._cache:
            x, y = getattr(self.splits, key)
            x = np.asarray(x, dtype=np.float32)
            self._cache[key] = SplitPredictions(key, x, np.asarray(y).astype(np.int64), self.predict(x),
                                                self.class_names)
        return self._cache[key]

    def predict(self, x: np.ndarray) -> np.ndarray:
        """(n, classes) probabilities, in batches (inference mode)."""
        from playground.insight.scores import forward

        x = np.asarray(x, dtype=np.float32)
        if len(x) == 0:
            return np.zeros((0, len(self.class_names)))
        return as_probabilities(np.concatenate([forward(self.model, x[i:i + BATCH])
                                                for i in range(0, len(x), BATCH)]))


def fill_split_box(box, source: InsightSource | None) -> None:
    """Offer the splits ``source`` can show (validation first) in the combo box ``box``, quietly:
    the caller reacts to the new choice once, after the box is filled."""
    box.blockSignals(True)
    box.clear()
    for key in source.available() if source else []:
        box.addItem(SPLIT_LABELS[key], key)
    box.blockSignals(False)
