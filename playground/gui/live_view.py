"""The contract between the training controller and every live view (curves, kernels, feature maps,
norms): views never see the training thread, only batches of plain-data events on the main thread.

The controller drains the events that arrived since its last tick (10 ticks a second),
hands them to every view with ``take`` and then asks the visible ones to ``redraw``. Keeping
"store" and "draw" apart is what bounds the GUI's redraw rate however fast batches arrive.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget

from playground.training.events import Event, Snapshot, Started


@runtime_checkable
class LiveView(Protocol):
    """A view may also have ``prepare()``: build its figure ahead of the first run (called by
    TrainingController.prepare_views once the engine has loaded, not while the first run traces)."""

    def reset(self, started: Started) -> None:
        """A run (or a continue of it) begins: forget or keep what was shown, size for this run."""

    def take(self, events: Sequence[Event]) -> None:
        """Store what matters from these events (in order). Cheap: no drawing here."""

    def redraw(self) -> None:
        """Draw the latest stored state; called only after ``take`` brought something new."""


class LatestSnapshotView(QWidget):
    """A LiveView that shows only the newest snapshot (kernels, feature maps): ``take`` keeps it
    through ``_keep``, ``redraw`` calls ``_draw`` when it is new, and a view the controller skipped
    while hidden catches up when shown. Subclasses set ``_dirty = False`` in ``_draw`` and ``reset``."""

    _dirty = False

    def _keep(self, snapshot: Snapshot) -> bool:
        """Store what this view shows of ``snapshot``; False when it holds nothing for it."""
        raise NotImplementedError

    def _draw(self) -> None:
        raise NotImplementedError

    def take(self, events: Sequence[Event]) -> None:
        for event in reversed(events):  # only the newest snapshot matters
            if isinstance(event, Snapshot) and self._keep(event):
                self._dirty = True
                return

    def redraw(self) -> None:
        if self._dirty:
            self._draw()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.redraw()
