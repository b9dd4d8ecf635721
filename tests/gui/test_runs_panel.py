"""Runs panel: real runs listed with status and numbers, curves overlaid, restore, export, damage."""

from __future__ import annotations

import json
import shutil

import pytest
from PySide6.QtCore import Qt

from playground.gui.run_summary import activation_summary, differing, scan_runs, settings_of
from playground.gui.runs_panel import COLUMNS, RunsPanel


def _project(conv_activation: str, lr: float):
    from playground.data import DataConfig
    from playground.network import chain
    from playground.project import Project
    from playground.training.config import TrainingConfig

    network = chain([
        ("Input", {"shape": (8, 8, 1)}),
        ("Conv2D", {"filters": 4, "activation": conv_activation}),
        ("MaxPooling2D", {}),
        ("Flatten", {}),
        ("Dense", {"units": 10, "activation": "softmax"}),
    ], name="tiny")
    training = TrainingConfig(epochs=1, batch_size=16, early_stopping=False, learning_rate=lr, optimizer="sgd")
    return Project(name="tiny", network=network, data=DataConfig(dataset="digits"), training=training)


@pytest.fixture(scope="module")
def runs_root(tmp_path_factory):
    """Two real one-epoch runs (sigmoid at lr 0.9, ReLU at lr 0.1) on 160 digits, made once."""
    from playground.data import Splits, load_dataset, split
    from playground.training import RunStore, TrainingSession

    full = split(load_dataset("digits"), (0.7, 0.15, 0.15), seed=0)
    splits = Splits(*((x[:n], y[:n]) for (x, y), n in ((full.train, 160), (full.val, 48), (full.test, 48))),
                    full.class_names)
    root = tmp_path_factory.mktemp("proj") / "tiny.runs"
    store = RunStore(root, best_save_interval=0)
    projects = [_project("sigmoid", 0.9), _project("relu", 0.1)]
    for project in projects:
        TrainingSession(project, run_store=store, splits=splits, snapshot_interval=None).run()
    return root, projects


@pytest.fixture
def panel(qtbot, runs_root, tmp_path):
    root = tmp_path / "tiny.runs"
    shutil.copytree(runs_root[0], root)  # each test may damage or add to its own copy
    widget = RunsPanel()
    qtbot.addWidget(widget)
    widget.resize(1100, 620)
    widget.set_root(root)
    return widget


def _cell(panel, row, column):
    return panel.table.item(row, COLUMNS.index(column)).text()


def test_table_lists_both_runs_with_status_settings_and_metrics(panel):
    assert panel.table.rowCount() == 2
    for row in range(2):
        assert _cell(panel, row, "Status") == "completed"
        assert _cell(panel, row, "Epochs") == "1/1"
        assert _cell(panel, row, "Val acc").endswith("%") and _cell(panel, row, "Test loss") != "–"
    assert [_cell(panel, r, "LR") for r in range(2)] == ["0.9", "0.1"]
    assert [_cell(panel, r, "Activation") for r in range(2)] == ["sigmoid", "relu"]
    assert "2 runs" in panel.message.text()


def test_ticking_two_runs_overlays_two_curves_named_by_what_differs(panel, qtbot):
    panel.table.item(0, 0).setCheckState(Qt.CheckState.Checked)
    assert len(panel.curves.labels) == 1
    panel.table.item(1, 0).setCheckState(Qt.CheckState.Checked)
    assert panel.ticked_ids() == [e.id for e in panel.entries]
    labels = panel.curves.labels
    assert len(labels) == 2 and "lr=0.9" in labels[0] and "act=sigmoid" in labels[0] and "lr=0.1" in labels[1]
    for ax in panel.curves.axes.values():
        lines = ax.get_lines()
        assert len(lines) == 2 and all(len(line.get_xdata()) == 1 for line in lines)
    panel.refresh()  # ticks survive a refresh
    assert len(panel.curves.labels) == 2
    assert not panel.grab().isNull()


def test_restore_emits_the_project_as_trained(panel, qtbot, runs_root):
    assert not panel.restore_button.isEnabled()
    panel.select(panel.entries[1].id)
    assert panel.restore_button.isEnabled()
    with qtbot.waitSignal(panel.restoreRequested, timeout=2000) as signal:
        panel.restore_button.click()
    assert signal.args[0] == runs_root[1][1].to_dict()


