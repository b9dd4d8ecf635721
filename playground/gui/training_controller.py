"""The window's side of training: starts the worker thread, owns the session, feeds the live views.

Lives in the main thread. Events cross from the training thread through the worker's queue; a
timer here drains it 10 times a second, hands each batch of events to every view
(``take``) and asks the visible ones to ``redraw`` at most once per tick, never once per event.
Started/Paused/Resumed/Finished also arrive as queued signals so the buttons follow at once.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from playground.gui import blit
from playground.gui.gc_policy import collect_after_run, freeze_survivors
from playground.gui.gil_policy import share_finely
from playground.gui.live_view import LiveView
from playground.gui.training_worker import EventQueue, TrainingWorker
from playground.training.events import BatchEnd, Event, Finished, Paused, Resumed, Started

TICK_MS = 100  # 10 Hz: smooth enough to watch, and a third less GUI work taken from training than 15 Hz
FIRST_LOOK_MS = 30  # after Start: time for the raised docks' show and resize events to ask for draws
MAX_DRAW_WAIT_SECONDS = 0.5  # the longest a run's thread waits for those draws
MIN_REDRAW_SECONDS = 0.05  # a notable event may drain early, but redraws stay <= 20 Hz

IDLE, RUNNING, PAUSED, STOPPING = "idle", "running", "paused", "stopping"


def run_root_for(document) -> Path:
    """Where a document's runs go: NAME.runs/ beside a saved project, else the app's data folder."""
    from playground.gui.app_paths import data_dir
    from playground.project import runs_dir

    if document.path is not None:
        return runs_dir(document.path)
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in (document.name or "untitled")) or "untitled"
    return data_dir() / "runs" / name


def _is_visible(view) -> bool:
    visible = getattr(view, "isVisible", None)
    return bool(visible()) if callable(visible) else True


class TrainingController(QObject):
    """Start/pause/resume/stop/continue one session and fan its events out to the live views."""

    runStarted = Signal(object)  # training.events.Started (also for a continue)
    runFinished = Signal(object)  # training.events.Finished, after the thread has ended
    stateChanged = Signal(str)  # "idle" | "running" | "paused" | "stopping"

    def __init__(self, parent: QObject | None = None, snapshot_interval: float | None = 1.0) -> None:
        super().__init__(parent)
        self.snapshot_interval = snapshot_interval
        self._views: list[LiveView] = []
        self._queue = EventQueue()
        self._worker: TrainingWorker | None = None
        self._session = None
        self._state = IDLE
        self._last_redraw = 0.0
        self._dirty = False
        # From Started to the first BatchEnd, TensorFlow traces the model in the training thread,
        # holding the GIL most of the time: views redrawn then (full renders, mosaics) took 3x as
        # long and stalled the window up to 150 ms. They wait, holding what arrived, ~1 s at most.
        self._tracing = False
        self.last_result: Finished | None = None
        self.last_error: str | None = None
        self._start_by = 0.0  # see _start_worker
        self.last_collect_seconds = 0.0  # the full GC pass after the last run (bench_gui_training)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    # -- views ---------------------------------------------------------------------------------

    def add_view(self, view: LiveView) -> None:
        """Register a LiveView; it gets every event from now on (reset on each Started)."""
        if view not in self._views:
            self._views.append(view)

    def remove_view(self, view: LiveView) -> None:
        if view in self._views:
            self._views.remove(view)

    def prepare_views(self) -> None:
        """Build the views' figures now (call once the window is up and matplotlib is imported):
        building them when the first run starts cost the GUI thread ~100 ms while it traced."""
        for view in self._views:
            prepare = getattr(view, "prepare", None)
            if callable(prepare):
                prepare()

    # -- state ---------------------------------------------------------------------------------

    @property
    def session(self):
        """The current (or last) TrainingSession; None before the first start."""
        return self._session

    @property
    def state(self) -> str:
        return self._state

    def is_running(self) -> bool:
        """True while the training thread exists (running, paused or stopping)."""
        return self._worker is not None

    def can_continue(self) -> bool:
        return self._worker is None and self._session is not None and self._session.can_continue

    def trained(self):
        """``(keras_model, splits)`` once a run ended usable and the thread is idle; else None."""
        s = self._session
        if self._worker is not None or s is None or s.result is None or not s.result.ok:
            return None
        prepared = getattr(s, "_prepared", None)
        if prepared is None:
            return None
        return s.model, prepared.splits

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.stateChanged.emit(state)

    # -- verbs ---------------------------------------------------------------------------------

    def start(self, project, run_root: Path | str | None) -> bool:
        """Train ``project`` (copied) in a new session; runs are recorded under ``run_root``."""
        if self._worker is not None:
            return False
        from playground.training import RunStore, TrainingSession

        store = RunStore(Path(run_root)) if run_root is not None else None
        self._session = TrainingSession(project, run_store=store, snapshot_interval=self.snapshot_interval)
        self._launch(None)
        return True

    def continue_training(self, extra_epochs: int) -> bool:
        """Train ``extra_epochs`` more on the same session (same weights, optimizer, run record)."""
        if not self.can_continue():
            return False
        self._launch(int(extra_epochs))
        return True

    def _launch(self, extra_epochs: int | None) -> None:
        self.last_result, self.last_error = None, None
        self._queue.drain()
        worker = TrainingWorker(self._session, self._queue, extra_epochs, parent=self)
        worker.notable.connect(self._on_notable)
        worker.done.connect(self._on_thread_finished)
        self._worker = worker
        self._set_state(RUNNING)
        self._timer.start()
        freeze_survivors()  # no full GC pass over the engine's objects while this run trains
        share_finely()  # 1 ms GIL turns: the GUI's redraws no longer stall training 5 ms at a time
        self._start_by = time.monotonic() + MAX_DRAW_WAIT_SECONDS
        QTimer.singleShot(FIRST_LOOK_MS, self._start_worker)

    @Slot()
    def _start_worker(self) -> None:
        """Start the run's thread once the draws that Start itself caused (docks raised, canvases
        shown for the first time) are done: drawn while the session built the model, both took
        turns at the GIL and the window stalled ~100 ms in the first run after start-up."""
        worker = self._worker
        if worker is None or worker.started:
            return
        if blit.rendering() and time.monotonic() < self._start_by:
            QTimer.singleShot(blit.POLL_MS, self._start_worker)
            return
        worker.start()

    def pause(self) -> None:
        if self._worker is not None and self._state == RUNNING:
            self._session.pause()
            self._set_state(PAUSED)

    def resume(self) -> None:
        if self._worker is not None and self._state == PAUSED:
            self._session.resume()
            self._set_state(RUNNING)

    def stop(self) -> None:
        """Ask the run to end after the current batch (also ends a pause)."""
        if self._worker is not None and self._state != STOPPING:
            self._session.stop()
            self._set_state(STOPPING)

    def wait(self, timeout_ms: int | None = None) -> bool:
        """Block until the training thread ended (True) or ``timeout_ms`` passed (False).
        On True the views have seen every event and ``runFinished`` was emitted."""
        worker = self._worker
        if worker is None:
            return True
        if not worker.started:
            worker.start()  # still waiting for Start's draws: run it now (a stop ends it at once)
        done = worker.wait(timeout_ms)
        if done:
            self._on_thread_finished()
        return done

    # -- main-thread slots ---------------------------------------------------------------------

    @Slot(object)
    def _on_notable(self, event) -> None:
        if isinstance(event, Paused) and self._state == RUNNING:
            self._set_state(PAUSED)
        elif isinstance(event, Resumed) and self._state == PAUSED:
            self._set_state(RUNNING)
        self._tick()

    @Slot()
    def _tick(self) -> None:
        events = self._queue.drain()
        if events:
            self._deliver(events)
            self._dirty = True
        if self._dirty and not self._tracing and time.monotonic() - self._last_redraw >= MIN_REDRAW_SECONDS:
            self._redraw()

    @Slot()
    def _on_thread_finished(self) -> None:
        worker = self._worker
        if worker is None or not worker.wait(2000):  # done() comes last thing before the thread ends
            return
        self._worker = None
        self._timer.stop()
        events = self._queue.drain()
        if events:
            self._deliver(events)
        self._redraw()
        self.last_error = worker.error
        result = self._session.result if self._session is not None else None
        if worker.error is not None and (result is None or not any(isinstance(e, Finished) for e in events)):
            result = Finished("failed", worker.error, getattr(self._session, "epochs_completed", 0), 0.0)
        self.last_result = result
        worker.deleteLater()
        self.last_collect_seconds = collect_after_run()  # the run's cycles, while nothing animates
        self._set_state(IDLE)
        if result is not None:
            self.runFinished.emit(result)

    def _deliver(self, events: list[Event]) -> None:
        """Hand events to the views in order; a Started resets them (and is not passed to take)."""
        pending: list[Event] = []
        for event in events:
            if isinstance(event, Started):
                self._take(pending)
                pending = []
                self._tracing = True
                for view in list(self._views):
                    view.reset(event)
                self.runStarted.emit(event)
            else:
                pending.append(event)
                if isinstance(event, BatchEnd):
                    self._tracing = False
        self._take(pending)

    def _take(self, events: list[Event]) -> None:
        if events:
            for view in list(self._views):
                view.take(events)

    def _redraw(self) -> None:
        self._dirty = False
        self._last_redraw = time.monotonic()
        for view in list(self._views):
            if _is_visible(view):
                view.redraw()
