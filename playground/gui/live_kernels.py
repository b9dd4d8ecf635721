"""The Kernels view: every kernel of one conv layer as ONE image, updated while training runs.

Grey 0.5 is a zero weight, brighter positive, darker negative (insight.kernels); a first layer on
RGB images shows each kernel as a small colour picture. ``take`` only keeps the latest snapshot's
kernels; ``redraw`` turns the chosen layer into a mosaic and swaps one QImage.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from playground import insight
from playground.gui.insight_images import FRAME
from playground.gui.live_view import LatestSnapshotView
from playground.gui.mosaic_canvas import MosaicCanvas
from playground.training.events import Snapshot, Started

SCALES = (("Same scale for all kernels", "fixed"), ("Stretch each kernel", "per_kernel"))
MAX_TILES = 256  # beyond this many (input, kernel) tiles, show one mean tile per kernel
WAITING = "Kernels appear here with the first snapshot of a training run."
NO_CONV = "This network has no 2-D convolution layers, so there are no kernels to show."


class KernelView(LatestSnapshotView):
    """LiveView of the learned kernels: layer chooser, colour-scale choice, mosaic, caption."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kernelView")
        self.layer_box = QComboBox()
        self.layer_box.setToolTip("The convolution layer whose kernels are shown")
        self.scale_box = QComboBox()
        for text, key in SCALES:
            self.scale_box.addItem(text, key)
        self.scale_box.setToolTip("One colour scale for every kernel (compare strengths), or each "
                                  "kernel stretched on its own (see the pattern of weak ones)")
        self.canvas = MosaicCanvas(fit=True)
        self.caption = QLabel(WAITING)
        self.caption.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Layer:"))
        top.addWidget(self.layer_box, 1)
        top.addWidget(self.scale_box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.caption)
        self._kernels: dict[str, np.ndarray] = {}
        self._when: tuple[int, int, int] | None = None  # epoch, step, global step of the kernels
        self.layer_box.currentIndexChanged.connect(self._choice_changed)
        self.scale_box.currentIndexChanged.connect(self._choice_changed)

    # -- LiveView ----------------------------------------------------------------------------

    def reset(self, started: Started) -> None:
        previous = self.layer_box.currentText()
        self.layer_box.blockSignals(True)
        self.layer_box.clear()
        self.layer_box.addItems(list(started.kernel_layers))
        if previous in started.kernel_layers:
            self.layer_box.setCurrentText(previous)
        self.layer_box.blockSignals(False)
        self._kernels, self._when, self._dirty = {}, None, False
        self.canvas.show_mosaic(None)
        self.caption.setText(WAITING if started.kernel_layers else NO_CONV)

    def _keep(self, snapshot: Snapshot) -> bool:
        if not snapshot.kernels:
            return False
        self._kernels = snapshot.kernels
        self._when = (snapshot.epoch, snapshot.step, snapshot.global_step)
        return True

    # -- drawing ----------------------------------------------------------------------------

    @property
    def layer(self) -> str:
        return self.layer_box.currentText()

    @property
    def scale(self) -> str:
        return self.scale_box.currentData()

    def set_layer(self, name: str) -> None:
        self.layer_box.setCurrentText(name)

    def set_scale(self, scale: str) -> None:
        self.scale_box.setCurrentIndex(self.scale_box.findData(scale))

    @Slot()
    def _choice_changed(self) -> None:
        if self._kernels:
            self._draw()

    def _draw(self) -> None:
        self._dirty = False
        for name in self._kernels:  # a layer the Started event did not list (should not happen)
            if self.layer_box.findText(name) < 0:
                self.layer_box.addItem(name)
        kernel = self._kernels.get(self.layer)
        if kernel is None or kernel.ndim != 4:
            self.canvas.show_mosaic(None)
            self.caption.setText(f"No kernels of {self.layer or 'this layer'} in the latest snapshot.")
            return
        mosaic = insight.kernel_grid(kernel, scale=self.scale, pad=1, background=FRAME, max_tiles=MAX_TILES)
        self.canvas.show_mosaic(mosaic)
        self.caption.setText(self._caption(kernel, mosaic))

    def _caption(self, kernel: np.ndarray, mosaic: insight.Mosaic) -> str:
        kh, kw, c_in, c_out = kernel.shape
        if c_in == 3:
            how = "one colour picture per kernel"
        elif mosaic.count == c_out and c_in > 1:
            how = "each kernel averaged over its inputs"
        elif c_in == 1:
            how = "one tile per kernel"
        else:
            how = "rows: input channels, columns: kernels"
        epoch, _, global_step = self._when or (0, 0, 0)
        return (f"<b>{self.layer}</b>: {c_out} kernels of {kh}\u00d7{kw}\u00d7{c_in} ({how}). "
                f"Grey is 0, lighter positive, darker negative. "
                f"Epoch {epoch + 1}, after {global_step} training steps.")
