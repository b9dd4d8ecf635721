"""The one place that knows how each Keras backend takes a gradient with respect to an INPUT.

Keras 3 runs the same model on TensorFlow, JAX or PyTorch, but has no backend-neutral
"gradient of this function" op: TensorFlow uses ``tf.GradientTape``, JAX ``jax.grad``, PyTorch
autograd. Saliency, filter visualisation and FGSM all need d(score)/d(image), so the backend
switch lives here and everything else in :mod:`playground.insight` only writes ``keras.ops``.

Weights are never touched: gradients are taken with respect to the input only, so running
these helpers while a model trains elsewhere cannot change what it learns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

ScalarFn = Callable[[Any], Any]


def value_and_input_gradient(fn: ScalarFn, x: np.ndarray) -> tuple[float, np.ndarray]:
    """``fn(x)`` and ``d fn / d x``, as a float and a numpy array shaped like ``x``.

    ``fn`` maps a backend tensor (a batch) to a scalar tensor and should use ``keras.ops`` and
    Keras models only, so it runs on any backend. For a batch, let ``fn`` return a SUM of
    per-sample values: the gradient of each sample is then its own.
    """
    import keras

    x = np.asarray(x, dtype=np.float32)
    backend = keras.backend.backend()
    if backend == "tensorflow":
        return _tensorflow(fn, x)
    if backend == "jax":
        return _jax(fn, x)
    if backend == "torch":
        return _torch(fn, x)
    raise RuntimeError(
        f"Input gradients need the tensorflow, jax or torch backend. Received: backend={backend!r}"
    )


def _tensorflow(fn: ScalarFn, x: np.ndarray) -> tuple[float, np.ndarray]:
    import tensorflow as tf

    tensor = tf.convert_to_tensor(x)
    with tf.GradientTape() as tape:
        tape.watch(tensor)
        value = fn(tensor)
    grad = tape.gradient(value, tensor)
    grad = np.zeros_like(x) if grad is None else grad.numpy()  # None: fn ignores its input
    return float(value), grad


def _jax(fn: ScalarFn, x: np.ndarray) -> tuple[float, np.ndarray]:  # pragma: no cover - not in CI
    import jax
    import jax.numpy as jnp

    value, grad = jax.value_and_grad(fn)(jnp.asarray(x))
    return float(value), np.array(grad)  # a writable copy, as from the other backends


def _torch(fn: ScalarFn, x: np.ndarray) -> tuple[float, np.ndarray]:  # pragma: no cover - not in CI
    import keras
    import torch

    tensor = keras.ops.convert_to_tensor(x).detach().requires_grad_(True)  # on Keras' device
    value = fn(tensor)
    (grad,) = torch.autograd.grad(value, tensor, allow_unused=True)
    grad = np.zeros_like(x) if grad is None else grad.detach().cpu().numpy()
    return float(value.detach().cpu()), grad
