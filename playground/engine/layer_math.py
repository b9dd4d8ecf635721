"""Per-kind arithmetic: output shape, parameter count and multiply-accumulates of one layer.

Pure Python, no weights allocated, so the whole network can be re-analysed on every edit.
The numbers follow Keras's own rules (``compute_output_shape``, weight shapes); tests check
every kind against a real Keras build.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

Shape = tuple[int, ...]


class ShapeProblem(Exception):
    """The layer cannot be applied to the shapes it receives; the message says what to change."""


@dataclass(frozen=True)
class Context:
    """Where a layer sits: how many layers upstream shrank the map, and the network's input size."""

    downsamples: int = 0
    origin: Shape | None = None


@dataclass(frozen=True)
class LayerMath:
    """What one layer does to the numbers: its output shape, weights and work per sample."""

    shape: Shape
    trainable: int = 0
    non_trainable: int = 0
    macs: int = 0


def fmt_shape(shape: Shape) -> str:
    return "×".join(str(d) for d in shape)


def conv_length(n: int, k: int, s: int, padding: str, d: int = 1) -> int:
    """Keras's output length of a convolution or pooling window along one axis."""
    k_eff = d * (k - 1) + 1
    if padding in ("same", "causal"):
        return math.ceil(n / s)
    return (n - k_eff) // s + 1


def transpose_length(n: int, k: int, s: int, padding: str) -> int:
    """Keras's output length of a transposed convolution (no output padding)."""
    return n * s + max(k - s, 0) if padding == "valid" else n * s


def same_padding_total(n: int, k_eff: int, s: int) -> int:
    """Zeros Keras adds along one axis for padding 'same' (split before/after)."""
    return max((math.ceil(n / s) - 1) * s + k_eff - n, 0)


def _need_rank(kind_label: str, shape: Shape, rank: int) -> None:
    if len(shape) == rank:
        return
    wanted = {3: "an image (H×W×C)", 2: "a sequence (L×C)"}[rank]
    got = f"a vector of {shape[0]}" if len(shape) == 1 else fmt_shape(shape)
    fix = "move it before Flatten / global pooling" if len(shape) < rank else "use the matching 1-D/2-D kind"
    raise ShapeProblem(f"{kind_label} needs {wanted} but receives {got}: {fix}")


def _spatial(p: dict, shape: Shape, kernel: tuple, strides: tuple, dilation: tuple | None = None,
             ctx: Context | None = None, what: str = "kernel") -> Shape:
    """Output spatial sizes of a windowed layer, or a ShapeProblem when the window does not fit."""
    dilation = dilation or (1,) * len(kernel)
    spatial = shape[:-1]
    out = tuple(
        conv_length(n, k, s, p.get("padding", "valid"), d)
        for n, k, s, d in zip(spatial, kernel, strides, dilation)
    )
    if any(o < 1 for o in out):
        k_eff = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation))
        here = f"the input here is {fmt_shape(spatial)}"
        if ctx is not None and ctx.downsamples:
            layers = "pooling/strided layer" if ctx.downsamples == 1 else "pooling/strided layers"
            origin = f"{fmt_shape(ctx.origin)} input" if ctx.origin else "input"
            here = f"after {ctx.downsamples} {layers} the {origin} is {fmt_shape(spatial)}"
        raise ShapeProblem(
            f"{here}, smaller than this {fmt_shape(k_eff)} {what}: use padding 'same' or drop a pooling layer"
        )
    return out


def _bias(p: dict, units: int) -> int:
    return units if p.get("use_bias", True) else 0


def _split_trainable(p: dict, count: int) -> tuple[int, int]:
    return (count, 0) if p.get("trainable", True) else (0, count)


