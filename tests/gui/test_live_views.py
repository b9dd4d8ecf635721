"""Live views (kernels, feature maps, norms) fed synthetic training events: what a learner sees after
a snapshot arrives, and that their choices (layer, colour scale, sample) change the picture."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

from playground.gui.live_feature_maps import FeatureMapView
from playground.gui.live_kernels import NO_CONV, KernelView
from playground.gui.live_norms import NormsView
from playground.gui.live_view import LiveView
from playground.training.events import BatchEnd, EpochEnd, Snapshot, Started

CLASSES = tuple("zero one two three four five six seven eight nine".split())
LAYERS = ("conv2d", "max_pooling2d", "conv2d_1", "flatten", "dense")


def started(channels: int = 1, side: int = 8, kernel_layers=("conv2d", "conv2d_1"), initial_epoch: int = 0,
            layers=LAYERS) -> Started:
    probe = np.random.default_rng(1).random((3, side, side, channels)).astype(np.float32)
    return Started(None, None, initial_epoch, 3, 10, 16, 160, 48, 48, 1000, 1000, 0, 0, layers,
                   tuple(kernel_layers), CLASSES, probe, np.array([3, 1, 4]), "CPU", False)


def snapshot(step: int, channels: int = 1, side: int = 8, grad_first: float = 1e-2, seed: int = 0) -> Snapshot:
    rng = np.random.default_rng(seed + step)
    half = side // 2
    activations = {
        "conv2d": rng.random((3, side, side, 8), dtype=np.float32),
        "max_pooling2d": rng.random((3, half, half, 8), dtype=np.float32),
        "conv2d_1": rng.random((3, half, half, 16), dtype=np.float32),
        "flatten": rng.random((3, 16 * half * half), dtype=np.float32),
        "dense": rng.random((3, 10), dtype=np.float32),
    }
    kernels = {"conv2d": rng.normal(size=(3, 3, channels, 8)).astype(np.float32),
               "conv2d_1": rng.normal(size=(3, 3, 8, 16)).astype(np.float32)}
    return Snapshot(step // 10, step % 10, step, 0.1 * step, kernels=kernels, activations=activations,
                    weight_norms={"conv2d": 1.0, "conv2d_1": 2.0, "dense": 3.0 + 0.01 * step},
                    grad_norms={"conv2d": grad_first, "conv2d_1": 0.1, "dense": 1.0})


def pixels(image: QImage) -> bytes:
    return bytes(image.constBits())


@pytest.fixture
def show(qtbot):
    def _show(view):
        qtbot.addWidget(view)
        view.resize(520, 600)
        view.show()
        qtbot.waitExposed(view)
        return view
    return _show


def test_views_follow_the_live_view_protocol():
    assert isinstance(KernelView(), LiveView)
    assert isinstance(FeatureMapView(), LiveView)
    assert isinstance(NormsView(), LiveView)


def test_kernel_view_draws_one_mosaic_of_the_chosen_layer(show):
    view = show(KernelView())
    view.reset(started())
    assert view.canvas.qimage is None  # nothing before a snapshot
    view.take([BatchEnd(0, 0, 0, 1.0, {}, 0.01, 100.0), snapshot(1), snapshot(2)])
    view.redraw()
    # conv2d: 8 single-channel 3x3 kernels on a 3x3 grid with 1-pixel frames: 3*3+4 = 13 pixels square
    assert view.canvas.image_size() == (13, 13)
    assert view.canvas.mosaic.image.ndim == 2  # grey tiles (the frame around them is blue-grey)
    grey = view.canvas.qimage.pixelColor(1, 1)
    assert grey.red() == grey.green() == grey.blue()
    assert "8 kernels of 3\u00d73\u00d71" in view.caption.text() and "after 2 training steps" in view.caption.text()
    assert view.canvas.target_rect().width() >= 13 * 8  # enlarged to fill the widget, not a stamp
    before = pixels(view.canvas.qimage)
    view.set_layer("conv2d_1")  # 8 inputs x 16 kernels: rows = inputs, columns = kernels
    assert view.canvas.image_size() == (16 * 3 + 17, 8 * 3 + 9)
    assert "conv2d_1" in view.caption.text()
    view.set_layer("conv2d")
    assert pixels(view.canvas.qimage) == before
    view.set_scale("per_kernel")
    assert pixels(view.canvas.qimage) != before
    assert view.canvas.tile_at(*_centre_of_tile(view, 0)) == 0


def _centre_of_tile(view: KernelView, index: int) -> tuple[float, float]:
    rect = view.canvas.target_rect()
    iw, ih = view.canvas.image_size()
    y, x = view.canvas.mosaic.tile_origin(index)
    th, tw = view.canvas.mosaic.tile_shape
    return rect.left() + (x + tw / 2) * rect.width() / iw, rect.top() + (y + th / 2) * rect.height() / ih


def test_kernel_view_shows_rgb_first_layer_in_colour(show):
    view = show(KernelView())
    view.reset(started(channels=3, side=16))
    view.take([snapshot(1, channels=3, side=16)])
    view.redraw()
    assert view.canvas.mosaic.image.shape[-1] == 3
    assert "one colour picture per kernel" in view.caption.text()
    rgb = view.canvas.qimage.pixelColor(2, 2)  # inside tile 0
    assert len({rgb.red(), rgb.green(), rgb.blue()}) > 1


def test_kernel_view_says_when_there_are_no_conv_layers(show):
    view = show(KernelView())
    view.reset(started(kernel_layers=(), layers=("dense",)))
    assert view.caption.text() == NO_CONV
    assert view.layer_box.count() == 0


def test_feature_map_view_shows_input_then_every_layer_and_follows_the_sample(show, qtbot):
    view = show(FeatureMapView())
    view.reset(started())
    assert list(view.rows) == ["input"]
    assert view.sample_box.currentText() == "Sample 1: three"
    view.take([snapshot(5)])
    view.redraw()
    assert list(view.rows) == ["input", *LAYERS]
    conv = view.rows["conv2d"]
    assert conv.canvas.image_size() == (3 * 8 + 4, 3 * 8 + 4)  # 8 channels of 8x8 on a 3x3 grid
    assert "8\u00d78\u00d78" in conv.label.text()
    assert "predicts" in view.rows["dense"].label.text()
    qtbot.waitUntil(lambda: conv.canvas.isVisible() and conv.canvas.height() == conv.canvas.sizeHint().height())
    assert conv.canvas.height() >= 3 * 28  # enlarged so an 8x8 map is readable
    before_input = pixels(view.rows["input"].canvas.qimage)
    before_conv = pixels(conv.canvas.qimage)
    view.set_sample(2)
    assert "Sample 3: four" in view.rows["input"].label.text()
    assert pixels(view.rows["input"].canvas.qimage) != before_input
    assert pixels(conv.canvas.qimage) != before_conv
    view.take([snapshot(6)])
    view.redraw()
    assert view.rows["conv2d"] is conv  # rows are reused, only their image changes


def test_norms_view_holds_one_line_per_layer_and_warns_of_vanishing_gradients(show, qtbot):
    view = show(NormsView())
    view.reset(started())
    view.take([snapshot(k) for k in range(1, 6)] + [EpochEnd(0, {}, {}, 0.01, 1.0, 100.0)])
    view.redraw()
    assert len(view.grad_axes.lines) == len(view.weight_axes.lines) == 3
    assert [line.get_label() for line in view.grad_axes.lines] == ["conv2d", "conv2d_1", "dense"]
    assert list(view.grad_axes.lines[2].get_xdata()) == [1, 2, 3, 4, 5]
    assert view.grad_axes.get_yscale() == "log"
    assert "good shape" in view.hint.text()
    view.take([snapshot(6, grad_first=1e-6)])
    view.redraw()
    assert "Vanishing gradients" in view.hint.text() and "6 orders" in view.hint.text()
    qtbot.waitUntil(lambda: view.full_draws >= 1 and view._background is not None)
    full = view.full_draws
    for k in range(7, 12):  # values inside the axes' ranges: the lines are blitted, no full draw
        view.take([snapshot(k, grad_first=1e-6)])
        view.redraw()
    assert view.full_draws == full
    assert len(view.grad_axes.lines[0].get_xdata()) == 11
    view.reset(started())  # a new run forgets the old curves, legend and range
    view.redraw()
    assert view.steps == [] and not any(len(line.get_xdata()) for line in view.grad_axes.lines)
    assert view.full_draws == full  # hiding the old lines is a blit
    view.take([snapshot(k, grad_first=1e3) for k in range(1, 4)])
    view.redraw()
    qtbot.waitUntil(lambda: len(view.grad_axes.lines) == 3 and view.full_draws > full, timeout=5000)
    assert view.grad_axes.get_ylim()[1] >= 1e3 and [len(line.get_xdata()) for line in view.grad_axes.lines] == [3] * 3


def test_norms_view_keeps_history_on_continue_and_stays_bounded(show):
    from playground.gui import live_norms

    view = show(NormsView())
    view.reset(started())
    view.take([snapshot(k) for k in range(3)])
    view.reset(started(initial_epoch=1))
    assert view.steps == [0, 1, 2]
    view.take([snapshot(k) for k in range(3, live_norms.MAX_POINTS + 10)])
    view.redraw()
    assert len(view.steps) <= live_norms.MAX_POINTS
    assert len(view.grad_axes.lines[0].get_xdata()) == len(view.steps)


def test_views_show_a_real_tiny_training_run(show):
    """A 1-epoch run on 8x8 digits with a snapshot after every batch, its events fed to the views."""
    from playground.data import DataConfig, Splits, load_dataset, split
    from playground.network import chain
    from playground.project import Project
    from playground.training import TrainingSession
    from playground.training.config import TrainingConfig

    network = chain([("Input", {"shape": (8, 8, 1)}), ("Conv2D", {"filters": 4, "activation": "relu"}),
                     ("MaxPooling2D", {}), ("Flatten", {}), ("Dense", {"units": 10, "activation": "softmax"})],
                    name="tiny")
    config = TrainingConfig(epochs=1, batch_size=64, early_stopping=False)
    project = Project(name="tiny", network=network, data=DataConfig(dataset="digits"), training=config)
    full = split(load_dataset("digits"), (0.7, 0.15, 0.15), seed=0)
    splits = Splits(*((x[:n], y[:n]) for (x, y), n in ((full.train, 128), (full.val, 32), (full.test, 32))),
                    full.class_names)
    events: list = []
    result = TrainingSession(project, events.append, snapshot_interval=0, splits=splits).run()
    assert result.ok
    first = events[0]
    assert isinstance(first, Started)
    views = [show(KernelView()), show(FeatureMapView()), show(NormsView())]
    for view in views:
        view.reset(first)
        view.take(events[1:])
        view.redraw()
    kernels, maps, norms = views
    conv = first.kernel_layers[0]
    assert kernels.layer == conv and kernels.canvas.image_size() == (2 * 3 + 3, 2 * 3 + 3)  # 4 kernels, 2x2
    last = [e for e in events if isinstance(e, Snapshot)][-1]
    assert list(maps.rows) == ["input", *last.activations] and len(last.activations) == 4
    assert len(norms.grad_axes.lines) >= 2 and len(norms.steps) >= 2


def test_docks_register_the_views_and_a_hidden_view_catches_up_when_shown(qtbot):
    from PySide6.QtWidgets import QMainWindow

    from playground.gui.live_docks import install_live_views

    class Controller:
        def __init__(self):
            self.views = []

        def add_view(self, view):
            self.views.append(view)

    window = QMainWindow()
    qtbot.addWidget(window)
    controller = Controller()
    live = install_live_views(window, controller)
    assert controller.views == [live.kernels, live.feature_maps, live.norms]
    assert [d.windowTitle() for d in live.docks] == ["Kernels", "Feature maps", "Norms"]
    live.docks[0].hide()
    window.show()
    qtbot.waitExposed(window)
    live.kernels.reset(started())
    live.kernels.take([snapshot(1)])  # the controller would not redraw a hidden view
    assert live.kernels.canvas.qimage is None
    live.docks[0].show()
    qtbot.waitUntil(lambda: live.kernels.canvas.qimage is not None, timeout=2000)


def test_the_window_has_the_live_view_docks_joined_to_training(qtbot):
    from PySide6.QtWidgets import QDockWidget

    from playground.gui.main_window import MainWindow

    window = MainWindow(load_engine=False)
    qtbot.addWidget(window)
    live = window.live_views
    for view in (live.kernels, live.feature_maps, live.norms):
        assert view in window.training._views
    titles = {d.windowTitle() for d in window.findChildren(QDockWidget)}
    assert {"Kernels", "Feature maps", "Norms"} <= titles
    window.close()


def test_feature_map_view_without_probe_samples_waits_quietly(show):
    empty = started()
    empty = Started(**{**empty.__dict__, "probe_images": np.zeros((0, 8, 8, 1), np.float32),
                       "probe_labels": np.zeros((0,), np.int64)})
    view = show(FeatureMapView())
    view.reset(empty)
    assert view.sample_box.count() == 0 and not view.rows
