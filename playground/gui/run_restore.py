"""Restore a run: its network, dataset and training settings back into the open project, as ONE
undoable step (Ctrl+Z brings back what was there before).

The runs panel only emits the run's project dict; the window turns it into this command, so
restoring is an edit like any other and the panel needs no access to the document.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from playground.gui.document import classes_of_dataset
from playground.gui.spec_model import SpecModel
from playground.gui.training_form import SetConfigCommand
from playground.project import Project


class RestoreRunCommand(QUndoCommand):
    """Swap network + dataset (the SpecModel) and training/split settings (the document's project).

    ``on_change`` is called after each redo/undo so the training form shows the settings
    (the window passes ``training_panel.form.load``). Raises ProjectError for a config that is
    not a valid project, before anything changes.
    """

    def __init__(self, model: SpecModel, document, config: dict, text: str = "Restore run",
                 on_change: Callable[[], None] | None = None) -> None:
        super().__init__(text)
        project = Project.from_dict(config)
        self._model = model
        self._old = (model.spec.copy(), model.dataset, model.num_classes, model.dataset_options)
        data = project.data
        self._new = (project.network.copy(), data.dataset, classes_of_dataset(data.dataset), dict(data.options))
        fields = {"ratios": data.ratios, "augmentation": data.augmentation, "seed": data.seed}
        self._settings = SetConfigCommand(document, project.training, fields, text, "restore-run",
                                          on_change or (lambda: None))

    def _apply(self, spec, dataset, num_classes, options) -> None:
        self._model.reset(spec.copy(), dataset, num_classes, dataset_options=options)

    def redo(self) -> None:
        self._apply(*self._new)
        self._settings.redo()

    def undo(self) -> None:
        self._settings.undo()
        self._apply(*self._old)
