"""Spec -> the Python source of a ``build_model()`` function in idiomatic Keras 3.

The generated code must build exactly what ``build_model`` in ``playground.engine.build`` builds
(tests compare the two), yet read like code a person would write: functional API, one line per
layer, only the arguments that differ from Keras's defaults.

User text never reaches the source unescaped: layer names and the model name appear only as
``repr()`` literals, and Python variables are derived from node ids through ``identifier()``.
"""

from __future__ import annotations

import builtins
import keyword
import re

from playground.engine.fixed_kernels import base_kernel
from playground.network.spec import NetworkSpec

# kind -> (positional params, keyword params). Names are both catalog and Keras argument names.
LAYER_ARGS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Conv2D": (("filters", "kernel_size"),
               ("strides", "padding", "dilation_rate", "activation", "use_bias", "trainable")),
    "Conv1D": (("filters", "kernel_size"), ("strides", "padding", "dilation_rate", "activation", "use_bias")),
    "SeparableConv2D": (("filters", "kernel_size"),
                        ("strides", "padding", "depth_multiplier", "activation", "use_bias")),
    "DepthwiseConv2D": (("kernel_size",), ("strides", "padding", "depth_multiplier", "activation", "use_bias")),
    "Conv2DTranspose": (("filters", "kernel_size"), ("strides", "padding", "activation", "use_bias")),
    "MaxPooling2D": (("pool_size",), ("strides", "padding")),
    "AveragePooling2D": (("pool_size",), ("strides", "padding")),
    "MaxPooling1D": (("pool_size",), ("strides", "padding")),
    "AveragePooling1D": (("pool_size",), ("strides", "padding")),
    "Dense": (("units",), ("activation", "use_bias")),
    "ZeroPadding2D": (("padding",), ()),
    "Rescaling": (("scale",), ("offset",)),
    "Dropout": (("rate",), ()),
    "SpatialDropout2D": (("rate",), ()),
    "GaussianNoise": (("stddev",), ()),
    "BatchNormalization": ((), ("momentum", "epsilon")),
    "LayerNormalization": ((), ("epsilon",)),
    "Activation": (("activation",), ()),
    "Concatenate": ((), ("axis",)),
}
NO_ARGS = ("GlobalAveragePooling2D", "GlobalMaxPooling2D", "GlobalAveragePooling1D", "GlobalMaxPooling1D",
           "Flatten", "Add", "Multiply")
MERGES = ("Add", "Multiply", "Concatenate")

# Keras's own defaults for the keyword arguments above: what equals them is left out.
KERAS_DEFAULTS = {
    "strides": 1, "padding": "valid", "dilation_rate": 1, "activation": "linear", "use_bias": True,
    "trainable": True, "depth_multiplier": 1, "offset": 0.0, "momentum": 0.99, "epsilon": 1e-3, "axis": -1,
}
# Names the generated build_model() uses itself; a node id equal to one gets a suffix.
_RESERVED = {"keras", "layers", "np", "model", "inputs", "outputs", "set_fixed_kernel", "build_model"}


def identifier(text: str, taken: set[str] | None = None) -> str:
    """A safe, readable Python identifier for ``text``, distinct from everything in ``taken``."""
    name = re.sub(r"\W", "_", str(text), flags=re.ASCII).strip("_") or "layer"
    if name[0].isdigit():
        name = f"n_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or hasattr(builtins, name) or name in _RESERVED:
        name = f"{name}_"
    taken = taken if taken is not None else set()
    base, i = name, 2
    while name in taken:
        name, i = f"{base}_{i}", i + 1
    taken.add(name)
    return name


def literal(value) -> str:
    """A Python literal for a parameter value (tuples stay tuples, text is repr-escaped)."""
    if isinstance(value, (list, tuple)):
        return repr(tuple(literal_value(v) for v in value))
    return repr(literal_value(value))


def literal_value(value):
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value
    raise TypeError(f"Cannot write {value!r} into generated code")


def _is_default(name: str, value, params: dict) -> bool:
    if name == "strides" and "pool_size" in params:
        return tuple(value) == tuple(params["pool_size"])
    default = KERAS_DEFAULTS.get(name, object())
    if isinstance(value, (list, tuple)):
        return all(v == default for v in value)
    return value == default and type(value) is type(default)


def layer_arguments(kind: str, params: dict, name: str) -> list[str]:
    """The argument list of one node's layer constructor, as source fragments."""
    if kind in NO_ARGS:
        return [f"name={name!r}"]
    if kind not in LAYER_ARGS:
        raise ValueError(f"No code generator for layer kind {kind!r}")
    positional, keywords = LAYER_ARGS[kind]
    args = [literal(params[p]) for p in positional]
    args += [f"{k}={literal(params[k])}" for k in keywords if k in params and not _is_default(k, params[k], params)]
    args.append(f"name={name!r}")
    return args


