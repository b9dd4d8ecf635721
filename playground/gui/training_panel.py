"""The Training dock: settings, the run buttons, progress with ETA and speed, and how the run ended.

The panel is itself a LiveView of the controller: it stores the latest batch/epoch numbers in
``take`` and updates its bars and labels in ``redraw``, at the controller's bounded rate.
Start asks the window (``startRequested``), which knows the edited network; Pause/Resume, Stop
and Continue talk to the controller directly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.gui.training_controller import IDLE, PAUSED, RUNNING, STOPPING, TrainingController
from playground.gui.training_form import TrainingForm
from playground.training.events import BatchEnd, EpochEnd, Event, Finished, Started
from playground.training.progress import fmt_duration

STATUS_TEXT = {
    "completed": ("✔ Completed", "#2e7d32"),
    "early_stopped": ("✔ Stopped early", "#2e7d32"),
    "stopped": ("■ Stopped", "#ef6c00"),
    "diverged": ("✖ Diverged", "#c62828"),
    "out_of_memory": ("✖ Out of memory", "#c62828"),
    "failed": ("✖ Failed", "#c62828"),
}


class ReadOnlyBanner(QLabel):
    """A strip across the top of the canvas while a run holds the network read-only."""

    TEXT = "Training… the network is read-only until the run ends"

    def __init__(self, host: QWidget) -> None:
        super().__init__(self.TEXT, host)
        self.setObjectName("readOnlyBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("background: rgba(255, 193, 7, 230); color: #3e2723; font-weight: bold;"
                           " padding: 6px; border-bottom: 1px solid #ff8f00;")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        host.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def showEvent(self, event) -> None:  # noqa: N802
        self._place()
        super().showEvent(event)

    def _place(self) -> None:
        host = self.parentWidget()
        self.setGeometry(0, 0, host.width(), self.sizeHint().height())
        self.raise_()


class TrainingPanel(QWidget):
    """Settings form + Start / Pause-Resume / Stop / Continue + progress (a LiveView)."""

    startRequested = Signal()

    def __init__(self, controller: TrainingController, document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingPanel")
        self.controller = controller
        self.document = document
        self.edited_since_run = True  # Continue needs the network and settings the run used
        self.form = TrainingForm(document)
        self.form.rejected.connect(self._rejected)

        self.start_button = QPushButton("▶ Start")
        self.start_button.setToolTip("Train the network as it is now, in a new run")
        self.pause_button = QPushButton("Pause")
        self.stop_button = QPushButton("■ Stop")
        self.stop_button.setToolTip("End the run after the current batch; the model so far is kept")
        self.continue_button = QPushButton("Continue")
        self.continue_button.setToolTip("Train the finished run further, same weights and optimizer state")
        self.extra_epochs = QSpinBox()
        self.extra_epochs.setRange(1, 100_000)
        self.extra_epochs.setValue(5)
        self.extra_epochs.setPrefix("+")
        self.extra_epochs.setSuffix(" epochs")
        self.start_button.clicked.connect(self.startRequested)
        self.pause_button.clicked.connect(self._pause_clicked)
        self.stop_button.clicked.connect(controller.stop)
        self.continue_button.clicked.connect(self._continue_clicked)

        self.epoch_bar = QProgressBar()
        self.epoch_bar.setFormat("epoch %v / %m")
        self.batch_bar = QProgressBar()
        self.batch_bar.setFormat("batch %v / %m")
        self.speed_label = QLabel("–")
        self.metrics_label = QLabel("–")
        self.metrics_label.setWordWrap(True)
        self.status_label = QLabel("Not trained yet.")
        self.status_label.setObjectName("trainingStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #c62828;")
        self.message_label.hide()

        buttons = QGridLayout()
        buttons.addWidget(self.start_button, 0, 0)
        buttons.addWidget(self.pause_button, 0, 1)
        buttons.addWidget(self.stop_button, 0, 2)
        cont = QHBoxLayout()
        cont.addWidget(self.continue_button)
        cont.addWidget(self.extra_epochs)
        buttons.addLayout(cont, 1, 0, 1, 3)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        for w in (self.epoch_bar, self.batch_bar, self.speed_label, self.metrics_label, self.status_label,
                  self.message_label):
            layout.addWidget(w)
        layout.addWidget(scroll, 1)

        self._clear_progress()
        controller.add_view(self)
        controller.stateChanged.connect(self._state_changed)
        controller.runFinished.connect(self._run_finished)
        document.undo_stack.indexChanged.connect(self._project_edited)
        document.projectOpened.connect(self._project_opened)
        self._state_changed(controller.state)

    # -- LiveView ------------------------------------------------------------------------------

    def _clear_progress(self) -> None:
        self._epochs, self._steps, self._batch_size = 1, 1, 1
        self._epoch, self._step = 0, -1
        self._rate = 0.0  # steps per second, smoothed
        self._samples_per_s = 0.0
        self._last: dict[str, float] = {}
        self._val: dict[str, float] = {}
        self._finished: Finished | None = None

    def reset(self, started: Started) -> None:
        self._clear_progress()
        self._epochs, self._steps = started.epochs, max(1, started.steps_per_epoch)
        self._batch_size = max(1, started.batch_size)
        self._epoch = started.initial_epoch
        self.epoch_bar.setRange(0, started.epochs)
        self.batch_bar.setRange(0, self._steps)
        self.status_label.setStyleSheet("")
        self.status_label.setText(
            f"Training on {started.device}: {started.train_samples:,} train / {started.val_samples:,} val "
            f"samples, {started.total_params:,} parameters.")

    def take(self, events: Sequence[Event]) -> None:
        for e in events:
            if isinstance(e, BatchEnd):
                self._epoch, self._step = e.epoch, e.step
                if e.samples_per_second > 0:
                    rate = e.samples_per_second / self._batch_size
                    self._rate = rate if self._rate == 0 else 0.9 * self._rate + 0.1 * rate
                    self._samples_per_s = self._rate * self._batch_size
                self._last = {"loss": e.loss, **e.metrics}
            elif isinstance(e, EpochEnd):
                self._val = dict(e.val)
            elif isinstance(e, Finished):
                self._finished = e

    def redraw(self) -> None:
        done_epochs = self._epoch + (1 if self._step + 1 >= self._steps else 0)
        self.epoch_bar.setValue(min(done_epochs, self._epochs))  # the bar fills with finished epochs
        self.epoch_bar.setFormat(f"epoch {min(self._epoch + 1, self._epochs)} / %m")
        self.batch_bar.setValue(max(0, self._step + 1))
        left = (self._epochs - self._epoch - 1) * self._steps + (self._steps - self._step - 1)
        eta = left / self._rate if self._rate > 0 else math.nan
        if self._rate > 0 and self.controller.is_running():
            self.speed_label.setText(f"{self._samples_per_s:,.0f} samples/s   ETA {fmt_duration(eta)}")
        parts = [f"{k} {v:.4g}" for k, v in self._last.items() if k in ("loss", "accuracy")]
        parts += [f"val {k} {v:.4g}" for k, v in self._val.items() if k in ("loss", "accuracy")]
        if parts:
            self.metrics_label.setText("   ".join(parts))
        if self._finished is not None:
            self._show_result(self._finished)

    # -- results -------------------------------------------------------------------------------

    def _show_result(self, result: Finished) -> None:
        head, color = STATUS_TEXT.get(result.status, (result.status, "#000"))
        test = result.test.get("accuracy")
        extra = f" Test accuracy {test:.1%}." if test is not None else ""
        self.status_label.setStyleSheet(f"color: {color};")
        self.status_label.setText(f"<b>{head}</b> — {result.message}{extra}")
        self.speed_label.setText(f"{result.epochs_completed} epoch(s) in {fmt_duration(result.seconds)}")

    @Slot(object)
    def _run_finished(self, result: Finished) -> None:
        self._finished = result
        self._show_result(result)
        self._state_changed(self.controller.state)

    def status_text(self) -> str:
        return self.status_label.text()

    # -- buttons -------------------------------------------------------------------------------

    @Slot(str)
    def _state_changed(self, state: str) -> None:
        running = state != IDLE
        self.start_button.setEnabled(not running)
        self.pause_button.setEnabled(state in (RUNNING, PAUSED))
        self.pause_button.setText("Resume" if state == PAUSED else "Pause")
        self.stop_button.setEnabled(state in (RUNNING, PAUSED))
        can_continue = not running and self.controller.can_continue() and not self.edited_since_run
        self.continue_button.setEnabled(can_continue)
        self.extra_epochs.setEnabled(can_continue)
        self.form.setEnabled(not running)
        if state == STOPPING:
            self.status_label.setText("Stopping after this batch…")
        elif state == PAUSED:
            self.speed_label.setText("Paused.")

    def _pause_clicked(self) -> None:
        if self.controller.state == PAUSED:
            self.controller.resume()
        else:
            self.controller.pause()

    def _continue_clicked(self) -> None:
        self.controller.continue_training(self.extra_epochs.value())

    def run_started(self) -> None:
        """The window started a run of the project as it is now: Continue may follow it."""
        self.edited_since_run = False
        self.message_label.hide()

    @Slot()
    def _project_edited(self, *_args) -> None:
        self.message_label.hide()
        if not self.controller.is_running():
            self.edited_since_run = True
            self._state_changed(self.controller.state)

    @Slot()
    def _project_opened(self) -> None:
        self.edited_since_run = True
        self.form.load()
        self._state_changed(self.controller.state)

    @Slot(str)
    def _rejected(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.show()
