"""Import a .keras or .h5 model as a project network, optionally with its trained weights.

Safety first: the architecture is read as plain JSON (from the zip or the HDF5 attributes) and
every layer is checked against the catalog *before* Keras sees the file; Lambda layers, custom
classes and function activations are refused with the list of what is unsupported. Only then is
the file loaded, with ``safe_mode=True`` and without compiling, to take its weights and to prove
that the rebuilt network computes the same outputs. Import only reads: nothing on disk changes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from playground.engine.export.keras_config import (
    DamagedModelFile,
    ImportRefused,
    ModelImportError,
    layer_graph,
    read_model_config,
    unsafe_objects,
)
from playground.network.catalog import ACTIVATIONS, get_kind, has_kind
from playground.network.spec import NetworkSpec

__all__ = [
    "DamagedModelFile",
    "ImportRefused",
    "ImportedModel",
    "ModelImportError",
    "apply_weights",
    "config_to_spec",
    "import_model",
    "read_model_config",
]

_ALIASES = {"InputLayer": "Input", "ReLU": "Activation", "Softmax": "Activation"}
# Config keys that do not change what a layer computes once its weights are loaded.
_IGNORED = {"name", "trainable", "dtype", "seed", "build_config", "quantization_config", "lora_rank", "lora_alpha"}
_DROPPED_SUFFIXES = ("_regularizer", "_constraint")


@dataclass
class ImportedModel:
    """The network, and (on request) its weights by node id in Keras's own order."""

    spec: NetworkSpec
    weights: dict[str, list[np.ndarray]] | None = None
    notes: list[str] = field(default_factory=list)
    max_abs_diff: float | None = None


def _params(cls: str, kind: str, cfg: dict, notes: list[str], name: str) -> dict:
    """Catalog parameters from one layer config; raises ImportRefused for what has no equivalent."""
    refuse = []
    if cls == "InputLayer":
        shape = (cfg.get("batch_shape") or cfg.get("batch_input_shape") or [None])[1:]
        if not shape or any(d is None for d in shape):
            _raise([f"{name}: input of variable size {shape} (give every size)"])
        if len(shape) not in (2, 3):
            _raise([f"{name}: input of shape {tuple(shape)} (inputs are images H×W×C or sequences L×C)"])
        return {"shape": tuple(shape)}
    if cls == "ReLU":
        if cfg.get("max_value") is not None or cfg.get("negative_slope") or cfg.get("threshold"):
            _raise([f"{name}: ReLU with max_value, negative_slope or threshold"])
        return {"activation": "relu"}
    if cls == "Softmax":
        if cfg.get("axis", -1) != -1:
            _raise([f"{name}: Softmax over axis {cfg.get('axis')}"])
        return {"activation": "softmax"}
    values: dict[str, Any] = {}
    for p in get_kind(kind).params:
        if p.name == "fixed_kernel":
            values[p.name] = "learned"
        elif p.name == "padding" and kind == "ZeroPadding2D":
            (top, bottom), (left, right) = cfg["padding"]
            if (top, left) != (bottom, right):
                refuse.append(f"{name}: uneven zero padding {cfg['padding']}")
            values[p.name] = (top, left)
        elif p.name == "strides" and cfg.get("strides") is None and "pool_size" in cfg:
            values[p.name] = tuple(cfg["pool_size"])
        elif p.name in cfg:
            values[p.name] = p.coerce(cfg[p.name])
            if p.name == "activation" and values[p.name] not in ACTIVATIONS:
                refuse.append(f"{name}: activation {values[p.name]!r}")
    if refuse:
        _raise(refuse)
    if cfg.get("trainable") is False and "trainable" not in values:
        notes.append(f"{name}: was frozen; imported as trainable")
    return values


def _raise(items: list[str]):
    raise ImportRefused(items)


def _differences(kind: str, params: dict, cfg: dict, name: str, notes: list[str]) -> list[str]:
    """Settings of the original layer that the rebuilt one would not have."""
    from playground.engine.build import make_layer

    built = make_layer(kind, params, name).get_config()
    out = []
    for key, value in built.items():
        if key in _IGNORED or key.endswith("_initializer") or key not in cfg:
            continue
        if key.endswith(_DROPPED_SUFFIXES) or key == "activity_regularizer":
            if cfg[key] is not None:
                notes.append(f"{name}: {key} dropped (the playground has no such setting)")
            continue
        if _norm(cfg[key]) != _norm(value):
            out.append(f"{name} ({kind}): {key}={cfg[key]!r}")
    return out


def _norm(value: Any) -> Any:
    return tuple(_norm(v) for v in value) if isinstance(value, (list, tuple)) else value


