"""Confusion matrix, per-class metrics and the examples behind each cell.

Accuracy is one number; the confusion matrix says WHICH classes get mixed up, and clicking a
cell should show the images that landed there, most confident first (a confident mistake
teaches more than a coin flip). Pure numpy, so it runs on stored predictions without Keras.

Convention: rows are true classes, columns predicted classes.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class ClassMetrics(NamedTuple):
    """Per-class arrays (length = number of classes); unpacks as ``p, r, f1, support``."""

    precision: np.ndarray
    recall: np.ndarray
    f1: np.ndarray
    support: np.ndarray


def as_labels(y: np.ndarray) -> np.ndarray:
    """Integer class labels from labels, one-hot rows or probability rows (argmax)."""
    y = np.asarray(y)
    if y.ndim == 2:
        return y.argmax(axis=1).astype(np.int64)
    if y.ndim != 1:
        raise ValueError(f"Labels must be 1-D (classes) or 2-D (one-hot/probabilities). Received: shape={y.shape}")
    if y.size and not np.all(np.equal(np.mod(y, 1), 0)):
        raise ValueError("Class labels must be whole numbers")
    return y.astype(np.int64)


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, num_classes: int) -> np.ndarray:
    """(num_classes, num_classes) int64 counts; ``cm[t, p]`` = samples of class t predicted p."""
    t, p = as_labels(y_true), as_labels(y_pred)
    if t.shape != p.shape:
        raise ValueError(f"y_true and y_pred differ in length. Received: {len(t)} and {len(p)}")
    if num_classes < 1:
        raise ValueError(f"num_classes must be at least 1. Received: num_classes={num_classes}")
    for name, y in (("y_true", t), ("y_pred", p)):
        if y.size and (y.min() < 0 or y.max() >= num_classes):
            raise ValueError(
                f"{name} holds a class outside 0..{num_classes - 1}. Received: min={y.min()}, max={y.max()}"
            )
    counts = np.bincount(t * num_classes + p, minlength=num_classes * num_classes)
    return counts.reshape(num_classes, num_classes).astype(np.int64)


def per_class_metrics(cm: np.ndarray) -> ClassMetrics:
    """Precision, recall, F1 and support per class; 0 where a ratio is undefined (no warnings).

    Precision of class c = cm[c, c] / column sum (of everything predicted c); recall =
    cm[c, c] / row sum (of everything truly c); support = row sum.
    """
    cm = np.asarray(cm, dtype=np.float64)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"A confusion matrix must be square. Received: shape={cm.shape}")
    hits = np.diag(cm)
    predicted = cm.sum(axis=0)
    actual = cm.sum(axis=1)
    precision = _ratio(hits, predicted)
    recall = _ratio(hits, actual)
    f1 = _ratio(2 * precision * recall, precision + recall)
    return ClassMetrics(precision, recall, f1, actual.astype(np.int64))


def accuracy(cm: np.ndarray) -> float:
    """Share of samples on the diagonal; 0 for an empty matrix."""
    cm = np.asarray(cm)
    total = cm.sum()
    return float(np.trace(cm) / total) if total else 0.0


def examples_in_cell(
    y_true: np.ndarray, y_pred: np.ndarray, probs: np.ndarray, true_class: int, pred_class: int
) -> np.ndarray:
    """Indices of samples of ``true_class`` predicted as ``pred_class``, most confident first.

    Confidence is ``probs[i, pred_class]``; ties keep the original order.
    """
    t, p = as_labels(y_true), as_labels(y_pred)
    probs = np.asarray(probs)
    idx = np.flatnonzero((t == true_class) & (p == pred_class))
    confidence = probs[idx, pred_class]
    return idx[np.argsort(-confidence, kind="stable")]


def worst_mistakes(y_true: np.ndarray, probs: np.ndarray, k: int = 16) -> np.ndarray:
    """Indices of the ``k`` wrong predictions made with the most confidence in the wrong class."""
    t = as_labels(y_true)
    probs = np.asarray(probs)
    pred = probs.argmax(axis=1)
    wrong = np.flatnonzero(pred != t)
    confidence = probs[wrong, pred[wrong]]
    return wrong[np.argsort(-confidence, kind="stable")][: max(k, 0)]


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.zeros_like(num, dtype=np.float64)
    np.divide(num, den, out=out, where=den != 0)
    return out
