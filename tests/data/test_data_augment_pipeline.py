"""Augmentation layers and the tf.data pipeline (these import Keras/TensorFlow)."""

import numpy as np
import pytest

from playground.data import AugmentationConfig, DataConfig, build_augmentation, load_dataset
from playground.data.pipeline import make_tf_dataset, steps_per_epoch


@pytest.fixture(scope="module")
def shapes():
    return load_dataset("shapes", samples_per_class=20)


def test_no_augmentation_when_everything_is_off():
    assert build_augmentation(DataConfig()) is None
    assert build_augmentation(AugmentationConfig()) is None
    assert build_augmentation(None) is None


def test_augmentation_changes_training_images(shapes):
    config = DataConfig(augmentation=AugmentationConfig(
        flip_horizontal=True, rotation=0.2, zoom=0.2, translation=0.1, contrast=0.3, noise=0.05))
    augment = build_augmentation(config)
    names = [layer.__class__.__name__ for layer in augment.layers]
    assert names == ["RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation",
                     "RandomContrast", "GaussianNoise"]
    batch = shapes.x[:16]
    out = np.asarray(augment(batch, training=True))
    assert out.shape == batch.shape
    assert np.abs(out - batch).mean() > 0.01
    np.testing.assert_allclose(np.asarray(augment(batch, training=False)), batch, atol=1e-6)


@pytest.mark.parametrize("aug, layer", [
    ({"flip_vertical": True}, "RandomFlip"), ({"noise": 0.1}, "GaussianNoise"),
    ({"contrast": 0.5}, "RandomContrast"),
])
def test_single_augmentations(aug, layer):
    augment = build_augmentation(aug)
    assert [type(x).__name__ for x in augment.layers] == [layer]


def test_pipeline_batches_and_repeats(shapes):
    x, y = shapes.x, shapes.y  # 100 samples
    ds = make_tf_dataset(x, y, batch_size=32, shuffle=True, seed=0, repeat=True)
    steps = steps_per_epoch(len(x), 32)
    assert steps == 4
    batches = list(ds.take(steps * 2 + 1))
    sizes = [len(b[1]) for b in batches]
    assert sizes == [32, 32, 32, 4, 32, 32, 32, 4, 32]  # epochs keep their boundary, then repeat
    bx, by = batches[0]
    assert tuple(bx.shape) == (32, 28, 28, 1) and bx.dtype.name == "float32" and by.dtype.name == "int64"
    first_epoch = np.concatenate([b[1].numpy() for b in batches[:4]])
    assert sorted(first_epoch) == sorted(y)  # each epoch sees every sample once
    assert not np.array_equal(first_epoch, y)  # shuffled


def test_pipeline_without_shuffle_or_repeat_keeps_order(shapes):
    ds = make_tf_dataset(shapes.x, shapes.y, batch_size=50, shuffle=False, seed=None, repeat=False)
    batches = list(ds)
    assert len(batches) == 2
    np.testing.assert_array_equal(np.concatenate([b[1].numpy() for b in batches]), shapes.y)
    np.testing.assert_array_equal(batches[0][0].numpy(), shapes.x[:50])


def test_pipeline_applies_augmentation(shapes):
    augment = build_augmentation({"noise": 0.2})
    ds = make_tf_dataset(shapes.x, shapes.y, batch_size=10, shuffle=False, seed=0,
                         augment=augment, repeat=False)
    bx, _ = next(iter(ds))
    assert bx.shape == (10, 28, 28, 1)
    assert np.abs(bx.numpy() - shapes.x[:10]).mean() > 0.05


def test_pipeline_feeds_keras_fit(shapes):
    import keras

    model = keras.Sequential([keras.Input(shapes.input_shape), keras.layers.Flatten(),
                              keras.layers.Dense(shapes.num_classes, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy")
    ds = make_tf_dataset(shapes.x, shapes.y, batch_size=32, seed=0,
                         augment=build_augmentation({"flip_horizontal": True}))
    history = model.fit(ds, epochs=2, steps_per_epoch=steps_per_epoch(len(shapes), 32),
                        shuffle=False, verbose=0)
    assert len(history.history["loss"]) == 2


def test_pipeline_rejects_empty_input():
    with pytest.raises(ValueError, match="0 samples"):
        make_tf_dataset(np.zeros((0, 2, 2, 1)), np.zeros(0), batch_size=4)
