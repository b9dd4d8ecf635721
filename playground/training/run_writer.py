"""Writes one run's record while it trains: run.json, history CSVs, last and best model.

run.json is written with status 'running' before the first batch and rewritten after every
epoch, so a run that is killed leaves its configuration, its history up to the last epoch and
(usually) a best model. Batch rows are buffered and appended once per epoch, so the per-batch
cost is one list append. The best model is saved when the monitored value improves, at most
every ``best_save_interval`` seconds; in between its weights wait in memory and are written
at the end, so a run of many short epochs does not spend its time writing files.
"""

from __future__ import annotations

import math
import os
import socket
import time
from datetime import datetime, timezone
from pathlib import Path

from playground.training.run_files import (
    BATCHES_FILE,
    BEST_MODEL,
    EPOCHS_FILE,
    LAST_MODEL,
    RUN_FILE,
    RUN_SCHEMA_VERSION,
    append_rows,
    library_versions,
    save_model_atomic,
    write_json_atomic,
)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class RunWriter:
    """The record of one run in ``path`` (created by RunStore.create)."""

    def __init__(self, path: Path, info: dict, best_save_interval: float = 30.0) -> None:
        self.path = Path(path)
        self.info = info
        self.best_save_interval = best_save_interval
        self._batches: list[dict] = []
        self._batch_columns: list[str] | None = None
        self._epoch_columns: list[str] | None = None
        self._pending_best = None  # weights of the best epoch not yet on disk
        self._last_best_save = -math.inf
        self.write_info()

    @property
    def id(self) -> str:
        return self.path.name

    def write_info(self) -> None:
        self.info["updated"] = _now()
        write_json_atomic(self.path / RUN_FILE, self.info)

    def start(self, device: str, notes: tuple[str, ...] = (), **extra) -> None:
        """A fit begins (the first or a continuation): status running again."""
        self.info.update(status="running", message="", device=device, notes=list(notes),
                         pid=os.getpid(), host=socket.gethostname(), **extra)
        self.write_info()

    def add_batch(self, epoch: int, step: int, global_step: int, loss: float, metrics: dict, lr: float) -> None:
        self._batches.append({"epoch": epoch, "step": step, "global_step": global_step, "loss": loss,
                              "learning_rate": lr, **metrics})

    def flush_batches(self) -> None:
        if not self._batches:
            return
        if self._batch_columns is None:
            self._batch_columns = list(self._batches[0])
        append_rows(self.path / BATCHES_FILE, self._batch_columns, self._batches)
        self._batches = []

    def end_epoch(self, epoch: int, train: dict, val: dict, lr: float, seconds: float, model,
                  improved: bool) -> None:
        self.flush_batches()
        row = {"epoch": epoch, "seconds": round(seconds, 4), "learning_rate": lr, **train,
               **{f"val_{k}": v for k, v in val.items()}}
        if self._epoch_columns is None:
            self._epoch_columns = list(row)
        append_rows(self.path / EPOCHS_FILE, self._epoch_columns, [row])
        self.info["epochs_completed"] = epoch + 1
        self.info["last"] = {"train": train, "val": val}
        if improved:
            self.info["best_epoch"] = epoch
            self.info["best"] = {"train": train, "val": val}
            if time.perf_counter() - self._last_best_save >= self.best_save_interval:
                save_model_atomic(model, self.path / BEST_MODEL)
                self._last_best_save = time.perf_counter()
                self._pending_best = None
            else:
                self._pending_best = model.get_weights()
        self.write_info()

    def finish(self, status: str, message: str, model=None, final: dict | None = None,
               seconds: float = 0.0, save_last: bool = True) -> None:
        """The end of a fit: models on disk, final status. ``save_last=False`` (a diverged run)
        writes only the best epoch's weights, which are still good."""
        self.flush_batches()
        if model is not None:
            if save_last:
                save_model_atomic(model, self.path / LAST_MODEL)
            if self._pending_best is not None:
                current = model.get_weights()
                model.set_weights(self._pending_best)
                save_model_atomic(model, self.path / BEST_MODEL)
                model.set_weights(current)
                self._pending_best = None
            if save_last and not (self.path / BEST_MODEL).exists():  # no epoch improved
                save_model_atomic(model, self.path / BEST_MODEL)
        self.info.update(status=status, message=message, finished=_now(),
                         seconds=round(self.info.get("seconds", 0.0) + seconds, 3))
        if final is not None:
            self.info["final"] = final
        self.write_info()


def new_run_id(root: Path) -> str:
    """Sortable by time (UTC, to the millisecond), unique within ``root``."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")[:-3]
    run_id, n = stamp, 1
    while (root / run_id).exists():
        run_id = f"{stamp}-{n}"
        n += 1
    return run_id


def create_run(root: Path, project: dict, seed: int, best_save_interval: float = 30.0) -> RunWriter:
    """A new run folder under ``root`` holding run.json with status 'running'."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    run_id = new_run_id(root)
    path = root / run_id
    path.mkdir()
    info = {
        "schema_version": RUN_SCHEMA_VERSION,
        "id": run_id,
        "status": "running",
        "message": "",
        "created": _now(),
        "seed": seed,
        "versions": library_versions(),
        "project": project,
        "epochs_completed": 0,
    }
    return RunWriter(path, info, best_save_interval)
