"""The spec: JSON round trip, migrations, and validation messages that name the node."""

import json
import subprocess
import sys

import pytest

from playground.network import NetworkSpec, SpecError, all_kinds, chain, get_kind, validate
from playground.network.spec import SCHEMA_VERSION


def small_net() -> NetworkSpec:
    return chain(
        [
            ("Input", {"shape": [28, 28, 1]}),
            ("Conv2D", {"filters": 8}),
            ("MaxPooling2D", {}),
            ("Flatten", {}),
            ("Dense", {"units": 10, "activation": "softmax"}),
        ]
    )


def messages(spec):
    return [str(p) for p in validate(spec)]


def test_json_round_trip_keeps_every_node_edge_and_param():
    spec = small_net()
    again = NetworkSpec.from_json(spec.to_json())
    assert again == spec
    assert json.loads(spec.to_json())["schema_version"] == SCHEMA_VERSION


def test_unversioned_file_is_migrated():
    old = {"nodes": [{"id": "a", "kind": "Input", "params": {"shape": [8, 8, 1]}},
                     {"id": "b", "kind": "Flatten"}], "edges": [["a", "b"]]}
    spec = NetworkSpec.from_dict(old)
    assert spec.inputs_of("b") == ["a"]
    assert validate(spec) == []


def test_newer_schema_is_refused_with_advice():
    with pytest.raises(SpecError, match="newer"):
        NetworkSpec.from_dict({"schema_version": SCHEMA_VERSION + 1, "nodes": [], "edges": []})


@pytest.mark.parametrize("text", ["{", "[]", '{"nodes": 3}', '{"nodes": [{"kind": "Dense"}]}'])
def test_broken_files_raise_spec_error(text):
    with pytest.raises(SpecError):
        NetworkSpec.from_json(text)


def test_cycle_is_reported():
    spec = small_net()
    spec.connect("dense_1", "conv2d_1")
    assert any("cycle" in m for m in messages(spec))


def test_dangling_node_is_named():
    spec = small_net()
    spec.add_node("Dense", node_id="stray")
    assert any(m.startswith("stray:") and "dangling" in m for m in messages(spec))


def test_non_merge_node_with_two_inputs_suggests_a_merge():
    spec = small_net()
    spec.connect("input_1", "max_pooling2d_1")
    msgs = messages(spec)
    assert any(m.startswith("max_pooling2d_1:") and "Add or Concatenate" in m for m in msgs)


def test_unknown_kind_is_reported_not_crashed():
    spec = NetworkSpec.from_dict({"nodes": [{"id": "i", "kind": "Input", "params": {"shape": [4, 4, 1]}},
                                            {"id": "w", "kind": "Wormhole"}], "edges": [{"from": "i", "to": "w"}]})
    assert any(m.startswith("w:") and "unknown kind 'Wormhole'" in m for m in messages(spec))


@pytest.mark.parametrize(
    "param, value, fragment",
    [("filters", 0, "at least 1"), ("filters", 2.5, "whole number"), ("padding", "full", "one of valid, same"),
     ("kernel_size", [3], "needs 2 numbers"), ("use_bias", "yes", "true or false")],
)
def test_bad_parameter_is_reported_on_its_node(param, value, fragment):
    spec = small_net()
    spec.node("conv2d_1").params[param] = value
    msgs = messages(spec)
    assert any(m.startswith("conv2d_1:") and fragment in m for m in msgs), msgs


def test_every_kind_round_trips_through_json():
    for kind in all_kinds():
        spec = NetworkSpec()
        spec.add_node(kind.key, node_id="n")
        again = NetworkSpec.from_json(spec.to_json())
        assert again.node("n").params == spec.node("n").params, kind.key


def test_every_parameter_default_is_valid_and_explained():
    for kind in all_kinds():
        assert len(kind.explanation) > 40, kind.key
        for p in kind.params:
            assert p.check(p.default) is None, (kind.key, p.name)
            assert p.help, (kind.key, p.name)


def test_conv2d_offers_fixed_kernels_and_freezing():
    conv = get_kind("Conv2D")
    assert set(conv.param("fixed_kernel").choices) >= {"learned", "sobel_x", "sobel_y", "laplacian", "gaussian"}
    assert conv.param("trainable").type == "bool"


def test_network_package_imports_neither_keras_nor_qt():
    code = (
        "import sys, playground.network, playground.network.spec, playground.network.catalog;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('keras', 'tensorflow', 'PySide6', 'jax', 'torch')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_analysis_does_not_import_keras():
    code = (
        "import sys, playground.engine.analysis, playground.engine.explain;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('keras', 'tensorflow', 'PySide6')];"
        "sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
