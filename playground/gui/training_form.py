"""The training settings as a form: one proper editor per TrainingConfig / DataConfig field.

Every change is validated by the config classes themselves (so the window and project files
obey the same rules) and, when valid, goes into the document's project through an undoable
command, like a dataset change; an invalid combination is refused with the config's message
and the editor goes back to the stored value.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.data.config import AugmentationConfig, DataConfigError, validate_ratios
from playground.training.config import (
    DEVICES,
    MONITORS,
    OPTIMIZERS,
    SCHEDULES,
    TrainingConfig,
    TrainingConfigError,
)

_SET_CONFIG_ID = 2001


class SetConfigCommand(QUndoCommand):
    """Replace the project's training config and split/augmentation/seed (not the dataset)."""

    def __init__(self, document, training: TrainingConfig, data_fields: dict, text: str, key: str,
                 on_change) -> None:
        super().__init__(text)
        self._document = document
        self._key = key
        self._on_change = on_change
        data = document.project.data
        self._old = (document.project.training, {k: getattr(data, k) for k in data_fields})
        self._new = (training, dict(data_fields))

    def id(self) -> int:
        return _SET_CONFIG_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        if not isinstance(other, SetConfigCommand) or other._key != self._key:
            return False
        self._new = other._new
        return True

    def _apply(self, training: TrainingConfig, data_fields: dict) -> None:
        project = self._document.project
        data = dataclasses.replace(project.data, **data_fields) if data_fields else project.data
        self._document.project = dataclasses.replace(project, training=training, data=data)
        self._on_change()

    def redo(self) -> None:
        self._apply(*self._new)

    def undo(self) -> None:
        self._apply(*self._old)


