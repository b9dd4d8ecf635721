"""Files of a run record, written so that a run killed at any moment leaves readable files.

JSON and models are written to a temporary file in the same folder and moved into place with
os.replace (atomic on one file system): a reader sees the old file or the new one, never half
of one. CSV histories are appended row by row; a row cut off by a kill is skipped on reading.
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import numbers
import os
import platform
import uuid
from collections.abc import Iterable
from pathlib import Path

RUN_FILE = "run.json"
EPOCHS_FILE = "epochs.csv"
BATCHES_FILE = "batches.csv"
LAST_MODEL = "last.keras"
BEST_MODEL = "best.keras"
RUN_SCHEMA_VERSION = 1


def write_json_atomic(path: Path, data: dict) -> None:
    """JSON with NaN/inf as null (strict JSON, readable by any tool), replaced atomically."""
    text = json.dumps(_finite(data), indent=2, allow_nan=False)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        tmp.write_text(text + "\n", encoding="utf-8")
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def save_model_atomic(model, path: Path) -> None:
    """model.save to a temporary .keras file beside ``path``, then os.replace."""
    tmp = path.with_name(f".{path.stem}.{uuid.uuid4().hex[:8]}.keras")
    try:
        model.save(tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def append_rows(path: Path, columns: list[str], rows: Iterable[dict]) -> None:
    """Append rows to a CSV file, writing the header when the file is new."""
    rows = list(rows)
    if not rows:
        return
    new = not path.exists() or path.stat().st_size == 0
    with open(path, "a", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore", restval="")
        if new:
            writer.writeheader()
        writer.writerows(rows)


def read_rows(path: Path) -> list[dict[str, float | int | str]]:
    """Rows of a history CSV with numbers parsed; a cut-off last row is skipped."""
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = []
        for raw in reader:
            if None in raw or any(v is None for v in raw.values()):
                continue  # fewer or more fields than the header: a torn write
            rows.append({k: _number(v) for k, v in raw.items()})
    return rows


def library_versions() -> dict[str, str]:
    """What produced the run, so a result can be reproduced (or explained) later."""
    import numpy

    versions = {"python": platform.python_version(), "numpy": numpy.__version__, "platform": platform.platform()}
    for name in ("tensorflow", "keras"):
        with contextlib.suppress(Exception):
            versions[name] = __import__(name).__version__
    with contextlib.suppress(Exception):
        from playground import __version__

        versions["playground"] = __version__
    return versions


def _number(text: str):
    if text == "":
        return math.nan
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() and "." not in text and "e" not in text.lower() else value


def _finite(value):
    if isinstance(value, numbers.Number) and not isinstance(value, (int, float)):  # numpy scalars
        value = int(value) if isinstance(value, numbers.Integral) else float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value
