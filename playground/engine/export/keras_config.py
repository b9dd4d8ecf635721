"""Read a Keras model file's architecture as plain JSON, and find what must never be loaded.

Nothing here deserialises: a .keras file is a zip with config.json, a full .h5 file keeps the
config in an HDF5 attribute. The importer decides from this dict alone whether a file is safe
and supported before Keras ever opens it.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any


class ModelImportError(ValueError):
    """A model file cannot become a project; the message says what to do instead."""


class DamagedModelFile(ModelImportError):
    """The file is truncated, corrupt or not a Keras model file."""


class ImportRefused(ModelImportError):
    """The model uses what the playground does not offer; ``unsupported`` lists each item."""

    def __init__(self, unsupported: list[str],
                 headline: str = "This model uses layers or settings the playground does not support"):
        self.unsupported = unsupported
        listed = "; ".join(unsupported[:8]) + (f" (and {len(unsupported) - 8} more)" if len(unsupported) > 8 else "")
        super().__init__(f"{headline}: {listed}")


def read_model_config(path: str | os.PathLike) -> dict:
    """The architecture as a dict, read without deserialising anything."""
    path = Path(path)
    if not path.is_file():
        raise ModelImportError(f"{path}: no such file")
    suffix = path.suffix.lower()
    redo = "save the model again with model.save('model.keras') and import that file"
    if suffix == ".keras":
        try:
            with zipfile.ZipFile(path) as archive:
                text = archive.read("config.json").decode("utf-8")
            return json.loads(text)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
            raise DamagedModelFile(f"{path.name} is damaged or not a Keras model ({exc}); {redo}") from None
    if suffix in (".h5", ".hdf5"):
        import h5py

        try:
            with h5py.File(path, "r") as handle:
                raw = handle.attrs.get("model_config")
        except (OSError, ValueError) as exc:
            raise DamagedModelFile(f"{path.name} is damaged or not an HDF5 file ({exc}); {redo}") from None
        if raw is None:
            raise ModelImportError(f"{path.name} holds only weights, no architecture: import the .keras or "
                                   "full .h5 model file instead")
        try:
            return json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
        except ValueError as exc:
            raise DamagedModelFile(f"{path.name} has a damaged architecture ({exc}); {redo}") from None
    raise ModelImportError(f"{path.name}: choose a .keras or .h5 model file")


def unsafe_objects(config: Any, where: str = "model") -> list[str]:
    """Every custom object, lambda or non-Keras module in ``config``: refused before loading."""
    found: list[str] = []
    if isinstance(config, dict):
        cls = config.get("class_name")
        module, registered = config.get("module"), config.get("registered_name")
        inner = config.get("config")
        name = config.get("name") or (inner.get("name") if isinstance(inner, dict) else None)
        here = str(name or where)
        if cls in ("Lambda", "__lambda__", "__function__", "TFOpLambda", "SlicingOpLambda"):
            return [f"{here}: {cls} (holds code, which is never run)"]
        if registered not in (None, cls) or (isinstance(module, str) and module.split(".")[0] != "keras"):
            return [f"{here}: custom object {registered or cls!s} from {module!s}"]
        for key, value in config.items():
            found += unsafe_objects(value, here if key == "config" else where)
    elif isinstance(config, list):
        for item in config:
            found += unsafe_objects(item, where)
    return found


def _history(arg: Any) -> list[tuple[str, int, int]]:
    """Source (layer, node, tensor) triples of one inbound node in either Keras format."""
    if isinstance(arg, dict):
        if arg.get("class_name") == "__keras_tensor__":
            name, node, index = arg["config"]["keras_history"]
            return [(name, node, index)]
        return [h for v in arg.values() for h in _history(v)]
    if isinstance(arg, list):
        if len(arg) >= 3 and isinstance(arg[0], str) and isinstance(arg[1], int):  # Keras 2: [name, n, t, kw]
            return [(arg[0], arg[1], arg[2])]
        return [h for v in arg for h in _history(v)]
    return []


def _triples(value: Any) -> list[str]:
    if value and isinstance(value[0], str):
        value = [value]
    return [v[0] for v in value or []]


def layer_graph(config: dict) -> tuple[list[dict], dict[str, list[str]], list[str], list[str]]:
    """(layers, parents by layer name, input names, output names) for Functional and Sequential."""
    cls, body = config.get("class_name"), config.get("config", {})
    layers = list(body.get("layers", []))
    if cls == "Sequential":
        if not layers or layers[0].get("class_name") != "InputLayer":
            shape = body.get("build_input_shape") or (layers[0]["config"].get("batch_input_shape") if layers else None)
            if not shape:
                raise ModelImportError("The Sequential model was never built, so its input size is unknown: "
                                       "add keras.Input(shape=...) as its first layer and save it again")
            layers.insert(0, {"class_name": "InputLayer", "config": {"batch_shape": shape, "name": "input"}})
        names = [layer.get("name") or layer["config"]["name"] for layer in layers]
        parents = {n: ([names[i - 1]] if i else []) for i, n in enumerate(names)}
        return layers, parents, names[:1], names[-1:]
    if cls not in ("Functional", "Model"):
        raise ImportRefused([f"model class {cls!s} (only Sequential and functional models can be imported)"])
    parents: dict[str, list[str]] = {}
    problems = []
    for layer in layers:
        name = layer.get("name") or layer["config"]["name"]
        nodes = layer.get("inbound_nodes") or []
        if len(nodes) > 1:
            problems.append(f"{name}: one layer used {len(nodes)} times (shared layers)")
        history = _history(nodes[0]) if nodes else []
        if any(node or index for _, node, index in history):
            problems.append(f"{name}: takes a second output of another layer")
        parents[name] = [h[0] for h in history]
    if problems:
        raise ImportRefused(problems)
    return layers, parents, _triples(body.get("input_layers")), _triples(body.get("output_layers"))
