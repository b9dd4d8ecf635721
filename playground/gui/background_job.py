"""Run a slow numpy-returning function (filter visualisation) off the GUI thread.

The worker is a plain Python thread that never touches Qt: it only stores its result. A
QTimer in the main thread polls for completion and emits ``finished``/``failed`` from the
main thread, so no cross-thread signal can run a slot in the worker (the deadlock measured
on this machine). ``cancel`` asks the work to stop at its next check and joins the thread,
so closing a view never leaves a thread behind.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

POLL_MS = 40


class BackgroundJob(QObject):
    """``work(should_stop)`` runs in a thread; its return value arrives as ``finished(object)``.

    ``should_stop()`` turns true after :meth:`cancel`; long work should check it between
    chunks and return early (the result of a cancelled job is dropped).
    """

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[Callable[[], bool]], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._stop = threading.Event()
        self._result: Any = None
        self._error: str | None = None
        self._thread = threading.Thread(target=self._run, name="insight-job", daemon=True)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        self._thread.start()
        self._timer.start()

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def cancel(self, timeout: float = 30.0) -> None:
        """Stop waiting for the result and join the thread (work checks ``should_stop``)."""
        self._stop.set()
        self._timer.stop()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:  # worker thread: no Qt here
        try:
            self._result = self._work(self._stop.is_set)
        except Exception as exc:  # noqa: BLE001 - shown to the learner, the app keeps working
            self._error = f"{type(exc).__name__}: {exc}"

    def _poll(self) -> None:
        if self._thread.is_alive():
            return
        self._timer.stop()
        self._thread.join()
        if self._stop.is_set():
            return
        if self._error is not None:
            self.failed.emit(self._error)
        else:
            self.finished.emit(self._result)
