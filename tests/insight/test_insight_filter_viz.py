import numpy as np
import pytest

from playground.insight.filter_viz import gaussian_blur, visualize_filter, visualize_filters

keras = pytest.importorskip("keras")


@pytest.fixture
def linear_conv(build):
    """Input(8,8,1) -> Conv2D(2, 3x3, valid, linear) with seeded weights and zero bias."""
    model = build(("Input", {"shape": (8, 8, 1)}),
                  ("Conv2D", {"filters": 2, "padding": "valid", "activation": "linear"}))
    kernel = np.random.default_rng(3).normal(size=(3, 3, 1, 2)).astype(np.float32)
    model.get_layer("conv2d_1").set_weights([kernel, np.zeros(2, np.float32)])
    return model, kernel


def best_possible(kernel: np.ndarray, channel: int) -> float:
    """Largest mean activation a 0..1 image can give a linear valid 3x3 conv on 8x8."""
    weight_of_pixel = np.zeros((8, 8))
    for y in range(6):
        for x in range(6):
            weight_of_pixel[y:y + 3, x:x + 3] += kernel[:, :, 0, channel]
    return float(np.clip(weight_of_pixel, 0, None).sum() / 36)


def test_gradient_ascent_reaches_the_best_image_and_leaves_weights_alone(linear_conv):
    model, kernel = linear_conv
    weights_before = [w.copy() for w in model.get_weights()]
    result = visualize_filter(model, "conv2d_1", channel=1, steps=60, seed=0)
    best = best_possible(kernel, 1)
    assert result.activation_before < 0.6 * best
    assert result.activation_after > 0.95 * best
    assert result.gain > 0.35 * best
    assert result.image.shape == (8, 8, 1)
    assert 0.0 <= result.image.min() and result.image.max() <= 1.0
    for before, after in zip(weights_before, model.get_weights()):
        np.testing.assert_array_equal(before, after)
    assert len(result.history) == 60 and result.history[0] == result.activation_before
    out = keras.ops.convert_to_numpy(model(result.image[None]))
    assert out[0, ..., 1].mean() == pytest.approx(result.activation_after, rel=1e-4)


def test_seeded_and_regularised_runs(linear_conv):
    model, _ = linear_conv
    a = visualize_filter(model, "conv2d_1", 0, steps=10, seed=7)
    b = visualize_filter(model, "conv2d_1", 0, steps=10, seed=7)
    np.testing.assert_array_equal(a.image, b.image)
    c = visualize_filter(model, "conv2d_1", 0, steps=10, seed=8)
    assert not np.array_equal(a.image, c.image)
    smooth = visualize_filter(model, "conv2d_1", 0, steps=30, jitter=1, blur_every=4, blur_sigma=0.7)
    assert smooth.activation_after > smooth.activation_before + 0.1
    assert 0.0 <= smooth.image.min() and smooth.image.max() <= 1.0


def test_deeper_relu_channels_all_rise_together(small_cnn):
    weights_before = [w.copy() for w in small_cnn.get_weights()]
    results = visualize_filters(small_cnn, "conv2d_2", steps=30)
    assert [r.channel for r in results] == list(range(6))
    for r in results:
        assert r.activation_after > 2 * r.activation_before + 0.01, r
    for before, after in zip(weights_before, small_cnn.get_weights()):
        np.testing.assert_array_equal(before, after)


@pytest.mark.skipif(keras.backend.backend() != "tensorflow",
                    reason="channel 1 is dead only with the weights TensorFlow's random stream draws for this seed")
def test_a_channel_silent_behind_its_relu_is_revived(small_cnn):
    # Channel 1 of conv2d_2 outputs all zeros on the grey start image (seeded model).
    stuck = visualize_filter(small_cnn, "conv2d_2", 1, steps=30, revive_dead=False)
    assert stuck.activation_before == 0.0 and stuck.activation_after == 0.0
    revived = visualize_filter(small_cnn, "conv2d_2", 1, steps=30)
    assert revived.activation_before == 0.0 and revived.activation_after > 0.01


def test_value_range_maps_the_image_for_models_expecting_0_255(build):
    model = build(("Input", {"shape": (8, 8, 1)}), ("Rescaling", {"scale": 1 / 255}),
                  ("Conv2D", {"filters": 1, "activation": "linear", "use_bias": False}))
    model.get_layer("conv2d_1").set_weights([np.ones((3, 3, 1, 1), np.float32)])
    r = visualize_filter(model, "conv2d_1", 0, steps=20, value_range=(0, 255))
    assert r.image.min() > 0.99  # brightest image wins, expressed in 0..1
    assert r.activation_after == pytest.approx(np.mean(
        keras.ops.convert_to_numpy(model(np.full((1, 8, 8, 1), 255.0 * r.image.mean(), np.float32)))), rel=1e-3)


def test_bad_channel_is_refused(linear_conv):
    model, _ = linear_conv
    with pytest.raises(ValueError, match="channels 0..1"):
        visualize_filter(model, "conv2d_1", channel=2)


def test_gaussian_blur_keeps_the_mean_of_a_smooth_image_and_softens_a_spike():
    img = np.zeros((1, 7, 7, 1), np.float32)
    img[0, 3, 3, 0] = 1.0
    out = gaussian_blur(img, 0.8, axes=(1, 2))
    assert out.shape == img.shape
    assert out.sum() == pytest.approx(1.0, rel=1e-5)
    assert out[0, 3, 3, 0] < 0.5 and out[0, 3, 4, 0] > 0
