"""Stratified, seeded train/val/test splits.

Stratified so a small dataset does not end up with a class missing from validation (which
makes the accuracy curve lie); seeded so the same project gives the same split on every run
and on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.data.config import DEFAULT_RATIOS, validate_ratios
from playground.data.dataset import Dataset

Pair = tuple[np.ndarray, np.ndarray]


@dataclass
class Splits:
    """Three (x, y) pairs; val or test may be empty when their ratio is 0."""

    train: Pair
    val: Pair
    test: Pair
    class_names: list[str]

    @property
    def sizes(self) -> dict[str, int]:
        return {"train": len(self.train[1]), "val": len(self.val[1]), "test": len(self.test[1])}


def _class_counts(n: int, ratios: tuple[float, float, float]) -> list[int]:
    """How many of a class's n samples go to each split: largest remainder, then make sure
    every split with a ratio above 0 gets at least one sample when there are enough."""
    exact = [n * r for r in ratios]
    counts = [int(np.floor(e)) for e in exact]
    for i in sorted(range(3), key=lambda i: exact[i] - counts[i], reverse=True)[: n - sum(counts)]:
        counts[i] += 1
    wanted = [i for i in range(3) if ratios[i] > 0]
    if n >= len(wanted):
        for i in wanted:
            if counts[i] == 0:
                donor = max(range(3), key=lambda j: counts[j])
                counts[donor] -= 1
                counts[i] += 1
    return counts


def split(dataset: Dataset | Pair, ratios=DEFAULT_RATIOS, seed: int = 0) -> Splits:
    """Split into train/val/test by class, in proportion `ratios` (train, val, test), seeded."""
    ratios = validate_ratios(ratios)
    if isinstance(dataset, Dataset):
        x, y, names = dataset.x, dataset.y, dataset.class_names
    else:
        x, y = dataset
        y = np.asarray(y, dtype=np.int64).reshape(-1)
        names = [str(i) for i in range(int(y.max()) + 1 if len(y) else 0)]
    rng = np.random.default_rng(seed)
    parts: list[list[np.ndarray]] = [[], [], []]
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        bounds = np.cumsum(_class_counts(len(members), ratios))
        for i, chunk in enumerate(np.split(members, bounds[:2])):
            parts[i].append(chunk)
    pairs = []
    for chunks in parts:
        index = rng.permutation(np.concatenate(chunks)) if chunks else np.zeros(0, dtype=np.int64)
        pairs.append((x[index], y[index]))
    return Splits(train=pairs[0], val=pairs[1], test=pairs[2], class_names=list(names))
