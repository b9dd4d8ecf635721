"""`playground export` and `playground import` as a user types them: files, one-line errors, exit codes."""

import json

import numpy as np
import pytest

from playground.cli import main
from playground.engine import build_model
from playground.engine.export import clients

keras = pytest.importorskip("keras")
pytestmark = pytest.mark.skipif(  # the checks read exports with TensorFlow, TFLite and ONNX clients
    keras.backend.backend() != "tensorflow",
    reason="SavedModel/TFLite/ONNX exports need the TensorFlow backend (test_export_backend checks the refusal)")
project_module = pytest.importorskip("playground.project")
SMALL = ["small_cnn", "--input", "16x16x1", "--classes", "3"]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err):
    return len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("fmt, name", [("keras", "n.keras"), ("tflite", "n.tflite"), ("json", "n.json"),
                                       ("weights", "n.weights.h5"), ("savedmodel", "saved")])
def test_export_a_template(tmp_path, capsys, fmt, name):
    code, out, err = run(capsys, "export", *SMALL, "--format", fmt, "-o", tmp_path / name)
    assert code == 0, err
    assert (tmp_path / name).exists() and out.startswith("wrote ")


def test_export_python_without_running_it(tmp_path, capsys):
    code, out, _ = run(capsys, "export", *SMALL, "--format", "python", "-o", tmp_path / "net.py", "--no-check")
    assert code == 0 and "not run" in out
    compile((tmp_path / "net.py").read_text(), "net.py", "exec")


def write_project(tmp_path, name="proj"):
    from playground.network.templates import make_template

    project = project_module.default_project()
    project.network = make_template("small_cnn", input_shape=(16, 16, 1), num_classes=3)
    path = tmp_path / f"{name}.json"
    project_module.save_project(project, path)
    return project, path


def test_export_the_latest_run(tmp_path, capsys):
    project, path = write_project(tmp_path)
    model = build_model(project.network)
    for w in model.weights:
        w.assign(np.full(w.shape, 0.01, np.float32))
    run_dir = tmp_path / "proj.runs" / "run1"
    run_dir.mkdir(parents=True)
    model.save(str(run_dir / "best.keras"))
    code, _, err = run(capsys, "export", path, "--run", "latest", "--format", "weights", "-o",
                       tmp_path / "w.weights.h5")
    assert code == 0, err
    fresh = build_model(project.network)
    fresh.load_weights(str(tmp_path / "w.weights.h5"))
    x = clients.sample_inputs(fresh)
    assert clients.max_abs_diff(clients.predict(model, x), clients.predict(fresh, x)) == 0.0


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["--format", "pickle", "-o", "x.bin"], "invalid choice"),
        (["--format", "keras", "-o", "model.h5"], "must end with .keras"),
        (["--format", "keras", "-o", "nowhere/m.keras"], "does not exist"),
        (["--format", "keras", "-o", "m.keras", "--run", "latest"], "--run needs a project file"),
        (["--format", "keras", "-o", "m.keras", "--model", "missing.keras"], "no such model file"),
    ],
)
def test_bad_export_input_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch, argv, fragment):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "export", *SMALL, *argv)
    assert code == 2 and fragment in err and one_line(err)
    assert list(tmp_path.iterdir()) == []


def test_a_project_without_runs_is_explained(tmp_path, capsys):
    _, path = write_project(tmp_path)
    code, _, err = run(capsys, "export", path, "--run", "latest", "--format", "keras", "-o", tmp_path / "m.keras")
    assert code == 2 and "no runs yet" in err and one_line(err)


def test_a_failed_check_is_one_line_exit_1_and_writes_nothing(tmp_path, capsys, monkeypatch):
    from playground.engine.export import formats

    monkeypatch.setitem(formats._WRITERS, "keras", (formats._save_keras, lambda job, temp: 1.0, "keras", False))
    code, _, err = run(capsys, "export", *SMALL, "--format", "keras", "-o", tmp_path / "m.keras")
    assert code == 1 and "different outputs" in err and one_line(err)
    assert list(tmp_path.iterdir()) == []


def saved_model(tmp_path):
    x = keras.Input((10, 10, 1), name="image")
    a = keras.layers.Conv2D(3, 3, padding="same", name="a")(x)
    b = keras.layers.Conv2D(3, 1, name="b")(x)
    y = keras.layers.Add(name="add")([a, b])
    y = keras.layers.GlobalAveragePooling2D(name="gap")(y)
    model = keras.Model(x, keras.layers.Dense(2, activation="softmax", name="out")(y))
    model.save(str(tmp_path / "m.keras"))
    return model


def test_import_writes_a_project_and_its_weights(tmp_path, capsys):
    model = saved_model(tmp_path)
    code, out, err = run(capsys, "import", tmp_path / "m.keras", "-o", tmp_path / "p.json", "--with-weights")
    assert code == 0, err
    project = project_module.load_project(tmp_path / "p.json")
    assert {n.id for n in project.network.nodes} == {"image", "a", "b", "add", "gap", "out"}
    rebuilt = build_model(project.network)
    rebuilt.load_weights(str(tmp_path / "p.weights.h5"))
    x = clients.sample_inputs(model)
    assert clients.max_abs_diff(clients.predict(model, x), clients.predict(rebuilt, x)) <= 1e-6
    code, _, err = run(capsys, "import", tmp_path / "m.keras", "-o", tmp_path / "p.json")
    assert code == 2 and "--force" in err and one_line(err)


def test_import_of_a_damaged_or_unsafe_file_writes_nothing(tmp_path, capsys):
    (tmp_path / "bad.keras").write_bytes(b"PK\x03\x04 truncated")
    x = keras.Input((4, 4, 1))
    keras.Model(x, keras.layers.Lambda(lambda t: t + 1, name="code")(x)).save(str(tmp_path / "lam.keras"))
    before = sorted(p.name for p in tmp_path.iterdir())
    for name, fragment in (("bad.keras", "damaged"), ("lam.keras", "code: Lambda")):
        code, _, err = run(capsys, "import", tmp_path / name, "-o", tmp_path / "p.json")
        assert code == 2 and fragment in err and one_line(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    code, _, err = run(capsys, "import", tmp_path / "lam.keras", "-o", tmp_path / "p.txt")
    assert code == 2 and ".json" in err


def test_exported_json_is_a_project_file(tmp_path, capsys):
    _, path = write_project(tmp_path)
    code, _, _ = run(capsys, "export", path, "--format", "json", "-o", tmp_path / "copy.json")
    assert code == 0
    assert json.loads((tmp_path / "copy.json").read_text()) == json.loads(path.read_text())
