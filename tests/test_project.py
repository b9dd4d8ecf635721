"""Project files: round trip, atomic save, one-sentence errors for damaged files, runs folder."""

import json
import os
from pathlib import Path

import pytest

from playground.data import DataConfig
from playground.network import chain
from playground.project import (
    PROJECT_SCHEMA_VERSION,
    Project,
    ProjectError,
    default_project,
    load_project,
    runs_dir,
    save_project,
)
from playground.training.config import TrainingConfig


def test_default_project_is_small_cnn_on_digits():
    project = default_project()
    assert project.network.name == "small_cnn" and project.data.dataset == "digits"
    assert project.training == TrainingConfig()
    assert tuple(project.network.input_nodes()[0].params["shape"]) == (8, 8, 1)


def test_round_trip_through_a_file(tmp_path):
    project = Project(
        name="mine",
        network=chain([("Input", {"shape": (8, 8, 1)}), ("Flatten", {}), ("Dense", {"units": 10})]),
        data=DataConfig(dataset="shapes", options={"samples_per_class": 20}, ratios=(0.8, 0.1, 0.1), seed=4),
        training=TrainingConfig(optimizer="sgd", nesterov=True, schedule="cosine", epochs=3, label_smoothing=0.1),
    )
    path = tmp_path / "mine.json"
    save_project(project, path)
    assert load_project(path) == project
    data = json.loads(path.read_text())
    assert data["schema_version"] == PROJECT_SCHEMA_VERSION and set(data) >= {"network", "data", "training"}
    assert Project.from_dict(project.to_dict()) == project


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path, monkeypatch):
    path = tmp_path / "p.json"
    save_project(default_project(), path)
    before = path.read_text()

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    changed = default_project()
    changed.name = "changed"
    with pytest.raises(OSError):
        save_project(changed, path)
    assert path.read_text() == before  # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["p.json"]


@pytest.mark.parametrize("content, fragment", [
    ('{"network": {"nodes": [', "Not valid JSON (line 1"),
    ("", "is empty"),
    ("[1, 2]", "must be a JSON object"),
    ('{"nodes": [], "edges": []}', "bare network spec"),
    ('{"network": {"nodes": "x"}}', "network:"),
    ('{"network": {"nodes": []}, "training": {"lr": 1}}', "training: training: unknown setting"),
    ('{"network": {"nodes": []}, "training": {"epochs": 0}}', "training.epochs"),
    ('{"network": {"nodes": []}, "data": {"ratios": [1, 1, 1]}}', "data: split ratios must sum to 1"),
    ('{"network": {"nodes": []}, "schema_version": 99}', "newer Keras Playground"),
    ('{"network": {"nodes": []}, "name": 5}', "'name' must be text"),
])
def test_damaged_files_raise_project_error(tmp_path, content, fragment):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ProjectError) as info:
        load_project(path)
    assert fragment in str(info.value)
    assert len(str(info.value).splitlines()) == 1


def test_missing_file_folder_and_binary(tmp_path):
    with pytest.raises(ProjectError, match="No such project file"):
        load_project(tmp_path / "nope.json")
    with pytest.raises(ProjectError, match="is a folder"):
        load_project(tmp_path)
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ProjectError, match="not a text"):
        load_project(tmp_path / "bin.json")


def test_missing_data_and_training_take_defaults(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"network": default_project().network.to_dict()}))
    project = load_project(path)
    assert project.training == TrainingConfig() and project.data == DataConfig()


def test_runs_dir_is_beside_the_file():
    assert runs_dir("/a/b/mnist.json") == Path("/a/b/mnist.runs")
    assert runs_dir(Path("x.json")) == Path("x.runs")
