"""Everything a session does before the first batch, and the pieces it keeps for fit.

The order matters: device first (GPU memory growth must precede any TensorFlow op), seeds
next, then the cheap checks (data against network, memory estimate against free memory) so a
run that cannot work is refused in a second, before the model is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from playground.data import build_augmentation
from playground.engine.analysis import NetworkAnalysis, analyze
from playground.training import cluster, feed, guards
from playground.training import events as ev
from playground.training.config import TrainingConfig
from playground.training.devices import (
    DeviceError,
    DeviceInfo,
    available_memory,
    configure_device,
    make_strategy,
)
from playground.training.schedules import learning_rate_at, make_optimizer, plateau_callback


class Refused(Exception):
    """The run cannot start; ``status`` is the Finished status to report."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Prepared:
    config: TrainingConfig
    device: DeviceInfo
    analysis: NetworkAnalysis
    plan: feed.LossPlan
    splits: object
    model: object
    train_ds: object
    val_ds: object
    test_ds: object
    steps_per_epoch: int
    monitor: str
    snapshots: object
    writer: object
    probe_images: np.ndarray
    probe_labels: np.ndarray
    mixed_precision: bool
    activations: tuple[str, ...]
    notes: list[str] = field(default_factory=list)
    early_stopping: object = None
    strategy: object = None  # tf.distribute.MirroredStrategy for all_gpus with several replicas

    def scope(self):
        """Where fit and evaluate run: the strategy's scope, or the chosen device."""
        return device_scope(self.device, self.strategy)

    def keras_callbacks(self) -> list:
        import keras

        callbacks = []
        self.early_stopping = None
        if self.config.early_stopping:
            self.early_stopping = keras.callbacks.EarlyStopping(
                monitor=self.monitor, patience=self.config.patience,
                restore_best_weights=self.config.restore_best, verbose=0)
            callbacks.append(self.early_stopping)
        plateau = plateau_callback(self.config, self.monitor)
        if plateau is not None:
            callbacks.append(plateau)
        return callbacks

    def make_callback(self, session, began: float):
        from playground.training.callbacks import SessionCallback

        lr_at = None
        if self.config.schedule != "reduce_on_plateau":
            config, steps = self.config, self.steps_per_epoch

            def lr_at(step: int) -> float:
                return learning_rate_at(config, steps, step)

        return SessionCallback(session.control, session.emit, batch_size=self.config.batch_size,
                               steps_per_epoch=self.steps_per_epoch, train_samples=len(self.splits.train[1]),
                               lr_at=lr_at, snapshots=self.snapshots, writer=self.writer, monitor=self.monitor,
                               activations=self.activations, start_time=began)

    def started_event(self, initial_epoch: int, epochs: int) -> ev.Started:
        a, s = self.analysis, self.splits
        return ev.Started(
            run_id=self.writer.id if self.writer else None, run_dir=str(self.writer.path) if self.writer else None,
            initial_epoch=initial_epoch, epochs=epochs, steps_per_epoch=self.steps_per_epoch,
            batch_size=self.config.batch_size, train_samples=len(s.train[1]), val_samples=len(s.val[1]),
            test_samples=len(s.test[1]), total_params=a.total_params, trainable_params=a.trainable_params,
            macs=a.macs, memory_estimate=a.memory_estimate(self.config.batch_size, self.config.optimizer_slots)["total"],
            layer_names=tuple(layer.name for layer in self.model.layers),
            kernel_layers=tuple(self.snapshots.kernel_layers), class_names=tuple(s.class_names),
            probe_images=self.probe_images.copy(), probe_labels=self.probe_labels.copy(),
            device=self.device.label, mixed_precision=self.mixed_precision, notes=tuple(self.notes))

    def evaluate(self) -> dict[str, dict[str, float]]:
        """Validation and test metrics of the model as the run leaves it."""
        out = {}
        with self.scope():
            for name, ds in (("val", self.val_ds), ("test", self.test_ds)):
                if ds is not None:
                    result = self.model.evaluate(ds, verbose=0, return_dict=True)
                    out[name] = {k: float(v) for k, v in result.items()}
        return out

    def oom_message(self, callback) -> str:
        """Out of memory in the batch after the last one that finished."""
        return guards.oom_message(self.config.batch_size, callback.epoch, callback.step + 1)


