"""Export a run's trained model: pick a format, the best or last model and a path, then write it.

The export (and the check that reads the file back with its own client) runs in a
BackgroundJob: TFLite and SavedModel take seconds, the window must not freeze meanwhile.
The dialog is not modal-blocking (``open()``), so tests drive its widgets directly.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from playground.gui import prompts
from playground.gui.background_job import BackgroundJob
from playground.training.runs import RunRecord

FORMAT_NAMES = {
    "keras": "Keras model (.keras)",
    "weights": "Weights only (.weights.h5)",
    "savedmodel": "TensorFlow SavedModel (folder)",
    "tflite": "TensorFlow Lite (.tflite)",
    "tflite-quant": "TensorFlow Lite, int8 weights (.tflite)",
    "onnx": "ONNX (.onnx, needs the onnx extra)",
    "python": "Python training script (.py)",
    "json": "Project file (.json)",
}
_FILTERS = {"savedmodel": "Folder name (*)", "weights": "Weights (*.weights.h5)"}


def _filter_for(fmt: str, suffix: str) -> str:
    return _FILTERS.get(fmt, f"{FORMAT_NAMES[fmt]} (*{suffix});;All files (*)")


def describe_result(result) -> str:
    """One sentence on what was written and how it was checked (as `playground export` says it)."""
    if result.checked_with and result.max_abs_diff is not None:
        how = f"read back with {result.checked_with}: max difference {result.max_abs_diff:.2g}"
    elif result.checked_with:
        how = f"checked with {result.checked_with}"
    else:
        how = "; ".join(result.notes) or "not checked"
    return f"Wrote {Path(result.path).name} ({result.params:,} parameters); {how}."


def _export(record: RunRecord, fmt: str, path: Path, which: str):
    """The work thread's job: no Qt here."""
    from playground.engine.export import export_network
    from playground.project import Project

    project = Project.from_dict(record.config)
    model = record.model_path(which) if fmt != "json" else None
    if model is None and fmt != "json":
        raise RuntimeError(f"Run {record.id} has no saved model (it ended before its first epoch).")
    return export_network(project.network, fmt, path, model=model, training=project.training,
                          data=project.data, project=project)


class ExportRunDialog(QDialog):
    """``exported(ExportResult)`` after a checked write; ``failed(str)`` with the reason otherwise."""

    exported = Signal(object)
    failed = Signal(str)

    def __init__(self, record: RunRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from playground.engine.export import FORMATS, default_suffix

        self.record = record
        self._suffix = default_suffix
        self.job: BackgroundJob | None = None
        self.setWindowTitle(f"Export run {record.id}")
        self.setObjectName("exportRunDialog")

        self.format_box = QComboBox()
        for fmt in FORMATS:
            self.format_box.addItem(FORMAT_NAMES.get(fmt, fmt), fmt)
        self.best = QRadioButton("Best epoch")
        self.last = QRadioButton("Last epoch")
        self.best.setToolTip("The weights of the epoch with the best monitored value (what early stopping keeps)")
        self.last.setToolTip("The weights at the end of the run")
        group = QButtonGroup(self)
        group.addButton(self.best)
        group.addButton(self.last)
        has_best = (record.path / "best.keras").exists()
        has_last = (record.path / "last.keras").exists()
        self.best.setEnabled(has_best)
        self.last.setEnabled(has_last)
        (self.best if has_best or not has_last else self.last).setChecked(True)
        which = QHBoxLayout()
        which.addWidget(self.best)
        which.addWidget(self.last)
        which.addStretch(1)

        self.path_edit = QLineEdit()
        self.path_edit.setMinimumWidth(380)
        self.browse = QPushButton("Choose…")
        self.browse.clicked.connect(self.choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse)

        form = QFormLayout()
        form.addRow("Format", self.format_box)
        form.addRow("Model", which)
        form.addRow("Write to", path_row)

        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setObjectName("exportStatus")
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 3 + 4)  # room for a long error
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if not (has_best or has_last):
            self.status.setText("This run has no saved model (it ended before its first epoch); "
                                "only the project file (.json) can be exported.")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    # -- choices ------------------------------------------------------------------------------

    def fmt(self) -> str:
        return self.format_box.currentData()

    def set_format(self, fmt: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(fmt))

    def which(self) -> str:
        return "best" if self.best.isChecked() else "last"

    def _suggestion(self) -> Path:
        name = str(self.record.config.get("name") or "model")
        base = self.record.path.parent.parent if self.record.path.parent.name.endswith(".runs") \
            else self.record.path.parent
        return base / f"{name}-{self.record.id}{self._suffix(self.fmt())}"

    @Slot()
    def _format_changed(self) -> None:
        """Keep a typed path but give it the new format's ending."""
        text = self.path_edit.text().strip()
        if not text:
            self.path_edit.setText(str(self._suggestion()))
            return
        path = Path(text)
        stem = path.name
        for suffix in sorted({self._suffix(f) for f in FORMAT_NAMES if self._suffix(f)}, key=len, reverse=True):
            if stem.lower().endswith(suffix):
                stem = stem[: -len(suffix)]
                break
        self.path_edit.setText(str(path.with_name(stem + self._suffix(self.fmt()))))

    @Slot()
    def choose_path(self) -> None:
        fmt = self.fmt()
        chosen = prompts.export_path(self, "Export the trained model", self.path_edit.text(),
                                     _filter_for(fmt, self._suffix(fmt)))
        if chosen:
            path = Path(chosen)
            suffix = self._suffix(fmt)
            if suffix and not path.name.lower().endswith(suffix):
                path = path.with_name(path.name + suffix)
            self.path_edit.setText(str(path))

    # -- the export ---------------------------------------------------------------------------

    def is_running(self) -> bool:
        return self.job is not None and self.job.is_running()

    @Slot()
    def start_export(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self._fail("Choose where to write the export first.")
            return
        path = Path(text).expanduser()
        if not path.parent.is_dir():
            self._fail(f"The folder {path.parent} does not exist.")
            return
        fmt, which, record = self.fmt(), self.which(), self.record
        self._set_busy(True)
        self.status.setText(f"Exporting {FORMAT_NAMES.get(fmt, fmt)} and checking it…")
        self.job = BackgroundJob(lambda should_stop: _export(record, fmt, path, which), self)
        self.job.finished.connect(self._done)
        self.job.failed.connect(self._fail)
        self.job.start()

    @Slot(object)
    def _done(self, result) -> None:
        self._set_busy(False)
        self.status.setText(describe_result(result))
        self.status.setStyleSheet("color: #2e7d32;")
        self.exported.emit(result)

    @Slot(str)
    def _fail(self, message: str) -> None:
        self._set_busy(False)
        for prefix in ("ExportError: ", "ExportMismatch: ", "MissingExtra: ", "OutputPathError: ", "RuntimeError: "):
            message = message.removeprefix(prefix)
        self.status.setText(f"Export failed: {message}")
        self.status.setStyleSheet("color: #c62828;")
        self.failed.emit(message)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.export_button, self.format_box, self.browse, self.path_edit, self.best, self.last):
            widget.setEnabled(not busy)
        if not busy:
            self.best.setEnabled((self.record.path / "best.keras").exists())
            self.last.setEnabled((self.record.path / "last.keras").exists())
        if busy:
            self.status.setStyleSheet("")

    def done(self, result: int) -> None:
        """Closing waits for a running export (it cannot be interrupted half-way; it is atomic)."""
        if self.job is not None:
            self.job.cancel(timeout=120.0)
        super().done(result)
