"""Cheap live redraws of a matplotlib canvas: full draws rare and off the GUI thread, blits otherwise.

A full draw of a few axes costs 100-400 ms on a busy 2-core machine, far too much for the GUI
thread at ~10 redraws a second. The live views therefore draw their lines ``animated=True`` (left
out of full draws), keep a copy of the figure without them after each full draw, and repaint a
changed line by restoring that copy, drawing the lines on it and blitting: a few milliseconds.
Axis limits grow in generous steps (``nice``) so that full draws stay rare; tick labels are plain
text, since mathtext (10^x) made a full draw several times slower.

The few full draws left (first draw, a grown range, a resize) render the Agg buffer in the one
background render thread: while training traced TensorFlow in its first epoch they took 200-400
ms of the GUI thread. A resize during a render is applied when it ends, never waited for. While
``Blitter.busy`` the views must not touch the figure; a QTimer in the GUI thread notices the end,
shows the result and calls the view back (``on_done``) to catch up. Importing this module does
not load matplotlib (the window must show first).
"""

from __future__ import annotations

import math
import queue
import threading
import traceback
import weakref
from collections.abc import Callable, Iterable
from functools import partial

from PySide6.QtCore import QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget

POLL_MS = 10  # how often the GUI thread looks whether a background render has finished
_RENDER_LOCK = threading.Lock()  # held by each background render (tests hold it to keep one running)


class _RenderThread:
    """The one long-lived thread that runs every canvas's background renders, in order.

    A thread per render made the GUI thread wait in ``Thread.start()`` until the new thread first
    got the GIL: up to 300 ms while training traced its first epoch. Handing a job to a waiting
    thread costs the GUI thread nothing."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.thread: threading.Thread | None = None

    def submit(self, render: Callable[[], None]) -> threading.Event:
        """Queue ``render``; the returned event is set once it has run."""
        if self.thread is None:
            self.thread = threading.Thread(target=self._serve, name="blit-render", daemon=True)
            self.thread.start()
        done = threading.Event()
        self._jobs.put((render, done))
        return done

    def _serve(self) -> None:
        while True:
            render, done = self._jobs.get()
            try:
                render()
            finally:
                done.set()


_RENDERER = _RenderThread()
_BLITTERS: weakref.WeakSet = weakref.WeakSet()
_canvas_class = None


def rendering() -> bool:
    """A full draw is running, queued, or asked for by a shown canvas (the training controller
    starts a run's thread once these are done, see TrainingController._start_worker)."""
    return any(_drawing(b) for b in list(_BLITTERS))


def _drawing(blitter: Blitter) -> bool:
    if blitter._job is not None and not blitter._job.is_set():
        return True
    try:
        return blitter._want_full and blitter._timer.isActive()
    except RuntimeError:  # the canvas (and its timer) is gone
        return False


def render_thread() -> threading.Thread | None:
    """The background render thread, once started (it lives as long as the app)."""
    return _RENDERER.thread


class Blitter:
    """Repaints a canvas's animated artists on its saved background; full draws in a background thread.

    Use it with a canvas from ``make_canvas`` (its draw_idle, resize and hide go through the blitter)."""

    def __init__(self, canvas, artists: Callable[[], Iterable], on_done: Callable[[], None] | None = None) -> None:
        self.canvas = canvas
        self.figure = canvas.figure
        self._artists = artists  # called at each paint: the animated artists to draw, in order
        self._on_done = on_done  # called in the GUI thread after a background render (catch up)
        self.background = None  # the figure without its animated artists
        self._size: tuple[float, float] = (0.0, 0.0)
        self.full_draws = 0  # full draws of the canvas that happened (ours, a resize, a repaint)
        self._want_full = False  # a full draw is due (asked while busy, hidden, or not started yet)
        self._job: threading.Event | None = None  # set when the background render asked for has run
        self._rendered = None  # (background, size) saved by the render thread, published by the GUI thread
        self._resize = None  # a QResizeEvent that came during a render, applied when it ends
        self._timer = QTimer(canvas)  # dies with the canvas: no tick after the view is gone
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._tick)
        canvas.blitter = self
        _BLITTERS.add(self)
        canvas.mpl_connect("draw_event", self._on_draw)

    @property
    def busy(self) -> bool:
        """A background render is running: the figure must not be touched until it ends."""
        return self._job is not None

    def update(self, full: bool = False) -> None:
        """Show the artists' new data: a blit, or a full draw when ``full`` or nothing is saved yet.

        A full draw starts in the background (or once the running one ends); callers check ``busy``."""
        size = (self.figure.bbox.width, self.figure.bbox.height)
        if full or self._want_full or self.background is None or size != self._size:
            self.request_full()
            return
        if self.busy:
            return
        self.canvas.restore_region(self.background)
        self._draw_artists()
        self.canvas.blit(self.figure.bbox)

    def request_full(self) -> None:
        """Ask for a full draw; requests in one pass of the event loop make one render."""
        self._want_full = True
        if not self._timer.isActive():
            self._timer.start(0 if self._job is None else POLL_MS)

    def invalidate(self) -> None:
        """Forget the background (the figure changed behind our back): the next update draws fully."""
        self.background = None

    def defer_resize(self, event) -> None:
        """Keep the latest resize that came while busy; ``_finish`` applies it (and draws again)."""
        self._resize = event

    def wait(self) -> None:
        """Block until a running background render ends (before the figure changes, a resize, a hide)."""
        if self._job is not None:
            self._job.wait()
            self._finish()

    def _tick(self) -> None:
        if self._job is not None:
            if not self._job.is_set():
                return
            self._finish()
            if not self._want_full:
                self._timer.stop()
                if self._on_done is not None:
                    self._on_done()
                return
        if self._want_full and self.canvas.isVisible() and self.canvas.width() > 0 and self.canvas.height() > 0:
            self._want_full = False
            self._job = _RENDERER.submit(self._render)
            self._timer.start(POLL_MS)
        else:
            self._timer.stop()  # nothing due, or hidden: the canvas's showEvent asks again

    def _render(self) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        try:
            with _RENDER_LOCK:
                FigureCanvasAgg.draw(self.canvas)  # the Agg draw only: no Qt call from this thread
        except Exception:  # noqa: BLE001 - a failed draw must not kill the view; it is shown on stderr
            traceback.print_exc()

    def _finish(self) -> None:
        """In the GUI thread: the render ended; publish its background and show the buffer."""
        self._job.wait()
        self._job = None
        if self._rendered is not None:
            self.background, self._size = self._rendered
            self._rendered = None
            self.full_draws += 1
        if self._resize is not None:
            event, self._resize = self._resize, None
            self.canvas.apply_resize(event)  # sizes the figure and asks for a full draw at that size
        self.canvas.update()

    def _on_draw(self, event) -> None:
        if event is not None and event.canvas is not self.canvas:
            return  # savefig draws on another canvas; its buffer is not ours to copy
        saved = (self.canvas.copy_from_bbox(self.figure.bbox), (self.figure.bbox.width, self.figure.bbox.height))
        self._draw_artists()
        if threading.current_thread() is _RENDERER.thread:
            self._rendered = saved  # published by _finish in the GUI thread
        else:
            self.background, self._size = saved
            self.full_draws += 1

    def _draw_artists(self) -> None:
        for artist in self._artists():
            artist.axes.draw_artist(artist)


