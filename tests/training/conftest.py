"""Tiny projects and data for the training tests: 8x8 digits subsets and nets of a few hundred
weights, so a fit takes well under a second after its one-time tracing."""

from __future__ import annotations

import dataclasses
import threading

import numpy as np
import pytest

from playground.data import DataConfig, Splits
from playground.network import chain
from playground.project import Project
from playground.training.config import TrainingConfig


def tiny_network(activation: str = "softmax", shape=(8, 8, 1), classes: int = 10, conv_activation: str = "relu"):
    """Input -> Conv2D(4) -> MaxPool -> Flatten -> Dense(classes)."""
    return chain([
        ("Input", {"shape": shape}),
        ("Conv2D", {"filters": 4, "activation": conv_activation}),
        ("MaxPooling2D", {}),
        ("Flatten", {}),
        ("Dense", {"units": classes, "activation": activation}),
    ], name="tiny")


def tiny_project(**training) -> Project:
    config = TrainingConfig(**{"epochs": 1, "batch_size": 16, "early_stopping": False, **training})
    return Project(name="tiny", network=tiny_network(), data=DataConfig(dataset="digits"), training=config)


@pytest.fixture(scope="session")
def digits_splits() -> Splits:
    """A stratified 160 / 48 / 48 subset of the embedded digits."""
    from playground.data import load_dataset, split

    full = split(load_dataset("digits"), (0.7, 0.15, 0.15), seed=0)

    def head(pair, n):
        return pair[0][:n], pair[1][:n]

    return Splits(head(full.train, 160), head(full.val, 48), head(full.test, 48), full.class_names)


@pytest.fixture
def project():
    return tiny_project()


@pytest.fixture
def make_project():
    return tiny_project


class Recorder:
    """A listener that keeps every event and lets a test wait for one kind."""

    def __init__(self):
        self.events = []
        self._cond = threading.Condition()

    def __call__(self, event):
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def of(self, kind):
        return [e for e in self.events if isinstance(e, kind)]

    def names(self):
        return [type(e).__name__ for e in self.events]


@pytest.fixture
def recorder():
    return Recorder()


PLAIN = (int, float, str, bool, type(None), np.ndarray, np.integer, np.floating)


def assert_plain(value, where="event"):
    """Only numbers, text, numpy arrays and containers of them: nothing live crosses threads."""
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            assert_plain(getattr(value, f.name), f"{where}.{f.name}")
    elif isinstance(value, dict):
        for k, v in value.items():
            assert isinstance(k, str), f"{where} has key {k!r}"
            assert_plain(v, f"{where}[{k!r}]")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            assert_plain(v, f"{where}[{i}]")
    else:
        assert isinstance(value, PLAIN), f"{where} is a {type(value).__name__}"
        if isinstance(value, np.ndarray):
            assert value.dtype != object, f"{where} is an object array"


@pytest.fixture
def plain():
    return assert_plain


@pytest.fixture
def network():
    return tiny_network
