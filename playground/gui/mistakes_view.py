"""The Mistakes tab: the wrong answers the model was most sure about, worst first. A confident
mistake often shows a mislabelled sample or a class the network confuses systematically."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from playground import insight
from playground.gui.example_gallery import ExampleGallery
from playground.gui.insight_source import InsightSource, fill_split_box

WORST = 48


class MistakesTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source: InsightSource | None = None
        self.split_box = QComboBox(self)
        self.split_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.split_box.currentIndexChanged.connect(self._split_chosen)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.gallery = ExampleGallery(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Split:", self))
        top.addWidget(self.split_box)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.gallery, 1)
        self.set_source(None)

    def set_source(self, source: InsightSource | None) -> None:
        self.source = source
        fill_split_box(self.split_box, source)
        self._split_chosen()

    @Slot()
    def _split_chosen(self) -> None:
        key = self.split_box.currentData()
        self.gallery.clear()
        if self.source is None or not key:
            self.summary.setText("Train a model to see its worst mistakes.")
            return
        data = self.source.predictions(key)
        worst = insight.worst_mistakes(data.y, data.probs, k=WORST)
        wrong = int((data.pred != data.y).sum())
        self.gallery.show_examples(data, worst)
        if not wrong:
            self.summary.setText(f"No mistakes on the {len(data.y)} samples of this split.")
        else:
            self.summary.setText(f"{wrong} of {len(data.y)} samples are wrong; the {len(worst)} most "
                                 "confident mistakes, worst first:")
