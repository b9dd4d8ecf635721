"""Export a network, untrained or trained, to every format a learner may want to take away.

Formats: ``keras`` (native), ``weights`` (.weights.h5), ``savedmodel`` (TensorFlow),
``tflite`` and ``tflite-quant`` (LiteRT, float / dynamic-range int8), ``onnx`` (optional extra),
``python`` (a standalone training script) and ``json`` (the project file).

Every export is atomic and checked by the client that will read it; see ``formats``.
Importing this package does not import Keras.
"""

from playground.engine.export.atomic import OutputPathError, atomic_output
from playground.engine.export.codegen import build_function_source, identifier
from playground.engine.export.formats import (
    FORMATS,
    ONNX_PIP,
    ExportError,
    ExportMismatch,
    ExportResult,
    MissingExtra,
    default_suffix,
    export_network,
)
from playground.engine.export.script import generate_script

__all__ = [
    "FORMATS",
    "ONNX_PIP",
    "ExportError",
    "ExportMismatch",
    "ExportResult",
    "MissingExtra",
    "OutputPathError",
    "atomic_output",
    "build_function_source",
    "default_suffix",
    "export_network",
    "generate_script",
    "identifier",
]
