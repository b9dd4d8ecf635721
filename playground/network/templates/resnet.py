"""Residual networks: ResNet-18 (basic blocks) and ResNet-50 (bottlenecks).

ResNet-50 mirrors keras.applications.ResNet50 layer for layer, ids included (conv1_pad,
conv2_block1_0_conv, …, predictions), so its parameter count is Keras's 25,636,712 and
its weights map by name. Every block ends in Add([shortcut, main]) then ReLU.
"""

from __future__ import annotations

from playground.network.spec import NetworkSpec
from playground.network.templates.builder import NetBuilder
from playground.network.templates.registry import template

KERAS_BN_EPSILON = 1.001e-5  # what keras.applications' ResNets use


def basic_block(b: NetBuilder, name: str, filters: int, strides: int, project: bool) -> str:
    """Two 3×3 convs (BN after each, no conv bias: BN's shift replaces it) plus a shortcut.

    The main path is added first so the auto layout keeps shortcuts on its right.
    """
    src = b.last
    b.conv(f"{name}_1_conv", filters, 3, strides=strides, activation="linear", use_bias=False)
    b.bn(f"{name}_1_bn")
    b.act(f"{name}_1_relu")
    b.conv(f"{name}_2_conv", filters, 3, activation="linear", use_bias=False)
    main = b.bn(f"{name}_2_bn")
    shortcut = src
    if project:
        b.conv(f"{name}_0_conv", filters, 1, strides=strides, activation="linear", use_bias=False, after=src)
        shortcut = b.bn(f"{name}_0_bn")
    b.add("Add", f"{name}_add", after=[shortcut, main])
    return b.act(f"{name}_out")


def _bottleneck_block(b: NetBuilder, name: str, filters: int, strides: int, project: bool) -> str:
    """Keras's residual_block_v1: 1×1 (carrying the stride), 3×3, 1×1 to 4·filters, with bias."""
    src = b.last
    eps = KERAS_BN_EPSILON
    b.conv(f"{name}_1_conv", filters, 1, strides=strides, padding="valid", activation="linear")
    b.bn(f"{name}_1_bn", eps)
    b.act(f"{name}_1_relu")
    b.conv(f"{name}_2_conv", filters, 3, padding="same", activation="linear")
    b.bn(f"{name}_2_bn", eps)
    b.act(f"{name}_2_relu")
    b.conv(f"{name}_3_conv", 4 * filters, 1, padding="valid", activation="linear")
    main = b.bn(f"{name}_3_bn", eps)
    shortcut = src
    if project:
        b.conv(f"{name}_0_conv", 4 * filters, 1, strides=strides, padding="valid", activation="linear", after=src)
        shortcut = b.bn(f"{name}_0_bn", eps)
    b.add("Add", f"{name}_add", after=[shortcut, main])
    return b.act(f"{name}_out")


@template("resnet18", "ResNet-18 (2015): basic residual blocks, BN, 1×1 stride-2 projection shortcuts",
          (224, 224, 3), 1000)
def resnet18(input_shape: tuple[int, ...], num_classes: int) -> NetworkSpec:
    """He et al.'s ResNet-18 (torchvision's layout): 11,689,512 trainable parameters on ImageNet."""
    b = NetBuilder("resnet18", input_shape)
    b.conv("conv1_conv", 64, 7, strides=2, activation="linear", use_bias=False)
    b.bn("conv1_bn")
    b.act("conv1_relu")
    b.pool("pool1_pool", 3, 2, padding="same")
    for stage, filters in enumerate((64, 128, 256, 512), start=2):
        for block in (1, 2):
            first_downsampling = block == 1 and stage > 2
            strides = 2 if first_downsampling else 1
            basic_block(b, f"conv{stage}_block{block}", filters, strides, project=first_downsampling)
    b.add("GlobalAveragePooling2D", "avg_pool")
    b.classifier(num_classes)
    return b.finish()


@template("resnet50", "ResNet-50 (2015): bottleneck blocks, exactly as keras.applications.ResNet50",
          (224, 224, 3), 1000)
def resnet50(input_shape: tuple[int, ...], num_classes: int) -> NetworkSpec:
    b = NetBuilder("resnet50", input_shape)
    b.add("ZeroPadding2D", "conv1_pad", {"padding": (3, 3)})
    b.conv("conv1_conv", 64, 7, strides=2, padding="valid", activation="linear")
    b.bn("conv1_bn", KERAS_BN_EPSILON)
    b.act("conv1_relu")
    b.add("ZeroPadding2D", "pool1_pad", {"padding": (1, 1)})
    b.pool("pool1_pool", 3, 2)
    for stage, (filters, blocks) in enumerate(((64, 3), (128, 4), (256, 6), (512, 3)), start=2):
        for block in range(1, blocks + 1):
            strides = 2 if block == 1 and stage > 2 else 1
            _bottleneck_block(b, f"conv{stage}_block{block}", filters, strides, project=block == 1)
    b.add("GlobalAveragePooling2D", "avg_pool")
    b.classifier(num_classes)
    return b.finish()
