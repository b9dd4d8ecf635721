"""The Norms view: each layer's gradient and weight norm over training, on log scales.

When gradients vanish on their way back (a deep sigmoid net), the first layers' gradient lines
sit orders of magnitude below the last layer's and their weight lines stay flat; a hint above
the plot says so in words (insight.vanishing_gradient_ratio).

Redraws must stay cheap in the GUI thread: a full matplotlib draw of two log axes costs a few
hundred milliseconds on a busy 2-core machine, so it happens only when the axes change (the x
range is the run's planned steps, y ranges grow in 1-2-5 steps). Every other redraw blits: the
saved background is restored and only the lines are drawn again. A long run's history is thinned
so a redraw never grows with the run's length.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from playground import insight
from playground.gui.blit import Blitter, make_canvas, nice, plain_y_ticks
from playground.training.events import Event, Snapshot, Started

MAX_POINTS = 1000  # per line; past it every other point is dropped (the curve's shape survives)
LEGEND_MAX = 10  # more layers than this: colour runs from first (dark) to last (light) instead
VANISH_BELOW = 1e-2
EXPLODE_ABOVE = 1e2
WAITING = "Norms appear here with the first snapshot of a training run."


class NormsView(QWidget):
    """LiveView of per-layer gradient norms (top) and weight norms (bottom) against training step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("normsView")
        self.hint = QLabel(WAITING)
        self.hint.setWordWrap(True)
        self.hint.setMinimumHeight(3 * self.hint.fontMetrics().lineSpacing())  # no resize (full draw) per hint
        self.figure = self.canvas = self.grad_axes = self.weight_axes = None  # built on first use
        self.blitter: Blitter | None = None  # full draws only when the axes change; blits otherwise
        self._planned_steps = 1
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        self.layers: list[str] = []
        self.steps: list[int] = []
        self.grads: dict[str, list[float]] = {}
        self.weights: dict[str, list[float]] = {}
        self._dirty = False
        self._lines_for: tuple[str, ...] | None = ()  # the layers the lines are for; None: old run's
        self._layer_names: tuple[str, ...] = ()

    def prepare(self) -> None:
        """Create the figure (imports matplotlib): before the first run (see TrainingController.prepare_views)
        or when first needed, never before the window shows."""
        if self.figure is not None:
            return
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(5, 4))
        self.figure.subplots_adjust(left=0.17, right=0.97, top=0.96, bottom=0.11, hspace=0.1)
        self.canvas = make_canvas(self.figure)
        self.canvas.setMinimumSize(200, 200)
        self.grad_axes = self.figure.add_subplot(2, 1, 1)
        self.weight_axes = self.figure.add_subplot(2, 1, 2, sharex=self.grad_axes)
        self.blitter = Blitter(self.canvas, self._lines, on_done=self.redraw)
        self.layout().addWidget(self.canvas, 1)
        self._style_axes()

    # -- LiveView ----------------------------------------------------------------------------

    def reset(self, started: Started) -> None:
        self.prepare()
        continuing = started.initial_epoch > 0 and tuple(started.layer_names) == self._layer_names
        self._layer_names = tuple(started.layer_names)
        self._planned_steps = max(1, int(started.epochs) * int(started.steps_per_epoch))
        if not continuing:
            self.layers, self.steps, self.grads, self.weights = [], [], {}, {}
            # the old lines are emptied by the next redraw and replaced with the first snapshot's, not
            # here: a background render may be drawing them (waiting for it stalled the window)
            self._lines_for = None
            self.hint.setText(WAITING)
        self._dirty = not continuing or bool(self.steps)

    def take(self, events: Sequence[Event]) -> None:
        for event in events:
            if isinstance(event, Snapshot) and (event.grad_norms or event.weight_norms):
                self._record(event)

    def redraw(self) -> None:
        if not self._dirty:
            return
        self.prepare()
        if self.blitter.busy:
            return  # a full draw renders in the background; it calls redraw again when done
        self._dirty = False
        if not self.layers:  # a new run, no snapshot yet: hide the old lines with a blit, no full draw
            for line in self._lines():
                line.set_data([], [])
            self.blitter.update()
            return
        full = tuple(self.layers) != self._lines_for
        if self._lines_for is None:  # a new run: the old run's x range goes with its lines
            self.weight_axes.set_xlim(0, self._planned_steps)
        if full:
            self._make_lines()
        x = np.asarray(self.steps, dtype=np.float64)
        for axes, values in ((self.grad_axes, self.grads), (self.weight_axes, self.weights)):
            ys = [_positive(values[name]) for name in self.layers]
            for line, y in zip(axes.lines, ys):
                line.set_data(x, y)
            full |= _grow_ylim(axes, ys)
        full |= self._grow_xlim()
        self.hint.setText(self.hint_text())
        self.blitter.update(full)

    @property
    def full_draws(self) -> int:
        """How many full draws the canvas has had (every other redraw blitted)."""
        return self.blitter.full_draws if self.blitter else 0

    @property
    def _background(self):
        return self.blitter.background if self.blitter else None

    def showEvent(self, event) -> None:  # noqa: N802
        """The controller skips hidden views; a view brought forward catches up here."""
        super().showEvent(event)
        self.redraw()

    # -- data --------------------------------------------------------------------------------

    def _record(self, event: Snapshot) -> None:
        for name in (*event.grad_norms, *event.weight_norms):
            if name not in self.grads:
                self.layers.append(name)
                self.grads[name] = [math.nan] * len(self.steps)
                self.weights[name] = [math.nan] * len(self.steps)
        self.steps.append(int(event.global_step))
        for name in self.layers:
            self.grads[name].append(float(event.grad_norms.get(name, math.nan)))
            self.weights[name].append(float(event.weight_norms.get(name, math.nan)))
        if len(self.steps) > MAX_POINTS:
            self.steps = self.steps[::2]
            for series in (self.grads, self.weights):
                for name in self.layers:
                    series[name] = series[name][::2]
        self._dirty = True

    def ratio(self) -> float:
        """Latest first-layer / last-layer gradient norm (NaN without two layers)."""
        with_grads = [n for n in self.layers if self.grads[n] and math.isfinite(self.grads[n][-1])]
        if len(with_grads) < 2:
            return math.nan
        return float(insight.vanishing_gradient_ratio(self.grads[with_grads[0]][-1], self.grads[with_grads[-1]][-1]))

    def hint_text(self) -> str:
        """One sentence about the latest gradients, in words a learner can act on."""
        ratio = self.ratio()
        if not math.isfinite(ratio) or ratio <= 0:
            return "Gradient norm per layer (top) and weight norm (bottom), log scales."
        orders = abs(math.log10(ratio))
        if ratio < VANISH_BELOW:
            return (f"<b>Vanishing gradients:</b> the first layer's gradient is about {orders:.0f} orders of "
                    f"magnitude below the last layer's, so the early layers barely learn. ReLU activations, "
                    f"batch normalisation or skip connections help.")
        if ratio > EXPLODE_ABOVE:
            return (f"<b>Exploding gradients:</b> the first layer's gradient is about {orders:.0f} orders of "
                    f"magnitude above the last layer's. A lower learning rate, batch normalisation or "
                    f"gradient clipping help.")
        return (f"Gradients reach the first layer in good shape (first/last = {ratio:.2g}). "
                f"Top: gradient norm per layer; bottom: weight norm.")

    # -- drawing -----------------------------------------------------------------------------

    def _lines(self) -> list:
        """The animated lines the blitter paints on the saved background."""
        return [*self.grad_axes.lines, *self.weight_axes.lines]

    def _grow_xlim(self) -> bool:
        """x spans the run's planned steps, so it changes only when a run goes past them."""
        last = self.steps[-1] if self.steps else 0
        high = max(self._planned_steps, last)
        low, current = self.weight_axes.get_xlim()
        if low == 0 and current >= high:
            return False
        self.weight_axes.set_xlim(0, high if high == self._planned_steps else int(high * 1.5))
        return True

    def _style_axes(self) -> None:
        """Once, on the fresh axes; a new run only swaps lines (``_clear_lines``)."""
        for axes, title in ((self.grad_axes, "Gradient norm"), (self.weight_axes, "Weight norm")):
            axes.set_yscale("log")
            # plain-text tick labels: the default 10^x mathtext made a full draw several times slower
            plain_y_ticks(axes)
            axes.set_ylabel(title)
            axes.grid(True, which="major", alpha=0.3)
        self.weight_axes.set_xlabel("training step")
        self.weight_axes.set_xlim(0, self._planned_steps)
        self.grad_axes.tick_params(labelbottom=False)

    def _clear_lines(self) -> None:  # not axes.clear(): restyling cost ~50 ms of the GUI thread
        """Forget the old run's lines, legend and y ranges; the styled axes stay."""
        for axes in (self.grad_axes, self.weight_axes):
            for line in list(axes.lines):
                line.remove()
            legend = axes.get_legend()
            if legend is not None:
                legend.remove()
            axes.set_title("")
            axes.set_autoscaley_on(True)  # _grow_ylim sets the new run's range from its first values
        self.figure.subplots_adjust(top=0.97)

    def _make_lines(self) -> None:
        from matplotlib import colormaps

        self._clear_lines()
        cmap = colormaps["viridis"]
        n = len(self.layers)
        for i, name in enumerate(self.layers):
            colour = cmap(0.9 * i / max(1, n - 1))  # dark = first layer, light = last
            # animated: left out of full draws, drawn on the saved background (blitting)
            self.grad_axes.plot([], [], color=colour, label=name, linewidth=1.2, animated=True)
            self.weight_axes.plot([], [], color=colour, label=name, linewidth=1.2, animated=True)
        rows = 0
        if 0 < n <= LEGEND_MAX:  # above the plot, where it never hides a line
            cols = min(n, 4)
            rows = math.ceil(n / cols)
            self.grad_axes.legend(loc="lower left", bbox_to_anchor=(0, 1.01, 1, 0.1), mode="expand", ncols=cols,
                                  fontsize="small", frameon=False, borderaxespad=0, handlelength=1.5)
        elif n:
            self.grad_axes.set_title(f"{n} layers: dark = first, light = last", fontsize="small")
            rows = 1
        self.figure.subplots_adjust(top=0.97 - 0.045 * rows)
        self._lines_for = tuple(self.layers)


def _positive(values: list[float]) -> np.ndarray:
    """Norms for a log axis: zero (a layer with no gradient) becomes NaN, a gap, not -inf."""
    a = np.asarray(values, dtype=np.float64)
    a[a <= 0] = np.nan
    return a


def _grow_ylim(axes, ys: list[np.ndarray]) -> bool:
    """Widen a log axis to hold every finite value (with a margin); True if its limits changed."""
    values = np.concatenate(ys) if ys else np.zeros(0)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return False
    low, high = float(values.min()), float(values.max())
    current_low, current_high = axes.get_ylim()
    if current_low <= low and high <= current_high and axes.get_autoscaley_on() is False:
        return False
    # generous margins: norms drift step by step, and each change of range costs a full draw
    axes.set_ylim(nice(low / 2.5, up=False), nice(high * 2.5, up=True))
    return True

