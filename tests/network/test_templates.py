"""Templates: every one is a valid spec, and the classics match Keras's own parameter counts."""

import pytest

from playground.network import NetworkSpec, get_kind, validate
from playground.network.templates import (
    TEMPLATES,
    add_inception,
    get_template,
    make_template,
    template_names,
)
from playground.network.templates.builder import NetBuilder

CLASSICS = ("mlp", "lenet5", "alexnet", "vgg11", "vgg16", "nin", "googlenet", "resnet18", "resnet50")
SMALL = ("small_cnn", "tiny_vgg", "tiny_resnet", "tiny_inception")
SMALL_SHAPES = ((8, 8, 1), (28, 28, 1), (32, 32, 3))


def depth(spec: NetworkSpec) -> int:
    return sum(get_kind(n.kind).counts_in_depth for n in spec.nodes)


# -- the registry ------------------------------------------------------------------------------


def test_registry_lists_classics_then_small_nets():
    assert template_names() == [*CLASSICS, *SMALL]
    for name, t in TEMPLATES.items():
        assert t.name == name
        assert t.description and "\n" not in t.description
        assert len(t.default_input) == 3 and t.default_classes >= 2


def test_unknown_template_names_the_known_ones():
    with pytest.raises(KeyError, match="small_cnn") as info:
        make_template("no_such_net")
    assert "lenet5" in str(info.value)
    with pytest.raises(KeyError):
        get_template("LeNet5")


@pytest.mark.parametrize("shape", [(0, 8, 1), (8,), "28x28", (8.0, 8, 1)])
def test_bad_input_shape_is_refused(shape):
    with pytest.raises(ValueError, match="input_shape"):
        make_template("small_cnn", input_shape=shape)


@pytest.mark.parametrize("classes", [0, -3, 2.5, True])
def test_bad_class_count_is_refused(classes):
    with pytest.raises(ValueError, match="num_classes"):
        make_template("small_cnn", num_classes=classes)


def test_registry_cannot_be_changed_by_callers():
    with pytest.raises(TypeError):
        TEMPLATES["mine"] = TEMPLATES["mlp"]  # type: ignore[index]


# -- every template, structurally (no Keras) ---------------------------------------------------


@pytest.mark.parametrize("name", template_names())
def test_template_is_valid_for_its_default_input(name):
    t = get_template(name)
    spec = make_template(name)
    assert validate(spec) == []
    assert spec.name == name
    assert tuple(spec.node("input").params["shape"]) == t.default_input
    assert spec.output_ids() == ["predictions"]
    out = spec.node("predictions")
    if name == "nin":
        assert out.kind == "Activation" and out.params["activation"] == "softmax"
        assert spec.node(spec.inputs_of("predictions")[0]).kind == "GlobalAveragePooling2D"
    else:
        assert (out.kind, out.params["units"], out.params["activation"]) == (
            "Dense", t.default_classes, "softmax"
        )


@pytest.mark.parametrize("name", template_names())
def test_template_round_trips_through_json_and_is_laid_out(name):
    spec = make_template(name, num_classes=7)
    assert NetworkSpec.from_json(spec.to_json()) == spec
    assert len({n.pos for n in spec.nodes}) == len(spec.nodes)


@pytest.mark.parametrize("name", template_names())
def test_node_ids_are_readable_not_generated(name):
    spec = make_template(name)
    generated = NetworkSpec()
    for node in spec.nodes:
        # an id such as conv2d_1 is what add_node invents when a template forgets to name a node
        assert node.id != generated.new_id(node.kind), node.id


@pytest.mark.parametrize("name", SMALL)
@pytest.mark.parametrize("shape", SMALL_SHAPES)
def test_small_templates_are_valid_for_small_inputs(name, shape):
    assert validate(make_template(name, shape, 10)) == []


def test_vgg16_is_16_deep_with_13_convs():
    spec = make_template("vgg16")
    assert depth(spec) == 16
    assert sum(n.kind == "Conv2D" for n in spec.nodes) == 13
    assert depth(make_template("vgg11")) == 11


