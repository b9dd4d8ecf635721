"""A text progress listener: one live line on a terminal, one line per epoch in a log file.

Redrawn at most ten times a second, so a fast network does not spend its time printing; the
ETA comes from a smoothed step rate, not from the last (noisy) batch.
"""

from __future__ import annotations

import math
import sys
import time
from typing import TextIO

from playground.training.events import BatchEnd, EpochEnd, Finished, Started

REDRAW_SECONDS = 0.1


def fmt_duration(seconds: float) -> str:
    if not math.isfinite(seconds) or seconds < 0:
        return "?"
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def fmt_metrics(metrics: dict[str, float], prefix: str = "") -> str:
    parts = []
    for key in ("loss", "accuracy"):
        if key in metrics:
            short = "acc" if key == "accuracy" else key
            parts.append(f"{prefix}{short} {metrics[key]:.4f}")
    return "  ".join(parts)


class ProgressLine:
    """Listener that draws progress on ``stream`` (stderr); ``live`` redraws one line in place."""

    def __init__(self, stream: TextIO | None = None, live: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.epochs = 1
        self.steps = 1
        self.batch_size = 1
        self._rate = 0.0  # steps per second, smoothed
        self._last_draw = 0.0
        self._width = 0

    def __call__(self, event) -> None:
        if isinstance(event, Started):
            self.epochs, self.steps, self.batch_size = event.epochs, event.steps_per_epoch, event.batch_size
            self._write_line(f"training on {event.device}: {event.train_samples:,} train / {event.val_samples:,} "
                             f"val / {event.test_samples:,} test samples, {event.total_params:,} parameters, "
                             f"{self.steps} steps x {event.epochs - event.initial_epoch} epochs at batch size "
                             f"{event.batch_size}")
            for note in event.notes:
                self._write_line(f"note: {note}")
        elif isinstance(event, BatchEnd):
            self._batch(event)
        elif isinstance(event, EpochEnd):
            text = f"epoch {event.epoch + 1}/{self.epochs}  {fmt_metrics(event.train)}"
            if event.val:
                text += f"  {fmt_metrics(event.val, 'val_')}"
            text += f"  {event.seconds:.1f}s  {event.samples_per_second:,.0f} samples/s"
            self._write_line(text)
        elif isinstance(event, Finished):
            self._clear()

    def _batch(self, e: BatchEnd) -> None:
        if e.samples_per_second > 0:
            steps_per_s = e.samples_per_second / self.batch_size
            self._rate = steps_per_s if self._rate == 0 else 0.9 * self._rate + 0.1 * steps_per_s
        now = time.monotonic()
        if not self.live or now - self._last_draw < REDRAW_SECONDS:
            return
        self._last_draw = now
        left = (self.epochs - e.epoch - 1) * self.steps + (self.steps - e.step - 1)
        eta = left / self._rate if self._rate > 0 else math.nan
        done = int(20 * (e.step + 1) / self.steps)
        bar = "#" * done + "." * (20 - done)
        acc = e.metrics.get("accuracy")
        text = (f"epoch {e.epoch + 1}/{self.epochs} [{bar}] batch {e.step + 1}/{self.steps}  loss {e.loss:.4f}"
                + (f"  acc {acc:.4f}" if acc is not None else "")
                + f"  {self._rate * self.batch_size:,.0f} samples/s  ETA {fmt_duration(eta)}")
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text)

    def _clear(self) -> None:
        if self.live and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def _write_line(self, text: str) -> None:
        self._clear()
        self.stream.write(text + "\n")
        self.stream.flush()
