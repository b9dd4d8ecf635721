"""Classic hand-made filters a learner can put into a conv layer instead of learned kernels.

Keras convolutions are cross-correlations, so Sobel-x as written responds to vertical edges
(brightness changing from left to right), which is what the feature maps show.
"""

from __future__ import annotations

import numpy as np

SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float64)
SOBEL_Y = SOBEL_X.T.copy()
LAPLACIAN = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=np.float64)


def gaussian(height: int, width: int) -> np.ndarray:
    """A normalised Gaussian blur whose sigma grows with the window (OpenCV's rule)."""

    def axis(n: int) -> np.ndarray:
        sigma = 0.3 * ((n - 1) * 0.5 - 1) + 0.8
        x = np.arange(n) - (n - 1) / 2
        return np.exp(-(x**2) / (2 * sigma**2))

    k = np.outer(axis(height), axis(width))
    return k / k.sum()


def base_kernel(which: str, height: int, width: int) -> np.ndarray:
    """The 2-D filter named ``which`` at the given size."""
    if which == "gaussian":
        return gaussian(height, width)
    table = {"sobel_x": SOBEL_X, "sobel_y": SOBEL_Y, "laplacian": LAPLACIAN}
    if which not in table:
        raise ValueError(f"Unknown fixed kernel. Received: which={which!r}")
    if (height, width) != (3, 3):
        raise ValueError(f"The {which} kernel is 3×3. Received: kernel size {height}×{width}")
    return table[which]


def fixed_kernel(which: str, shape: tuple[int, ...]) -> np.ndarray:
    """A conv kernel of ``shape`` (kh, kw, c_in, c_out) in which every output channel applies
    the filter to the mean of the input channels."""
    kh, kw, c_in, c_out = shape
    k2d = base_kernel(which, kh, kw) / c_in
    return np.broadcast_to(k2d[:, :, None, None], shape).copy()
