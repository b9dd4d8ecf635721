"""TrainingConfig -> Keras optimizer and learning-rate schedule, plus the schedule in plain Python.

`learning_rate_at` mirrors the Keras schedules step for step, so the per-batch event can report
the learning rate without asking TensorFlow for it (a tensor read per batch costs more than
the rest of the event). Tests compare the two.
"""

from __future__ import annotations

import math

from playground.training.config import TrainingConfig


def make_learning_rate(config: TrainingConfig, steps_per_epoch: int):
    """A float (constant, reduce_on_plateau) or a keras LearningRateSchedule."""
    import keras

    lr, steps = config.learning_rate, max(1, steps_per_epoch)
    schedules = keras.optimizers.schedules
    if config.schedule == "step":
        return schedules.ExponentialDecay(lr, steps * config.lr_step_epochs, config.lr_decay, staircase=True)
    if config.schedule == "exponential":
        return schedules.ExponentialDecay(lr, steps, config.lr_decay, staircase=False)
    if config.schedule == "cosine":
        return schedules.CosineDecay(lr, steps * config.epochs, alpha=config.min_learning_rate / lr)
    if config.schedule == "cosine_warmup":
        warmup = steps * config.warmup_epochs
        return schedules.CosineDecay(0.0, steps * (config.epochs - config.warmup_epochs),
                                     alpha=config.min_learning_rate / lr, warmup_target=lr,
                                     warmup_steps=warmup)
    return lr


def learning_rate_at(config: TrainingConfig, steps_per_epoch: int, step: int) -> float:
    """The learning rate the optimizer uses for (0-based) optimizer step ``step``.

    For reduce_on_plateau this is the starting rate; the session tracks the cuts itself.
    """
    lr, steps = config.learning_rate, max(1, steps_per_epoch)
    alpha = config.min_learning_rate / lr
    if config.schedule == "step":
        return lr * config.lr_decay ** (step // (steps * config.lr_step_epochs))
    if config.schedule == "exponential":
        return lr * config.lr_decay ** (step / steps)
    if config.schedule == "cosine":
        done = min(step, steps * config.epochs) / (steps * config.epochs)
        return lr * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * done)) + alpha)
    if config.schedule == "cosine_warmup":
        warmup = steps * config.warmup_epochs
        decay = steps * (config.epochs - config.warmup_epochs)
        step = min(step, warmup + decay)
        if step < warmup:
            return lr * step / warmup
        done = (step - warmup) / decay
        return lr * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * done)) + alpha)
    return lr


def make_optimizer(config: TrainingConfig, steps_per_epoch: int):
    """The configured keras optimizer with its schedule (weight decay is decoupled for all)."""
    import keras

    lr = make_learning_rate(config, steps_per_epoch)
    decay = config.weight_decay or None
    if config.optimizer == "sgd":
        return keras.optimizers.SGD(lr, momentum=config.momentum, nesterov=config.nesterov, weight_decay=decay)
    if config.optimizer == "adamw":
        return keras.optimizers.AdamW(lr, weight_decay=config.weight_decay)
    if config.optimizer == "rmsprop":
        return keras.optimizers.RMSprop(lr, momentum=config.momentum, weight_decay=decay)
    return keras.optimizers.Adam(lr, weight_decay=decay)


def plateau_callback(config: TrainingConfig, monitor: str):
    """keras ReduceLROnPlateau for the reduce_on_plateau schedule, else None."""
    if config.schedule != "reduce_on_plateau":
        return None
    import keras

    return keras.callbacks.ReduceLROnPlateau(monitor=monitor, factor=config.lr_decay,
                                             patience=config.plateau_patience,
                                             min_lr=config.min_learning_rate, verbose=0)
