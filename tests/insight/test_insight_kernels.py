import numpy as np
import pytest

from playground.insight.kernels import conv_layers, kernel_grid, kernel_mosaic, layer_kernel
from playground.insight.mosaic import square_grid


def random_kernel(*shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape).astype(np.float32)


def test_rgb_kernels_make_one_colour_image_in_a_square_grid():
    grid = kernel_grid(random_kernel(3, 3, 3, 5))
    assert grid.layout == (2, 3) == square_grid(5)
    assert grid.image.shape == (2 * 3 + 3, 3 * 3 + 4, 3)
    assert grid.image.dtype == np.float32
    assert 0.0 <= grid.image.min() and grid.image.max() <= 1.0
    assert grid.count == 5 and grid.labels[4] == "kernel 4"


def test_rgb_tile_shows_the_kernel_itself():
    kernel = random_kernel(3, 3, 3, 2)
    grid = kernel_grid(kernel, mode="rgb", scale="per_kernel", pad=0)
    y, x = grid.tile_origin(1)
    tile = grid.image[y:y + 3, x:x + 3]
    k = kernel[..., 1]
    np.testing.assert_allclose(tile, 0.5 + k / (2 * np.abs(k).max()), atol=1e-6)


def test_per_channel_grid_has_a_row_per_input_and_a_column_per_kernel():
    grid = kernel_grid(random_kernel(3, 3, 2, 4))
    assert grid.layout == (2, 4)
    assert grid.image.shape == (2 * 3 + 3, 4 * 3 + 5)
    assert grid.labels[5] == "input 1, kernel 1"
    assert 0.0 <= grid.image.min() and grid.image.max() <= 1.0


def test_single_input_channel_fills_a_square_grid():
    grid = kernel_grid(random_kernel(5, 5, 1, 6), zoom=2)
    assert grid.layout == (2, 3)
    assert grid.tile_shape == (10, 10)
    assert grid.image.shape == (2 * 10 + 3, 3 * 10 + 4)


def test_many_channels_fall_back_to_the_channel_mean():
    kernel = random_kernel(3, 3, 16, 32)
    grid = kernel_grid(kernel)
    assert grid.count == 32 and "mean" in grid.labels[0]
    y, x = grid.tile_origin(0)
    mean = kernel.mean(axis=2)
    np.testing.assert_allclose(grid.image[y:y + 3, x:x + 3], 0.5 + mean[..., 0] / (2 * np.abs(mean).max()),
                               atol=1e-6)


def test_zero_is_grey_and_fixed_scale_is_symmetric_and_shared():
    kernel = np.zeros((3, 3, 1, 2), np.float32)
    kernel[0, 0, 0, 0] = 2.0   # strongest weight of the layer
    kernel[1, 1, 0, 0] = -2.0
    kernel[0, 0, 0, 1] = 0.5   # a weak kernel
    grid = kernel_grid(kernel, scale="fixed", pad=0)
    img = grid.image
    assert img[0, 0] == pytest.approx(1.0) and img[1, 1] == pytest.approx(0.0)
    assert img[2, 2] == pytest.approx(0.5)
    y, x = grid.tile_origin(1)
    assert img[y, x] == pytest.approx(0.5 + 0.5 / 4)  # weak kernel stays weak under the shared scale


def test_fixed_and_per_kernel_scaling_differ():
    kernel = random_kernel(3, 3, 1, 4)
    kernel[..., 0] *= 10  # one loud kernel
    fixed = kernel_grid(kernel, scale="fixed", pad=0)
    per_kernel = kernel_grid(kernel, scale="per_kernel", pad=0)
    assert not np.allclose(fixed.image, per_kernel.image)
    y, x = per_kernel.tile_origin(1)
    quiet_fixed = fixed.image[y:y + 3, x:x + 3]
    quiet_own = per_kernel.image[y:y + 3, x:x + 3]
    assert np.abs(quiet_own - 0.5).max() == pytest.approx(0.5)  # stretched to its own range
    assert np.abs(quiet_fixed - 0.5).max() < 0.2  # dwarfed by the loud kernel
    # tile 0 holds the largest weight, so both scales agree there
    np.testing.assert_allclose(fixed.image[:3, :3], per_kernel.image[:3, :3], atol=1e-6)


def test_all_zero_kernel_gives_grey_without_warnings():
    with np.errstate(all="raise"):
        for scale in ("fixed", "per_kernel"):
            img = kernel_mosaic(np.zeros((3, 3, 3, 2)), scale=scale, pad=0)
            assert np.all(img == 0.5)


def test_tile_at_finds_the_tile_under_a_pixel():
    grid = kernel_grid(random_kernel(3, 3, 1, 5), pad=1)
    for i in range(grid.count):
        y, x = grid.tile_origin(i)
        assert grid.tile_at(y + 1, x + 2) == i
    assert grid.tile_at(0, 0) is None  # padding
    y, x = grid.tile_origin(2)
    assert grid.tile_at(y + 4, x) is None  # the empty sixth cell, or padding below
    assert grid.tile_at(10_000, 0) is None


def test_bad_arguments_say_what_was_received():
    with pytest.raises(ValueError, match="c_in=2"):
        kernel_mosaic(random_kernel(3, 3, 2, 4), mode="rgb")
    with pytest.raises(ValueError, match="Received"):
        kernel_mosaic(random_kernel(3, 3, 4))
    with pytest.raises(ValueError, match="scale"):
        kernel_mosaic(random_kernel(3, 3, 1, 4), scale="loud")


def test_conv_layers_and_their_kernels_from_a_built_model(build):
    model = build(
        ("Input", {"shape": (8, 8, 3)}),
        ("Conv2D", {"filters": 4}),
        ("MaxPooling2D", {}),
        ("DepthwiseConv2D", {"depth_multiplier": 2}),
        ("SeparableConv2D", {"filters": 5}),
        ("Conv2DTranspose", {"filters": 3}),
        ("Flatten", {}),
        ("Dense", {"units": 2}),
    )
    names = conv_layers(model)
    assert names == ["conv2d_1", "depthwise_conv2d_1", "separable_conv2d_1", "conv2d_transpose_1"]
    conv = layer_kernel(model.get_layer("conv2d_1"))
    assert conv.shape == (3, 3, 3, 4)
    np.testing.assert_array_equal(conv, model.get_layer("conv2d_1").get_weights()[0])
    assert layer_kernel(model.get_layer("depthwise_conv2d_1")).shape == (3, 3, 1, 8)
    assert layer_kernel(model.get_layer("separable_conv2d_1")).shape == (3, 3, 1, 8)
    assert layer_kernel(model.get_layer("conv2d_transpose_1")).shape == (3, 3, 5, 3)
    assert layer_kernel(model.get_layer("dense_1")) is None
    for name in names:  # every listed layer can be drawn
        img = kernel_mosaic(layer_kernel(model.get_layer(name)))
        assert 0.0 <= img.min() and img.max() <= 1.0
