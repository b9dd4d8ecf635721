"""The window's after-training docks: Insight (confusion matrix, mistakes, predict pad, filters) and
Runs (history, overlaid curves, restore, export), kept in step with the training controller.

Insight looks at the session's model only while no thread trains it: it is cleared when a run
starts (a Continue trains that very model) and fed again when the run has ended.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QFrame, QMainWindow, QScrollArea, QWidget

from playground.gui import prompts
from playground.gui.docks import add_dock
from playground.gui.insight_panel import InsightPanel
from playground.gui.run_restore import RestoreRunCommand
from playground.gui.runs_panel import RunsPanel
from playground.gui.training_controller import run_root_for
from playground.project import ProjectError


class AfterTraining(QObject):
    """Owns the Insight and Runs docks of ``window`` and the slots that feed them (main thread)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.insight = InsightPanel()
        self.runs = RunsPanel()
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.insight_dock = add_dock(window, "Insight", scrolled(self.insight), bottom, "insightDock",
                                     window.problems_dock)
        self.runs_dock = add_dock(window, "Runs", scrolled(self.runs), bottom, "runsDock", window.problems_dock)

        window.training.runStarted.connect(self._run_started)
        window.training.runFinished.connect(self._run_finished)
        window.document.projectOpened.connect(self._project_changed)
        window.document.titleChanged.connect(self._root_maybe_moved)  # Save As moves the runs folder
        self.runs.restoreRequested.connect(self._restore_run)

    @Slot(object)
    def _run_started(self, _started) -> None:
        self.insight.clear()
        self.runs.refresh()

    @Slot(object)
    def _run_finished(self, _result) -> None:
        self.runs.set_root(run_root_for(self.window.document))
        trained = self.window.training.trained()
        if trained is None:
            self.insight.clear()
        else:
            self.insight.set_source(*trained)

    @Slot()
    def _project_changed(self) -> None:
        self.insight.clear()
        self.runs.set_root(run_root_for(self.window.document))

    @Slot(str)
    def _root_maybe_moved(self, _title: str) -> None:
        root = run_root_for(self.window.document)
        if root != self.runs.root:
            self.runs.set_root(root)

    @Slot(object)
    def _restore_run(self, config: dict) -> None:
        if self.window.training.is_running():
            self.window.say("A run is going: stop it before restoring another run's network.")
            return
        try:
            command = RestoreRunCommand(self.window.model, self.window.document, config, "Restore run",
                                        self.window.training_panel.form.load)
        except ProjectError as exc:
            prompts.show_error(self.window, "Cannot restore this run", str(exc))
            return
        self.window.undo_stack.push(command)
        self.window.say("Restored the run's network and settings (Ctrl+Z undoes it).")

    def shutdown(self) -> None:
        """Stop background work (filter visualisation, an export) before the window goes."""
        self.insight.shutdown()


def scrolled(widget: QWidget) -> QScrollArea:
    """``widget`` in a scroll area, so a dock holding it can be made short: the canvas keeps its room
    and the panel scrolls instead of pushing the window's layout apart."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
