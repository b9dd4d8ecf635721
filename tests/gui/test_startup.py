"""Start-up: the window comes up without importing TensorFlow, Keras or matplotlib."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PLAYGROUND_DATA_DIR=str(tmp_path))
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_window_shows_without_heavy_imports(tmp_path):
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from playground.gui.main_window import MainWindow\n"
        "w = MainWindow(load_engine=False)\n"
        "w.show()\n"
        "app.processEvents()\n"
        "print(sorted(m for m in ('tensorflow', 'keras', 'matplotlib', 'sklearn') if m in sys.modules))\n"
        "w.close()\n"
    )
    result = run(["-c", code], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_python_m_playground_gui_prints_start_up_timing_and_quits(tmp_path):
    result = run(["-m", "playground.gui", "--startup-timing", "--no-engine"], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("startup: window-shown ")
    assert not (tmp_path / "recovery" / "recovery-project.json").exists()
