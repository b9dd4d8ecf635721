"""Network templates: the classics (LeNet to ResNet-50) and small nets that train in seconds.

Each template builds a :class:`NetworkSpec` for any input shape and class count, with readable
node ids and a tidy layout. Registered keys are stable: project files and the CLI use them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from playground.network.spec import NetworkSpec

# Importing the family modules registers their templates, in this (listing) order.
from playground.network.templates import classic, inception, resnet, small  # noqa: F401
from playground.network.templates.inception import add_inception
from playground.network.templates.registry import _REGISTRY, Template

TEMPLATES: Mapping[str, Template] = MappingProxyType(_REGISTRY)


def template_names() -> list[str]:
    """Template keys in listing order: the classics by year, then the small nets."""
    return list(TEMPLATES)


def get_template(name: str) -> Template:
    """The template registered as ``name``; KeyError listing the known names otherwise."""
    try:
        return TEMPLATES[name]
    except KeyError:
        raise KeyError(f"Unknown template {name!r}. Known templates: {', '.join(TEMPLATES)}") from None


def make_template(
    name: str, input_shape: Sequence[int] | None = None, num_classes: int | None = None
) -> NetworkSpec:
    """Build template ``name`` for ``input_shape`` and ``num_classes`` (None: its defaults)."""
    return get_template(name).make(input_shape, num_classes)


__all__ = ["TEMPLATES", "Template", "add_inception", "get_template", "make_template", "template_names"]
