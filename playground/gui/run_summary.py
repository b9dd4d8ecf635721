"""What the runs panel shows about a run, as plain data: its settings, final numbers and curves.

Kept apart from the widgets so the wording (which settings differ between two runs, how a
damaged folder is reported) is decided in one place and tested without a window.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from playground.training.run_files import RUN_FILE
from playground.training.runs import RunError, RunRecord, load_run

# setting key -> short name used in columns and legends
SETTINGS = (("optimizer", "opt"), ("learning_rate", "lr"), ("batch_size", "batch"), ("activation", "act"),
            ("schedule", "schedule"), ("epochs", "epochs"), ("dataset", "data"), ("network", "net"))


@dataclass
class RunEntry:
    """One folder under a runs root: a readable run, or the reason it cannot be read."""

    path: Path
    record: RunRecord | None = None
    error: str = ""

    @property
    def id(self) -> str:
        return self.path.name

    @property
    def readable(self) -> bool:
        return self.record is not None


def scan_runs(root: Path | None) -> list[RunEntry]:
    """Every run folder under ``root``, oldest first; a damaged run.json becomes an entry with
    an error instead of vanishing (list_runs skips those), so the learner learns why."""
    if root is None or not Path(root).is_dir():
        return []
    entries = []
    for child in sorted(p for p in Path(root).iterdir() if p.is_dir() and not p.name.startswith(".")):
        if not (child / RUN_FILE).exists():
            continue  # not a run (or one being created this instant: the next refresh lists it)
        try:
            entries.append(RunEntry(child, load_run(child)))
        except RunError as exc:
            entries.append(RunEntry(child, None, str(exc)))
    return entries


def activation_summary(network: dict) -> str:
    """The hidden layers' activations ('relu', 'sigmoid', 'relu+tanh'); the output layer's is left out."""
    if not isinstance(network, dict):
        return "?"
    feeding = {e.get("from") for e in network.get("edges", []) if isinstance(e, dict)}
    seen: list[str] = []
    for node in network.get("nodes", []):
        if not isinstance(node, dict) or node.get("id") not in feeding:
            continue  # an output: its softmax says nothing about the hidden layers
        value = (node.get("params") or {}).get("activation")
        if isinstance(value, str) and value != "linear" and value not in seen:
            seen.append(value)
    return "+".join(seen) if seen else "none"


def settings_of(config: dict) -> dict[str, str]:
    """The settings a learner compares runs by, as display text keyed like SETTINGS."""
    training = config.get("training") or {}
    data = config.get("data") or {}
    network = config.get("network") or {}
    lr = training.get("learning_rate")
    return {
        "optimizer": str(training.get("optimizer", "?")),
        "learning_rate": f"{lr:g}" if isinstance(lr, (int, float)) else "?",
        "batch_size": str(training.get("batch_size", "?")),
        "activation": activation_summary(network),
        "schedule": str(training.get("schedule", "constant")),
        "epochs": str(training.get("epochs", "?")),
        "dataset": str(data.get("dataset", "?")),
        "network": str(network.get("name", "?")),
    }


def differing(settings: list[dict[str, str]]) -> list[str]:
    """Keys whose values are not the same in every run (in SETTINGS order)."""
    if len(settings) < 2:
        return []
    return [key for key, _ in SETTINGS if len({s.get(key) for s in settings}) > 1]


def legend_label(run_number: int, entry: RunEntry, settings: dict[str, str], keys: list[str]) -> str:
    """'#2 21:03:15  lr=0.9 act=sigmoid': the run and only what sets it apart."""
    short = dict(SETTINGS)
    extra = " ".join(f"{short[k]}={settings[k]}" for k in keys[:4])
    return f"#{run_number} {started(entry.id)}" + (f"  {extra}" if extra else "")


def started(run_id: str) -> str:
    """'20261123-210315-123' -> '21:03:15' (the id is the UTC start time); other ids unchanged."""
    parts = run_id.split("-")
    if len(parts) >= 2 and len(parts[1]) == 6 and parts[1].isdigit():
        t = parts[1]
        return f"{t[:2]}:{t[2:4]}:{t[4:]}"
    return run_id


def started_long(run_id: str) -> str:
    """'20261123-210315-123' -> '2026-11-23 21:03:15 UTC' for tooltips."""
    date = run_id.split("-")[0]
    if len(date) == 8 and date.isdigit():
        return f"{date[:4]}-{date[4:6]}-{date[6:]} {started(run_id)} UTC"
    return run_id


def final_value(record: RunRecord, split: str, name: str) -> float | None:
    """A final metric, or None when the run never got that far (or it was not finite)."""
    value = (record.final_metrics.get(split) or {}).get(name)
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    return None


def format_metric(value: float | None, name: str) -> str:
    if value is None:
        return "–"
    return f"{value:.1%}" if "acc" in name else f"{value:.4g}"


CURVES = (("loss", "Training loss"), ("val_loss", "Validation loss"), ("val_accuracy", "Validation accuracy"))


def curve(record: RunRecord, key: str) -> tuple[list[float], list[float]]:
    """Epoch numbers (1-based) and values of one per-epoch column; non-finite values are gaps."""
    xs, ys = [], []
    for row in record.history:
        value = row.get(key)
        epoch = row.get("epoch")
        if isinstance(epoch, (int, float)):
            xs.append(float(epoch) + 1)
            ys.append(float(value) if isinstance(value, (int, float)) and math.isfinite(value) else math.nan)
    return xs, ys
