"""The template gallery: pick a template, an input shape and a class count (for a new project
also a dataset and a name), with a live line saying what that network would be."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.engine.analysis import analyze
from playground.gui import node_text
from playground.gui.param_editors import IntsEditor
from playground.network.catalog import get_kind
from playground.network.templates import TEMPLATES, make_template

SHAPE = get_kind("Input").param("shape")  # the same limits as the Input layer's editor


class TemplateDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, for_new_project: bool = True, current=None) -> None:
        super().__init__(parent)
        self.for_new_project = for_new_project
        self.setWindowTitle("New project" if for_new_project else "Replace the network with a template")
        self.resize(760, 460)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        for t in TEMPLATES.values():
            item = QListWidgetItem(f"{t.name}\n{t.description}")
            item.setData(Qt.ItemDataRole.UserRole, t.name)
            item.setToolTip(t.description)
            self.list.addItem(item)

        form = QFormLayout()
        self.name = QLineEdit()
        self.dataset = QComboBox()
        self._datasets = {}
        if for_new_project:
            from playground.data import list_datasets

            for info in list_datasets():
                self._datasets[info.name] = info
                note = "" if info.available_offline else "  (downloads on first use)"
                self.dataset.addItem(f"{info.title}{note}", info.name)
            form.addRow("Project name", self.name)
            form.addRow("Dataset", self.dataset)
        self.shape = IntsEditor(SHAPE)
        self.classes = QSpinBox()
        self.classes.setRange(1, 100_000)
        form.addRow("Input shape", self.shape)
        form.addRow("Classes", self.classes)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)

        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.verdict)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.list, 3)
        body.addLayout(right, 2)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create" if for_new_project else "Replace")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.buttons)

        self._current_shape = None
        if current is not None and current.spec.input_nodes():
            self._current_shape = tuple(current.spec.input_nodes()[0].params.get("shape", ()))
        self._current_classes = current.num_classes if current is not None else None
        if for_new_project and current is not None and current.dataset in self._datasets:
            self.dataset.setCurrentIndex(self.dataset.findData(current.dataset))

        self.list.currentRowChanged.connect(self._template_changed)
        self.dataset.currentIndexChanged.connect(self._dataset_changed)
        self.shape.committed.connect(lambda _v: self._update_verdict())
        self.classes.valueChanged.connect(lambda _v: self._update_verdict())
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        names = list(TEMPLATES)
        self.list.setCurrentRow(names.index("small_cnn") if "small_cnn" in names else 0)

    # -- choices -------------------------------------------------------------------------------

    def template_name(self) -> str:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else next(iter(TEMPLATES))

    def select_template(self, name: str) -> None:
        self.list.setCurrentRow(list(TEMPLATES).index(name))

    def input_shape(self) -> tuple[int, ...]:
        return self.shape.value()

    def network(self):
        spec = make_template(self.template_name(), self.input_shape(), self.classes.value())
        if self.for_new_project and self.name.text().strip():
            spec.name = self.name.text().strip()
        return spec

    def project(self):
        """A new project: the template's network on the chosen dataset, default training settings."""
        from playground.data import DataConfig
        from playground.gui.document import changed
        from playground.project import default_project

        base = default_project()
        dataset = self.dataset.currentData() or base.data.dataset
        data = DataConfig(dataset=dataset)  # no loader options: the listed sample shape holds
        name = self.name.text().strip() or self.template_name()
        return changed(base, name=name, network=self.network(), data=data)

    # -- keeping the fields consistent ---------------------------------------------------------

    def _template_changed(self, _row: int) -> None:
        t = TEMPLATES[self.template_name()]
        if self.for_new_project:
            self.name.setText(t.name)
            self._dataset_changed()
            return
        self.shape.set_value(self._current_shape or t.default_input)
        self.classes.setValue(self._current_classes or t.default_classes)
        self._update_verdict()

    def _dataset_changed(self, *_args) -> None:
        info = self._datasets.get(self.dataset.currentData())
        if info is not None:
            self.shape.set_value(tuple(info.input_shape))
            self.classes.setValue(info.num_classes)
        self._update_verdict()

    def _update_verdict(self) -> None:
        try:
            spec = make_template(self.template_name(), self.input_shape(), self.classes.value())
        except (ValueError, KeyError) as exc:
            self.verdict.setText(f"<span style='color:#c62828'>{html.escape(str(exc))}</span>")
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        a = analyze(spec, num_classes=self.classes.value())
        text = (f"<b>{len(spec.nodes)}</b> layers, <b>{node_text.count(a.total_params)}</b> parameters, "
                f"<b>{node_text.count(a.macs)}</b> multiply-adds per sample, depth {a.depth}.")
        if a.errors:
            text += ("<br><span style='color:#c62828'>✖ On this input: "
                     f"{html.escape(str(a.errors[0]))}</span><br>You can still create it and fix it on the canvas.")
        self.verdict.setText(text)
