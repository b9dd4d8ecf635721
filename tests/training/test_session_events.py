"""The session's events: order, plain data, snapshots, stop, pause/resume and continue."""

import threading

import numpy as np
import pytest

from playground.training import events as ev
from playground.training.session import TrainingSession

WAIT = 60  # seconds: generous upper bounds for a loaded CI machine, never sleeps


def test_events_arrive_in_order_as_plain_data(project, digits_splits, recorder, plain):
    project.training = project.training.replace(epochs=2)
    result = TrainingSession(project, recorder, splits=digits_splits, snapshot_interval=None).run()
    names = recorder.names()
    steps = 10  # 160 samples / 16
    assert names[0] == "Started" and names[-1] == "Finished"
    assert names.count("BatchEnd") == 2 * steps and names.count("EpochEnd") == 2
    assert names.index("EpochEnd") == 1 + steps  # epoch 0's batches, then its end
    started = recorder.of(ev.Started)[0]
    assert (started.steps_per_epoch, started.epochs, started.train_samples) == (steps, 2, 160)
    assert started.total_params == 4 * 9 + 4 + 64 * 10 + 10
    assert started.layer_names[0] == "input_1" and started.kernel_layers == ("conv2d_1",)
    batches = recorder.of(ev.BatchEnd)
    assert [b.global_step for b in batches] == list(range(2 * steps))
    assert [b.step for b in batches[:steps]] == list(range(steps))
    assert all(b.loss > 0 and 0 <= b.metrics["accuracy"] <= 1 and b.learning_rate == 1e-3 for b in batches)
    assert all(b.samples_per_second > 0 for b in batches)
    epoch = recorder.of(ev.EpochEnd)[1]
    assert set(epoch.train) == {"loss", "accuracy"} and set(epoch.val) == {"loss", "accuracy"}
    assert result.status == ev.COMPLETED and result is recorder.events[-1]
    assert set(result.test) == {"loss", "accuracy"} and result.epochs_completed == 2
    for event in recorder.events:
        plain(event, type(event).__name__)


def test_snapshot_contents(project, digits_splits, recorder, plain):
    session = TrainingSession(project, recorder, splits=digits_splits, snapshot_interval=0, probe_count=3)
    session.run()
    snaps = recorder.of(ev.Snapshot)
    assert len(snaps) >= 10  # initial, one per batch, final
    first, last = snaps[0], snaps[-1]
    assert first.global_step == 0
    assert set(first.kernels) == {"conv2d_1"} and first.kernels["conv2d_1"].shape == (3, 3, 1, 4)
    assert list(first.activations) == ["conv2d_1", "max_pooling2d_1", "flatten_1", "dense_1"]
    assert first.activations["conv2d_1"].shape == (3, 8, 8, 4)
    assert first.activations["dense_1"].shape == (3, 10)
    np.testing.assert_allclose(first.activations["dense_1"].sum(axis=1), 1.0, rtol=1e-5)  # softmax
    assert set(first.weight_norms) == set(first.grad_norms) == {"conv2d_1", "dense_1"}
    assert all(v > 0 for v in first.grad_norms.values()) and first.probe_loss > 0
    kernel = session.model.get_layer("conv2d_1").kernel.numpy()
    np.testing.assert_allclose(last.kernels["conv2d_1"], kernel)  # final snapshot = final weights
    assert not np.allclose(first.kernels["conv2d_1"], kernel)  # copies, not views of the variable
    weights = np.sqrt(sum(np.sum(w**2) for w in session.model.get_layer("dense_1").get_weights()))
    assert last.weight_norms["dense_1"] == pytest.approx(weights, rel=1e-5)
    started = recorder.of(ev.Started)[0]
    assert started.probe_images.shape == (3, 8, 8, 1) and len(set(started.probe_labels.tolist())) == 3
    plain(last)


def test_snapshot_interval_is_respected(project, digits_splits, recorder):
    project.training = project.training.replace(epochs=2)
    TrainingSession(project, recorder, splits=digits_splits, snapshot_interval=3600).run()
    assert len(recorder.of(ev.Snapshot)) == 2  # at the start and at the end only


def test_stop_from_a_listener_takes_effect_within_one_batch(project, digits_splits, recorder):
    project.training = project.training.replace(epochs=5)
    session = TrainingSession(project, recorder, splits=digits_splits, snapshot_interval=None)
    seen_after = []

    def stopper(event):
        if isinstance(event, ev.BatchEnd):
            if session.control.stop_requested:
                seen_after.append(event)
            elif event.step == 2:
                session.stop()

    session.add_listener(stopper)
    result = session.run()
    assert len(seen_after) <= 1
    assert result.status == ev.STOPPED and "epoch 1, step 3" in result.message
    assert len(recorder.of(ev.BatchEnd)) <= 4


