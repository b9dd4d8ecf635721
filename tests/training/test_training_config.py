"""TrainingConfig: JSON round trip, validation messages, and optimizers/schedules built from it."""

import json
import math

import pytest

from playground.training.config import OPTIMIZERS, SCHEDULES, TrainingConfig, TrainingConfigError
from playground.training.schedules import learning_rate_at, make_learning_rate, make_optimizer


def test_defaults_round_trip_through_json():
    config = TrainingConfig()
    again = TrainingConfig.from_dict(json.loads(json.dumps(config.to_dict())))
    assert again == config
    assert config.optimizer == "adam" and config.batch_size == 32 and config.epochs < 30


def test_every_choice_round_trips():
    for optimizer in OPTIMIZERS:
        for schedule in SCHEDULES:
            config = TrainingConfig(optimizer=optimizer, schedule=schedule, epochs=5, warmup_epochs=1)
            assert TrainingConfig.from_dict(config.to_dict()) == config


def test_names_are_normalised():
    assert TrainingConfig(optimizer="AdamW", schedule="cosine-warmup").schedule == "cosine_warmup"


@pytest.mark.parametrize("changes, fragment", [
    ({"optimizer": "adagrad"}, "training.optimizer must be one of sgd, adam, adamw, rmsprop"),
    ({"learning_rate": 0}, "Received: learning_rate=0"),
    ({"learning_rate": float("nan")}, "must be a number"),
    ({"batch_size": 0}, "training.batch_size must lie in 1.."),
    ({"batch_size": 2.5}, "must be a whole number"),
    ({"epochs": True}, "must be a whole number"),
    ({"momentum": 1.0}, "momentum"),
    ({"label_smoothing": -0.1}, "label_smoothing"),
    ({"device": "tpu"}, "auto, cpu, gpu"),
    ({"early_stopping": "yes"}, "true or false"),
    ({"schedule": "cosine_warmup", "warmup_epochs": 5, "epochs": 5}, "fewer than epochs"),
    ({"min_learning_rate": 0.1}, "min_learning_rate"),
])
def test_bad_values_say_what_and_why(changes, fragment):
    with pytest.raises(TrainingConfigError, match=None) as info:
        TrainingConfig(**changes)
    assert fragment in str(info.value)


def test_unknown_keys_are_named():
    with pytest.raises(TrainingConfigError, match="unknown setting.*'lr'"):
        TrainingConfig.from_dict({"lr": 0.1})
    with pytest.raises(TrainingConfigError, match="mapping"):
        TrainingConfig.from_dict([1, 2])


def test_replace_validates():
    assert TrainingConfig().replace(epochs=3).epochs == 3
    with pytest.raises(TrainingConfigError):
        TrainingConfig().replace(epochs=-1)


def test_optimizer_slots_for_the_memory_estimate():
    assert TrainingConfig(optimizer="adam").optimizer_slots == 2
    assert TrainingConfig(optimizer="sgd", momentum=0.0).optimizer_slots == 0
    assert TrainingConfig(optimizer="sgd").optimizer_slots == 1


@pytest.mark.parametrize("schedule", ["constant", "step", "exponential", "cosine", "cosine_warmup"])
def test_python_schedule_matches_keras(schedule):
    """The per-batch event reports learning_rate_at(); it must equal what the optimizer uses."""
    import keras

    config = TrainingConfig(schedule=schedule, epochs=6, lr_step_epochs=2, warmup_epochs=2,
                            learning_rate=0.01, min_learning_rate=0.001, lr_decay=0.5)
    steps = 7
    lr = make_learning_rate(config, steps)
    for step in (0, 1, 6, 7, 13, 14, 20, 30, 41, 60):
        expected = float(keras.ops.convert_to_numpy(lr(step))) if callable(lr) else lr
        assert math.isclose(learning_rate_at(config, steps, step), expected, rel_tol=1e-5, abs_tol=1e-9), step


@pytest.mark.parametrize("optimizer, cls", [("sgd", "SGD"), ("adam", "Adam"), ("adamw", "AdamW"),
                                            ("rmsprop", "RMSprop")])
def test_make_optimizer(optimizer, cls):
    config = TrainingConfig(optimizer=optimizer, weight_decay=0.01, nesterov=optimizer == "sgd")
    opt = make_optimizer(config, 10)
    assert type(opt).__name__ == cls
    assert math.isclose(opt.weight_decay, 0.01)
    if optimizer == "sgd":
        assert opt.nesterov and math.isclose(opt.momentum, 0.9)
