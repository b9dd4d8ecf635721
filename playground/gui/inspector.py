"""The inspector: the selected layer's parameters as editors, what the layer does, its problems,
and its numbers explained with formulas that have the numbers filled in."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from playground.engine.explain import explain_node
from playground.gui import node_text
from playground.gui.commands import SetParamCommand
from playground.gui.param_editors import ParamEditor, editor_for
from playground.gui.spec_model import SpecModel
from playground.network.catalog import get_kind, has_kind


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


PLACEHOLDER = "Select a layer on the canvas to see and change its parameters and how its numbers come about."


def _label(text: str = "", object_name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.RichText)  # callers escape what they insert
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    return label


class Inspector(QScrollArea):
    def __init__(self, model: SpecModel, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.undo_stack = undo_stack
        self.node_id: str | None = None
        self.editors: dict[str, ParamEditor] = {}

        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        self.title = _label(PLACEHOLDER, "inspectorTitle")
        self.problems = _label("", "inspectorProblems")
        self.problems.setStyleSheet("color: #c62828;")
        self.rejected = _label("", "inspectorRejected")
        self.rejected.setStyleSheet("color: #c62828; font-weight: bold;")
        self.form_box = QGroupBox("Parameters")
        self.form = QFormLayout(self.form_box)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.about_box = QGroupBox("What it does")
        self.about = _label()
        QVBoxLayout(self.about_box).addWidget(self.about)
        self.numbers_box = QGroupBox("Its numbers")
        self.numbers = _label()
        QVBoxLayout(self.numbers_box).addWidget(self.numbers)
        for w in (self.title, self.problems, self.form_box, self.rejected, self.numbers_box, self.about_box):
            layout.addWidget(w)
        layout.addStretch(1)

        model.nodeChanged.connect(self._on_node_changed)
        model.nodeRemoved.connect(self._on_node_removed)
        model.modelReset.connect(lambda: self.show_node(None))
        model.analysisChanged.connect(self._refresh_numbers)
        self.show_node(None)

    # -- what is shown -------------------------------------------------------------------------

    def show_selection(self, node_ids: list[str]) -> None:
        if len(node_ids) == 1:
            self.show_node(node_ids[0])
        else:
            self.show_node(None, f"{len(node_ids)} layers selected." if node_ids else PLACEHOLDER)

    def show_node(self, node_id: str | None, message: str = PLACEHOLDER) -> None:
        if node_id is not None and not self.model.spec.has_node(node_id):
            node_id = None
        self.node_id = node_id
        self.rejected.clear()
        self.rejected.hide()
        self._clear_form()
        if node_id is None:
            self.title.setText(message)
            for w in (self.form_box, self.about_box, self.numbers_box, self.problems):
                w.hide()
            return
        node = self.model.spec.node(node_id)
        known = has_kind(node.kind)
        label = get_kind(node.kind).label if known else node.kind
        self.title.setText(f"<b style='font-size:12pt'>{_esc(label)}</b> &nbsp; "
                           f"<span style='color:#666'>{_esc(node_id)}</span>")
        if known:
            kind = get_kind(node.kind)
            for spec in kind.params:
                editor = editor_for(spec)
                editor.set_value(node.params.get(spec.name, spec.default))
                editor.committed.connect(lambda value, name=spec.name: self.propose(name, value))
                name_label = QLabel(spec.name.replace("_", " "))
                name_label.setToolTip(spec.help)
                self.form.addRow(name_label, editor)
                self.editors[spec.name] = editor
            self.about.setText(_esc(kind.explanation))
        else:
            self.about.setText("This kind is not in the catalog: replace it with a layer from the palette.")
        self.form_box.setVisible(bool(self.editors))
        self.about_box.show()
        self.numbers_box.show()
        self._refresh_numbers()

    def _clear_form(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors.clear()

    def _refresh_numbers(self) -> None:
        if self.node_id is None or not self.model.spec.has_node(self.node_id):
            return
        analysis = self.model.analysis
        mine = analysis.problems_of(self.node_id)
        self.problems.setText("<br>".join(
            f"{node_text.mark(p.severity)} {_esc(p.message)}" for p in mine))
        self.problems.setVisible(bool(mine))
        try:
            lines = explain_node(self.model.spec, analysis, self.node_id)
        except Exception as exc:  # an explanation must never take the window down
            lines = [f"(No explanation for this layer: {exc})"]
        info = analysis.nodes.get(self.node_id)
        if info is not None and info.shape is not None and info.receptive_field is not None:
            if not any(line.startswith("Receptive field") for line in lines):
                rf = "×".join(str(v) for v in info.receptive_field)
                lines.append(f"Receptive field: each output value sees {rf} input pixels")
        self.numbers.setText("<br>".join(_esc(line) for line in lines))

    def _on_node_changed(self, node_id: str) -> None:
        if node_id != self.node_id:
            return
        params = self.model.spec.node(node_id).params
        for name, editor in self.editors.items():
            if name in params:
                editor.set_value(params[name])

    def _on_node_removed(self, node_id: str) -> None:
        if node_id == self.node_id:
            self.show_node(None)

    # -- editing -------------------------------------------------------------------------------

    def propose(self, name: str, value) -> bool:
        """A value from an editor: rejected with the reason, or pushed as an undo command."""
        if self.node_id is None:
            return False
        node = self.model.spec.node(self.node_id)
        spec = get_kind(node.kind).param(name)
        message = spec.check(value)
        if message:
            self.rejected.setText(f"Not applied: {_esc(message)}")
            self.rejected.show()
            self.editors[name].set_value(node.params.get(name, spec.default))
            return False
        self.rejected.hide()
        if node.params.get(name) == value:
            return True
        self.undo_stack.push(SetParamCommand(self.model, self.node_id, name, value))
        return True
