"""Training on several processes: `playground train --processes 2 --process-id I --coordinator
HOST:PORT` on the JAX backend. Two real processes on 127.0.0.1 must finish the same run with the
same weights (gradients averaged across them), and wrong settings are one clear line."""

import json
import os
import socket
import subprocess
import sys

import numpy as np
import pytest

from playground.cli import main
from playground.project import save_project
from playground.training.cluster import Cluster, ClusterError

CLI = "import sys; from playground.cli import main; sys.exit(main(sys.argv[1:]))"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_two(argv_of, cwd) -> list[str]:
    """Start process 0 and 1 of a JAX cluster on 127.0.0.1 (CPU); their stdout once both exit 0."""
    pytest.importorskip("jax")
    coordinator = f"127.0.0.1:{free_port()}"
    env = {**os.environ, "KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu", "CUDA_VISIBLE_DEVICES": "",
           "TF_CPP_MIN_LOG_LEVEL": "2"}
    procs = [subprocess.Popen([sys.executable, *argv_of(i), "--processes", "2", "--process-id", str(i),
                               "--coordinator", coordinator], cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for i in range(2)]
    try:
        outputs = [p.communicate(timeout=240) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    for p, (_, err) in zip(procs, outputs):
        assert p.returncode == 0, err[-3000:]
    return [out for out, _ in outputs]


def assert_same_weights(paths):
    import keras

    weights = [keras.saving.load_model(str(path)).get_weights() for path in paths]
    assert len(weights[0]) == 4
    for a, b in zip(*weights):
        np.testing.assert_array_equal(a, b)


def test_two_processes_train_the_same_model(tmp_path, make_project):
    project = tmp_path / "tiny.json"
    save_project(make_project(batch_size=16, epochs=1), project)
    outputs = run_two(lambda i: ["-c", CLI, "train", str(project), "--json", "--quiet",
                                 "--runs-dir", str(tmp_path / f"runs{i}")], tmp_path)
    results = [json.loads(out[out.index("{\n"):]) for out in outputs]  # after gloo's "[Gloo] connected" lines
    assert [r["status"] for r in results] == ["completed", "completed"]
    assert results[0]["test_loss"] == pytest.approx(results[1]["test_loss"])
    assert_same_weights([os.path.join(r["run_dir"], "last.keras") for r in results])
    run = json.loads(open(os.path.join(results[1]["run_dir"], "run.json")).read())
    assert "process 1 of 2" in json.dumps(run)


def test_the_exported_script_trains_on_two_processes(tmp_path, network):
    from playground.engine.export import generate_script

    (tmp_path / "net.py").write_text(generate_script(network(), {"epochs": 1, "batch_size": 16, "seed": 1},
                                                     {"dataset": "digits"}), encoding="utf-8")
    run_two(lambda i: ["net.py", "--out", f"p{i}.keras"], tmp_path)
    assert_same_weights([tmp_path / "p0.keras", tmp_path / "p1.keras"])


@pytest.mark.parametrize(("argv", "fragment"), [
    (["--processes", "2"], "needs --coordinator"),
    (["--processes", "2", "--process-id", "2", "--coordinator", "127.0.0.1:1"], "--process-id must lie in 0..1"),
    (["--processes", "2", "--coordinator", "nohost"], "must be HOST:PORT"),
])
def test_incomplete_cluster_settings_are_one_line(capsys, argv, fragment):
    assert main(["train", "mlp", "--epochs", "1", *argv]) == 2
    assert fragment in capsys.readouterr().err


def test_several_processes_need_the_jax_backend(capsys, monkeypatch):
    import keras

    if keras.backend.backend() == "jax":
        pytest.skip("this pass runs on JAX")
    assert main(["train", "--epochs", "1", "--processes", "2", "--coordinator", "127.0.0.1:1"]) == 2
    err = capsys.readouterr().err
    assert "needs the JAX backend" in err and "keras-team/keras#20585" in err


def test_cluster_checks_its_numbers():
    with pytest.raises(ClusterError, match="at least 1"):
        Cluster("h:1", 0, 0)
    assert Cluster("10.0.0.1:1234", 2, 1).process_id == 1
