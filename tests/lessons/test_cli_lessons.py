"""`playground lessons`: the list, a run with its verdict and exit code, one-line errors."""

import json

from playground.cli import main
from playground.lessons import LESSONS


def test_lists_every_lesson(capsys):
    assert main(["lessons"]) == 0
    out = capsys.readouterr().out
    for lesson in LESSONS:
        assert lesson.title in out
    assert "playground lessons run N" in out


def test_list_as_json(capsys):
    assert main(["lessons", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["number"] for r in rows] == [lesson.number for lesson in LESSONS]
    assert rows[2]["trains"] is False and rows[0]["variants"] == ["frozen", "unfrozen"]


def test_run_prints_the_verdict_and_exits_zero_when_shown(capsys):
    assert main(["lessons", "run", "7"]) == 0
    captured = capsys.readouterr()
    assert "Effect shown" in captured.out and "120.4 M" in captured.out and "12.4 M" in captured.out
    assert "Lesson 7" in captured.err  # progress goes to stderr


def test_run_json(capsys):
    assert main(["lessons", "run", "3", "--json", "-q"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["shown"] is True and result["runs"]["same_stride1"]["params"] == 280 + (32 * 32 * 10) * 10 + 10  # conv + dense head


def test_unknown_lesson_and_missing_number_are_one_line_errors(capsys):
    assert main(["lessons", "run", "99"]) == 2
    assert "No lesson 99" in capsys.readouterr().err
    assert main(["lessons", "run"]) == 2
    assert "needs a lesson number" in capsys.readouterr().err
