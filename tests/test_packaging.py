"""The installed package (a non-editable `pip install .` in CI) finds its own resources."""

import subprocess
import sys


def test_installed_package_finds_its_resources(tmp_path):
    code = (
        "import playground.paths as p, sys;"
        "icons = sorted(x.name for x in p.resource('icons').iterdir());"
        "print(p.RESOURCES); sys.exit(0 if 'train.svg' in icons else 1)"
    )
    # run outside the checkout so the import resolves to what pip installed
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_console_script_is_installed(tmp_path):
    from pathlib import Path

    script = Path(sys.executable).with_name("playground")
    assert script.exists(), "the `playground` entry point is missing: reinstall with pip install ."
    result = subprocess.run([str(script), "--version"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0 and "keras-playground" in result.stdout
