"""The learner's own data: a folder of images (one sub-folder per class), .npz or .csv arrays.

Real folders contain odd files (a .DS_Store, a half-copied JPEG, a PDF). One bad file must not
cost the learner their dataset, so unreadable files are skipped and listed in a LoadReport
that the window can show, and only "nothing usable at all" is an error.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from playground.data.dataset import Dataset, DatasetError, LoadReport
from playground.data.images import as_nhwc, encode_labels, to_unit_range

COLOR_MODES = {"grayscale": "L", "rgb": "RGB"}


def _read_image(path: Path, mode: str, size: tuple[int, int] | None) -> np.ndarray:
    """Decode one file with PIL into H×W×C uint8; raises on anything unreadable."""
    from PIL import Image, ImageOps

    with Image.open(path) as img:
        img.load()  # force the full decode so truncated files fail here
        img = ImageOps.exif_transpose(img).convert(mode)
        if size is not None and img.size != (size[1], size[0]):
            img = img.resize((size[1], size[0]), Image.BILINEAR)
        arr = np.asarray(img, dtype=np.uint8)
    return arr[..., None] if arr.ndim == 2 else arr


def load_folder(path: str | Path, image_size: tuple[int, int] | None = None,
                color_mode: str = "grayscale") -> Dataset:
    """Images from `path/<class name>/**`, resized to image_size (H, W).

    image_size None: the size of the first readable image. Hidden files are ignored; files
    PIL cannot decode are skipped and listed in `dataset.report`.
    """
    root = Path(path).expanduser()
    if color_mode not in COLOR_MODES:
        raise DatasetError(f"color_mode must be 'grayscale' or 'rgb'. Received: color_mode={color_mode!r}")
    if not root.is_dir():
        raise DatasetError(f"{root} is not a folder.")
    class_dirs = sorted(d for d in root.iterdir() if d.is_dir() and not d.name.startswith("."))
    if not class_dirs:
        raise DatasetError(
            f"{root} has no class folders. Put the images of each class in its own sub-folder, "
            f"e.g. {root / 'cat'}/1.png and {root / 'dog'}/1.png."
        )
    size = (int(image_size[0]), int(image_size[1])) if image_size is not None else None
    mode = COLOR_MODES[color_mode]
    report, images, labels, names = LoadReport(), [], [], []
    for class_dir in class_dirs:
        files = sorted(f for f in class_dir.rglob("*")
                       if f.is_file() and not any(p.startswith(".") for p in f.relative_to(class_dir).parts))
        start = len(images)
        for file in files:
            try:
                arr = _read_image(file, mode, size)
            except Exception as exc:  # PIL raises many kinds; one bad file must not stop the load
                report.skipped.append((str(file), f"{type(exc).__name__}: {exc}"))
                continue
            size = size or arr.shape[:2]
            images.append(arr)
        if len(images) == start:
            report.empty_classes.append(class_dir.name)
            continue
        labels.extend([len(names)] * (len(images) - start))
        names.append(class_dir.name)
    report.loaded = len(images)
    if not images:
        raise DatasetError(
            f"No readable images in the class folders of {root} "
            f"({report.skipped_count} files could not be read)."
        )
    x = np.stack(images).astype(np.float32) / np.float32(255.0)
    return Dataset(name=root.name, x=x, y=np.asarray(labels), class_names=names,
                   source="user", report=report)


def load_npz(path: str | Path, image_shape: tuple[int, ...] | None = None,
             class_names: list[str] | None = None) -> Dataset:
    """Arrays x and y from an .npz (or its first two arrays); 'class_names' is used when present."""
    path = Path(path).expanduser()
    try:
        with np.load(path, allow_pickle=False) as f:
            keys = list(f.keys())
            if "x" in keys and "y" in keys:
                x, y = f["x"], f["y"]
            elif len(keys) >= 2:
                x, y = f[keys[0]], f[keys[1]]
            else:
                raise DatasetError(f"{path} must hold images and labels: keys 'x' and 'y'. Found: {keys}")
            if class_names is None and "class_names" in keys:
                class_names = [str(c) for c in f["class_names"]]
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{path} could not be read as .npz ({exc}).") from exc
    return _from_arrays(path, x, y, image_shape, class_names)


def load_csv(path: str | Path, image_shape: tuple[int, ...] | None = None,
             label_column: str | int | None = None, class_names: list[str] | None = None) -> Dataset:
    """One image per row: the label in the first column (or the column named 'label'), then pixels.

    The image shape is `image_shape` or guessed: a perfect square count of pixels -> H=W, C=1.
    """
    path = Path(path).expanduser()
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = [r for r in csv.reader(f) if r and any(c.strip() for c in r)]
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"{path} could not be read as .csv ({exc}).") from exc
    if not rows:
        raise DatasetError(f"{path} is empty.")
    header = None
    if not all(_is_number(c) for c in rows[0][1:]):
        header, rows = [c.strip() for c in rows[0]], rows[1:]
    if not rows:
        raise DatasetError(f"{path} has a header but no data rows.")
    label_at = _label_index(label_column, header, path)
    width = len(rows[0])
    bad = next((i for i, r in enumerate(rows) if len(r) != width), None)
    if bad is not None:
        raise DatasetError(f"{path}: row {bad + 1 + (header is not None)} has {len(rows[bad])} values, "
                           f"the first row has {width}.")
    try:  # fast path: every value numeric
        table = np.array(rows, dtype=np.float32)
    except ValueError:
        table = np.asarray(rows, dtype=object)
    try:
        x = np.delete(table, label_at, axis=1).astype(np.float32)
    except ValueError as exc:
        raise DatasetError(f"{path}: pixel values must be numbers ({exc}).") from exc
    labels = table[:, label_at]
    if table.dtype == object:
        labels = np.asarray([str(v).strip() for v in labels])
    return _from_arrays(path, x, labels, image_shape, class_names)


def _label_index(label_column: str | int | None, header: list[str] | None, path: Path) -> int:
    if isinstance(label_column, int):
        return label_column
    wanted = label_column or "label"
    if header is not None and wanted in header:
        return header.index(wanted)
    if label_column is not None:
        raise DatasetError(f"{path} has no column named {label_column!r}. Columns start: {header[:5] if header else 'no header'}")
    return 0


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _from_arrays(path: Path, x: np.ndarray, y: np.ndarray, image_shape, class_names) -> Dataset:
    if len(x) != len(np.asarray(y).reshape(len(y), -1)):
        raise DatasetError(f"{path}: {len(x)} images but {len(y)} labels.")
    x = to_unit_range(as_nhwc(x, image_shape))
    labels, names = encode_labels(y, class_names)
    return Dataset(name=path.stem, x=x, y=labels, class_names=names, source="user",
                   report=LoadReport(loaded=len(labels)))
