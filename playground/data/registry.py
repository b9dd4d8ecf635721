"""The one entry point: `load_dataset(name_or_path, **options)` and `list_datasets()`.

Names map to loaders in a table with stable keys (what project files store); anything else is
treated as a path to a folder, .npz or .csv. Options are checked against the loader's signature
so a typo in a project file says which options exist instead of a bare TypeError.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import partial
from pathlib import Path

from playground.data.dataset import Dataset, DatasetError, DatasetInfo
from playground.data.downloads import is_cached, load_remote
from playground.data.embedded import DIGIT_NAMES, load_digits
from playground.data.remote_specs import REMOTE
from playground.data.synthetic import SHAPE_NAMES, STROKE_ANGLES, make_shapes, make_strokes
from playground.data.userfiles import load_csv, load_folder, load_npz

EMBEDDED: dict[str, Callable[..., Dataset]] = {
    "digits": load_digits,
    "shapes": make_shapes,
    "strokes": make_strokes,
}
LOADERS: dict[str, Callable[..., Dataset]] = {
    **EMBEDDED,
    **{name: partial(load_remote, name) for name in REMOTE},
}
DEFAULT_DATASET = "digits"


def known_names() -> list[str]:
    return list(LOADERS)


def _normalise(name: str) -> str:
    return name.strip().lower().replace("-", "_")


def _call(loader: Callable[..., Dataset], label: str, options: dict) -> Dataset:
    params = inspect.signature(loader).parameters
    unknown = sorted(set(options) - set(params))
    if unknown:
        raise DatasetError(
            f"Unknown option(s) for '{label}': {', '.join(unknown)}. "
            f"Known options: {', '.join(params) or 'none'}"
        )
    try:
        return loader(**options)
    except (TypeError, ValueError) as exc:
        raise DatasetError(f"Bad option for '{label}': {exc}") from exc


def load_dataset(name_or_path: str | Path, **options) -> Dataset:
    """Load a dataset by name ('digits', 'shapes', 'mnist', …) or from a folder/.npz/.csv path."""
    text = str(name_or_path)
    key = _normalise(text)
    if key in LOADERS:
        return _call(LOADERS[key], key, options)
    path = Path(text).expanduser()
    if path.is_dir():
        return _call(partial(load_folder, path), text, options)
    if path.is_file() and path.suffix.lower() == ".npz":
        return _call(partial(load_npz, path), text, options)
    if path.is_file() and path.suffix.lower() == ".csv":
        return _call(partial(load_csv, path), text, options)
    if path.is_file():
        raise DatasetError(f"{path}: unsupported file type '{path.suffix}'. Use a folder, .npz or .csv.")
    looks_like_path = any(sep in text for sep in "/\\") or path.suffix.lower() in (".npz", ".csv")
    if looks_like_path:
        raise DatasetError(f"No such file or folder: {path}")
    raise DatasetError(
        f"Unknown dataset '{text}'. Known names: {', '.join(known_names())}; "
        "or give the path of a folder (one sub-folder per class), an .npz or a .csv file."
    )


def list_datasets() -> list[DatasetInfo]:
    """Every named dataset with what the window needs to list it, without loading any."""
    digits = (8, 8, 1)
    infos = [
        DatasetInfo("digits", "Handwritten digits (scikit-learn)", digits, 10, DIGIT_NAMES, True,
                    "embedded", "1,797 real 8×8 handwritten digits; size=28 resizes them"),
        DatasetInfo("shapes", "Generated shapes", (28, 28, 1), len(SHAPE_NAMES), SHAPE_NAMES, True,
                    "embedded", "circles, squares, triangles, crosses, rings at random place, size, angle"),
        DatasetInfo("strokes", "Generated strokes", (28, 28, 1), len(STROKE_ANGLES),
                    tuple(f"{a}°" for a in STROKE_ANGLES), True, "embedded",
                    "straight lines by orientation: first-layer kernels become edge detectors"),
    ]
    for spec in REMOTE.values():
        infos.append(DatasetInfo(spec.name, spec.title, spec.input_shape, len(spec.class_names),
                                 spec.class_names, is_cached(spec.name), "download", spec.description))
    return infos


def dataset_info(name: str) -> DatasetInfo:
    """The listing entry of one named dataset."""
    key = _normalise(name)
    for info in list_datasets():
        if info.name == key:
            return info
    raise DatasetError(f"Unknown dataset '{name}'. Known names: {', '.join(known_names())}")


def sample_shape(name: str | None, options: dict | None = None) -> tuple[int, ...] | None:
    """One sample's shape of a named dataset with its loader options (digits' ``size`` resizes);
    None for a user's folder/file or an unknown name, so nothing is checked against a guess."""
    if not name:
        return None
    try:
        info = dataset_info(name)
    except DatasetError:
        return None
    shape = tuple(info.input_shape)
    size = (options or {}).get("size")
    if size is not None and info.source == "embedded":
        try:
            side = int(size)
        except (TypeError, ValueError):
            return None
        shape = (side, side, *shape[2:])
    return shape
