"""Run history: every run of a project kept beside it in NAME.runs/<id>/, and read back.

A run folder holds run.json (the exact network, data and training settings, library versions,
seed, status and message, final metrics), epochs.csv and batches.csv (appended as it trains)
and last.keras / best.keras. Ids sort by time, so the newest run is the last one listed.
Reading never needs the process that wrote the run: a run killed mid-way is listed with its
history up to its last epoch, and reported as 'interrupted'.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from playground.training.run_files import (
    BATCHES_FILE,
    BEST_MODEL,
    EPOCHS_FILE,
    LAST_MODEL,
    RUN_FILE,
    read_rows,
)
from playground.training.run_writer import RunWriter, create_run


class RunError(Exception):
    """A run folder that cannot be read; the message names it."""


class RunStore:
    """Where a session writes its runs: one folder (usually ``runs_dir(project_path)``)."""

    def __init__(self, root: str | Path, best_save_interval: float = 30.0) -> None:
        self.root = Path(root).expanduser().absolute()
        self.best_save_interval = best_save_interval

    def create(self, project: dict, seed: int) -> RunWriter:
        return create_run(self.root, project, seed, self.best_save_interval)

    def runs(self) -> list[RunRecord]:
        return list_runs(self.root)

    def __repr__(self) -> str:
        return f"RunStore({str(self.root)!r})"


@dataclass
class RunRecord:
    """One stored run. Histories are read from disk on first use."""

    path: Path
    info: dict

    @property
    def id(self) -> str:
        return self.path.name

    @property
    def status(self) -> str:
        """The stored status; 'interrupted' for a 'running' run whose process has gone."""
        status = self.info.get("status", "unknown")
        if status == "running" and not _writer_alive(self.info):
            return "interrupted"
        return status

    @property
    def message(self) -> str:
        return self.info.get("message", "")

    @property
    def config(self) -> dict:
        """The project exactly as trained: {'name', 'network', 'data', 'training', ...}."""
        return self.info.get("project", {})

    @property
    def seed(self) -> int | None:
        return self.info.get("seed")

    @property
    def versions(self) -> dict:
        return self.info.get("versions", {})

    @property
    def epochs_completed(self) -> int:
        return int(self.info.get("epochs_completed", 0))

    @property
    def final_metrics(self) -> dict[str, dict[str, float]]:
        """{'train': {...}, 'val': {...}, 'test': {...}} at the end, or the last epoch's so far."""
        final = self.info.get("final")
        if final:
            return final
        last = self.info.get("last", {})
        return {"train": last.get("train", {}), "val": last.get("val", {}), "test": {}}

    @cached_property
    def history(self) -> list[dict]:
        """One dict per epoch: epoch, seconds, learning_rate, loss, accuracy, val_loss, ..."""
        return read_rows(self.path / EPOCHS_FILE)

    @cached_property
    def batch_history(self) -> list[dict]:
        """One dict per batch: epoch, step, global_step, loss, learning_rate, accuracy, ..."""
        return read_rows(self.path / BATCHES_FILE)

    def model_path(self, which: str = "best") -> Path | None:
        """The .keras file of the best (or last) model; the other one when it is missing."""
        order = (BEST_MODEL, LAST_MODEL) if which == "best" else (LAST_MODEL, BEST_MODEL)
        for name in order:
            if (self.path / name).exists():
                return self.path / name
        return None

    def load_model(self, which: str = "best", compile: bool = True):
        """The stored model, loaded with safe_mode=True (no code in a file runs)."""
        import keras

        path = self.model_path(which)
        if path is None:
            raise RunError(f"Run {self.id} has no saved model yet (it ended before the first epoch).")
        return keras.models.load_model(path, safe_mode=True, compile=compile)


def runs_root(path: str | Path) -> Path:
    """Accept a runs folder or the project file whose NAME.runs/ folder is meant."""
    path = Path(path)
    if path.suffix.lower() == ".json" and not path.is_dir():
        return path.with_name(path.stem + ".runs")
    return path


def load_run(path: str | Path) -> RunRecord:
    """The run stored in folder ``path``; RunError when its run.json is missing or damaged."""
    path = Path(path)
    try:
        info = json.loads((path / RUN_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RunError(f"{path} is not a run folder (no {RUN_FILE})") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RunError(f"{path / RUN_FILE} cannot be read: {exc}") from None
    if not isinstance(info, dict):
        raise RunError(f"{path / RUN_FILE} does not hold a run record")
    return RunRecord(path, info)


def list_runs(runs_dir: str | Path) -> list[RunRecord]:
    """Every readable run under ``runs_dir`` (or beside a project file), oldest first."""
    root = runs_root(runs_dir)
    if not root.is_dir():
        return []
    records = []
    for child in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            records.append(load_run(child))
        except RunError:
            continue
    return records


def _writer_alive(info: dict) -> bool:
    pid, host = info.get("pid"), info.get("host")
    if not isinstance(pid, int) or host != socket.gethostname() or os.name == "nt":
        return True  # written elsewhere (or Windows, where os.kill(pid, 0) would signal): trust the file
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
