"""Per-epoch curves of several finished runs overlaid, so two settings can be compared by eye.

Drawn only when the set of ticked runs changes (never per batch), so a plain redraw is cheap
enough; every run keeps one colour across the three plots and the legend names it once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from playground.gui.run_summary import CURVES

COLORS = ("#1565c0", "#e65100", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#5d4037", "#ad1457")


class RunCurvesView(QWidget):
    """Training loss, validation loss and validation accuracy of the ticked runs, one line per run."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runCurvesView")
        self.figure = self.canvas = None  # built on first use: the window must show before matplotlib loads
        self.axes: dict = {}
        self.labels: list[str] = []  # legend entries drawn, in order (tests read them)
        self._runs: list = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel("Tick runs in the table to compare their curves")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: #777777;")
        layout.addWidget(self.placeholder)
        self.setMinimumHeight(190)

    def _ensure_figure(self) -> None:
        if self.figure is not None:
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(9, 2.8), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(190)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.axes = dict(zip((key for key, _ in CURVES), self.figure.subplots(1, len(CURVES))))
        self.layout().replaceWidget(self.placeholder, self.canvas)
        self.placeholder.hide()

    def show_runs(self, runs: list[tuple[str, dict[str, tuple[list[float], list[float]]]]]) -> None:
        """``runs``: (legend label, {curve key: (epochs, values)}) for each run to draw."""
        self.labels = [label for label, _ in runs]
        self._runs = runs
        if self.figure is None and not runs:
            return  # nothing to compare yet: the placeholder says what to do, and matplotlib stays unloaded
        self._ensure_figure()
        from matplotlib.ticker import MaxNLocator

        for key, title in CURVES:
            ax = self.axes[key]
            ax.clear()
            ax.set_title(title, fontsize=9)
            ax.set_xlabel("epoch", fontsize=8)
            ax.tick_params(labelsize=7)
            ax.grid(True, alpha=0.3)
            for i, (label, curves) in enumerate(runs):
                xs, ys = curves.get(key, ([], []))
                ax.plot(xs, ys, color=COLORS[i % len(COLORS)], marker="o", markersize=3, linewidth=1.4,
                        label=label)
            if key == "val_accuracy":
                ax.set_ylim(0, 1.02)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        for legend in list(self.figure.legends):
            legend.remove()
        if runs:
            handles, labels = self.axes[CURVES[0][0]].get_legend_handles_labels()
            self.figure.legend(handles, labels, loc="lower center", ncol=min(len(labels), 3), fontsize=8,
                               frameon=False)
            bottom = 0.18 + 0.07 * ((len(labels) + 2) // 3)
        else:
            self.axes[CURVES[0][0]].text(0.5, 0.5, "Tick runs in the table\nto compare their curves",
                                         ha="center", va="center", fontsize=9, color="#777777",
                                         transform=self.axes[CURVES[0][0]].transAxes)
            bottom = 0.2
        self.figure.subplots_adjust(left=0.06, right=0.99, bottom=min(bottom, 0.5), top=0.88, wspace=0.28)
        self.canvas.draw_idle()
