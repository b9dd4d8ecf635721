"""The main window: palette | canvas | inspector and summary, problems below, and the status bar
that says whether the engine (TensorFlow) is ready and why Train is disabled when it is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMetaMethod, QPointF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QWidget

from playground.gui import node_text, prompts
from playground.gui.actions import build_actions
from playground.gui.after_training import AfterTraining
from playground.gui.app_paths import settings
from playground.gui.commands import ReplaceSpecCommand, SetDatasetCommand
from playground.gui.docks import add_dock
from playground.gui.document import Document
from playground.gui.edit_ops import EditOps
from playground.gui.engine_loader import EngineLoader, engine_disabled
from playground.gui.gc_policy import freeze_survivors
from playground.gui.inspector import Inspector
from playground.gui.lessons_menu import install_lessons
from playground.gui.live_curves import CurvesView
from playground.gui.live_docks import install_live_views
from playground.gui.palette import Palette
from playground.gui.problems_panel import ProblemsPanel
from playground.gui.scene import NetworkScene
from playground.gui.spec_model import SpecModel
from playground.gui.summary_panel import SummaryPanel
from playground.gui.training_controller import IDLE, TrainingController, run_root_for
from playground.gui.training_panel import ReadOnlyBanner, TrainingPanel
from playground.gui.view import CanvasView


class MainWindow(QMainWindow):
    trainRequested = Signal()  # the training issue connects the trainer here
    firstShown = Signal()
    engineReady = Signal(str)

    def __init__(self, project=None, path: str | Path | None = None, load_engine: bool | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("mainWindow")
        self.load_engine = (not engine_disabled()) if load_engine is None else load_engine
        self.engine_device: str | None = None
        self.loader: EngineLoader | None = None
        self._shown_once = False

        self.undo_stack = QUndoStack(self)
        self.model = SpecModel(parent=self)
        self.scene = NetworkScene(self.model, self)
        self.view = CanvasView(self.scene, self)
        self.setCentralWidget(self.view)
        self.ops = EditOps(self.model, self.undo_stack, self.scene, self.say)
        self.document = Document(self, self.model, self.undo_stack)

        self.palette = Palette()
        self.inspector = Inspector(self.model, self.undo_stack)
        self.summary = SummaryPanel(self.model)
        self.problems = ProblemsPanel(self.model)
        self.training = TrainingController(self)  # other views join with self.training.add_view(view)
        self.training_panel = TrainingPanel(self.training, self.document)
        self.curves = CurvesView()
        self.training.add_view(self.curves)
        self.read_only_banner = ReadOnlyBanner(self.view)
        self.actions = build_actions(self)
        self._docks()
        self.live_views = install_live_views(self, self.training)  # Kernels, Feature maps, Norms docks
        self.lessons = install_lessons(self)  # Lessons menu, lesson dock, Help > Glossary
        self.after_training = AfterTraining(self)  # Insight and Runs docks
        self._settle_docks()
        self._status_bar()
        self._connect()

        geometry = settings().value("windowGeometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(min(1600, int(screen.width() * 0.94)), min(1000, int(screen.height() * 0.92)))

        if path is not None:
            from playground.project import default_project

            self.document.open_project(default_project())
            if not self.document.open(path):
                self.say(f"Opened the default project instead of {path}.")
        else:
            from playground.project import default_project

            self.document.open_project(project if project is not None else default_project())

    # -- construction --------------------------------------------------------------------------

    def _docks(self) -> None:
        def dock(title: str, widget: QWidget, area: Qt.DockWidgetArea, name: str,
                 tab_onto: QDockWidget | None = None) -> QDockWidget:
            return add_dock(self, title, widget, area, name, tab_onto)  # tabs through add_dock: no stray bar

        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.setCorner(Qt.Corner.BottomLeftCorner, left)
        self.setCorner(Qt.Corner.BottomRightCorner, right)
        self.palette_dock = dock("Layers", self.palette, left, "paletteDock")
        self.summary_dock = dock("Network summary", self.summary, left, "summaryDock")
        self.inspector_dock = dock("Inspector", self.inspector, right, "inspectorDock")
        self.problems_dock = dock("Problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea, "problemsDock")
        self.training_dock = dock("Training", self.training_panel, right, "trainingDock", self.inspector_dock)
        self.curves_dock = dock("Curves", self.curves, Qt.DockWidgetArea.BottomDockWidgetArea, "curvesDock",
                                self.problems_dock)
        self.resizeDocks([self.palette_dock, self.inspector_dock], [300, 400], Qt.Orientation.Horizontal)
        self.resizeDocks([self.palette_dock, self.summary_dock], [420, 420], Qt.Orientation.Vertical)

    def _settle_docks(self) -> None:
        """Once every dock is in: the editing docks in front, and the canvas with most of the height."""
        self.inspector_dock.raise_()
        self.problems_dock.raise_()
        screen = self.screen().availableGeometry()
        self.resizeDocks([self.problems_dock], [max(200, int(screen.height() * 0.27))], Qt.Orientation.Vertical)

    def _status_bar(self) -> None:
        bar = self.statusBar()
        self.dataset_label = QLabel()
        self.train_label = QLabel()
        self.engine_label = QLabel("Engine: not loaded" if not self.load_engine else "Engine: loading…")
        for label in (self.dataset_label, self.train_label, self.engine_label):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)

    def _connect(self) -> None:
        self.palette.kindActivated.connect(self.ops.append_kind)
        self.view.kindDropped.connect(self._kind_dropped)
        self.scene.connectRequested.connect(self.ops.connect)
        self.scene.nodesMoved.connect(self.ops.move)
        self.scene.selectionChanged.connect(self._selection_changed)
        self.problems.nodeClicked.connect(self.focus_node)
        self.summary.bars.nodeClicked.connect(self.focus_node)
        self.model.analysisChanged.connect(self.update_train_state)
        self.model.dataChanged.connect(self._update_dataset_label)
        self.document.titleChanged.connect(self.setWindowTitle)
        self.document.projectOpened.connect(self._project_opened)
        self.document.recentChanged.connect(self._fill_recent_menu)
        self.trainRequested.connect(self.start_training)
        self.training_panel.startRequested.connect(self.train)
        self.training.stateChanged.connect(self._training_state_changed)
        self.training.runFinished.connect(self._training_finished)
        self._fill_recent_menu()

    # -- small slots ---------------------------------------------------------------------------

    def say(self, message: str, ms: int = 6000) -> None:
        self.statusBar().showMessage(message, ms)

    def _kind_dropped(self, kind: str, at: QPointF) -> None:
        self.ops.add_kind_at(kind, (at.x(), at.y()))

    def _selection_changed(self) -> None:
        try:
            self.inspector.show_selection(self.scene.selected_node_ids())
        except RuntimeError:
            pass  # the scene is being torn down with the window

    def focus_node(self, node_id: str) -> None:
        item = self.scene.nodes.get(node_id)
        if item is None:
            return
        self.scene.select_nodes([node_id])
        self.view.centerOn(item)

    def select_all(self) -> None:
        for item in self.scene.nodes.values():
            item.setSelected(True)

    def _project_opened(self) -> None:
        self.inspector.show_node(None)
        batch = getattr(getattr(self.document.project, "training", None), "batch_size", None)
        if isinstance(batch, int) and batch > 0:
            self.summary.batch.setValue(batch)
        QTimer.singleShot(0, self.view, self.view.show_network)
        self._update_dataset_label()

    def _update_dataset_label(self) -> None:
        name = self.model.dataset or "no dataset"
        classes = f", {self.model.num_classes} classes" if self.model.num_classes else ""
        self.dataset_label.setText(f"Data: {name}{classes}")

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.document.recent_files()
        for path in files:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.document.open(p))
        self.recent_menu.setEnabled(bool(files))

    # -- train state ---------------------------------------------------------------------------

    def train_block_reason(self) -> str | None:
        errors = self.model.analysis.errors
        if not errors:
            return None
        n = len(errors)
        return f"Fix {n} error{'s' if n != 1 else ''} before training. First: {errors[0]}"

    def update_train_state(self) -> None:
        reason = self.train_block_reason()
        train = self.actions.train
        train.setEnabled(reason is None and not self.training.is_running())
        if reason is None and self.training.is_running():
            tip = "A run is going: the network is read-only until it ends"
            self.train_label.setText(f"● Training ({self.training.state})")
            self.train_label.setStyleSheet("color: #1565c0;")
        elif reason is None:
            tip = f"Train the network on {self.model.dataset or 'the data'}"
            self.train_label.setText("✔ Ready to train")
            self.train_label.setStyleSheet("color: #2e7d32;")
        else:
            tip = reason
            n = len(self.model.analysis.errors)
            self.train_label.setText(f"{node_text.ERROR_MARK} {n} error{'s' if n != 1 else ''}: Train disabled")
            self.train_label.setStyleSheet("color: #c62828;")
            self.say(reason, 8000)
        train.setToolTip(tip)
        train.setStatusTip(tip)
        self.train_label.setToolTip(tip)

    def train(self) -> None:
        reason = self.train_block_reason()
        if reason:
            self.say(reason)
            return
        if not self.isSignalConnected(QMetaMethod.fromSignal(self.trainRequested)):
            self.say("Training is not wired into the window yet; use `playground train` meanwhile.")
            return
        self.trainRequested.emit()

    def start_training(self) -> None:
        """Train the network and settings as they are now, in a new run (Start / Train)."""
        if self.training.is_running():
            self.say("A run is already going: stop it first.")
            return
        self.training.start(self.document.current_project(), run_root_for(self.document))
        self.training_panel.run_started()
        self.training_dock.raise_()
        self.curves_dock.raise_()
        self.say("Training started: the network is read-only until the run ends.")

    @Slot(str)
    def _training_state_changed(self, state: str) -> None:
        self.set_network_read_only(state != IDLE)
        self.update_train_state()

    @Slot(object)
    def _training_finished(self, result) -> None:
        self.say(f"Training {result.status.replace('_', ' ')}: {result.message}", 15000)

    def set_network_read_only(self, locked: bool) -> None:
        """While a run goes on nothing may edit the network: no edit action, drop, drag or form."""
        a = self.actions
        for action in (a.new, a.open, a.paste, a.delete, a.template, a.dataset, a.arrange):
            action.setEnabled(not locked)
        a.undo.setEnabled(not locked and self.undo_stack.canUndo())
        a.redo.setEnabled(not locked and self.undo_stack.canRedo())
        self.recent_menu.setEnabled(not locked and bool(self.document.recent_files()))
        if locked:
            self.scene.cancel_gesture()
            a.train.setEnabled(False)
        self.view.setInteractive(not locked)
        self.view.setAcceptDrops(not locked)
        self.palette.setEnabled(not locked)
        if self.inspector.widget() is not None:
            self.inspector.widget().setEnabled(not locked)
        self.read_only_banner.setVisible(locked)
        if not locked:
            self.update_train_state()

    # -- network verbs with dialogs ------------------------------------------------------------

    def new_project(self) -> None:
        from playground.gui.template_dialog import TemplateDialog

        dialog = TemplateDialog(self, for_new_project=True, current=self.model)
        if dialog.exec():
            self.document.new(dialog.project())

    def apply_template(self) -> None:
        from playground.gui.template_dialog import TemplateDialog

        dialog = TemplateDialog(self, for_new_project=False, current=self.model)
        if dialog.exec():
            spec = dialog.network()
            self.undo_stack.push(ReplaceSpecCommand(self.model, spec, f"Apply template {dialog.template_name()}"))
            QTimer.singleShot(0, self.view, self.view.show_network)

    def choose_dataset(self) -> None:
        from playground.gui.dataset_dialog import DatasetDialog

        dialog = DatasetDialog(self, current=self.model.dataset, options=self.model.dataset_options)
        if dialog.exec():
            self.set_dataset(*dialog.choice())

    def set_dataset(self, name: str, input_shape, num_classes: int | None, options: dict | None = None) -> None:
        self.undo_stack.push(SetDatasetCommand(self.model, name, input_shape, num_classes, options))
        self.say(f"Dataset: {name}. The Input takes its {'×'.join(map(str, input_shape or ()))} samples"
                 + (f" and the output its {num_classes} classes." if num_classes else "."))

    # -- engine --------------------------------------------------------------------------------

    def start_engine(self) -> None:
        if not self.load_engine or self.loader is not None:
            return
        self.say("Loading TensorFlow…", 0)
        self.engine_label.setText("Engine: loading TensorFlow…")
        self.loader = EngineLoader(self)
        self.loader.loaded.connect(self._engine_loaded)
        self.loader.failed.connect(self._engine_failed)
        self.loader.start()

    @Slot(str)
    def _engine_loaded(self, device: str) -> None:
        self.engine_device = device
        self.training.prepare_views()  # figures built now, not as the first run starts tracing
        freeze_survivors()  # TensorFlow's, Keras's and the figures' objects: never worth a GC pass again
        self.engine_label.setText(f"Engine: {device}")
        self.say(f"TensorFlow ready: training will run on {device}.", 10000)
        self.engineReady.emit(device)

    @Slot(str)
    def _engine_failed(self, message: str) -> None:
        self.engine_label.setText("Engine: unavailable")
        self.engine_label.setToolTip(message)
        self.say(f"TensorFlow could not be loaded; editing works, training will not: {message}", 0)
        self.engineReady.emit("")

    # -- window events -------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self, self._after_first_show)

    def _after_first_show(self) -> None:
        self.firstShown.emit()
        self.start_engine()
        self.document.offer_recovery()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.training.is_running():
            if not prompts.ask_stop_training(self):
                event.ignore()
                return
            self.say("Stopping the training run…", 0)
            self.training.stop()
            self.training.wait()  # stop is honoured after the current batch; the run record is kept
        if not self.document.maybe_save():
            event.ignore()
            return
        settings().setValue("windowGeometry", self.saveGeometry())
        self.after_training.shutdown()
        self.document.closed_cleanly()
        self.scene.cancel_gesture()
        if self.loader is not None and self.loader.isRunning():
            self.say("Waiting for TensorFlow to finish loading…", 0)
            self.loader.wait()
        event.accept()
