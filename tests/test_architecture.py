"""The layering rules of ARCHITECTURE.md, checked rather than only written down."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "playground"
QT = ("PySide6", "PyQt5", "PyQt6", "qtpy")
ORDER = ["network", "engine", "training", "gui"]  # each may import only those before it


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules_of(subpackage: str):
    return sorted((PACKAGE / subpackage).rglob("*.py"))


def test_only_gui_imports_qt():
    offenders = [
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("*.py")
        if "gui" not in p.relative_to(PACKAGE).parts[:1]
        and any(m.split(".")[0] in QT for m in imported_modules(p))
    ]
    assert offenders == []


def test_network_imports_neither_keras_nor_tensorflow():
    offenders = [
        str(p.relative_to(ROOT))
        for p in modules_of("network")
        if any(m.split(".")[0] in ("keras", "tensorflow", "jax", "torch") for m in imported_modules(p))
    ]
    assert offenders == []


def test_imports_flow_network_engine_training_gui():
    offenders = []
    for i, layer in enumerate(ORDER):
        later = ORDER[i + 1:]
        for path in modules_of(layer):
            for module in imported_modules(path):
                parts = module.split(".")
                if parts[0] == "playground" and len(parts) > 1 and parts[1] in later:
                    offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []


def test_import_linter_contracts_hold():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.skip("import-linter is not installed")
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_code_is_ruff_clean():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        pytest.skip("ruff is not installed")
    result = subprocess.run([ruff, "check", "playground", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
