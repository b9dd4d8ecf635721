"""Snapshot numbers on the JAX and torch backends, where tf.function and GradientTape do not apply.

Returns a function with the same inputs and outputs as the TensorFlow one in snapshots.py:
(activations, kernels, probe loss, squared gradient norm per trainable variable, squared weight
norm per trainable variable). JAX differentiates a stateless call of the model (jitted once);
torch runs autograd on a plain call and clears the gradients it made.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def backend_compute(model, loss_fn, acts, kernel_layers: list[str]) -> Callable:
    """The snapshot function for the current (non-TensorFlow) Keras backend."""
    import keras

    backend = keras.backend.backend()
    grads_of = _jax_grads(model, loss_fn) if backend == "jax" else _torch_grads(model, loss_fn) \
        if backend == "torch" else None
    if grads_of is None:
        raise RuntimeError(f"Snapshots need the tensorflow, jax or torch backend. Received: backend={backend!r}")

    def compute(probe_x, grad_x, grad_y):
        to_np = keras.ops.convert_to_numpy
        outs = acts(probe_x, training=False) if acts is not None else []
        outs = list(outs) if isinstance(outs, (list, tuple)) else [outs]
        kernels = [to_np(model.get_layer(n).kernel) for n in kernel_layers]
        loss, grads = grads_of(grad_x, grad_y)
        gsq = np.array([np.sum(np.square(g, dtype=np.float32)) for g in grads], np.float32)
        wsq = np.array([np.sum(np.square(to_np(v).astype(np.float32))) for v in model.trainable_variables],
                       np.float32)
        return [to_np(o).astype(np.float32) for o in outs], kernels, float(loss), gsq, wsq

    return compute


def _jax_grads(model, loss_fn):
    import jax
    import keras

    def loss_of(trainable, non_trainable, x, y):
        pred, _ = model.stateless_call(trainable, non_trainable, x, training=False)
        return keras.ops.cast(loss_fn(y, pred), "float32")

    value_and_grad = jax.jit(jax.value_and_grad(loss_of))

    def grads_of(x, y):
        loss, grads = value_and_grad([v.value for v in model.trainable_variables],
                                     [v.value for v in model.non_trainable_variables], x, y)
        return float(loss), [np.asarray(g, np.float32) for g in grads]

    return grads_of


def _torch_grads(model, loss_fn):  # pragma: no cover - torch is not installed in CI
    import torch

    def grads_of(x, y):
        variables = [v.value for v in model.trainable_variables]
        pred = model(torch.as_tensor(x), training=False)
        loss = loss_fn(torch.as_tensor(y), pred).float()
        grads = torch.autograd.grad(loss, variables, allow_unused=True)
        return float(loss.detach().cpu()), [np.zeros(tuple(v.shape), np.float32) if g is None
                                            else g.detach().cpu().numpy().astype(np.float32)
                                            for g, v in zip(grads, variables)]

    return grads_of
