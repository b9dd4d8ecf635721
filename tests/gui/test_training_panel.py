"""Training from the window: real (tiny) runs started, paused, stopped and closed through the GUI.

Each run trains a net of a few hundred weights on the embedded 8x8 digits (20 batches of 64 per
epoch), so a test takes seconds; the waits are on signals and conditions, never on sleeps.
"""

import json
import threading
import time
import weakref

import pytest

from playground.data import DataConfig
from playground.gui.main_window import MainWindow
from playground.gui.training_controller import run_root_for
from playground.network import chain
from playground.project import Project
from playground.training import BatchEnd, Paused
from playground.training.config import TrainingConfig

RUN_MS = 90_000


def tiny_project(linear: bool = False, **training) -> Project:
    act = "linear" if linear else "relu"
    network = chain([
        ("Input", {"shape": (8, 8, 1)}),
        ("Conv2D", {"filters": 4, "activation": act}),
        ("MaxPooling2D", {}),
        ("Flatten", {}),
        ("Dense", {"units": 10, "activation": "linear" if linear else "softmax"}),
    ], name="tiny")
    config = TrainingConfig(**{"epochs": 2, "batch_size": 64, "early_stopping": False, **training})
    return Project(name="tiny", network=network, data=DataConfig(dataset="digits"), training=config)


class CountingView:
    """A LiveView that records how often it was fed and drawn, and what."""

    def __init__(self):
        self.resets, self.takes, self.redraws, self.events = 0, 0, 0, []

    def reset(self, started):
        self.resets += 1

    def take(self, events):
        self.takes += 1
        self.events.extend(events)

    def redraw(self):
        self.redraws += 1


class BatchLog:
    """A session listener (training thread): each batch, and whether stop was already asked."""

    def __init__(self, session):
        self.session = session
        self.lock = threading.Lock()
        self.batches = 0
        self.after_stop = 0
        self.paused = 0

    def __call__(self, event):
        with self.lock:
            if isinstance(event, BatchEnd):
                self.batches += 1
                self.after_stop += self.session.control.stop_requested
            elif isinstance(event, Paused):
                self.paused += 1


@pytest.fixture
def window(qtbot):
    made = []

    def make(project):
        w = MainWindow(project=project)
        w.resize(1400, 900)
        w.show()
        made.append(w)
        return w

    yield make
    for w in made:
        try:
            if w.training.is_running():
                w.training.stop()
                w.training.wait()
            w.close()
        except RuntimeError:
            pass  # already closed and deleted by the test


def start(qtbot, w):
    with qtbot.waitSignal(w.training.runStarted, timeout=RUN_MS):
        w.training_panel.start_button.click()
    log = BatchLog(w.training.session)
    w.training.session.add_listener(log)
    return log


