"""Where the app's own files live, for a source checkout and an installed wheel alike.

The real folder is playground/resources (so `pip install .` ships it as package data);
the top-level resources/ of the repository is a link to it.
"""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent / "resources"


def resource(*parts: str) -> Path:
    """Path of a bundled resource; FileNotFoundError names it when the install lacks it."""
    path = RESOURCES.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Bundled resource missing: {path} (reinstall keras-playground)")
    return path
