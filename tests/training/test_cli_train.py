"""`playground train` and `playground datasets` through the CLI's own dispatcher (in-process)."""

import json
import math

import pytest

from playground.cli import main
from playground.project import save_project


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_train_json_on_a_template_for_one_epoch(tmp_path, capsys):
    code, out, err = run(capsys, "train", "small_cnn", "--epochs", "1", "--batch-size", "64", "--json",
                         "--runs-dir", str(tmp_path))
    assert code == 0, err
    data = json.loads(out)
    assert data["status"] == "completed"
    for key in ("train_loss", "train_accuracy", "val_loss", "val_accuracy", "test_loss", "test_accuracy"):
        assert isinstance(data[key], float) and math.isfinite(data[key]), key
    assert 0 <= data["test_accuracy"] <= 1
    run_dir = tmp_path / data["run_dir"].rsplit("/", 1)[-1]
    assert (run_dir / "run.json").exists() and (run_dir / "last.keras").exists()


def test_train_a_project_file_prints_metrics_and_stores_the_run_beside_it(tmp_path, capsys, make_project):
    path = tmp_path / "tiny.json"
    save_project(make_project(), path)
    code, out, err = run(capsys, "train", str(path), "--seed", "3")
    assert code == 0, err
    assert out.startswith("completed:") and "test:" in out and "validation:" in out
    assert "epoch 1/1" in err  # progress goes to stderr
    runs = list((tmp_path / "tiny.runs").iterdir())
    assert len(runs) == 1 and json.loads((runs[0] / "run.json").read_text())["seed"] == 3


def test_a_failed_run_exits_1_with_the_reason(tmp_path, capsys, make_project, network):
    project = make_project()
    project.network = network(shape=(28, 28, 1))  # digits are 8x8
    path = tmp_path / "wrong.json"
    save_project(project, path)
    code, out, err = run(capsys, "train", str(path), "--json")
    assert code == 1
    assert json.loads(out)["status"] == "failed"
    assert "error: training failed: The network expects 28×28×1" in err


@pytest.mark.parametrize("argv, fragment", [
    (["train", "no_such_template"], "neither a project file nor a template"),
    (["train", "missing.json"], "no such file"),
    (["train", "--epochs", "0"], "--epochs must be at least 1"),
    (["train", "--batch-size", "-4"], "--batch-size"),
    (["train", "--lr", "-1"], "training.learning_rate"),
    (["train", "--lr", "fast"], "invalid float value"),
    (["train", "--optimizer", "adagrad"], "invalid choice"),
    (["train", "--data", "no_such_data"], "unknown dataset 'no_such_data'"),
])
def test_bad_arguments_are_one_line_and_exit_2(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code == 2 and fragment in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_damaged_project_file_exits_2(tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text('{"network": ', encoding="utf-8")
    code, _, err = run(capsys, "train", str(path))
    assert code == 2 and "broken.json" in err


def test_templates_follow_the_data():
    import argparse

    from playground.cli_train import add_train_parser, build_project

    parser = argparse.ArgumentParser()
    add_train_parser(parser.add_subparsers())
    mlp = build_project(parser.parse_args(["train", "mlp"]))
    assert mlp.data.options == {"size": 28}  # mlp is designed for 28x28: digits are resized
    vgg = build_project(parser.parse_args(["train", "tiny_vgg", "--data", "shapes"]))
    assert tuple(vgg.network.input_nodes()[0].params["shape"]) == (28, 28, 1)
    assert vgg.network.node(vgg.network.output_ids()[0]).params["units"] == 5


def test_datasets_lists_shapes_classes_and_offline(capsys):
    code, out, _ = run(capsys, "datasets")
    assert code == 0
    digits = next(line for line in out.splitlines() if line.startswith("digits"))
    assert "8x8x1" in digits and "10" in digits and "yes" in digits
    code, out, _ = run(capsys, "datasets", "--json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["digits"]["available_offline"] and rows["cifar10"]["input_shape"] == [32, 32, 3]