def config_to_spec(config: dict, name: str = "imported") -> tuple[NetworkSpec, dict[str, str], list[str]]:
    """(spec, node id by Keras layer name, notes) for a model config; ImportRefused lists problems."""
    unsafe = unsafe_objects(config)
    if unsafe:
        raise ImportRefused(unsafe)
    layers, parents, inputs, outputs = layer_graph(config)
    by_name = {(layer.get("name") or layer["config"]["name"]): layer for layer in layers}
    unsupported = sorted({f"{layer['class_name']} (layer {n})" for n, layer in by_name.items()
                          if not has_kind(_ALIASES.get(layer["class_name"], layer["class_name"]))})
    if unsupported:
        raise ImportRefused(unsupported)
    consumers = {p for ps in parents.values() for p in ps}
    if any(o in consumers for o in outputs):
        raise ImportRefused([f"{o}: an output that also feeds other layers" for o in outputs if o in consumers])
    order = inputs + [n for n in by_name if n not in inputs and n not in outputs] + outputs
    spec = NetworkSpec(name=str(config.get("config", {}).get("name") or name))
    ids: dict[str, str] = {}
    notes: list[str] = []
    problems: list[str] = []
    for layer_name in order:
        layer = by_name[layer_name]
        cls = layer["class_name"]
        kind = _ALIASES.get(cls, cls)
        params = _params(cls, kind, layer.get("config", {}), notes, layer_name)
        if cls not in _ALIASES:
            problems += _differences(kind, params, layer.get("config", {}), layer_name, notes)
        node_id = _node_id(layer_name, set(ids.values()))
        spec.add_node(kind, params, node_id=node_id)
        ids[layer_name] = node_id
    if problems:
        raise ImportRefused(problems)
    for layer_name in order:
        for parent in parents.get(layer_name, []):
            spec.connect(ids[parent], ids[layer_name])
    return spec, ids, notes


def _node_id(name: str, taken: set[str]) -> str:
    base = re.sub(r"\W", "_", name, flags=re.ASCII).strip("_") or "layer"
    base = base if base[0].isalpha() or base[0] == "_" else f"l_{base}"
    node_id, i = base, 2
    while node_id in taken:
        node_id, i = f"{base}_{i}", i + 1
    return node_id


def import_model(path: str | os.PathLike, with_weights: bool = False, verify: bool = True) -> ImportedModel:
    """Read ``path`` into a project network, laid out tidily; with ``with_weights`` its weights too.

    ``verify`` loads the file (safe_mode) and checks that the rebuilt network computes the same
    outputs on random inputs; loading is needed anyway for the weights.
    """
    from playground.engine.analysis import analyze

    config = read_model_config(path)
    spec, ids, notes = config_to_spec(config, Path(path).stem)
    errors = analyze(spec).errors
    if errors:
        raise ImportRefused([str(p) for p in errors], "The imported network would not build in the playground")
    spec = _laid_out(spec)
    result = ImportedModel(spec, None, notes)
    if with_weights or verify:
        original = _load(path)
        weights = {ids[layer.name]: layer.get_weights() for layer in original.layers if layer.weights}
        if verify:
            result.max_abs_diff = _compare(spec, original, weights)
        result.weights = weights if with_weights else None
    return result


def _load(path):
    import keras

    try:
        return keras.saving.load_model(str(path), safe_mode=True, compile=False)
    except Exception as exc:  # noqa: BLE001 - truncated weights, bad HDF5: one clear message
        raise DamagedModelFile(f"{Path(path).name}: the architecture is fine but the file cannot be loaded "
                               f"({type(exc).__name__}: {exc}); save the model again and re-import it") from None


def _compare(spec: NetworkSpec, original, weights: dict[str, list[np.ndarray]]) -> float:
    from playground.engine.build import build_model
    from playground.engine.export import clients

    rebuilt = build_model(spec, check=False)
    apply_weights(rebuilt, weights)
    inputs = clients.sample_inputs(original)
    reference = clients.predict(original, inputs)
    diff = clients.max_abs_diff(reference, clients.predict(rebuilt, inputs))
    if rebuilt.count_params() != original.count_params() or not diff <= 1e-4 * clients.output_scale(reference):
        raise ImportRefused([f"max output difference {diff:.3g}, {rebuilt.count_params():,} parameters instead of "
                             f"{original.count_params():,}"], "The rebuilt network computes differently")
    return diff


def apply_weights(model, weights: dict[str, list[np.ndarray]]) -> None:
    """Set imported weights on a model built from the imported spec (layer name = node id)."""
    for node_id, values in weights.items():
        model.get_layer(node_id).set_weights(values)


def _laid_out(spec: NetworkSpec) -> NetworkSpec:
    try:
        from playground.network.layout import auto_layout
    except ImportError:
        for depth, nid in enumerate(spec.topological_order()):
            spec.node(nid).pos = (0.0, 120.0 * depth)
        return spec
    laid = auto_layout(spec)
    return laid if isinstance(laid, NetworkSpec) else spec
