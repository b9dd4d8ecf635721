"""A whole runnable training script: the generated ``build_model()`` plus data, training and a CLI.

The script depends on Keras and NumPy only, so a learner can take it out of the app and run
``python net.py --epochs 3``. Project settings enter it as literals made by ``pprint`` from
JSON-clean data, so no user text is ever pasted into code unescaped.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from playground.engine.export.codegen import build_function_source, literal
from playground.engine.export.script_parts import DATA_SOURCE, MAIN_SOURCE
from playground.network.spec import NetworkSpec

OPTIMIZERS = {"adam": "Adam", "adamw": "AdamW", "sgd": "SGD", "rmsprop": "RMSprop", "adagrad": "Adagrad",
              "nadam": "Nadam", "adamax": "Adamax", "adadelta": "Adadelta"}
DEFAULT_TRAINING = {"optimizer": "adam", "learning_rate": 1e-3, "schedule": "constant", "batch_size": 32,
                    "epochs": 10, "seed": 0}
DEFAULT_DATA = {"dataset": "digits", "options": {}, "ratios": [0.7, 0.15, 0.15], "seed": 0, "augmentation": {}}
AUGMENTATION_KEYS = ("flip_horizontal", "flip_vertical", "rotation", "zoom", "translation", "contrast", "noise",
                     "fill_mode")


def plain(value: Any) -> Any:
    """JSON-clean copy of ``value`` (dataclasses and objects with to_dict included)."""
    if hasattr(value, "to_dict"):
        value = value.to_dict()
    elif hasattr(value, "__dataclass_fields__"):
        import dataclasses

        value = dataclasses.asdict(value)
    return json.loads(json.dumps(value if value is not None else {}, default=str))  # NaN stays a float


def _merged(defaults: dict, given: Mapping | None, aliases: dict[str, tuple[str, ...]]) -> dict:
    given = plain(given)
    out = dict(defaults)
    out.update(given)
    for key, names in aliases.items():
        for name in names:
            if name in given and key not in given:
                out[key] = given[name]
    return out


def training_settings(training: Mapping | Any | None) -> dict:
    """The project's training config as a plain dict with every key the script reads."""
    out = _merged(DEFAULT_TRAINING, training, {"learning_rate": ("lr",), "schedule": ("lr_schedule",)})
    out["optimizer"] = str(out["optimizer"]).lower()
    for key, kind, minimum in (("learning_rate", float, 0.0), ("batch_size", int, 1), ("epochs", int, 1)):
        value = out.get(key)
        usable = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        if not usable or value < minimum or (kind is int and int(value) != value):
            out[key] = DEFAULT_TRAINING[key]
    if not isinstance(out.get("seed"), int) or isinstance(out.get("seed"), bool):
        out["seed"] = None
    return out


def data_settings(data: Mapping | Any | None) -> dict:
    """The project's DataConfig as a plain dict: dataset, options, (train, val, test) ratios, seed,
    augmentation. Values the app would reject fall back to its defaults."""
    out = _merged(DEFAULT_DATA, data, {})
    ratios = out.get("ratios")
    numbers = isinstance(ratios, list) and len(ratios) == 3 and all(
        isinstance(r, (int, float)) and not isinstance(r, bool) and math.isfinite(r) and r >= 0 for r in ratios)
    if not numbers or ratios[0] <= 0 or abs(sum(ratios) - 1.0) > 1e-6:
        out["ratios"] = list(DEFAULT_DATA["ratios"])
    if not isinstance(out.get("seed"), int) or isinstance(out.get("seed"), bool) or out["seed"] < 0:
        out["seed"] = 0
    if not isinstance(out.get("options"), Mapping):
        out["options"] = {}
    augmentation = out.get("augmentation")
    out["augmentation"] = {k: v for k, v in augmentation.items() if k in AUGMENTATION_KEYS} \
        if isinstance(augmentation, Mapping) else {}
    out["dataset"] = str(out.get("dataset") or DEFAULT_DATA["dataset"])
    return out


def finite(value: Any) -> Any:
    """``value`` with NaN and infinities replaced by None, whose repr is a valid literal."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(finite(v) for v in value)
    return value


def literal_block(value: Any, indent: int = 0, width: int = 100) -> str:
    """A Python literal of JSON-clean ``value``: one line when it fits, else one item per line."""
    flat = repr(value)
    scalars = isinstance(value, list) and not any(isinstance(v, (dict, list)) for v in value)
    if len(flat) + indent <= width or not isinstance(value, (dict, list)) or not value or scalars:
        return flat
    pad = " " * (indent + 4)
    if isinstance(value, dict):
        items = [f"{pad}{k!r}: {literal_block(v, indent + 4, width)}," for k, v in sorted(value.items())]
        return "{\n" + "\n".join(items) + "\n" + " " * indent + "}"
    items = [f"{pad}{literal_block(v, indent + 4, width)}," for v in value]
    return "[\n" + "\n".join(items) + "\n" + " " * indent + "]"


def _constant(name: str, value: Any) -> str:
    """``NAME = literal``; a dict always gets one key per line, sorted, like a person would write it."""
    value = finite(value)
    if isinstance(value, dict) and value:
        rows = "".join(f"    {k!r}: {literal_block(v, 4)},\n" for k, v in sorted(value.items()))
        return f"{name} = {{\n{rows}}}\n"
    return f"{name} = {literal_block(value)}\n"


def optimizer_source(training: dict) -> str:
    """``make_optimizer()``: the project's optimizer and learning-rate schedule, spelled out."""
    cls = OPTIMIZERS.get(training["optimizer"], "Adam")
    extra = ""
    if cls == "SGD" and isinstance(training.get("momentum"), (int, float)):
        extra = f", momentum={literal(float(training['momentum']))}"
    schedule = str(training.get("schedule") or "constant").lower()
    lines = [
        "def make_optimizer(steps_per_epoch, epochs):",
        '    """The optimizer and learning-rate schedule of the project\'s training settings."""',
        '    learning_rate = TRAINING["learning_rate"]',
    ]
    if schedule == "cosine":
        lines.append("    learning_rate = keras.optimizers.schedules.CosineDecay(learning_rate, steps_per_epoch * epochs)")
    elif schedule in ("step", "exponential"):
        lines.append("    learning_rate = keras.optimizers.schedules.ExponentialDecay(")
        lines.append("        learning_rate, decay_steps=steps_per_epoch, decay_rate=0.9, staircase=True")
        lines.append("    )")
    if cls == "Adam" and training["optimizer"] not in OPTIMIZERS:
        lines.append("    # TRAINING names an optimizer Keras does not have; Adam stands in for it")
    lines.append(f"    return keras.optimizers.{cls}(learning_rate=learning_rate{extra})")
    return "\n".join(lines) + "\n"


