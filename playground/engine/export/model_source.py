"""Which Keras model an export writes: a fresh build of the spec, a live model, or a run's file.

A run's model must still be the project's network: after an edit the weights belong to another
architecture, and exporting them beside today's spec (script, weights) would silently disagree.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from playground.network.spec import NetworkSpec


def _error(message: str) -> Exception:
    from playground.engine.export.formats import ExportError

    return ExportError(message)


def load_keras_file(path: str | os.PathLike) -> Any:
    """Load a .keras model with safe_mode (no code from the file runs) and without compiling."""
    import keras

    path = Path(path)
    if not path.is_file():
        raise _error(f"{path}: no such model file")
    if path.suffix.lower() != ".keras":
        raise _error(f"{path}: a trained model must be a .keras file")
    try:
        return keras.saving.load_model(str(path), safe_mode=True, compile=False)
    except Exception as exc:  # noqa: BLE001 - damaged zip, bad JSON, refused lambda: all one message
        raise _error(f"{path}: cannot read this model file ({type(exc).__name__}: {exc}); "
                     "export from the project again or pick another run") from exc


def resolve_model(spec: NetworkSpec, model: Any = None) -> Any:
    """The keras.Model to export: ``model`` (a keras.Model or a .keras path) or a fresh build."""
    from playground.engine.analysis import analyze

    if model is None:
        from playground.engine.build import BuildError, build_model

        try:
            return build_model(spec)
        except BuildError as exc:
            raise _error(str(exc)) from None
    if isinstance(model, (str, os.PathLike)):
        model = load_keras_file(model)
    if not hasattr(model, "count_params") or not hasattr(model, "layers"):
        raise _error(f"Expected a keras.Model or a .keras path; got {type(model).__name__}")
    names = {layer.name for layer in model.layers}
    ids = {n.id for n in spec.nodes}
    if names != ids:
        missing = sorted(ids - names)[:5]
        extra = sorted(names - ids)[:5]
        raise _error(
            "The trained model does not match the network (it was trained before the network was "
            f"edited): layers missing {missing or 'none'}, unexpected {extra or 'none'}. Train again."
        )
    expected = analyze(spec).total_params
    if int(model.count_params()) != expected:
        raise _error(
            f"The trained model has {int(model.count_params()):,} parameters but the network has "
            f"{expected:,}: it was trained before the network was edited. Train again."
        )
    return model
