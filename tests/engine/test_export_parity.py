"""Parity checked by the real clients: every export computes what the in-app model computes.

For the small templates and for random branching networks, plain Keras (safe_mode), the LiteRT
interpreter, onnxruntime and the generated script (in a separate Python) must give the in-app
outputs on the same inputs (max abs diff <= 1e-4) with the same parameter count.
"""

import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from playground.engine import analyze, build_model
from playground.engine.export import clients, export_network, generate_script
from playground.network import NetworkSpec

keras = pytest.importorskip("keras")
pytestmark = pytest.mark.skipif(  # the checks read exports with TensorFlow, TFLite and ONNX clients
    keras.backend.backend() != "tensorflow",
    reason="SavedModel/TFLite/ONNX exports need the TensorFlow backend (test_export_backend checks the refusal)")

TOL = 1e-4
SMALL_TEMPLATES = ["small_cnn", "tiny_vgg", "tiny_resnet", "tiny_inception", "mlp", "lenet5"]

_WORKER = """\
import importlib.util, sys, traceback
import numpy as np
for n, line in enumerate(sys.stdin):
    try:
        script, weights, inputs, out = line.rstrip("\\n").split("\\t")
        spec = importlib.util.spec_from_file_location(f"net_{n}", script)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        model = module.build_model()
        model.load_weights(weights)
        y = model(np.load(inputs, allow_pickle=False), training=False)
        np.savez(out, y=np.asarray(y), params=np.array(model.count_params()))
        print("ok", flush=True)
    except Exception:
        print(repr(traceback.format_exc()), flush=True)
"""


