"""Training: settings, the session that runs model.fit and reports events, guards, run history.

Importing this package loads neither Keras nor TensorFlow (the window imports it before they
are ready); the session imports them when it runs.

Public API:
    TrainingConfig, TrainingConfigError          the training half of a project file
    TrainingSession(project, *listeners, run_store=None, ...)  run / stop / pause / resume /
                                                 continue_training
    Started, BatchEnd, EpochEnd, Snapshot, Paused, Resumed, Finished   the events
    RunStore, RunRecord, list_runs, load_run     run history beside the project file
"""

from playground.training.config import TrainingConfig, TrainingConfigError
from playground.training.events import (
    COMPLETED,
    DIVERGED,
    EARLY_STOPPED,
    FAILED,
    OUT_OF_MEMORY,
    STATUSES,
    STOPPED,
    BatchEnd,
    EpochEnd,
    Event,
    Finished,
    Listener,
    Paused,
    Resumed,
    Snapshot,
    Started,
)
from playground.training.runs import RunError, RunRecord, RunStore, list_runs, load_run
from playground.training.session import TrainingSession

__all__ = [
    "COMPLETED",
    "DIVERGED",
    "EARLY_STOPPED",
    "FAILED",
    "OUT_OF_MEMORY",
    "STATUSES",
    "STOPPED",
    "BatchEnd",
    "EpochEnd",
    "Event",
    "Finished",
    "Listener",
    "Paused",
    "Resumed",
    "RunError",
    "RunRecord",
    "RunStore",
    "Snapshot",
    "Started",
    "TrainingConfig",
    "TrainingConfigError",
    "TrainingSession",
    "list_runs",
    "load_run",
]
