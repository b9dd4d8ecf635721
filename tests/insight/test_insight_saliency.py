import numpy as np
import pytest

from playground.insight.saliency import saliency_map
from playground.insight.scores import class_scores, predicted_classes

keras = pytest.importorskip("keras")


def one_pixel_kernel(shape, pixel, weight=3.0, classes=2, target=1):
    """Dense kernel over the flattened input that reads only ``pixel`` for class ``target``."""
    kernel = np.zeros((int(np.prod(shape)), classes), np.float32)
    kernel[np.ravel_multi_index(pixel, shape), target] = weight
    return kernel


def test_saliency_lights_up_the_one_pixel_the_model_reads(linear_classifier):
    model = linear_classifier((8, 8, 1), one_pixel_kernel((8, 8, 1), (3, 5, 0)), np.zeros(2))
    sample = np.random.default_rng(0).random((8, 8, 1)).astype(np.float32)
    sal = saliency_map(model, sample, class_index=1)
    assert sal.shape == (8, 8) and sal.dtype == np.float32
    expected = np.zeros((8, 8), np.float32)
    expected[3, 5] = 1.0
    np.testing.assert_allclose(sal, expected, atol=1e-6)


def test_saliency_takes_the_max_over_colour_channels(linear_classifier):
    model = linear_classifier((8, 8, 3), one_pixel_kernel((8, 8, 3), (2, 6, 1)), np.zeros(2))
    sal = saliency_map(model, np.full((8, 8, 3), 0.5, np.float32), class_index=1)
    assert sal.shape == (8, 8)
    assert np.unravel_index(sal.argmax(), sal.shape) == (2, 6)
    assert sal[2, 6] == 1.0 and np.count_nonzero(sal) == 1


def test_saliency_survives_a_saturated_softmax(linear_classifier):
    # A huge weight makes the softmax output exactly 1.0 in float32: its gradient is zero,
    # the logit's is not.
    model = linear_classifier((8, 8, 1), one_pixel_kernel((8, 8, 1), (4, 4, 0), weight=500.0), np.zeros(2))
    sample = np.ones((8, 8, 1), np.float32)
    assert predicted_classes(model, sample[None])[1][0] == 1.0
    sal = saliency_map(model, sample)  # predicted class: 1
    assert sal[4, 4] == 1.0 and np.count_nonzero(sal) == 1


def test_saliency_defaults_to_the_predicted_class(linear_classifier):
    kernel = one_pixel_kernel((8, 8, 1), (1, 1, 0), target=0) + one_pixel_kernel((8, 8, 1), (6, 6, 0), target=1)
    model = linear_classifier((8, 8, 1), kernel, np.array([5.0, 0.0]))  # bias: class 0 wins
    sal = saliency_map(model, np.full((8, 8, 1), 0.5, np.float32))
    assert sal[1, 1] == 1.0 and sal[6, 6] == 0.0
    with pytest.raises(ValueError, match="class_index"):
        saliency_map(model, np.zeros((8, 8, 1), np.float32), class_index=2)


def test_a_model_that_ignores_its_input_gives_zeros(linear_classifier):
    model = linear_classifier((8, 8, 1), np.zeros((64, 3), np.float32), np.array([0.0, 1.0, 0.0]))
    with np.errstate(all="raise"):
        sal = saliency_map(model, np.zeros((8, 8, 1), np.float32))
    assert not sal.any()


def test_class_scores_peel_off_the_softmax(small_cnn, build):
    x = np.random.default_rng(0).random((2, 8, 8, 1)).astype(np.float32)
    scores = class_scores(small_cnn)
    assert scores.logits and scores.num_classes == 3
    logits = keras.ops.convert_to_numpy(scores.fn(x))
    probs = keras.ops.convert_to_numpy(small_cnn(x))
    np.testing.assert_allclose(keras.ops.convert_to_numpy(keras.ops.softmax(logits)), probs, rtol=1e-5, atol=1e-6)
    # the same with a separate Activation layer
    model = build(("Input", {"shape": (2, 2, 1)}), ("Flatten", {}),
                  ("Dense", {"units": 3, "activation": "linear"}), ("Activation", {"activation": "softmax"}))
    x = np.random.default_rng(1).random((2, 2, 2, 1)).astype(np.float32)
    logits = keras.ops.convert_to_numpy(class_scores(model).fn(x))
    dense = model.get_layer("dense_1")(x.reshape(2, 4))
    np.testing.assert_allclose(logits, keras.ops.convert_to_numpy(dense), rtol=1e-5)
    assert not class_scores(model, prefer_logits=False).logits


def test_one_sigmoid_unit_reads_as_two_classes(build):
    model = build(("Input", {"shape": (2, 2, 1)}), ("Flatten", {}), ("Dense", {"units": 1, "activation": "sigmoid"}))
    x = np.random.default_rng(2).random((3, 2, 2, 1)).astype(np.float32)
    scores = class_scores(model)
    assert scores.num_classes == 2
    z = keras.ops.convert_to_numpy(scores.fn(x))
    p = keras.ops.convert_to_numpy(model(x))[:, 0]
    np.testing.assert_allclose(z[:, 0], 0.0)
    np.testing.assert_allclose(1 / (1 + np.exp(-z[:, 1])), p, rtol=1e-5)
    cls, conf = predicted_classes(model, x)
    np.testing.assert_array_equal(cls, (p > 0.5).astype(int))
    np.testing.assert_allclose(conf, np.maximum(p, 1 - p), rtol=1e-6)
