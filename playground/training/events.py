"""What a training session tells its listeners: plain-data events, safe to hand to another thread.

Every field is a number, a string, a tuple, a dict of those, or a numpy array the session copied
for the event alone: no Keras object, no tensor, no variable crosses a thread. Listeners are
called in the training thread, so they must be quick (the GUI's listener only posts the event
to its main thread).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

COMPLETED = "completed"
STOPPED = "stopped"
EARLY_STOPPED = "early_stopped"
DIVERGED = "diverged"
OUT_OF_MEMORY = "out_of_memory"
FAILED = "failed"
STATUSES = (COMPLETED, STOPPED, EARLY_STOPPED, DIVERGED, OUT_OF_MEMORY, FAILED)
SUCCESSFUL = (COMPLETED, STOPPED, EARLY_STOPPED)


@dataclass(frozen=True)
class Started:
    """fit is about to run. Epochs count from 0; ``epochs`` is where this fit call ends."""

    run_id: str | None
    run_dir: str | None
    initial_epoch: int
    epochs: int
    steps_per_epoch: int
    batch_size: int
    train_samples: int
    val_samples: int
    test_samples: int
    total_params: int
    trainable_params: int
    macs: int
    memory_estimate: int  # bytes, as analysis.memory_estimate(batch_size) puts it
    layer_names: tuple[str, ...]
    kernel_layers: tuple[str, ...]  # layers whose kernels snapshots copy
    class_names: tuple[str, ...]
    probe_images: np.ndarray  # the samples whose activations snapshots show
    probe_labels: np.ndarray
    device: str
    mixed_precision: bool
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BatchEnd:
    """One optimizer step done. ``step`` counts within the epoch, ``global_step`` over the run."""

    epoch: int
    step: int
    global_step: int
    loss: float
    metrics: dict[str, float]
    learning_rate: float
    samples_per_second: float


@dataclass(frozen=True)
class EpochEnd:
    """Epoch averages of the training metrics and the validation pass (empty without one)."""

    epoch: int
    train: dict[str, float]
    val: dict[str, float]
    learning_rate: float
    seconds: float
    samples_per_second: float


@dataclass(frozen=True)
class Snapshot:
    """The network's state at a moment: copies taken between two batches in the training thread.

    ``activations`` maps layer name -> outputs for the probe samples (first axis = probe);
    ``grad_norms`` are L2 norms of each layer's loss gradient on one fixed training batch.
    """

    epoch: int
    step: int
    global_step: int
    elapsed: float
    kernels: dict[str, np.ndarray] = field(default_factory=dict)
    activations: dict[str, np.ndarray] = field(default_factory=dict)
    weight_norms: dict[str, float] = field(default_factory=dict)
    grad_norms: dict[str, float] = field(default_factory=dict)
    probe_loss: float = math.nan


@dataclass(frozen=True)
class Paused:
    epoch: int
    step: int


@dataclass(frozen=True)
class Resumed:
    epoch: int
    step: int


@dataclass(frozen=True)
class Finished:
    """The end of a run (or of a continue_training call), always sent exactly once per call."""

    status: str  # one of STATUSES
    message: str
    epochs_completed: int
    seconds: float
    train: dict[str, float] = field(default_factory=dict)
    val: dict[str, float] = field(default_factory=dict)
    test: dict[str, float] = field(default_factory=dict)
    run_dir: str | None = None
    best_epoch: int | None = None

    @property
    def ok(self) -> bool:
        """True for completed, stopped and early_stopped: the model is usable."""
        return self.status in SUCCESSFUL

    def to_dict(self) -> dict:
        return asdict(self)


Event = Started | BatchEnd | EpochEnd | Snapshot | Paused | Resumed | Finished
Listener = Callable[[Event], None]