def layer_expression(kind: str, params: dict, name: str) -> str:
    """``layers.Conv2D(16, (3, 3), padding='same', name='conv1')`` for one node."""
    return f"layers.{kind}({', '.join(layer_arguments(kind, params, name))})"


def model_name(name: str) -> str:
    """The Keras model name build_model() gives a spec named ``name``."""
    cleaned = "".join(c if c.isalnum() or c == "_" else "_" for c in name).strip("_")
    return cleaned or "network"


def _layer_lines(target: str, kind: str, args: list[str], call: str, width: int = 100) -> list[str]:
    """``target = layers.Kind(args)(call)``, one argument per line when it would be too long."""
    line = f"    {target} = layers.{kind}({', '.join(args)})({call})"
    if len(line) <= width:
        return [line]
    joined = f"        {', '.join(args)}"
    if len(joined) <= width:
        return [f"    {target} = layers.{kind}(", joined, f"    )({call})"]
    return [f"    {target} = layers.{kind}(", *[f"        {a}," for a in args], f"    )({call})"]


def build_function_source(spec: NetworkSpec) -> str:
    """The source of ``build_model()`` (and its fixed-kernel helper when the spec needs one)."""
    taken: set[str] = set()
    var = {nid: identifier(nid, taken) for nid in spec.topological_order()}
    lines = [
        "def build_model():",
        '    """The network, layer by layer. Layer names are the node ids of the playground project."""',
    ]
    fixed: list[tuple[str, str]] = []
    inputs: list[str] = []
    for nid in spec.topological_order():
        node = spec.node(nid)
        if node.kind == "Input":
            shape = literal(node.params["shape"])
            lines.append(f"    {var[nid]} = keras.Input(shape={shape}, name={nid!r})")
            inputs.append(var[nid])
            continue
        parents = [var[p] for p in spec.inputs_of(nid)]
        arg = f"[{', '.join(parents)}]" if node.kind in MERGES or len(parents) > 1 else parents[0]
        lines += _layer_lines(var[nid], node.kind, layer_arguments(node.kind, node.params, nid), arg)
        if node.params.get("fixed_kernel", "learned") != "learned":
            fixed.append((nid, node.params["fixed_kernel"]))
    outputs = [var[o] for o in spec.output_ids()]
    ins = inputs[0] if len(inputs) == 1 else f"[{', '.join(inputs)}]"
    outs = outputs[0] if len(outputs) == 1 else f"[{', '.join(outputs)}]"
    lines.append(f"    model = keras.Model({ins}, {outs}, name={model_name(spec.name)!r})")
    for nid, which in fixed:
        lines.append(f"    set_fixed_kernel(model.get_layer({nid!r}), {which!r})")
    lines.append("    return model")
    source = "\n".join(lines) + "\n"
    if fixed:
        source = fixed_kernel_source(spec, fixed) + "\n\n" + source
    return source


def fixed_kernel_source(spec: NetworkSpec, fixed: list[tuple[str, str]]) -> str:
    """A helper that sets classic filters (Sobel, Laplacian, Gaussian) as a conv layer's kernels."""
    table: dict[str, list] = {}
    for nid, which in fixed:
        kh, kw = spec.node(nid).params["kernel_size"]
        table[f"{which}_{kh}x{kw}"] = base_kernel(which, kh, kw).tolist()
    entries = "\n".join(f"    {k!r}: [\n" + "".join(f"        {row!r},\n" for row in v) + "    ],"
                        for k, v in sorted(table.items()))
    return (
        "# Classic filters some conv layers start from, as 2-D kernels by name and size.\n"
        f"FIXED_KERNELS = {{\n{entries}\n}}\n\n\n"
        "def set_fixed_kernel(layer, which):\n"
        '    """Every output channel applies the filter to the mean of the input channels; bias 0."""\n'
        "    kh, kw, c_in, c_out = layer.kernel.shape\n"
        '    k2d = np.array(FIXED_KERNELS[f"{which}_{kh}x{kw}"]) / c_in\n'
        "    layer.kernel.assign(np.broadcast_to(k2d[:, :, None, None], (kh, kw, c_in, c_out)).astype(np.float32))\n"
        "    if layer.use_bias:\n"
        "        layer.bias.assign(np.zeros(layer.bias.shape, np.float32))\n"
    )
