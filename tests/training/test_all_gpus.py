"""device 'all_gpus': data-parallel training. Without GPUs the CPU is split into two logical
devices (PLAYGROUND_CPU_REPLICAS=2), which must happen before TensorFlow starts: so the run
happens in a fresh Python process."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from playground.training.config import TrainingConfig
from playground.training.setup import replica_note

SCRIPT = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from conftest import tiny_project
    from playground.data import load_dataset, split
    from playground.training import events as ev
    from playground.training.session import TrainingSession

    full = split(load_dataset("digits"), (0.7, 0.15, 0.15), seed=0)
    events = []
    session = TrainingSession(tiny_project(device="all_gpus", batch_size=16), events.append, splits=full,
                              snapshot_interval=0)
    result = session.run()
    started = [e for e in events if isinstance(e, ev.Started)]
    snaps = [e for e in events if isinstance(e, ev.Snapshot)]
    print(json.dumps({"status": result.status, "message": result.message,
                      "device": started[0].device if started else None,
                      "notes": list(started[0].notes) if started else [],
                      "replicas": session._prepared.strategy.num_replicas_in_sync,
                      "accuracy": result.test.get("accuracy"), "snapshots": len(snaps),
                      "grad_norms": snaps[-1].grad_norms if snaps else {}}))
""")


def test_all_gpus_splits_the_cpu_into_replicas_and_trains(tmp_path):
    script = tmp_path / "run.py"
    script.write_text(SCRIPT)
    env = {**os.environ, "KERAS_BACKEND": "tensorflow", "PLAYGROUND_CPU_REPLICAS": "2", "CUDA_VISIBLE_DEVICES": "", "TF_CPP_MIN_LOG_LEVEL": "2"}
    done = subprocess.run([sys.executable, str(script), os.path.dirname(__file__)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["status"] == "completed", out["message"]
    assert out["replicas"] == 2 and out["device"].startswith("2 CPU replicas")
    assert "each batch of 16 is split into 8 per replica" in " ".join(out["notes"])
    assert out["snapshots"] >= 1 and all(v > 0 for v in out["grad_norms"].values())
    assert out["accuracy"] > 0.2  # one epoch of real learning, not chance (0.1)


def test_all_gpus_is_a_device_setting():
    assert TrainingConfig(device="all-gpus").device == "all_gpus"


@pytest.mark.parametrize(("batch", "replicas", "text"), [
    (32, 4, "split into 8 per replica"), (10, 4, "split into 2-3 per replica"), (2, 4, "some replicas idle")])
def test_replica_note_says_how_a_batch_is_shared(batch, replicas, text):
    assert text in replica_note(batch, replicas)


def test_all_gpus_on_jax_trains_data_parallel_over_every_device(tmp_path):
    pytest.importorskip("jax")
    script = tmp_path / "run.py"
    script.write_text(SCRIPT.replace('session._prepared.strategy.num_replicas_in_sync',
                                     'keras.distribution.distribution().num_model_replicas')
                      .replace("import json, sys", "import json, sys, keras"))
    env = {**os.environ, "KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu", "CUDA_VISIBLE_DEVICES": "",
           "XLA_FLAGS": "--xla_force_host_platform_device_count=2", "TF_CPP_MIN_LOG_LEVEL": "2"}
    done = subprocess.run([sys.executable, str(script), os.path.dirname(__file__)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["status"] == "completed", out["message"]
    assert out["replicas"] == 2
    assert "split into 8 per replica; incomplete last batches are left out" in " ".join(out["notes"])
    assert out["snapshots"] >= 1 and all(v > 0 for v in out["grad_norms"].values())


def test_jax_data_parallel_refuses_uneven_batches():
    from playground.training.setup import Refused, even_batches

    with pytest.raises(Refused, match="batch_size divisible by 4"):
        even_batches(10, 100, 4)
    with pytest.raises(Refused, match="at least one full batch"):
        even_batches(16, 8, 2)
    assert "into 4 per replica" in even_batches(16, 100, 4)
