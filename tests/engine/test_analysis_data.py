"""The Input is checked against the dataset's samples while editing, by the same rule that makes
training refuse a run, so the Problems panel says it before Start does."""

import numpy as np
import pytest

from playground.data.split import Splits
from playground.engine import analyze
from playground.engine.analysis import input_takes
from playground.network import chain
from playground.training.feed import FeedError, check_fit


def net(shape, units=10):
    return chain([("Input", {"shape": shape}), ("Flatten", {}), ("Dense", {"units": units, "activation": "softmax"})])


def input_errors(spec, data_shape, dataset="digits"):
    return [p for p in analyze(spec, data_shape=data_shape, dataset=dataset).problems_of("input_1")]


def test_input_that_cannot_take_the_samples_is_an_error_that_says_the_fix():
    [problem] = input_errors(net((224, 224, 3)), (8, 8, 1))
    assert problem.severity == "error"
    assert "224×224×3" in problem.message and "'digits' has 8×8×1 images" in problem.message
    assert "set the Input shape to 8×8×1" in problem.message and "choose another dataset" in problem.message


@pytest.mark.parametrize("want", [(8, 8, 1), (64, 1), (1, 64)])
def test_same_shape_or_the_same_values_flattened_is_fine(want):
    assert input_errors(net(want), (8, 8, 1)) == []


def test_unknown_data_shape_is_not_checked():
    assert input_errors(net((224, 224, 3)), None) == []


@pytest.mark.parametrize("want, have", [((8, 8, 1), (8, 8, 1)), ((64, 1), (8, 8, 1)), ((28, 28, 1), (8, 8, 1)),
                                        ((8, 8, 3), (8, 8, 1)), ((1, 8, 8), (8, 8, 1)), ((8, 8, 1), (64, 1))])
def test_analysis_flags_exactly_what_training_refuses(want, have):
    splits = Splits((np.zeros((4, *have), np.float32), np.arange(4) % 2), (np.zeros((0, *have)), np.zeros(0)),
                    (np.zeros((0, *have)), np.zeros(0)), ["a", "b"])
    spec = net(want, units=2)
    try:
        check_fit(spec, splits, "data", from_logits=False)
        refused = False
    except FeedError as exc:
        refused = "set the Input shape" in str(exc)
    assert refused == (not input_takes(want, have)) == bool(input_errors(spec, have))


def test_one_unit_for_two_classes_is_not_a_class_count_error():
    spec = chain([("Input", {"shape": (8, 8, 1)}), ("Flatten", {}), ("Dense", {"units": 1, "activation": "sigmoid"})])
    assert analyze(spec, num_classes=2).ok
    assert not analyze(spec, num_classes=3).ok
