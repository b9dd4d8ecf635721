"""Every lesson run headless on its short budget, and the effect it teaches asserted.

All runs share one process (TensorFlow loads once); the budget for this folder is about 90 s
on two cores. The messages name the measured numbers, so a failure says what was seen.
"""

import pytest

from playground.lessons import LESSONS, get_lesson, run_lesson

_OUTCOMES = {}


def outcome_of(number: int):
    """Each lesson runs once per test session; the detailed tests below reuse its outcome."""
    if number not in _OUTCOMES:
        _OUTCOMES[number] = run_lesson(get_lesson(number), quick=True)
    return _OUTCOMES[number]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: f"{lesson.number}_{lesson.key}")
def test_lesson_effect_shows(lesson):
    outcome = outcome_of(lesson.number)
    assert outcome.shown, outcome.message
    assert set(outcome.results) == {v.key for v in lesson.runs_in(quick=True)}


def test_sobel_responds_to_vertical_strokes_and_stays_frozen():
    outcome = outcome_of(1)
    assert "vertical strokes" in outcome.message and "unchanged" in outcome.message
    frozen = outcome.results["frozen"]
    assert frozen.analysis.trainable_params < frozen.analysis.total_params  # the kernel is not trainable


def test_analysis_lessons_build_no_model():
    for number in (3, 7):
        outcome = outcome_of(number)
        assert all(r.model is None and r.finished is None for r in outcome.results.values())
