"""The learner-facing explanation of a node's numbers: each formula with the numbers filled in.

Every line is computed from the same analysis the canvas shows, and tests check that the
filled-in result equals what Keras builds.
"""

from __future__ import annotations

import math

from playground.engine.analysis import NetworkAnalysis
from playground.engine.layer_math import WINDOW_KEYS, fmt_shape, same_padding_total
from playground.network.spec import NetworkSpec

_CONV_KINDS = ("Conv2D", "Conv1D")


def _n(value: int) -> str:
    return f"{value:,}"


def explain_node(spec: NetworkSpec, analysis: NetworkAnalysis, node_id: str) -> list[str]:
    """Formula lines for ``node_id``: output size, parameters, multiply-accumulates, receptive field."""
    node = spec.node(node_id)
    info = analysis.nodes.get(node_id)
    if info is None or info.shape is None:
        return ["Numbers appear once the problems above are fixed."]
    lines = [f"Output shape: {fmt_shape(info.shape)}"]
    if node.kind == "Input":
        return lines
    in_shape = info.input_shapes[0]
    keys = WINDOW_KEYS.get(node.kind)
    if keys:
        lines.extend(_size_lines(node.params, keys, in_shape, info.shape))
    lines.extend(_param_lines(node.kind, node.params, in_shape, info))
    if info.macs:
        lines.append(_mac_line(node.kind, node.params, in_shape, info))
    if keys and info.receptive_field is not None:
        lines.extend(_rf_lines(node.params, keys, analysis, spec, node_id, info))
    return lines


def _size_lines(p: dict, keys: tuple, in_shape: tuple, out_shape: tuple) -> list[str]:
    """Output size per spatial axis: ⌊(n + 2p − f)/s⌋ + 1 with f the (dilated) window."""
    kernel, strides = p[keys[0]], p[keys[1]]
    dilation = p[keys[2]] if keys[2] else (1,) * len(kernel)
    axes = ("height", "width") if len(kernel) == 2 else ("length",)
    lines = []
    for axis, n, k, s, d, out in zip(axes, in_shape[:-1], kernel, strides, dilation, out_shape[:-1]):
        f = d * (k - 1) + 1
        if p.get("padding") in ("same", "causal"):
            total = same_padding_total(n, f, s)
            pad = f"{total / 2:g}"
            lines.append(
                f"Output {axis}: padding '{p['padding']}' adds {total} zeros, so ⌊(n + 2p − f)/s⌋ + 1 = "
                f"⌊({n} + 2·{pad} − {f})/{s}⌋ + 1 = {out}  (= ⌈n/s⌉)"
            )
        else:
            lines.append(f"Output {axis}: ⌊(n + 2p − f)/s⌋ + 1 = ⌊({n} + 2·0 − {f})/{s}⌋ + 1 = {out}")
    return lines


def _param_lines(kind: str, p: dict, in_shape: tuple, info) -> list[str]:
    c_in = in_shape[-1]
    bias = 1 if p.get("use_bias", True) else 0
    bias_txt = " + 1" if bias else ""
    if kind in _CONV_KINDS:
        k = "·".join(str(v) for v in p["kernel_size"])
        kk = "k·k" if len(p["kernel_size"]) == 2 else "k"
        return [f"Parameters: ({kk}·c_in{bias_txt})·c_out = ({k}·{c_in}{bias_txt})·{p['filters']} = {_n(info.params)}"]
    if kind == "Conv2DTranspose":
        k = "·".join(str(v) for v in p["kernel_size"])
        return [f"Parameters: (k·k·c_in{bias_txt})·c_out = ({k}·{c_in}{bias_txt})·{p['filters']} = {_n(info.params)}"]
    if kind == "SeparableConv2D":
        k = "·".join(str(v) for v in p["kernel_size"])
        dm = p["depth_multiplier"]
        return [
            f"Parameters: k·k·c_in·m + c_in·m·c_out{' + c_out' if bias else ''} = {k}·{c_in}·{dm} + "
            f"{c_in}·{dm}·{p['filters']}{' + ' + str(p['filters']) if bias else ''} = {_n(info.params)}"
        ]
    if kind == "DepthwiseConv2D":
        k = "·".join(str(v) for v in p["kernel_size"])
        dm = p["depth_multiplier"]
        return [f"Parameters: (k·k{bias_txt})·c_in·m = ({k}{bias_txt})·{c_in}·{dm} = {_n(info.params)}"]
    if kind == "Dense":
        return [f"Parameters: (n_in{bias_txt})·units = ({c_in}{bias_txt})·{p['units']} = {_n(info.params)}"]
    if kind == "BatchNormalization":
        return [
            f"Parameters: 4·C = 4·{c_in} = {_n(info.params)} (scale and shift learned; running mean "
            f"and variance, {_n(info.non_trainable_params)}, are not trained)"
        ]
    if kind == "LayerNormalization":
        return [f"Parameters: 2·C = 2·{c_in} = {_n(info.params)} (scale and shift)"]
    return ["Parameters: none"]


def _mac_line(kind: str, p: dict, in_shape: tuple, info) -> str:
    out_sp = "·".join(str(v) for v in info.shape[:-1]) or "1"
    if kind in _CONV_KINDS:
        k = "·".join(str(v) for v in p["kernel_size"])
        return (f"Multiply-accumulates: out positions·kernel·c_in·c_out = {out_sp}·{k}·{in_shape[-1]}·"
                f"{p['filters']} = {_n(info.macs)} per sample")
    if kind == "Dense":
        rows = math.prod(in_shape[:-1])
        prefix = f"{rows}·" if rows > 1 else ""
        return f"Multiply-accumulates: {prefix}n_in·units = {prefix}{in_shape[-1]}·{p['units']} = {_n(info.macs)} per sample"
    return f"Multiply-accumulates: {_n(info.macs)} per sample"


def _rf_lines(p: dict, keys: tuple, analysis: NetworkAnalysis, spec: NetworkSpec, node_id: str, info) -> list[str]:
    parents = [analysis.nodes[s] for s in spec.inputs_of(node_id)]
    prev_rf = parents[0].receptive_field
    prev_jump = parents[0].jump
    if prev_rf is None or prev_jump is None:
        return []
    k = p[keys[0]][0]
    d = p[keys[2]][0] if keys[2] else 1
    s = p[keys[1]][0]
    f = d * (k - 1) + 1
    rf = fmt_shape(info.receptive_field)
    return [
        f"Receptive field: r = r_prev + (f − 1)·j_prev = {prev_rf[0]} + ({f} − 1)·{prev_jump[0]} = "
        f"{info.receptive_field[0]} (sees {rf} input pixels)",
        f"Jump: j = j_prev·s = {prev_jump[0]}·{s} = {info.jump[0]} input pixels between neighbouring outputs",
    ]