def conv(label: str, rank: int):
    def compute(p: dict, shapes: list[Shape], ctx: Context) -> LayerMath:
        (shape,) = shapes
        _need_rank(label, shape, rank)
        if max(p["strides"]) > 1 and max(p["dilation_rate"]) > 1:
            raise ShapeProblem("strides above 1 and dilation above 1 cannot be combined: set one of them to 1")
        out = _spatial(p, shape, p["kernel_size"], p["strides"], p["dilation_rate"], ctx)
        c_in, c_out = shape[-1], p["filters"]
        k = math.prod(p["kernel_size"])
        trainable, frozen = _split_trainable(p, k * c_in * c_out + _bias(p, c_out))
        return LayerMath(out + (c_out,), trainable, frozen, math.prod(out) * k * c_in * c_out)

    return compute


def separable(p: dict, shapes: list[Shape], ctx: Context) -> LayerMath:
    (shape,) = shapes
    _need_rank("Separable conv 2D", shape, 3)
    out = _spatial(p, shape, p["kernel_size"], p["strides"], None, ctx)
    c_in, dm, c_out = shape[-1], p["depth_multiplier"], p["filters"]
    k = math.prod(p["kernel_size"])
    params = k * c_in * dm + c_in * dm * c_out + _bias(p, c_out)
    macs = math.prod(out) * (k * c_in * dm + c_in * dm * c_out)
    return LayerMath(out + (c_out,), params, 0, macs)


def depthwise(p: dict, shapes: list[Shape], ctx: Context) -> LayerMath:
    (shape,) = shapes
    _need_rank("Depthwise conv 2D", shape, 3)
    out = _spatial(p, shape, p["kernel_size"], p["strides"], None, ctx)
    c_out = shape[-1] * p["depth_multiplier"]
    k = math.prod(p["kernel_size"])
    return LayerMath(out + (c_out,), k * c_out + _bias(p, c_out), 0, math.prod(out) * k * c_out)


def transpose(p: dict, shapes: list[Shape], ctx: Context) -> LayerMath:
    (shape,) = shapes
    _need_rank("Transposed conv 2D", shape, 3)
    out = tuple(
        transpose_length(n, k, s, p["padding"])
        for n, k, s in zip(shape[:-1], p["kernel_size"], p["strides"])
    )
    c_in, c_out = shape[-1], p["filters"]
    k = math.prod(p["kernel_size"])
    return LayerMath(out + (c_out,), k * c_in * c_out + _bias(p, c_out), 0,
                     math.prod(shape[:-1]) * k * c_in * c_out)


def pool(label: str, rank: int):
    def compute(p: dict, shapes: list[Shape], ctx: Context) -> LayerMath:
        (shape,) = shapes
        _need_rank(label, shape, rank)
        out = _spatial(p, shape, p["pool_size"], p["strides"], None, ctx, what="pooling window")
        return LayerMath(out + (shape[-1],))

    return compute


def global_pool(label: str, rank: int):
    def compute(p: dict, shapes: list[Shape], ctx: Context) -> LayerMath:
        (shape,) = shapes
        _need_rank(label, shape, rank)
        return LayerMath((shape[-1],))

    return compute


def flatten(p: dict, shapes: list[Shape], ctx: Context) -> LayerMath:
    return LayerMath((math.prod(shapes[0]),))


def dense(p: dict, shapes: list[Shape], ctx: Context) -> LayerMath:
    (shape,) = shapes
    c_in, units = shape[-1], p["units"]
    return LayerMath(shape[:-1] + (units,), c_in * units + _bias(p, units), 0,
                     math.prod(shape[:-1]) * c_in * units)


def identity(p: dict, shapes: list[Shape], ctx: Context) -> LayerMath:
    return LayerMath(shapes[0])


def image_identity(label: str):
    def compute(p: dict, shapes: list[Shape], ctx: Context) -> LayerMath:
        _need_rank(label, shapes[0], 3)
        return LayerMath(shapes[0])

    return compute


def zero_padding(p: dict, shapes: list[Shape], ctx: Context) -> LayerMath:
    (shape,) = shapes
    _need_rank("Zero padding 2D", shape, 3)
    ph, pw = p["padding"]
    return LayerMath((shape[0] + 2 * ph, shape[1] + 2 * pw, shape[2]))


