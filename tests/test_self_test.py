"""`playground --self-test`: the check a packaged app runs to prove it trains and exports."""

import io
import os
import subprocess
import sys

import pytest

from playground import self_test


def test_self_test_passes_end_to_end_offscreen(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PLAYGROUND_DATA_DIR=str(tmp_path / "appdata"),
               PYTHONIOENCODING="utf-8")
    env.pop("PLAYGROUND_NO_ENGINE", None)
    result = subprocess.run([sys.executable, "-m", "playground.cli", "--self-test"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=180)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr[-3000:]
    for name in ("engine", "project", "training", "export .keras", "export .tflite", "window"):
        assert any(line.startswith(f"✔ {name}") for line in out.splitlines()), out
    assert "self-test passed" in out
    assert not list(tmp_path.glob("*.keras")) and not (tmp_path / "playground.runs").exists()  # all in a temp dir


def _fake_checks(monkeypatch, failing: bool):
    def good(state):
        return "fine"

    def bad(state):
        raise RuntimeError("the converter is missing")

    monkeypatch.setattr(self_test, "CHECKS", (("first", good), ("second", bad if failing else good)))


@pytest.mark.parametrize("failing", [False, True])
def test_exit_code_is_zero_only_when_every_check_passed(monkeypatch, capsys, failing):
    _fake_checks(monkeypatch, failing)
    code = self_test.main([])
    out = capsys.readouterr().out
    assert code == (1 if failing else 0)
    if failing:
        assert "second" in out.splitlines()[-1] and "FAILED" in out
        assert "RuntimeError: the converter is missing" in out


def test_skipped_checks_are_reported_not_failed(monkeypatch, capsys):
    _fake_checks(monkeypatch, failing=True)
    monkeypatch.setattr(self_test, "CHECKS", self_test.CHECKS[:1] + (("window", self_test.CHECKS[1][1]),))
    assert self_test.main(["--no-window"]) == 0
    assert "skipped on request" in capsys.readouterr().out


def test_plain_words_where_the_terminal_cannot_print_marks(monkeypatch):
    _fake_checks(monkeypatch, failing=True)
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    results = self_test.run_checks(stream=stream)
    stream.seek(0)
    text = stream.buffer.getvalue().decode("ascii")
    assert [r.status for r in results] == ["ok", "failed"]
    assert text.startswith("OK") and "\nFAIL" in text


def test_help_lists_the_self_test():
    from playground.cli import build_parser

    assert "--self-test" in build_parser().format_help()
