"""The network summary: totals (parameters, work, depth, training memory at a batch size) and a
bar per layer showing where the parameters live. Drawn with QPainter: cheap on every edit."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.gui import node_text, style
from playground.gui.spec_model import SpecModel

ROW_H = 18


class ParamBars(QWidget):
    """One horizontal bar per layer with weights, in network order; click a bar to select the layer."""

    nodeClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, int]] = []  # (node id, category, params)
        self.total = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def set_rows(self, rows: list[tuple[str, str, int]]) -> None:
        if rows == self.rows:
            return
        self.rows = rows
        self.total = sum(r[2] for r in rows)
        self.setFixedHeight(max(ROW_H, ROW_H * len(rows)) + 4)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(240, max(ROW_H, ROW_H * len(self.rows)) + 4)

    def row_at(self, y: float) -> int | None:
        i = int((y - 2) // ROW_H)
        return i if 0 <= i < len(self.rows) else None

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        if not self.rows:
            painter.setPen(style.TEXT_DIM)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No layer has weights yet")
            return
        name_w = min(max(fm.horizontalAdvance(r[0]) for r in self.rows) + 8, self.width() * 0.55)
        value_w = fm.horizontalAdvance("100.0 M (100%)") + 6
        bar_w = max(10.0, self.width() - name_w - value_w - 8)
        largest = max(r[2] for r in self.rows) or 1
        for i, (node_id, category, params) in enumerate(self.rows):
            y = 2 + i * ROW_H
            painter.setPen(style.TEXT)
            painter.drawText(QRectF(0, y, name_w - 4, ROW_H), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             fm.elidedText(node_id, Qt.TextElideMode.ElideMiddle, int(name_w - 4)))
            length = max(1.5, bar_w * params / largest)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.CATEGORY_ACCENT.get(category, QColor("#888")))
            painter.drawRoundedRect(QRectF(name_w, y + 3, length, ROW_H - 6), 2, 2)
            share = 100 * params / self.total if self.total else 0
            painter.setPen(style.TEXT_DIM)
            painter.drawText(QRectF(name_w + length + 4, y, value_w + bar_w - length, ROW_H), Qt.AlignmentFlag.AlignVCenter,
                             f"{node_text.count(params)} ({share:.0f}%)")

    def mousePressEvent(self, event) -> None:  # noqa: N802
        i = self.row_at(event.position().y())
        if i is not None:
            self.nodeClicked.emit(self.rows[i][0])

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        i = self.row_at(event.position().y())
        if i is None:
            self.setToolTip("")
        else:
            node_id, _, params = self.rows[i]
            self.setToolTip(f"{node_id}: {params:,} parameters")


class SummaryPanel(QWidget):
    def __init__(self, model: SpecModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.params = QLabel()
        self.macs = QLabel()
        self.depth = QLabel()
        self.memory = QLabel()
        self.batch = QSpinBox()
        self.batch.setRange(1, 65536)
        self.batch.setValue(32)
        self.batch.setToolTip("Samples per training step; activations memory grows with it.")
        for w in (self.params, self.macs, self.depth, self.memory):
            w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            w.setWordWrap(True)
        form.addRow("Parameters", self.params)
        form.addRow("Work per sample", self.macs)
        form.addRow("Depth", self.depth)
        form.addRow("Batch size", self.batch)
        form.addRow("Training memory", self.memory)
        layout.addLayout(form)
        heading = QLabel("<b>Where the parameters live</b>")
        layout.addWidget(heading)
        self.bars = ParamBars()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.bars)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(scroll, 1)
        model.analysisChanged.connect(self.refresh)
        self.batch.valueChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        a = self.model.analysis
        self.params.setText(
            f"<b>{a.total_params:,}</b> &nbsp;({a.trainable_params:,} trainable, "
            f"{a.non_trainable_params:,} not)"
        )
        self.macs.setText(f"<b>{node_text.count(a.macs)}</b> multiply-adds ({a.macs:,})")
        self.depth.setText(f"<b>{a.depth}</b> conv/dense layers on the longest path, {len(self.model.spec.nodes)} nodes")
        mem = a.memory_estimate(self.batch.value())
        self.memory.setText(f"<b>≈ {node_text.size_bytes(mem['total'])}</b>")
        self.memory.setToolTip(
            "\n".join(f"{k}: {node_text.size_bytes(v)}" for k, v in mem.items() if k != "total")
            + "\nActivations are kept for backpropagation, so they grow with the batch size."
        )
        rows = []
        for node in self.model.spec.nodes:
            info = a.nodes.get(node.id)
            if info is not None and info.params:
                rows.append((node.id, node_text.category_of(node.kind) or "", info.params))
        self.bars.set_rows(rows)
