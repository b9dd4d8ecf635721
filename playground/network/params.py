"""Typed layer parameters: what a value may be, its default, and why it is wrong when it is.

A parameter spec is data, so the inspector can draw an editor for it, the validator can check it
and the catalog can explain it, all from one description.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The value types a parameter can hold. "ints" is a tuple of ints (kernel size, strides, shape).
PARAM_TYPES = ("int", "float", "bool", "choice", "ints", "str")


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a layer kind.

    For ``ints`` parameters, ``length`` is the number of entries (None: any length in
    ``min_length..max_length``) and ``minimum``/``maximum`` bound every entry.
    """

    name: str
    type: str
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    length: int | None = None
    min_length: int = 1
    max_length: int = 3
    exclusive_maximum: bool = False
    labels: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.type not in PARAM_TYPES:
            raise ValueError(f"Unknown parameter type for '{self.name}'. Received: type={self.type!r}")
        if self.type == "choice" and self.default not in self.choices:
            raise ValueError(
                f"Default of '{self.name}' must be one of {self.choices}. Received: default={self.default!r}"
            )

    def check(self, value: Any) -> str | None:
        """Return None when ``value`` is acceptable, else a sentence that says what to change."""
        kind = self.type
        if kind == "bool":
            return None if isinstance(value, bool) else f"'{self.name}' must be true or false, not {value!r}"
        if kind == "str":
            return None if isinstance(value, str) else f"'{self.name}' must be text, not {value!r}"
        if kind == "choice":
            if value in self.choices:
                return None
            return f"'{self.name}' must be one of {', '.join(self.choices)}; got {value!r}"
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                return f"'{self.name}' must be a whole number, not {value!r}"
            return self._check_range(value)
        if kind == "float":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return f"'{self.name}' must be a number, not {value!r}"
            if value != value:  # NaN
                return f"'{self.name}' must be a number, not NaN"
            return self._check_range(value)
        # ints
        if not isinstance(value, (list, tuple)) or any(
            isinstance(v, bool) or not isinstance(v, int) for v in value
        ):
            return f"'{self.name}' must be a list of whole numbers, not {value!r}"
        if self.length is not None and len(value) != self.length:
            return f"'{self.name}' needs {self.length} numbers, got {len(value)}"
        if self.length is None and not self.min_length <= len(value) <= self.max_length:
            return (
                f"'{self.name}' needs {self.min_length} to {self.max_length} numbers, got {len(value)}"
            )
        for v in value:
            problem = self._check_range(v)
            if problem:
                return problem
        return None

    def _check_range(self, value: float) -> str | None:
        if self.minimum is not None and value < self.minimum:
            return f"'{self.name}' must be at least {self.minimum:g}; got {value}"
        if self.maximum is not None:
            if self.exclusive_maximum and value >= self.maximum:
                return f"'{self.name}' must be below {self.maximum:g}; got {value}"
            if not self.exclusive_maximum and value > self.maximum:
                return f"'{self.name}' must be at most {self.maximum:g}; got {value}"
        return None

    def coerce(self, value: Any) -> Any:
        """Normalise JSON-ish input (lists for tuples, ints for floats) without changing meaning."""
        if self.type == "ints" and isinstance(value, (list, tuple)):
            return tuple(value)
        if self.type == "ints" and isinstance(value, int) and not isinstance(value, bool):
            return (value,) * (self.length or 1)
        if self.type == "float" and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return value
