"""The training half of a project file: optimizer, learning-rate schedule, batches, stopping, device.

A plain dataclass with a JSON round-trip (to_dict / from_dict) and validation that names the
field, the allowed values and what it received, because project files are edited by hand too.
No Keras here: the window validates settings while TensorFlow is still loading.

The defaults train the default project (template 'small_cnn' on the embedded 8x8 digits) past
97% test accuracy well within its 20 epochs on a laptop CPU (checked by a test).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

OPTIMIZERS = ("sgd", "adam", "adamw", "rmsprop")
SCHEDULES = ("constant", "step", "exponential", "cosine", "cosine_warmup", "reduce_on_plateau")
MONITORS = ("val_loss", "val_accuracy", "loss", "accuracy")
DEVICES = ("auto", "cpu", "gpu", "all_gpus")  # all_gpus: data-parallel over every GPU (see devices.py)


class TrainingConfigError(ValueError):
    """A training setting is out of range or of the wrong kind; the message says which and why."""


def _fail(name: str, rule: str, value) -> TrainingConfigError:
    return TrainingConfigError(f"training.{name} {rule}. Received: {name}={value!r}")


@dataclass
class TrainingConfig:
    """Every knob of one training run. Field names are what project files store."""

    optimizer: str = "adam"
    learning_rate: float = 1e-3
    momentum: float = 0.9  # sgd (and rmsprop) only
    nesterov: bool = False  # sgd only
    weight_decay: float = 0.0  # decoupled decay; adamw's reason to exist, allowed for all
    schedule: str = "constant"
    lr_decay: float = 0.5  # factor per step (step), per epoch (exponential), per plateau
    lr_step_epochs: int = 10  # step: multiply by lr_decay every this many epochs
    warmup_epochs: int = 2  # cosine_warmup: linear ramp from 0 over this many epochs
    min_learning_rate: float = 0.0  # floor of cosine and reduce_on_plateau
    plateau_patience: int = 3  # reduce_on_plateau: epochs without improvement before a cut
    batch_size: int = 32
    epochs: int = 20
    label_smoothing: float = 0.0
    early_stopping: bool = True
    patience: int = 5
    restore_best: bool = True
    monitor: str = "val_loss"  # early stopping, plateau and the run's "best" model
    seed: int = 0
    deterministic: bool = False  # reproducible bit for bit, at some cost in speed
    mixed_precision: bool = False  # float16 compute where the GPU has tensor cores; else ignored
    device: str = "auto"

    def __post_init__(self) -> None:
        self.optimizer = _choice("optimizer", self.optimizer, OPTIMIZERS)
        self.schedule = _choice("schedule", self.schedule, SCHEDULES)
        self.monitor = _choice("monitor", self.monitor, MONITORS)
        self.device = _choice("device", self.device, DEVICES)
        self.learning_rate = _number("learning_rate", self.learning_rate, 0.0, 10.0, open_low=True)
        self.momentum = _number("momentum", self.momentum, 0.0, 1.0, open_high=True)
        self.weight_decay = _number("weight_decay", self.weight_decay, 0.0, 1.0)
        self.lr_decay = _number("lr_decay", self.lr_decay, 0.0, 1.0, open_low=True)
        self.min_learning_rate = _number("min_learning_rate", self.min_learning_rate, 0.0, self.learning_rate)
        self.label_smoothing = _number("label_smoothing", self.label_smoothing, 0.0, 1.0, open_high=True)
        self.batch_size = _whole("batch_size", self.batch_size, 1, 1 << 20)
        self.epochs = _whole("epochs", self.epochs, 1, 100_000)
        self.lr_step_epochs = _whole("lr_step_epochs", self.lr_step_epochs, 1, 100_000)
        self.warmup_epochs = _whole("warmup_epochs", self.warmup_epochs, 0, 100_000)
        self.plateau_patience = _whole("plateau_patience", self.plateau_patience, 0, 100_000)
        self.patience = _whole("patience", self.patience, 0, 100_000)
        self.seed = _whole("seed", self.seed, 0, 2**32 - 1)
        for name in ("nesterov", "early_stopping", "restore_best", "deterministic", "mixed_precision"):
            if not isinstance(getattr(self, name), bool):
                raise _fail(name, "must be true or false", getattr(self, name))
        if self.schedule == "cosine_warmup" and self.warmup_epochs >= self.epochs:
            raise TrainingConfigError(
                "training.warmup_epochs must be fewer than epochs (the cosine decay needs epochs "
                f"after the warm-up). Received: warmup_epochs={self.warmup_epochs}, epochs={self.epochs}"
            )

    @property
    def optimizer_slots(self) -> int:
        """Per-weight values the optimizer keeps (for the memory estimate)."""
        if self.optimizer in ("adam", "adamw"):
            return 2
        if self.optimizer == "sgd":
            return 1 if self.momentum > 0 else 0
        return 2 if self.momentum > 0 else 1  # rmsprop: mean square (+ momentum)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> TrainingConfig:
        """Read a dict written by to_dict; unknown keys are an error (a typo would be ignored)."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise TrainingConfigError(f"training must be a mapping of settings. Received: {data!r}")
        known = [f.name for f in fields(cls)]
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise TrainingConfigError(f"training: unknown setting(s) {unknown}. Known settings: {known}")
        return cls(**data)

    def replace(self, **changes) -> TrainingConfig:
        """A validated copy with some settings changed."""
        return TrainingConfig.from_dict({**self.to_dict(), **changes})


def _choice(name: str, value, allowed: tuple[str, ...]) -> str:
    text = value.strip().lower().replace("-", "_") if isinstance(value, str) else value
    if text not in allowed:
        raise _fail(name, f"must be one of {', '.join(allowed)}", value)
    return text


def _number(name: str, value, lo: float, hi: float, open_low: bool = False, open_high: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _fail(name, "must be a number", value)
    too_low = value <= lo if open_low else value < lo
    too_high = value >= hi if open_high else value > hi
    if too_low or too_high:
        span = f"{'(' if open_low else '['}{lo:g}, {hi:g}{')' if open_high else ']'}"
        raise _fail(name, f"must lie in {span}", value)
    return float(value)


def _whole(name: str, value, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or value != int(value):
        raise _fail(name, "must be a whole number", value)
    if not lo <= value <= hi:
        raise _fail(name, f"must lie in {lo}..{hi}", value)
    return int(value)
