"""A project: a network, the data it learns from and how it trains (its runs live beside it).

Project files are JSON with a schema version, written atomically (temporary file + os.replace)
so a crash while saving leaves the previous file intact. Loading says what is wrong with a
damaged file in one sentence (a ProjectError) instead of a traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from playground.data.config import DataConfig, DataConfigError
from playground.network.spec import NetworkSpec, SpecError
from playground.training.config import TrainingConfig, TrainingConfigError

PROJECT_SCHEMA_VERSION = 1
PROJECT_KIND = "keras-playground-project"
DEFAULT_TEMPLATE = "small_cnn"
DEFAULT_DATASET = "digits"


class ProjectError(Exception):
    """A project file that cannot be read or has the wrong structure; the message says why."""


def _default_network() -> NetworkSpec:
    from playground.network.templates import make_template

    return make_template(DEFAULT_TEMPLATE)


@dataclass
class Project:
    """Name + network spec + data config + training config."""

    name: str = "untitled"
    network: NetworkSpec = field(default_factory=_default_network)
    data: DataConfig = field(default_factory=DataConfig)
    training: TrainingConfig = field(default_factory=TrainingConfig)

    def to_dict(self) -> dict:
        return {
            "kind": PROJECT_KIND,
            "schema_version": PROJECT_SCHEMA_VERSION,
            "name": self.name,
            "network": self.network.to_dict(),
            "data": self.data.to_dict(),
            "training": self.training.to_dict(),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_dict(cls, data) -> Project:
        """Read a project dict (any known schema version); ProjectError names the bad part."""
        if not isinstance(data, dict):
            raise ProjectError("A project must be a JSON object with 'network', 'data' and 'training'")
        version = data.get("schema_version", PROJECT_SCHEMA_VERSION)
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ProjectError(f"'schema_version' must be a whole number >= 1; got {version!r}")
        if version > PROJECT_SCHEMA_VERSION:
            raise ProjectError(f"This project was saved by a newer Keras Playground (project schema {version}; "
                               f"this one reads up to {PROJECT_SCHEMA_VERSION}). Update the app to open it.")
        if "network" not in data:
            hint = " (this looks like a bare network spec)" if "nodes" in data else ""
            raise ProjectError(f"Not a project file: it has no 'network'{hint}")
        name = data.get("name", "untitled")
        if not isinstance(name, str):
            raise ProjectError(f"'name' must be text; got {name!r}")
        try:
            network = NetworkSpec.from_dict(data["network"])
        except (SpecError, ValueError, TypeError, KeyError) as exc:
            raise ProjectError(f"network: {exc}") from None
        try:
            data_config = DataConfig.from_dict(data["data"]) if data.get("data") is not None else DataConfig()
        except (DataConfigError, TypeError) as exc:
            raise ProjectError(f"data: {exc}") from None
        try:
            training = TrainingConfig.from_dict(data.get("training"))
        except (TrainingConfigError, TypeError) as exc:
            raise ProjectError(f"training: {exc}") from None
        return cls(name=name, network=network, data=data_config, training=training)

    @classmethod
    def from_json(cls, text: str) -> Project:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ProjectError(f"Not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None
        return cls.from_dict(data)


def load_project(path: str | Path) -> Project:
    """Read a project file; ProjectError for a missing, unreadable, damaged or foreign file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProjectError(f"No such project file: {path}") from None
    except IsADirectoryError:
        raise ProjectError(f"{path} is a folder, not a project file") from None
    except UnicodeDecodeError:
        raise ProjectError(f"{path.name} is not a text (JSON) file") from None
    except OSError as exc:
        raise ProjectError(f"Cannot read {path}: {exc.strerror or exc}") from None
    if not text.strip():
        raise ProjectError(f"{path.name} is empty")
    return Project.from_json(text)


def save_project(project: Project, path: str | Path) -> None:
    """Write ``project`` to ``path`` atomically: a temporary file beside it, then os.replace."""
    path = Path(path)
    text = project.to_json() + "\n"
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def default_project() -> Project:
    """What the window opens and `playground train` trains: small_cnn on the embedded digits."""
    return Project(name=DEFAULT_TEMPLATE, network=_default_network(),
                   data=DataConfig(dataset=DEFAULT_DATASET), training=TrainingConfig())


def runs_dir(project_path: str | Path) -> Path:
    """NAME.runs/ beside NAME.json: where the project's runs are stored."""
    path = Path(project_path)
    return path.with_name(path.stem + ".runs")
