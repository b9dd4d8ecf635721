"""A training session: one project trained by model.fit in the calling thread, reported as events.

The session owns the model for its whole life, so `continue_training` goes on with the same
weights and optimizer state. Every way a run can end (finished, stopped, early-stopped, NaN,
out of memory, an error, even a refusal before it starts) ends in exactly one Finished event
with a status and a sentence, and the process keeps running. Other threads only set requests
(stop, pause, resume, snapshot now) that the training thread honours between batches.
"""

from __future__ import annotations

import copy
import time
import traceback

from playground.training import events as ev
from playground.training import guards
from playground.training.control import Control
from playground.training.events import Finished, Listener
from playground.training.setup import Prepared, Refused, prepare


class TrainingSession:
    """``TrainingSession(project, *listeners, run_store=None)``; then ``run()`` in a worker thread.

    Options: ``snapshot_interval`` seconds between snapshots (None: off, 0: every batch),
    ``kernel_layers`` / ``activation_layers`` to copy (None: all conv kernels / all layers),
    ``probe_count`` validation samples whose activations are shown, ``splits`` to train on
    arrays instead of the project's dataset, ``callbacks`` extra Keras callbacks.
    """

    def __init__(self, project, *listeners: Listener, run_store=None, snapshot_interval: float | None = 2.0,
                 kernel_layers: list[str] | None = None, activation_layers: list[str] | None = None,
                 probe_count: int = 4, splits=None, callbacks=()) -> None:
        self.project = copy.deepcopy(project)
        self.run_store = run_store
        self.control = Control(snapshot_interval)
        self.kernel_layers = kernel_layers
        self.activation_layers = activation_layers
        self.probe_count = probe_count
        self.splits = splits
        self.extra_callbacks = list(callbacks)
        self._listeners: list[Listener] = list(listeners)
        self._prepared: Prepared | None = None
        self.result: Finished | None = None
        self.epochs_completed = 0

    # -- listeners and requests (any thread) -----------------------------------------------

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def stop(self) -> None:
        """End the run after the current batch (status 'stopped'); releases a pause."""
        self.control.stop()

    def pause(self) -> None:
        """Hold training after the current batch until resume() or stop()."""
        self.control.pause()

    def resume(self) -> None:
        self.control.resume()

    def request_snapshot(self) -> None:
        self.control.request_snapshot()

    @property
    def paused(self) -> bool:
        return self.control.pause_requested

    @property
    def snapshot_interval(self) -> float | None:
        return self.control.snapshot_interval

    @snapshot_interval.setter
    def snapshot_interval(self, seconds: float | None) -> None:
        self.control.snapshot_interval = seconds

    @property
    def model(self):
        """The Keras model (None before run). Touch it only from the training thread, or after."""
        return self._prepared.model if self._prepared is not None else None

    @property
    def run_dir(self) -> str | None:
        writer = self._prepared.writer if self._prepared is not None else None
        return str(writer.path) if writer is not None else None

    @property
    def can_continue(self) -> bool:
        return self._prepared is not None and self.result is not None and self.result.ok

    # -- training (the calling thread) -----------------------------------------------------

    def emit(self, event) -> None:
        for listener in list(self._listeners):
            listener(event)

    def run(self) -> Finished:
        """Prepare (data, checks, build), train for the configured epochs, report; never raises
        for a failed run (see the Finished event), only for a listener that raises on Finished."""
        if self._prepared is not None:
            raise RuntimeError("run() was already called on this session; use continue_training().")
        began = time.perf_counter()
        try:
            self._prepared = prepare(self)
        except Refused as refusal:
            return self._finish(refusal.status, str(refusal), began, None)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a Finished event
            if _is_oom(exc):
                batch = self.project.training.batch_size
                return self._finish(ev.OUT_OF_MEMORY, guards.oom_message(batch), began, None)
            return self._finish(ev.FAILED, _describe(exc), began, None)
        if self.control.stop_requested:
            return self._finish(ev.STOPPED, "Stopped before the first batch.", began, None)
        return self._fit(0, self._prepared.config.epochs, began)

    def continue_training(self, extra_epochs: int) -> Finished:
        """Train ``extra_epochs`` more with the same model and optimizer state (same run record)."""
        if not self.can_continue:
            state = self.result.status if self.result is not None else "not started"
            raise RuntimeError(f"Nothing to continue: the last run ended as {state!r}.")
        if isinstance(extra_epochs, bool) or not isinstance(extra_epochs, int) or extra_epochs < 1:
            raise ValueError(f"extra_epochs must be a whole number >= 1. Received: {extra_epochs!r}")
        self.control.reset_stop()
        self.control.resume()
        start = self.epochs_completed
        return self._fit(start, start + extra_epochs, time.perf_counter())

    def _fit(self, initial_epoch: int, epochs: int, began: float) -> Finished:
        import tensorflow as tf

        p = self._prepared
        callback = p.make_callback(self, began)
        status, message = None, ""
        try:
            if p.writer is not None:
                p.writer.start(p.device.label, tuple(p.notes), initial_epoch=initial_epoch, epochs=epochs)
            self.emit(p.started_event(initial_epoch, epochs))
            with p.scope():
                p.model.fit(p.train_ds, epochs=epochs, initial_epoch=initial_epoch,
                            steps_per_epoch=p.steps_per_epoch, validation_data=p.val_ds, verbose=0, shuffle=False,
                            callbacks=[*self.extra_callbacks, *p.keras_callbacks(), callback])
        except (tf.errors.ResourceExhaustedError, MemoryError):
            status = ev.OUT_OF_MEMORY
            message = p.oom_message(callback)
        except KeyboardInterrupt:
            status, message = ev.STOPPED, "Interrupted (Ctrl-C)."
        except Exception as exc:  # noqa: BLE001 - every failure becomes a Finished event
            status, message = ev.FAILED, _describe(exc)
        self.epochs_completed = max(self.epochs_completed, callback.epochs_done)
        if status is None:
            status, message = self._outcome(callback, epochs)
        return self._finish(status, message, began, callback)

    def _outcome(self, callback, epochs: int) -> tuple[str, str]:
        p = self._prepared
        done = f"{callback.epochs_done} epoch{'s' if callback.epochs_done != 1 else ''}"
        if callback.diverged:
            return ev.DIVERGED, callback.diverged
        if self.control.stop_requested:
            return ev.STOPPED, f"Stopped by request at epoch {callback.epoch + 1}, step {callback.step + 1}."
        if p.early_stopping is not None and p.early_stopping.stopped_epoch > 0:
            best = p.early_stopping.best_epoch + 1
            restored = " and restored the weights of that epoch" if p.config.restore_best else ""
            return ev.EARLY_STOPPED, (f"Stopped early after {done}: {p.monitor} had not improved for "
                                      f"{p.config.patience} epochs since epoch {best}{restored}.")
        return ev.COMPLETED, f"Trained {done}."

    def _finish(self, status: str, message: str, began: float, callback) -> Finished:
        p = self._prepared
        seconds = time.perf_counter() - began
        metrics = {"train": {}, "val": {}, "test": {}}
        usable = status in ev.SUCCESSFUL and p is not None and callback is not None
        if callback is not None:
            metrics["train"], metrics["val"] = dict(callback.train_logs), dict(callback.val_logs)
        if usable:
            try:
                metrics.update(p.evaluate())
                if callback.snapshots is not None and self.control.snapshot_interval is not None:
                    callback.snapshot()  # the final state, after early stopping restored the best
            except Exception as exc:  # noqa: BLE001
                status, message, usable = ev.FAILED, f"Evaluation failed: {_describe(exc)}", False
        writer = p.writer if p is not None else None
        if writer is not None:
            keep = usable or (status == ev.DIVERGED and callback is not None)  # its best epoch is fine
            try:
                writer.finish(status, message, p.model if keep else None, metrics, seconds, save_last=usable)
            except OSError as exc:
                message += f" (The run record in {writer.path} could not be written: {exc.strerror or exc}.)"
        best = callback.best_epoch if callback is not None else None
        self.result = Finished(status, message, self.epochs_completed, seconds, metrics["train"],
                               metrics["val"], metrics["test"], self.run_dir, best)
        self.emit(self.result)
        return self.result


def _is_oom(exc: BaseException) -> bool:
    return isinstance(exc, MemoryError) or type(exc).__name__ == "ResourceExhaustedError"


def _describe(exc: BaseException) -> str:
    """One readable line for an unexpected error, with the place it came from."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (in {frames[-1].name}, {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {text}{where}" if text else f"{type(exc).__name__}{where}"
