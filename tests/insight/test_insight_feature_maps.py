import numpy as np
import pytest

from playground.insight.feature_maps import activation_model, feature_grid, feature_maps, feature_mosaic

keras = pytest.importorskip("keras")


def sample(seed=0):
    return np.random.default_rng(seed).random((8, 8, 1)).astype(np.float32)


def test_one_feature_map_per_layer_with_the_layer_output_shape(small_cnn):
    maps = feature_maps(small_cnn, sample())
    names = [layer.name for layer in small_cnn.layers[1:]]
    assert [name for name, _ in maps] == names
    for name, values in maps:
        assert values.shape == tuple(small_cnn.get_layer(name).output.shape[1:]), name
    probs = dict(maps)["dense_1"]
    np.testing.assert_allclose(probs, small_cnn.predict(sample()[None], verbose=0)[0], rtol=1e-5, atol=1e-6)


def test_feature_maps_equal_a_direct_sub_model(small_cnn):
    layer = small_cnn.get_layer("conv2d_2")
    direct = keras.Model(small_cnn.inputs[0], layer.output)(sample(1)[None])
    (name, values), = feature_maps(small_cnn, sample(1)[None], layer_names=["conv2d_2"])
    assert name == "conv2d_2"
    np.testing.assert_allclose(values, keras.ops.convert_to_numpy(direct)[0], rtol=1e-5, atol=1e-6)


def test_activation_model_is_cached_and_shares_the_weights(build):
    model = build(("Input", {"shape": (8, 8, 1)}), ("Conv2D", {"filters": 2, "activation": "linear"}))
    sub = activation_model(model)
    assert activation_model(model) is sub
    assert activation_model(model, ["conv2d_1"]) is sub  # same names as the default
    assert activation_model(model, cached=False) is not sub
    before = feature_maps(model, sample())[0][1]
    layer = model.get_layer("conv2d_1")
    layer.kernel.assign(layer.kernel * 2.0)
    after = feature_maps(model, sample())[0][1]
    bias = layer.get_weights()[1]
    np.testing.assert_allclose(after - bias, 2 * (before - bias), rtol=1e-5, atol=1e-6)


def test_feature_maps_take_exactly_one_sample(small_cnn):
    with pytest.raises(ValueError, match="one sample"):
        feature_maps(small_cnn, np.zeros((2, 8, 8, 1), np.float32))
    with pytest.raises(ValueError, match="rank"):
        feature_maps(small_cnn, np.zeros((8, 8), np.float32))


def test_feature_mosaic_normalises_every_channel_to_0_1():
    rng = np.random.default_rng(0)
    maps = rng.normal(size=(8, 8, 4)).astype(np.float32) * np.array([1, 10, 100, 0.01], np.float32)
    grid = feature_grid(maps)
    assert grid.layout == (2, 2)
    assert grid.image.shape == (2 * 8 + 3, 2 * 8 + 3)
    for i in range(4):
        y, x = grid.tile_origin(i)
        tile = grid.image[y:y + 8, x:x + 8]
        assert tile.min() == pytest.approx(0.0) and tile.max() == pytest.approx(1.0)
    shared = feature_grid(maps, scale="shared")
    y, x = shared.tile_origin(3)
    assert np.ptp(shared.image[y:y + 8, x:x + 8]) < 0.01  # the quiet channel stays quiet


def test_feature_mosaic_limits_channels_and_survives_constant_ones():
    maps = np.zeros((6, 6, 40), np.float32)
    maps[..., 1] = np.arange(36, dtype=np.float32).reshape(6, 6)
    with np.errstate(all="raise"):
        grid = feature_grid(maps, max_channels=32)
    assert grid.count == 32 and grid.layout == (6, 6)
    assert grid.labels[1] == "channel 1"
    assert np.all(grid.image[grid.tile_origin(0)] == 0.0)
    picked = feature_grid(maps, channels=[39, 1])
    assert picked.labels == ("channel 39", "channel 1")
    assert feature_mosaic(maps, max_channels=5).shape == (2 * 6 + 3, 3 * 6 + 4)


def test_feature_mosaic_of_1d_and_dense_outputs():
    assert feature_mosaic(np.arange(10, dtype=np.float32)).shape == (1, 10)
    seq = np.random.default_rng(0).random((12, 3)).astype(np.float32)  # (length, channels)
    img = feature_mosaic(seq)
    assert img.shape == (3, 12)
    np.testing.assert_allclose(img.max(axis=1), 1.0)
