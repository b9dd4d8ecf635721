import warnings

import numpy as np
import pytest

from playground.insight.confusion import (
    accuracy,
    confusion_matrix,
    examples_in_cell,
    per_class_metrics,
    worst_mistakes,
)

Y_TRUE = np.array([0, 0, 1, 1, 2, 2, 2])
Y_PRED = np.array([0, 1, 1, 1, 2, 0, 2])


def test_confusion_matrix_counts_rows_true_columns_predicted():
    cm = confusion_matrix(Y_TRUE, Y_PRED, 3)
    np.testing.assert_array_equal(cm, [[1, 1, 0], [0, 2, 0], [1, 0, 2]])
    assert cm.dtype == np.int64
    assert accuracy(cm) == pytest.approx(5 / 7)


def test_confusion_matrix_accepts_one_hot_and_probabilities():
    one_hot = np.eye(3)[Y_TRUE]
    probs = np.eye(3)[Y_PRED] * 0.8 + 0.05
    np.testing.assert_array_equal(confusion_matrix(one_hot, probs, 3), confusion_matrix(Y_TRUE, Y_PRED, 3))


def test_confusion_matrix_rejects_unknown_classes():
    with pytest.raises(ValueError, match="outside 0..2"):
        confusion_matrix([0, 3], [0, 1], 3)
    with pytest.raises(ValueError, match="differ in length"):
        confusion_matrix([0, 1], [0], 3)


def test_per_class_metrics_by_hand():
    precision, recall, f1, support = per_class_metrics(confusion_matrix(Y_TRUE, Y_PRED, 3))
    np.testing.assert_allclose(precision, [1 / 2, 2 / 3, 1.0])
    np.testing.assert_allclose(recall, [1 / 2, 1.0, 2 / 3])
    np.testing.assert_allclose(f1, [1 / 2, 0.8, 0.8])
    np.testing.assert_array_equal(support, [2, 2, 3])


def test_undefined_metrics_are_zero_without_warnings():
    cm = confusion_matrix([0, 0, 1], [0, 0, 0], 3)  # class 1 never predicted, class 2 absent
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            m = per_class_metrics(cm)
            assert accuracy(np.zeros((3, 3))) == 0.0
    np.testing.assert_allclose(m.precision, [2 / 3, 0, 0])
    np.testing.assert_allclose(m.recall, [1, 0, 0])
    np.testing.assert_allclose(m.f1, [0.8, 0, 0])
    np.testing.assert_array_equal(m.support, [2, 1, 0])


def test_examples_in_cell_most_confident_first():
    y_true = np.array([1, 1, 0, 1, 1, 1])
    probs = np.array([
        [0.6, 0.3, 0.1],   # 1 -> 0, conf 0.6
        [0.2, 0.7, 0.1],   # correct
        [0.9, 0.05, 0.05],  # true 0
        [0.95, 0.05, 0.0],  # 1 -> 0, conf 0.95
        [0.5, 0.4, 0.1],   # 1 -> 0, conf 0.5
        [0.6, 0.3, 0.1],   # 1 -> 0, conf 0.6 (tie with #0: keeps order)
    ])
    y_pred = probs.argmax(axis=1)
    np.testing.assert_array_equal(examples_in_cell(y_true, y_pred, probs, 1, 0), [3, 0, 5, 4])
    np.testing.assert_array_equal(examples_in_cell(y_true, y_pred, probs, 1, 1), [1])
    assert examples_in_cell(y_true, y_pred, probs, 2, 2).size == 0


def test_worst_mistakes_are_the_confident_wrong_ones():
    y_true = np.array([0, 1, 2, 0, 1])
    probs = np.array([
        [0.1, 0.8, 0.1],  # wrong, 0.8
        [0.1, 0.8, 0.1],  # right
        [0.99, 0.0, 0.01],  # wrong, 0.99
        [0.4, 0.6, 0.0],  # wrong, 0.6
        [0.3, 0.3, 0.4],  # wrong, 0.4
    ])
    np.testing.assert_array_equal(worst_mistakes(y_true, probs, k=3), [2, 0, 3])
    np.testing.assert_array_equal(worst_mistakes(y_true, probs, k=10), [2, 0, 3, 4])
    assert worst_mistakes(np.array([1]), np.array([[0.2, 0.8]]), k=5).size == 0
