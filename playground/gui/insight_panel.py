"""Insight after training: confusion matrix (click a cell for its examples), per-class precision
and recall, the worst mistakes, a predict pad with saliency, feature maps and FGSM, and filter
visualisation. Give it a trained model and its data splits with :meth:`InsightPanel.set_source`.

Call ``set_source`` when a run has finished (not while the model trains on another thread:
only plain data may cross threads). Predictions are computed once per split, on demand.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from playground.gui.confusion_view import ConfusionTab
from playground.gui.filter_viz_view import FiltersTab
from playground.gui.insight_source import InsightSource
from playground.gui.mistakes_view import MistakesTab
from playground.gui.predict_view import PredictTab


class InsightPanel(QWidget):
    """Tabs "Confusion", "Mistakes", "Predict", "Filters" over one trained model."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source: InsightSource | None = None
        self.confusion = ConfusionTab(self)
        self.mistakes = MistakesTab(self)
        self.predict = PredictTab(self)
        self.filters = FiltersTab(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.confusion, "Confusion")
        self.tabs.addTab(self.mistakes, "Mistakes")
        self.tabs.addTab(self.predict, "Predict")
        self.tabs.addTab(self.filters, "Filters")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def set_source(self, model: Any, splits: Any) -> None:
        """Look at ``model`` (a built Keras model) on ``splits`` (playground.data Splits)."""
        self._show(InsightSource(model, splits))

    def clear(self) -> None:
        """Forget the model (a new network or project): every tab goes back to its empty state."""
        self._show(None)

    def shutdown(self) -> None:
        """Stop background work and close the examples dialog; call before the window goes away."""
        self.filters.cancel()
        self.confusion.close_examples()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)

    def _show(self, source: InsightSource | None) -> None:
        self.shutdown()
        self.source = source
        for tab in (self.confusion, self.mistakes, self.predict, self.filters):
            tab.set_source(source)