def _spin(lo: int, hi: int, tip: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setToolTip(tip)
    box.setKeyboardTracking(False)
    return box


def _dspin(lo: float, hi: float, decimals: int, step: float, tip: str = "", suffix: str = "") -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(lo, hi)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setToolTip(tip)
    box.setSuffix(suffix)
    box.setKeyboardTracking(False)
    return box


def _combo(items: tuple[str, ...], tip: str = "") -> QComboBox:
    box = QComboBox()
    box.addItems(list(items))
    box.setToolTip(tip)
    return box


class TrainingForm(QWidget):
    """Editors bound to ``document.project`` (training config, split, augmentation, seed)."""

    rejected = Signal(str)  # an invalid value was refused; the message says why

    def __init__(self, document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._loading = False
        t = self.editors = {}
        t["optimizer"] = _combo(OPTIMIZERS, "How the weights follow the gradient")
        t["learning_rate"] = _dspin(1e-6, 10.0, 6, 1e-4, "Step size of the optimizer")
        t["learning_rate"].setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        t["momentum"] = _dspin(0.0, 0.999, 3, 0.05, "SGD / RMSprop momentum")
        t["schedule"] = _combo(SCHEDULES, "How the learning rate changes over the epochs")
        t["lr_decay"] = _dspin(0.001, 1.0, 3, 0.05, "Factor per step / epoch / plateau")
        t["lr_step_epochs"] = _spin(1, 100_000, "step schedule: epochs between cuts")
        t["warmup_epochs"] = _spin(0, 100_000, "cosine_warmup: epochs of linear warm-up")
        t["batch_size"] = _spin(1, 65_536, "Samples per optimizer step")
        t["epochs"] = _spin(1, 100_000, "Passes over the training data")
        t["early_stopping"] = QCheckBox("Early stopping")
        t["patience"] = _spin(0, 100_000, "Epochs without improvement before stopping")
        t["monitor"] = _combo(MONITORS, "What early stopping and the best model watch")
        t["seed"] = _spin(0, 2**31 - 1, "Same seed, same split and initial weights")
        t["device"] = _combo(DEVICES, "Where to train ('auto' picks a GPU when there is one)")
        d = self.data_editors = {}
        for name, tip in (("train", "Share of samples used for training"),
                          ("val", "Share held out to validate after each epoch"),
                          ("test", "Share kept for the final test")):
            d[name] = _dspin(0.0, 100.0, 1, 5.0, tip, " %")
        d["flip_horizontal"] = QCheckBox("Flip ↔")
        d["flip_vertical"] = QCheckBox("Flip ↕")
        for name, tip in (("rotation", "Up to this fraction of a full turn"),
                          ("zoom", "Up to this fraction of the image size"),
                          ("translation", "Shift up to this fraction of the image size"),
                          ("contrast", "Random contrast change up to this factor"),
                          ("noise", "Standard deviation of Gaussian noise (images are 0..1)")):
            d[name] = _dspin(0.0, 1.0, 2, 0.05, tip)

        optim = QFormLayout()
        for label, name in (("Optimizer", "optimizer"), ("Learning rate", "learning_rate"),
                            ("Momentum", "momentum"), ("Schedule", "schedule"), ("Decay factor", "lr_decay"),
                            ("Step every (epochs)", "lr_step_epochs"), ("Warm-up epochs", "warmup_epochs"),
                            ("Batch size", "batch_size"), ("Epochs", "epochs")):
            optim.addRow(label, t[name])
        stopping = QHBoxLayout()
        stopping.addWidget(t["early_stopping"])
        stopping.addWidget(QLabel("patience"))
        stopping.addWidget(t["patience"])
        optim.addRow(stopping)
        optim.addRow("Watch", t["monitor"])
        optim.addRow("Seed", t["seed"])
        optim.addRow("Device", t["device"])
        split = QHBoxLayout()
        for name in ("train", "val", "test"):
            split.addWidget(QLabel(name))
            split.addWidget(d[name], 1)
        aug = QFormLayout()
        flips = QHBoxLayout()
        flips.addWidget(d["flip_horizontal"])
        flips.addWidget(d["flip_vertical"])
        aug.addRow(flips)
        for name in ("rotation", "zoom", "translation", "contrast", "noise"):
            aug.addRow(name.capitalize(), d[name])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for title, inner in (("Optimization", optim), ("Split", split), ("Augmentation", aug)):
            group = QGroupBox(title)
            group.setLayout(inner)
            layout.addWidget(group)

        for name, editor in {**t, **d}.items():
            signal = (editor.toggled if isinstance(editor, QCheckBox) else
                      editor.currentTextChanged if isinstance(editor, QComboBox) else editor.valueChanged)
            signal.connect(lambda *_a, n=name: self._edited(n))
        self.load()

    # -- project -> editors --------------------------------------------------------------------

    def load(self) -> None:
        """Show the document's current settings (after open, undo or a refused value)."""
        project = self.document.project
        if project is None:
            return
        self._loading = True
        try:
            cfg, data = project.training, project.data
            for name, editor in self.editors.items():
                self._set(editor, getattr(cfg, name))
            for name, value in zip(("train", "val", "test"), data.ratios):
                self._set(self.data_editors[name], round(value * 100, 1))
            for f in dataclasses.fields(AugmentationConfig):
                if f.name in self.data_editors:
                    self._set(self.data_editors[f.name], getattr(data.augmentation, f.name))
        finally:
            self._loading = False
        self._enable_dependents()

    @staticmethod
    def _set(editor, value) -> None:
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentText(str(value))
        else:
            editor.setValue(value)

    @staticmethod
    def _get(editor):
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return editor.currentText()
        return editor.value()

    def _enable_dependents(self) -> None:
        get = lambda n: self._get(self.editors[n])  # noqa: E731
        self.editors["momentum"].setEnabled(get("optimizer") in ("sgd", "rmsprop"))
        schedule = get("schedule")
        self.editors["lr_decay"].setEnabled(schedule in ("step", "exponential", "reduce_on_plateau"))
        self.editors["lr_step_epochs"].setEnabled(schedule == "step")
        self.editors["warmup_epochs"].setEnabled(schedule == "cosine_warmup")
        self.editors["patience"].setEnabled(get("early_stopping"))

    # -- editors -> project --------------------------------------------------------------------

    def _edited(self, name: str) -> None:
        if self._loading or self.document.project is None:
            return
        self._enable_dependents()
        if name in ("train", "val", "test"):
            self._balance_split(name)
        try:
            training, data_fields = self.values()
        except (TrainingConfigError, DataConfigError) as exc:
            self.rejected.emit(str(exc))
            self.load()
            return
        project = self.document.project
        if training == project.training and all(getattr(project.data, k) == v for k, v in data_fields.items()):
            return
        label = name.replace("_", " ")
        self.document.undo_stack.push(SetConfigCommand(self.document, training, data_fields,
                                                       f"Set {label}", name, self.load))

    def _balance_split(self, name: str) -> None:
        """Keep the three shares at 100 %: train or val give and take from test, test from val."""
        d = self.data_editors
        other = "val" if name == "test" else "test"
        rest = 100.0 - sum(d[n].value() for n in ("train", "val", "test") if n != other)
        if rest >= 0:
            self._loading = True
            try:
                d[other].setValue(round(rest, 1))
            finally:
                self._loading = False

    def values(self) -> tuple[TrainingConfig, dict]:
        """The editors' settings, validated: (TrainingConfig, DataConfig fields to replace)."""
        project = self.document.project
        training = project.training.replace(**{n: self._get(e) for n, e in self.editors.items()})
        ratios = tuple(self.data_editors[n].value() / 100 for n in ("train", "val", "test"))
        if abs(sum(ratios) - 1) > 1e-6:
            raise DataConfigError(f"The split must add up to 100 % (train + val + test). "
                                  f"Received: {sum(ratios) * 100:g} %")
        aug = dataclasses.replace(project.data.augmentation, **{
            f.name: self._get(self.data_editors[f.name]) for f in dataclasses.fields(AugmentationConfig)
            if f.name in self.data_editors})
        return training, {"ratios": validate_ratios(ratios), "augmentation": aug, "seed": training.seed}
