"""The headless commands as a user types them: tables, JSON, and one-line errors with exit code 2."""

import json
import subprocess
import sys

import pytest

from playground.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_templates_lists_the_classics(capsys):
    code, out, _ = run(capsys, "templates")
    assert code == 0
    for name in ("mlp", "lenet5", "alexnet", "vgg11", "vgg16", "nin", "googlenet", "resnet18", "resnet50"):
        assert name in out


def test_summary_json_of_lenet(capsys):
    code, out, _ = run(capsys, "summary", "lenet5", "--input", "28x28x1", "--classes", "10", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["total_params"] == 61_706
    assert data["depth"] == 5
    assert {"layers", "total_params", "trainable_params", "macs", "depth"} <= set(data)
    assert data["layers"][0]["output_shape"] == [28, 28, 1]
    assert all({"name", "kind", "output_shape", "params", "macs", "receptive_field"} <= set(row)
               for row in data["layers"])


def test_summary_table_has_totals(capsys):
    code, out, _ = run(capsys, "summary", "vgg16", "--input", "224x224x3", "--classes", "1000")
    assert code == 0
    assert "138,357,544" in out and "Depth:            16" in out


def test_summary_of_a_project_file(tmp_path, capsys):
    from playground.project import default_project, save_project

    path = tmp_path / "p.json"
    save_project(default_project(), path)
    code, out, _ = run(capsys, "summary", str(path), "--json")
    assert code == 0 and json.loads(out)["total_params"] > 0


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["summary", "no_such_template"], "neither a project file nor a template"),
        (["summary", "missing.json"], "no such file"),
        (["summary", "lenet5", "--input", "28by28"], "--input"),
        (["summary", "lenet5", "--classes", "0"], "--classes"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert fragment in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_damaged_project_file_is_one_line(tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text('{"network": {"nodes": [', encoding="utf-8")
    code, _, err = run(capsys, "summary", str(path))
    assert code == 2 and "broken.json" in err and len(err.strip().splitlines()) == 1


def test_console_entry_point_runs_headless():
    result = subprocess.run([sys.executable, "-m", "playground.cli", "templates"], capture_output=True, text=True)
    assert result.returncode == 0 and "resnet50" in result.stdout
