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


def test_closing_a_view_mid_render_leaves_no_thread(qtbot):
    view = shown_curves(qtbot)
    with blit._RENDER_LOCK:
        view.take(batches(0, [2.0, 1.5]))
        view.redraw()
        qtbot.waitUntil(lambda: view.blitter.busy, timeout=2000)
    view.close()  # hideEvent waits for the render
    assert not view.blitter.busy
    assert not [t for t in threading.enumerate() if t.name == "blit-render"]
