"""The classic chains: MLP, LeNet-5, AlexNet, VGG and Network in Network.

Each follows its textbook form (d2l.ai for LeNet, AlexNet and NiN; keras.applications for VGG),
so that parameter counts match the numbers the learner reads elsewhere.
"""

from __future__ import annotations

from playground.network.spec import NetworkSpec
from playground.network.templates.builder import NetBuilder
from playground.network.templates.registry import template

IMAGENET = (224, 224, 3)


@template("mlp", "Multilayer perceptron: flatten, two hidden dense layers, softmax", (28, 28, 1), 10)
def mlp(input_shape: tuple[int, ...], num_classes: int) -> NetworkSpec:
    b = NetBuilder("mlp", input_shape)
    b.add("Flatten", "flatten")
    b.dense("fc1", 128)
    b.dense("fc2", 64)
    b.classifier(num_classes)
    return b.finish()


@template("lenet5", "LeNet-5 (1998): two sigmoid convs with average pooling, three dense", (28, 28, 1), 10)
def lenet5(input_shape: tuple[int, ...], num_classes: int) -> NetworkSpec:
    """d2l's LeNet: 61,706 parameters on 28×28×1 with 10 classes."""
    b = NetBuilder("lenet5", input_shape)
    b.conv("conv1", 6, 5, padding="same", activation="sigmoid")
    b.pool("pool1", 2, kind="AveragePooling2D")
    b.conv("conv2", 16, 5, padding="valid", activation="sigmoid")
    b.pool("pool2", 2, kind="AveragePooling2D")
    b.add("Flatten", "flatten")
    b.dense("fc1", 120, "sigmoid")
    b.dense("fc2", 84, "sigmoid")
    b.classifier(num_classes)
    return b.finish()


@template("alexnet", "AlexNet (2012): big strided first conv, ReLU, dropout in the dense layers", IMAGENET, 1000)
def alexnet(input_shape: tuple[int, ...], num_classes: int) -> NetworkSpec:
    b = NetBuilder("alexnet", input_shape)
    b.conv("conv1", 96, 11, strides=4, padding="valid")
    b.pool("pool1", 3, 2)
    b.conv("conv2", 256, 5)
    b.pool("pool2", 3, 2)
    b.conv("conv3", 384, 3)
    b.conv("conv4", 384, 3)
    b.conv("conv5", 256, 3)
    b.pool("pool3", 3, 2)
    b.add("Flatten", "flatten")
    b.dense("fc1", 4096)
    b.add("Dropout", "drop1", {"rate": 0.5})
    b.dense("fc2", 4096)
    b.add("Dropout", "drop2", {"rate": 0.5})
    b.classifier(num_classes)
    return b.finish()


def _vgg(name: str, blocks: tuple[tuple[int, int], ...], input_shape: tuple[int, ...], num_classes: int) -> NetworkSpec:
    """VGG as in keras.applications: (convs, filters) per block, 3×3 same convs, 2×2 max pools.

    Ids follow Keras (block1_conv1, …, fc1, predictions) so its weights map by name.
    """
    b = NetBuilder(name, input_shape)
    for i, (convs, filters) in enumerate(blocks, start=1):
        for j in range(1, convs + 1):
            b.conv(f"block{i}_conv{j}", filters, 3)
        b.pool(f"block{i}_pool", 2)
    b.add("Flatten", "flatten")
    b.dense("fc1", 4096)
    b.dense("fc2", 4096)
    b.classifier(num_classes)
    return b.finish()


@template("vgg11", "VGG-11 (2014, config A): 8 convs of 3×3 in five blocks, three dense", IMAGENET, 1000)
def vgg11(input_shape: tuple[int, ...], num_classes: int) -> NetworkSpec:
    return _vgg("vgg11", ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512)), input_shape, num_classes)


@template("vgg16", "VGG-16 (2014): 13 convs of 3×3 in five blocks, three dense; 138M parameters", IMAGENET, 1000)
def vgg16(input_shape: tuple[int, ...], num_classes: int) -> NetworkSpec:
    return _vgg("vgg16", ((2, 64), (2, 128), (3, 256), (3, 512), (3, 512)), input_shape, num_classes)


@template("nin", "Network in Network (2013): conv + two 1×1 convs per block, global average pooling",
          IMAGENET, 1000)
def nin(input_shape: tuple[int, ...], num_classes: int) -> NetworkSpec:
    """d2l's NiN. The last block has one channel per class and no dense layer at all.

    Its final 1×1 conv is linear (d2l uses ReLU) so the averaged scores can go negative
    before the softmax; a ReLU there can leave a class stuck at zero.
    """
    b = NetBuilder("nin", input_shape)
    blocks = ((96, 11, 4, "valid"), (256, 5, 1, "same"), (384, 3, 1, "same"), (num_classes, 3, 1, "same"))
    for i, (filters, kernel, strides, padding) in enumerate(blocks, start=1):
        if i == len(blocks):
            b.add("Dropout", "dropout", {"rate": 0.5})
        last = i == len(blocks)
        b.conv(f"block{i}_conv", filters, kernel, strides=strides, padding=padding)
        b.conv(f"block{i}_mlp1", filters, 1)
        b.conv(f"block{i}_mlp2", filters, 1, activation="linear" if last else "relu")
        if not last:
            b.pool(f"pool{i}", 3, 2)
    b.add("GlobalAveragePooling2D", "avg_pool")
    b.act("predictions", "softmax")
    return b.finish()
