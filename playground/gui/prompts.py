"""Every question the window asks the user, as plain functions.

The window calls these instead of building message boxes inline, so tests replace them with
scripted answers and a test never hangs on a modal dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

PROJECT_FILTER = "Keras Playground projects (*.json);;All files (*)"


def ask_save_changes(parent: QWidget, name: str) -> str:
    """'save', 'discard' or 'cancel'."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                      f"“{name}” has changes that are not saved.", parent=parent)
    box.setInformativeText("Save them before closing the project?")
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    return {QMessageBox.StandardButton.Save: "save", QMessageBox.StandardButton.Discard: "discard"}.get(
        QMessageBox.StandardButton(answer), "cancel")


def ask_restore(parent: QWidget, description: str) -> bool:
    answer = QMessageBox.question(
        parent, "Restore unsaved work?",
        f"Keras Playground did not close cleanly last time.\n\n{description}\n\n"
        "Restore it? (No discards it.)",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget, title: str, message: str) -> None:
    QMessageBox.warning(parent, title, message)


def open_path(parent: QWidget, folder: str = "") -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Open project", folder, PROJECT_FILTER)
    return path or None


def save_path(parent: QWidget, suggestion: str = "") -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Save project as", suggestion, PROJECT_FILTER)
    return path or None


def ask_stop_training(parent: QWidget) -> bool:
    """Closing while a run goes on: True stops it (its record is kept) and closes."""
    answer = QMessageBox.question(
        parent, "Training is running",
        "A training run is still going.\n\nStop it and close? The run's record is kept.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def export_path(parent: QWidget, title: str, suggestion: str, file_filter: str) -> str | None:
    """Where to write an exported file (a plot as PNG, curves as CSV, …); None when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggestion, file_filter)
    return path or None
