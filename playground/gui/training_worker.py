"""The training thread: runs a TrainingSession's fit and hands its events to the main thread.

The session's listener runs in this thread, so it only appends the event to a locked queue (a
few microseconds per batch) and, for the few events that change what the buttons may do
(Started, Paused, Resumed, Finished), emits ``notable``: a queued signal the controller's slot
receives in the main thread. Batches are never signalled one by one; the controller drains the
queue on its own timer, which is what bounds the GUI's work however fast training runs.
No widget, and no Keras object, is touched from here by anyone but the session itself.
"""

from __future__ import annotations

import threading
from collections import deque

from PySide6.QtCore import QObject, Signal

from playground.training.events import Event, Finished, Paused, Resumed, Started

NOTABLE = (Started, Paused, Resumed, Finished)


class EventQueue:
    """A thread-safe FIFO of events: the training thread puts, the main thread drains."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: deque[Event] = deque()

    def put(self, event: Event) -> None:
        with self._lock:
            self._items.append(event)

    def drain(self) -> list[Event]:
        with self._lock:
            items = list(self._items)
            self._items.clear()
        return items

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


class TrainingWorker(QObject):
    """One fit call (``run()`` of a new session, or ``continue_training(extra)``) in its own thread.

    A plain Python thread rather than a QThread: a QThread running Python leaves a "dummy"
    entry in ``threading`` behind for ever, and nothing here needs a Qt event loop.
    ``notable(event)`` and ``done()`` are emitted from the training thread; connect them only
    to @Slot methods of a QObject living in the main thread (Qt then queues them there).
    """

    notable = Signal(object)
    done = Signal()

    def __init__(self, session, queue: EventQueue, extra_epochs: int | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.queue = queue
        self.extra_epochs = extra_epochs
        self.error: str | None = None
        self._thread = threading.Thread(target=self._run, name="training", daemon=True)

    def start(self) -> None:
        self._thread.start()

    @property
    def started(self) -> bool:
        return self._thread.ident is not None

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout_ms: int | None = None) -> bool:
        """Join the thread; True when it has ended (False: still running after ``timeout_ms``)."""
        if self._thread.ident is None:
            return True
        self._thread.join(None if timeout_ms is None else timeout_ms / 1000)
        return not self._thread.is_alive()

    def listen(self, event: Event) -> None:
        """The session's listener (training thread): queue it; signal only the notable ones."""
        self.queue.put(event)
        if isinstance(event, NOTABLE):
            self.notable.emit(event)

    def _run(self) -> None:  # the training thread: no widget, no Qt call but the two emits
        self.session.add_listener(self.listen)
        try:
            if self.extra_epochs is None:
                self.session.run()
            else:
                self.session.continue_training(self.extra_epochs)
        except Exception as exc:  # noqa: BLE001 - a refused continue, a listener bug: report, never crash
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.session.remove_listener(self.listen)
            self.done.emit()