def make_canvas(figure):
    """A FigureCanvasQTAgg whose full draws go through its Blitter (set by Blitter): off the GUI thread."""
    global _canvas_class
    if _canvas_class is None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        class BlitCanvas(FigureCanvasQTAgg):
            blitter: Blitter | None = None

            def draw_idle(self) -> None:
                if self.blitter is None:
                    super().draw_idle()
                else:
                    self.blitter.request_full()

            def draw(self) -> None:
                if self.blitter is not None:
                    self.blitter.wait()
                super().draw()

            def resizeEvent(self, event) -> None:  # noqa: N802 - the figure's size must not change mid-render
                if self.blitter is not None and self.blitter.busy:
                    # the figure takes the new size when the render ends; waiting for it here stalled
                    # the window ~250 ms at Start (docks raised) while the render shared the GIL with training
                    self.blitter.defer_resize(QResizeEvent(event.size(), event.oldSize()))
                    QWidget.resizeEvent(self, event)
                    return
                super().resizeEvent(event)

            def apply_resize(self, event) -> None:
                super().resizeEvent(event)

            def showEvent(self, event) -> None:  # noqa: N802 - a draw asked for while hidden happens now
                super().showEvent(event)
                if self.blitter is not None and (self.blitter._want_full or self.blitter.background is None):
                    self.blitter.request_full()

            def hideEvent(self, event) -> None:  # noqa: N802 - no render thread outlives a closed view
                if self.blitter is not None:
                    self.blitter.wait()
                super().hideEvent(event)

        _canvas_class = BlitCanvas
    return _canvas_class(figure)


def nice(value: float, up: bool) -> float:
    """The nearest 1, 2 or 5 times a power of ten above (``up``) or below the positive ``value``."""
    exponent = math.floor(math.log10(value))
    steps = [m * 10.0 ** e for e in (exponent - 1, exponent, exponent + 1) for m in (1, 2, 5)]
    return min(s for s in steps if s >= value) if up else max(s for s in steps if s <= value)


def tick_label(value: float, _position=None) -> str:
    return f"{value:g}"


def minor_tick_label(axes, value: float, _position=None) -> str:
    """Label minor ticks only on an axis spanning less than a decade (it has no major tick else)."""
    low, high = axes.get_ylim()
    return f"{value:g}" if low > 0 and high / low < 10 else ""


def plain_y_ticks(axes) -> None:
    """Plain-text y tick labels (set after each set_yscale, which resets them); log: 2 minor ticks a decade."""
    from matplotlib.ticker import FuncFormatter, LogLocator  # here: the window shows before matplotlib loads

    axes.yaxis.set_major_formatter(FuncFormatter(tick_label))
    if axes.get_yscale() == "log":
        axes.yaxis.set_minor_formatter(FuncFormatter(partial(minor_tick_label, axes)))
        axes.yaxis.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
