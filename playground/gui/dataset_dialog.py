"""The dataset chooser: every named dataset, a grid of samples per class with labels, the class
counts, and what choosing it does to the network (Input shape, output classes)."""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from playground.data import Dataset, DatasetError, list_datasets, load_dataset

PER_CLASS = 8
CELL = 44
LABEL_W = 86
MAX_ROWS = 10


def to_qimage(sample: np.ndarray) -> QImage:
    """One H×W×C sample in 0..1 as a QImage (grey for one channel, RGB for three)."""
    pixels = np.clip(np.asarray(sample, dtype=np.float32) * 255.0, 0, 255).astype(np.uint8)
    if pixels.ndim == 3 and pixels.shape[2] >= 3:
        rgb = np.ascontiguousarray(pixels[:, :, :3])
        h, w = rgb.shape[:2]
        return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    grey = np.ascontiguousarray(pixels[:, :, 0] if pixels.ndim == 3 else pixels)
    h, w = grey.shape
    return QImage(grey.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


def sample_grid(dataset: Dataset, per_class: int = PER_CLASS, cell: int = CELL, max_rows: int = MAX_ROWS) -> QImage:
    """A grid with one row per class: its name, then the first ``per_class`` samples."""
    rows = min(dataset.num_classes, max_rows)
    image = QImage(LABEL_W + per_class * (cell + 2), rows * (cell + 2), QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
    for row in range(rows):
        y = row * (cell + 2)
        painter.setPen(QColor("#222222"))
        painter.drawText(QRectF(2, y, LABEL_W - 6, cell), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                         painter.fontMetrics().elidedText(dataset.class_names[row], Qt.TextElideMode.ElideRight,
                                                          LABEL_W - 8))
        picks = np.flatnonzero(dataset.y == row)[:per_class]
        for col, index in enumerate(picks):
            target = QRectF(LABEL_W + col * (cell + 2), y, cell, cell)
            painter.drawImage(target, to_qimage(dataset.x[index]))
    painter.end()
    return image


class DatasetDialog(QDialog):
    _cache: dict[tuple, Dataset] = {}

    def __init__(self, parent: QWidget | None = None, current: str | None = None, options: dict | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose a dataset")
        self.resize(900, 600)
        self.current = current
        self.current_options = dict(options or {})
        self.infos = {info.name: info for info in list_datasets()}
        self.loaded: Dataset | None = None

        self.list = QListWidget()
        for info in self.infos.values():
            note = "" if info.available_offline else "  ⤓"
            item = QListWidgetItem(f"{info.title}{note}")
            item.setData(Qt.ItemDataRole.UserRole, info.name)
            item.setToolTip(info.description + ("" if info.available_offline else "\nDownloads the first time it is used."))
            self.list.addItem(item)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        self.counts = QLabel()
        self.counts.setWordWrap(True)

        right = QVBoxLayout()
        right.addWidget(self.about)
        right.addWidget(scroll, 1)
        right.addWidget(self.counts)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(right, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Use this dataset")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(buttons)

        self.list.currentItemChanged.connect(lambda *_: self._show(self.name()))
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        names = list(self.infos)
        self.list.setCurrentRow(names.index(current) if current in names else 0)

    def name(self) -> str:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else next(iter(self.infos))

    def select(self, name: str) -> None:
        self.list.setCurrentRow(list(self.infos).index(name))

    def options(self) -> dict:
        return dict(self.current_options) if self.name() == self.current else {}

    def choice(self) -> tuple[str, tuple[int, ...], int, dict]:
        """(name, input shape, class count, loader options) of the chosen dataset."""
        if self.loaded is not None and self.loaded.name == self.name():
            return self.name(), self.loaded.input_shape, self.loaded.num_classes, self.options()
        info = self.infos[self.name()]
        return info.name, tuple(info.input_shape), info.num_classes, self.options()

    def _load(self, name: str) -> Dataset | None:
        key = (name, tuple(sorted(self.options().items())))
        if key not in self._cache:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                dataset = load_dataset(name, **self.options())
            finally:
                QGuiApplication.restoreOverrideCursor()
            dataset.name = name
            self._cache[key] = dataset
        return self._cache[key]

    def _show(self, name: str) -> None:
        info = self.infos[name]
        self.loaded = None
        if info.available_offline:
            try:
                self.loaded = self._load(name)
            except DatasetError as exc:
                self.preview.setText(f"Could not load a preview: {exc}")
        shape = self.loaded.input_shape if self.loaded is not None else info.input_shape
        classes = self.loaded.num_classes if self.loaded is not None else info.num_classes
        size = f"{len(self.loaded):,} images" if self.loaded is not None else "downloads on first use"
        self.about.setText(
            f"<b style='font-size:12pt'>{html.escape(info.title)}</b><br>{html.escape(info.description)}<br>"
            f"{size} of <b>{'×'.join(map(str, shape))}</b>, <b>{classes}</b> classes. Choosing it sets the "
            f"network's Input to {'×'.join(map(str, shape))} and its output to {classes} classes."
        )
        if self.loaded is None:
            if info.available_offline:
                return
            self.preview.setText("Not downloaded yet: the samples appear here once it is in the cache.")
            self.counts.setText("Classes: " + ", ".join(info.class_names))
            return
        self.preview.setPixmap(QPixmap.fromImage(sample_grid(self.loaded)))
        counts = self.loaded.class_counts
        cells = " &nbsp; ".join(f"<b>{html.escape(k)}</b>&nbsp;{v:,}" for k, v in counts.items())
        self.counts.setText(f"Images per class: {cells}")