class ScriptWorker:
    """One fresh Python (no app on its path) that imports generated scripts and predicts with them.

    Starting TensorFlow costs seconds, so every script of the module goes through one process:
    it imports the script, builds the model, loads the weights saved from the in-app model and
    predicts on the saved inputs.
    """

    def __init__(self, folder):
        self.folder, self.count = folder, 0
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["TF_CPP_MIN_LOG_LEVEL"] = "3"
        self.process = subprocess.Popen([sys.executable, "-u", "-c", _WORKER], cwd=folder, env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def run(self, spec, model, x):
        """(outputs, params) of the generated script of ``spec`` with ``model``'s weights on ``x``."""
        self.count += 1
        paths = [self.folder / f"{name}_{self.count}{ext}" for name, ext in
                 (("net", ".py"), ("w", ".weights.h5"), ("x", ".npy"), ("y", ".npz"))]
        paths[0].write_text(generate_script(spec), encoding="utf-8")
        model.save_weights(str(paths[1]))
        np.save(paths[2], x)
        self.process.stdin.write("\t".join(map(str, paths)) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        assert answer == "ok", answer
        with np.load(paths[3]) as arrays:
            return arrays["y"], int(arrays["params"])

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def script_worker(tmp_path_factory):
    worker = ScriptWorker(tmp_path_factory.mktemp("scripts"))
    yield worker
    worker.close()


def assert_script_agrees(worker, spec, model):
    x = clients.sample_inputs(model, batch=3, seed=3)[0]
    y, params = worker.run(spec, model, x)
    assert params == model.count_params() == analyze(spec).total_params
    assert np.max(np.abs(y - clients.predict(model, [x])[0])) <= TOL


def trained_like(model, seed=1):
    """Give a fresh model non-trivial weights (BN statistics included), as training would.

    Kernels are scaled by their fan-in so that outputs stay unsaturated: a softmax pinned at
    0 and 1 would hide a wrong export.
    """
    rng = np.random.default_rng(seed)
    for w in model.weights:
        shape = tuple(w.shape)
        if "variance" in w.path:
            value = rng.uniform(0.5, 1.5, shape)
        elif len(shape) > 1:
            value = rng.normal(0, 1.0 / np.sqrt(np.prod(shape[:-1])), shape)
        else:
            value = rng.normal(0, 0.1, shape) + (1.0 if "gamma" in w.path else 0.0)
        w.assign(value.astype(np.float32))
    return model


def assert_clients_agree(spec, model, tmp_path, with_onnx=True):
    """.keras via plain Keras, .tflite via the LiteRT interpreter, .onnx via onnxruntime."""
    x = clients.sample_inputs(model, batch=3, seed=7)
    reference = clients.predict(model, x)
    names = [t.name for t in model.inputs]
    keras_file = tmp_path / "m.keras"
    export_network(spec, "keras", keras_file, model=model)
    reloaded = keras.saving.load_model(str(keras_file), safe_mode=True, compile=False)
    assert reloaded.count_params() == model.count_params()
    assert clients.max_abs_diff(reference, clients.predict(reloaded, x)) <= TOL
    tflite_file = tmp_path / "m.tflite"
    export_network(spec, "tflite", tflite_file, model=model)
    assert clients.max_abs_diff(reference, clients.run_tflite(tflite_file, x, names)) <= TOL
    if with_onnx and clients.onnx_export_available():
        onnx_file = tmp_path / "m.onnx"
        export_network(spec, "onnx", onnx_file, model=model)
        assert clients.max_abs_diff(reference, clients.run_onnx(onnx_file, x, names)) <= TOL


# -- the small templates -----------------------------------------------------------------------


def small_template(name):
    templates = pytest.importorskip("playground.network.templates")
    if name not in templates.template_names():
        pytest.skip(f"no template {name!r} yet")
    for shape in ((16, 16, 1), (28, 28, 1), (32, 32, 3)):
        spec = templates.make_template(name, input_shape=shape, num_classes=3)
        if analyze(spec).ok:
            return spec
    pytest.fail(f"template {name} does not build at small sizes")


@pytest.mark.parametrize("name", SMALL_TEMPLATES)
def test_template_parity_keras_tflite_onnx(name, tmp_path):
    spec = small_template(name)
    model = trained_like(build_model(spec))
    assert model.count_params() == analyze(spec).total_params
    assert_clients_agree(spec, model, tmp_path)


@pytest.mark.parametrize("name", SMALL_TEMPLATES)
def test_template_parity_generated_script(name, script_worker):
    spec = small_template(name)
    assert_script_agrees(script_worker, spec, trained_like(build_model(spec)))


# -- random branching networks -----------------------------------------------------------------

_LAYERS = st.sampled_from([
    ("Conv2D", st.fixed_dictionaries({"filters": st.integers(1, 4), "kernel_size": st.tuples(st.integers(1, 3),
                                      st.integers(1, 3)), "strides": st.tuples(st.integers(1, 2), st.integers(1, 2)),
                                      "activation": st.sampled_from(["relu", "tanh", "linear"])})),
    ("SeparableConv2D", st.fixed_dictionaries({"filters": st.integers(1, 3)})),
    ("DepthwiseConv2D", st.fixed_dictionaries({"depth_multiplier": st.integers(1, 2)})),
    ("Conv2DTranspose", st.fixed_dictionaries({"filters": st.integers(1, 3), "strides": st.just((2, 2))})),
    ("MaxPooling2D", st.fixed_dictionaries({"padding": st.just("same")})),
    ("AveragePooling2D", st.fixed_dictionaries({"padding": st.just("same")})),
    ("BatchNormalization", st.just({})),
    ("LayerNormalization", st.just({})),
    ("ZeroPadding2D", st.fixed_dictionaries({"padding": st.tuples(st.integers(0, 1), st.integers(0, 1))})),
    ("Activation", st.fixed_dictionaries({"activation": st.sampled_from(["sigmoid", "gelu", "elu", "swish"])})),
    ("Dropout", st.just({"rate": 0.3})),
    ("Rescaling", st.just({"scale": 0.5, "offset": 0.1})),
])


@st.composite
def branching_networks(draw):
    spec = NetworkSpec(name="random")
    spec.add_node("Input", {"shape": (draw(st.sampled_from([8, 12])), 8, draw(st.integers(1, 3)))}, node_id="x")
    last = "x"
    for i in range(draw(st.integers(1, 4))):
        shape = draw(st.sampled_from(["layer", "layer", "residual", "inception", "gate"]))
        if shape == "layer":
            kind, params = draw(_LAYERS)
            spec.add_node(kind, draw(params), node_id=f"l{i}")
            spec.connect(last, f"l{i}")
            last = f"l{i}"
            continue
        width = draw(st.integers(1, 4))
        spec.add_node("Conv2D", {"filters": width}, node_id=f"a{i}")
        spec.add_node("Conv2D", {"filters": width if shape != "inception" else draw(st.integers(1, 3)),
                                 "kernel_size": (1, 1), "activation": "sigmoid"}, node_id=f"b{i}")
        merge = {"residual": "Add", "inception": "Concatenate", "gate": "Multiply"}[shape]
        spec.add_node(merge, node_id=f"m{i}")
        for branch in (f"a{i}", f"b{i}"):
            spec.connect(last, branch)
            spec.connect(branch, f"m{i}")
        last = f"m{i}"
    spec.add_node(draw(st.sampled_from(["Flatten", "GlobalAveragePooling2D", "GlobalMaxPooling2D"])), node_id="head")
    spec.connect(last, "head")
    spec.add_node("Dense", {"units": 3, "activation": draw(st.sampled_from(["softmax", "linear"]))}, node_id="out")
    spec.connect("head", "out")
    return spec


_FEW = settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@_FEW
@given(branching_networks())
def test_random_networks_parity_keras_tflite_onnx(tmp_path_factory, spec):
    assume(analyze(spec).ok)
    model = trained_like(build_model(spec))
    assert_clients_agree(spec, model, tmp_path_factory.mktemp("net"))


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(branching_networks())
def test_random_networks_parity_generated_script(script_worker, spec):
    assume(analyze(spec).ok)
    assert_script_agrees(script_worker, spec, trained_like(build_model(spec)))


def test_two_inputs_two_outputs_keep_their_order(tmp_path):
    spec = NetworkSpec(name="two")
    spec.add_node("Input", {"shape": (8, 8, 1)}, node_id="b_in")
    spec.add_node("Input", {"shape": (8, 8, 2)}, node_id="a_in")
    spec.add_node("Concatenate", node_id="cat")
    spec.connect("b_in", "cat")
    spec.connect("a_in", "cat")
    spec.add_node("Flatten", node_id="f")
    spec.connect("cat", "f")
    for out, units in (("z_out", 5), ("a_out", 2)):
        spec.add_node("Dense", {"units": units}, node_id=out)
        spec.connect("f", out)
    model = trained_like(build_model(spec))
    assert_clients_agree(spec, model, tmp_path)
