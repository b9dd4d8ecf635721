"""A gallery of samples with their true and predicted labels: the examples behind a confusion cell
and the worst mistakes. One QListWidget in icon mode: one small pixmap per sample, no plots."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.gui.insight_images import to_pixmap
from playground.gui.insight_source import SPLIT_LABELS, SplitPredictions

TILE = 72
MAX_SHOWN = 200  # a cell of thousands would only slow the dialog; the count says how many exist


def example_caption(data: SplitPredictions, index: int) -> str:
    """'true 3 -> 8 (97%)', or '3 (97%)' for a right answer."""
    names = data.class_names
    t, p = int(data.y[index]), int(data.pred[index])
    confidence = f"{100 * data.confidence(index):.0f}%"
    if t == p:
        return f"{names[p]} ({confidence})"
    return f"true {names[t]} \u2192 {names[p]} ({confidence})"


class ExampleGallery(QListWidget):
    """Samples as tiles in the given order; each item keeps its sample index (``Qt.UserRole``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setMovement(QListWidget.Movement.Static)
        self.setIconSize(QSize(TILE, TILE))
        self.setGridSize(QSize(TILE + 70, TILE + 34))
        self.setWordWrap(True)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QListWidget.SelectionMode.SingleSelection)

    def show_examples(self, data: SplitPredictions, indices: Sequence[int]) -> None:
        self.clear()
        for index in list(indices)[:MAX_SHOWN]:
            index = int(index)
            item = QListWidgetItem(QIcon(to_pixmap(data.x[index], TILE)), example_caption(data, index))
            item.setData(Qt.ItemDataRole.UserRole, index)
            caption = example_caption(data, index)
            item.setToolTip(f"sample {index} of the {SPLIT_LABELS[data.key]} split\n{caption}")
            self.addItem(item)

    def sample_indices(self) -> list[int]:
        """The sample index of every tile, in display order."""
        return [int(self.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.count())]


class ExamplesDialog(QDialog):
    """The examples of one confusion cell (true class t, predicted p), most confident first."""

    def __init__(self, data: SplitPredictions, true_class: int, pred_class: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.true_class, self.pred_class = true_class, pred_class
        names = data.class_names
        indices = data.cell(true_class, pred_class)
        self.indices = np.asarray(indices)
        kind = "correct" if true_class == pred_class else "mistaken"
        self.setWindowTitle(f"True {names[true_class]}, predicted {names[pred_class]}")
        shown = min(len(indices), MAX_SHOWN)
        more = f" (showing the first {shown})" if shown < len(indices) else ""
        self.summary = QLabel(
            f"{len(indices)} {kind} example{'s' if len(indices) != 1 else ''} "
            f"in the {SPLIT_LABELS[data.key]} split: "
            f"true <b>{names[true_class]}</b>, predicted <b>{names[pred_class]}</b>, "
            f"most confident first{more}."
        )
        self.summary.setWordWrap(True)
        self.gallery = ExampleGallery(self)
        self.gallery.show_examples(data, indices)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.gallery, 1)
        layout.addWidget(buttons)
        self.resize(620, 460)
