"""What every command shares: reading PROJECT.json-or-TEMPLATE arguments and one-line errors.

Wherever a command takes a project file it also takes a template name (with --input and
--classes), so this is the one place that decides which one the user meant.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

EXIT_BAD_INPUT = 2


class CliError(Exception):
    """A user mistake on the command line: printed as one line, exit code 2."""


def parse_shape(text: str) -> tuple[int, ...]:
    """'28x28x1' -> (28, 28, 1); also accepts ',' or '×' between the numbers."""
    parts = [p for p in re.split(r"[x×,\s]+", text.strip().lower()) if p]
    try:
        shape = tuple(int(p) for p in parts)
    except ValueError:
        raise CliError(f"--input must look like 28x28x1 (height x width x channels); got {text!r}") from None
    if len(shape) not in (2, 3) or min(shape) < 1:
        raise CliError(f"--input needs 2 or 3 positive sizes, e.g. 28x28x1 or 100x3; got {text!r}")
    return shape


def add_source_arguments(parser: argparse.ArgumentParser, required: bool = True) -> None:
    """The PROJECT.json|TEMPLATE argument with --input and --classes."""
    parser.add_argument(
        "source",
        nargs=None if required else "?",
        help="a project file (.json) or a template name (see `playground templates`)",
    )
    parser.add_argument("--input", help="input shape for a template, e.g. 28x28x1")
    parser.add_argument("--classes", type=int, help="number of classes for a template")


def load_source(source: str | None, input_text: str | None = None, classes: int | None = None):
    """Return the Project that ``source`` names: a project file, a bare network file, a template,
    or (None) the default project the window opens."""
    from playground.network.spec import NetworkSpec, SpecError
    from playground.project import Project, ProjectError, default_project, load_project

    if classes is not None and classes < 1:
        raise CliError(f"--classes must be at least 1; got {classes}")
    shape = parse_shape(input_text) if input_text else None
    if source is None:
        project = default_project()
        if shape or classes:
            project = _with_template(project, project.network.name, shape, classes)
        return project
    path = Path(source)
    if path.suffix.lower() == ".json" or path.exists():
        if not path.is_file():
            raise CliError(f"{source}: no such file")
        try:
            return load_project(path)
        except ProjectError as project_error:
            # a bare network spec (as exported by `playground export --format json`) is fine too
            try:
                network = NetworkSpec.from_json(path.read_text(encoding="utf-8"))
            except (SpecError, OSError, UnicodeDecodeError, json.JSONDecodeError):
                raise CliError(f"{source}: {project_error}") from None
            project = default_project()
            return Project(name=path.stem, network=network, data=project.data, training=project.training)
    return _with_template(default_project(), source, shape, classes)


def _with_template(project, name: str, shape, classes):
    from playground.network.templates import make_template, template_names

    try:
        network = make_template(name, input_shape=shape, num_classes=classes)
    except KeyError:
        known = ", ".join(template_names())
        raise CliError(f"{name!r} is neither a project file nor a template (templates: {known})") from None
    project.network = network
    project.name = name
    return project
