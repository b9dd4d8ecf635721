"""Learned kernels as one picture.

A conv layer's kernel is a (kh, kw, c_in, c_out) block of numbers; what a learner wants to see
is "what pattern does each kernel look for". This module turns the block into ONE image (see
:mod:`playground.insight.mosaic` for why one) whose colours mean the same thing everywhere:

* grey (0.5) is a zero weight, brighter is positive, darker is negative. The scale is symmetric
  around zero so that a kernel's sign is never hidden by a shifted colour range.
* ``scale="fixed"`` uses one scale for every tile (largest ``|w|`` of what is shown), so
  strong and weak kernels can be compared; ``scale="per_kernel"`` stretches every output
  kernel on its own, so even a weak kernel's pattern is visible.

Layouts (``mode``):

* ``"rgb"``: one colour tile per output kernel; needs c_in == 3 (a first layer on RGB images,
  where the kernel really is a small colour picture).
* ``"channels"``: one grey tile per (input channel, kernel): row = input channel, column =
  kernel, so a column shows everything one kernel reads. With c_in == 1 the kernels fill a
  near-square grid instead of one long row.
* ``"mean"``: one grey tile per kernel, averaged over input channels; the only readable choice
  for deep layers where c_in x c_out runs into thousands of tiles.
* ``"auto"``: ``rgb`` when c_in == 3, else ``channels`` while c_in x c_out <= ``max_tiles``,
  else ``mean``.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from playground.insight.mosaic import Mosaic, assemble, square_grid

Mode = Literal["auto", "rgb", "channels", "mean"]
Scale = Literal["fixed", "per_kernel"]


def kernel_grid(
    kernel: np.ndarray,
    mode: Mode = "auto",
    scale: Scale = "fixed",
    pad: int = 1,
    zoom: int = 1,
    background: float = 1.0,
    max_tiles: int = 256,
) -> Mosaic:
    """All kernels of one layer as a :class:`Mosaic` (image in 0..1 plus layout and labels).

    ``kernel`` has shape (kh, kw, c_in, c_out), the Keras layout of a Conv2D kernel (use
    :func:`layer_kernel` for other conv layers). The image is (H, W) grey or (H, W, 3) RGB.
    ``zoom`` repeats pixels so tiny kernels stay crisp; ``pad`` pixels of ``background``
    (white by default, the same as the largest positive weight: a view that needs borders
    no weight can have draws grid lines from the layout, with ``pad=0``) separate tiles.
    """
    kernel = np.asarray(kernel, dtype=np.float32)
    if kernel.ndim != 4:
        raise ValueError(f"A kernel must have shape (kh, kw, c_in, c_out). Received: shape={kernel.shape}")
    if scale not in ("fixed", "per_kernel"):
        raise ValueError(f"scale must be 'fixed' or 'per_kernel'. Received: scale={scale!r}")
    kh, kw, c_in, c_out = kernel.shape
    mode = _resolve_mode(mode, c_in, c_out, max_tiles)
    if mode == "rgb":
        # (c_out, kh, kw, 3); one scale per kernel over all three colours keeps its hue.
        tiles = np.transpose(kernel, (3, 0, 1, 2))
        tiles = _to_unit(tiles, per_tile=scale == "per_kernel", tile_axes=(1, 2, 3))
        rows, cols = square_grid(c_out)
        labels = [f"kernel {j}" for j in range(c_out)]
    elif mode == "mean" or (mode == "channels" and c_in == 1):
        tiles = np.transpose(kernel.mean(axis=2), (2, 0, 1))  # (c_out, kh, kw)
        tiles = _to_unit(tiles, per_tile=scale == "per_kernel", tile_axes=(1, 2))
        rows, cols = square_grid(c_out)
        suffix = " (mean over inputs)" if mode == "mean" and c_in > 1 else ""
        labels = [f"kernel {j}{suffix}" for j in range(c_out)]
    else:  # channels: rows = input channels, columns = kernels
        per_kernel = np.transpose(kernel, (3, 2, 0, 1))  # (c_out, c_in, kh, kw)
        per_kernel = _to_unit(per_kernel, per_tile=scale == "per_kernel", tile_axes=(1, 2, 3))
        tiles = np.transpose(per_kernel, (1, 0, 2, 3)).reshape(c_in * c_out, kh, kw)
        rows, cols = c_in, c_out
        labels = [f"input {i}, kernel {j}" for i in range(c_in) for j in range(c_out)]
    return assemble(tiles, rows, cols, labels, pad=pad, background=background, zoom=zoom)


def kernel_mosaic(
    kernel: np.ndarray,
    mode: Mode = "auto",
    scale: Scale = "fixed",
    pad: int = 1,
    zoom: int = 1,
    background: float = 1.0,
    max_tiles: int = 256,
) -> np.ndarray:
    """Just the image of :func:`kernel_grid`: (H, W) or (H, W, 3), float32 in 0..1."""
    return kernel_grid(kernel, mode, scale, pad, zoom, background, max_tiles).image


def _resolve_mode(mode: str, c_in: int, c_out: int, max_tiles: int) -> str:
    if mode == "auto":
        if c_in == 3:
            return "rgb"
        return "channels" if c_in * c_out <= max_tiles else "mean"
    if mode == "rgb" and c_in != 3:
        raise ValueError(f"mode='rgb' needs 3 input channels. Received: c_in={c_in}")
    if mode not in ("rgb", "channels", "mean"):
        raise ValueError(f"mode must be 'auto', 'rgb', 'channels' or 'mean'. Received: mode={mode!r}")
    return mode


def _to_unit(tiles: np.ndarray, per_tile: bool, tile_axes: tuple[int, ...]) -> np.ndarray:
    """Map weights to 0..1 with 0 -> 0.5, symmetric: one scale overall or one per tile."""
    limit = np.abs(tiles).max(axis=tile_axes if per_tile else None, keepdims=True)
    safe = np.where(limit > 0, limit, 1.0)  # an all-zero tile stays grey, without a warning
    return np.clip(0.5 + tiles / (2 * safe), 0.0, 1.0).astype(np.float32)


# -- reading kernels out of a Keras model ---------------------------------------------------------


def layer_kernel(layer: Any) -> np.ndarray | None:
    """A copy of ``layer``'s spatial kernel as (kh, kw, c_in, c_out), or None if it has none.

    Conv1D kernels become (1, k, c_in, c_out); transposed convs are swapped back to
    (kh, kw, c_in, c_out); depthwise (and separable) kernels become one single-channel kernel
    per (input channel, multiplier), i.e. (kh, kw, 1, c_in * multiplier).
    """
    import keras

    found = _kernel_variable(layer)
    if found is None:
        return None
    variable, kind = found
    kernel = np.array(keras.ops.convert_to_numpy(variable), dtype=np.float32)
    if kernel.ndim == 3:  # 1-D convolutions: (k, a, b)
        kernel = kernel[None]
    if kind == "transposed":
        kernel = np.transpose(kernel, (0, 1, 3, 2))
    elif kind == "depthwise":
        kh, kw, c_in, mult = kernel.shape
        kernel = kernel.reshape(kh, kw, 1, c_in * mult)
    return kernel


def conv_layers(model: Any) -> list[str]:
    """Names of the layers of ``model`` whose kernels :func:`layer_kernel` can show, in order."""
    return [layer.name for layer in model.layers if _kernel_variable(layer) is not None]


def _kernel_variable(layer: Any) -> tuple[Any, str] | None:
    """The variable holding ``layer``'s spatial kernel and how to read it, without copying."""
    from keras import layers

    transposed = (layers.Conv1DTranspose, layers.Conv2DTranspose)
    depthwise = (layers.DepthwiseConv1D, layers.DepthwiseConv2D)
    separable = (layers.SeparableConv1D, layers.SeparableConv2D)
    if isinstance(layer, separable):
        variable, kind = getattr(layer, "depthwise_kernel", None), "depthwise"
    elif isinstance(layer, transposed):
        variable, kind = getattr(layer, "kernel", None), "transposed"
    elif isinstance(layer, depthwise):
        variable, kind = getattr(layer, "kernel", None), "depthwise"
    elif isinstance(layer, (layers.Conv1D, layers.Conv2D)):
        variable, kind = getattr(layer, "kernel", None), "plain"
    else:
        return None
    if variable is None or len(variable.shape) not in (3, 4):  # unbuilt, or Conv3D-like
        return None
    return variable, kind
