"""Downloaded datasets, never downloading: the offline error, and loading from a filled cache."""

import gzip
import http.server
import io
import pickle
import socket
import tarfile
import threading
import time

import numpy as np
import pytest

from playground.data import (
    DatasetError,
    DatasetUnavailable,
    downloads,
    is_cached,
    list_datasets,
    load_dataset,
)


@pytest.fixture
def offline(tmp_path, monkeypatch):
    """An empty Keras cache and a network that always fails."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    calls = []

    def no_network(url, target, timeout=None, progress=None):
        calls.append(url)
        raise OSError("Network is unreachable")

    monkeypatch.setattr(downloads, "download_file", no_network)
    return tmp_path / "keras", calls


@pytest.mark.parametrize("name, file_name", [
    ("mnist", "mnist.npz"),
    ("fashion_mnist", "train-labels-idx1-ubyte.gz"),
    ("cifar10", "cifar-10-batches-py-target_archive"),
    ("cifar100", "cifar-100-python-target_archive"),
])
def test_offline_fails_fast_naming_path_and_url(offline, name, file_name):
    home, calls = offline
    start = time.perf_counter()
    with pytest.raises(DatasetUnavailable) as err:
        load_dataset(name)
    assert time.perf_counter() - start < 2.0
    message = str(err.value)
    assert "download failed" in message and "Network is unreachable" in message
    assert str(home / "datasets") in message and file_name in message
    assert calls and calls[0].startswith("https://") and calls[0] in message
    assert not is_cached(name)


def test_listing_reports_offline_availability(offline):
    infos = {i.name: i for i in list_datasets()}
    assert not infos["mnist"].available_offline


def test_mnist_from_cache_without_network(offline):
    home, calls = offline
    (home / "datasets").mkdir(parents=True)
    rng = np.random.default_rng(0)
    arrays = {k: rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
              for k, n in (("x_train", 30), ("x_test", 10))}
    np.savez(home / "datasets" / "mnist.npz", **arrays,
             y_train=np.arange(30) % 10, y_test=np.arange(10) % 10)
    assert is_cached("mnist")
    ds = load_dataset("mnist")
    assert calls == [] and ds.source == "download"
    assert ds.x.shape == (30, 28, 28, 1) and ds.x.dtype == np.float32 and ds.x.max() <= 1.0
    np.testing.assert_allclose(ds.x[..., 0], arrays["x_train"] / 255, atol=1e-6)
    assert len(load_dataset("mnist", part="all")) == 40
    assert len(load_dataset("mnist", part="test")) == 10
    assert len(load_dataset("mnist", limit=12, seed=1)) == 12


def test_fashion_mnist_from_cache(offline):
    home, _ = offline
    folder = home / "datasets" / "fashion-mnist"
    folder.mkdir(parents=True)
    for prefix, n in (("train", 4), ("t10k", 2)):
        with gzip.open(folder / f"{prefix}-labels-idx1-ubyte.gz", "wb") as f:
            f.write(b"\0" * 8 + bytes(range(n)))
        with gzip.open(folder / f"{prefix}-images-idx3-ubyte.gz", "wb") as f:
            f.write(b"\0" * 16 + bytes([255]) * (n * 28 * 28))
    ds = load_dataset("fashion_mnist", part="all")
    assert ds.x.shape == (6, 28, 28, 1) and ds.x.min() == 1.0 and ds.class_names[0] == "T-shirt/top"


def _batch(n, label_key):
    data = np.arange(n * 3072, dtype=np.int64).astype(np.uint8).reshape(n, 3072)
    return pickle.dumps({b"data": data, label_key.encode(): list(range(n))}, protocol=2)


def _tar(path, members):
    with tarfile.open(path, "w:gz") as tar:
        for name, payload in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))


def test_cifar10_from_cached_archive(offline):
    home, calls = offline
    (home / "datasets").mkdir(parents=True)
    members = {f"cifar-10-batches-py/data_batch_{i}": _batch(2, "labels") for i in range(1, 6)}
    members["cifar-10-batches-py/test_batch"] = _batch(3, "labels")
    _tar(home / "datasets" / "cifar-10-batches-py-target_archive", members)
    ds = load_dataset("cifar10")
    assert calls == [] and ds.x.shape == (10, 32, 32, 3)
    # channels-first rows become H×W×C: the red plane is the first 1024 bytes
    assert ds.x[0, 0, 1, 0] == pytest.approx(1 / 255) and ds.x[0, 0, 0, 1] == pytest.approx(0)
    assert len(load_dataset("cifar10", part="test")) == 3


def test_cifar_batches_refuse_anything_but_arrays(offline):
    home, _ = offline
    (home / "datasets").mkdir(parents=True)

    class Evil:
        def __reduce__(self):
            return (print, ("pwned",))

    evil = pickle.dumps({b"data": Evil(), b"fine_labels": [0]})
    _tar(home / "datasets" / "cifar-100-python-target_archive",
         {"cifar-100-python/train": evil, "cifar-100-python/test": evil})
    with pytest.raises(DatasetError, match="refusing"):
        load_dataset("cifar100")


def test_corrupt_download_is_removed_and_reported(offline, monkeypatch):
    def fake_download(url, target, timeout=None, progress=None):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"half a file")

    monkeypatch.setattr(downloads, "download_file", fake_download)
    with pytest.raises(DatasetUnavailable, match="corrupted"):
        load_dataset("mnist")
    assert not (offline[0] / "datasets" / "mnist.npz").exists()


def test_download_file_over_local_http(tmp_path):
    """The real downloader, against a server on localhost: atomic write and progress."""
    payload = b"x" * 300_000
    (tmp_path / "served.bin").write_bytes(payload)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        seen = []
        target = tmp_path / "cache" / "got.bin"
        url = f"http://127.0.0.1:{server.server_address[1]}/served.bin"
        downloads.download_file(url, target, timeout=5, progress=lambda done, total: seen.append((done, total)))
        assert target.read_bytes() == payload
        assert seen[-1] == (len(payload), len(payload))
        assert not list(target.parent.glob("*.part"))
        with pytest.raises(OSError):
            downloads.download_file(url.replace("served", "missing"), tmp_path / "cache" / "no.bin", timeout=5)
        assert not (tmp_path / "cache" / "no.bin").exists()
    finally:
        server.shutdown()
        server.server_close()


def test_silent_server_times_out_fast(tmp_path):
    """A host that accepts the connection and then says nothing must not hang the app."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/mnist.npz"
        start = time.perf_counter()
        with pytest.raises(OSError):
            downloads.download_file(url, tmp_path / "mnist.npz", timeout=0.5)
        assert time.perf_counter() - start < 3.0
        assert not (tmp_path / "mnist.npz").exists()
    finally:
        listener.close()
