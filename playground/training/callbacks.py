"""The one Keras callback of a session: events, stop/pause, the NaN guard, snapshots, run records.

It runs in the thread that called fit, between batches, so everything that must not race with
the optimizer (copying kernels, pausing, stopping) happens here. Per batch it does only what
Keras has already paid for: the logs are Python floats by now, the learning rate comes from
a Python mirror of the schedule, and snapshots run only when their interval has passed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import keras

from playground.training.control import Control
from playground.training.events import BatchEnd, EpochEnd, Paused, Resumed
from playground.training.guards import collapse_message, divergence_message


class SessionCallback(keras.callbacks.Callback):
    """Reports fit's progress as events and carries out the session's requests."""

    def __init__(self, control: Control, emit: Callable, *, batch_size: int, steps_per_epoch: int,
                 train_samples: int, lr_at: Callable[[int], float] | None, snapshots=None, writer=None,
                 monitor: str = "val_loss", activations: tuple[str, ...] = (), start_time: float = 0.0):
        super().__init__()
        self.control = control
        self.emit = emit
        self.batch_size = batch_size
        self.steps = steps_per_epoch
        self.last_batch = train_samples - (steps_per_epoch - 1) * batch_size
        self.lr_at = lr_at
        self.snapshots = snapshots
        self.writer = writer
        self.monitor = monitor
        self.activations = activations
        self.start_time = start_time or time.perf_counter()
        self.epoch = 0
        self.step = -1
        self.global_step = 0
        self.epochs_done = 0
        self.diverged: str | None = None
        self.train_logs: dict[str, float] = {}
        self.val_logs: dict[str, float] = {}
        self.best: float | None = None
        self.best_epoch: int | None = None
        self._lr = math.nan
        self._kernel_norms: list[float] | None = None
        self._tick = 0.0
        self._epoch_start = 0.0
        self._paused_for = 0.0

    # -- helpers ---------------------------------------------------------------------------

    def current_lr(self) -> float:
        if self.lr_at is not None:
            return self.lr_at(self.global_step)
        return self._lr

    def snapshot(self, now: float | None = None) -> None:
        """Copy the model's state into a Snapshot event (training thread only)."""
        if self.snapshots is None:
            return
        now = time.perf_counter() if now is None else now
        _ = self.model  # on JAX, reading Callback.model writes the in-flight state back into the variables
        self.emit(self.snapshots.take(self.epoch, max(self.step, 0), self.global_step, now - self.start_time))
        self.control.snapshot_taken(time.perf_counter())

    def _improved(self, value: float | None) -> bool:
        if value is None or not math.isfinite(value):
            return False
        if self.best is None:
            better = True
        else:
            better = value < self.best if "loss" in self.monitor else value > self.best
        if better:
            self.best = value
        return better

    # -- keras hooks -----------------------------------------------------------------------

    def on_train_begin(self, logs=None):
        self.global_step = int(keras.ops.convert_to_numpy(self.model.optimizer.iterations))  # any backend
        self._tick = time.perf_counter()
        if self.snapshots is not None and self.control.snapshot_interval is not None:
            self.snapshot()

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch
        self.step = -1
        if self.lr_at is None:  # reduce_on_plateau: a variable that changes between epochs only
            self._lr = float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate))
        self._epoch_start = self._tick = time.perf_counter()
        self._paused_for = 0.0

    def on_train_batch_end(self, batch, logs=None):
        now = time.perf_counter()
        logs = logs or {}
        self.step = batch
        loss = logs.get("loss", math.nan)
        lr = self.current_lr()
        self.global_step += 1
        size = self.last_batch if batch == self.steps - 1 else self.batch_size
        seconds = now - self._tick
        self._tick = now
        metrics = {k: v for k, v in logs.items() if k != "loss"}
        self.emit(BatchEnd(self.epoch, batch, self.global_step - 1, loss, metrics, lr,
                           size / seconds if seconds > 0 else 0.0))
        if self.writer is not None:
            self.writer.add_batch(self.epoch, batch, self.global_step - 1, loss, metrics, lr)
        if not math.isfinite(loss):
            self.diverged = divergence_message(loss, self.epoch, batch, lr, self.activations)
            self.model.stop_training = True
            return
        control = self.control
        if control.snapshot_due(now) and self.snapshots is not None:
            self.snapshot(now)
        if control.pause_requested and not control.stop_requested:
            self._pause()
        if control.stop_requested:
            self.model.stop_training = True

    def _pause(self) -> None:
        began = time.perf_counter()
        self.snapshot()  # what the learner looks at while it waits: there when Paused arrives
        self.emit(Paused(self.epoch, self.step))
        self.control.wait_while_paused()
        self.emit(Resumed(self.epoch, self.step))
        self._tick = time.perf_counter()
        self._paused_for += self._tick - began

    def on_epoch_end(self, epoch, logs=None):
        seconds = time.perf_counter() - self._epoch_start - self._paused_for
        logs = dict(logs or {})
        self.train_logs = {k: float(v) for k, v in logs.items() if not k.startswith("val_")}
        self.val_logs = {k[4:]: float(v) for k, v in logs.items() if k.startswith("val_")}
        self.epochs_done = epoch + 1
        samples = self.step * self.batch_size + (self.last_batch if self.step == self.steps - 1 else self.batch_size)
        lr = self._lr if self.lr_at is None else self.lr_at(max(self.global_step - 1, 0))
        improved = self._improved(logs.get(self.monitor))
        if improved:
            self.best_epoch = epoch
        self.emit(EpochEnd(epoch, self.train_logs, self.val_logs, lr, seconds,
                           samples / seconds if seconds > 0 else 0.0))
        if self.writer is not None:
            self.writer.end_epoch(epoch, self.train_logs, self.val_logs, lr, seconds, self.model, improved)
        self._check_collapse(epoch, logs.get("loss", math.nan), lr)

    def _check_collapse(self, epoch: int, loss: float, lr: float) -> None:
        """Stop a run whose kernels did not move at all in a whole epoch (dead ReLUs): every later
        epoch would be the same, and a learner should read why instead of a flat curve.

        Exactly equal norms are the test: a slow learner (sigmoid at a small rate) still moves
        them; a fit that reached zero loss is left alone."""
        norms = [float(keras.ops.convert_to_numpy(keras.ops.sum(keras.ops.square(w))))
                 for w in self.model.trainable_weights if len(w.shape) >= 2]
        previous, self._kernel_norms = self._kernel_norms, norms
        if not norms or previous is None or len(previous) != len(norms) or self.diverged:
            return
        if norms == previous and math.isfinite(loss) and loss > 1e-3:
            classes = int(self.model.outputs[0].shape[-1] or 1)
            self.diverged = collapse_message(epoch, loss, lr, classes, self.activations)
            self.model.stop_training = True
