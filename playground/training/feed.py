"""Data for a run: the project's splits checked against the network, the loss that fits its
output, and tf.data pipelines for fit.

Checks happen here, before any Keras build, so a mismatch reads "the network expects 28×28×1
images but 'digits' has 8×8×1" instead of a Keras shape error deep inside fit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.data import Splits, load_dataset, split
from playground.data.pipeline import make_tf_dataset, steps_per_epoch  # noqa: F401 - re-exported
from playground.network.spec import NetworkSpec

PASS_THROUGH = ("Dropout", "GaussianNoise", "SpatialDropout2D")


class FeedError(ValueError):
    """The data and the network do not fit together; the message says how to fix it."""


@dataclass(frozen=True)
class LossPlan:
    """How labels meet the output: 'sparse' ints, 'onehot' (label smoothing) or 'binary'."""

    label_mode: str
    from_logits: bool
    num_classes: int
    notes: tuple[str, ...] = ()

    def loss(self, label_smoothing: float = 0.0):
        import keras

        if self.label_mode == "binary":
            return keras.losses.BinaryCrossentropy(from_logits=self.from_logits, label_smoothing=label_smoothing)
        if self.label_mode == "onehot":
            return keras.losses.CategoricalCrossentropy(from_logits=self.from_logits,
                                                        label_smoothing=label_smoothing)
        return keras.losses.SparseCategoricalCrossentropy(from_logits=self.from_logits)

    def metrics(self) -> list:
        import keras

        if self.label_mode == "binary":
            threshold = 0.0 if self.from_logits else 0.5
            return [keras.metrics.BinaryAccuracy(name="accuracy", threshold=threshold)]
        if self.label_mode == "onehot":
            return [keras.metrics.CategoricalAccuracy(name="accuracy")]
        return [keras.metrics.SparseCategoricalAccuracy(name="accuracy")]

    def labels(self, y):
        """Integer labels (numpy or tensor) in the form the loss wants."""
        import tensorflow as tf

        if self.label_mode == "binary":
            return tf.cast(tf.reshape(y, (-1, 1)), tf.float32)
        if self.label_mode == "onehot":
            return tf.one_hot(tf.cast(y, tf.int32), self.num_classes)
        return y


def load_splits(data_config) -> Splits:
    """The project's dataset, split as its DataConfig says (stratified, seeded)."""
    dataset = load_dataset(data_config.dataset, **dict(data_config.options))
    return split(dataset, data_config.ratios, data_config.seed)


def output_head(spec: NetworkSpec) -> tuple[int | None, str | None]:
    """(units, activation) of the layer that produces the output, looking through dropout."""
    outputs = spec.output_ids()
    if len(outputs) != 1:
        raise FeedError(f"Training needs exactly one output; the network has {len(outputs)} "
                        f"({', '.join(outputs) or 'none'}).")
    node = spec.node(outputs[0])
    while node.kind in PASS_THROUGH and spec.inputs_of(node.id):
        node = spec.node(spec.inputs_of(node.id)[0])
    units = node.params.get("units") if node.kind == "Dense" else None
    return units, node.params.get("activation")


def plan_loss(spec: NetworkSpec, num_classes: int, label_smoothing: float = 0.0) -> LossPlan:
    """Sparse categorical crossentropy on int labels; one-hot when smoothing; binary for 1 unit."""
    units, activation = output_head(spec)
    notes = []
    if units == 1 and num_classes == 2:
        return LossPlan("binary", activation != "sigmoid", 2)
    from_logits = activation != "softmax"
    if from_logits and activation not in ("linear", None):
        notes.append(f"the output activation is {activation}, not softmax: its values are treated as raw "
                     "scores (logits)")
    mode = "onehot" if label_smoothing > 0 else "sparse"
    return LossPlan(mode, from_logits, num_classes, tuple(notes))


def check_fit(spec: NetworkSpec, splits: Splits, dataset_name: str, from_logits: bool) -> None:
    """Raise FeedError when the network cannot train on these splits."""
    from playground.engine.analysis import analyze, input_takes

    num_classes = len(splits.class_names)
    errors = analyze(spec, num_classes=num_classes, from_logits=from_logits).errors  # 1 unit for 2 classes is fine
    if errors:
        listed = "; ".join(str(p) for p in errors[:3])
        raise FeedError(f"The network cannot train on '{dataset_name}' yet: {listed}")
    if len(splits.train[1]) == 0:
        raise FeedError(f"'{dataset_name}' has no training samples (check the split ratios).")
    inputs = spec.input_nodes()
    if len(inputs) != 1:
        raise FeedError(f"Training needs exactly one Input; the network has {len(inputs)}.")
    want = tuple(inputs[0].params["shape"])
    have = tuple(splits.train[0].shape[1:])
    if not input_takes(want, have):  # the rule the analysis shows in the Problems panel
        raise FeedError(f"The network expects {_fmt(want)} inputs but '{dataset_name}' has {_fmt(have)} "
                        f"images: set the Input shape to {_fmt(have)} (or resize the dataset).")


def input_shape(spec: NetworkSpec) -> tuple[int, ...]:
    return tuple(spec.input_nodes()[0].params["shape"])


def pipeline(x: np.ndarray, y: np.ndarray, batch_size: int, plan: LossPlan, training: bool,
             seed: int = 0, augment=None, shape: tuple[int, ...] | None = None,
             shard: tuple[int, int] | None = None, full_batches: bool = False):
    """A tf.data pipeline of (images, labels as the loss wants them): repeated and shuffled for
    training, one ordered pass otherwise; None for an empty split. ``shape`` (the network's
    input) flattens images for a sequence input (64×1 for 8×8×1) after augmentation, which
    works on images. ``shard`` = (processes, this process): every process builds the same
    global batches (same seed) and keeps its own slice. ``full_batches`` (implied by ``shard``)
    leaves incomplete batches out, since every replica must get an equal slice at every step."""
    full_batches = full_batches or shard is not None
    if len(y) == 0 or (full_batches and len(y) < batch_size):
        return None
    ds = make_tf_dataset(x, y, batch_size, shuffle=training, seed=seed,
                         augment=augment if training else None, repeat=training)
    flatten = shape is not None and tuple(shape) != tuple(x.shape[1:])
    if plan.label_mode != "sparse" or flatten:
        import tensorflow as tf

        def adapt(bx, by):
            bx = tf.reshape(bx, (-1, *shape)) if flatten else bx
            return bx, (plan.labels(by) if plan.label_mode != "sparse" else by)

        ds = ds.map(adapt, num_parallel_calls=tf.data.AUTOTUNE)
    if full_batches:
        import tensorflow as tf

        ds = ds.filter(lambda bx, by: tf.shape(bx)[0] == batch_size)
    if shard is not None:
        count, index = shard
        ds = ds.map(lambda bx, by: (bx[index::count], by[index::count]))
    return ds


def _fmt(shape: tuple[int, ...]) -> str:
    return "×".join(str(d) for d in shape)
