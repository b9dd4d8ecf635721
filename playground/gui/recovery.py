"""The crash-recovery copy: the open project written now and then while it has unsaved changes,
removed on save and on a clean exit, so finding one at start-up means the app did not close."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

AUTOSAVE_ENV = "PLAYGROUND_AUTOSAVE_MS"
DEFAULT_AUTOSAVE_MS = 30_000


def autosave_interval_ms() -> int:
    try:
        return max(50, int(os.environ.get(AUTOSAVE_ENV, DEFAULT_AUTOSAVE_MS)))
    except ValueError:
        return DEFAULT_AUTOSAVE_MS


class Recovery:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / "recovery-project.json"
        self.meta_path = self.folder / "recovery-meta.json"

    def exists(self) -> bool:
        return self.path.is_file()

    def write(self, project, original: Path | None) -> None:
        from playground.project import save_project

        self.folder.mkdir(parents=True, exist_ok=True)
        save_project(project, self.path)
        meta = {"original": str(original) if original else None, "name": project.name, "saved_at": time.time()}
        tmp = self.meta_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(tmp, self.meta_path)

    def meta(self) -> dict:
        try:
            data = json.loads(self.meta_path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def describe(self) -> str:
        meta = self.meta()
        name = meta.get("name") or "a project"
        when = meta.get("saved_at")
        stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(when)) if isinstance(when, (int, float)) else "an unknown time"
        where = f" ({meta['original']})" if meta.get("original") else " (never saved)"
        return f"Unsaved changes to “{name}”{where}, kept at {stamp}."

    def load(self):
        """(project, original path or None); raises ProjectError when the copy is damaged."""
        from playground.project import load_project

        original = self.meta().get("original")
        return load_project(self.path), (Path(original) if original else None)

    def clear(self) -> None:
        for path in (self.path, self.meta_path):
            try:
                path.unlink()
            except FileNotFoundError:
                pass
