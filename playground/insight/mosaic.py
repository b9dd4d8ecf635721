"""Lay many small tiles out as ONE image, and remember where each tile went.

The GUI draws a grid of kernels or feature maps as a single image (one ``imshow`` is cheap,
dozens of axes are not; see ARCHITECTURE.md), so the grid is assembled here in numpy. A view
still needs to label tiles and answer "which kernel is under the mouse?", which is what the
layout kept in :class:`Mosaic` is for.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Mosaic:
    """One image of tiles plus the layout needed to label them.

    Tiles are placed row-major: tile ``i`` sits in row ``i // cols`` and column ``i % cols``.
    ``tile_shape`` and ``pad`` are in pixels of ``image`` (after any zoom).
    """

    image: np.ndarray
    rows: int
    cols: int
    tile_shape: tuple[int, int]
    pad: int
    labels: tuple[str, ...]

    @property
    def layout(self) -> tuple[int, int]:
        """``(rows, cols)`` of the grid."""
        return self.rows, self.cols

    @property
    def count(self) -> int:
        """How many tiles hold something (the last row may be partly empty)."""
        return len(self.labels)

    def tile_origin(self, index: int) -> tuple[int, int]:
        """Pixel ``(y, x)`` of the top-left corner of tile ``index``."""
        if not 0 <= index < self.count:
            raise IndexError(f"Tile index must be in [0, {self.count}). Received: index={index}")
        row, col = divmod(index, self.cols)
        th, tw = self.tile_shape
        return self.pad + row * (th + self.pad), self.pad + col * (tw + self.pad)

    def tile_at(self, y: float, x: float) -> int | None:
        """Index of the tile under pixel ``(y, x)``, or None on padding or an empty cell."""
        th, tw = self.tile_shape
        if y < 0 or x < 0:
            return None
        row, ry = divmod(int(y) - self.pad, th + self.pad)
        col, rx = divmod(int(x) - self.pad, tw + self.pad)
        if row < 0 or col < 0 or row >= self.rows or col >= self.cols or ry >= th or rx >= tw:
            return None
        index = row * self.cols + col
        return index if index < self.count else None


def square_grid(n: int) -> tuple[int, int]:
    """``(rows, cols)`` for ``n`` tiles, as near to square as possible (wider rather than taller)."""
    if n <= 0:
        return 0, 0
    cols = math.ceil(math.sqrt(n))
    return math.ceil(n / cols), cols


def assemble(
    tiles: np.ndarray,
    rows: int,
    cols: int,
    labels: Sequence[str],
    pad: int = 1,
    background: float = 1.0,
    zoom: int = 1,
) -> Mosaic:
    """Place ``tiles`` (n, th, tw) or (n, th, tw, 3), values in 0..1, on a ``rows`` x ``cols`` grid.

    ``zoom`` repeats every pixel (nearest neighbour) so 3x3 kernels stay crisp when a view
    scales the image smoothly; ``pad`` pixels of ``background`` separate the tiles.
    """
    tiles = np.asarray(tiles, dtype=np.float32)
    if tiles.ndim not in (3, 4):
        raise ValueError(f"Tiles must have shape (n, h, w) or (n, h, w, 3). Received: shape={tiles.shape}")
    if len(labels) != len(tiles):
        raise ValueError(f"Need one label per tile. Received: {len(labels)} labels for {len(tiles)} tiles")
    if rows * cols < len(tiles):
        raise ValueError(f"A {rows}x{cols} grid cannot hold {len(tiles)} tiles")
    if pad < 0 or zoom < 1:
        raise ValueError(f"Expected pad >= 0 and zoom >= 1. Received: pad={pad}, zoom={zoom}")
    if zoom > 1:
        tiles = tiles.repeat(zoom, axis=1).repeat(zoom, axis=2)
    n, th, tw = tiles.shape[:3]
    colour = tiles.shape[3:]
    height = rows * th + (rows + 1) * pad
    width = cols * tw + (cols + 1) * pad
    image = np.full((height, width, *colour), background, dtype=np.float32)
    for i in range(n):
        row, col = divmod(i, cols)
        y = pad + row * (th + pad)
        x = pad + col * (tw + pad)
        image[y:y + th, x:x + tw] = tiles[i]
    return Mosaic(image, rows, cols, (th, tw), pad, tuple(labels))


def minmax(values: np.ndarray, axis: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Stretch ``values`` to 0..1 (over ``axis``); a constant block becomes 0, never NaN."""
    values = np.asarray(values, dtype=np.float32)
    low = values.min(axis=axis, keepdims=True)
    span = values.max(axis=axis, keepdims=True) - low
    out = np.zeros_like(values)
    np.divide(values - low, span, out=out, where=span > 0)
    return out
