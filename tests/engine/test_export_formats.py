"""Each export format: written atomically, checked after writing, and nothing left when it fails."""

import sys

import numpy as np
import pytest

from playground.engine import build_model
from playground.engine.export import (
    FORMATS,
    ExportError,
    ExportMismatch,
    MissingExtra,
    OutputPathError,
    atomic_output,
    clients,
    default_suffix,
    export_network,
    formats,
)
from playground.network import NetworkSpec

keras = pytest.importorskip("keras")
pytestmark = pytest.mark.skipif(  # the checks read exports with TensorFlow, TFLite and ONNX clients
    keras.backend.backend() != "tensorflow",
    reason="SavedModel/TFLite/ONNX exports need the TensorFlow backend (test_export_backend checks the refusal)")


def branching_spec(name="branchy") -> NetworkSpec:
    spec = NetworkSpec(name=name)
    spec.add_node("Input", {"shape": (8, 8, 2)}, node_id="x")
    spec.add_node("Conv2D", {"filters": 3, "fixed_kernel": "sobel_x", "trainable": False}, node_id="edges")
    spec.add_node("Conv2D", {"filters": 3, "kernel_size": (1, 1)}, node_id="mix")
    spec.add_node("Add", node_id="add")
    spec.add_node("BatchNormalization", node_id="bn")
    spec.add_node("MaxPooling2D", node_id="pool")
    spec.add_node("Flatten", node_id="flat")
    spec.add_node("Dense", {"units": 4, "activation": "softmax"}, node_id="out")
    for a, b in [("x", "edges"), ("x", "mix"), ("edges", "add"), ("mix", "add"), ("add", "bn"), ("bn", "pool"),
                 ("pool", "flat"), ("flat", "out")]:
        spec.connect(a, b)
    return spec


def target(tmp_path, fmt):
    return tmp_path / f"net{default_suffix(fmt)}" if fmt != "savedmodel" else tmp_path / "saved"


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "python"])
def test_every_format_is_written_and_checked(tmp_path, fmt):
    if fmt == "onnx" and not clients.onnx_export_available():
        pytest.skip("the onnx extra is not installed")
    spec = branching_spec()
    path = target(tmp_path, fmt)
    result = export_network(spec, fmt, path)
    assert path.exists() and result.path == path and result.size_bytes > 0
    assert leftovers(tmp_path) == []
    if fmt != "json":
        assert result.checked_with and result.max_abs_diff is not None
        limit = formats.QUANT_TOLERANCE if fmt == "tflite-quant" else 1e-4
        assert result.max_abs_diff <= limit
        assert result.params == build_model(spec).count_params()


def test_savedmodel_runs_in_tensorflow_alone(tmp_path):
    spec = branching_spec()
    model = build_model(spec)
    export_network(spec, "savedmodel", tmp_path / "saved", model=model)
    x = clients.sample_inputs(model, seed=3)
    assert clients.max_abs_diff(clients.predict(model, x), clients.run_savedmodel(tmp_path / "saved", x)) <= 1e-4


def test_trained_weights_are_what_gets_exported(tmp_path):
    spec = branching_spec()
    model = build_model(spec)
    model.get_layer("out").kernel.assign(np.full(model.get_layer("out").kernel.shape, 0.25, np.float32))
    export_network(spec, "weights", tmp_path / "w.weights.h5", model=model)
    fresh = build_model(spec)
    fresh.load_weights(str(tmp_path / "w.weights.h5"))
    assert np.allclose(fresh.get_layer("out").kernel.numpy(), 0.25)


def test_a_run_model_file_can_be_exported(tmp_path):
    spec = branching_spec()
    model = build_model(spec)
    model.save(str(tmp_path / "best.keras"))
    result = export_network(spec, "tflite", tmp_path / "m.tflite", model=tmp_path / "best.keras")
    assert result.max_abs_diff <= 1e-4


def test_a_model_of_another_network_is_refused(tmp_path):
    other = branching_spec()
    other.node("out").params["units"] = 7
    with pytest.raises(ExportError, match="trained before the network was edited"):
        export_network(branching_spec(), "keras", tmp_path / "m.keras", model=build_model(other))
    assert list(tmp_path.iterdir()) == []