def test_a_run_from_the_panel_finishes_and_the_curves_hold_its_data(qtbot, window, answers, tmp_path):
    w = window(tiny_project(epochs=2))
    counter = CountingView()
    w.training.add_view(counter)
    began = time.monotonic()
    w.training_panel.start_button.click()
    assert w.training.is_running() and w.read_only_banner.isVisible()
    assert "Training" in w.train_label.text()  # the status bar no longer says "Ready to train"
    assert not w.palette.isEnabled() and not w.view.isInteractive() and not w.actions.delete.isEnabled()
    assert not w.training_panel.start_button.isEnabled() and w.training_panel.stop_button.isEnabled()
    with qtbot.waitSignal(w.training.runFinished, timeout=RUN_MS) as finished:
        pass
    seconds = time.monotonic() - began
    result = finished.args[0]
    assert result.status == "completed", result.message
    assert "Completed" in w.training_panel.status_text()
    assert w.training_panel.epoch_bar.value() == 2 and w.training_panel.batch_bar.value() == 20

    curves = w.curves
    assert len(curves.batch_x) == 40 and len(curves.val_loss) == 2
    xs, ys = curves.lines["loss_ema"].get_data()
    assert len(xs) == 40 and ys[-1] < ys[0]  # it learned something
    assert len(curves.lines["accuracy_val"].get_data()[0]) == 2
    assert len(curves.lines["lr"].get_data()[0]) == 40

    # events came in batches, drawing at a bounded rate, never once per event
    batches = sum(isinstance(e, BatchEnd) for e in counter.events)
    assert batches == 40 and counter.resets == 1
    assert counter.takes < batches and counter.redraws <= seconds * 20 + 2

    # the network is editable again, the run is recorded and the model handed over
    assert not w.read_only_banner.isVisible() and w.palette.isEnabled() and w.view.isInteractive()
    assert "Ready to train" in w.train_label.text()
    assert w.training_panel.continue_button.isEnabled()
    model, splits = w.training.trained()
    assert model.count_params() > 0 and len(splits.test[0]) > 0
    info = json.loads((run_root_for(w.document) / result.run_dir.rsplit("/", 1)[-1] / "run.json").read_text())
    assert info["status"] == "completed"

    answers.answers["export_path"] = str(tmp_path / "curves.png")
    curves.save_png_button.click()
    answers.answers["export_path"] = str(tmp_path / "curves.csv")
    curves.save_csv_button.click()
    assert (tmp_path / "curves.png").stat().st_size > 5000
    rows = (tmp_path / "curves.csv").read_text().splitlines()
    assert len(rows) == 1 + 40 + 2 and rows[-1].startswith("epoch,2,")

    # Continue trains the same session further; an edit afterwards means a new run instead
    with qtbot.waitSignal(w.training.runFinished, timeout=RUN_MS) as more:
        w.training_panel.extra_epochs.setValue(1)
        w.training_panel.continue_button.click()
    assert more.args[0].status == "completed" and more.args[0].epochs_completed == 3
    assert len(curves.batch_x) == 60 and len(curves.val_loss) == 3
    w.training_panel.form.editors["epochs"].setValue(4)
    assert w.document.project.training.epochs == 4 and w.document.is_modified()
    assert not w.training_panel.continue_button.isEnabled()


def test_stop_ends_the_run_within_one_batch(qtbot, window):
    w = window(tiny_project(epochs=200))
    log = start(qtbot, w)
    qtbot.waitUntil(lambda: log.batches >= 3, timeout=RUN_MS)
    with qtbot.waitSignal(w.training.runFinished, timeout=RUN_MS) as finished:
        w.training_panel.stop_button.click()
        assert w.training.state == "stopping"
    assert finished.args[0].status == "stopped"
    assert log.after_stop <= 1, f"{log.after_stop} batches ran after the stop request"
    assert "Stopped" in w.training_panel.status_text()
    assert not w.training.is_running() and w.training_panel.start_button.isEnabled()


def test_pause_holds_training_and_resume_goes_on(qtbot, window):
    w = window(tiny_project(epochs=200))
    log = start(qtbot, w)
    qtbot.waitUntil(lambda: log.batches >= 2, timeout=RUN_MS)
    w.training_panel.pause_button.click()
    assert w.training.state == "paused" and w.training_panel.pause_button.text() == "Resume"
    qtbot.waitUntil(lambda: log.paused == 1, timeout=RUN_MS)
    held = log.batches
    qtbot.wait(300)  # nothing may happen while paused
    assert log.batches == held and w.training.is_running()
    w.training_panel.pause_button.click()
    assert w.training.state == "running"
    qtbot.waitUntil(lambda: log.batches >= held + 3, timeout=RUN_MS)
    with qtbot.waitSignal(w.training.runFinished, timeout=RUN_MS):
        w.training.stop()


def test_closing_during_training_asks_stops_and_keeps_the_record(qtbot, window, answers):
    w = window(tiny_project(epochs=200))
    log = start(qtbot, w)
    qtbot.waitUntil(lambda: log.batches >= 2, timeout=RUN_MS)
    root = run_root_for(w.document)
    answers.answers["ask_stop_training"] = False
    w.close()
    assert w.isVisible() and w.training.is_running()
    answers.answers["ask_stop_training"] = True
    controller = w.training
    worker = controller._worker
    assert w.close()
    assert answers.asked.count("ask_stop_training") == 2
    assert not worker.is_alive() and not controller.is_running()
    (run,) = [p for p in root.iterdir() if p.is_dir()]
    assert json.loads((run / "run.json").read_text())["status"] == "stopped"


