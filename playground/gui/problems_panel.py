"""The problems list: every error and warning of the analysis; clicking one selects its layer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QWidget

from playground.gui import style
from playground.gui.spec_model import SpecModel

NODE_ROLE = Qt.ItemDataRole.UserRole


class ProblemsPanel(QListWidget):
    nodeClicked = Signal(str)

    def __init__(self, model: SpecModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self._shown: list[tuple] | None = None
        sp = QStyle.StandardPixmap
        self._icons = {True: self.style().standardIcon(sp.SP_MessageBoxCritical),
                       False: self.style().standardIcon(sp.SP_MessageBoxWarning)}
        model.analysisChanged.connect(self.refresh)
        self.itemClicked.connect(self._clicked)
        self.refresh()

    def refresh(self) -> None:
        problems = sorted(self.model.analysis.problems, key=lambda p: p.severity != "error")
        key = [(p.node, p.message, p.severity) for p in problems]
        if key == self._shown:
            return
        self._shown = key
        self.clear()
        if not problems:
            item = QListWidgetItem("✔ No problems: the network can be built and trained.")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setForeground(QBrush(style.CATEGORY_ACCENT["convolution"]))
            self.addItem(item)
            return
        for p in problems:
            item = QListWidgetItem(str(p))
            item.setIcon(self._icons[p.severity == "error"])
            item.setToolTip(f"{p.severity}: {p}")
            item.setData(NODE_ROLE, p.node)
            item.setForeground(QBrush(style.ERROR if p.severity == "error" else style.WARNING.darker(130)))
            self.addItem(item)

    def _clicked(self, item: QListWidgetItem) -> None:
        node = item.data(NODE_ROLE)
        if node:
            self.nodeClicked.emit(node)
