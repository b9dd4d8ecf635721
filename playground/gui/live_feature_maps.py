"""The Feature maps view: what every layer makes of one chosen sample, updated with each snapshot.

A column of rows, input first, then one row per layer in model order; each row is ONE mosaic
image (a tile per channel, each stretched to its own range, so WHERE a channel fires shows)
labelled with the layer's name and output shape. Rows are built once per run and then only get
their image swapped, so a redraw is cheap.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from playground import insight
from playground.gui.insight_images import FRAME
from playground.gui.live_view import LatestSnapshotView
from playground.gui.mosaic_canvas import MosaicCanvas, fixed_display
from playground.insight.mosaic import minmax
from playground.training.events import Snapshot, Started

MAX_CHANNELS = 32  # tiles per layer; more are unreadable in a column anyway
INPUT_PX = 112
WAITING = "Feature maps appear here with the first snapshot of a training run."


class MapRow(QWidget):
    """One labelled image in the column."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.label = QLabel(f"<b>{title}</b>")
        self.canvas = MosaicCanvas(fit=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 6)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.canvas)


class FeatureMapView(LatestSnapshotView):
    """LiveView of probe-sample activations: sample chooser and a scrollable column of mosaics."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("featureMapView")
        self.sample_box = QComboBox()
        self.sample_box.setToolTip("The validation sample whose path through the network is shown")
        self.caption = QLabel(WAITING)
        self.caption.setWordWrap(True)
        self.column = QWidget()
        self.column_layout = QVBoxLayout(self.column)
        self.column_layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.column)
        top = QHBoxLayout()
        top.addWidget(QLabel("Sample:"))
        top.addWidget(self.sample_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.caption)
        layout.addWidget(self.scroll, 1)
        self.rows: dict[str, MapRow] = {}  # "input" first, then layer names in order
        self._started: Started | None = None
        self._activations: dict[str, np.ndarray] = {}
        self._when: tuple[int, int] | None = None
        self.sample_box.currentIndexChanged.connect(self._sample_changed)

    # -- LiveView ----------------------------------------------------------------------------

    def reset(self, started: Started) -> None:
        self._started = started
        previous = self.sample_box.currentIndex()
        self.sample_box.blockSignals(True)
        self.sample_box.clear()
        names = started.class_names
        count = len(started.probe_images)
        labels = np.asarray(started.probe_labels).reshape(count, -1) if count else np.zeros((0, 1))
        for i, label in enumerate(labels):
            cls = int(label.argmax()) if label.size > 1 else int(label[0])
            name = names[cls] if 0 <= cls < len(names) else str(cls)
            self.sample_box.addItem(f"Sample {i + 1}: {name}")
        self.sample_box.setCurrentIndex(previous if 0 <= previous < self.sample_box.count() else 0)
        self.sample_box.blockSignals(False)
        self._activations, self._when, self._dirty = {}, None, False
        self._clear_rows()
        self.caption.setText(WAITING)
        if len(started.probe_images):
            self._show_input()

    def _keep(self, snapshot: Snapshot) -> bool:
        if not snapshot.activations:
            return False
        self._activations = snapshot.activations
        self._when = (snapshot.epoch, snapshot.global_step)
        return True

    # -- choosing ----------------------------------------------------------------------------

    @property
    def sample(self) -> int:
        return max(0, self.sample_box.currentIndex())

    def set_sample(self, index: int) -> None:
        self.sample_box.setCurrentIndex(index)

    @Slot()
    def _sample_changed(self) -> None:
        if self._started is not None and len(self._started.probe_images):
            self._show_input()
        if self._activations:
            self._draw()

    # -- drawing ----------------------------------------------------------------------------

    def _clear_rows(self) -> None:
        for row in self.rows.values():
            self.column_layout.removeWidget(row)
            row.deleteLater()
        self.rows = {}

    def _row(self, key: str, title: str) -> MapRow:
        row = self.rows.get(key)
        if row is None:
            row = MapRow(title)
            self.column_layout.addWidget(row)
            self.rows[key] = row
        return row

    def _show_input(self) -> None:
        image = np.asarray(self._started.probe_images[self.sample], dtype=np.float32)
        if image.ndim == 3 and image.shape[-1] not in (1, 3):
            image = image[..., 0]
        image = minmax(image)
        h, w = image.shape[:2]
        zoom = max(1, INPUT_PX // max(h, w))
        title = f"input \u2014 {self.sample_box.currentText()}"
        row = self._row("input", title)
        row.label.setText(f"<b>{title}</b> ({_shape(self._started.probe_images.shape[1:])})")
        row.canvas.show_image(image, (w * zoom, h * zoom))

    def _draw(self) -> None:
        self._dirty = False
        sample = self.sample
        for name, maps in self._activations.items():
            if sample >= len(maps):
                continue
            one = maps[sample]
            grid = insight.feature_grid(one, max_channels=MAX_CHANNELS, pad=1, background=FRAME)
            channels = one.shape[-1] if one.ndim > 1 else 1
            shown = f", first {grid.count} of {channels} channels" if grid.count < channels else ""
            row = self._row(name, name)
            row.label.setText(f"<b>{name}</b> ({_shape(one.shape)}{shown}){_prediction(one, self._started)}")
            row.canvas.show_mosaic(grid, fixed_display(grid.image.shape, grid.tile_shape))
        epoch, global_step = self._when or (0, 0)
        self.caption.setText(f"Each tile is one channel, stretched to its own range: bright is where it "
                             f"fires most. Epoch {epoch + 1}, after {global_step} training steps.")


def _shape(shape: Sequence[int]) -> str:
    return "\u00d7".join(str(int(d)) for d in shape)


def _prediction(values: np.ndarray, started: Started | None) -> str:
    """For an output the size of the class list: the top class, so the last row reads as an answer."""
    if started is None or values.ndim != 1 or len(values) != len(started.class_names) or len(values) < 2:
        return ""
    top = int(np.argmax(values))
    return f" \u2192 predicts <b>{started.class_names[top]}</b>"
