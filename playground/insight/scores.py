"""Running a classifier for insight: batches, plain forward passes and pre-softmax class scores.

Saliency and adversarial examples differentiate a class score with respect to the image. The
softmax probability is a poor score for that: once a model is confident, the probability is
saturated at ~1 and its gradient vanishes (in float32 it can be exactly zero), so the picture
goes blank and FGSM finds no direction. The score before the softmax (the logit) does not
saturate, so :func:`class_scores` peels a final softmax/sigmoid off when it can see one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

_SQUASHES = ("softmax", "sigmoid")


def as_batch(model: Any, sample: np.ndarray) -> np.ndarray:
    """``sample`` as a float32 batch for ``model``: adds the batch axis to a single sample."""
    sample = np.asarray(sample, dtype=np.float32)
    rank = len(_single_input(model).shape)  # includes the batch axis
    if sample.ndim == rank - 1:
        return sample[None]
    if sample.ndim == rank:
        return sample
    raise ValueError(
        f"Expected one sample of rank {rank - 1} or a batch of rank {rank}. Received: shape={sample.shape}"
    )


def forward(model: Any, batch: np.ndarray) -> np.ndarray:
    """``model(batch)`` in inference mode (dropout and noise off), as numpy."""
    import keras

    return keras.ops.convert_to_numpy(model(np.asarray(batch, dtype=np.float32), training=False))


@dataclass(frozen=True)
class ClassScores:
    """``fn`` maps a backend batch tensor to (batch, classes) scores; ``logits`` says which kind.

    With ``logits`` the scores come before the softmax; otherwise they are the model's output
    (probabilities for a softmax model).
    """

    fn: Callable[[Any], Any]
    logits: bool
    num_classes: int


def class_scores(model: Any, prefer_logits: bool = True) -> ClassScores:
    """Class scores of a single-output classifier whose output is (batch, classes).

    With ``prefer_logits`` a final ``softmax``/``sigmoid`` (on the last layer, or as an
    Activation layer) is left out. A one-unit output is read as binary: its value ``z``
    becomes the two scores ``[0, z]`` (logits) or ``[1 - p, p]`` (probability).
    The peeled layer is a copy of the weights at call time: build a new one after training.
    """
    output = _single_output(model)
    if len(output.shape) != 2:
        raise ValueError(
            f"Class scores need an output of shape (batch, classes). Received: shape={tuple(output.shape)}"
        )
    units = int(output.shape[-1])
    last = _output_layer(model)
    squash = _activation_name(last)
    peel = prefer_logits and squash in _SQUASHES and last is not None
    fn = layer_function(model, last.name, before_activation=peel) if last is not None else _caller(model)
    logits = peel or squash not in _SQUASHES
    if units == 1:
        fn = _binary(fn, logits)
    return ClassScores(fn, logits, max(units, 2))


def _caller(model: Any) -> Callable[[Any], Any]:
    return lambda x: model(x, training=False)


def _binary(inner: Callable[[Any], Any], logits: bool) -> Callable[[Any], Any]:
    import keras

    def fn(x: Any) -> Any:
        z = inner(x)
        other = keras.ops.zeros_like(z) if logits else 1.0 - z
        return keras.ops.concatenate([other, z], axis=-1)

    return fn


def layer_function(model: Any, layer_name: str, before_activation: bool = False) -> Callable[[Any], Any]:
    """``x -> output of layer_name`` for a batch ``x``, in inference mode.

    With ``before_activation`` the layer's own activation function (ReLU, softmax, ...) is
    left out: an Activation layer gives its input, a layer with an ``activation`` setting is
    run as a copy with a linear activation and the weights as they are now.
    """
    import keras

    layer = model.get_layer(layer_name)
    model_input = _single_input(model)
    squash = _activation_name(layer)
    if not before_activation or squash in ("", "linear"):
        if layer.output is model_input:
            return lambda x: x
        sub = keras.Model(model_input, layer.output)
        return lambda x: sub(x, training=False)
    body_output = layer.input
    if isinstance(body_output, (list, tuple)):
        raise ValueError(f"Layer {layer_name!r} has several inputs; its activation cannot be peeled off")
    body = None if body_output is model_input else keras.Model(model_input, body_output)
    if isinstance(layer, keras.layers.Activation):
        head = None
    else:
        config = layer.get_config()
        config["activation"] = "linear"
        head = type(layer).from_config(config)
        head.build(tuple(body_output.shape))
        head.set_weights(layer.get_weights())

    def fn(x: Any) -> Any:
        h = x if body is None else body(x, training=False)
        return h if head is None else head(h)

    return fn


def _activation_name(layer: Any) -> str:
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", "") if activation is not None else ""


def _output_layer(model: Any) -> Any:
    output = _single_output(model)
    for layer in reversed(model.layers):
        try:
            if layer.output is output:
                return layer
        except (AttributeError, ValueError):  # layers used more than once have no single output
            continue
    return None


def _single_output(model: Any) -> Any:
    outputs = model.outputs
    if len(outputs) != 1:
        raise ValueError(f"Expected a model with one output. Received: {len(outputs)} outputs")
    return outputs[0]


def _single_input(model: Any) -> Any:
    inputs = model.inputs
    if len(inputs) != 1:
        raise ValueError(f"Expected a model with one input. Received: {len(inputs)} inputs")
    return inputs[0]


def predicted_classes(model: Any, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Predicted class of every sample of ``batch`` and the model's output for that class.

    For a softmax model the second array is the confidence (probability) of the prediction.
    A one-unit output predicts class 1 above 0.5 (sigmoid) or above 0 (no squashing).
    """
    import keras

    scores = keras.ops.convert_to_numpy(class_scores(model, prefer_logits=False).fn(batch))
    cls = scores.argmax(axis=-1)
    return cls, scores[np.arange(len(scores)), cls]
