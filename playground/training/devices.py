"""Which device trains, how much memory it has, and whether mixed precision pays off there.

Memory growth must be switched on before TensorFlow touches the GPU: otherwise TensorFlow
grabs nearly all GPU memory at the first op and the window (or a second run) has none left.
So the session calls :func:`configure_device` before anything else, and it is harmless to call
again (TensorFlow refuses changes once the GPU is initialised; that refusal is ignored).

``all_gpus`` trains data-parallel: one replica per GPU under tf.distribute.MirroredStrategy (on
the TensorFlow backend) or keras.distribution.DataParallel (JAX). Without a GPU it splits the CPU
into ``PLAYGROUND_CPU_REPLICAS`` logical devices when that is set before TensorFlow starts, which
is how CI and a laptop exercise the same code path a multi-GPU machine runs.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass

CPU_REPLICAS_ENV = "PLAYGROUND_CPU_REPLICAS"


class DeviceError(RuntimeError):
    """The requested device does not exist here."""


@dataclass(frozen=True)
class DeviceInfo:
    """Where a run trains: ``scope`` is the tf.device string, ``label`` what the user reads."""

    kind: str  # 'cpu' | 'gpu'
    scope: str
    label: str
    mixed_precision_ok: bool  # a GPU with tensor cores (compute capability 7.0+)
    replicas: tuple[str, ...] = ()  # all_gpus: the devices that each hold one model replica

    @property
    def replica_count(self) -> int:
        return max(1, len(self.replicas))


def configure_device(requested: str = "auto") -> DeviceInfo:
    """Switch on memory growth for every GPU and pick the device for ``requested``."""
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    for gpu in gpus:
        with contextlib.suppress(RuntimeError, ValueError):  # already initialised: keep as is
            tf.config.experimental.set_memory_growth(gpu, True)
    if requested == "all_gpus" and _keras_backend() == "tensorflow":  # JAX: keras.distribution (cluster.py)
        return _all_devices(tf, gpus)
    if requested == "gpu" and not gpus:
        raise DeviceError("The training settings ask for the GPU, but TensorFlow sees none here: "
                          "set device to auto or cpu (or install tensorflow[and-cuda]).")
    if requested == "cpu" or not gpus:
        return DeviceInfo("cpu", "/CPU:0", "CPU", False)
    details = {}
    with contextlib.suppress(Exception):
        details = tf.config.experimental.get_device_details(gpus[0])
    return DeviceInfo("gpu", "/GPU:0", f"GPU ({_gpu_name(details)})", _tensor_cores(details))


def _gpu_name(details: dict) -> str:
    return details.get("device_name") or "GPU"


def _tensor_cores(details: dict) -> bool:
    return tuple(details.get("compute_capability") or (0, 0)) >= (7, 0)


def _keras_backend() -> str:
    import keras

    return keras.backend.backend()


def cpu_replicas_requested() -> int:
    """PLAYGROUND_CPU_REPLICAS as a whole number (1 when unset or not a number >= 1)."""
    try:
        return max(1, int(os.environ.get(CPU_REPLICAS_ENV, "1") or 1))
    except ValueError:
        return 1


def split_cpu(count: int) -> None:
    """Split the first CPU into ``count`` logical devices; only possible before TensorFlow starts
    (afterwards the existing split stays, and that refusal is ignored)."""
    import tensorflow as tf

    cpus = tf.config.list_physical_devices("CPU")
    if count > 1 and cpus:
        with contextlib.suppress(RuntimeError, ValueError):
            tf.config.set_logical_device_configuration(cpus[0], [tf.config.LogicalDeviceConfiguration()] * count)


def _all_devices(tf, gpus) -> DeviceInfo:
    """One replica per GPU; without GPUs one per logical CPU (several only when split)."""
    if gpus:
        details = {}
        with contextlib.suppress(Exception):
            details = tf.config.experimental.get_device_details(gpus[0])
        names = tuple(d.name for d in tf.config.list_logical_devices("GPU"))
        label = f"{len(names)} GPU{'s' if len(names) != 1 else ''} ({_gpu_name(details)})"
        return DeviceInfo("gpu", names[0], label, _tensor_cores(details), names)
    split_cpu(cpu_replicas_requested())
    names = tuple(d.name for d in tf.config.list_logical_devices("CPU"))
    if len(names) < 2:
        return DeviceInfo("cpu", "/CPU:0", "CPU (all_gpus: no GPU found)", False)
    return DeviceInfo("cpu", names[0], f"{len(names)} CPU replicas (all_gpus: no GPU found)", False, names)


def make_strategy(device: DeviceInfo):
    """A MirroredStrategy over ``device.replicas`` (None for a single device)."""
    if device.replica_count < 2:
        return None
    import tensorflow as tf

    return tf.distribute.MirroredStrategy(devices=list(device.replicas))


def available_memory(device: DeviceInfo) -> tuple[int | None, str]:
    """Bytes free for training on ``device`` and where the number came from (None: unknown)."""
    if device.kind == "gpu":
        total = _gpu_memory_limit()
        if total is None:
            return None, "GPU memory unknown"
        used = 0
        with contextlib.suppress(Exception):
            import tensorflow as tf

            used = int(tf.config.experimental.get_memory_info("GPU:0")["current"])
        return max(0, total - used), "GPU memory"
    return host_available_memory(), "available RAM"


def host_available_memory() -> int | None:
    """MemAvailable from /proc/meminfo on Linux, free physical pages elsewhere, else None."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/meminfo", encoding="ascii") as f:
                for line in f:
                    if line.startswith("MemAvailable:"):
                        return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
    with contextlib.suppress(AttributeError, ValueError, OSError):
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return None


def _gpu_memory_limit() -> int | None:
    """The GPU's memory as TensorFlow sees it (device_lib is the only place that says so)."""
    try:
        from tensorflow.python.client import device_lib  # private, hence the broad guard

        for dev in device_lib.list_local_devices():
            if dev.device_type == "GPU":
                return int(dev.memory_limit)
    except Exception:  # noqa: BLE001 - an unknown size only skips the pre-flight check
        return None
    return None
