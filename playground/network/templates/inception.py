"""GoogLeNet, built from one inception block helper that the tiny inception net shares.

The block helper is public because a lesson compares the block with and without its 1×1
reductions: without them the 3×3 and 5×5 convs see every input channel and the pooled branch
passes all channels on, so parameters and channel count balloon.
"""

from __future__ import annotations

from playground.network.spec import NetworkSpec
from playground.network.templates.builder import After, NetBuilder
from playground.network.templates.registry import template


def add_inception(
    b: NetBuilder,
    name: str,
    c1: int,
    c3: tuple[int, int],
    c5: tuple[int, int],
    pool_proj: int,
    reduce: bool = True,
    after: After = None,
) -> str:
    """Add one inception block (Szegedy et al. 2014) after ``after`` (default: the last node).

    Four parallel branches joined by a Concatenate, in this order: 1×1 conv (``c1``); 1×1
    reduction then 3×3 conv (``c3`` = (reduce, out)); 1×1 reduction then 5×5 conv (``c5``);
    3×3 max pool (stride 1, same) then a 1×1 projection (``pool_proj``). With ``reduce=False``
    it is the paper's naive block: no reductions and no projection after the pool.
    Returns the id of the Concatenate, ``{name}_concat``.
    """
    src = b.last if after is None else after
    ends = [b.conv(f"{name}_1x1", c1, 1, after=src)]
    for size, (reduce_to, out) in ((3, c3), (5, c5)):
        head = b.conv(f"{name}_{size}x{size}_reduce", reduce_to, 1, after=src) if reduce else src
        ends.append(b.conv(f"{name}_{size}x{size}", out, size, after=head))
    pooled = b.pool(f"{name}_pool", 3, 1, padding="same", after=src)
    ends.append(b.conv(f"{name}_pool_proj", pool_proj, 1, after=pooled) if reduce else pooled)
    return b.add("Concatenate", f"{name}_concat", after=ends)


# (1×1, (3×3 reduce, 3×3), (5×5 reduce, 5×5), pool projection) per block, from the paper's table 1
_GOOGLENET = {
    "3a": (64, (96, 128), (16, 32), 32),
    "3b": (128, (128, 192), (32, 96), 64),
    "4a": (192, (96, 208), (16, 48), 64),
    "4b": (160, (112, 224), (24, 64), 64),
    "4c": (128, (128, 256), (24, 64), 64),
    "4d": (112, (144, 288), (32, 64), 64),
    "4e": (256, (160, 320), (32, 128), 128),
    "5a": (256, (160, 320), (32, 128), 128),
    "5b": (384, (192, 384), (48, 128), 128),
}


@template("googlenet", "GoogLeNet / Inception v1 (2014): nine inception blocks, global average pooling",
          (224, 224, 3), 1000)
def googlenet(input_shape: tuple[int, ...], num_classes: int) -> NetworkSpec:
    """d2l's GoogLeNet (no local response normalisation, no auxiliary classifiers)."""
    b = NetBuilder("googlenet", input_shape)
    b.conv("conv1", 64, 7, strides=2)
    b.pool("pool1", 3, 2, padding="same")
    b.conv("conv2_reduce", 64, 1)
    b.conv("conv2", 192, 3)
    b.pool("pool2", 3, 2, padding="same")
    for key, (c1, c3, c5, proj) in _GOOGLENET.items():
        add_inception(b, f"inception{key}", c1, c3, c5, proj)
        if key in ("3b", "4e"):
            b.pool(f"pool{key[0]}", 3, 2, padding="same")
    b.add("GlobalAveragePooling2D", "avg_pool")
    b.add("Dropout", "dropout", {"rate": 0.4})
    b.classifier(num_classes)
    return b.finish()
