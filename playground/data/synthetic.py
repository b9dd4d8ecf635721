"""Generated datasets that need no download: `shapes` and `strokes`.

Both are drawn with signed distance functions evaluated on a pixel grid for a whole class at a
time (numpy broadcasting, no Python loop per image), so thousands of 28×28 samples take well
under a second. Edges are anti-aliased by one pixel, which keeps gradients smooth.

`strokes` exists to teach: its classes differ only in edge orientation, so the first
convolution's kernels visibly turn into oriented edge detectors while it trains.
"""

from __future__ import annotations

import numpy as np

from playground.data.dataset import Dataset, DatasetError

SHAPE_NAMES = ("circle", "square", "triangle", "cross", "ring")
STROKE_ANGLES = (0, 45, 90, 135)


def _check(size: int, samples_per_class: int, noise: float) -> None:
    if not 8 <= int(size) <= 512:
        raise DatasetError(f"size must be between 8 and 512 pixels. Received: size={size}")
    if int(samples_per_class) < 1:
        raise DatasetError(f"samples_per_class must be at least 1. Received: {samples_per_class}")
    if not 0.0 <= float(noise) <= 1.0:
        raise DatasetError(f"noise must be a standard deviation in 0..1. Received: noise={noise}")


def _grid(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel centre coordinates, shaped to broadcast against per-sample (n, 1, 1) parameters."""
    c = np.arange(size, dtype=np.float32) + 0.5
    return c[None, None, :], c[None, :, None]  # x varies along width, y along height (down)


def _finish(sdf_px: np.ndarray, rng: np.random.Generator, noise: float) -> np.ndarray:
    """Signed distance in pixels -> anti-aliased intensity, random brightness, noise, 0..1."""
    n = sdf_px.shape[0]
    img = np.clip(0.5 - sdf_px, 0.0, 1.0)
    img *= rng.uniform(0.7, 1.0, size=(n, 1, 1)).astype(np.float32)
    if noise > 0:
        img += rng.normal(0.0, noise, size=img.shape).astype(np.float32)
    return np.clip(img, 0.0, 1.0).astype(np.float32)


def _shape_sdf(name: str, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Signed distance (in units of the shape's radius) of local coordinates to a shape."""
    if name == "circle":
        return np.sqrt(u * u + v * v) - 1.0
    if name == "square":
        return np.maximum(np.abs(u), np.abs(v)) - 0.8
    if name == "triangle":  # equilateral, circumradius 1, a vertex pointing up (-v)
        planes = [np.cos(a) * u + np.sin(a) * v for a in (np.pi / 2, np.pi * 7 / 6, np.pi * 11 / 6)]
        return np.maximum(np.maximum(planes[0], planes[1]), planes[2]) - 0.5
    if name == "cross":
        arm = 0.28
        bar_h = np.maximum(np.abs(u) - 1.0, np.abs(v) - arm)
        bar_v = np.maximum(np.abs(u) - arm, np.abs(v) - 1.0)
        return np.minimum(bar_h, bar_v)
    if name == "ring":
        return np.abs(np.sqrt(u * u + v * v) - 0.78) - 0.22
    raise DatasetError(f"Unknown shape '{name}'. Known shapes: {', '.join(SHAPE_NAMES)}")


def make_shapes(
    size: int = 28,
    samples_per_class: int = 500,
    noise: float = 0.05,
    seed: int = 0,
    classes: tuple[str, ...] | list[str] = SHAPE_NAMES,
    rotate: bool = True,
) -> Dataset:
    """Filled geometric shapes at random position, size and rotation, one class per shape."""
    _check(size, samples_per_class, noise)
    rng = np.random.default_rng(seed)
    n, s = int(samples_per_class), float(size)
    gx, gy = _grid(int(size))
    images = []
    for name in classes:
        r = rng.uniform(0.2, 0.42, size=(n, 1, 1)).astype(np.float32) * s
        cx = rng.uniform(r, s - r).astype(np.float32)
        cy = rng.uniform(r, s - r).astype(np.float32)
        theta = rng.uniform(0, 2 * np.pi, size=(n, 1, 1)) if rotate else np.zeros((n, 1, 1))
        cos, sin = np.cos(theta).astype(np.float32), np.sin(theta).astype(np.float32)
        dx, dy = gx - cx, gy - cy
        u = (dx * cos + dy * sin) / r
        v = (-dx * sin + dy * cos) / r
        images.append(_finish(_shape_sdf(name, u, v) * r, rng, noise))
    return _assemble("shapes", images, [str(c) for c in classes], n, rng)


def make_strokes(
    size: int = 28,
    samples_per_class: int = 500,
    noise: float = 0.05,
    seed: int = 0,
    angles: tuple[float, ...] | list[float] = STROKE_ANGLES,
    jitter: float = 4.0,
) -> Dataset:
    """Straight strokes whose class is their orientation (degrees counter-clockwise from →).

    Offset, length and thickness vary; `jitter` degrees of angle noise keeps it honest.
    """
    _check(size, samples_per_class, noise)
    if len(set(angles)) < 2:
        raise DatasetError(f"strokes needs at least two different angles. Received: {list(angles)}")
    rng = np.random.default_rng(seed)
    n, s = int(samples_per_class), float(size)
    gx, gy = _grid(int(size))
    images = []
    for angle in angles:
        theta = np.deg2rad(angle + rng.uniform(-jitter, jitter, size=(n, 1, 1)))
        dx_dir, dy_dir = np.cos(theta).astype(np.float32), -np.sin(theta).astype(np.float32)
        half = rng.uniform(0.25, 0.45, size=(n, 1, 1)).astype(np.float32) * s
        thick = rng.uniform(0.6, 1.6, size=(n, 1, 1)).astype(np.float32) * (s / 28.0)
        cx = (s / 2 + rng.uniform(-0.2, 0.2, size=(n, 1, 1)) * s).astype(np.float32)
        cy = (s / 2 + rng.uniform(-0.2, 0.2, size=(n, 1, 1)) * s).astype(np.float32)
        px, py = gx - cx, gy - cy
        t = np.clip(px * dx_dir + py * dy_dir, -half, half)
        dist = np.sqrt((px - t * dx_dir) ** 2 + (py - t * dy_dir) ** 2) - thick
        images.append(_finish(dist, rng, noise))
    names = [f"{a:g}°" for a in angles]
    return _assemble("strokes", images, names, n, rng)


def _assemble(name: str, images: list[np.ndarray], names: list[str], n: int,
              rng: np.random.Generator) -> Dataset:
    """Stack per-class batches, add the channel axis and shuffle so classes are interleaved."""
    x = np.concatenate(images)[..., None]
    y = np.repeat(np.arange(len(names), dtype=np.int64), n)
    order = rng.permutation(len(y))
    return Dataset(name=name, x=x[order], y=y[order], class_names=names, source="embedded")
