"""Settings that change how a session trains: schedules, early stopping, binary output, mixed
precision, flat inputs, and the text progress listener."""

import io

import numpy as np
import pytest

from playground.data import Splits
from playground.network import chain
from playground.training import events as ev
from playground.training import setup
from playground.training.devices import DeviceInfo
from playground.training.progress import ProgressLine, fmt_duration
from playground.training.schedules import learning_rate_at
from playground.training.session import TrainingSession


def test_batch_events_report_the_scheduled_learning_rate(make_project, digits_splits, recorder):
    project = make_project(schedule="cosine_warmup", epochs=3, warmup_epochs=1, learning_rate=0.01)
    TrainingSession(project, recorder, splits=digits_splits, snapshot_interval=None).run()
    rates = [b.learning_rate for b in recorder.of(ev.BatchEnd)]
    assert rates == [learning_rate_at(project.training, 10, step) for step in range(30)]
    assert rates[0] == 0.0 and max(rates) == pytest.approx(0.01) and rates[-1] < rates[12]


def test_reduce_on_plateau_cuts_the_rate_between_epochs(make_project, digits_splits, recorder):
    project = make_project(schedule="reduce_on_plateau", plateau_patience=0, lr_decay=0.5, epochs=4,
                           monitor="accuracy", learning_rate=1e-5)
    TrainingSession(project, recorder, splits=digits_splits, snapshot_interval=None).run()
    rates = [e.learning_rate for e in recorder.of(ev.EpochEnd)]
    assert rates[0] == pytest.approx(1e-5) and min(rates) < rates[0]
    for epoch in recorder.of(ev.EpochEnd):  # constant within an epoch
        assert {b.learning_rate for b in recorder.of(ev.BatchEnd) if b.epoch == epoch.epoch} == {epoch.learning_rate}


def test_early_stopping_reports_early_stopped(make_project, digits_splits):
    project = make_project(early_stopping=True, patience=0, monitor="val_accuracy", epochs=30,
                           learning_rate=1e-6)  # too small to improve for long
    result = TrainingSession(project, splits=digits_splits, snapshot_interval=None).run()
    assert result.status == ev.EARLY_STOPPED and result.epochs_completed < 30
    assert "val_accuracy had not improved for 0 epochs" in result.message


def test_one_sigmoid_unit_for_two_classes(make_project, digits_splits, network):
    keep = digits_splits.train[1] < 2
    val_keep, test_keep = digits_splits.val[1] < 2, digits_splits.test[1] < 2
    splits = Splits((digits_splits.train[0][keep], digits_splits.train[1][keep]),
                    (digits_splits.val[0][val_keep], digits_splits.val[1][val_keep]),
                    (digits_splits.test[0][test_keep], digits_splits.test[1][test_keep]), ["0", "1"])
    project = make_project(epochs=5, learning_rate=0.01)
    project.network = network(activation="sigmoid", classes=1)
    session = TrainingSession(project, splits=splits, snapshot_interval=None)
    result = session.run()
    assert result.status == ev.COMPLETED, result.message
    assert type(session.model.loss).__name__ == "BinaryCrossentropy"
    assert result.test["accuracy"] > 0.8


def test_sequence_inputs_get_flattened_images(make_project, digits_splits):
    project = make_project()
    project.network = chain([("Input", {"shape": (64, 1)}), ("Flatten", {}), ("Dense", {"units": 16}),
                             ("Dense", {"units": 10, "activation": "softmax"})])
    result = TrainingSession(project, splits=digits_splits, snapshot_interval=0).run()
    assert result.status == ev.COMPLETED, result.message


def test_mixed_precision_keeps_a_float32_output_and_restores_the_policy(make_project, digits_splits,
                                                                       monkeypatch):
    import keras

    monkeypatch.setattr(setup, "configure_device", lambda requested: DeviceInfo("cpu", "/CPU:0", "CPU", True))
    session = TrainingSession(make_project(mixed_precision=True), splits=digits_splits, snapshot_interval=0)
    result = session.run()
    assert result.status == ev.COMPLETED, result.message
    assert session.model.get_layer("conv2d_1").compute_dtype == "float16"
    assert session.model.output.dtype == "float32"
    assert type(session.model.optimizer).__name__ == "LossScaleOptimizer"
    assert keras.config.dtype_policy().name == "float32"


def test_mixed_precision_without_tensor_cores_is_a_note(make_project, digits_splits, recorder, monkeypatch):
    monkeypatch.setattr(setup, "configure_device", lambda requested: DeviceInfo("cpu", "/CPU:0", "CPU", False))
    TrainingSession(make_project(mixed_precision=True), recorder, splits=digits_splits,
                    snapshot_interval=None).run()
    (started,) = recorder.of(ev.Started)
    assert not started.mixed_precision and any("float32" in n for n in started.notes)


def test_progress_line_draws_one_line_and_epoch_summaries():
    out = io.StringIO()
    progress = ProgressLine(out, live=True)
    progress(ev.Started(None, None, 0, 2, 10, 16, 160, 48, 48, 100, 100, 1000, 10_000, ("a",), (), ("0",),
                        np.zeros((0, 8, 8, 1)), np.zeros(0), "CPU", False, ("a note",)))
    progress(ev.BatchEnd(0, 4, 4, 0.5, {"accuracy": 0.75}, 0.001, 16.0))  # one step a second
    progress(ev.EpochEnd(0, {"loss": 0.5, "accuracy": 0.75}, {"loss": 0.4, "accuracy": 0.8}, 0.001, 1.0, 160.0))
    progress(ev.Finished("completed", "done", 2, 2.0))
    text = out.getvalue()
    assert "note: a note" in text
    assert "\repoch 1/2 [##########..........] batch 5/10  loss 0.5000  acc 0.7500  16 samples/s  ETA 0:15" in text
    assert "epoch 1/2  loss 0.5000  acc 0.7500  val_loss 0.4000  val_acc 0.8000" in text
    assert fmt_duration(3725) == "1:02:05" and fmt_duration(float("nan")) == "?"