def loss_source(spec: NetworkSpec) -> str:
    """``make_loss()``: what the output layer implies (class scores, a probability or values)."""
    outputs = spec.output_ids()
    node = spec.node(outputs[0]) if len(outputs) == 1 else None
    units = node.params.get("units") if node is not None and node.kind == "Dense" else None
    activation = node.params.get("activation") if node is not None else None
    if units == 1 and activation == "sigmoid":
        body = "keras.losses.BinaryCrossentropy()"
    elif units and units > 1 and activation == "softmax":
        body = "keras.losses.SparseCategoricalCrossentropy()"
    elif units and units > 1 and activation == "linear":
        body = "keras.losses.SparseCategoricalCrossentropy(from_logits=True)"
    else:
        body = "keras.losses.MeanSquaredError()"
    return (
        "def make_loss():\n"
        '    """Integer class labels against the output layer\'s scores."""\n'
        f"    return {body}\n"
    )


def _fraction(value: Any) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    return float(min(max(value, 0.0), 1.0)) if ok else 0.0


def augmentation_source(augmentation: dict, seed: int) -> str:
    """``make_augmentation()``: the same Keras Random* layers the app trains with, or None."""
    fill_mode = augmentation.get("fill_mode", "constant")
    fill_mode = fill_mode if fill_mode in ("constant", "reflect", "nearest", "wrap") else "constant"
    fill = f"fill_mode={fill_mode!r}" + (", fill_value=0.0" if fill_mode == "constant" else "")
    horizontal, vertical = augmentation.get("flip_horizontal") is True, augmentation.get("flip_vertical") is True
    steps = []
    if horizontal or vertical:
        mode = "horizontal_and_vertical" if horizontal and vertical else "horizontal" if horizontal else "vertical"
        steps.append(f"layers.RandomFlip({mode!r}, seed={seed})")
    for key, layer in (("rotation", "RandomRotation"), ("zoom", "RandomZoom")):
        if _fraction(augmentation.get(key)):
            steps.append(f"layers.{layer}({_fraction(augmentation[key])!r}, {fill}, seed={seed})")
    if _fraction(augmentation.get("translation")):
        shift = repr(_fraction(augmentation["translation"]))
        steps.append(f"layers.RandomTranslation({shift}, {shift}, {fill}, seed={seed})")
    if _fraction(augmentation.get("contrast")):
        steps.append(f"layers.RandomContrast({_fraction(augmentation['contrast'])!r}, value_range=(0.0, 1.0), "
                     f"seed={seed})")
    if _fraction(augmentation.get("noise")):
        steps.append(f"layers.GaussianNoise({_fraction(augmentation['noise'])!r}, seed={seed})")
    head = 'def make_augmentation():\n    """Random changes to training batches only, or None when all are off."""\n'
    if not steps:
        return head + "    return None\n"
    body = "".join(f"            {step},\n" for step in steps)
    return head + f"    return keras.Sequential(\n        [\n{body}        ],\n        name=\"augmentation\",\n    )\n"


def generate_script(
    spec: NetworkSpec,
    training: Mapping | Any | None = None,
    data: Mapping | Any | None = None,
    project_name: str | None = None,
) -> str:
    """The full, standalone Python source for ``spec`` with the project's data and training."""
    train = training_settings(training)
    data_cfg = data_settings(data)
    title = project_name if project_name is not None else spec.name
    input_shapes = [tuple(n.params["shape"]) for n in spec.input_nodes()]
    parts = [
        '"""A Keras 3 network exported from Keras Playground (project named in PROJECT below).\n\n'
        "It needs only Keras and NumPy:\n\n"
        "    python net.py --epochs 3                     # train on the project's data\n"
        "    python net.py --data my_data.npz             # x_train, y_train (and x_test, y_test)\n"
        "    python net.py --data images/                 # one sub-folder of images per class\n"
        "    python net.py --weights net.weights.h5 --predict inputs.npy --out outputs.npy\n"
        '"""\n\n'
        "import argparse\nimport os\n\nimport keras\nimport numpy as np\nfrom keras import layers\n\n",
        _constant("PROJECT", str(title)),
        _constant("INPUT_SHAPE", input_shapes[0] if len(input_shapes) == 1 else input_shapes),
        _constant("DATA", data_cfg),
        _constant("TRAINING", train),
        "\n\n",
        build_function_source(spec),
        "\n\n",
        optimizer_source(train),
        "\n\n",
        loss_source(spec),
        "\n\n",
        augmentation_source(data_cfg["augmentation"], data_cfg["seed"]),
        "\n\n",
        DATA_SOURCE,
        "\n\n",
        MAIN_SOURCE,
    ]
    return "".join(parts)
