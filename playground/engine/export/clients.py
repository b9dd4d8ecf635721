"""Run an exported artifact with the client that will really read it, and compare outputs.

An export is only as good as what its consumer computes: a TFLite conversion once returned
all-NaN without complaint. So every writer re-reads its file with plain Keras, TensorFlow,
onnxruntime or the LiteRT interpreter and compares against the in-app model on the same inputs.
Every function here returns a list of numpy arrays, one per model output, in model order.
"""

from __future__ import annotations

import importlib.util
import os
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

Arrays = list[np.ndarray]


def sample_inputs(model, batch: int = 4, seed: int = 0) -> Arrays:
    """Deterministic random inputs for every model input (standard normal, float32)."""
    rng = np.random.default_rng(seed)
    return [rng.standard_normal((batch, *tuple(t.shape[1:]))).astype(np.float32) for t in model.inputs]


def _as_list(outputs) -> Arrays:
    if isinstance(outputs, dict):
        outputs = [outputs[k] for k in sorted(outputs, key=_output_key)]
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    return [np.asarray(o, dtype=np.float32) for o in outputs]


def _output_key(name: str):
    """'output_10' sorts after 'output_2': exported signatures name outputs by position."""
    tail = name.rsplit("_", 1)[-1]
    return (0, int(tail), name) if tail.isdigit() else (1, 0, name)


def _feed(model_inputs: Sequence[np.ndarray]):
    return model_inputs[0] if len(model_inputs) == 1 else list(model_inputs)


def predict(model, inputs: Arrays) -> Arrays:
    """The in-app model's outputs, in inference mode (dropout and noise off)."""
    return _as_list(model(_feed(inputs), training=False))


def run_keras_file(path: str | os.PathLike, inputs: Arrays) -> Arrays:
    """Load a .keras file as any Keras user would (safe_mode on) and predict."""
    import keras

    model = keras.saving.load_model(str(path), safe_mode=True, compile=False)
    return predict(model, inputs)


def run_weights_file(fresh_model, path: str | os.PathLike, inputs: Arrays) -> Arrays:
    """Load a .weights.h5 file into ``fresh_model`` (same architecture) and predict."""
    fresh_model.load_weights(str(path))
    return predict(fresh_model, inputs)


def run_savedmodel(path: str | os.PathLike, inputs: Arrays) -> Arrays:
    """Load a SavedModel with TensorFlow alone (no Keras objects) and call its serving endpoint."""
    import tensorflow as tf

    loaded = tf.saved_model.load(str(path))
    return _as_list([o.numpy() for o in _as_list_tf(loaded.serve(_feed(inputs)))])


def _as_list_tf(outputs):
    if isinstance(outputs, dict):
        return [outputs[k] for k in sorted(outputs, key=_output_key)]
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


def tflite_interpreter(path: str | os.PathLike):
    """The LiteRT interpreter (ai_edge_litert when installed, else TensorFlow's own)."""
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError:
        import tensorflow as tf

        Interpreter = tf.lite.Interpreter  # noqa: N806 - a class picked at run time
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tf.lite.Interpreter warns that it is deprecated
        return Interpreter(model_path=str(path))


def run_tflite(path: str | os.PathLike, inputs: Arrays, input_names: Sequence[str]) -> Arrays:
    """Run a .tflite file through its serving signature, one sample batch at a time."""
    interpreter = tflite_interpreter(path)
    signatures = interpreter.get_signature_list()
    key = "serving_default" if "serving_default" in signatures else next(iter(signatures))
    runner = interpreter.get_signature_runner(key)
    feed = dict(zip(input_names, inputs))
    return _as_list(runner(**feed))


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # ValueError: blocked in sys.modules
        return False


def onnxruntime_available() -> bool:
    """Whether onnxruntime can be imported (it checks ONNX exports)."""
    return _importable("onnxruntime")


def onnx_export_available() -> bool:
    """Whether the whole onnx extra is there: tf2onnx and onnx to write, onnxruntime to check."""
    return all(_importable(m) for m in ("tf2onnx", "onnx", "onnxruntime"))


def run_onnx(path: str | os.PathLike, inputs: Arrays, input_names: Sequence[str]) -> Arrays:
    """Run a .onnx file with onnxruntime on the CPU."""
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    declared = [i.name for i in session.get_inputs()]
    by_name = dict(zip(input_names, inputs))
    feed = {n: by_name[n] for n in declared} if set(declared) <= set(by_name) else dict(zip(declared, inputs))
    return _as_list(session.run(None, feed))


def max_abs_diff(reference: Arrays, other: Arrays) -> float:
    """Largest absolute difference over all outputs; inf when shapes differ or values are not finite."""
    if len(reference) != len(other):
        return float("inf")
    worst = 0.0
    for a, b in zip(reference, other):
        if a.shape != b.shape or not np.all(np.isfinite(b)):
            return float("inf")
        if a.size:
            worst = max(worst, float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64)))))
    return worst


def output_scale(reference: Arrays) -> float:
    """At least 1, else the largest output magnitude: tolerances scale with big outputs."""
    return max([1.0] + [float(np.max(np.abs(r))) for r in reference if r.size])


def file_size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size
