"""Keep Python's full garbage-collection passes out of training runs, where they froze the window.

A full (generation-2) pass walks every object the collector tracks and holds the GIL while it
does: with TensorFlow, Keras and matplotlib loaded that is about half a million objects and
250-400 ms on a 2-core machine. Whichever thread happens to trigger it, the GUI thread waits, so
the window stalled once in the first epoch of most runs (bench_gui_training: max event-loop lag
300 ms). ``gc.freeze()`` moves everything alive into a permanent generation that passes skip,
so the passes during a run only walk what the run made itself (tens of ms).

Frozen objects are still freed by reference counting; only reference cycles among them wait
for ``collect_after_run``, one full pass when a run has ended and nothing is animating.
"""

from __future__ import annotations

import gc
import time


def freeze_survivors() -> None:
    """Exclude every object alive now from later passes (after the engine import, at each run start)."""
    gc.freeze()


def collect_after_run() -> float:
    """Thaw, collect everything once, freeze what survived; returns the seconds it took."""
    began = time.perf_counter()
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return time.perf_counter() - began