def test_a_mismatch_fails_loudly_and_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "net.tflite"
    path.write_bytes(b"the previous export")
    monkeypatch.setitem(formats._WRITERS, "tflite", (formats._save_tflite, lambda job, temp: float("nan"),
                                                     "LiteRT interpreter", False))
    with pytest.raises(ExportMismatch, match="different outputs"):
        export_network(branching_spec(), "tflite", path)
    assert path.read_bytes() == b"the previous export"
    assert leftovers(tmp_path) == []


def test_a_converter_crash_leaves_nothing(tmp_path, monkeypatch):
    def crash(model, temp):
        temp.write_bytes(b"half")
        raise RuntimeError("converter exploded")

    monkeypatch.setitem(formats._WRITERS, "keras", (crash, formats._check_keras, "keras", False))
    with pytest.raises(ExportError, match="converter exploded"):
        export_network(branching_spec(), "keras", tmp_path / "net.keras")
    assert list(tmp_path.iterdir()) == []


def test_savedmodel_folder_is_replaced_whole(tmp_path):
    (tmp_path / "saved").mkdir()
    (tmp_path / "saved" / "stale.txt").write_text("old")
    export_network(branching_spec(), "savedmodel", tmp_path / "saved")
    assert not (tmp_path / "saved" / "stale.txt").exists()
    assert (tmp_path / "saved" / "saved_model.pb").exists()
    assert leftovers(tmp_path) == []


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(OutputPathError, match="does not exist"):
        export_network(branching_spec(), "keras", tmp_path / "nowhere" / "net.keras")
    assert list(tmp_path.iterdir()) == []


def test_onnx_without_the_extra_names_the_pip_command(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "tf2onnx", None)
    with pytest.raises(MissingExtra, match=r"pip install"):
        export_network(branching_spec(), "onnx", tmp_path / "net.onnx")
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_and_unbuildable_network(tmp_path):
    with pytest.raises(ExportError, match="Unknown export format"):
        export_network(branching_spec(), "pickle", tmp_path / "x")
    broken = branching_spec()
    broken.node("pool").params["pool_size"] = (9, 9)
    broken.node("pool").params["strides"] = (9, 9)
    with pytest.raises(ExportError, match="cannot be built"):
        export_network(broken, "keras", tmp_path / "net.keras")


def test_json_writes_the_project_or_the_network(tmp_path):
    import json

    spec = branching_spec()
    export_network(spec, "json", tmp_path / "net.json")
    assert NetworkSpec.from_dict(json.loads((tmp_path / "net.json").read_text())).to_dict() == spec.to_dict()
    project = {"name": "p", "network": spec.to_dict(), "training": {"epochs": 2}}
    export_network(spec, "json", tmp_path / "p.json", project=project)
    assert json.loads((tmp_path / "p.json").read_text()) == project


def test_atomic_output_removes_the_temporary_on_error(tmp_path):
    with pytest.raises(ValueError), atomic_output(tmp_path / "a.bin") as temp:
        temp.write_bytes(b"partial")
        raise ValueError("boom")
    assert list(tmp_path.iterdir()) == []


def test_sequence_network_exports(tmp_path):
    spec = NetworkSpec(name="seq")
    spec.add_node("Input", {"shape": (16, 2)}, node_id="x")
    spec.add_node("Conv1D", {"filters": 3, "padding": "causal"}, node_id="c")
    spec.add_node("MaxPooling1D", node_id="p")
    spec.add_node("GlobalAveragePooling1D", node_id="g")
    spec.add_node("Dense", {"units": 2, "activation": "sigmoid"}, node_id="out")
    for a, b in [("x", "c"), ("c", "p"), ("p", "g"), ("g", "out")]:
        spec.connect(a, b)
    for fmt in ("keras", "tflite"):
        assert export_network(spec, fmt, target(tmp_path, fmt)).max_abs_diff <= 1e-4


def test_dynamic_range_quantisation_shrinks_and_stays_close(tmp_path):
    from playground.network import chain

    spec = chain([("Input", {"shape": (16, 16, 1)}), ("Conv2D", {"filters": 8}), ("Flatten", {}),
                  ("Dense", {"units": 32}), ("Dense", {"units": 10, "activation": "softmax"})])
    full = export_network(spec, "tflite", tmp_path / "f.tflite")
    quant = export_network(spec, "tflite-quant", tmp_path / "q.tflite")
    assert quant.size_bytes < full.size_bytes / 2.5
    assert 0 < quant.max_abs_diff <= 0.01