def prepare(session) -> Prepared:
    """Device, seeds, data, checks, model, pipelines, snapshots and run record for ``session``."""
    import keras
    import tensorflow as tf

    project = session.project
    config: TrainingConfig = project.training
    spec = project.network
    try:
        device = configure_device(config.device)
    except DeviceError as exc:
        raise Refused(ev.FAILED, str(exc)) from None
    keras.utils.set_random_seed(config.seed)
    if config.deterministic:
        tf.config.experimental.enable_op_determinism()
    splits = session.splits if session.splits is not None else feed.load_splits(project.data)
    plan = feed.plan_loss(spec, len(splits.class_names), config.label_smoothing)
    try:
        feed.check_fit(spec, splits, project.data.dataset, plan.from_logits)
    except feed.FeedError as exc:
        raise Refused(ev.FAILED, str(exc)) from None
    for name, (x, _) in (("training", splits.train), ("validation", splits.val), ("test", splits.test)):
        problem = guards.check_finite(name, x)
        if problem:
            raise Refused(ev.FAILED, problem)
    analysis = analyze(spec)
    available, where = available_memory(device)
    verdict = guards.check_memory(analysis, config.batch_size, config.optimizer_slots, available, where)
    if not verdict.ok:
        raise Refused(ev.OUT_OF_MEMORY, f"Not started: {verdict.message}")
    notes = list(plan.notes)
    strategy = make_strategy(device) if cluster.backend() == "tensorflow" else None
    if strategy is not None:
        notes.append(replica_note(config.batch_size, strategy.num_replicas_in_sync))
    jax_replicas = 1
    if strategy is None and (config.device == "all_gpus" or cluster.process_count_and_index() is not None):
        jax_replicas = cluster.data_parallel_replicas()
    shard = process_shard(config.batch_size, notes)
    full_batches = shard is not None or jax_replicas > 1  # JAX shards every batch evenly or fails
    if full_batches:
        notes.append(even_batches(config.batch_size, len(splits.train[1]), jax_replicas))
    mixed = config.mixed_precision and device.mixed_precision_ok
    if config.mixed_precision and not mixed:
        notes.append("mixed precision needs a GPU with tensor cores (compute capability 7.0+): "
                     "training in float32")
    with device_scope(device, strategy):  # variables made here are mirrored on every replica
        model = _build(spec, mixed)
        steps = feed.steps_per_epoch(len(splits.train[1]), config.batch_size) if not full_batches \
            else len(splits.train[1]) // config.batch_size
        optimizer = make_optimizer(config, steps)
        if mixed:  # float16 gradients underflow without loss scaling
            optimizer = keras.optimizers.LossScaleOptimizer(optimizer)
        model.compile(optimizer=optimizer, loss=plan.loss(config.label_smoothing), metrics=plan.metrics())
    shape = feed.input_shape(spec)
    augment = build_augmentation(project.data)
    train_ds = feed.pipeline(*splits.train, config.batch_size, plan, True, config.seed, augment, shape, shard,
                             full_batches)
    val_ds = feed.pipeline(*splits.val, config.batch_size, plan, False, shape=shape, shard=shard,
                           full_batches=full_batches)
    test_ds = feed.pipeline(*splits.test, config.batch_size, plan, False, shape=shape, shard=shard,
                            full_batches=full_batches)
    monitor = config.monitor if val_ds is not None or not config.monitor.startswith("val_") \
        else config.monitor.removeprefix("val_")
    if monitor != config.monitor:
        notes.append(f"no validation split: early stopping and the best model follow {monitor}")
    probe_images, probe_labels = _probes(splits, session.probe_count)
    grad_n = min(len(splits.train[1]), config.batch_size, 64)
    grad_y = np.asarray(plan.labels(splits.train[1][:grad_n]))
    from playground.training.snapshots import SnapshotTaker

    snapshots = SnapshotTaker(model, model.loss, _as_input(probe_images, shape), _as_input(splits.train[0][:grad_n], shape),
                              grad_y, session.kernel_layers, session.activation_layers, strategy=strategy)
    notes.extend(snapshots.notes)
    writer = None
    if session.run_store is not None:
        writer = session.run_store.create(project.to_dict() if hasattr(project, "to_dict") else {}, config.seed)
    activations = tuple(dict.fromkeys(n.params["activation"] for n in spec.nodes if "activation" in n.params))
    return Prepared(config, device, analysis, plan, splits, model, train_ds, val_ds, test_ds, steps, monitor,
                    snapshots, writer, probe_images, probe_labels, mixed, activations, notes, strategy=strategy)


