"""Run a lesson headless: each variant's project through a TrainingSession, then the lesson's check.

Used by `playground lessons run N` (full settings) and by the tests (``quick=True``: the
variants' short-budget overrides). Analysis-only variants are analysed, never built.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from playground.engine.analysis import analyze
from playground.lessons.base import Lesson, Variant, VariantResult
from playground.training import BatchEnd, EpochEnd, Finished, Snapshot, TrainingSession

Progress = Callable[[str], None]


@dataclass
class LessonOutcome:
    lesson: Lesson
    shown: bool
    message: str
    results: dict[str, VariantResult]


class _Recorder:
    """A session listener that keeps the epochs and the first and last snapshots."""

    def __init__(self, result: VariantResult, progress: Progress | None) -> None:
        self.result = result
        self.progress = progress

    def __call__(self, event) -> None:
        if isinstance(event, BatchEnd):
            self.result.batch_losses.append(float(event.loss))
        elif isinstance(event, EpochEnd):
            self.result.epochs.append(event)
            if self.progress is not None:
                loss = event.train.get("loss", math.nan)
                acc = event.val.get("accuracy", event.train.get("accuracy", math.nan))
                self.progress(f"  epoch {event.epoch + 1}: loss {loss:.4f}, accuracy {acc:.3f}")
        elif isinstance(event, Snapshot):
            shots = self.result.snapshots
            if len(shots) < 2:
                shots.append(event)
            else:
                shots[-1] = event
        elif isinstance(event, Finished):
            self.result.finished = event


def prepared_project(lesson: Lesson, variant: Variant, quick: bool):
    """The variant's stored project, with its short-budget overrides when ``quick``."""
    project = lesson.project(variant.key)
    if quick and variant.quick:
        project.training = project.training.replace(**variant.quick)
    if quick and variant.quick_data:
        project.data.options = {**project.data.options, **variant.quick_data}
    return project


def run_variant(lesson: Lesson, variant: Variant, quick: bool = False,
                progress: Progress | None = None) -> VariantResult:
    project = prepared_project(lesson, variant, quick)
    result = VariantResult(variant.key, project, analyze(project.network))
    if not variant.train:
        return result
    session = TrainingSession(project, _Recorder(result, progress), snapshot_interval=1e9, probe_count=1)
    session.run()
    result.model = session.model
    return result


def run_lesson(lesson: Lesson, quick: bool = False, progress: Progress | None = None) -> LessonOutcome:
    """Run every variant (in quick mode, the lesson's quick subset) and check the effect."""
    results: dict[str, VariantResult] = {}
    for variant in lesson.runs_in(quick):
        if progress is not None:
            progress(f"{variant.label}{'' if variant.train else ' (analysis)'}")
        results[variant.key] = result = run_variant(lesson, variant, quick, progress)
        if progress is not None and result.finished is not None:
            progress(f"  {result.finished.status}: {result.finished.message}")
    try:
        shown, message = lesson.effect(results)
    except Exception as exc:  # noqa: BLE001 - a check that cannot be made is an effect not shown
        shown, message = False, f"The check could not be made: {type(exc).__name__}: {exc}"
    return LessonOutcome(lesson, bool(shown), message, results)
