"""The confusion matrix (rows: true class, columns: predicted), drawn with QPainter, and the
per-class precision/recall table beside it. Clicking a cell opens the examples behind it."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.gui import style
from playground.gui.example_gallery import ExamplesDialog
from playground.gui.insight_source import InsightSource, SplitPredictions, fill_split_box

RIGHT = QColor("#2e8b57")
WRONG = QColor("#d0443a")


class ConfusionMatrixView(QWidget):
    """Counts per (true, predicted) cell; a cell's colour is its share of the true class's row."""

    cellClicked = Signal(int, int)  # true class, predicted class

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix = np.zeros((0, 0), dtype=np.int64)
        self.names: list[str] = []
        self.setMinimumSize(220, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def set_matrix(self, matrix: np.ndarray, names: list[str]) -> None:
        self.matrix = np.asarray(matrix, dtype=np.int64)
        self.names = list(names)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, 420)

    # -- geometry (public so tests and tooltips agree with the drawing) ---------------------------

    def _label_width(self) -> float:
        fm = QFontMetrics(self.font())
        return max([fm.horizontalAdvance(n) for n in self.names] + [fm.horizontalAdvance("true")]) + 10

    def grid_rect(self) -> QRectF:
        n = len(self.names)
        top = QFontMetrics(self.font()).height() * 2 + 8
        left = self._label_width() + QFontMetrics(self.font()).height() + 4
        side = max(0.0, min(self.width() - left - 6, self.height() - top - 6))
        return QRectF(left, top, side, side) if n else QRectF()

    def cell_rect(self, true_class: int, pred_class: int) -> QRectF:
        grid = self.grid_rect()
        size = grid.width() / max(1, len(self.names))
        return QRectF(grid.left() + pred_class * size, grid.top() + true_class * size, size, size)

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        grid = self.grid_rect()
        n = len(self.names)
        if not n or not grid.contains(pos):
            return None
        size = grid.width() / n
        t = min(n - 1, int((pos.y() - grid.top()) // size))
        p = min(n - 1, int((pos.x() - grid.left()) // size))
        return t, p

    # -- events -----------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        cell = self.cell_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and cell is not None:
            self.cellClicked.emit(*cell)
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        cell = self.cell_at(event.position())
        if cell is None:
            self.setToolTip("")
        else:
            t, p = cell
            self.setToolTip(f"{self.matrix[t, p]} samples of class {self.names[t]} predicted as "
                            f"{self.names[p]} - click to see them")
        super().mouseMoveEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        n = len(self.names)
        if not n:
            painter.setPen(style.TEXT_DIM)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Train a model to see its mistakes")
            return
        fm = QFontMetrics(self.font())
        grid = self.grid_rect()
        size = grid.width() / n
        rows = np.maximum(self.matrix.sum(axis=1, keepdims=True), 1)
        share = self.matrix / rows
        painter.setPen(style.TEXT)
        painter.drawText(QRectF(grid.left(), 0, grid.width(), fm.height() + 2),
                         Qt.AlignmentFlag.AlignCenter, "predicted class \u2192")
        painter.save()
        painter.translate(fm.height(), grid.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-grid.height() / 2, -fm.height(), grid.height(), fm.height() + 2),
                         Qt.AlignmentFlag.AlignCenter, "true class")
        painter.restore()
        show_text = size >= fm.horizontalAdvance("0000") + 2
        for i, name in enumerate(self.names):
            col = QRectF(grid.left() + i * size, fm.height() + 4, size, fm.height() + 2)
            row = QRectF(fm.height() + 4, grid.top() + i * size, self._label_width() - 4, size)
            painter.setPen(style.TEXT)
            if size >= fm.horizontalAdvance(name) or size >= 14:
                label = fm.elidedText(name, Qt.TextElideMode.ElideRight, int(size))
                painter.drawText(col, Qt.AlignmentFlag.AlignCenter, label)
            painter.drawText(row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
        for t in range(n):
            for p in range(n):
                rect = self.cell_rect(t, p)
                base = RIGHT if t == p else WRONG
                colour = QColor(base)
                colour.setAlphaF(0.08 + 0.92 * float(share[t, p]) if self.matrix[t, p] else 0.0)
                painter.fillRect(rect, QColor("#ffffff"))
                painter.fillRect(rect, colour)
                painter.setPen(QColor("#d8d8d8"))
                painter.drawRect(rect)
                if show_text and self.matrix[t, p]:
                    painter.setPen(QColor("#ffffff") if share[t, p] > 0.55 else style.TEXT)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(int(self.matrix[t, p])))


class MetricsTable(QTableWidget):
    """Precision, recall, F1 and support for every class."""

    HEADERS = ("class", "precision", "recall", "F1", "support")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels(list(self.HEADERS))
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setMinimumWidth(320)
        self.setToolTip("Precision: of everything predicted as this class, the share that was right.\n"
                        "Recall: of everything truly this class, the share that was found.")

    def show_metrics(self, data: SplitPredictions) -> None:
        p, r, f1, support = data.metrics
        self.setRowCount(len(data.class_names))
        for i, name in enumerate(data.class_names):
            values = (name, f"{p[i]:.2f}", f"{r[i]:.2f}", f"{f1[i]:.2f}", str(int(support[i])))
            for j, value in enumerate(values):
                item = QTableWidgetItem(value)
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(i, j, item)


class ConfusionTab(QWidget):
    """Split chooser, accuracy, the matrix and the metrics table; owns the examples dialog."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source: InsightSource | None = None
        self.data: SplitPredictions | None = None
        self.examples_dialog: ExamplesDialog | None = None
        self.split_box = QComboBox(self)
        self.split_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.split_box.currentIndexChanged.connect(self._split_chosen)
        self.accuracy_label = QLabel(self)
        self.matrix_view = ConfusionMatrixView(self)
        self.matrix_view.cellClicked.connect(self.open_cell)
        self.table = MetricsTable(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Split:", self))
        top.addWidget(self.split_box)
        top.addWidget(self.accuracy_label, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.matrix_view)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def set_source(self, source: InsightSource | None) -> None:
        self.close_examples()
        self.source = source
        fill_split_box(self.split_box, source)
        self._split_chosen()

    def show_split(self, key: str) -> None:
        """Switch to split ``key`` ('val', 'test' or 'train')."""
        index = self.split_box.findData(key)
        if index < 0:
            raise ValueError(f"No {key!r} split with samples")
        self.split_box.setCurrentIndex(index)
        self._split_chosen()

    @Slot()
    def _split_chosen(self) -> None:
        key = self.split_box.currentData()
        self.data = self.source.predictions(key) if self.source is not None and key else None
        if self.data is None:
            self.matrix_view.set_matrix(np.zeros((0, 0)), [])
            self.table.setRowCount(0)
            self.accuracy_label.setText("")
            return
        self.matrix_view.set_matrix(self.data.confusion, self.data.class_names)
        self.table.show_metrics(self.data)
        self.accuracy_label.setText(f"accuracy {100 * self.data.accuracy:.1f}% on {len(self.data.y)} samples "
                                    "- click a cell to see its examples")

    @Slot(int, int)
    def open_cell(self, true_class: int, pred_class: int) -> None:
        """Show the examples of one cell, most confident first (replaces an open one)."""
        if self.data is None:
            return
        self.close_examples()
        self.examples_dialog = ExamplesDialog(self.data, true_class, pred_class, self)
        self.examples_dialog.show()

    def close_examples(self) -> None:
        if self.examples_dialog is not None:
            self.examples_dialog.close()
            self.examples_dialog.deleteLater()
            self.examples_dialog = None
