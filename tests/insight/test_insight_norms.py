import warnings

import numpy as np
import pytest

from playground.insight.norms import (
    NormHistory,
    l2_norm,
    layer_norms,
    model_layer_weights,
    norm_series,
    vanishing_gradient_ratio,
    weight_norms,
)


def test_l2_norm_over_several_arrays():
    assert l2_norm([np.array([3.0]), np.array([[4.0]])]) == pytest.approx(5.0)
    assert l2_norm([]) == 0.0
    assert layer_norms({"a": [np.ones(4)], "empty": []}) == {"a": pytest.approx(2.0)}


def test_weight_norms_of_a_model_use_the_kernels(small_cnn):
    norms = weight_norms(small_cnn)
    assert list(norms) == ["conv2d_1", "conv2d_2", "dense_1"]
    kernel = small_cnn.get_layer("conv2d_2").get_weights()[0]
    assert norms["conv2d_2"] == pytest.approx(float(np.linalg.norm(kernel)), rel=1e-5)
    with_bias = model_layer_weights(small_cnn, kernels_only=False)
    assert len(with_bias["dense_1"]) == 2


def test_norm_series_lines_up_steps_and_marks_gaps():
    history = [{"a": 1.0, "b": 2.0}, {"a": 0.5}, {"b": 4.0, "c": 1.0}]
    series = norm_series(history)
    assert list(series) == ["a", "b", "c"]
    np.testing.assert_array_equal(series["a"], [1.0, 0.5, np.nan])
    np.testing.assert_array_equal(series["b"], [2.0, np.nan, 4.0])
    assert list(norm_series(history, ["c"])) == ["c"]


def test_norm_history_records_plain_floats():
    h = NormHistory()
    h.record(0, {"first": np.float32(0.1), "last": 1.0})
    h.record(10, {"first": 0.01, "last": 2.0})
    assert len(h) == 2
    np.testing.assert_array_equal(h.steps_array(), [0, 10])
    series = h.series()
    ratio = vanishing_gradient_ratio(series["first"], series["last"])
    np.testing.assert_allclose(ratio, [0.1, 0.005], rtol=1e-6)


def test_vanishing_gradient_ratio_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            ratio = vanishing_gradient_ratio(np.array([1.0, 0.0, 2.0]), np.array([2.0, 0.0, 0.0]))
    np.testing.assert_array_equal(ratio, [0.5, np.nan, np.nan])
    assert vanishing_gradient_ratio(0.001, 1.0) == pytest.approx(0.001)
    assert isinstance(vanishing_gradient_ratio(1.0, 2.0), float)