def test_a_huge_learning_rate_is_reported_as_diverged(qtbot, window):
    w = window(tiny_project(linear=True, optimizer="sgd", learning_rate=10.0, momentum=0.9, epochs=5))
    with qtbot.waitSignal(w.training.runFinished, timeout=RUN_MS) as finished:
        w.training_panel.start_button.click()
    assert finished.args[0].status == "diverged"
    text = w.training_panel.status_text()
    assert "Diverged" in text and "Lower the learning rate" in text
    assert w.training.trained() is None and not w.training_panel.continue_button.isEnabled()
    w.curves.redraw()  # inf/NaN values still draw


class RedrawLog(CountingView):
    """Notes how many batches it had been given at each redraw."""

    def __init__(self):
        super().__init__()
        self.batches_at_redraw = []

    def redraw(self):
        super().redraw()
        self.batches_at_redraw.append(sum(isinstance(e, BatchEnd) for e in self.events))


def test_views_wait_for_the_first_batch_while_tensorflow_traces(qtbot, window):
    """Redraws between Started and the first batch fought TensorFlow's tracing for the GIL."""
    w = window(tiny_project(epochs=1))
    log = RedrawLog()
    w.training.add_view(log)
    with qtbot.waitSignal(w.training.runFinished, timeout=RUN_MS):
        w.training_panel.start_button.click()
    assert log.resets == 1 and len(log.batches_at_redraw) >= 2
    assert all(n > 0 for n in log.batches_at_redraw), log.batches_at_redraw


def test_a_run_starts_after_the_draws_start_caused_but_never_waits_long(qtbot, window):
    """Start raises docks, whose first draws took turns at the GIL with the model being built."""
    from playground.gui import blit

    w = window(tiny_project(epochs=1))
    w.curves_dock.raise_()
    w.curves.prepare()
    qtbot.waitUntil(lambda: w.curves.canvas.isVisible() and not blit.rendering(), timeout=10_000)
    holding, release = threading.Event(), threading.Event()

    def hold_the_render():
        with blit._RENDER_LOCK:
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold_the_render)
    holder.start()
    try:
        holding.wait(2)
        w.curves.blitter.request_full()  # a draw that cannot finish while the lock is held
        qtbot.waitUntil(blit.rendering, timeout=2000)
        w.training_panel.start_button.click()
        assert w.training.is_running()
        qtbot.wait(200)  # the event loop runs: the thread waits for the draw ...
        assert not w.training._worker.started
        qtbot.waitUntil(lambda: w.training._worker.started, timeout=2000)  # ... half a second at most
        assert blit.rendering()
    finally:
        release.set()
        holder.join()
    qtbot.waitUntil(lambda: not w.training.is_running(), timeout=RUN_MS)
    assert w.training.last_result.status == "completed"


class Cyclic:
    """An object that only the cycle collector can free (it refers to itself)."""

    def __init__(self):
        self.me = self


def test_what_dies_in_reference_cycles_during_a_run_is_freed_when_it_ends(qtbot, window):
    """A run hides the heap from full GC passes (they stalled the window, see gc_policy); that
    must not turn into a leak: a cycle dropped mid-run is freed once the run is over."""
    w = window(tiny_project(epochs=1))
    held = Cyclic()
    freed = weakref.ref(held)
    start(qtbot, w)
    del held
    with qtbot.waitSignal(w.training.runFinished, timeout=RUN_MS):
        pass
    assert freed() is None


def test_invalid_settings_are_refused_with_a_message(qtbot, window):
    w = window(tiny_project())
    form, panel = w.training_panel.form, w.training_panel
    form.editors["schedule"].setCurrentText("cosine_warmup")  # 2 warm-up epochs of 2: nothing left to decay
    assert "warmup_epochs must be fewer than epochs" in panel.message_label.text()
    assert not panel.message_label.isHidden()
    assert w.document.project.training.schedule == "constant" == form.editors["schedule"].currentText()
    assert not w.document.is_modified()
    form.editors["epochs"].setValue(10)
    form.editors["schedule"].setCurrentText("cosine_warmup")
    assert w.document.project.training.schedule == "cosine_warmup" and panel.message_label.isHidden()
    assert form.editors["warmup_epochs"].isEnabled() and not form.editors["momentum"].isEnabled()
    form.data_editors["train"].setValue(60)  # test takes up the rest
    assert w.document.project.data.ratios == pytest.approx((0.6, 0.15, 0.25))
    w.undo_stack.undo()
    assert w.document.project.data.ratios == pytest.approx((0.7, 0.15, 0.15))
    assert form.data_editors["train"].value() == pytest.approx(70)
