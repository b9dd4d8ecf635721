"""Puts the kernel, feature-map and norm views into the window as docks and joins them to training.

One call from the window (``install_live_views(self, self.training)``) keeps main_window.py's
share of this feature to a line. The docks sit tabbed on the right beside the inspector, each
under View so a closed one can come back; the controller skips redrawing the hidden ones, and a
view brought forward catches up on its own (see each view's ``showEvent``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from playground.gui.docks import add_dock
from playground.gui.live_feature_maps import FeatureMapView
from playground.gui.live_kernels import KernelView
from playground.gui.live_norms import NormsView


@dataclass
class LiveViews:
    """The three views and their docks, kept by the window as ``window.live_views``."""

    kernels: KernelView
    feature_maps: FeatureMapView
    norms: NormsView
    docks: tuple[QDockWidget, ...]


def install_live_views(window: QMainWindow, controller) -> LiveViews:
    """Create the Kernels / Feature maps / Norms docks in ``window`` and register each view with
    ``controller`` (a TrainingController: anything with ``add_view``)."""
    kernels, maps, norms = KernelView(), FeatureMapView(), NormsView()
    anchor = window.findChild(QDockWidget, "trainingDock") or window.findChild(QDockWidget, "inspectorDock")
    if anchor is not None and window.dockWidgetArea(anchor) != Qt.DockWidgetArea.RightDockWidgetArea:
        anchor = None
    docks = []
    for title, view, name in (("Kernels", kernels, "kernelsDock"), ("Feature maps", maps, "featureMapsDock"),
                              ("Norms", norms, "normsDock")):
        docks.append(add_dock(window, title, view, Qt.DockWidgetArea.RightDockWidgetArea, name, anchor))
        controller.add_view(view)
    return LiveViews(kernels, maps, norms, tuple(docks))
