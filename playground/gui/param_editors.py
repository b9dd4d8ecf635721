"""One editor widget per parameter type, built from the ParamSpec: ranges, choices, tuple sizes.

An editor only proposes values (``committed``); the inspector checks them with ParamSpec.check
and turns good ones into undo commands, so a rejected value never reaches the spec.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QWidget,
)

from playground.network.params import ParamSpec

INT_LIMIT = 2**31 - 1


class ParamEditor(QWidget):
    committed = Signal(object)

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(4)
        self.setToolTip(spec.help)

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError


def _int_box(spec: ParamSpec) -> QSpinBox:
    box = QSpinBox()
    box.setRange(int(spec.minimum) if spec.minimum is not None else -INT_LIMIT,
                 int(spec.maximum) if spec.maximum is not None else INT_LIMIT)
    box.setKeyboardTracking(False)
    box.setAccelerated(True)
    box.setToolTip(spec.help)
    return box


class IntEditor(ParamEditor):
    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = _int_box(spec)
        self.layout_.addWidget(self.box)
        self.box.valueChanged.connect(lambda v: self.committed.emit(int(v)))

    def set_value(self, value: Any) -> None:
        self.box.blockSignals(True)
        if isinstance(value, int):
            self.box.setValue(value)
        self.box.blockSignals(False)

    def value(self) -> int:
        return self.box.value()


class FloatSpin(QDoubleSpinBox):
    """A double spin box that shows 0.001 and 1e-05 alike, without trailing zeros."""

    def textFromValue(self, value: float) -> str:  # noqa: N802
        return f"{value:.6g}"


class FloatEditor(ParamEditor):
    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = FloatSpin()
        self.box.setDecimals(12)
        self.box.setRange(spec.minimum if spec.minimum is not None else -1e9,
                          spec.maximum if spec.maximum is not None else 1e9)
        self.box.setSingleStep(0.05 if spec.maximum is not None and spec.maximum <= 1 else 0.1)
        self.box.setKeyboardTracking(False)
        self.box.setToolTip(spec.help)
        self.layout_.addWidget(self.box)
        self.box.valueChanged.connect(lambda v: self.committed.emit(float(v)))

    def set_value(self, value: Any) -> None:
        self.box.blockSignals(True)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.box.setValue(float(value))
        self.box.blockSignals(False)

    def value(self) -> float:
        return self.box.value()


class ChoiceEditor(ParamEditor):
    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = QComboBox()
        for choice in spec.choices:
            self.box.addItem(spec.labels.get(choice, choice), choice)
        self.box.setToolTip(spec.help)
        self.layout_.addWidget(self.box)
        self.box.activated.connect(lambda i: self.committed.emit(self.box.itemData(i)))

    def set_value(self, value: Any) -> None:
        self.box.blockSignals(True)
        self.box.setCurrentIndex(self.box.findData(value))
        self.box.blockSignals(False)

    def value(self) -> str:
        return self.box.currentData()


class BoolEditor(ParamEditor):
    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = QCheckBox()
        self.box.setToolTip(spec.help)
        self.layout_.addWidget(self.box)
        self.layout_.addStretch(1)
        self.box.toggled.connect(lambda v: self.committed.emit(bool(v)))

    def set_value(self, value: Any) -> None:
        self.box.blockSignals(True)
        self.box.setChecked(bool(value))
        self.box.blockSignals(False)

    def value(self) -> bool:
        return self.box.isChecked()


class StrEditor(ParamEditor):
    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = QLineEdit()
        self.box.setToolTip(spec.help)
        self.layout_.addWidget(self.box)
        self.box.editingFinished.connect(lambda: self.committed.emit(self.box.text()))

    def set_value(self, value: Any) -> None:
        self.box.blockSignals(True)
        self.box.setText(str(value))
        self.box.blockSignals(False)

    def value(self) -> str:
        return self.box.text()


class IntsEditor(ParamEditor):
    """Spin boxes side by side for a tuple (kernel 3 × 3, shape 28 × 28 × 1); + and − buttons
    where the tuple's length may vary."""

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.boxes: list[QSpinBox] = []
        self._seps: list[QLabel] = []
        self.row = QHBoxLayout()
        self.row.setSpacing(3)
        self.layout_.addLayout(self.row)
        self.more = self.fewer = None
        if spec.length is None:
            self.fewer = QToolButton(text="−", toolTip="One number fewer")
            self.more = QToolButton(text="+", toolTip="One number more")
            self.fewer.clicked.connect(lambda: self._resize(len(self.boxes) - 1))
            self.more.clicked.connect(lambda: self._resize(len(self.boxes) + 1))
            self.layout_.addWidget(self.fewer)
            self.layout_.addWidget(self.more)
        self.layout_.addStretch(1)
        self._set_count(spec.length or len(spec.default))

    def _set_count(self, n: int) -> None:
        while len(self.boxes) > n:
            gone = [self.boxes.pop()] + ([self._seps.pop()] if self._seps else [])
            for widget in gone:
                self.row.removeWidget(widget)
                widget.hide()
                widget.deleteLater()
        while len(self.boxes) < n:
            if self.boxes:
                sep = QLabel("×")
                self._seps.append(sep)
                self.row.addWidget(sep)
            box = _int_box(self.spec)
            box.setMinimumWidth(56)
            box.setMaximumWidth(96)
            box.valueChanged.connect(lambda _v: self.committed.emit(self.value()))
            self.boxes.append(box)
            self.row.addWidget(box)
        if self.more is not None:
            self.fewer.setEnabled(n > self.spec.min_length)
            self.more.setEnabled(n < self.spec.max_length)

    def _resize(self, n: int) -> None:
        values = self.value()
        values = values[:n] + (values[-1],) * (n - len(values))
        self.set_value(values)
        self.committed.emit(self.value())

    def set_value(self, value: Any) -> None:
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, int) for v in value):
            return
        if self.spec.length is None:
            self._set_count(max(1, len(value)))
        for box, v in zip(self.boxes, value):
            box.blockSignals(True)
            box.setValue(v)
            box.blockSignals(False)

    def value(self) -> tuple[int, ...]:
        return tuple(b.value() for b in self.boxes)


EDITORS = {
    "int": IntEditor,
    "float": FloatEditor,
    "choice": ChoiceEditor,
    "bool": BoolEditor,
    "str": StrEditor,
    "ints": IntsEditor,
}


def editor_for(spec: ParamSpec, parent: QWidget | None = None) -> ParamEditor:
    return EDITORS[spec.type](spec, parent)
