"""Spec -> Keras functional model. Each node becomes one Keras layer named by the node id.

Keras is imported lazily so that importing the engine does not load TensorFlow.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from playground.engine.fixed_kernels import fixed_kernel
from playground.network.spec import NetworkSpec
from playground.network.validate import Problem


class BuildError(ValueError):
    """The spec has errors; ``problems`` lists them per node."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        listed = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"The network cannot be built: {listed}{more}")


def _activation(name: str) -> Any:
    return "linear" if name == "linear" else name


def make_layer(kind: str, params: dict, name: str):
    """One Keras layer for a node of ``kind`` with ``params``."""
    from keras import layers

    p = params
    if kind == "Conv2D":
        return layers.Conv2D(
            p["filters"], tuple(p["kernel_size"]), strides=tuple(p["strides"]), padding=p["padding"],
            dilation_rate=tuple(p["dilation_rate"]), activation=_activation(p["activation"]),
            use_bias=p["use_bias"], trainable=p["trainable"], name=name,
        )
    if kind == "Conv1D":
        return layers.Conv1D(
            p["filters"], tuple(p["kernel_size"]), strides=tuple(p["strides"]), padding=p["padding"],
            dilation_rate=tuple(p["dilation_rate"]), activation=_activation(p["activation"]),
            use_bias=p["use_bias"], name=name,
        )
    if kind == "SeparableConv2D":
        return layers.SeparableConv2D(
            p["filters"], tuple(p["kernel_size"]), strides=tuple(p["strides"]), padding=p["padding"],
            depth_multiplier=p["depth_multiplier"], activation=_activation(p["activation"]),
            use_bias=p["use_bias"], name=name,
        )
    if kind == "DepthwiseConv2D":
        return layers.DepthwiseConv2D(
            tuple(p["kernel_size"]), strides=tuple(p["strides"]), padding=p["padding"],
            depth_multiplier=p["depth_multiplier"], activation=_activation(p["activation"]),
            use_bias=p["use_bias"], name=name,
        )
    if kind == "Conv2DTranspose":
        return layers.Conv2DTranspose(
            p["filters"], tuple(p["kernel_size"]), strides=tuple(p["strides"]), padding=p["padding"],
            activation=_activation(p["activation"]), use_bias=p["use_bias"], name=name,
        )
    if kind in ("MaxPooling2D", "AveragePooling2D", "MaxPooling1D", "AveragePooling1D"):
        return getattr(layers, kind)(
            pool_size=tuple(p["pool_size"]), strides=tuple(p["strides"]), padding=p["padding"], name=name
        )
    if kind in ("GlobalAveragePooling2D", "GlobalMaxPooling2D", "GlobalAveragePooling1D",
                "GlobalMaxPooling1D", "Flatten", "Add", "Multiply"):
        return getattr(layers, kind)(name=name)
    if kind == "Dense":
        return layers.Dense(p["units"], activation=_activation(p["activation"]), use_bias=p["use_bias"], name=name)
    if kind == "ZeroPadding2D":
        return layers.ZeroPadding2D(tuple(p["padding"]), name=name)
    if kind == "Rescaling":
        return layers.Rescaling(p["scale"], p["offset"], name=name)
    if kind in ("Dropout", "SpatialDropout2D"):
        return getattr(layers, kind)(p["rate"], name=name)
    if kind == "GaussianNoise":
        return layers.GaussianNoise(p["stddev"], name=name)
    if kind == "BatchNormalization":
        return layers.BatchNormalization(momentum=p["momentum"], epsilon=p["epsilon"], name=name)
    if kind == "LayerNormalization":
        return layers.LayerNormalization(epsilon=p["epsilon"], name=name)
    if kind == "Activation":
        return layers.Activation(_activation(p["activation"]), name=name)
    if kind == "Concatenate":
        return layers.Concatenate(axis=p["axis"], name=name)
    raise ValueError(f"No Keras layer for kind {kind!r}")


def build_model(spec: NetworkSpec, check: bool = True):
    """Build the Keras functional model of ``spec``.

    With ``check`` the spec is analysed first and a BuildError lists every error, so Keras
    never sees an impossible network (its own messages are much harder to read).
    """
    import keras

    if check:
        from playground.engine.analysis import analyze

        errs = analyze(spec).errors
        if errs:
            raise BuildError(errs)
    tensors: dict[str, Any] = {}
    model_inputs = []
    fixed: list[tuple[str, str]] = []
    for nid in spec.topological_order():
        node = spec.node(nid)
        if node.kind == "Input":
            tensor = keras.Input(shape=tuple(node.params["shape"]), name=nid)
            model_inputs.append(tensor)
        else:
            layer = make_layer(node.kind, node.params, nid)
            parents = [tensors[s] for s in spec.inputs_of(nid)]
            tensor = layer(parents if len(parents) > 1 or node.kind in ("Add", "Multiply", "Concatenate")
                           else parents[0])
            if node.params.get("fixed_kernel", "learned") != "learned":
                fixed.append((nid, node.params["fixed_kernel"]))
        tensors[nid] = tensor
    outputs = [tensors[o] for o in spec.output_ids()]
    model = keras.Model(
        model_inputs if len(model_inputs) > 1 else model_inputs[0],
        outputs if len(outputs) > 1 else outputs[0],
        name=_model_name(spec.name),
    )
    for nid, which in fixed:
        apply_fixed_kernel(model.get_layer(nid), which)
    return model


def apply_fixed_kernel(layer, which: str) -> None:
    """Set a conv layer's kernels to a classic filter and its biases to zero."""
    kernel_shape = tuple(layer.kernel.shape)
    layer.kernel.assign(fixed_kernel(which, kernel_shape).astype(np.float32))
    if layer.use_bias:
        layer.bias.assign(np.zeros(tuple(layer.bias.shape), np.float32))


def _model_name(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c == "_" else "_" for c in name).strip("_")
    return cleaned or "network"
