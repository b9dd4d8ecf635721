"""Reading the CIFAR batch files without trusting pickle.

The CIFAR archives store Python pickles. The project rule is "no pickle", so they are read
with an unpickler that may build only dicts, lists, bytes and numpy arrays: a tampered file
in the cache cannot run code. (The original files were written by Python 2 and hold the raw
data as byte strings; batches re-pickled by Python 3 with protocol 2 use codecs.encode.)
"""

from __future__ import annotations

import io
import pickle
import tarfile
from pathlib import Path

import numpy as np

from playground.data.dataset import DatasetError
from playground.data.remote_specs import RemoteSpec


def _reconstruct():
    try:
        from numpy._core.multiarray import _reconstruct as rec  # numpy >= 2
    except ImportError:  # pragma: no cover - numpy 1.x
        from numpy.core.multiarray import _reconstruct as rec
    return rec


class _ArraysOnly(pickle.Unpickler):
    ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
        ("numpy", "ndarray"), ("numpy", "dtype"),
        ("_codecs", "encode"),  # how protocol-2 pickles written by Python 3 store raw bytes
    }

    def find_class(self, module: str, name: str):  # noqa: D102 - pickle hook
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"refusing to load {module}.{name} from a CIFAR batch")
        if name == "_reconstruct":
            return _reconstruct()
        if module == "_codecs":
            import codecs

            return codecs.encode
        return getattr(np, name)


def read_batch(path: Path, label_key: str) -> tuple[np.ndarray, np.ndarray]:
    """One batch file -> (uint8 N×32×32×3, labels)."""
    try:
        with open(path, "rb") as f:
            raw = _ArraysOnly(io.BytesIO(f.read()), encoding="bytes").load()
    except (pickle.UnpicklingError, EOFError, AttributeError, ValueError) as exc:
        raise DatasetError(f"{path} is not a readable CIFAR batch ({exc}). Delete it to download again.") from exc
    batch = {(k.decode() if isinstance(k, bytes) else k): v for k, v in raw.items()}
    data = np.asarray(batch["data"], dtype=np.uint8)
    x = data.reshape(len(data), 3, 32, 32).transpose(0, 2, 3, 1)
    return x, np.asarray(batch[label_key], dtype=np.int64)


def extract(spec: RemoteSpec, root: Path) -> Path:
    """Unpack the cached archive (Keras 3 or Keras 2 name) where Keras 3 would; return the batches' folder."""
    candidates = [root / spec.files[0].file_name, root / f"{spec.inner_dir}.tar.gz"]
    archive = next((p for p in candidates if p.is_file()), None)
    if archive is None:
        raise DatasetError(f"No archive of '{spec.name}' found in {root}.")
    target = root / spec.extract_to
    try:
        with tarfile.open(archive, "r:gz") as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(target, filter="data")
            else:  # pragma: no cover - old Python without extraction filters
                tar.extractall(target)  # noqa: S202
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise DatasetError(f"{archive} could not be unpacked ({exc}). Delete it to download again.") from exc
    return target / spec.inner_dir


def read_cifar(spec: RemoteSpec, folder: Path | None, root: Path):
    """(x_train, y_train, x_test, y_test) for cifar10 / cifar100 (fine labels)."""
    folder = folder if folder is not None else extract(spec, root)
    if spec.name == "cifar10":
        parts = [read_batch(folder / f"data_batch_{i}", "labels") for i in range(1, 6)]
        x_train = np.concatenate([p[0] for p in parts])
        y_train = np.concatenate([p[1] for p in parts])
        x_test, y_test = read_batch(folder / "test_batch", "labels")
    else:
        x_train, y_train = read_batch(folder / "train", "fine_labels")
        x_test, y_test = read_batch(folder / "test", "fine_labels")
    return x_train, y_train, x_test, y_test
