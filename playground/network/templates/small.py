"""Small nets that train in seconds on 8×8, 28×28 and 32×32 images: a plain CNN, and tiny
VGG, ResNet and inception nets that show each idea at a size a laptop trains in seconds.

Their pool count follows the input size, so the same template stays valid (and sensible)
from the embedded 8×8 digits to 32×32 colour images.
"""

from __future__ import annotations

from playground.network.spec import NetworkSpec
from playground.network.templates.builder import NetBuilder, halvings
from playground.network.templates.inception import add_inception
from playground.network.templates.registry import template
from playground.network.templates.resnet import basic_block


@template("small_cnn", "Small CNN (the default): three 3×3 convs, max pooling, one hidden dense", (8, 8, 1), 10)
def small_cnn(input_shape: tuple[int, ...], num_classes: int) -> NetworkSpec:
    """Pools while the map stays at least 4×4 (8×8: one pool, 28×28: two, 32×32: three).

    On the 8×8 digits (70/15/15 split, Adam, batch 32) it passes 97% test accuracy within about
    five epochs and ends near 98–99%.
    """
    pools = halvings(input_shape, 4, 3)
    b = NetBuilder("small_cnn", input_shape)
    b.conv("conv1", 32, 3)
    b.conv("conv2", 32, 3)
    if pools >= 1:
        b.pool("pool1", 2)
    b.conv("conv3", 64, 3)
    if pools >= 2:
        b.pool("pool2", 2)
    if pools >= 3:
        b.conv("conv4", 64, 3)
        b.pool("pool3", 2)
    b.add("Flatten", "flatten")
    b.dense("fc1", 64)
    b.add("Dropout", "dropout", {"rate": 0.3})
    b.classifier(num_classes)
    return b.finish()


@template("tiny_vgg", "Tiny VGG (CNN Explainer): blocks of two 3×3 convs and a 2×2 max pool", (32, 32, 3), 10)
def tiny_vgg(input_shape: tuple[int, ...], num_classes: int) -> NetworkSpec:
    """One to three VGG blocks, as many as keep the map at least 2×2 (8×8: two, 28 and 32: three)."""
    b = NetBuilder("tiny_vgg", input_shape)
    for i in range(1, max(1, halvings(input_shape, 2, 3)) + 1):
        filters = 8 * 2**i
        b.conv(f"block{i}_conv1", filters, 3)
        b.conv(f"block{i}_conv2", filters, 3)
        b.pool(f"block{i}_pool", 2)
    b.add("Flatten", "flatten")
    b.classifier(num_classes)
    return b.finish()


@template("tiny_resnet", "Tiny ResNet: a stem conv and three residual blocks with Add; trains in seconds",
          (32, 32, 3), 10)
def tiny_resnet(input_shape: tuple[int, ...], num_classes: int) -> NetworkSpec:
    b = NetBuilder("tiny_resnet", input_shape)
    b.conv("conv1", 16, 3, activation="linear", use_bias=False)
    b.bn("conv1_bn")
    b.act("conv1_relu")
    basic_block(b, "conv2_block1", 16, 1, project=False)
    basic_block(b, "conv3_block1", 32, 2, project=True)
    basic_block(b, "conv4_block1", 64, 2, project=True)
    b.add("GlobalAveragePooling2D", "avg_pool")
    b.classifier(num_classes)
    return b.finish()


@template("tiny_inception", "Tiny inception net: a stem conv and two inception blocks; trains in seconds",
          (32, 32, 3), 10)
def tiny_inception(input_shape: tuple[int, ...], num_classes: int) -> NetworkSpec:
    b = NetBuilder("tiny_inception", input_shape)
    b.conv("conv1", 32, 3)
    if halvings(input_shape, 8, 1):  # 16×16 and up: shrink once before the blocks
        b.pool("pool1", 3, 2, padding="same")
    add_inception(b, "inception_a", 16, (16, 24), (4, 8), 8)
    b.pool("pool2", 3, 2, padding="same")
    add_inception(b, "inception_b", 32, (24, 48), (8, 16), 16)
    b.add("GlobalAveragePooling2D", "avg_pool")
    b.classifier(num_classes)
    return b.finish()
