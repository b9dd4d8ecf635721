"""The user's own data: image folders (with broken files), .npz and .csv."""

import numpy as np
import pytest
from PIL import Image

from playground.data import DatasetError, load_dataset, load_folder


def write_images(folder, count, color, size=(10, 12), mode="L"):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        Image.new(mode, size, color).save(folder / f"{i}.png")


def test_folder_loads_classes_and_reports_the_corrupt_file(tmp_path):
    write_images(tmp_path / "cats", 3, 200)
    write_images(tmp_path / "dogs", 2, 50)
    (tmp_path / "dogs" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really a png")
    (tmp_path / "dogs" / ".DS_Store").write_bytes(b"\0\0")
    ds = load_dataset(str(tmp_path), image_size=(8, 8))
    assert ds.class_names == ["cats", "dogs"]
    assert ds.x.shape == (5, 8, 8, 1) and ds.x.dtype == np.float32
    assert ds.class_counts == {"cats": 3, "dogs": 2}
    assert ds.source == "user"
    assert ds.report.loaded == 5 and ds.report.skipped_count == 1
    path, reason = ds.report.skipped[0]
    assert path.endswith("broken.png") and reason
    assert np.allclose(ds.x[ds.y == 0], 200 / 255)


def test_folder_rgb_and_size_of_first_image(tmp_path):
    write_images(tmp_path / "red", 2, (255, 0, 0), size=(6, 4), mode="RGB")
    write_images(tmp_path / "grey", 1, 128, size=(12, 9))  # other size, other mode: converted
    ds = load_folder(tmp_path, color_mode="rgb")
    assert ds.input_shape == (9, 12, 3)  # first image (class 'grey') sets H×W
    red = ds.x[ds.y == ds.class_names.index("red")]
    assert np.allclose(red[..., 0], 1.0) and np.allclose(red[..., 1:], 0.0)


def test_class_folder_without_readable_images_is_reported(tmp_path):
    write_images(tmp_path / "a", 2, 10)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "notes.txt").write_text("hello")
    ds = load_folder(tmp_path, image_size=(4, 4))
    assert ds.class_names == ["a"]
    assert ds.report.empty_classes == ["b"] and ds.report.skipped_count == 1
    assert "skipped 1" in ds.report.summary()


def test_empty_folder_is_a_clear_error(tmp_path):
    with pytest.raises(DatasetError, match="no class folders"):
        load_folder(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.png").write_bytes(b"garbage")
    with pytest.raises(DatasetError, match="No readable images"):
        load_folder(tmp_path)


def test_bad_color_mode(tmp_path):
    with pytest.raises(DatasetError, match="color_mode"):
        load_folder(tmp_path, color_mode="cmyk")


def test_npz_with_x_and_y(tmp_path):
    x = np.random.default_rng(0).integers(0, 256, size=(20, 6, 6), dtype=np.uint8)
    y = np.arange(20) % 4
    np.savez(tmp_path / "mine.npz", x=x, y=y, class_names=np.array(["a", "b", "c", "d"]))
    ds = load_dataset(str(tmp_path / "mine.npz"))
    assert ds.name == "mine" and ds.input_shape == (6, 6, 1)
    np.testing.assert_allclose(ds.x[..., 0], x / 255, atol=1e-6)
    assert ds.class_names == ["a", "b", "c", "d"] and list(ds.y) == list(y)


def test_npz_first_two_arrays_flat_rows_and_odd_labels(tmp_path):
    x = np.random.default_rng(0).random((9, 16)).astype(np.float32)
    y = np.array([1, 5, 9] * 3)
    np.savez(tmp_path / "flat.npz", images=x, labels=y)
    ds = load_dataset(tmp_path / "flat.npz")
    assert ds.input_shape == (4, 4, 1)
    assert ds.class_names == ["1", "5", "9"] and sorted(set(ds.y)) == [0, 1, 2]
    np.testing.assert_allclose(ds.x.reshape(9, 16), x)


def test_csv_with_label_column_and_header(tmp_path):
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, size=(12, 9))
    labels = np.arange(12) % 3
    lines = ["pixel" + ",pixel".join(str(i) for i in range(9)) + ",label"]
    lines += [",".join(map(str, row)) + f",{lab}" for row, lab in zip(pixels, labels)]
    (tmp_path / "data.csv").write_text("\n".join(lines) + "\n")
    ds = load_dataset(str(tmp_path / "data.csv"))
    assert ds.input_shape == (3, 3, 1) and list(ds.y) == list(labels)
    np.testing.assert_allclose(ds.x.reshape(12, 9), pixels / 255, atol=1e-6)


def test_csv_label_first_without_header_string_labels_and_shape(tmp_path):
    rows = [f"{'cat' if i % 2 else 'dog'}," + ",".join(["0.5"] * 12) for i in range(6)]
    (tmp_path / "pets.csv").write_text("\n".join(rows))
    ds = load_dataset(tmp_path / "pets.csv", image_shape=(3, 4))
    assert ds.input_shape == (3, 4, 1) and ds.class_names == ["cat", "dog"]
    assert ds.class_counts == {"cat": 3, "dog": 3}


def test_csv_shape_that_cannot_be_guessed(tmp_path):
    (tmp_path / "odd.csv").write_text("0,1,2,3,4,5\n1,1,2,3,4,5\n")
    with pytest.raises(DatasetError, match="image_shape"):
        load_dataset(tmp_path / "odd.csv")
    ds = load_dataset(tmp_path / "odd.csv", image_shape=(1, 5))
    assert ds.input_shape == (1, 5, 1)


def test_csv_ragged_rows(tmp_path):
    (tmp_path / "ragged.csv").write_text("0,1,2,3,4\n1,1,2\n")
    with pytest.raises(DatasetError, match="row 2"):
        load_dataset(tmp_path / "ragged.csv")


def test_unsupported_file(tmp_path):
    (tmp_path / "x.txt").write_text("hi")
    with pytest.raises(DatasetError, match="unsupported"):
        load_dataset(tmp_path / "x.txt")
