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


def test_two_processes_train_the_same_model(tmp_path, make_project):
    pytest.importorskip("jax")
    import keras

    project = tmp_path / "tiny.json"
    save_project(make_project(batch_size=16, epochs=1), project)
    coordinator = f"127.0.0.1:{free_port()}"
    env = {**os.environ, "KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu", "CUDA_VISIBLE_DEVICES": "",
           "TF_CPP_MIN_LOG_LEVEL": "2"}
    procs = [subprocess.Popen([sys.executable, "-c", CLI, "train", str(project), "--json", "--quiet",
                               "--runs-dir", str(tmp_path / f"runs{i}"), "--processes", "2", "--process-id", str(i),
                               "--coordinator", coordinator], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for i in range(2)]
    try:
        outputs = [p.communicate(timeout=240) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    results = []
    for p, (out, err) in zip(procs, outputs):
        assert p.returncode == 0, err[-3000:]
        results.append(json.loads(out[out.index("{\n"):]))  # after gloo's own "[Gloo] connected" lines
    assert [r["status"] for r in results] == ["completed", "completed"]
    assert results[0]["test_loss"] == pytest.approx(results[1]["test_loss"])
    weights = [keras.saving.load_model(os.path.join(r["run_dir"], "last.keras")).get_weights() for r in results]
    assert len(weights[0]) == 4
    for a, b in zip(*weights):
        np.testing.assert_array_equal(a, b)
    run = json.loads(open(os.path.join(results[1]["run_dir"], "run.json")).read())
    assert "process 1 of 2" in json.dumps(run)


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
