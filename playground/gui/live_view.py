"""The contract between the training controller and every live view (curves, kernels, feature maps,
norms): views never see the training thread, only batches of plain-data events on the main thread.

The controller drains the events that arrived since its last tick (10 ticks a second),
hands them to every view with ``take`` and then asks the visible ones to ``redraw``. Keeping
"store" and "draw" apart is what bounds the GUI's redraw rate however fast batches arrive.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from playground.training.events import Event, Started


@runtime_checkable
class LiveView(Protocol):
    def reset(self, started: Started) -> None:
        """A run (or a continue of it) begins: forget or keep what was shown, size for this run."""

    def take(self, events: Sequence[Event]) -> None:
        """Store what matters from these events (in order). Cheap: no drawing here."""

    def redraw(self) -> None:
        """Draw the latest stored state; called only after ``take`` brought something new."""

# A view may also have ``prepare()``: build its figure ahead of the first run (called by
# TrainingController.prepare_views once the engine has loaded; see gc_policy for why then).
