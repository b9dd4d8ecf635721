"""Embedded datasets: shapes, dtypes, ranges, class counts, determinism, speed."""

import subprocess
import sys
import time

import numpy as np
import pytest

from playground.data import Dataset, DatasetError, dataset_info, list_datasets, load_dataset


def check_well_formed(ds: Dataset, shape, num_classes):
    assert ds.x.dtype == np.float32 and ds.y.dtype == np.int64
    assert ds.x.shape[1:] == shape and ds.input_shape == shape
    assert 0.0 <= ds.x.min() and ds.x.max() <= 1.0
    assert ds.num_classes == num_classes == len(ds.class_names)
    assert set(np.unique(ds.y)) == set(range(num_classes))
    assert sum(ds.class_counts.values()) == len(ds)
    assert ds.name in ds.describe() and str(len(ds)) in ds.describe()


def test_digits_is_real_8x8_handwriting():
    ds = load_dataset("digits")
    check_well_formed(ds, (8, 8, 1), 10)
    assert len(ds) == 1797 and ds.x.max() == 1.0
    assert ds.class_names == [str(i) for i in range(10)]


def test_digits_resized_to_28():
    small, big = load_dataset("digits"), load_dataset("digits", size=28)
    check_well_formed(big, (28, 28, 1), 10)
    np.testing.assert_array_equal(small.y, big.y)
    # same picture, just larger: the mean brightness barely changes
    assert abs(small.x.mean() - big.x.mean()) < 0.02


@pytest.mark.parametrize("name, classes", [("shapes", 5), ("strokes", 4)])
def test_generated_datasets_are_well_formed_and_balanced(name, classes):
    ds = load_dataset(name, samples_per_class=50)
    check_well_formed(ds, (28, 28, 1), classes)
    assert set(ds.class_counts.values()) == {50}
    assert ds.x.mean() > 0.02  # something was drawn


@pytest.mark.parametrize("name", ["shapes", "strokes"])
def test_generated_datasets_are_seeded(name):
    a = load_dataset(name, samples_per_class=20, seed=3)
    b = load_dataset(name, samples_per_class=20, seed=3)
    c = load_dataset(name, samples_per_class=20, seed=4)
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.x, c.x)


@pytest.mark.parametrize("name", ["shapes", "strokes"])
def test_generated_size_and_noise_options(name):
    clean = load_dataset(name, size=40, samples_per_class=10, noise=0.0)
    assert clean.input_shape == (40, 40, 1)
    assert (clean.x == 0).mean() > 0.3  # clean background
    noisy = load_dataset(name, size=40, samples_per_class=10, noise=0.2)
    assert (noisy.x == 0).mean() < (clean.x == 0).mean()


@pytest.mark.parametrize("name", ["shapes", "strokes"])
def test_generation_is_fast(name):
    load_dataset(name, samples_per_class=10)  # warm up
    start = time.perf_counter()
    ds = load_dataset(name, samples_per_class=1000)
    assert len(ds) >= 4000
    assert time.perf_counter() - start < 1.0


def test_strokes_classes_differ_by_orientation():
    """Horizontal strokes vary along y, vertical ones along x: the gradients say so."""
    ds = load_dataset("strokes", samples_per_class=100, noise=0.0)
    gy, gx = np.gradient(ds.x[..., 0], axis=(1, 2))
    energy_x, energy_y = (gx**2).sum(axis=(1, 2)), (gy**2).sum(axis=(1, 2))
    horizontal, vertical = ds.y == 0, ds.y == 2
    assert (energy_y[horizontal] > energy_x[horizontal]).mean() > 0.95
    assert (energy_x[vertical] > energy_y[vertical]).mean() > 0.95


def test_shapes_subset_of_classes():
    ds = load_dataset("shapes", classes=["circle", "cross"], samples_per_class=5)
    assert ds.class_names == ["circle", "cross"]


@pytest.mark.parametrize("options", [{"size": 2}, {"samples_per_class": 0}, {"noise": -1},
                                     {"classes": ["hexagon"]}])
def test_bad_generator_options_are_clear(options):
    with pytest.raises(DatasetError):
        load_dataset("shapes", **options)


def test_unknown_name_lists_known_names():
    with pytest.raises(DatasetError) as err:
        load_dataset("imagenet")
    for name in ("digits", "shapes", "strokes", "mnist", "cifar10"):
        assert name in str(err.value)


def test_unknown_option_lists_known_options():
    with pytest.raises(DatasetError, match="samples_per_class"):
        load_dataset("shapes", sampels=3)


def test_missing_path_says_so(tmp_path):
    with pytest.raises(DatasetError, match="No such file"):
        load_dataset(str(tmp_path / "nothing.npz"))


def test_list_datasets_without_loading():
    infos = {i.name: i for i in list_datasets()}
    assert {"digits", "shapes", "strokes", "mnist", "fashion_mnist", "cifar10", "cifar100"} <= set(infos)
    for name in ("digits", "shapes", "strokes"):
        assert infos[name].available_offline and infos[name].source == "embedded"
    assert infos["cifar100"].num_classes == len(infos["cifar100"].class_names) == 100
    assert len(set(infos["cifar100"].class_names)) == 100
    assert infos["cifar10"].input_shape == (32, 32, 3)
    assert dataset_info("Fashion-MNIST").name == "fashion_mnist"


def test_listing_matches_loading():
    for name in ("digits", "shapes", "strokes"):
        info, ds = dataset_info(name), load_dataset(name)
        assert info.input_shape == ds.input_shape and list(info.class_names) == ds.class_names


def test_importing_the_package_stays_light():
    code = ("import sys, playground.data; "
            "print(sorted(m for m in ('keras', 'tensorflow', 'sklearn', 'PIL', 'PySide6') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
