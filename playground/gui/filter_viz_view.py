"""The Filters tab: for one conv layer, the image each kernel responds to most, found by gradient
ascent on the IMAGE (the kernels stay as trained). That takes seconds for a real network, so it
runs as a BackgroundJob (numpy out, no Qt in the worker) and the result is drawn as ONE mosaic."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground import insight
from playground.gui.background_job import BackgroundJob
from playground.gui.insight_images import FRAME, framed, to_pixmap
from playground.gui.insight_source import InsightSource
from playground.insight.mosaic import Mosaic, assemble, minmax, square_grid

MAX_CHANNELS = 64  # more tiles than this are unreadable anyway
CHUNK = 8  # channels per batch: the worker checks for cancel between chunks
TILE_PX = 96


def filter_mosaic(results: list[insight.FilterVisualization]) -> Mosaic:
    """One tile per kernel, each stretched to its own range (the raw change is faint)."""
    images = np.stack([r.image for r in results])  # (n, H, W, C)
    if images.shape[-1] == 1:
        images = images[..., 0]
    axes = tuple(range(1, images.ndim))
    tiles = minmax(images, axis=axes)
    rows, cols = square_grid(len(results))
    th, tw = tiles.shape[1:3]
    zoom = max(1, TILE_PX // max(th, tw))
    labels = [f"kernel {r.channel}: mean response {r.activation_before:.2g} \u2192 {r.activation_after:.2g}"
              for r in results]
    return assemble(tiles, rows, cols, labels, pad=3, zoom=zoom, background=FRAME)


def visualize_in_chunks(model, layer: str, channels: list[int], steps: int,
                        should_stop: Callable[[], bool]) -> list[insight.FilterVisualization] | None:
    """Worker-thread work: visualise ``channels`` CHUNK at a time; None when cancelled."""
    out: list[insight.FilterVisualization] = []
    side = min(int(d) for d in model.inputs[0].shape[1:3])
    smooth = side >= 24  # jitter and blur help big inputs; on an 8x8 digit they wipe the pattern out
    for start in range(0, len(channels), CHUNK):
        if should_stop():
            return None
        out += insight.visualize_filters(model, layer, channels[start:start + CHUNK], steps=steps,
                                         step_size=0.05, jitter=1 if smooth else 0,
                                         blur_every=8 if smooth else 0, seed=start)
    return out


class MosaicLabel(QLabel):
    """Shows a mosaic and names the tile under the mouse in its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mosaic: Mosaic | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def show_mosaic(self, mosaic: Mosaic | None) -> None:
        self.mosaic = mosaic
        if mosaic is None:
            self.clear()
        else:
            self.setPixmap(to_pixmap(framed(mosaic.image), max(mosaic.image.shape[:2])))

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and self.mosaic is not None:
            index = self.mosaic.tile_at(e.pos().y(), e.pos().x())
            self.setToolTip(self.mosaic.labels[index] if index is not None else "")
        return super().event(e)


class FiltersTab(QWidget):
    """Pick a conv layer, press Visualise; ``visualized`` fires (main thread) when the mosaic is up."""

    visualized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source: InsightSource | None = None
        self.job: BackgroundJob | None = None
        self.results: list[insight.FilterVisualization] = []
        self.mosaic: Mosaic | None = None
        self.layer_box = QComboBox(self)
        self.steps_box = QSpinBox(self)
        self.steps_box.setRange(5, 400)
        self.steps_box.setValue(40)
        self.steps_box.setSuffix(" steps")
        self.steps_box.setToolTip("Gradient-ascent steps: more steps, clearer patterns, longer wait")
        self.run_button = QPushButton("Visualise", self)
        self.run_button.clicked.connect(self.visualize)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.image_label = MosaicLabel(self)
        scroll = QScrollArea(self)
        scroll.setWidget(self.image_label)
        scroll.setWidgetResizable(True)
        row = QHBoxLayout()
        row.addWidget(QLabel("Layer:", self))
        row.addWidget(self.layer_box, 1)
        row.addWidget(self.steps_box)
        row.addWidget(self.run_button)
        explain = QLabel("Each tile starts as faint noise; the image (not the kernel) is changed step by step"
                         " "
                         "so that one kernel responds as strongly as possible. What emerges is the pattern "
                         "that kernel looks for.", self)
        explain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(explain)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        self.set_source(None)

    def set_source(self, source: InsightSource | None) -> None:
        self.cancel()
        self.source = source
        self.results, self.mosaic = [], None
        self.image_label.show_mosaic(None)
        self.layer_box.clear()
        layers = insight.conv_layers(source.model) if source is not None and source.is_image else []
        layers = [n for n in layers if len(source.model.get_layer(n).output.shape) == 4]
        self.layer_box.addItems(layers)
        self.run_button.setEnabled(bool(layers))
        if source is None:
            self.status.setText("Train a model to see what its kernels look for.")
        elif not layers:
            self.status.setText("This network has no 2-D convolution layer to visualise.")
        else:
            self.status.setText("Choose a layer and press Visualise.")

    @Slot()
    def visualize(self) -> None:
        """Start gradient ascent for every kernel (up to MAX_CHANNELS) of the chosen layer."""
        layer = self.layer_box.currentText()
        if self.source is None or not layer:
            return
        self.cancel()
        model = self.source.model
        width = int(model.get_layer(layer).output.shape[-1])
        channels = list(range(min(width, MAX_CHANNELS)))
        steps = self.steps_box.value()
        more = f" (the first {len(channels)} of {width})" if width > len(channels) else ""
        self.status.setText(f"Climbing {steps} steps for {len(channels)} kernel(s) of {layer}{more}\u2026")
        self.run_button.setEnabled(False)
        self.job = BackgroundJob(lambda stop: visualize_in_chunks(model, layer, channels, steps, stop), self)
        self.job.finished.connect(self._done)
        self.job.failed.connect(self._failed)
        self.job.start()

    def is_busy(self) -> bool:
        return self.job is not None and self.job.is_running()

    def cancel(self) -> None:
        """Stop a running visualisation and join its thread (called on new source and close)."""
        if self.job is not None:
            self.job.cancel()
            self.job.deleteLater()
            self.job = None
        self.run_button.setEnabled(self.layer_box.count() > 0)

    @Slot(object)
    def _done(self, results: list[insight.FilterVisualization] | None) -> None:
        self.run_button.setEnabled(True)
        if not results:
            return
        self.results = results
        self.mosaic = filter_mosaic(results)
        self.image_label.show_mosaic(self.mosaic)
        gains = np.array([r.gain for r in results])
        self.status.setText(f"{results[0].layer_name}: {len(results)} kernel(s); the mean response rose "
                            f"for {int((gains > 0).sum())} of them. Hover a tile for its numbers.")
        self.visualized.emit()

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.run_button.setEnabled(True)
        self.status.setText(f"Could not visualise: {message}")
