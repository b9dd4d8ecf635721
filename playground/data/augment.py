"""Keras preprocessing layers for training-time augmentation.

Built as a small keras.Sequential so the training engine can run it inside the tf.data
pipeline on training batches only (validation and test stay untouched). Keras is imported
inside the function: importing playground.data must stay fast.
"""

from __future__ import annotations

from playground.data.config import AugmentationConfig, DataConfig


def build_augmentation(config: DataConfig | AugmentationConfig | dict | None, seed: int | None = None):
    """A keras.Sequential of Random* layers, or None when every augmentation is off.

    Call it with training=True (make_tf_dataset does). `seed` defaults to the DataConfig's
    seed so a run can be repeated.
    """
    if config is None:
        return None
    if isinstance(config, DataConfig):
        seed = config.seed if seed is None else seed
        aug = config.augmentation
    elif isinstance(config, dict):
        aug = AugmentationConfig.from_dict(config)
    else:
        aug = config
    if not aug.active:
        return None
    import keras

    fill = {"fill_mode": aug.fill_mode}
    if aug.fill_mode == "constant":
        fill["fill_value"] = 0.0
    layers = []
    if aug.flip_horizontal or aug.flip_vertical:
        mode = ("horizontal_and_vertical" if aug.flip_horizontal and aug.flip_vertical
                else "horizontal" if aug.flip_horizontal else "vertical")
        layers.append(keras.layers.RandomFlip(mode, seed=seed))
    if aug.rotation:
        layers.append(keras.layers.RandomRotation(aug.rotation, seed=seed, **fill))
    if aug.zoom:
        layers.append(keras.layers.RandomZoom(aug.zoom, seed=seed, **fill))
    if aug.translation:
        layers.append(keras.layers.RandomTranslation(aug.translation, aug.translation, seed=seed, **fill))
    if aug.contrast:
        layers.append(keras.layers.RandomContrast(aug.contrast, value_range=(0.0, 1.0), seed=seed))
    if aug.noise:
        layers.append(keras.layers.GaussianNoise(aug.noise, seed=seed))
    return keras.Sequential(layers, name="augmentation")
