"""What a node box says: its key parameters in one short line, and numbers in a readable form.

Plain functions over the spec and the analysis, so they are tested without drawing anything.
"""

from __future__ import annotations

from playground.engine.layer_math import fmt_shape
from playground.network.catalog import get_kind, has_kind

CATEGORY_TITLES = {
    "input": "Input",
    "convolution": "Convolution",
    "pooling": "Pooling",
    "core": "Core",
    "normalisation": "Normalisation",
    "regularisation": "Regularisation",
    "activation": "Activation",
    "merge": "Merge",
}


def window(values) -> str:
    """(3, 3) -> '3×3'; a bare int stays as it is."""
    return fmt_shape(values) if isinstance(values, (list, tuple)) else str(values)


def _step(values) -> str:
    """Strides (1, 1) -> 's1', (2, 1) -> 's2×1'."""
    if isinstance(values, (list, tuple)) and len(set(values)) == 1:
        return f"s{values[0]}"
    return f"s{window(values)}"


def _conv(p: dict, with_filters: bool = True) -> list[str]:
    parts = [f"{p['filters']} × {window(p['kernel_size'])}" if with_filters else window(p["kernel_size"])]
    if p.get("depth_multiplier", 1) != 1:
        parts.append(f"×{p['depth_multiplier']} per channel")
    parts.append(_step(p["strides"]))
    dilation = p.get("dilation_rate")
    if dilation and any(d != 1 for d in dilation):
        parts.append(f"d{window(dilation)}")
    parts.append(str(p["padding"]))
    parts.append(str(p["activation"]))
    if p.get("fixed_kernel", "learned") != "learned":
        parts.append(str(p["fixed_kernel"]))
    if p.get("trainable") is False:
        parts.append("frozen")
    return parts


def key_params(kind: str, params: dict) -> str:
    """The parameters a learner wants to read on the box, e.g. '32 × 3×3, s1, same, relu'."""
    p = params
    try:
        if kind in ("Conv2D", "Conv1D", "SeparableConv2D", "Conv2DTranspose"):
            return ", ".join(_conv(p))
        if kind == "DepthwiseConv2D":
            return ", ".join(_conv(p, with_filters=False))
        if kind in ("MaxPooling2D", "AveragePooling2D", "MaxPooling1D", "AveragePooling1D"):
            return f"{window(p['pool_size'])}, {_step(p['strides'])}, {p['padding']}"
        if kind == "Input":
            return window(p["shape"])
        if kind == "Dense":
            return f"{p['units']} units, {p['activation']}"
        if kind in ("Dropout", "SpatialDropout2D"):
            return f"rate {p['rate']:g}"
        if kind == "GaussianNoise":
            return f"σ = {p['stddev']:g}"
        if kind == "Activation":
            return str(p["activation"])
        if kind == "BatchNormalization":
            return f"momentum {p['momentum']:g}"
        if kind == "ZeroPadding2D":
            return f"pad {window(p['padding'])}"
        if kind == "Rescaling":
            return f"× {p['scale']:g} + {p['offset']:g}"
        if kind == "Concatenate":
            return "channels" if p.get("axis") == -1 else f"axis {p['axis']}"
    except (KeyError, TypeError, ValueError):
        pass  # a damaged parameter: fall through to the plain listing, validate() reports it
    return _changed_from_defaults(kind, params)


def _changed_from_defaults(kind: str, params: dict) -> str:
    defaults = get_kind(kind).defaults() if has_kind(kind) else {}
    parts = [f"{k}={window(v)}" for k, v in params.items() if defaults.get(k) != v]
    return ", ".join(parts)


def count(n: int) -> str:
    """1234567 -> '1.23 M'; small numbers stay exact with thousands separators."""
    if n >= 10_000_000_000:
        return f"{n / 1e9:.1f} G"
    if n >= 1_000_000_000:
        return f"{n / 1e9:.2f} G"
    if n >= 10_000_000:
        return f"{n / 1e6:.1f} M"
    if n >= 1_000_000:
        return f"{n / 1e6:.2f} M"
    if n >= 100_000:
        return f"{n / 1e3:.0f} k"
    return f"{n:,}"


def size_bytes(n: int) -> str:
    if n >= 2**30:
        return f"{n / 2**30:.2f} GiB"
    if n >= 2**20:
        return f"{n / 2**20:.1f} MiB"
    if n >= 2**10:
        return f"{n / 2**10:.0f} KiB"
    return f"{n} B"


def output_line(info) -> str:
    """'→ 28×28×32 · 320 params', or a question mark while a problem hides the shape."""
    if info is None or info.shape is None:
        return "→ ?"
    params = info.params
    tail = f" · {count(params)} params" if params else ""
    return f"→ {fmt_shape(info.shape)}{tail}"


def kind_label(kind: str) -> str:
    return get_kind(kind).label if has_kind(kind) else f"{kind} (unknown)"


def category_of(kind: str) -> str | None:
    return get_kind(kind).category if has_kind(kind) else None


ERROR_MARK = "✖"  # glyphs common fonts (DejaVu, Segoe UI, SF) have; emoji like ⛔ often are not
WARNING_MARK = "⚠"


def mark(severity: str) -> str:
    return ERROR_MARK if severity == "error" else WARNING_MARK
