"""TensorFlow-only exports under another Keras backend: a clear error naming the backend, no file.
Runs in both CI passes: for real under KERAS_BACKEND=jax, with the backend faked under TensorFlow."""

import pytest

from playground.engine.export import export_network, formats
from playground.network import chain

keras = pytest.importorskip("keras")


def tiny():
    return chain([("Input", {"shape": (8, 8, 1)}), ("Flatten", {}), ("Dense", {"units": 3})])


@pytest.fixture
def not_tensorflow(monkeypatch):
    if keras.backend.backend() == "tensorflow":
        monkeypatch.setattr(keras.backend, "backend", lambda: "jax")
    return keras.backend.backend()


@pytest.mark.parametrize("fmt", formats.TENSORFLOW_ONLY)
def test_tensorflow_only_formats_say_they_need_the_tensorflow_backend(tmp_path, not_tensorflow, fmt):
    with pytest.raises(formats.NeedsTensorFlowBackend, match=f"needs the TensorFlow backend.*{not_tensorflow}"):
        export_network(tiny(), fmt, tmp_path / "net.out")
    assert list(tmp_path.iterdir()) == []


def test_keras_and_json_exports_work_on_any_backend(tmp_path, not_tensorflow):
    assert export_network(tiny(), "keras", tmp_path / "net.keras").max_abs_diff <= 1e-4
    assert export_network(tiny(), "json", tmp_path / "net.json").path.exists()
