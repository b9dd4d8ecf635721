"""Loads TensorFlow and Keras on a background thread after the window is up, and finds out
which device training will use. The window is usable (editing, analysis) meanwhile."""

from __future__ import annotations

import importlib
import os
import weakref

import shiboken6
from PySide6.QtCore import QThread, Signal

NO_ENGINE_ENV = "PLAYGROUND_NO_ENGINE"  # "1": never load TensorFlow (GUI tests)
_live: weakref.WeakSet = weakref.WeakSet()

# Imported here rather than by the first run: in the training thread these imports held the GIL
# for up to 300 ms in the first epoch, and the window stalled with them (bench_gui_training).
RUN_MODULES = (
    "sklearn.datasets",  # the embedded digits (and scipy.io, rich, ... behind it)
    "playground.training.setup",
    "playground.training.callbacks",
    "playground.training.snapshots",
)


def engine_disabled() -> bool:
    return os.environ.get(NO_ENGINE_ENV, "") not in ("", "0")


def describe_devices() -> str:
    """'CPU', or the GPU's name as TensorFlow reports it. Imports TensorFlow."""
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        return "CPU"
    try:
        name = tf.config.experimental.get_device_details(gpus[0]).get("device_name") or gpus[0].name
    except Exception:  # details are optional; the device itself is what matters
        name = gpus[0].name
    more = f" (+{len(gpus) - 1} more)" if len(gpus) > 1 else ""
    return f"GPU {name}{more}"


def load_engine() -> str:
    """Import TensorFlow and Keras (seconds); the device training will use."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    device = describe_devices()
    import keras  # noqa: F401  (warm the import the trainer will use)
    import matplotlib.backends.backend_qtagg  # noqa: F401  (the live views' figures; no widget made here)
    import matplotlib.figure  # noqa: F401

    for name in RUN_MODULES:
        importlib.import_module(name)
    _first_draw_off_screen()

    return device


def _first_draw_off_screen() -> None:
    """Draw one small figure with Agg here (no Qt involved): matplotlib's first draw loads fonts
    and builds text caches, which cost the GUI thread ~300 ms when the first run's curves drew."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(3, 2), dpi=100)
    axes = figure.add_subplot()
    axes.plot([0, 1], [1, 0], label="loss")
    axes.set_yscale("log")
    axes.set_title("warm-up", fontsize=9)
    axes.set_xlabel("epoch")
    axes.legend(fontsize=7)
    FigureCanvasAgg(figure).draw()


class EngineLoader(QThread):
    """Connect ``loaded``/``failed`` to slots of main-thread objects (never to lambdas)."""

    loaded = Signal(str)  # the device description
    failed = Signal(str)

    def __init__(self, parent=None, work=None) -> None:
        super().__init__(parent)
        self.work = work or load_engine
        _live.add(self)

    def run(self) -> None:
        try:
            device = self.work()
        except Exception as exc:  # noqa: BLE001 - reported to the user, the editor keeps working
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.loaded.emit(device)


def running_loaders() -> list[EngineLoader]:
    """Loader threads still running (the GUI test fixture fails on any left behind)."""
    return [t for t in list(_live) if shiboken6.isValid(t) and t.isRunning()]
