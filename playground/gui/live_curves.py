"""Live training curves: loss, accuracy and learning rate as the run goes, and the overfitting hint.

Training values arrive per batch (drawn raw and faint, plus an exponential moving average so the
trend is readable); validation values per epoch. The x axis counts epochs (fractional within
one), so a continued run simply extends the curves. ``take`` only appends numbers; ``redraw``
sets each line's (thinned) data and blits it on the saved background (playground.gui.blit): the
x axis spans the run's planned epochs and the y axes grow with headroom, so a full matplotlib draw
happens only when a range must grow, on a resize or on the log-scale toggle.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from playground.gui import prompts
from playground.gui.blit import Blitter, make_canvas, nice, plain_y_ticks
from playground.training.events import BatchEnd, EpochEnd, Event, Started

EMA = 0.9  # weight of the past in the smoothed training curve
MAX_POINTS = 1000  # per line; longer histories are thinned when drawn (the data is kept for the CSV)
TRAIN, VAL, SMOOTH = "#90caf9", "#e65100", "#1565c0"


def overfitting(train_loss: Sequence[float], val_loss: Sequence[float], epochs: int = 2) -> bool:
    """Validation loss rose in each of the last ``epochs`` epochs while training loss fell."""
    if len(val_loss) < epochs + 1 or len(train_loss) < epochs + 1:
        return False
    v, t = list(val_loss)[-(epochs + 1):], list(train_loss)[-(epochs + 1):]
    return all(b > a for a, b in zip(v, v[1:])) and t[-1] < t[0]


def _thin(x: list[float], y: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """Every n-th point of a long history; inf becomes a gap (a diverged run must still plot).

    n is a power of two, so the points kept stay the same between redraws (no flicker)."""
    step = 1
    while len(x) > step * MAX_POINTS:
        step *= 2
    ys = np.asarray(y[::step], dtype=float)
    return np.asarray(x[::step], dtype=float), np.where(np.isfinite(ys), ys, np.nan)


def _grow_ylim(axes, values: list[np.ndarray], log: bool) -> bool:
    """Widen ``axes``'s y range to hold every finite value, with headroom; True if it changed.

    Limits only grow within a run (each change costs a full draw); autoscale on means "not set yet"."""
    v = np.concatenate(values) if values else np.zeros(0)
    v = v[np.isfinite(v) & (v > 0)] if log else v[np.isfinite(v)]
    if v.size == 0:
        return False
    low, high = float(v.min()), float(v.max())
    fresh = axes.get_autoscaley_on()
    current_low, current_high = axes.get_ylim()
    if not fresh and current_low <= low and high <= current_high:
        return False
    if log:
        bottom, top = nice(low / 2.5, up=False), nice(high * 2.5, up=True)
    else:
        bottom = 0.0 if low >= 0 else -nice(-low * 1.2, up=True)
        top = nice(high * 1.2, up=True) if high > 0 else 0.0
        if top <= bottom:
            top = bottom + 1.0
    if not fresh:
        bottom, top = min(bottom, current_low), max(top, current_high)
    axes.set_ylim(bottom, top)
    return True


class CurvesView(QWidget):
    """A LiveView: three small plots (loss, accuracy, learning rate) with log scale and export."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("curvesView")
        self.steps_per_epoch = 1
        self.planned_epochs = 1  # where the x axis ends until a run goes past it
        self._clear_data()
        self.blitter: Blitter | None = None
        self._drawn: tuple[int, int] | None = None  # data lengths the canvas shows (skip a redraw)
        self._limits_due = False  # a new run began: its ranges are set by the next redraw

        self.figure = self.canvas = None  # built on first use: the window must show before matplotlib loads
        self.lines: dict = {}
        self.placeholder = QLabel("The loss, accuracy and learning-rate curves appear here when training starts.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: #757575;")

        self.log_scale = QCheckBox("Log scale")
        self.log_scale.setToolTip("Loss and learning rate on a logarithmic axis")
        self.log_scale.toggled.connect(self._log_toggled)
        self.hint = QLabel()
        self.hint.setObjectName("overfittingHint")
        self.hint.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the dock
        self.hint.hide()
        self.save_png_button = QPushButton("Save PNG…")
        self.save_png_button.clicked.connect(lambda: self._ask_and_save("png"))
        self.save_csv_button = QPushButton("Save CSV…")
        self.save_csv_button.clicked.connect(lambda: self._ask_and_save("csv"))
        bar = QHBoxLayout()
        bar.addWidget(self.log_scale)
        bar.addWidget(self.hint, 1)
        bar.addWidget(self.save_png_button)
        bar.addWidget(self.save_csv_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(bar)
        layout.addWidget(self.placeholder, 1)

    def prepare(self) -> None:
        """Create the figure (imports matplotlib): before the first run (see TrainingController.prepare_views),
        or the first time something is to be drawn."""
        if self.figure is not None:
            return
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(9, 2.6), dpi=100)
        self.figure.subplots_adjust(left=0.06, right=0.99, bottom=0.2, top=0.86, wspace=0.28)
        self.canvas = make_canvas(self.figure)
        self.canvas.setMinimumHeight(180)
        self.ax_loss, self.ax_acc, self.ax_lr = self.figure.subplots(1, 3)
        for ax, title in ((self.ax_loss, "Loss"), (self.ax_acc, "Accuracy"), (self.ax_lr, "Learning rate")):
            ax.set_title(title, fontsize=9)
            ax.set_xlabel("epoch", fontsize=8)
            ax.tick_params(labelsize=7)
            ax.grid(True, alpha=0.3)
        # animated: left out of full draws, drawn on the saved background (blitting)
        for key, ax in (("loss", self.ax_loss), ("accuracy", self.ax_acc)):
            (self.lines[f"{key}_raw"],) = ax.plot([], [], color=TRAIN, lw=0.7, label="train (batch)", animated=True)
            (self.lines[f"{key}_ema"],) = ax.plot([], [], color=SMOOTH, lw=1.6, label="train (smoothed)",
                                                  animated=True)
            (self.lines[f"{key}_val"],) = ax.plot([], [], color=VAL, lw=1.6, marker="o", ms=3, label="validation",
                                                  animated=True)
        (self.lines["lr"],) = self.ax_lr.plot([], [], color="#6a1b9a", lw=1.4, animated=True)
        self.ax_loss.legend(fontsize=7, loc="upper right")
        self.ax_acc.set_ylim(0, 1.02)
        self._set_scales(self.log_scale.isChecked())
        self._reset_limits()
        self.blitter = Blitter(self.canvas, self.lines.values, on_done=self.redraw)
        self.layout().replaceWidget(self.placeholder, self.canvas)
        self.placeholder.hide()

    def showEvent(self, event) -> None:  # noqa: N802
        """Hidden views are not redrawn during a run; catch up when shown."""
        super().showEvent(event)
        if self.batch_x or self.epoch_x:
            self.redraw()

    def _clear_data(self) -> None:
        self._prev_means: tuple[float, float] | None = None
        self.batch_x: list[float] = []
        self.batch_loss: list[float] = []
        self.batch_acc: list[float] = []
        self.ema_loss: list[float] = []
        self.ema_acc: list[float] = []
        self.batch_lr: list[float] = []
        self.epoch_x: list[float] = []
        self.epoch_loss: list[float] = []
        self.epoch_acc: list[float] = []
        self.val_loss: list[float] = []
        self.val_acc: list[float] = []

    # -- LiveView ------------------------------------------------------------------------------

    def reset(self, started: Started) -> None:
        self.steps_per_epoch = max(1, started.steps_per_epoch)
        self.planned_epochs = max(1, int(started.epochs))
        if started.initial_epoch == 0:  # a new run; a continue extends the curves
            self._clear_data()
            # by redraw, not here: a background render may be drawing these axes (waiting for it
            # stalled the window as a run started, the docks just raised and rendering)
            self._limits_due = True
        self._drawn = None

    def take(self, events: Sequence[Event]) -> None:
        for e in events:
            if isinstance(e, BatchEnd):
                self._add_batch(e)
            elif isinstance(e, EpochEnd):
                self.epoch_x.append(e.epoch + 1.0)
                self.epoch_loss.append(float(e.train.get("loss", np.nan)))
                self.epoch_acc.append(float(e.train.get("accuracy", np.nan)))
                self.val_loss.append(float(e.val.get("loss", np.nan)))
                self.val_acc.append(float(e.val.get("accuracy", np.nan)))

    def _add_batch(self, e: BatchEnd) -> None:
        """Keras reports running means over the epoch; undo that to plot each batch's own value."""
        mean_loss = float(e.loss)
        mean_acc = float(e.metrics.get("accuracy", np.nan))
        loss, acc = mean_loss, mean_acc
        if e.step > 0 and self._prev_means is not None:
            loss = (e.step + 1) * mean_loss - e.step * self._prev_means[0]
            acc = (e.step + 1) * mean_acc - e.step * self._prev_means[1]
            if np.isfinite(acc):
                acc = min(1.0, max(0.0, acc))
        self._prev_means = (mean_loss, mean_acc)
        self.batch_x.append(e.epoch + (e.step + 1) / self.steps_per_epoch)
        self.batch_loss.append(loss)
        self.batch_acc.append(acc)
        self.batch_lr.append(float(e.learning_rate))
        for values, smooth in ((loss, self.ema_loss), (acc, self.ema_acc)):
            last = smooth[-1] if smooth else np.nan
            if not np.isfinite(values):
                smooth.append(values)
            elif not np.isfinite(last):
                smooth.append(values)
            else:
                smooth.append(EMA * last + (1 - EMA) * values)

    def redraw(self) -> None:
        """Blit the lines' new data; a full draw only when an axis range had to grow."""
        self.prepare()
        if self.blitter.busy:
            return  # a full draw renders in the background; it calls redraw again when done
        drawn = (len(self.batch_x), len(self.epoch_x))
        if drawn == self._drawn and self.blitter.background is not None:
            return  # nothing new since the last redraw
        self._drawn = drawn
        # a new run's ranges are set with its first values: one full draw for both, not one more
        # as it starts (renders then share the CPU and the GIL with TensorFlow tracing)
        full = self._limits_due and drawn != (0, 0)
        if full:
            self._limits_due = False
            self._reset_limits()
        for key, raw, ema, val in (("loss", self.batch_loss, self.ema_loss, self.val_loss),
                                   ("accuracy", self.batch_acc, self.ema_acc, self.val_acc)):
            self.lines[f"{key}_raw"].set_data(*_thin(self.batch_x, raw))
            self.lines[f"{key}_ema"].set_data(*_thin(self.batch_x, ema))
            self.lines[f"{key}_val"].set_data(*_thin(self.epoch_x, val))
        self.lines["lr"].set_data(*_thin(self.batch_x, self.batch_lr))
        log = self.log_scale.isChecked()
        full |= self._grow_xlim()
        full |= _grow_ylim(self.ax_loss, [self.lines[f"loss_{k}"].get_ydata() for k in ("raw", "ema", "val")], log)
        full |= _grow_ylim(self.ax_lr, [self.lines["lr"].get_ydata()], log)
        self._update_hint()
        self.blitter.update(full)

    def _grow_xlim(self) -> bool:
        """x spans the planned epochs; a run past them doubles it (power of two), so it rarely changes."""
        last = max(self.batch_x[-1] if self.batch_x else 0.0, self.epoch_x[-1] if self.epoch_x else 0.0)
        high = float(self.planned_epochs)
        if last > high:
            high = float(2 ** math.ceil(math.log2(last)))
        if self.ax_loss.get_xlim() == (0.0, high):
            return False
        for ax in (self.ax_loss, self.ax_acc, self.ax_lr):
            ax.set_xlim(0, high)
        return True

    def _reset_limits(self) -> None:
        """A new run: y ranges are found again from its data (autoscale on = not set yet)."""
        if self.figure is None:
            return
        for ax in (self.ax_loss, self.ax_lr):
            ax.set_ylim(*((0.1, 10.0) if ax.get_yscale() == "log" else (0.0, 1.0)))
            ax.set_autoscaley_on(True)
        for ax in (self.ax_loss, self.ax_acc, self.ax_lr):
            ax.set_xlim(0, self.planned_epochs)

    def _set_scales(self, log: bool) -> None:
        for ax in (self.ax_loss, self.ax_lr):
            ax.set_yscale("log" if log else "linear")
            plain_y_ticks(ax)  # after set_yscale, which installs the (mathtext) default formatters
        plain_y_ticks(self.ax_acc)

    # -- hint, scale, export -------------------------------------------------------------------

    def is_overfitting(self) -> bool:
        return overfitting(self.epoch_loss, self.val_loss)

    def _update_hint(self) -> None:
        if self.is_overfitting():
            # one line: a second one took the plots' height and clipped their axis labels
            self.hint.setText("⚠ Overfitting? Validation loss rises, training loss falls")
            self.hint.setToolTip("The network learns the training images by heart. Try augmentation, dropout, "
                                 "fewer epochs or early stopping.")
            self.hint.show()
        else:
            self.hint.hide()

    def _log_toggled(self, on: bool) -> None:
        if self.figure is None:
            return
        self.blitter.wait()
        self._set_scales(on)
        for ax in (self.ax_loss, self.ax_lr):
            ax.set_autoscaley_on(True)  # limits found again on the new scale
        self._drawn = None
        self.redraw()
        self.blitter.update(full=True)  # the axes changed even if no range grew

    def _ask_and_save(self, kind: str) -> None:
        what = {"png": ("Save curves as PNG", "training_curves.png", "PNG images (*.png)"),
                "csv": ("Save curves as CSV", "training_curves.csv", "CSV files (*.csv)")}[kind]
        path = prompts.export_path(self, *what)
        if not path:
            return
        try:
            self.save_png(path) if kind == "png" else self.save_csv(path)
        except OSError as exc:
            prompts.show_error(self, "Cannot save", f"{path} was not written: {exc.strerror or exc}")

    def save_png(self, path: str | Path) -> Path:
        path = Path(path)
        self.redraw()
        self.blitter.wait()  # savefig draws this figure here, in the GUI thread
        for line in self.lines.values():  # animated artists are left out of savefig's draw too
            line.set_animated(False)
        try:
            self.figure.savefig(path, dpi=150)
        finally:
            for line in self.lines.values():
                line.set_animated(True)
            self.blitter.update(full=True)  # savefig changed the figure's dpi for a moment
        return path

    def save_csv(self, path: str | Path) -> Path:
        """One row per batch (train values) and one per epoch (train and validation averages)."""
        path = Path(path)
        with path.open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(["kind", "epoch", "loss", "loss_smoothed", "accuracy", "accuracy_smoothed",
                          "learning_rate", "val_loss", "val_accuracy"])
            for i, x in enumerate(self.batch_x):
                out.writerow(["batch", f"{x:.6g}", self.batch_loss[i], self.ema_loss[i], self.batch_acc[i],
                              self.ema_acc[i], self.batch_lr[i], "", ""])
            for i, x in enumerate(self.epoch_x):
                out.writerow(["epoch", f"{x:g}", self.epoch_loss[i], "", self.epoch_acc[i], "", "",
                              self.val_loss[i], self.val_acc[i]])
        return path
