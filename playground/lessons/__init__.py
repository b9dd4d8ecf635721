"""Lessons: the classic questions about CNNs as runnable experiments, and a glossary.

Each lesson is a set of projects under resources/lessons (one per variant to compare), a
short text shown beside the canvas, and a check that the effect it teaches shows in a run.
Imports network, engine, data, training and insight; never Qt (the window shows it).

Public API:
    LESSONS, get_lesson(n) -> Lesson         the table (Lesson, Variant)
    run_lesson(lesson, quick=False, progress=None) -> LessonOutcome   headless run + check
    GLOSSARY, Term                           the glossary entries and where the app shows each
"""

from playground.lessons.base import Lesson, Variant, VariantResult
from playground.lessons.catalog import LESSONS, get_lesson
from playground.lessons.glossary import GLOSSARY, Term
from playground.lessons.runner import LessonOutcome, run_lesson, run_variant

__all__ = ["GLOSSARY", "LESSONS", "Lesson", "LessonOutcome", "Term", "Variant", "VariantResult",
           "get_lesson", "run_lesson", "run_variant"]
