"""The generated script: same layers as the app builds, ruff-clean, runnable, and injection-proof."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from playground.engine import build_model
from playground.engine.build import make_layer
from playground.engine.export import clients, export_network, generate_script, identifier
from playground.engine.export.codegen import layer_arguments
from playground.network import NetworkSpec, all_kinds

keras = pytest.importorskip("keras")

EVIL = 'x"); __import__("os").system("touch PWNED"); ("'
EVIL_LINES = 'a"""\nimport os; os.system("touch PWNED")\n"""'
RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent))
ROOT = Path(__file__).resolve().parents[2]


def variant(kind):
    """Non-default values for every parameter of ``kind``, each within its allowed range."""
    values = {}
    for p in kind.params:
        if p.type == "bool":
            values[p.name] = not p.default
        elif p.type == "choice":
            values[p.name] = [c for c in p.choices if c != p.default][-1]
        elif p.type == "int":
            values[p.name] = p.default + 1 if p.maximum is None or p.default + 1 <= p.maximum else p.default - 1
        elif p.type == "float":
            values[p.name] = p.default / 2 if p.default else 0.25
        elif p.type == "ints":
            values[p.name] = tuple(2 for _ in p.default)
    if kind.key == "Conv2D":
        values["fixed_kernel"] = "learned"
    if "dilation_rate" in values:  # Keras refuses strides > 1 together with dilation > 1
        values["strides"] = tuple(1 for _ in values["strides"])
    return values


def constructed(kind, args):
    """Build the layer from the generated argument source with literal_eval (never eval)."""
    call = ast.parse(f"f({', '.join(args)})", mode="eval").body
    positional = [ast.literal_eval(a) for a in call.args]
    keywords = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    return getattr(keras.layers, kind)(*positional, **keywords)


@pytest.mark.parametrize("kind", [k for k in all_kinds() if k.key != "Input"], ids=lambda k: k.key)
def test_generated_layer_equals_the_built_layer(kind):
    for params in (kind.defaults(), {**kind.defaults(), **variant(kind)}):
        expected = make_layer(kind.key, params, "n").get_config()
        assert constructed(kind.key, layer_arguments(kind.key, params, "n")).get_config() == expected


def test_identifiers_are_safe_and_distinct():
    taken = set()
    names = [identifier(t, taken) for t in ["class", "keras", "1st", "a-b", "a_b", "print", EVIL, "", "a_b"]]
    assert all(n.isidentifier() for n in names)
    assert len(set(names)) == len(names)
    assert names[:4] == ["class_", "keras_", "n_1st", "a_b"]


def small_spec(name="demo", odd_id="conv") -> NetworkSpec:
    spec = NetworkSpec(name=name)
    spec.add_node("Input", {"shape": (8, 8, 1)}, node_id="x")
    spec.add_node("Conv2D", {"filters": 2, "fixed_kernel": "gaussian", "kernel_size": (5, 5)}, node_id=odd_id)
    spec.add_node("Conv2D", {"filters": 2, "kernel_size": (1, 1), "activation": "tanh"}, node_id="class")
    spec.add_node("Concatenate", node_id="keras")
    spec.add_node("GlobalAveragePooling2D", node_id="gap")
    spec.add_node("Dense", {"units": 3, "activation": "softmax"}, node_id="out")
    for a, b in [("x", odd_id), ("x", "class"), (odd_id, "keras"), ("class", "keras"), ("keras", "gap"),
                 ("gap", "out")]:
        spec.connect(a, b)
    return spec


EVIL_TRAINING = {"optimizer": EVIL, "learning_rate": 0.01, "epochs": 1, "batch_size": 16, "seed": 3,
                 "schedule": EVIL_LINES, EVIL: EVIL}
EVIL_DATA = {"dataset": EVIL_LINES, "options": {EVIL: EVIL}, "augmentation": {"flip": True, EVIL: 1}}


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed")
def test_generated_scripts_are_ruff_clean(tmp_path):
    sources = {
        "plain.py": generate_script(small_spec()),
        "evil.py": generate_script(small_spec(EVIL_LINES, EVIL), EVIL_TRAINING, EVIL_DATA, EVIL),
        "cosine.py": generate_script(small_spec(), {"optimizer": "sgd", "momentum": 0.9, "schedule": "cosine"},
                                     {"augmentation": {"rotation": 0.1, "zoom": 0.1, "shift": 0.1, "noise": 0.05}}),
    }
    for name, source in sources.items():
        (tmp_path / name).write_text(source, encoding="utf-8")
        compile(source, name, "exec")
    result = subprocess.run([RUFF, "check", "--config", str(ROOT / "pyproject.toml"), "--no-cache", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_user_text_never_becomes_code():
    source = generate_script(small_spec(EVIL_LINES, EVIL), EVIL_TRAINING, EVIL_DATA, EVIL)
    tree = ast.parse(source)
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert "__import__" not in calls and "eval" not in calls and "exec" not in calls
    imported = {a.name for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    assert imported <= {"argparse", "os", "keras", "numpy", "layers", "tensorflow", "jax", "load_dataset", "load_digits"}
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert EVIL in strings and EVIL_LINES in strings  # the text survives, as data


def test_evil_names_export_runs_without_side_effects(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = small_spec(EVIL_LINES, EVIL)
    result = export_network(spec, "python", tmp_path / "net.py", training=EVIL_TRAINING, data=EVIL_DATA,
                            project={"name": EVIL})
    assert result.max_abs_diff <= 1e-4 and result.checked_with == "python subprocess"
    assert not list(tmp_path.rglob("PWNED")) and not (ROOT / "PWNED").exists()


def test_script_cli_predicts_like_the_app(tmp_path):
    spec = small_spec("cli", "a_b")
    model = build_model(spec)
    export_network(spec, "python", tmp_path / "net.py", training=EVIL_TRAINING, data=EVIL_DATA,
                   project={"name": EVIL}, check_script=False)
    model.save_weights(str(tmp_path / "net.weights.h5"))
    x = clients.sample_inputs(model, seed=11)[0]
    np.save(tmp_path / "x.npy", x)
    run = subprocess.run([sys.executable, "net.py", "--weights", "net.weights.h5", "--predict", "x.npy",
                          "--out", "y.npy"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert np.max(np.abs(np.load(tmp_path / "y.npy") - clients.predict(model, [x])[0])) <= 1e-4
    assert not list(tmp_path.rglob("PWNED"))


def test_script_trains_on_npz_data(tmp_path):
    spec = small_spec("train")
    (tmp_path / "net.py").write_text(generate_script(
        spec, {"optimizer": "adam", "learning_rate": 0.01, "epochs": 5, "batch_size": 8, "seed": 1,
               "schedule": "cosine"},
        {"dataset": "digits", "ratios": [0.5, 0.25, 0.25], "augmentation": {"flip_horizontal": True}}),
        encoding="utf-8")
    rng = np.random.default_rng(0)
    x = (rng.random((40, 8, 8)) * 255).astype(np.uint8)  # grey images without a channel axis
    np.savez(tmp_path / "d.npz", x=x[..., None], y=rng.integers(0, 3, 40))
    run = subprocess.run([sys.executable, "net.py", "--data", "d.npz", "--epochs", "1", "--out", "t.keras"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    trained = keras.saving.load_model(str(tmp_path / "t.keras"), safe_mode=True, compile=False)
    assert trained.count_params() == build_model(spec).count_params()


def generated_module(tmp_path, source):
    """Import a generated script (from a benign spec, in a test) to compare its parts with the app's."""
    import importlib.util

    (tmp_path / "gen_net.py").write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("gen_net", tmp_path / "gen_net.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_script_splits_and_augments_like_the_app(tmp_path):
    data = pytest.importorskip("playground.data")
    config = data.DataConfig(dataset="digits", ratios=(0.6, 0.3, 0.1), seed=5, augmentation=data.AugmentationConfig(
        flip_horizontal=True, flip_vertical=True, rotation=0.1, zoom=0.2, translation=0.1, contrast=0.3,
        noise=0.05, fill_mode="reflect"))
    module = generated_module(tmp_path, generate_script(small_spec(), None, config))
    rng = np.random.default_rng(1)
    x, y = rng.random((53, 8, 8, 1), dtype=np.float32), rng.integers(0, 4, 53)
    ours = module.split(x, y, module.DATA["ratios"], module.DATA["seed"])
    theirs = data.split((x, y), config.ratios, config.seed)
    for (xa, ya), (xb, yb) in zip(ours, (theirs.train, theirs.val, theirs.test)):
        assert np.array_equal(xa, xb) and np.array_equal(ya, yb)
    def configs(model):
        return [{k: v for k, v in layer.get_config().items() if k != "name"} for layer in model.layers]

    assert configs(module.make_augmentation()) == configs(data.build_augmentation(config))
