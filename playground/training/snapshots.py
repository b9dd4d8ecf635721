"""Snapshots: copies of kernels, probe activations and per-layer weight/gradient norms.

Taken in the training thread between two batches (from the session's callback), so nothing
reads a variable while the optimizer writes it. Everything a snapshot needs is computed by one
tf.function (traced once per model) and converted to numpy in one go: a few milliseconds for
the small nets, which at one snapshot a second is noise next to training. Gradient norms come
from one fixed probe batch with a GradientTape, in inference mode so batch-norm statistics and
dropout are left alone.

On the JAX and torch backends the same numbers come from the backend's own gradient function
(snapshot_grads.py); under a MirroredStrategy the function runs on every replica (variables
are only readable in a replica context) and the first replica's copy is kept: all are equal.
"""

from __future__ import annotations

import numpy as np

from playground.training.events import Snapshot

KERNEL_BUDGET = 4_000_000  # float32 values copied per snapshot, kernels and activations each
ACTIVATION_BUDGET = 4_000_000


def default_kernel_layers(model) -> list[str]:
    """Layers whose kernels are images: 2-D convolutions (Conv2D, DepthwiseConv2D, transposed)."""
    names = []
    for layer in model.layers:
        kernel = getattr(layer, "kernel", None)
        if kernel is not None and len(kernel.shape) == 4:
            names.append(layer.name)
    return names


def _within_budget(names: list[str], sizes: list[int], budget: int) -> tuple[list[str], list[str]]:
    kept, dropped, total = [], [], 0
    for name, size in zip(names, sizes):
        if total + size <= budget:
            kept.append(name)
            total += size
        else:
            dropped.append(name)
    return kept, dropped


class SnapshotTaker:
    """Knows which layers to copy and holds the compiled function that copies them."""

    def __init__(self, model, loss_fn, probe_x: np.ndarray, grad_x: np.ndarray, grad_y,
                 kernel_layers: list[str] | None = None, activation_layers: list[str] | None = None,
                 strategy=None) -> None:
        import keras

        self.model = model
        self.strategy = strategy
        self.loss_fn = loss_fn
        self.notes: list[str] = []
        kernels = default_kernel_layers(model) if kernel_layers is None else list(kernel_layers)
        sizes = [int(np.prod(model.get_layer(n).kernel.shape)) for n in kernels]
        self.kernel_layers, dropped = _within_budget(kernels, sizes, KERNEL_BUDGET)
        if dropped:
            self.notes.append(f"kernels of {len(dropped)} large layers are left out of snapshots")
        if activation_layers is None:
            activation_layers = [layer.name for layer in model.layers
                                 if not isinstance(layer, keras.layers.InputLayer)]
        sizes = [len(probe_x) * int(np.prod(model.get_layer(n).output.shape[1:])) for n in activation_layers]
        self.activation_layers, dropped = _within_budget(list(activation_layers), sizes, ACTIVATION_BUDGET)
        if dropped:
            self.notes.append(f"activations of {len(dropped)} layers are left out of snapshots (too large)")
        self.probe_x = probe_x
        self.grad_x = grad_x
        self.grad_y = grad_y
        self._layer_of_var = self._variable_layers()
        self._fn = None

    def _variable_layers(self) -> list[str]:
        """Layer name of each trainable variable, in model.trainable_variables order."""
        owner = {}
        for layer in self.model.layers:
            for v in layer.trainable_weights:
                owner[id(v)] = layer.name
        return [owner.get(id(v), v.path.split("/")[0]) for v in self.model.trainable_variables]

    def _activation_model(self):
        import keras

        model = self.model
        return keras.Model(model.inputs, [model.get_layer(n).output for n in self.activation_layers]) \
            if self.activation_layers else None

    def _build(self):
        import keras
        import tensorflow as tf

        if keras.backend.backend() != "tensorflow":
            from playground.training.snapshot_grads import backend_compute

            return backend_compute(self.model, self.loss_fn, self._activation_model(), self.kernel_layers)
        model = self.model
        acts = self._activation_model()
        variables = model.trainable_variables
        kernel_vars = [model.get_layer(n).kernel for n in self.kernel_layers]

        @tf.function(reduce_retracing=True)
        def compute(probe_x, grad_x, grad_y):
            outs = acts(probe_x, training=False) if acts is not None else []
            outs = list(outs) if isinstance(outs, (list, tuple)) else [outs]
            with tf.GradientTape() as tape:
                pred = model(grad_x, training=False)
                loss = tf.cast(self.loss_fn(grad_y, pred), tf.float32)
            grads = tape.gradient(loss, variables)
            zero = tf.constant(0.0, tf.float32)
            gsq = [tf.reduce_sum(tf.square(tf.cast(g, tf.float32))) if g is not None else zero for g in grads]
            wsq = [tf.reduce_sum(tf.square(tf.cast(v, tf.float32))) for v in variables]
            return ([tf.cast(o, tf.float32) for o in outs], [tf.identity(k) for k in kernel_vars], loss,
                    tf.stack(gsq) if gsq else tf.zeros((0,)), tf.stack(wsq) if wsq else tf.zeros((0,)))

        return compute

    def take(self, epoch: int, step: int, global_step: int, elapsed: float) -> Snapshot:
        """A Snapshot of the model as it is now (call only from the training thread)."""
        if self._fn is None:
            self._fn = self._build()
        args = (self.probe_x, self.grad_x, self.grad_y)
        if self.strategy is None:
            outs, kernels, loss, gsq, wsq = self._fn(*args)
        else:
            import tensorflow as tf

            per_replica = self.strategy.run(self._fn, args=args)
            first = self.strategy.experimental_local_results
            outs, kernels, loss, gsq, wsq = tf.nest.map_structure(lambda v: first(v)[0], per_replica)
        grad_norms: dict[str, float] = {}
        weight_norms: dict[str, float] = {}
        for layer, g, w in zip(self._layer_of_var, np.asarray(gsq), np.asarray(wsq)):
            grad_norms[layer] = grad_norms.get(layer, 0.0) + float(g)
            weight_norms[layer] = weight_norms.get(layer, 0.0) + float(w)
        return Snapshot(
            epoch=epoch, step=step, global_step=global_step, elapsed=elapsed,
            kernels={n: np.array(k, dtype=np.float32) for n, k in zip(self.kernel_layers, kernels)},
            activations={n: np.array(a) for n, a in zip(self.activation_layers, outs)},
            weight_norms={k: float(np.sqrt(v)) for k, v in weight_norms.items()},
            grad_norms={k: float(np.sqrt(v)) for k, v in grad_norms.items()},
            probe_loss=float(loss),
        )
