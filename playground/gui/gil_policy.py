"""How finely the window and the training thread take turns at Python's GIL.

CPython hands the GIL to a waiting thread after it has waited a "switch interval", 5 ms by
default. The training thread of a small model releases the GIL around every TensorFlow op and
must take it back after each one; whenever the GUI thread was running Python just then (a
redraw), it waited up to 5 ms, many times a batch. Redrawing at 10 Hz cost training 15 % of its
speed (bench_gui_training: 0.85 of a headless run over 16 pairs); at 1 ms it was 0.97 over 12
pairs, with the event-loop lag no worse.
"""

from __future__ import annotations

import sys

SWITCH_INTERVAL_SECONDS = 0.001


def share_finely() -> None:
    """Use the short switch interval (idempotent; set when a run starts)."""
    if sys.getswitchinterval() != SWITCH_INTERVAL_SECONDS:
        sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