def test_resnet_add_takes_shortcut_first_like_keras():
    spec = make_template("resnet50")
    assert spec.inputs_of("conv2_block1_add") == ["conv2_block1_0_bn", "conv2_block1_3_bn"]
    assert spec.inputs_of("conv2_block2_add") == ["conv2_block1_out", "conv2_block2_3_bn"]
    assert spec.node("conv3_block1_1_conv").params["strides"] == (2, 2)
    assert spec.node("conv3_block1_2_conv").params["strides"] == (1, 1)
    assert sum(n.kind == "Add" for n in spec.nodes) == 16


def test_googlenet_has_nine_inception_blocks_in_branch_order():
    spec = make_template("googlenet")
    concats = [n.id for n in spec.nodes if n.kind == "Concatenate"]
    assert len(concats) == 9
    assert spec.inputs_of("inception3a_concat") == [
        "inception3a_1x1", "inception3a_3x3", "inception3a_5x5", "inception3a_pool_proj"
    ]


def test_inception_block_without_reductions_is_the_naive_block():
    def block(reduce: bool) -> NetworkSpec:
        b = NetBuilder("block", (28, 28, 192))
        add_inception(b, "inc", 64, (96, 128), (16, 32), 32, reduce=reduce)
        return b.finish()

    naive, reduced = block(False), block(True)
    assert validate(naive) == [] and validate(reduced) == []
    assert not any(n.id.endswith(("_reduce", "_pool_proj")) for n in naive.nodes)
    assert naive.inputs_of("inc_concat") == ["inc_1x1", "inc_3x3", "inc_5x5", "inc_pool"]
    assert naive.inputs_of("inc_3x3") == ["input"]
    assert reduced.inputs_of("inc_3x3") == ["inc_3x3_reduce"]


def test_small_cnn_pools_by_input_size():
    def pools(shape):
        return sum(n.kind == "MaxPooling2D" for n in make_template("small_cnn", shape, 10).nodes)

    assert [pools(s) for s in SMALL_SHAPES] == [1, 2, 3]


# -- the same numbers from the engine's analysis and from Keras ---------------------------------


def test_analysis_counts_match_the_papers():
    from playground.engine.analysis import analyze

    assert analyze(make_template("lenet5", (28, 28, 1), 10)).total_params == 61_706
    assert analyze(make_template("vgg16")).depth == 16
    assert analyze(make_template("resnet50")).depth == 50
    assert analyze(make_template("googlenet")).depth == 22
    # torchvision's resnet18 counts only trainable weights; Keras adds BN's moving statistics
    assert analyze(make_template("resnet18")).trainable_params == 11_689_512


def test_lenet5_has_61706_parameters_in_keras():
    from playground.engine.build import build_model

    model = build_model(make_template("lenet5", (28, 28, 1), 10))
    assert model.count_params() == 61_706


@pytest.mark.parametrize("name", SMALL)
@pytest.mark.parametrize("shape", SMALL_SHAPES)
def test_small_templates_build_in_keras(name, shape):
    import numpy as np

    from playground.engine.build import build_model

    model = build_model(make_template(name, shape, 5))
    assert model.output_shape == (None, 5)
    probs = np.asarray(model(np.zeros((2, *shape), "float32")))
    assert probs.shape == (2, 5)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)


def _assert_same_layers_as(spec: NetworkSpec, reference) -> None:
    """Every spec node is a Keras layer of the same name and parameter count, and vice versa."""
    from playground.engine.build import build_model

    model = build_model(spec)
    assert model.count_params() == reference.count_params()
    ours = {layer.name: layer.count_params() for layer in model.layers if layer.name != "input"}
    theirs = {layer.name: layer.count_params() for layer in reference.layers[1:]}
    assert ours == theirs


@pytest.mark.slow
def test_vgg16_equals_keras_applications():
    import keras

    reference = keras.applications.VGG16(weights=None)
    assert reference.count_params() == 138_357_544
    _assert_same_layers_as(make_template("vgg16", (224, 224, 3), 1000), reference)


@pytest.mark.slow
def test_resnet50_equals_keras_applications():
    import keras

    reference = keras.applications.ResNet50(weights=None)
    assert reference.count_params() == 25_636_712
    _assert_same_layers_as(make_template("resnet50", (224, 224, 3), 1000), reference)
