"""What a dataset IS once loaded, and what the app may say about one before loading it.

Kept free of Keras, TensorFlow and PIL so that listing datasets, validating a project and
showing class names in the window never waits for a heavy import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


class DatasetError(Exception):
    """A dataset could not be found, read or understood; the message says what to do."""


class DatasetUnavailable(DatasetError):
    """A downloadable dataset is not in the cache and could not be fetched (offline, blocked)."""


@dataclass
class LoadReport:
    """What happened while reading a user's files: counted, never a crash on one bad file."""

    loaded: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    empty_classes: list[str] = field(default_factory=list)

    @property
    def skipped_count(self) -> int:
        return len(self.skipped)

    def summary(self) -> str:
        text = f"loaded {self.loaded} images, skipped {self.skipped_count}"
        if self.empty_classes:
            text += f"; class folders without readable images: {', '.join(self.empty_classes)}"
        return text


@dataclass
class Dataset:
    """Images and labels ready for Keras: x float32 N×H×W×C in 0..1, y int64 in 0..K-1."""

    name: str
    x: np.ndarray
    y: np.ndarray
    class_names: list[str]
    source: str = "embedded"
    report: LoadReport | None = None

    def __post_init__(self) -> None:
        self.x = np.asarray(self.x, dtype=np.float32)
        self.y = np.asarray(self.y, dtype=np.int64).reshape(-1)
        self.class_names = [str(c) for c in self.class_names]
        if self.x.ndim != 4:
            raise DatasetError(
                f"Dataset '{self.name}': images must be N×H×W×C. Received: x.shape={self.x.shape}"
            )
        if len(self.x) != len(self.y):
            raise DatasetError(
                f"Dataset '{self.name}': {len(self.x)} images but {len(self.y)} labels."
            )
        if len(self.y) and (self.y.min() < 0 or self.y.max() >= len(self.class_names)):
            raise DatasetError(
                f"Dataset '{self.name}': labels must lie in 0..{len(self.class_names) - 1}. "
                f"Received: min={self.y.min()}, max={self.y.max()}"
            )

    def __len__(self) -> int:
        return len(self.y)

    @property
    def input_shape(self) -> tuple[int, int, int]:
        return tuple(int(d) for d in self.x.shape[1:])  # type: ignore[return-value]

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    @property
    def class_counts(self) -> dict[str, int]:
        counts = np.bincount(self.y, minlength=self.num_classes)
        return {name: int(c) for name, c in zip(self.class_names, counts)}

    def describe(self) -> str:
        """One line for a status bar or the CLI: name, size, shape, classes."""
        h, w, c = self.input_shape
        names = ", ".join(self.class_names[:6]) + (", …" if self.num_classes > 6 else "")
        return (
            f"{self.name}: {len(self)} images {h}×{w}×{c}, "
            f"{self.num_classes} classes ({names})"
        )


@dataclass(frozen=True)
class DatasetInfo:
    """A dataset as listed before loading: enough to pick one and to size a network's input."""

    name: str
    title: str
    input_shape: tuple[int, int, int]
    num_classes: int
    class_names: tuple[str, ...]
    available_offline: bool
    source: str  # 'embedded' | 'download' | 'user'
    description: str = ""
