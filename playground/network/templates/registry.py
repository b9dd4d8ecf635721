"""The template registry: stable keys, one-line descriptions and the input each was designed for.

Keys are stored in project files and typed on the command line, so they never change once
released. Each family module registers its builders with :func:`template` at import time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from playground.network.spec import NetworkSpec

Builder = Callable[[tuple[int, ...], int], NetworkSpec]


@dataclass(frozen=True)
class Template:
    """A named way to build a network for a given input shape and number of classes."""

    name: str
    description: str
    default_input: tuple[int, ...]
    default_classes: int
    build: Builder

    def make(self, input_shape: Sequence[int] | None = None, num_classes: int | None = None) -> NetworkSpec:
        """Build the spec; None picks the default the template was designed for."""
        shape = self.default_input if input_shape is None else _check_shape(input_shape)
        classes = self.default_classes if num_classes is None else _check_classes(num_classes)
        return self.build(shape, classes)


_REGISTRY: dict[str, Template] = {}


def template(
    name: str, description: str, default_input: tuple[int, ...], default_classes: int
) -> Callable[[Builder], Builder]:
    """Decorator that registers a builder under ``name``; registering a key twice is a bug."""

    def register(build: Builder) -> Builder:
        if name in _REGISTRY:
            raise ValueError(f"Template registered twice. Received: name={name!r}")
        _REGISTRY[name] = Template(name, description, tuple(default_input), default_classes, build)
        return build

    return register


def _check_shape(shape: Sequence[int]) -> tuple[int, ...]:
    if (
        isinstance(shape, (str, bytes))
        or not 2 <= len(shape) <= 3
        or any(isinstance(d, bool) or not isinstance(d, int) or d < 1 for d in shape)
    ):
        raise ValueError(
            f"input_shape must be 2 or 3 positive whole numbers (H, W, C). Received: input_shape={shape!r}"
        )
    return tuple(shape)


def _check_classes(classes: int) -> int:
    if isinstance(classes, bool) or not isinstance(classes, int) or classes < 1:
        raise ValueError(f"num_classes must be a positive whole number. Received: num_classes={classes!r}")
    return classes
