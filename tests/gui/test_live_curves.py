"""The curves view on made-up events (no TensorFlow): per-batch values, the overfitting hint,
log scale, and a diverged run's inf/NaN losses."""

import math

import numpy as np

from playground.gui.live_curves import CurvesView, overfitting
from playground.training import BatchEnd, EpochEnd, Started


def started(initial_epoch=0, steps=4):
    return Started(None, None, initial_epoch, 5, steps, 8, 32, 8, 8, 100, 100, 1000, 0, ("d",), (), ("a", "b"),
                   np.zeros((1, 2)), np.zeros(1), "CPU", False)


def batches(epoch, means, steps=4):
    """BatchEnd events whose loss is Keras's running mean of ``means`` per batch."""
    out, running = [], []
    for step, value in enumerate(means):
        running.append(value)
        out.append(BatchEnd(epoch, step, epoch * steps + step, float(np.mean(running)),
                            {"accuracy": 0.5}, 1e-3, 100.0))
    return out


def test_overfitting_needs_two_rising_validation_epochs_while_training_falls():
    assert not overfitting([3, 2, 1], [3, 2, 1])
    assert not overfitting([3, 2, 1], [1, 2, 1.5])
    assert overfitting([3, 2, 1], [1, 1.2, 1.4])
    assert not overfitting([1, 2, 3], [1, 1.2, 1.4])  # both rising: not overfitting, just bad
    assert not overfitting([2, 1], [1, 2])  # too short to tell


def test_curves_show_each_batch_and_the_hint(qtbot, tmp_path):
    view = CurvesView()
    qtbot.addWidget(view)
    view.reset(started())
    train, val = [2.0, 1.5, 1.2, 1.0, 0.9], [1.0, 1.1, 1.3, 1.6, 1.9]
    for epoch in range(5):
        view.take(batches(epoch, [4.0, 2.0, 3.0, 1.0]))
        view.take([EpochEnd(epoch, {"loss": train[epoch], "accuracy": 0.5},
                            {"loss": val[epoch], "accuracy": 0.4}, 1e-3, 1.0, 100.0)])
    view.show()
    view.redraw()
    assert view.batch_loss[:4] == [4.0, 2.0, 3.0, 1.0]  # the running means undone
    assert view.batch_x[3] == 1.0 and len(view.lines["loss_val"].get_data()[0]) == 5
    assert view.hint.isVisible() and "Overfitting" in view.hint.text()
    view.log_scale.setChecked(True)
    assert view.ax_loss.get_yscale() == "log"
    view.save_png(tmp_path / "c.png")
    assert (tmp_path / "c.png").stat().st_size > 5000


def test_a_continue_extends_and_a_new_run_clears(qtbot):
    view = CurvesView()
    qtbot.addWidget(view)
    view.reset(started())
    view.take(batches(0, [1.0, 1.0, 1.0, 1.0]))
    view.reset(started(initial_epoch=1))
    view.take(batches(1, [1.0, 1.0]))
    assert len(view.batch_x) == 6
    view.reset(started())
    assert view.batch_x == []


def test_a_diverged_loss_still_draws(qtbot):
    view = CurvesView()
    qtbot.addWidget(view)
    view.reset(started())
    view.take(batches(0, [2.0, 1e30]) + [BatchEnd(0, 2, 2, math.inf, {"accuracy": 0.1}, 10.0, 100.0),
                                         BatchEnd(0, 3, 3, math.nan, {}, 10.0, 100.0)])
    view.redraw()
    ys = view.lines["loss_raw"].get_data()[1]
    assert np.isfinite(ys[0]) and np.isnan(ys[-1])


def test_in_range_updates_are_blitted_and_only_a_grown_range_draws_fully(qtbot, tmp_path):
    view = CurvesView()
    qtbot.addWidget(view)
    view.resize(900, 300)
    view.show()
    qtbot.waitExposed(view)
    view.reset(started())  # 5 planned epochs of 4 steps: x spans 0..5 from the start
    view.take(batches(0, [2.0, 1.5, 1.2, 1.0]))
    view.redraw()
    qtbot.waitUntil(lambda: view.blitter.full_draws >= 1 and view.blitter.background is not None)
    full = view.blitter.full_draws
    assert view.ax_loss.get_xlim() == (0, 5)
    for epoch in range(1, 5):  # values inside the ranges: every redraw blits, none draws the figure
        view.take(batches(epoch, [1.0, 0.8, 0.9, 0.7]))
        view.take([EpochEnd(epoch, {"loss": 0.8, "accuracy": 0.6}, {"loss": 0.9, "accuracy": 0.5}, 1e-3, 1.0, 1.0)])
        view.redraw()
        qtbot.wait(1)  # a pending draw_idle would run here
    assert view.blitter.full_draws == full
    assert len(view.lines["loss_raw"].get_xdata()) == 20
    view.take(batches(5, [50.0]))  # above the loss range, and past the planned epochs
    view.redraw()
    qtbot.waitUntil(lambda: view.blitter.full_draws > full)
    assert view.ax_loss.get_ylim()[1] >= 50 and view.ax_loss.get_xlim() == (0, 8)
    view.log_scale.setChecked(True)  # a full draw, with plain tick labels (mathtext draws slowly)
    full = view.blitter.full_draws
    qtbot.waitUntil(lambda: view.blitter.full_draws > full)
    labels = [t.get_text() for t in view.ax_loss.get_yticklabels()]
    assert labels and not any("$" in t for t in labels)
    view.grab().save(str(tmp_path / "curves.png"))
