"""The data half of a project file: which dataset, how to split it, how to augment it.

Plain dataclasses with a JSON round-trip (to_dict / from_dict) and validation that says what
was wrong and what is allowed ("Received: …"), because project files are edited by hand too.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields

DEFAULT_RATIOS = (0.7, 0.15, 0.15)
FILL_MODES = ("constant", "reflect", "nearest", "wrap")


class DataConfigError(ValueError):
    """A data configuration value is out of range or of the wrong kind."""


def _unknown_keys(cls, data: dict) -> None:
    known = [f.name for f in fields(cls)]
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise DataConfigError(f"{cls.__name__}: unknown key(s) {unknown}. Known keys: {known}")


def _number(owner: str, name: str, value, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise DataConfigError(f"{owner}.{name} must be a number. Received: {name}={value!r}")
    if not lo <= value <= hi:
        raise DataConfigError(f"{owner}.{name} must lie in {lo}..{hi}. Received: {name}={value!r}")
    return float(value)


@dataclass
class AugmentationConfig:
    """Random changes applied to training batches only. Fractions as in Keras's layers:
    rotation is a fraction of a full turn, zoom/translation of the image size; all off by default.
    """

    flip_horizontal: bool = False
    flip_vertical: bool = False
    rotation: float = 0.0
    zoom: float = 0.0
    translation: float = 0.0
    contrast: float = 0.0
    noise: float = 0.0  # stddev of Gaussian noise, images are 0..1
    fill_mode: str = "constant"  # what appears where rotation/zoom/shift uncover the canvas

    def __post_init__(self) -> None:
        for name in ("flip_horizontal", "flip_vertical"):
            if not isinstance(getattr(self, name), bool):
                raise DataConfigError(f"augmentation.{name} must be true or false. "
                                      f"Received: {name}={getattr(self, name)!r}")
        for name in ("rotation", "zoom", "translation", "contrast"):
            setattr(self, name, _number("augmentation", name, getattr(self, name), 0.0, 1.0))
        self.noise = _number("augmentation", "noise", self.noise, 0.0, 1.0)
        if self.fill_mode not in FILL_MODES:
            raise DataConfigError(f"augmentation.fill_mode must be one of {FILL_MODES}. "
                                  f"Received: fill_mode={self.fill_mode!r}")

    @property
    def active(self) -> bool:
        """True when at least one augmentation is switched on."""
        return bool(self.flip_horizontal or self.flip_vertical or self.rotation or self.zoom
                    or self.translation or self.contrast or self.noise)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> AugmentationConfig:
        data = dict(data or {})
        _unknown_keys(cls, data)
        return cls(**data)


@dataclass
class DataConfig:
    """Dataset (name or path) + loader options + train/val/test ratios + seed + augmentation."""

    dataset: str = "digits"
    options: dict = field(default_factory=dict)
    ratios: tuple[float, float, float] = DEFAULT_RATIOS
    seed: int = 0
    augmentation: AugmentationConfig = field(default_factory=AugmentationConfig)

    def __post_init__(self) -> None:
        if not isinstance(self.dataset, str) or not self.dataset.strip():
            raise DataConfigError(f"dataset must be a name or a path. Received: dataset={self.dataset!r}")
        if not isinstance(self.options, dict) or not all(isinstance(k, str) for k in self.options):
            raise DataConfigError(f"options must be a mapping of names to values. Received: {self.options!r}")
        # lists become tuples so a config equals itself after a JSON round-trip
        self.options = {k: tuple(v) if isinstance(v, list) else v for k, v in self.options.items()}
        self.ratios = validate_ratios(self.ratios)
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise DataConfigError(f"seed must be a whole number >= 0. Received: seed={self.seed!r}")
        if isinstance(self.augmentation, dict):
            self.augmentation = AugmentationConfig.from_dict(self.augmentation)
        if not isinstance(self.augmentation, AugmentationConfig):
            raise DataConfigError(f"augmentation must be a mapping. Received: {self.augmentation!r}")

    def to_dict(self) -> dict:
        """JSON-ready: lists instead of tuples, nested augmentation as a dict."""
        return {
            "dataset": self.dataset,
            "options": _jsonable(self.options),
            "ratios": list(self.ratios),
            "seed": self.seed,
            "augmentation": self.augmentation.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> DataConfig:
        if not isinstance(data, dict):
            raise DataConfigError(f"data config must be a mapping. Received: {data!r}")
        _unknown_keys(cls, data)
        data = dict(data)
        if "augmentation" in data:
            data["augmentation"] = AugmentationConfig.from_dict(data["augmentation"])
        return cls(**data)


def _jsonable(options: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in options.items()}


def validate_ratios(ratios) -> tuple[float, float, float]:
    """(train, val, test) fractions: three numbers >= 0, train > 0, summing to 1."""
    if isinstance(ratios, dict):
        ratios = (ratios.get("train", 0), ratios.get("val", 0), ratios.get("test", 0))
    try:
        values = tuple(ratios)
    except TypeError:
        raise DataConfigError(f"ratios must be (train, val, test). Received: ratios={ratios!r}") from None
    if len(values) != 3:
        raise DataConfigError(f"ratios must be three numbers (train, val, test). Received: ratios={values!r}")
    values = tuple(_number("split", n, v, 0.0, 1.0) for n, v in zip(("train", "val", "test"), values))
    if values[0] <= 0:
        raise DataConfigError(f"the train ratio must be above 0. Received: ratios={values!r}")
    if abs(sum(values) - 1.0) > 1e-6:
        raise DataConfigError(
            f"split ratios must sum to 1 (train + val + test). Received: ratios={values!r}, "
            f"sum={sum(values):g}"
        )
    return values  # type: ignore[return-value]
