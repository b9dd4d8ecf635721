"""Guards: NaN loss -> diverged with advice, out of memory -> a smaller batch, refusal up front."""

import numpy as np
import pytest

from playground.data import Splits
from playground.engine.analysis import analyze
from playground.network import chain
from playground.training import devices, guards
from playground.training import events as ev
from playground.training.session import TrainingSession


def test_huge_learning_rate_diverges_with_a_message_naming_the_step(make_project, digits_splits, network, recorder):
    project = make_project(optimizer="sgd", learning_rate=10.0, momentum=0.9, epochs=5)
    project.network = network(activation="linear", conv_activation="linear")
    session = TrainingSession(project, recorder, splits=digits_splits, snapshot_interval=None)
    result = session.run()
    assert result.status == ev.DIVERGED and not result.ok
    bad = [b for b in recorder.of(ev.BatchEnd) if not np.isfinite(b.loss)]
    assert len(bad) == 1  # stopped at the first non-finite loss
    assert f"at epoch {bad[0].epoch + 1}, step {bad[0].step + 1}" in result.message
    assert "Lower the learning rate to 1 " in result.message
    assert recorder.of(ev.BatchEnd)[-1] is bad[0]
    with pytest.raises(RuntimeError):
        session.continue_training(1)


def test_dead_relus_end_the_run_as_diverged_with_the_reason(make_project, digits_splits, recorder):
    """Zero inputs give a ReLU layer zero pre-activations, where its gradient is zero: the network is
    dead from the start, as a too-large step leaves it (lesson 5's ReLU at lr 0.9)."""
    project = make_project(optimizer="sgd", learning_rate=0.9, momentum=0.0, epochs=6)
    project.network = chain([("Input", {"shape": (8, 8, 1)}), ("Flatten", {}),
                             ("Dense", {"units": 8, "activation": "relu"}),
                             ("Dense", {"units": 10, "activation": "softmax"})], name="dead")
    dead = Splits(*[(np.zeros_like(x), y) for x, y in (digits_splits.train, digits_splits.val, digits_splits.test)],
                  digits_splits.class_names)
    result = TrainingSession(project, recorder, splits=dead, snapshot_interval=None).run()
    assert result.status == ev.DIVERGED
    assert result.epochs_completed == 2  # the first epoch whose kernels match the previous one's
    assert "not one weight changed" in result.message and "ReLUs have died" in result.message
    assert "Lower the learning rate to 0.09" in result.message


def test_a_slow_but_living_network_is_not_called_dead(make_project, digits_splits):
    project = make_project(optimizer="sgd", learning_rate=0.001, momentum=0.0, epochs=3)
    result = TrainingSession(project, splits=digits_splits, snapshot_interval=None).run()
    assert result.status == ev.COMPLETED, result.message


def test_out_of_memory_ends_cleanly_and_suggests_a_smaller_batch(make_project, digits_splits):
    import keras
    import tensorflow as tf

    class RunsOutOfMemory(keras.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            if batch == 2:
                raise tf.errors.ResourceExhaustedError(None, None, "OOM when allocating tensor")

    project = make_project(batch_size=32)
    session = TrainingSession(project, splits=digits_splits, callbacks=[RunsOutOfMemory()],
                              snapshot_interval=None)
    result = session.run()
    assert result.status == ev.OUT_OF_MEMORY
    assert "batch size 32" in result.message and "try batch size 16" in result.message
    assert "at epoch 1, step 3" in result.message  # the batch that did not fit
    # the process goes on: the same data trains fine with another session
    assert TrainingSession(make_project(), splits=digits_splits, snapshot_interval=None).run().ok


def test_memory_guard_refuses_a_run_that_cannot_fit(make_project):
    spec = chain([("Input", {"shape": (64, 64, 3)}), ("Conv2D", {"filters": 64}), ("Flatten", {}),
                  ("Dense", {"units": 2, "activation": "softmax"})])
    rng = np.random.default_rng(0)
    pairs = [(rng.random((n, 64, 64, 3), dtype=np.float32), np.arange(n) % 2) for n in (8, 2, 2)]
    project = make_project(batch_size=1 << 20)
    project.network = spec
    recorder_events = []
    result = TrainingSession(project, recorder_events.append, splits=Splits(*pairs, ["a", "b"])).run()
    assert result.status == ev.OUT_OF_MEMORY
    assert result.message.startswith("Not started") and "try batch size" in result.message
    assert [type(e).__name__ for e in recorder_events] == ["Finished"]


def test_check_memory_suggests_a_power_of_two_that_fits():
    spec = chain([("Input", {"shape": (32, 32, 3)}), ("Conv2D", {"filters": 16}), ("Flatten", {}),
                  ("Dense", {"units": 10, "activation": "softmax"})])
    analysis = analyze(spec)
    need_64 = analysis.memory_estimate(64, 2)["total"]
    verdict = guards.check_memory(analysis, 256, 2, available=int(need_64 / guards.MEMORY_HEADROOM) + 1)
    assert not verdict.ok and verdict.suggested_batch_size == 64
    assert "batch size 64" in verdict.message
    assert guards.check_memory(analysis, 64, 2, available=10 * need_64).ok
    assert guards.check_memory(analysis, 64, 2, available=None).ok  # unknown: do not refuse
    tiny = guards.check_memory(analysis, 64, 2, available=1000)
    assert not tiny.ok and tiny.suggested_batch_size is None and "smaller" in tiny.message


def test_host_memory_is_read_without_psutil():
    free = devices.host_available_memory()
    assert free is None or free > 1 << 20


def test_divergence_advice():
    text = guards.divergence_message(float("nan"), 2, 6, 0.1, ("relu",))
    assert text.startswith("The loss became NaN at epoch 3, step 7")
    assert "lower the learning rate to 0.01" in text.lower() and "relu" in text
    assert "infinite" in guards.divergence_message(float("inf"), 0, 0, 0.1)
    assert "check the data" in guards.divergence_message(float("nan"), 0, 0, 1e-6)
    assert guards.nice_number(0.37) == 0.3 and guards.nice_number(0.001) == 0.001


def test_non_finite_data_is_refused(make_project, digits_splits):
    x = digits_splits.train[0].copy()
    x[0, 0, 0, 0] = np.nan
    broken = Splits((x, digits_splits.train[1]), digits_splits.val, digits_splits.test, digits_splits.class_names)
    result = TrainingSession(make_project(), splits=broken).run()
    assert result.status == ev.FAILED and "NaN or infinite" in result.message


def test_input_shape_mismatch_is_explained(make_project, digits_splits, network):
    project = make_project()
    project.network = network(shape=(28, 28, 1))
    result = TrainingSession(project, splits=digits_splits).run()
    assert result.status == ev.FAILED
    assert "expects 28×28×1 inputs but 'digits' has 8×8×1" in result.message


def test_gpu_requested_without_one(make_project, digits_splits):
    if devices.configure_device("auto").kind == "gpu":
        pytest.skip("this machine has a GPU")
    result = TrainingSession(make_project(device="gpu"), splits=digits_splits).run()
    assert result.status == ev.FAILED and result.message.startswith("The training settings ask for the GPU")
