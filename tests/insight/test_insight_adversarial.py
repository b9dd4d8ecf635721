import numpy as np
import pytest

from playground.insight.adversarial import fgsm, smallest_flipping_epsilon
from playground.insight.scores import predicted_classes

keras = pytest.importorskip("keras")


@pytest.fixture
def confident_linear(linear_classifier):
    """A linear 2-class model and a sample it puts in class 0 with logit margin 5 (p > 0.99).

    Every pixel carries weight +-3 for class 1, so FGSM moves the margin by 3 * 64 * epsilon:
    it flips once epsilon > 5 / 192 ~ 0.026.
    """
    rng = np.random.default_rng(0)
    d = rng.choice([-3.0, 3.0], size=64).astype(np.float32)
    sample = rng.uniform(0.3, 0.7, size=(8, 8, 1)).astype(np.float32)
    kernel = np.stack([np.zeros(64, np.float32), d], axis=1)
    bias = np.array([0.0, -5.0 - float(d @ sample.ravel())], np.float32)
    return linear_classifier((8, 8, 1), kernel, bias), sample


def predict(model, x):
    return int(predicted_classes(model, x[None])[0][0])


def test_fgsm_flips_a_confident_prediction_with_a_small_epsilon(confident_linear):
    model, sample = confident_linear
    assert predict(model, sample) == 0
    assert predicted_classes(model, sample[None])[1][0] > 0.99
    assert predict(model, fgsm(model, sample, label=0, epsilon=0.01)) == 0
    flipped = fgsm(model, sample, label=0, epsilon=0.03)
    assert predict(model, flipped) == 1
    assert np.abs(flipped - sample).max() == pytest.approx(0.03, abs=1e-6)
    assert flipped.shape == sample.shape and flipped.dtype == np.float32


def test_fgsm_stays_in_the_pixel_range(confident_linear):
    model, sample = confident_linear
    big = fgsm(model, sample, label=0, epsilon=0.8)  # pixels are 0.3..0.7
    assert big.min() >= 0.0 and big.max() <= 1.0
    assert set(np.unique(big)) <= {0.0, 1.0}


def test_smallest_flipping_epsilon_finds_the_first_that_flips(confident_linear):
    model, sample = confident_linear
    result = smallest_flipping_epsilon(model, sample, label=0)
    assert result.flipped and result.epsilon == 0.03
    assert (result.pred_before, result.pred_after) == (0, 1)
    assert result.confidence_before > 0.99 and result.confidence_after > 0.5
    assert np.abs(result.perturbed - sample).max() <= 0.03 + 1e-6
    assert predict(model, result.perturbed) == 1


def test_no_flip_reports_none(confident_linear):
    model, sample = confident_linear
    result = smallest_flipping_epsilon(model, sample, label=0, epsilons=[0.02, 0.001, 0.01])
    assert not result.flipped and result.epsilon is None
    assert result.pred_before == result.pred_after == 0
    assert np.abs(result.perturbed - sample).max() == pytest.approx(0.02, abs=1e-6)  # the largest tried


def test_fgsm_on_a_cnn_with_softmax_raises_the_loss(small_cnn):
    sample = np.random.default_rng(3).random((8, 8, 1)).astype(np.float32)
    probs = keras.ops.convert_to_numpy(small_cnn(sample[None]))[0]
    label = int(probs.argmax())
    adv = fgsm(small_cnn, sample, label, epsilon=0.05)
    adv_probs = keras.ops.convert_to_numpy(small_cnn(adv[None]))[0]
    assert adv_probs[label] < probs[label]


def test_bad_arguments(confident_linear):
    model, sample = confident_linear
    with pytest.raises(ValueError, match="epsilon"):
        fgsm(model, sample, 0, epsilon=-0.1)
    with pytest.raises(ValueError, match="label"):
        fgsm(model, sample, 5, epsilon=0.1)
    with pytest.raises(ValueError, match="epsilons"):
        smallest_flipping_epsilon(model, sample, 0, epsilons=[])
