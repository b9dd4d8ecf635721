"""Cheap live redraws of a matplotlib canvas: full draws only when the axes change, blits otherwise.

A full draw of a few axes costs 100-400 ms on a busy 2-core machine, far too much for the GUI
thread at ~15 redraws a second. The live views therefore draw their lines ``animated=True`` (left
out of full draws), keep a copy of the figure without them after each full draw, and repaint a
changed line by restoring that copy, drawing the lines on it and blitting: a few milliseconds.
Axis limits grow in generous steps (``nice``) so that full draws stay rare; tick labels are plain
text, since mathtext (10^x) made a full draw several times slower. Importing this module does
not load matplotlib (the window must show first).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from functools import partial


class Blitter:
    """Repaints a canvas's animated artists on its saved background; full draws only when asked to."""

    def __init__(self, canvas, artists: Callable[[], Iterable]) -> None:
        self.canvas = canvas
        self.figure = canvas.figure
        self._artists = artists  # called at each paint: the animated artists to draw, in order
        self.background = None  # the figure without its animated artists
        self._size: tuple[float, float] = (0.0, 0.0)
        self.full_draws = 0  # full draws of the canvas that happened (ours, a resize, a repaint)
        canvas.mpl_connect("draw_event", self._on_draw)

    def update(self, full: bool = False) -> None:
        """Show the artists' new data: a blit, or a full draw when ``full`` or nothing is saved yet."""
        size = (self.figure.bbox.width, self.figure.bbox.height)
        if full or self.background is None or size != self._size:
            self.canvas.draw_idle()  # _on_draw then saves the background and adds the artists
            return
        self.canvas.restore_region(self.background)
        self._draw_artists()
        self.canvas.blit(self.figure.bbox)

    def invalidate(self) -> None:
        """Forget the background (the figure changed behind our back): the next update draws fully."""
        self.background = None

    def _on_draw(self, event) -> None:
        if event is not None and event.canvas is not self.canvas:
            return  # savefig draws on another canvas; its buffer is not ours to copy
        self.full_draws += 1
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._size = (self.figure.bbox.width, self.figure.bbox.height)
        self._draw_artists()

    def _draw_artists(self) -> None:
        for artist in self._artists():
            artist.axes.draw_artist(artist)


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
