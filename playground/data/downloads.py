"""Datasets that Keras downloads once and caches: mnist, fashion_mnist, cifar10, cifar100.

Why not simply call `keras.datasets.mnist.load_data()`? Offline it blocks in urlretrieve with
no timeout, and its error says nothing about where the file should go. Here we look in the
very cache Keras uses (`$KERAS_HOME/datasets`, default ~/.keras/datasets) first, download with
a short socket timeout only when the file is missing, and on any failure raise
DatasetUnavailable naming the URL and the exact path to place the file at. The files are the
ones Keras itself downloads, at the paths Keras uses, so either tool fills the cache for both.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from playground.data.dataset import Dataset, DatasetError, DatasetUnavailable
from playground.data.remote_specs import REMOTE, RemoteSpec

DEFAULT_TIMEOUT = 5.0
Progress = Callable[[int, "int | None"], None]


def keras_home() -> Path:
    """Keras's cache root, resolved now (Keras resolves it once, at import)."""
    if os.environ.get("KERAS_HOME"):
        return Path(os.environ["KERAS_HOME"]).expanduser()
    base = os.path.expanduser("~")
    if not os.access(base, os.W_OK):
        base = tempfile.gettempdir()
    return Path(base) / ".keras"


def cache_dir(spec: RemoteSpec) -> Path:
    return keras_home() / spec.subdir


def expected_paths(name: str) -> list[tuple[str, Path]]:
    """(url, path) of every file that must be in the cache for `name`."""
    spec = REMOTE[name]
    return [(spec.base_url + f.url_name, cache_dir(spec) / f.file_name) for f in spec.files]


def _extracted_dir(spec: RemoteSpec) -> Path | None:
    """Folder holding the extracted batches (Keras 3 or Keras 2 layout), if there is one."""
    if not spec.extract_to:
        return None
    root = keras_home() / spec.subdir
    for folder in (root / spec.extract_to / spec.inner_dir, root / spec.inner_dir):
        if folder.is_dir() and any(folder.iterdir()):
            return folder
    return None


def is_cached(name: str) -> bool:
    """True when `name` can be loaded without touching the network."""
    spec = REMOTE[name]
    if _extracted_dir(spec) is not None:
        return True
    if spec.extract_to:
        legacy = keras_home() / spec.subdir / f"{spec.inner_dir}.tar.gz"
        if legacy.is_file():
            return True
    return all(path.is_file() for _, path in expected_paths(name))


def download_file(url: str, target: Path, timeout: float = DEFAULT_TIMEOUT,
                  progress: Progress | None = None) -> None:
    """Fetch `url` to `target` atomically (a .part file renamed at the end). Tests replace this."""
    import urllib.request

    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(part, "wb") as out:
            total = response.headers.get("Content-Length")
            total = int(total) if total and total.isdigit() else None
            done = 0
            while chunk := response.read(1 << 20):
                out.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
        os.replace(part, target)
    finally:
        if part.exists():
            part.unlink()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _unavailable(spec: RemoteSpec, reason: str) -> DatasetUnavailable:
    places = "\n".join(f"  {url}\n    -> {path}" for url, path in expected_paths(spec.name))
    return DatasetUnavailable(
        f"Dataset '{spec.name}' is not in the Keras cache and the download failed ({reason}).\n"
        f"Download the file(s) on a connected machine and place them exactly here:\n{places}\n"
        f"(The cache folder is {cache_dir(spec)}; set KERAS_HOME to move it.) "
        "Offline, choose an embedded dataset instead: digits, shapes or strokes."
    )


def ensure_files(name: str, timeout: float = DEFAULT_TIMEOUT, progress: Progress | None = None) -> None:
    """Make sure every file of `name` is cached, downloading what is missing; fail fast."""
    spec = REMOTE[name]
    if is_cached(name):
        return
    for (url, path), remote in zip(expected_paths(name), spec.files):
        if path.is_file():
            continue
        try:
            download_file(url, path, timeout=timeout, progress=progress)
        except Exception as exc:  # offline, DNS, timeout, HTTP error, disk full: all the same to the user
            raise _unavailable(spec, f"{type(exc).__name__}: {exc}") from exc
        if remote.sha256 and _sha256(path) != remote.sha256:
            path.unlink()
            raise _unavailable(spec, "the downloaded file was incomplete or corrupted")


def _read_arrays(spec: RemoteSpec) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x_train, y_train, x_test, y_test) from the cached files, uint8 N×H×W(×C)."""
    folder = cache_dir(spec)
    if spec.name == "mnist":
        with np.load(folder / "mnist.npz", allow_pickle=False) as f:
            return f["x_train"], f["y_train"], f["x_test"], f["y_test"]
    if spec.name == "fashion_mnist":
        def idx(file: str, offset: int) -> np.ndarray:
            with gzip.open(folder / file, "rb") as fh:
                return np.frombuffer(fh.read(), np.uint8, offset=offset)
        y_train, y_test = idx("train-labels-idx1-ubyte.gz", 8), idx("t10k-labels-idx1-ubyte.gz", 8)
        x_train = idx("train-images-idx3-ubyte.gz", 16).reshape(len(y_train), 28, 28)
        x_test = idx("t10k-images-idx3-ubyte.gz", 16).reshape(len(y_test), 28, 28)
        return x_train, y_train, x_test, y_test
    from playground.data.cifar import read_cifar

    return read_cifar(spec, _extracted_dir(spec), keras_home() / spec.subdir)


def load_remote(name: str, part: str = "train", limit: int | None = None, seed: int = 0,
                timeout: float = DEFAULT_TIMEOUT, progress: Progress | None = None) -> Dataset:
    """Load a Keras dataset from the cache (downloading once if needed).

    part: 'train' (default), 'test' or 'all' (both, concatenated); the app makes its own
    train/val/test split from whatever is loaded. limit: keep a seeded random subset.
    """
    if name not in REMOTE:
        raise DatasetError(f"Unknown downloadable dataset '{name}'. Known: {', '.join(REMOTE)}")
    if part not in ("train", "test", "all"):
        raise DatasetError(f"part must be 'train', 'test' or 'all'. Received: part={part!r}")
    spec = REMOTE[name]
    ensure_files(name, timeout=timeout, progress=progress)
    try:
        x_train, y_train, x_test, y_test = _read_arrays(spec)
    except (OSError, ValueError, KeyError, EOFError) as exc:
        raise DatasetError(
            f"The cached files of '{name}' in {cache_dir(spec)} could not be read ({exc}). "
            "Delete them to download again."
        ) from exc
    pairs = {"train": [(x_train, y_train)], "test": [(x_test, y_test)],
             "all": [(x_train, y_train), (x_test, y_test)]}[part]
    x = np.concatenate([p[0] for p in pairs])
    y = np.concatenate([np.asarray(p[1]).reshape(-1) for p in pairs]).astype(np.int64)
    if limit is not None and int(limit) < len(y):
        keep = np.sort(np.random.default_rng(seed).permutation(len(y))[: int(limit)])
        x, y = x[keep], y[keep]
    if x.ndim == 3:
        x = x[..., None]
    x = x.astype(np.float32) / np.float32(255.0)
    return Dataset(name=name, x=x, y=y, class_names=list(spec.class_names), source="download")
