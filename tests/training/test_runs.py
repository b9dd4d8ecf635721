"""Run history: a session's run written beside the project, read back, and readable when killed."""

import json
import subprocess
import sys

import numpy as np
import pytest

from playground.training import events as ev
from playground.training.run_files import read_rows
from playground.training.runs import RunError, RunStore, list_runs, load_run
from playground.training.session import TrainingSession


def test_a_run_is_written_and_reloads(tmp_path, make_project, digits_splits):
    project = make_project(epochs=2, seed=7)
    store = RunStore(tmp_path / "tiny.runs", best_save_interval=0)
    session = TrainingSession(project, run_store=store, splits=digits_splits, snapshot_interval=None)
    result = session.run()
    assert result.status == ev.COMPLETED and result.run_dir == session.run_dir

    runs = list_runs(tmp_path / "tiny.json")  # the project file's NAME.runs/ beside it
    assert len(runs) == 1
    record = runs[0]
    assert str(record.path) == result.run_dir and record.status == "completed"
    assert record.config == project.to_dict() and record.seed == 7
    assert {"tensorflow", "keras", "numpy", "python"} <= set(record.versions)
    assert [row["epoch"] for row in record.history] == [0, 1]
    assert {"loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "seconds"} <= set(record.history[0])
    assert len(record.batch_history) == 20 and record.batch_history[-1]["global_step"] == 19
    assert record.final_metrics["test"]["accuracy"] == pytest.approx(result.test["accuracy"])
    assert {p.name for p in record.path.iterdir()} == {"run.json", "epochs.csv", "batches.csv", "last.keras",
                                                       "best.keras"}
    model = record.load_model("last")
    x = digits_splits.test[0][:5]
    np.testing.assert_allclose(model.predict(x, verbose=0), session.model.predict(x, verbose=0), atol=1e-5)
    assert record.load_model("best", compile=False).count_params() == model.count_params()


def test_continue_training_appends_to_the_same_run(tmp_path, make_project, digits_splits):
    store = RunStore(tmp_path / "runs")
    session = TrainingSession(make_project(), run_store=store, splits=digits_splits, snapshot_interval=None)
    session.run()
    session.continue_training(1)
    (record,) = store.runs()
    assert record.epochs_completed == 2 and [r["epoch"] for r in record.history] == [0, 1]
    assert record.status == "completed" and len(record.batch_history) == 20


def test_ids_sort_by_time(tmp_path):
    store = RunStore(tmp_path)
    ids = [store.create({"name": "p"}, seed=0).id for _ in range(3)]
    assert ids == sorted(ids) and len(set(ids)) == 3
    assert [r.id for r in list_runs(tmp_path)] == ids


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_run_leaves_a_readable_record(tmp_path):
    writer = RunStore(tmp_path).create({"name": "p", "training": {"epochs": 5}}, seed=3)
    writer.start("CPU")
    for epoch in range(2):
        for step in range(3):
            writer.add_batch(epoch, step, epoch * 3 + step, 1.0 / (step + 1), {"accuracy": 0.5}, 0.001)
        writer.end_epoch(epoch, {"loss": 0.5, "accuracy": 0.8}, {"loss": 0.6, "accuracy": 0.7}, 0.001, 1.0,
                         model=None, improved=False)
    writer.add_batch(2, 0, 6, 0.3, {"accuracy": 0.9}, 0.001)  # buffered, never flushed: the kill
    with open(writer.path / "batches.csv", "a", encoding="utf-8") as f:
        f.write("2,1,7,0.2")  # a row torn in half by the kill

    record = load_run(writer.path)
    assert record.status == "running"  # this process wrote it and is alive
    info = json.loads((writer.path / "run.json").read_text())
    info["pid"] = _dead_pid()
    (writer.path / "run.json").write_text(json.dumps(info))
    record = load_run(writer.path)
    assert record.status == "interrupted" and record.epochs_completed == 2
    assert len(record.history) == 2 and len(record.batch_history) == 6
    assert record.final_metrics["val"] == {"loss": 0.6, "accuracy": 0.7}
    assert record.config["training"] == {"epochs": 5} and record.seed == 3
    with pytest.raises(RunError, match="no saved model"):
        record.load_model()


def test_unreadable_folders_are_skipped_and_named(tmp_path):
    (tmp_path / "junk").mkdir()
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "run.json").write_text("{not json")
    assert list_runs(tmp_path) == [] and list_runs(tmp_path / "missing") == []
    with pytest.raises(RunError, match="not a run folder"):
        load_run(tmp_path / "junk")
    with pytest.raises(RunError, match="cannot be read"):
        load_run(tmp_path / "broken")


def test_history_files_are_plain_csv_with_nan_kept(tmp_path):
    writer = RunStore(tmp_path).create({}, seed=0)
    writer.add_batch(0, 0, 0, float("nan"), {"accuracy": 0.1}, 0.1)
    writer.flush_batches()
    writer.finish("diverged", "The loss became NaN")
    (row,) = read_rows(writer.path / "batches.csv")
    assert np.isnan(row["loss"]) and row["accuracy"] == 0.1
    info = json.loads((writer.path / "run.json").read_text())  # strict JSON
    assert info["status"] == "diverged" and not list(writer.path.glob(".*"))


def test_a_diverged_run_is_recorded_without_a_last_model(tmp_path, make_project, digits_splits, network):
    project = make_project(optimizer="sgd", learning_rate=10.0, epochs=5)
    project.network = network(activation="linear", conv_activation="linear")
    result = TrainingSession(project, run_store=RunStore(tmp_path), splits=digits_splits,
                             snapshot_interval=None).run()
    (record,) = list_runs(tmp_path)
    assert result.status == record.status == "diverged" and record.message == result.message
    assert not (record.path / "last.keras").exists()
    assert np.isfinite(record.batch_history[0]["loss"]) and not np.isfinite(record.batch_history[-1]["loss"])