def test_export_to_keras_writes_a_model_keras_loads_safely(panel, qtbot, answers, tmp_path):
    import keras

    panel.select(panel.entries[0].id)
    dialog = panel.export_selected()
    assert dialog is not None and dialog.isVisible()
    target = tmp_path / "exported"
    answers.answers["export_path"] = str(target)
    dialog.set_format("keras")
    dialog.choose_path()
    assert dialog.path_edit.text() == str(target) + ".keras"
    with qtbot.waitSignal(dialog.exported, timeout=60000) as signal:
        dialog.export_button.click()
    assert "read back" in dialog.status.text() or "checked" in dialog.status.text()
    model = keras.saving.load_model(signal.args[0].path, safe_mode=True)
    assert model.count_params() == signal.args[0].params
    dialog.close()


def test_export_into_a_missing_folder_says_so(panel, tmp_path):
    panel.select(panel.entries[0].id)
    dialog = panel.export_selected()
    dialog.path_edit.setText(str(tmp_path / "nowhere" / "m.keras"))
    dialog.start_export()
    assert "does not exist" in dialog.status.text() and not dialog.is_running()
    dialog.close()


def test_a_damaged_run_is_listed_as_unreadable_and_the_rest_still_show(panel):
    damaged = panel.entries[0].path / "run.json"
    damaged.write_text(damaged.read_text()[:40])  # truncated mid-write
    panel.refresh()
    assert panel.table.rowCount() == 2
    assert _cell(panel, 0, "Status") == "unreadable" and _cell(panel, 1, "Status") == "completed"
    assert "could not be read" in panel.message.text()
    panel.select(panel.entries[0].id)
    assert not panel.export_button.isEnabled() and "cannot be read" in panel.message.text()
    panel.set_ticked([e.id for e in panel.entries])
    assert panel.ticked_ids() == [panel.entries[1].id]


def test_new_run_folder_appears_through_the_watcher(panel, qtbot):
    source = panel.entries[1].path
    shutil.copytree(source, panel.root / "29991231-235959-000")
    qtbot.waitUntil(lambda: panel.table.rowCount() == 3, timeout=5000)


def test_no_root_and_empty_root_say_what_to_do(qtbot, tmp_path):
    widget = RunsPanel()
    qtbot.addWidget(widget)
    widget.set_root(None)
    assert widget.table.rowCount() == 0 and "train" in widget.message.text().lower()
    widget.set_root(tmp_path / "none.runs")
    assert "No runs yet" in widget.message.text()


def test_summaries_name_the_settings_that_differ(tmp_path):
    a, b = _project("sigmoid", 0.9).to_dict(), _project("relu", 0.1).to_dict()
    assert activation_summary(a["network"]) == "sigmoid"  # the output's softmax is not counted
    assert differing([settings_of(a), settings_of(b)]) == ["learning_rate", "activation"]
    (tmp_path / "r1").mkdir()
    (tmp_path / "r1" / "run.json").write_text(json.dumps([1, 2]))
    (tmp_path / "not-a-run").mkdir()
    (entry,) = scan_runs(tmp_path)
    assert not entry.readable and "does not hold a run record" in entry.error


def test_export_of_a_run_without_a_model_fails_with_a_clear_message(panel, qtbot):
    entry = panel.entries[0]
    for name in ("best.keras", "last.keras"):
        (entry.path / name).unlink()
    panel.select(entry.id)
    dialog = panel.export_selected()
    assert "only the project file" in dialog.status.text()
    with qtbot.waitSignal(dialog.failed, timeout=10000) as signal:
        dialog.start_export()
    assert "no saved model" in signal.args[0] and dialog.status.text().startswith("Export failed:")
    assert dialog.export_button.isEnabled()
    dialog.close()


def test_restore_command_puts_network_and_settings_back_and_undoes(qtbot):
    from playground.gui.main_window import MainWindow
    from playground.gui.run_restore import RestoreRunCommand

    window = MainWindow(load_engine=False)
    qtbot.addWidget(window)
    before = window.document.current_project()
    run = _project("sigmoid", 0.9)
    window.undo_stack.push(RestoreRunCommand(window.model, window.document, run.to_dict(), "Restore run #1",
                                             window.training_panel.form.load))
    now = window.document.current_project()
    assert now.network.to_dict() == run.network.to_dict() and now.training == run.training
    assert window.training_panel.form.editors["learning_rate"].value() == pytest.approx(0.9)
    window.undo_stack.undo()
    again = window.document.current_project()
    assert again.network.to_dict() == before.network.to_dict() and again.training == before.training
    window.close()


def test_the_first_run_of_a_project_appears_without_a_refresh(qtbot, runs_root, tmp_path):
    widget = RunsPanel()
    qtbot.addWidget(widget)
    widget.set_root(tmp_path / "tiny.runs")
    assert widget.table.rowCount() == 0
    shutil.copytree(runs_root[0], tmp_path / "tiny.runs")
    qtbot.waitUntil(lambda: widget.table.rowCount() == 2, timeout=5000)
