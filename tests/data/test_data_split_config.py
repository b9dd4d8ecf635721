"""Stratified seeded splits and the JSON data config."""

import json

import numpy as np
import pytest

from playground.data import (
    AugmentationConfig,
    DataConfig,
    DataConfigError,
    Dataset,
    load_dataset,
    split,
)


def test_split_proportions_and_stratification():
    ds = load_dataset("shapes", samples_per_class=100)
    s = split(ds, (0.7, 0.15, 0.15), seed=0)
    assert s.sizes == {"train": 350, "val": 75, "test": 75}
    for x, y in (s.train, s.val, s.test):
        assert x.shape[1:] == ds.input_shape and len(x) == len(y)
        assert np.bincount(y, minlength=5).min() == np.bincount(y, minlength=5).max()  # 70/15/15 each
    assert s.class_names == ds.class_names


def test_split_is_a_partition_and_seeded():
    ds = load_dataset("digits")
    a, b, c = split(ds, seed=1), split(ds, seed=1), split(ds, seed=2)
    for pa, pb in zip((a.train, a.val, a.test), (b.train, b.val, b.test)):
        np.testing.assert_array_equal(pa[0], pb[0])
        np.testing.assert_array_equal(pa[1], pb[1])
    assert not np.array_equal(a.train[1], c.train[1])
    assert sum(a.sizes.values()) == len(ds)
    # every sample lands in exactly one split
    flat = np.concatenate([p[0].reshape(len(p[0]), -1) for p in (a.train, a.val, a.test)])
    assert len(np.unique(flat, axis=0)) == len(np.unique(ds.x.reshape(len(ds), -1), axis=0))


def test_every_class_in_every_split_when_possible():
    y = np.array([0] * 3 + [1] * 50 + [2] * 4)
    ds = Dataset("tiny", np.zeros((len(y), 2, 2, 1)), y, ["a", "b", "c"])
    s = split(ds, (0.8, 0.1, 0.1), seed=0)
    for _, part in (s.train, s.val, s.test):
        assert set(part) == {0, 1, 2}


def test_zero_ratio_gives_empty_split():
    ds = load_dataset("shapes", samples_per_class=10)
    s = split(ds, (0.8, 0.2, 0.0), seed=0)
    assert s.sizes["test"] == 0 and s.test[0].shape[1:] == ds.input_shape


@pytest.mark.parametrize("ratios", [(0.5, 0.2, 0.2), (0.7, 0.3), (0, 0.5, 0.5), (1.2, -0.1, -0.1)])
def test_bad_ratios_are_clear(ratios):
    ds = load_dataset("shapes", samples_per_class=5)
    with pytest.raises(DataConfigError, match="ratios|train|val|test"):
        split(ds, ratios)


def test_ratios_that_do_not_sum_to_one_say_so():
    with pytest.raises(DataConfigError, match="sum to 1"):
        DataConfig(ratios=(0.6, 0.2, 0.1))


def test_data_config_json_round_trip():
    config = DataConfig(
        dataset="shapes", options={"size": 32, "classes": ["circle", "ring"]},
        ratios=(0.8, 0.1, 0.1), seed=7,
        augmentation=AugmentationConfig(flip_horizontal=True, rotation=0.1, noise=0.05),
    )
    text = json.dumps(config.to_dict())
    again = DataConfig.from_dict(json.loads(text))
    assert again == config
    assert again.augmentation.active and not DataConfig().augmentation.active
    assert DataConfig.from_dict({}) == DataConfig()
    assert DataConfig().ratios == (0.7, 0.15, 0.15) and DataConfig().dataset == "digits"


@pytest.mark.parametrize("data, words", [
    ({"dataset": ""}, "dataset"),
    ({"seed": -1}, "seed"),
    ({"seed": 1.5}, "seed"),
    ({"colour": 1}, "unknown key"),
    ({"augmentation": {"rotation": 2}}, "rotation"),
    ({"augmentation": {"flip_horizontal": "yes"}}, "flip_horizontal"),
    ({"augmentation": {"zoooom": 0.1}}, "unknown key"),
    ({"augmentation": {"fill_mode": "mirror"}}, "fill_mode"),
    ({"ratios": "lots"}, "ratios"),
])
def test_data_config_validation_messages(data, words):
    with pytest.raises(DataConfigError, match=words):
        DataConfig.from_dict(data)
