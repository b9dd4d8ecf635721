"""What every layer makes of one sample: feature maps, and one picture per layer.

A feature map shows WHERE in the image a kernel found its pattern. To get all of them in one
forward pass, :func:`activation_model` builds a second Keras model over the same layers whose
outputs are every layer's output. It shares the original's weights (it is the same layers,
not a copy), so it stays current while training runs, and building it once per (model,
layers) is enough: it is cached, keyed weakly by the model so a rebuilt network drops its
stale entry.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from playground.insight.mosaic import Mosaic, assemble, minmax, square_grid
from playground.insight.scores import as_batch

_CACHE_SIZE = 8
_cache: OrderedDict[tuple[int, tuple[str, ...]], tuple[weakref.ref, Any]] = OrderedDict()
_cache_lock = threading.Lock()


def default_layer_names(model: Any) -> list[str]:
    """Every layer that computes something, in model order (Input layers are left out)."""
    import keras

    return [layer.name for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]


def activation_model(model: Any, layer_names: Sequence[str] | None = None, cached: bool = True) -> Any:
    """A ``keras.Model`` with ``model``'s inputs whose outputs are the named layers' outputs.

    ``layer_names`` defaults to :func:`default_layer_names`. The result always returns a list
    (one array per name, in order), even for a single layer.
    """
    import keras

    names = tuple(default_layer_names(model) if layer_names is None else layer_names)
    if not names:
        raise ValueError("The model has no layers to show feature maps of")
    key = (id(model), names)
    if cached:
        with _cache_lock:
            hit = _cache.get(key)
            if hit is not None and hit[0]() is model:
                _cache.move_to_end(key)
                return hit[1]
    outputs = [model.get_layer(name).output for name in names]
    inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs  # as the model is called
    sub = keras.Model(inputs, outputs, name=f"{model.name}_activations")
    if cached:
        with _cache_lock:
            _cache[key] = (weakref.ref(model), sub)
            _cache.move_to_end(key)
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return sub


def feature_maps(
    model: Any, sample: np.ndarray, layer_names: Sequence[str] | None = None
) -> list[tuple[str, np.ndarray]]:
    """``(layer name, output)`` for every layer on ONE sample, batch axis removed.

    ``sample`` is one input (e.g. (H, W, C)) or a batch of one. Runs in inference mode.
    """
    import keras

    batch = as_batch(model, sample)
    if len(batch) != 1:
        raise ValueError(f"feature_maps takes one sample. Received: a batch of {len(batch)}")
    names = default_layer_names(model) if layer_names is None else list(layer_names)
    outputs = activation_model(model, names)(batch, training=False)
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    return [(name, keras.ops.convert_to_numpy(out)[0]) for name, out in zip(names, outputs)]


def feature_grid(
    maps: np.ndarray,
    max_channels: int = 32,
    channels: Sequence[int] | None = None,
    scale: Literal["per_channel", "shared"] = "per_channel",
    pad: int = 1,
    zoom: int = 1,
    background: float = 1.0,
) -> Mosaic:
    """One layer's output as a :class:`Mosaic`: one grey tile per channel, values in 0..1.

    ``maps`` is (H, W, C). Each channel is stretched to 0..1 on its own (``per_channel``: the
    pattern of a weak channel stays visible) or all with one range (``shared``: strengths can
    be compared). Only the first ``max_channels`` channels are shown unless ``channels``
    picks them. Rank-2 maps (length, C) from 1-D layers become one row per channel; rank-1
    outputs (a Dense layer) one row of values.
    """
    maps = np.asarray(maps, dtype=np.float32)
    if maps.ndim == 1:
        maps = maps[None, :, None]
    elif maps.ndim == 2:
        maps = maps[None]
    if maps.ndim != 3:
        raise ValueError(f"Feature maps must have shape (H, W, C). Received: shape={maps.shape}")
    picked = list(range(min(maps.shape[-1], max_channels))) if channels is None else list(channels)
    tiles = np.transpose(maps[..., picked], (2, 0, 1))  # (n, H, W)
    tiles = minmax(tiles, axis=(1, 2) if scale == "per_channel" else None)
    one_row = maps.shape[0] == 1
    rows, cols = (len(picked), 1) if one_row else square_grid(len(picked))
    labels = [f"channel {c}" for c in picked]
    return assemble(tiles, rows, cols, labels, pad=0 if one_row else pad, background=background, zoom=zoom)


def feature_mosaic(
    maps: np.ndarray,
    max_channels: int = 32,
    channels: Sequence[int] | None = None,
    scale: Literal["per_channel", "shared"] = "per_channel",
    pad: int = 1,
    zoom: int = 1,
    background: float = 1.0,
) -> np.ndarray:
    """Just the image of :func:`feature_grid`: (H', W') float32 in 0..1."""
    return feature_grid(maps, max_channels, channels, scale, pad, zoom, background).image