def batch_norm(p: dict, shapes: list[Shape], ctx: Context) -> LayerMath:
    c = shapes[0][-1]
    return LayerMath(shapes[0], 2 * c, 2 * c)


def layer_norm(p: dict, shapes: list[Shape], ctx: Context) -> LayerMath:
    return LayerMath(shapes[0], 2 * shapes[0][-1], 0)


def elementwise(label: str, fix: str):
    def compute(p: dict, shapes: list[Shape], ctx: Context) -> LayerMath:
        if any(s != shapes[0] for s in shapes):
            listed = " and ".join(fmt_shape(s) for s in shapes)
            raise ShapeProblem(f"{label} needs inputs of the same shape but gets {listed}: {fix}")
        return LayerMath(shapes[0])

    return compute


def concatenate(p: dict, shapes: list[Shape], ctx: Context) -> LayerMath:
    rank = len(shapes[0])
    if any(len(s) != rank for s in shapes):
        listed = " and ".join(fmt_shape(s) for s in shapes)
        raise ShapeProblem(f"Concatenate needs inputs of the same rank but gets {listed}")
    full = p["axis"] % (rank + 1) if -(rank + 1) <= p["axis"] <= rank else None
    if not full:
        raise ShapeProblem(
            f"axis {p['axis']} is outside this {rank + 1}-D tensor (or is the batch axis): use -1 for channels"
        )
    axis = full - 1
    rest = {s[:axis] + s[axis + 1:] for s in shapes}
    if len(rest) > 1:
        listed = " and ".join(fmt_shape(s) for s in shapes)
        raise ShapeProblem(
            f"Concatenate joins along axis {p['axis']}, so all other sizes must match, but it gets {listed}: "
            "give the branches the same strides and padding"
        )
    out = list(shapes[0])
    out[axis] = sum(s[axis] for s in shapes)
    return LayerMath(tuple(out))


LAYER_MATH: dict[str, Callable[[dict, list[Shape], Context], LayerMath]] = {
    "Conv2D": conv("Conv 2D", 3),
    "Conv1D": conv("Conv 1D", 2),
    "SeparableConv2D": separable,
    "DepthwiseConv2D": depthwise,
    "Conv2DTranspose": transpose,
    "MaxPooling2D": pool("Max pool 2D", 3),
    "AveragePooling2D": pool("Average pool 2D", 3),
    "MaxPooling1D": pool("Max pool 1D", 2),
    "AveragePooling1D": pool("Average pool 1D", 2),
    "GlobalAveragePooling2D": global_pool("Global average pool 2D", 3),
    "GlobalMaxPooling2D": global_pool("Global max pool 2D", 3),
    "GlobalAveragePooling1D": global_pool("Global average pool 1D", 2),
    "GlobalMaxPooling1D": global_pool("Global max pool 1D", 2),
    "Flatten": flatten,
    "Dense": dense,
    "ZeroPadding2D": zero_padding,
    "Rescaling": identity,
    "Dropout": identity,
    "SpatialDropout2D": image_identity("Spatial dropout 2D"),
    "GaussianNoise": identity,
    "BatchNormalization": batch_norm,
    "LayerNormalization": layer_norm,
    "Activation": identity,
    "Add": elementwise("Add", "match the branches' strides and filters, or put a 1×1 conv on the shortcut"),
    "Multiply": elementwise("Multiply", "match the branches' strides and filters"),
    "Concatenate": concatenate,
}

# Kinds whose window moves over space: they grow the receptive field and may downsample.
WINDOW_KEYS = {
    "Conv2D": ("kernel_size", "strides", "dilation_rate"),
    "Conv1D": ("kernel_size", "strides", "dilation_rate"),
    "SeparableConv2D": ("kernel_size", "strides", None),
    "DepthwiseConv2D": ("kernel_size", "strides", None),
    "MaxPooling2D": ("pool_size", "strides", None),
    "AveragePooling2D": ("pool_size", "strides", None),
    "MaxPooling1D": ("pool_size", "strides", None),
    "AveragePooling1D": ("pool_size", "strides", None),
}