def process_shard(batch_size: int, notes: list[str]) -> tuple[int, int] | None:
    """(processes, this process) when JAX trains across processes (see cluster.py), else None."""
    shard = cluster.process_count_and_index()
    if shard is not None:
        count, index = shard
        notes.append(f"process {index} of {count}: each batch of {batch_size} is split into "
                     f"{batch_size // count} per process")
    return shard


def even_batches(batch_size: int, train_samples: int, replicas: int) -> str:
    """The note for data parallel training on JAX, where every batch is cut into equal slices:
    Refused when batch_size does not divide evenly or the data holds no full batch."""
    if batch_size % replicas:
        raise Refused(ev.FAILED, f"Data-parallel training on {replicas} replicas needs a batch_size divisible "
                                 f"by {replicas} (each takes an equal slice). Received: batch_size={batch_size}")
    if train_samples < batch_size:
        raise Refused(ev.FAILED, f"Data-parallel training needs at least one full batch: {train_samples} "
                                 f"training samples < batch_size={batch_size}")
    return (f"data-parallel on {replicas} replicas: each batch of {batch_size} is split into "
            f"{batch_size // replicas} per replica; incomplete last batches are left out")


def device_scope(device: DeviceInfo, strategy=None):
    """The strategy's scope when there is one, else tf.device on the chosen device."""
    if strategy is not None:
        return strategy.scope()
    import tensorflow as tf

    return tf.device(device.scope)


def replica_note(batch_size: int, replicas: int) -> str:
    """How each global batch is shared out, in the words the Started notes use."""
    share, extra = divmod(batch_size, replicas)
    each = f"{share}" if not extra else f"{share}-{share + 1}"
    note = f"data-parallel on {replicas} replicas: each batch of {batch_size} is split into {each} per replica"
    if batch_size < replicas:
        note += f" (some replicas idle: raise batch_size to at least {replicas})"
    return note


def _build(spec, mixed: bool):
    """build_model, under the mixed_float16 policy when asked, with a float32 output."""
    from playground.engine.build import BuildError, build_model

    try:
        if not mixed:
            return build_model(spec)
        import keras

        previous = keras.config.dtype_policy()
        keras.config.set_dtype_policy("mixed_float16")
        try:
            model = build_model(spec)
        finally:
            keras.config.set_dtype_policy(previous)
        out = keras.layers.Activation("linear", dtype="float32", name="output_float32")(model.output)
        return keras.Model(model.inputs, out, name=model.name)
    except BuildError as exc:
        raise Refused(ev.FAILED, str(exc)) from None


def _probes(splits, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Up to ``count`` validation samples (training ones when there is no validation split),
    of different classes where the data allows: the pictures a learner compares."""
    x, y = splits.val if len(splits.val[1]) else splits.train
    if count <= 0:
        return x[:0], y[:0]
    picked: list[int] = []
    for label in dict.fromkeys(y.tolist()):
        if len(picked) == count:
            break
        picked.append(int(np.flatnonzero(y == label)[0]))
    for i in range(len(y)):
        if len(picked) >= count:
            break
        if i not in picked:
            picked.append(i)
    index = np.array(sorted(picked[:count]), dtype=np.int64)
    return x[index].copy(), y[index].copy()


def _as_input(x: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    return x.reshape(len(x), *shape) if tuple(x.shape[1:]) != tuple(shape) else x
