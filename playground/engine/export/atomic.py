"""Atomic writes: an export either appears complete at its path or not at all.

Writers get a temporary path beside the target (same folder, so the final rename never crosses
file systems) whose name ends like the target's, because Keras and TFLite insist on suffixes such
as ``.keras`` or ``.weights.h5``. Only when the writer and its check have finished is the
temporary moved into place; on any error it is removed and the target is untouched.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class OutputPathError(ValueError):
    """The target cannot be written: its folder is missing, or it is a folder where a file goes."""


def _temp_beside(path: Path, tag: str) -> Path:
    return path.parent / f".{tag}-{uuid.uuid4().hex[:8]}-{path.name}"


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink(missing_ok=True)


def check_target(path: Path, directory: bool) -> Path:
    """Resolve ``path`` and say clearly why it cannot receive an export."""
    path = Path(path)
    if not path.name or path.name in (".", ".."):
        raise OutputPathError(f"{path}: give a file name to export to")
    if not path.parent.is_dir():
        raise OutputPathError(f"{path}: the folder {path.parent} does not exist; create it first")
    if path.exists() and path.is_dir() != directory:
        what = "a folder" if path.is_dir() else "a file"
        raise OutputPathError(f"{path} is {what}; choose another name or delete it first")
    return path


@contextmanager
def atomic_output(path: str | os.PathLike, directory: bool = False) -> Iterator[Path]:
    """Yield a temporary path for ``path``; move it into place only if the block succeeds.

    With ``directory`` the writer creates a folder at the yielded path (a SavedModel); an
    existing folder at ``path`` is swapped out and removed only after the new one is in place.
    """
    target = check_target(Path(path), directory)
    temp = _temp_beside(target, "tmp")
    try:
        yield temp
        if not temp.exists():
            raise OutputPathError(f"{target}: the exporter wrote nothing")
        if directory and target.exists():
            old = _temp_beside(target, "old")
            os.replace(target, old)
            try:
                os.replace(temp, target)
            except OSError:
                os.replace(old, target)
                raise
            _remove(old)
        else:
            os.replace(temp, target)
    finally:
        _remove(temp)


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically."""
    with atomic_output(path) as temp:
        temp.write_bytes(data)
    return Path(path)


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    return write_bytes_atomic(path, text.encode("utf-8"))
