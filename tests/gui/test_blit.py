"""Full matplotlib draws of the live curves run in a background thread, never in the GUI thread."""

from __future__ import annotations

import threading

from playground.gui import blit
from playground.gui.live_curves import CurvesView
from tests.gui.test_live_curves import batches, started


def shown_curves(qtbot) -> CurvesView:
    view = CurvesView()
    qtbot.addWidget(view)
    view.resize(900, 300)
    view.show()
    qtbot.waitExposed(view)
    view.reset(started())
    return view


def test_a_full_draw_renders_off_the_gui_thread_and_the_view_catches_up_after(qtbot):
    view = shown_curves(qtbot)
    drawn_in = []
    view.prepare()
    view.canvas.mpl_connect("draw_event", lambda event: drawn_in.append(threading.current_thread().name))
    with blit._RENDER_LOCK:  # hold the render: the GUI thread must carry on meanwhile
        view.take(batches(0, [2.0, 1.5]))
        view.redraw()
        qtbot.waitUntil(lambda: view.blitter.busy, timeout=2000)
        view.take(batches(0, [1.2, 1.0]))
        view.redraw()  # busy: the figure is left alone, the new batches wait
        assert len(view.lines["loss_raw"].get_xdata()) == 2
    qtbot.waitUntil(lambda: not view.blitter.busy and view.blitter.full_draws >= 1, timeout=5000)
    assert drawn_in and threading.main_thread().name not in drawn_in
    assert view.blitter.background is not None
    qtbot.waitUntil(lambda: len(view.lines["loss_raw"].get_xdata()) == 4, timeout=2000)  # caught up


def test_resizing_a_view_mid_render_does_not_wait_for_the_render(qtbot):
    """Start raises docks, which resizes canvases; waiting there for a render stalled the window."""
    view = shown_curves(qtbot)
    view.prepare()
    holding, release, timed_out = threading.Event(), threading.Event(), []

    def hold_the_render():
        with blit._RENDER_LOCK:
            holding.set()
            if not release.wait(5):
                timed_out.append(True)

    holder = threading.Thread(target=hold_the_render)
    holder.start()
    holding.wait(2)
    view.take(batches(0, [2.0, 1.5]))
    view.redraw()
    qtbot.waitUntil(lambda: view.blitter.busy, timeout=2000)
    view.resize(700, 260)
    qtbot.waitUntil(lambda: view.canvas.width() < 700, timeout=2000)  # Qt laid the canvas out at once
    assert not timed_out and view.blitter.busy  # ... without waiting for the held render
    release.set()
    holder.join()
    ratio = view.canvas.device_pixel_ratio

    def drawn_at_new_size():
        width, height = view.blitter._size
        return not view.blitter.busy and (round(width), round(height)) == (
            view.canvas.width() * ratio, view.canvas.height() * ratio)

    qtbot.waitUntil(drawn_at_new_size, timeout=5000)  # the figure followed, and was drawn at that size


def test_closing_a_view_mid_render_waits_for_the_render(qtbot):
    view = shown_curves(qtbot)
    with blit._RENDER_LOCK:
        view.take(batches(0, [2.0, 1.5]))
        view.redraw()
        qtbot.waitUntil(lambda: view.blitter.busy, timeout=2000)
    view.close()  # hideEvent waits for the render
    assert not view.blitter.busy and view.blitter.full_draws == 1


def test_renders_share_one_long_lived_thread(qtbot):
    """Starting a thread per render blocked the GUI thread in Thread.start() while training traced."""
    views = [shown_curves(qtbot) for _ in range(2)]
    for round_ in range(2):
        for view in views:
            view.take(batches(round_, [2.0 * 10 ** round_, 1.5]))
            view.redraw()
        qtbot.waitUntil(lambda n=round_: all(not v.blitter.busy and v.blitter.full_draws > n for v in views),
                        timeout=5000)
    assert [t.name for t in threading.enumerate()].count("blit-render") == 1
