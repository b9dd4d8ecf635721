"""The layer palette: every kind of the catalog grouped by category, a filter box, and each
kind's explanation as its tooltip. Drag an entry onto the canvas, or double-click it to append
it after the selected layer."""

from __future__ import annotations

import html

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from playground.gui import style
from playground.gui.node_text import CATEGORY_TITLES
from playground.gui.view import KIND_MIME
from playground.network.catalog import kinds_by_category

KIND_ROLE = Qt.ItemDataRole.UserRole


class _KindTree(QTreeWidget):
    returnPressed = Signal(QTreeWidgetItem)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.returnPressed.emit(self.currentItem())
            event.accept()
            return
        super().keyPressEvent(event)

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [KIND_MIME]

    def mimeData(self, items) -> QMimeData:  # noqa: N802
        mime = QMimeData()
        kinds = [it.data(0, KIND_ROLE) for it in items if it.data(0, KIND_ROLE)]
        if kinds:
            mime.setData(KIND_MIME, kinds[0].encode("utf-8"))
            mime.setText(kinds[0])
        return mime


class Palette(QWidget):
    kindActivated = Signal(str)  # double-click or Enter on a kind

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter layers…")
        self.filter.setClearButtonEnabled(True)
        self.tree = _KindTree(self)
        self.tree.setHeaderHidden(True)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QTreeWidget.DragDropMode.DragOnly)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._populate()
        self.filter.textChanged.connect(self.apply_filter)
        # double-click, not itemActivated: some desktops activate on a single click
        self.tree.itemDoubleClicked.connect(self._activated)
        self.tree.returnPressed.connect(self._activated)

    def _populate(self) -> None:
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for category, kinds in kinds_by_category().items():
            if not kinds:
                continue
            head = QTreeWidgetItem([CATEGORY_TITLES.get(category, category.title())])
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setForeground(0, QBrush(style.CATEGORY_ACCENT.get(category, style.TEXT)))
            self.tree.addTopLevelItem(head)
            for kind in kinds:
                item = QTreeWidgetItem([kind.label])
                item.setData(0, KIND_ROLE, kind.key)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled)
                item.setToolTip(0, _tooltip(kind))
                head.addChild(item)
                self._items[kind.key] = item
        self.tree.expandAll()

    def item_for(self, kind: str) -> QTreeWidgetItem:
        return self._items[kind]

    def apply_filter(self, text: str) -> None:
        words = text.lower().split()
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            shown = 0
            for j in range(head.childCount()):
                item = head.child(j)
                hay = f"{item.text(0)} {item.data(0, KIND_ROLE)} {head.text(0)}".lower()
                hide = any(w not in hay for w in words)
                item.setHidden(hide)
                shown += not hide
            head.setHidden(shown == 0)

    def _activated(self, item: QTreeWidgetItem, column: int = 0) -> None:
        kind = item.data(0, KIND_ROLE)
        if kind:
            self.kindActivated.emit(kind)


def _tooltip(kind) -> str:
    lines = [f"<b>{html.escape(kind.label)}</b> <span style='color:#666'>({kind.key})</span>",
             html.escape(kind.explanation)]
    lines.append("<i>Drag onto the canvas, or double-click to add it after the selected layer.</i>")
    return "<p style='max-width:340px'>" + "<br><br>".join(lines) + "</p>"
