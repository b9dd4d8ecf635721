"""Training on several processes (several machines) at once: data parallel on the JAX backend.

Why JAX: Keras 3 with TensorFlow's MultiWorkerMirroredStrategy fails as soon as two workers
train (keras-team/keras#20585, reproduced on localhost), while keras.distribution on JAX is the
path Keras maintains. Every process runs the same command with its own ``process_id``; process
0 also hosts the coordinator at ``coordinator`` (HOST:PORT, reachable from every machine).
keras.distribution.DataParallel then keeps one model replica per device of every process,
cuts each global batch into one slice per process (its tf.data ``rebatch`` + ``shard``) and
averages the gradients, so all processes end with the same weights.
"""

from __future__ import annotations

from dataclasses import dataclass

ISSUE = "keras-team/keras#20585"


class ClusterError(RuntimeError):
    """The multi-process settings cannot work; the message says which and how to fix it."""


@dataclass(frozen=True)
class Cluster:
    """Where this process sits in a multi-process run."""

    coordinator: str  # HOST:PORT of process 0
    processes: int
    process_id: int

    def __post_init__(self) -> None:
        if self.processes < 1:
            raise ClusterError(f"--processes must be at least 1. Received: {self.processes}")
        if not 0 <= self.process_id < self.processes:
            raise ClusterError(f"--process-id must lie in 0..{self.processes - 1}. Received: {self.process_id}")
        host, _, port = self.coordinator.rpartition(":")
        if not host or not port.isdigit():
            raise ClusterError(f"--coordinator must be HOST:PORT (process 0's address). "
                               f"Received: {self.coordinator!r}")


def backend() -> str:
    import keras

    return keras.backend.backend()


def join(cluster: Cluster) -> int:
    """Connect to the other processes and train data parallel over all their devices; returns
    the number of model replicas. Call once, before any model is built."""
    if backend() != "jax":
        raise ClusterError(
            f"Training on several processes needs the JAX backend (TensorFlow's multi-worker strategy "
            f"fails with Keras 3: {ISSUE}). Run every process with KERAS_BACKEND=jax "
            f"(pip install 'keras-playground[jax]'). Received: KERAS_BACKEND={backend()}")
    import jax
    import keras

    _cpu_collectives()
    keras.distribution.initialize(cluster.coordinator, cluster.processes, cluster.process_id)
    return data_parallel(jax.devices())


def data_parallel(devices=None) -> int:
    """Set keras.distribution.DataParallel over ``devices`` (default: every JAX device); returns
    the replica count."""
    import jax
    import keras

    devices = list(devices if devices is not None else jax.devices())
    # Each process slices its share of a global batch itself (feed.pipeline): Keras's own
    # sharding needs a batch size it can read off the tf.data graph, which ours hides.
    keras.distribution.set_distribution(keras.distribution.DataParallel(devices=devices, auto_shard_dataset=False))
    return len(devices)


def _cpu_collectives() -> None:
    """CPU devices exchange gradients through gloo (GPUs use NCCL whatever this says). Set before
    JAX starts: asking JAX which devices exist would start it too early."""
    import jax

    try:
        jax.config.update("jax_cpu_collectives_implementation", "gloo")
    except (AttributeError, ValueError):  # a JAX without the option
        pass


def process_count_and_index() -> tuple[int, int] | None:
    """(processes, this process's index) when JAX trains across several processes, else None."""
    if backend() != "jax":
        return None
    import jax

    count = jax.process_count()
    return (count, jax.process_index()) if count > 1 else None


def data_parallel_replicas() -> int:
    """Replicas of the keras.distribution in force on JAX; sets DataParallel over every local
    device when none is set yet (device all_gpus on one machine)."""
    if backend() != "jax":
        return 1
    import keras

    current = keras.distribution.distribution()
    if current is None:
        import jax

        devices = jax.devices()
        return data_parallel(devices) if len(devices) > 1 else 1  # one device: leave Keras as it is
    return int(getattr(current, "num_model_replicas", 1))
