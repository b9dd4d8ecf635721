"""Real handwriting that ships with scikit-learn: the offline default, `digits`.

1,797 handwritten digits, 8×8 pixels with values 0..16. `size=28` resizes them (bilinear) to
the 28×28 of MNIST so a network designed for MNIST runs on them unchanged, offline.
"""

from __future__ import annotations

import numpy as np

from playground.data.dataset import Dataset, DatasetError
from playground.data.images import resize_bilinear

DIGIT_NAMES = tuple(str(i) for i in range(10))


def load_digits(size: int | None = None) -> Dataset:
    """scikit-learn's digits as float32 N×H×W×1 in 0..1 (8×8, or size×size when given)."""
    from sklearn.datasets import load_digits as sk_load_digits  # lazy: sklearn import is slow

    bunch = sk_load_digits()
    x = (bunch.images.astype(np.float32) / np.float32(16.0))[..., None]
    if size is not None and int(size) != 8:
        if not 4 <= int(size) <= 512:
            raise DatasetError(f"size must be between 4 and 512 pixels. Received: size={size}")
        x = np.clip(resize_bilinear(x, (int(size), int(size))), 0.0, 1.0)
    return Dataset(name="digits", x=x, y=bunch.target, class_names=list(DIGIT_NAMES), source="embedded")
