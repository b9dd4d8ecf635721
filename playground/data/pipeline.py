"""numpy arrays -> a tf.data pipeline for Keras fit.

Feeding numpy straight to fit() rebuilds its input pipeline every epoch, which cost about 2 s
per epoch on the first batch here. One repeated pipeline (with fit's steps_per_epoch) keeps
the iterator alive, so an epoch's first batch costs what any batch costs. Indices are
reshuffled each pass; augmentation runs on whole batches after batching.
"""

from __future__ import annotations

import math

import numpy as np


def steps_per_epoch(num_samples: int, batch_size: int) -> int:
    """Batches in one pass over the data (the last one may be smaller)."""
    return max(1, math.ceil(num_samples / batch_size))


def make_tf_dataset(x: np.ndarray, y: np.ndarray, batch_size: int = 32, shuffle: bool = True,
                    seed: int | None = 0, augment=None, repeat: bool = True):
    """A tf.data.Dataset of (x, y) batches: shuffled, batched, augmented, repeated, prefetched.

    With repeat=True it never ends: pass steps_per_epoch(len(x), batch_size) to fit. `augment`
    is a callable such as build_augmentation(...) and is called with training=True.
    """
    import tensorflow as tf

    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1. Received: batch_size={batch_size}")
    if len(x) == 0:
        raise ValueError("Cannot make a pipeline from 0 samples (is the split empty?).")
    if len(x) != len(y):
        raise ValueError(f"x and y differ in length: {len(x)} images, {len(y)} labels")
    with tf.device("/cpu:0"):  # the pipeline runs on the CPU; keep the arrays there
        images = tf.constant(np.asarray(x, np.float32))
        labels = tf.constant(np.asarray(y, np.int64))
    # Shuffle and batch indices, then gather whole batches: one op per batch instead of one
    # per image, and no second copy of the images in a shuffle buffer.
    ds = tf.data.Dataset.range(len(x))
    if shuffle:
        ds = ds.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size)
    ds = ds.map(lambda idx: (tf.gather(images, idx), tf.gather(labels, idx)))
    if repeat:
        ds = ds.repeat()
    if augment is not None:
        ds = ds.map(lambda bx, by: (augment(bx, training=True), by),
                    num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)
