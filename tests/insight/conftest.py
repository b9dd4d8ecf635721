"""Tiny models for the insight tests: 8x8 inputs, built from specs like the app builds them."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine.build import build_model
from playground.network import chain


def _build(*layers: tuple[str, dict], name: str = "net"):
    """Build a sequential model from (kind, params) pairs; layer names are the spec ids."""
    pytest.importorskip("keras")
    return build_model(chain(list(layers), name=name))


def _linear_classifier(shape: tuple[int, ...], kernel: np.ndarray, bias: np.ndarray, activation="softmax"):
    """Input -> Flatten -> Dense(classes) with the given weights: a model whose maths is known."""
    model = _build(("Input", {"shape": shape}), ("Flatten", {}),
                  ("Dense", {"units": kernel.shape[1], "activation": activation}))
    model.get_layer("dense_1").set_weights([kernel.astype(np.float32), bias.astype(np.float32)])
    return model


@pytest.fixture(scope="module")
def small_cnn():
    """Input(8,8,1) -> Conv(4) -> MaxPool -> Conv(6) -> Flatten -> Dense(3, softmax), seeded."""
    keras = pytest.importorskip("keras")
    keras.utils.set_random_seed(0)
    return _build(
        ("Input", {"shape": (8, 8, 1)}),
        ("Conv2D", {"filters": 4}),
        ("MaxPooling2D", {}),
        ("Conv2D", {"filters": 6}),
        ("Flatten", {}),
        ("Dense", {"units": 3, "activation": "softmax"}),
    )


@pytest.fixture
def build():
    """``build(*(kind, params))`` -> a Keras model from a sequential spec."""
    return _build


@pytest.fixture
def linear_classifier():
    """``linear_classifier(shape, kernel, bias, activation)`` -> Input -> Flatten -> Dense."""
    return _linear_classifier
