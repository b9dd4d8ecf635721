"""Guards that turn the classic ways a run fails into a sentence saying what to change.

A learner who sets the learning rate to 10 should read "the loss became NaN at epoch 1, step 7:
lower the learning rate to 1", not a NaN curve; a batch that does not fit in memory should say
which batch size would, before minutes of loading, or at least without killing the app.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# The estimate ignores the framework's own overhead and workspace: leave a margin.
MEMORY_HEADROOM = 0.8


@dataclass(frozen=True)
class MemoryCheck:
    ok: bool
    needed: int
    available: int | None
    suggested_batch_size: int | None
    message: str


def fmt_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(n) < 1024 or unit == "TiB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TiB"  # pragma: no cover


def check_memory(analysis, batch_size: int, optimizer_slots: int, available: int | None,
                 where: str = "available memory") -> MemoryCheck:
    """Compare analysis.memory_estimate(batch_size) with ``available`` bytes (None: not known).

    The estimate is linear in the batch size, so the largest batch that fits follows from two
    estimates; it is rounded down to a power of two, the sizes people actually try.
    """
    needed = int(analysis.memory_estimate(batch_size, optimizer_slots)["total"])
    if available is None:
        return MemoryCheck(True, needed, None, None, f"~{fmt_bytes(needed)} needed; {where} unknown")
    budget = available * MEMORY_HEADROOM
    if needed <= budget:
        return MemoryCheck(True, needed, available, None,
                           f"~{fmt_bytes(needed)} needed of {fmt_bytes(available)} {where}")
    fixed = analysis.memory_estimate(0, optimizer_slots)["total"]
    per_sample = max(1, analysis.memory_estimate(1, optimizer_slots)["total"] - fixed)
    fits = int((budget - fixed) // per_sample)
    head = (f"Training this network at batch size {batch_size} needs about {fmt_bytes(needed)}, "
            f"but only {fmt_bytes(available)} of {where} is free")
    if fits < 1:
        return MemoryCheck(False, needed, available, None,
                           f"{head}, and even one sample does not fit (weights and optimizer state "
                           f"alone need {fmt_bytes(fixed)}): make the network smaller.")
    suggested = 2 ** int(math.log2(min(fits, batch_size)))
    return MemoryCheck(False, needed, available, suggested,
                       f"{head}: try batch size {suggested} or a smaller network.")


def nice_number(value: float) -> float:
    """One significant digit, rounded down: 0.37 -> 0.3, 0.001 -> 0.001."""
    if value <= 0 or not math.isfinite(value):
        return value
    exponent = math.floor(math.log10(value))
    return float(f"{math.floor(value / 10**exponent)}e{exponent}")


def divergence_message(loss: float, epoch: int, step: int, learning_rate: float,
                       activations: tuple[str, ...] = ()) -> str:
    """Why the loss became NaN/inf at (0-based) ``epoch``/``step`` and what to try."""
    what = "NaN" if math.isnan(loss) else "infinite"
    where = f"The loss became {what} at epoch {epoch + 1}, step {step + 1}"
    if learning_rate >= 1e-4:
        kind = [a for a in activations if a in ("relu", "elu", "linear", "leaky_relu", "selu", "gelu")]
        because = (f"the learning rate {learning_rate:g} is too high for this network"
                   + (f" ({kind[0]} activations let the values grow without bound)" if kind else ""))
        return (f"{where}: {because}. Lower the learning rate to {nice_number(learning_rate / 10):g} "
                "(or add BatchNormalization, or switch to a schedule with warm-up).")
    return (f"{where} although the learning rate ({learning_rate:g}) is small: check the data for "
            "extreme values, and add BatchNormalization after the convolutions.")


def collapse_message(epoch: int, loss: float, learning_rate: float, classes: int,
                     activations: tuple[str, ...] = ()) -> str:
    """Not one weight moved during (0-based) ``epoch``: every gradient was zero, so nothing will
    ever be learned again. With ReLUs this is their death after a too-large step."""
    chance = math.log(classes) if classes > 1 else math.log(2)
    where = (f"Training collapsed in epoch {epoch + 1}: not one weight changed during the whole epoch, "
             f"so every gradient was zero, and the loss is stuck at {loss:.3f} (a uniform guess scores "
             f"{chance:.3f})")
    lower = f"Lower the learning rate to {nice_number(learning_rate / 10):g}" if learning_rate > 0 else \
        "Raise the learning rate above 0"
    if any(a in ("relu", "relu6") for a in activations):
        return (f"{where}: the ReLUs have died, a step too large for the learning rate {learning_rate:g} pushed "
                f"their inputs below zero for every sample. {lower}, or use leaky ReLU or BatchNormalization.")
    return f"{where}: the units saturated or went silent. {lower}, or add BatchNormalization."


def oom_message(batch_size: int, epoch: int | None = None, step: int | None = None) -> str:
    """Out of memory during training: say where, and which batch size to try instead."""
    where = f" at epoch {epoch + 1}, step {step + 1}" if epoch is not None and step is not None else ""
    if batch_size > 1:
        smaller = max(1, batch_size // 2)
        return (f"Out of memory{where} with batch size {batch_size}: try batch size {smaller} "
                "(or a smaller network / input size). The app kept running; nothing was lost.")
    return (f"Out of memory{where} even at batch size 1: make the network or its input smaller. "
            "The app kept running.")


def check_finite(name: str, x: np.ndarray) -> str | None:
    """A message when ``x`` holds NaN or infinite values (these make every loss NaN), else None."""
    bad = x.size - int(np.isfinite(x).sum())
    if bad:
        return (f"The {name} images hold {bad:,} NaN or infinite values: every loss they touch "
                "becomes NaN. Clean or re-export the data.")
    return None
