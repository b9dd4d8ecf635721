"""Write a network to one export format, then prove the file computes what the app computes.

Each writer works on a temporary path (see ``atomic``), re-reads it with the real client
(``clients``), compares outputs with the in-app model on the same inputs, and only then moves it
into place. A mismatch raises ExportMismatch and leaves nothing behind.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playground.engine.export import clients
from playground.engine.export.atomic import atomic_output
from playground.engine.export.model_source import resolve_model
from playground.network.spec import NetworkSpec

FORMATS = ("keras", "weights", "savedmodel", "tflite", "tflite-quant", "onnx", "python", "json")
SUFFIXES = {"keras": ".keras", "weights": ".weights.h5", "savedmodel": "", "tflite": ".tflite",
            "tflite-quant": ".tflite", "onnx": ".onnx", "python": ".py", "json": ".json"}
TOLERANCE = 1e-4  # float formats: max abs difference, scaled by the output magnitude when above 1
QUANT_TOLERANCE = 0.1  # dynamic-range int8 weights: only garbage (NaN, wrong shapes, noise) fails
TENSORFLOW_ONLY = ("savedmodel", "tflite", "tflite-quant", "onnx")  # converters that trace TF graphs
ONNX_PIP = "pip install 'keras-playground[onnx]'  (or: pip install tf2onnx onnx onnxruntime)"


class ExportError(RuntimeError):
    """An export could not be written; nothing was left at the target path."""


class NeedsTensorFlowBackend(ExportError):
    """The format is written by a TensorFlow converter, and Keras runs on another backend."""


class ExportMismatch(ExportError):
    """The written file computes something else than the in-app model."""


class MissingExtra(ExportError):
    """An optional package the format needs is not installed; the message names the pip command."""


@dataclass
class ExportResult:
    """What was written and how it was checked."""

    path: Path
    format: str
    params: int
    checked_with: str | None
    max_abs_diff: float | None
    size_bytes: int
    notes: list[str] = field(default_factory=list)


@dataclass
class _Job:
    spec: NetworkSpec
    model: Any
    inputs: list
    reference: list
    input_names: list[str]


def default_suffix(fmt: str) -> str:
    """The file ending a path for ``fmt`` should have ('' for a SavedModel folder)."""
    return SUFFIXES[fmt]


def export_network(
    spec: NetworkSpec,
    fmt: str,
    path: str | os.PathLike,
    model: Any = None,
    training: Mapping | Any | None = None,
    data: Mapping | Any | None = None,
    project: Mapping | Any | None = None,
    check_script: bool = True,
) -> ExportResult:
    """Export ``spec`` (untrained, or with the weights of ``model``: a keras.Model or .keras path).

    ``training``/``data`` feed the generated script; ``project`` (a dict or object with to_dict)
    is what the json format writes, else the bare network spec. ``check_script`` runs the
    generated script in a subprocess (a few seconds) before keeping it.
    """
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    path = Path(path)
    if fmt == "json":
        return _write_json(spec, path, project)
    require_tensorflow_backend(fmt)
    keras_model = resolve_model(spec, model)
    inputs = clients.sample_inputs(keras_model)
    job = _Job(spec, keras_model, inputs, clients.predict(keras_model, inputs), [t.name for t in keras_model.inputs])
    if fmt == "python":
        from playground.engine.export.script_check import write_script

        return write_script(job, path, training, data, _name_of(project, spec), verify=check_script)
    writer, check, client, directory = _WRITERS[fmt]
    with atomic_output(path, directory=directory) as temp:
        try:
            writer(job.model, temp)
        except ExportError:
            raise
        except Exception as exc:  # noqa: BLE001 - any converter failure becomes one clear error
            raise ExportError(f"Writing {fmt} failed: {type(exc).__name__}: {exc}") from exc
        try:
            diff = check(job, temp)
        except Exception as exc:  # noqa: BLE001 - a file its client cannot read is a failed export
            raise ExportMismatch(f"The {fmt} file could not be read back by {client} "
                                 f"({type(exc).__name__}: {exc}); nothing was written") from exc
        tolerance = (QUANT_TOLERANCE if fmt == "tflite-quant" else TOLERANCE) * clients.output_scale(job.reference)
        if diff is not None and not diff <= tolerance:
            raise ExportMismatch(
                f"The {fmt} export computes different outputs than the app's model "
                f"(max difference {diff:.3g} > {tolerance:.3g}); nothing was written"
            )
        size = clients.file_size(temp)
    notes = [] if diff is not None else [f"not checked: {client} is not installed"]
    checked = client if diff is not None else None
    return ExportResult(path, fmt, int(keras_model.count_params()), checked, diff, size, notes)


def require_tensorflow_backend(fmt: str) -> None:
    """Raise NeedsTensorFlowBackend for a TensorFlow-only format under another Keras backend."""
    if fmt not in TENSORFLOW_ONLY:
        return
    import keras

    backend = keras.backend.backend()
    if backend != "tensorflow":
        raise NeedsTensorFlowBackend(
            f"The {fmt} export needs the TensorFlow backend, but Keras runs on {backend}. "
            f"Start the app (or playground export) with KERAS_BACKEND=tensorflow, or export .keras here "
            f"and convert that file on a TensorFlow machine. Received: KERAS_BACKEND={backend}")


def _name_of(project, spec: NetworkSpec) -> str:
    name = getattr(project, "name", None) or (project.get("name") if isinstance(project, Mapping) else None)
    return str(name or spec.name)


def _write_json(spec: NetworkSpec, path: Path, project) -> ExportResult:
    data = project.to_dict() if hasattr(project, "to_dict") else (dict(project) if project else spec.to_dict())
    try:
        text = json.dumps(data, indent=2, allow_nan=False) + "\n"
    except (TypeError, ValueError) as exc:
        raise ExportError(f"The project cannot be written as JSON: {exc}") from exc
    with atomic_output(path) as temp:
        temp.write_text(text, encoding="utf-8")
        json.loads(temp.read_text(encoding="utf-8"))
    from playground.engine.analysis import analyze

    return ExportResult(path, "json", analyze(spec).total_params, "json", None, len(text.encode()), [])


# -- writers and their checks -------------------------------------------------------------------


def _save_keras(model, temp: Path) -> None:
    model.save(str(temp))


def _save_weights(model, temp: Path) -> None:
    model.save_weights(str(temp))


def _save_savedmodel(model, temp: Path) -> None:
    model.export(str(temp), format="tf_saved_model", verbose=False)


def _save_tflite(model, temp: Path) -> None:
    model.export(str(temp), format="litert", verbose=False)


def _save_tflite_quant(model, temp: Path) -> None:
    import tensorflow as tf

    model.export(str(temp), format="litert", verbose=False, optimizations=[tf.lite.Optimize.DEFAULT])


def _save_onnx(model, temp: Path) -> None:
    try:
        import onnx  # noqa: F401
        import tf2onnx  # noqa: F401
    except ImportError as exc:
        raise MissingExtra(f"ONNX export needs the onnx extra ({exc.name} is missing): {ONNX_PIP}") from None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # Keras's tf2onnx patch probes np.object
        model.export(str(temp), format="onnx", verbose=False)


def _check_keras(job: _Job, temp: Path) -> float:
    return clients.max_abs_diff(job.reference, clients.run_keras_file(temp, job.inputs))


def _check_weights(job: _Job, temp: Path) -> float:
    from playground.engine.build import build_model

    return clients.max_abs_diff(job.reference, clients.run_weights_file(build_model(job.spec), temp, job.inputs))


def _check_savedmodel(job: _Job, temp: Path) -> float:
    return clients.max_abs_diff(job.reference, clients.run_savedmodel(temp, job.inputs))


def _check_tflite(job: _Job, temp: Path) -> float:
    return clients.max_abs_diff(job.reference, clients.run_tflite(temp, job.inputs, job.input_names))


def _check_onnx(job: _Job, temp: Path) -> float | None:
    if not clients.onnxruntime_available():
        return None
    return clients.max_abs_diff(job.reference, clients.run_onnx(temp, job.inputs, job.input_names))


_WRITERS: dict[str, tuple[Callable[[Any, Path], None], Callable[[_Job, Path], float | None], str, bool]] = {
    "keras": (_save_keras, _check_keras, "keras (safe_mode)", False),
    "weights": (_save_weights, _check_weights, "keras load_weights", False),
    "savedmodel": (_save_savedmodel, _check_savedmodel, "tf.saved_model", True),
    "tflite": (_save_tflite, _check_tflite, "LiteRT interpreter", False),
    "tflite-quant": (_save_tflite_quant, _check_tflite, "LiteRT interpreter", False),
    "onnx": (_save_onnx, _check_onnx, "onnxruntime", False),
}
