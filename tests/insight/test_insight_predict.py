import numpy as np
import pytest
from PIL import Image

from playground.insight.predict import pad_to_input, prepare_image, top_k


def test_top_k_orders_by_probability_and_names_classes():
    probs = np.array([0.1, 0.6, 0.05, 0.25])
    best = top_k(probs, ["cat", "dog", "car", "ship"], k=3)
    assert [p.name for p in best] == ["dog", "ship", "cat"]
    assert best[0].index == 1 and best[0].probability == pytest.approx(0.6)
    assert [p.name for p in top_k(probs[None], k=10)] == ["1", "3", "0", "2"]
    with pytest.raises(ValueError, match="class names"):
        top_k(probs, ["a", "b"])


def test_prepare_image_from_an_rgb_png(tmp_path):
    path = tmp_path / "red.png"
    Image.new("RGB", (16, 12), (255, 0, 0)).save(path)
    grey = prepare_image(path, (8, 8, 1))
    assert grey.shape == (1, 8, 8, 1) and grey.dtype == np.float32
    np.testing.assert_allclose(grey, 0.299, atol=2e-3)
    rgb = prepare_image(str(path), (None, 8, 8, 3))
    assert rgb.shape == (1, 8, 8, 3)
    np.testing.assert_allclose(rgb[0, 3, 3], [1.0, 0.0, 0.0], atol=1e-6)


def test_prepare_image_from_a_grey_png_resizes_and_inverts(tmp_path):
    path = tmp_path / "ramp.png"
    ramp = np.tile(np.linspace(0, 255, 32).astype(np.uint8), (32, 1))
    Image.fromarray(ramp).save(path)
    x = prepare_image(path, (8, 8, 1))
    assert x.shape == (1, 8, 8, 1)
    assert 0.0 <= x.min() and x.max() <= 1.0
    assert np.all(np.diff(x[0, 0, :, 0]) > 0)  # left dark, right bright
    inverted = prepare_image(path, (8, 8, 3), invert=True)
    np.testing.assert_allclose(inverted[..., 0], 1.0 - x[..., 0], atol=1e-5)


def test_prepare_image_lays_transparency_over_white(tmp_path):
    path = tmp_path / "clear.png"
    Image.new("RGBA", (8, 8), (0, 0, 0, 0)).save(path)
    np.testing.assert_allclose(prepare_image(path, (8, 8, 1)), 1.0)


def test_prepare_image_from_arrays():
    uint8 = np.full((10, 10, 3), 128, np.uint8)
    np.testing.assert_allclose(prepare_image(uint8, (8, 8, 1)), 128 / 255, atol=1e-5)
    floats_255 = np.full((8, 8), 200.0)
    np.testing.assert_allclose(prepare_image(floats_255, (8, 8, 1)), 200 / 255, atol=1e-6)
    floats_01 = np.random.default_rng(0).random((8, 8, 1))
    np.testing.assert_allclose(prepare_image(floats_01, (8, 8, 1))[0], floats_01, atol=1e-6)
    pil = Image.new("L", (20, 20), 255)
    np.testing.assert_allclose(prepare_image(pil, (8, 8, 1)), 1.0)


def test_unreadable_files_raise_a_clear_value_error(tmp_path):
    corrupt = tmp_path / "broken.png"
    corrupt.write_bytes(b"\x89PNG\r\n\x1a\n this is not really a png")
    with pytest.raises(ValueError, match="broken.png"):
        prepare_image(corrupt, (8, 8, 1))
    text = tmp_path / "notes.jpg"
    text.write_text("hello")
    with pytest.raises(ValueError, match="notes.jpg"):
        prepare_image(text, (8, 8, 1))
    with pytest.raises(ValueError, match="No image file"):
        prepare_image(tmp_path / "missing.png", (8, 8, 1))
    with pytest.raises(ValueError, match="input_shape"):
        prepare_image(np.zeros((8, 8)), (8, None, 1))
    with pytest.raises(ValueError, match="channels"):
        prepare_image(np.zeros((8, 8)), (8, 8, 2))


def centre_of_mass(img: np.ndarray) -> tuple[float, float]:
    ys, xs = np.indices(img.shape)
    return float((ys * img).sum() / img.sum()), float((xs * img).sum() / img.sum())


def test_pad_to_input_centres_by_mass_and_fits_the_mnist_box():
    drawing = np.zeros((100, 100), np.float32)
    drawing[5:45, 10:20] = 1.0  # a tall stroke in the top-left corner
    x = pad_to_input(drawing, (28, 28, 1))
    assert x.shape == (1, 28, 28, 1) and x.dtype == np.float32
    img = x[0, ..., 0]
    assert 0.0 <= img.min() and img.max() <= 1.0
    cy, cx = centre_of_mass(img)
    assert abs(cy - 13.5) <= 0.75 and abs(cx - 13.5) <= 0.75
    rows = np.flatnonzero(img.max(axis=1) > 0.5)
    assert rows.max() - rows.min() + 1 == 20  # longer side fills 20 of 28 pixels


def test_pad_to_input_for_small_rgb_inputs_and_empty_drawings():
    drawing = np.zeros((64, 64), np.float32)
    drawing[30:34, 40:60] = 0.8
    x = pad_to_input(drawing, (8, 8, 3))
    assert x.shape == (1, 8, 8, 3)
    np.testing.assert_array_equal(x[..., 0], x[..., 2])
    assert pad_to_input(np.zeros((50, 50)), (8, 8, 1)).sum() == 0.0
    dark_on_light = 1.0 - drawing
    np.testing.assert_allclose(pad_to_input(dark_on_light, (8, 8, 3), invert=True), x, atol=1e-6)