def test_pause_and_resume_from_another_thread(project, digits_splits, recorder):
    project.training = project.training.replace(epochs=200)
    session = TrainingSession(project, recorder, splits=digits_splits, snapshot_interval=None)
    first_batch, paused, resumed, batch_while_paused, batch_after_resume = (threading.Event() for _ in range(5))

    def watcher(event):
        if isinstance(event, ev.BatchEnd):
            first_batch.set()
            if resumed.is_set():
                batch_after_resume.set()
            elif paused.is_set():
                batch_while_paused.set()
        elif isinstance(event, ev.Paused):
            paused.set()
        elif isinstance(event, ev.Resumed):
            resumed.set()

    session.add_listener(watcher)
    results = []
    worker = threading.Thread(target=lambda: results.append(session.run()))
    worker.start()
    try:
        assert first_batch.wait(WAIT)
        session.pause()
        assert paused.wait(WAIT) and session.paused
        assert not batch_while_paused.wait(0.3)  # held between batches
        assert recorder.of(ev.Snapshot), "a snapshot is taken on pausing"
        session.resume()
        assert resumed.wait(WAIT) and batch_after_resume.wait(WAIT)
    finally:
        session.stop()
        worker.join(WAIT)
    assert not worker.is_alive() and results[0].status == ev.STOPPED


def test_stop_releases_a_paused_run(project, digits_splits):
    project.training = project.training.replace(epochs=200)
    paused = threading.Event()
    session = TrainingSession(project, lambda e: isinstance(e, ev.Paused) and paused.set(),
                              splits=digits_splits, snapshot_interval=None)
    session.pause()  # before the first batch: holds after it
    results = []
    worker = threading.Thread(target=lambda: results.append(session.run()))
    worker.start()
    assert paused.wait(WAIT)
    session.stop()
    worker.join(WAIT)
    assert results[0].status == ev.STOPPED


def test_continue_keeps_the_optimizer_state(project, digits_splits, recorder):
    session = TrainingSession(project, recorder, splits=digits_splits, snapshot_interval=None)
    assert session.run().status == ev.COMPLETED
    model, optimizer = session.model, session.model.optimizer
    assert int(optimizer.iterations) == 10
    moments = [v.numpy() for v in optimizer.variables if "momentum" in v.path]
    assert moments and any(np.abs(m).sum() > 0 for m in moments)
    result = session.continue_training(2)
    assert result.status == ev.COMPLETED and result.epochs_completed == 3
    assert session.model is model and session.model.optimizer is optimizer
    assert int(optimizer.iterations) == 30
    started = recorder.of(ev.Started)[-1]
    assert (started.initial_epoch, started.epochs) == (1, 3)
    assert [e.epoch for e in recorder.of(ev.EpochEnd)] == [0, 1, 2]
    assert recorder.of(ev.BatchEnd)[-1].global_step == 29
    with pytest.raises(ValueError):
        session.continue_training(0)


def test_continue_after_a_failed_start_is_refused(make_project, digits_splits, network):
    project = make_project()
    project.network = network(classes=3)  # the digits have 10 classes
    session = TrainingSession(project, splits=digits_splits)
    result = session.run()
    assert result.status == ev.FAILED and "set units to 10" in result.message
    with pytest.raises(RuntimeError, match="Nothing to continue"):
        session.continue_training(1)


def test_label_smoothing_uses_one_hot_labels(make_project, digits_splits, recorder):
    project = make_project(label_smoothing=0.1)
    result = TrainingSession(project, recorder, splits=digits_splits, snapshot_interval=0).run()
    assert result.status == ev.COMPLETED and 0 <= result.test["accuracy"] <= 1
    assert recorder.of(ev.Snapshot)[-1].probe_loss > 0


def test_logits_output_is_trained_from_logits(make_project, digits_splits, network):
    project = make_project(learning_rate=0.01, epochs=4)
    project.network = network(activation="linear")
    session = TrainingSession(project, splits=digits_splits, snapshot_interval=None)
    result = session.run()
    assert session.model.loss.from_logits
    assert result.status == ev.COMPLETED and result.test["accuracy"] > 0.3  # well above chance (0.1)
