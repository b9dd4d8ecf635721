"""Stop, pause, resume and "snapshot now": requests from any thread, honoured between batches.

Only flags and threading.Events live here. The training thread looks at them once per batch
(a few attribute reads), so asking costs the training nothing and no Keras object is touched
from the asking thread.
"""

from __future__ import annotations

import threading
import time


class Control:
    """Requests to a running session. Every method may be called from any thread."""

    def __init__(self, snapshot_interval: float | None = 2.0) -> None:
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._snapshot_now = False
        self._last_snapshot = -float("inf")
        self.snapshot_interval = snapshot_interval

    # -- asked from any thread -------------------------------------------------------------

    def stop(self) -> None:
        """Stop after the current batch; also releases a paused run so it can end."""
        self._stop.set()
        self._running.set()

    def pause(self) -> None:
        if not self._stop.is_set():
            self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def request_snapshot(self) -> None:
        """Take a snapshot after the next batch, whatever the interval."""
        self._snapshot_now = True

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    @property
    def pause_requested(self) -> bool:
        return not self._running.is_set()

    @property
    def snapshot_interval(self) -> float | None:
        """Seconds between snapshots; None switches them off, 0 takes one after every batch."""
        return self._interval

    @snapshot_interval.setter
    def snapshot_interval(self, seconds: float | None) -> None:
        if seconds is not None and not seconds >= 0:
            raise ValueError(f"snapshot_interval must be >= 0 seconds or None. Received: {seconds!r}")
        self._interval = seconds

    # -- asked by the training thread ------------------------------------------------------

    def reset_stop(self) -> None:
        """Before a new fit (continue_training): an old stop request must not end it at once."""
        self._stop.clear()

    def wait_while_paused(self, timeout: float | None = None) -> bool:
        """Block until resumed or stopped; True when no longer paused."""
        return self._running.wait(timeout)

    def snapshot_due(self, now: float | None = None) -> bool:
        if self._snapshot_now:
            return True
        if self._interval is None:
            return False
        now = time.perf_counter() if now is None else now
        return now - self._last_snapshot >= self._interval

    def snapshot_taken(self, now: float | None = None) -> None:
        self._snapshot_now = False
        self._last_snapshot = time.perf_counter() if now is None else now
