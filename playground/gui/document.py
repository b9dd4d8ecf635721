"""The open project's file side: its path and name, New/Open/Save/Save As, recent files, the
unsaved-changes prompt, autosave to the recovery copy and the offer to restore it.

The network and dataset live in the SpecModel (edited through undo commands); the rest of the
project (training settings, split, augmentation) is kept as loaded and written back on save.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from playground.gui import prompts
from playground.gui.app_paths import data_dir, settings
from playground.gui.recovery import Recovery, autosave_interval_ms
from playground.gui.spec_model import SpecModel
from playground.network.layout import auto_layout, is_unplaced
from playground.project import Project, ProjectError, default_project, load_project, save_project

MAX_RECENT = 8


def changed(obj, **changes):
    """A copy of a project (or its data config) with some fields replaced; the original stays."""
    if dataclasses.is_dataclass(obj):
        return dataclasses.replace(obj, **changes)
    new = copy.copy(obj)
    for key, value in changes.items():
        setattr(new, key, value)
    return new


def classes_of_dataset(name: str | None) -> int | None:
    """The class count of a named dataset (None for a user's folder/file or an unknown name)."""
    if not name:
        return None
    from playground.data import DatasetError, dataset_info

    try:
        return dataset_info(name).num_classes
    except DatasetError:
        return None


class Document(QObject):
    titleChanged = Signal(str)
    projectOpened = Signal()  # another project is now open: the window fits the view
    recentChanged = Signal()

    def __init__(self, window: QWidget, model: SpecModel, undo_stack: QUndoStack) -> None:
        super().__init__(window)
        self.window = window
        self.model = model
        self.undo_stack = undo_stack
        # owned here, so it dies after this object's connections are cut (its clear() on
        # destruction would otherwise call our slots half-way through the window's teardown)
        undo_stack.setParent(self)
        self.path: Path | None = None
        self.project: Project = None  # type: ignore[assignment]  (set by open_project)
        self.recovery = Recovery(data_dir() / "recovery")
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(autosave_interval_ms())
        self.autosave.timeout.connect(self.write_recovery)
        undo_stack.cleanChanged.connect(self._update_title)
        undo_stack.indexChanged.connect(self._edited)

    # -- state ---------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.project.name if self.project is not None else "untitled"

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def title(self) -> str:
        return f"{self.name}[*] — Keras Playground"

    def _update_title(self, *_args) -> None:
        self.window.setWindowModified(self.is_modified())
        self.titleChanged.emit(self.title())

    def _edited(self, *_args) -> None:
        if self.is_modified() and not self.autosave.isActive():
            self.autosave.start()
        if not self.is_modified():
            self.autosave.stop()

    def current_project(self) -> Project:
        """The project as it stands now: the model's network and dataset, the rest as loaded."""
        data = self.project.data
        if self.model.dataset and (self.model.dataset, self.model.dataset_options) != (data.dataset, data.options):
            data = changed(data, dataset=self.model.dataset, options=self.model.dataset_options)
        return changed(self.project, network=self.model.spec.copy(), data=data)

    def open_project(self, project: Project, path: Path | None = None, modified: bool = False) -> None:
        self.project = project
        self.path = Path(path) if path else None
        network = project.network.copy()
        if is_unplaced(network):
            auto_layout(network)  # a hand-written project.json opens tidy, not as a pile of boxes
        self.model.reset(network, project.data.dataset, classes_of_dataset(project.data.dataset),
                         dataset_options=project.data.options)
        self.undo_stack.clear()
        if modified:
            self.undo_stack.resetClean()
        else:
            self.undo_stack.setClean()
        self._edited()
        self._update_title()
        self.projectOpened.emit()

    # -- user verbs ----------------------------------------------------------------------------

    def new(self, project: Project | None = None) -> bool:
        """Open ``project`` (from the template gallery) in place of this one, after asking to save."""
        if not self.maybe_save():
            return False
        self.open_project(project if project is not None else default_project())
        return True

    def open(self, path: str | Path | None = None) -> bool:
        if not self.maybe_save():
            return False
        if path is None:
            folder = str(self.path.parent) if self.path else ""
            path = prompts.open_path(self.window, folder)
            if not path:
                return False
        path = Path(path)
        try:
            project = load_project(path)
        except ProjectError as exc:
            prompts.show_error(self.window, "Cannot open project", f"{path.name} could not be opened.\n\n{exc}")
            return False
        except OSError as exc:
            prompts.show_error(self.window, "Cannot open project", f"{path} could not be read: {exc.strerror or exc}")
            self.remove_recent(path)
            return False
        self.open_project(project, path)
        self.add_recent(path)
        return True

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self) -> bool:
        suggestion = str(self.path) if self.path else f"{self.name}.json"
        path = prompts.save_path(self.window, suggestion)
        if not path:
            return False
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".json")
        return self._write(path)

    def _write(self, path: Path) -> bool:
        project = self.current_project()
        if path.stem and self.path != path:
            project = changed(project, name=path.stem)
        try:
            save_project(project, path)
        except (ProjectError, OSError) as exc:
            prompts.show_error(self.window, "Cannot save project", f"{path} was not saved: {exc}")
            return False
        self.project = project
        self.path = path
        self.undo_stack.setClean()
        self.recovery.clear()
        self.add_recent(path)
        self._update_title()
        return True

    def maybe_save(self) -> bool:
        """True when it is fine to drop the open project (saved, discarded or unchanged)."""
        if not self.is_modified():
            return True
        answer = prompts.ask_save_changes(self.window, self.name)
        if answer == "save":
            return self.save()
        return answer == "discard"

    # -- recovery ------------------------------------------------------------------------------

    def write_recovery(self) -> None:
        if not self.is_modified():
            return
        try:
            self.recovery.write(self.current_project(), self.path)
        except (ProjectError, OSError) as exc:
            self.window.statusBar().showMessage(f"Could not write the recovery copy: {exc}", 8000)

    def offer_recovery(self) -> bool:
        """At start-up: a recovery copy means the last session crashed; offer to restore it."""
        if not self.recovery.exists():
            return False
        if not prompts.ask_restore(self.window, self.recovery.describe()):
            self.recovery.clear()
            return False
        try:
            project, original = self.recovery.load()
        except (ProjectError, OSError) as exc:
            prompts.show_error(self.window, "Cannot restore", f"The recovery copy is damaged and was discarded.\n\n{exc}")
            self.recovery.clear()
            return False
        self.open_project(project, original, modified=True)
        return True

    def closed_cleanly(self) -> None:
        self.autosave.stop()
        self.recovery.clear()

    # -- recent files --------------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = settings().value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent(self, path: Path) -> None:
        path_text = str(Path(path).resolve())
        files = [f for f in self.recent_files() if f != path_text]
        settings().setValue("recentFiles", [path_text, *files][:MAX_RECENT])
        self.recentChanged.emit()

    def remove_recent(self, path: Path) -> None:
        path_text = str(Path(path).resolve())
        settings().setValue("recentFiles", [f for f in self.recent_files() if f != path_text])
        self.recentChanged.emit()
