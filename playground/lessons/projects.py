"""The lessons' projects, built in code so every number in them is deliberate.

`python -m playground.lessons.projects` writes them to resources/lessons/NN_key/VARIANT.json;
tests/lessons checks that the stored files equal what this module builds. Everything here is
small on purpose: embedded data, a few thousand parameters, seconds per run on a CPU.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from playground.data.config import AugmentationConfig, DataConfig
from playground.network.spec import NetworkSpec
from playground.network.templates import make_template
from playground.network.templates.builder import NetBuilder
from playground.project import Project
from playground.training.config import TrainingConfig

STROKES_16 = {"size": 16, "samples_per_class": 150, "noise": 0.05}
IMAGENET = "imagenet"  # not bundled: the projects that name it are for reading, not training


def project(name: str, network: NetworkSpec, dataset: str = "digits", options: dict | None = None,
            ratios: tuple[float, float, float] = (0.7, 0.15, 0.15), augmentation: dict | None = None,
            **training) -> Project:
    settings = {"early_stopping": False, **training}
    data = DataConfig(dataset=dataset, options=dict(options or {}), ratios=ratios,
                      augmentation=AugmentationConfig(**(augmentation or {})))
    return Project(name=name, network=network, data=data, training=TrainingConfig(**settings))


# -- 1 and 2: what a convolution computes, what first-layer kernels learn -----------------------

def sobel_net(trainable: bool) -> NetworkSpec:
    b = NetBuilder("sobel_on_strokes", (16, 16, 1))
    b.add("Conv2D", "sobel", {"filters": 1, "kernel_size": (3, 3), "padding": "same", "activation": "linear",
                              "use_bias": False, "fixed_kernel": "sobel_x", "trainable": trainable})
    b.pool("pool", 2)
    b.add("Flatten", "flatten")
    b.classifier(4)
    return b.finish()


def first_kernels_net() -> NetworkSpec:
    b = NetBuilder("first_kernels", (16, 16, 1))
    b.conv("conv1", 8, 5, activation="relu")
    b.pool("pool", 2)
    b.add("Flatten", "flatten")
    b.classifier(4)
    return b.finish()


# -- 3: output size and parameters ---------------------------------------------------------------

def output_size_net(padding: str, stride: int) -> NetworkSpec:
    b = NetBuilder(f"conv_{padding}_stride{stride}", (32, 32, 3))
    b.conv("conv", 10, 3, strides=stride, padding=padding)
    b.add("Flatten", "flatten")
    b.classifier(10)
    return b.finish()


# -- 4: ways to downsample -----------------------------------------------------------------------

def downsample_net(how: str) -> NetworkSpec:
    b = NetBuilder(f"downsample_{how}", (8, 8, 1))
    b.conv("conv1", 16, 3)
    if how == "max":
        b.pool("down", 2)
    elif how == "avg":
        b.pool("down", 2, kind="AveragePooling2D")
    else:
        b.conv("down", 16, 3, strides=2)
    b.conv("conv2", 32, 3)
    b.add("Flatten", "flatten")
    b.classifier(10)
    return b.finish()


# -- 5: activations and the learning rate --------------------------------------------------------

def lenet(activation: str) -> NetworkSpec:
    spec = make_template("lenet5", (28, 28, 1), 10)
    for node in spec.nodes:
        if node.id != "predictions" and node.params.get("activation") == "sigmoid":
            node.params["activation"] = activation
    spec.name = f"lenet5_{activation}"
    return spec


# -- 6: where the parameters live ----------------------------------------------------------------

def head_net(gap: bool) -> NetworkSpec:
    b = NetBuilder("gap_head" if gap else "flatten_dense_head", (8, 8, 1))
    b.conv("conv1", 32, 3)
    b.conv("conv2", 32, 3)
    b.pool("pool1", 2)
    b.conv("conv3", 64, 3)
    if gap:
        b.add("GlobalAveragePooling2D", "gap")
    else:
        b.add("Flatten", "flatten")
        b.dense("fc1", 256)
    b.classifier(10)
    return b.finish()


# -- 7: 1×1 bottlenecks --------------------------------------------------------------------------

def bottleneck_net(reduce: bool) -> NetworkSpec:
    b = NetBuilder("bottleneck_5x5" if reduce else "direct_5x5", (28, 28, 192))
    if reduce:
        b.conv("reduce_1x1", 16, 1)
    b.conv("conv_5x5", 32, 5)
    b.add("GlobalAveragePooling2D", "gap")  # a head, so the network is complete and valid
    b.classifier(1000)
    return b.finish()


# -- 8: depth and skip connections ---------------------------------------------------------------

def deep_net(residual: bool, blocks: int = 6) -> NetworkSpec:
    b = NetBuilder("deep_residual" if residual else "deep_plain", (8, 8, 1))
    b.conv("stem", 16, 3)
    for i in range(1, blocks + 1):
        start = b.last
        b.conv(f"block{i}_conv1", 16, 3)
        b.conv(f"block{i}_conv2", 16, 3, activation="linear" if residual else "relu")
        if residual:
            b.add("Add", f"block{i}_add", after=[start, b.last])
            b.act(f"block{i}_relu")
    b.add("Flatten", "flatten")
    b.classifier(10)
    return b.finish()


# -- 9: overfitting ------------------------------------------------------------------------------

def big_mlp(dropout: float = 0.0) -> NetworkSpec:
    b = NetBuilder("big_mlp_dropout" if dropout else "big_mlp", (8, 8, 1))
    b.add("Flatten", "flatten")
    for i in (1, 2):
        b.dense(f"fc{i}", 512)
        if dropout:
            b.add("Dropout", f"drop{i}", {"rate": dropout})
    b.classifier(10)
    return b.finish()


# -- 10 to 12: small nets on digits --------------------------------------------------------------

def tiny_cnn(name: str = "tiny_cnn", size: int = 8) -> NetworkSpec:
    b = NetBuilder(name, (size, size, 1))
    b.conv("conv1", 8, 3)
    b.pool("pool", 2)
    b.add("Flatten", "flatten")
    b.classifier(10)
    return b.finish()


def _builders() -> dict[str, dict[str, Callable[[], Project]]]:
    """folder name -> variant key -> builder; the lesson table in catalog.py uses the same keys."""
    few = (0.06, 0.47, 0.47)  # about 108 training digits: easy to memorise, too few to generalise
    over = dict(options={}, ratios=few, epochs=40, batch_size=32, learning_rate=0.01)
    sched = dict(optimizer="sgd", learning_rate=0.05, epochs=9, lr_step_epochs=3, lr_decay=0.3)
    return {
        "01_convolution": {
            "frozen": lambda: project("Lesson 1: frozen Sobel-x", sobel_net(False), "strokes", STROKES_16,
                                      learning_rate=0.01, epochs=5),
            "unfrozen": lambda: project("Lesson 1: Sobel-x, free to drift", sobel_net(True), "strokes",
                                        STROKES_16, learning_rate=0.01, epochs=5),
        },
        "02_first_kernels": {
            "strokes": lambda: project("Lesson 2: first-layer kernels", first_kernels_net(), "strokes",
                                       {**STROKES_16, "samples_per_class": 300}, learning_rate=0.005, epochs=8),
        },
        "03_output_size": {
            f"{pad}_stride{s}": (lambda pad=pad, s=s: project(f"Lesson 3: {pad} padding, stride {s}",
                                                               output_size_net(pad, s), "cifar10"))
            for pad in ("valid", "same") for s in (1, 2)
        },
        "04_downsampling": {
            how: (lambda how=how, label=label: project(f"Lesson 4: {label}", downsample_net(how), epochs=8))
            for how, label in (("max", "max pooling"), ("avg", "average pooling"), ("strided", "strided conv"))
        },
        "05_activations": {
            "sigmoid_lr0.9": lambda: project("Lesson 5: sigmoid, lr 0.9", lenet("sigmoid"), "digits",
                                             {"size": 28}, optimizer="sgd", momentum=0.0, learning_rate=0.9,
                                             epochs=6),
            "relu_lr0.1": lambda: project("Lesson 5: ReLU, lr 0.1", lenet("relu"), "digits", {"size": 28},
                                          optimizer="sgd", momentum=0.0, learning_rate=0.1, epochs=6),
            "relu_lr0.9": lambda: project("Lesson 5: ReLU, lr 0.9", lenet("relu"), "digits", {"size": 28},
                                          optimizer="sgd", momentum=0.0, learning_rate=0.9, epochs=6),
        },
        "06_parameters": {
            "lenet5": lambda: project("Lesson 6: LeNet-5", make_template("lenet5"), "mnist"),
            "alexnet": lambda: project("Lesson 6: AlexNet", make_template("alexnet"), IMAGENET),
            "vgg16": lambda: project("Lesson 6: VGG-16", make_template("vgg16"), IMAGENET),
            "flatten_dense": lambda: project("Lesson 6: Flatten + Dense head", head_net(False), epochs=8),
            "gap": lambda: project("Lesson 6: global average pooling head", head_net(True), epochs=8,
                                   learning_rate=0.003),
        },
        "07_bottleneck": {
            "direct": lambda: project("Lesson 7: 5×5 conv straight on 192 channels", bottleneck_net(False), IMAGENET),
            "bottleneck": lambda: project("Lesson 7: 1×1 reduction first", bottleneck_net(True), IMAGENET),
        },
        "08_residual": {
            "plain": lambda: project("Lesson 8: deep plain CNN", deep_net(False), optimizer="sgd",
                                     learning_rate=0.02, epochs=8),
            "residual": lambda: project("Lesson 8: the same with skip connections", deep_net(True),
                                        optimizer="sgd", learning_rate=0.02, epochs=8),
        },
        "09_overfitting": {
            "baseline": lambda: project("Lesson 9: big model, few samples", big_mlp(), **over),
            "dropout": lambda: project("Lesson 9: cure: dropout", big_mlp(0.5), **over),
            "augmentation": lambda: project("Lesson 9: cure: augmentation", big_mlp(),
                                            augmentation={"translation": 0.05, "rotation": 0.02}, **over),
            "weight_decay": lambda: project("Lesson 9: cure: weight decay", big_mlp(), optimizer="adamw",
                                            weight_decay=0.1, **over),
            "early_stopping": lambda: project("Lesson 9: cure: early stopping", big_mlp(),
                                              **{**over, "early_stopping": True, "patience": 5}),
        },
        "10_schedules": {
            "constant": lambda: project("Lesson 10: constant learning rate", tiny_cnn(), **sched),
            "step": lambda: project("Lesson 10: step decay", tiny_cnn(), **{**sched, "schedule": "step"}),
            "cosine": lambda: project("Lesson 10: cosine decay", tiny_cnn(), **{**sched, "schedule": "cosine"}),
            "huge_batch": lambda: project("Lesson 10: one huge batch", tiny_cnn(),
                                          **{**sched, "batch_size": 1024}),
        },
        "11_seeds": {
            "seed1": lambda: project("Lesson 11: seed 1", tiny_cnn(), seed=1, deterministic=True, epochs=2),
            "seed1_again": lambda: project("Lesson 11: seed 1 again", tiny_cnn(), seed=1, deterministic=True,
                                           epochs=2),
            "seed2": lambda: project("Lesson 11: seed 2", tiny_cnn(), seed=2, deterministic=True, epochs=2),
        },
        "12_fgsm": {
            "digits": lambda: project("Lesson 12: fooling the network", tiny_cnn(size=28), "digits", {"size": 28},
                                      epochs=10),
        },
    }


def build_all() -> dict[str, dict[str, Project]]:
    return {folder: {key: build() for key, build in variants.items()} for folder, variants in _builders().items()}


def write_all() -> list[str]:
    """Write every lesson project under resources/lessons; returns the paths written."""
    from playground.lessons.base import LESSONS_DIR
    from playground.project import save_project

    written = []
    for folder, variants in build_all().items():
        (LESSONS_DIR / folder).mkdir(parents=True, exist_ok=True)
        for key, proj in variants.items():
            path = LESSONS_DIR / folder / f"{key}.json"
            save_project(proj, path)
            written.append(str(path))
    return written


if __name__ == "__main__":
    for path in write_all():
        print(path)
    sys.exit(0)
