"""Problems a learner can cause are reported on the right node, in plain words, with a fix."""

from playground.engine import analyze
from playground.engine.explain import explain_node
from playground.network import chain


def net(*layers, shape=(28, 28, 1)):
    return chain([("Input", {"shape": shape}), *layers])


def msgs(analysis, node):
    return [p.message for p in analysis.problems_of(node)]


def test_kernel_larger_than_shrunken_map_names_poolings_and_fix():
    spec = net(("MaxPooling2D", {}), ("MaxPooling2D", {}), ("MaxPooling2D", {}),
               ("Conv2D", {"kernel_size": (5, 5), "padding": "valid"}))
    [message] = msgs(analyze(spec), "conv2d_1")
    assert "after 3 pooling/strided layers the 28×28 input is 3×3" in message
    assert "5×5 kernel" in message and "padding 'same'" in message


def test_add_of_mismatched_shapes():
    spec = net(("Conv2D", {"filters": 8}))
    spec.add_node("Conv2D", {"filters": 8, "strides": (2, 2)}, node_id="down")
    spec.connect("input_1", "down")
    spec.add_node("Add", node_id="sum")
    spec.connect("conv2d_1", "sum")
    spec.connect("down", "sum")
    [message] = msgs(analyze(spec), "sum")
    assert "28×28×8 and 14×14×8" in message and "1×1 conv" in message


def test_concatenate_along_mismatched_axes():
    spec = net(("Conv2D", {"filters": 8}))
    spec.add_node("MaxPooling2D", node_id="pool")
    spec.connect("input_1", "pool")
    spec.add_node("Concatenate", node_id="cat")
    spec.connect("conv2d_1", "cat")
    spec.connect("pool", "cat")
    [message] = msgs(analyze(spec), "cat")
    assert "28×28×8 and 14×14×1" in message


def test_dense_on_image_without_flatten_warns():
    spec = net(("Conv2D", {}), ("Dense", {"units": 10}))
    problems = analyze(spec).problems_of("dense_1")
    assert problems and "Flatten" in problems[0].message


def test_output_units_must_match_classes():
    spec = net(("Flatten", {}), ("Dense", {"units": 7, "activation": "softmax"}))
    [message] = msgs(analyze(spec, num_classes=10), "dense_1")
    assert "7 values" in message and "10 classes" in message and "set units to 10" in message
    assert analyze(spec, num_classes=7).ok


def test_softmax_before_from_logits_loss():
    spec = net(("Flatten", {}), ("Dense", {"units": 10, "activation": "softmax"}))
    assert any("from_logits" in m for m in msgs(analyze(spec, 10, from_logits=True), "dense_1"))
    assert analyze(spec, 10, from_logits=False).ok


def test_conv_after_flatten_says_to_move_it():
    spec = net(("Flatten", {}), ("Conv2D", {}))
    [message] = msgs(analyze(spec), "conv2d_1")
    assert "needs an image" in message and "vector of 784" in message


def test_sobel_needs_three_by_three():
    spec = net(("Conv2D", {"fixed_kernel": "sobel_x", "kernel_size": (5, 5)}))
    assert any("3×3" in m for m in msgs(analyze(spec), "conv2d_1"))


def test_depth_counts_conv_and_dense_on_the_longest_path():
    spec = net(("Conv2D", {}), ("BatchNormalization", {}), ("MaxPooling2D", {}), ("Conv2D", {}),
               ("Flatten", {}), ("Dense", {}), ("Dropout", {}), ("Dense", {"units": 10}))
    assert analyze(spec).depth == 4


def test_memory_estimate_grows_with_batch_size():
    spec = net(("Conv2D", {}), ("Flatten", {}), ("Dense", {"units": 10}))
    a = analyze(spec)
    small, large = a.memory_estimate(32), a.memory_estimate(64)
    assert large["activations"] == 2 * small["activations"]
    assert small["weights"] == a.total_params * 4
    assert small["total"] == sum(v for k, v in small.items() if k != "total")


def test_explanation_fills_in_the_formula_280_params():
    """3×3×3 input and ten 3×3 kernels: (3·3·3 + 1)·10 = 280 parameters."""
    spec = net(("Conv2D", {"filters": 10, "padding": "valid"}), shape=(3, 3, 3))
    a = analyze(spec)
    lines = explain_node(spec, a, "conv2d_1")
    assert "Parameters: (k·k·c_in + 1)·c_out = (3·3·3 + 1)·10 = 280" in lines
    assert "Output height: ⌊(n + 2p − f)/s⌋ + 1 = ⌊(3 + 2·0 − 3)/1⌋ + 1 = 1" in lines


def test_explanation_of_same_padding_and_receptive_field():
    spec = net(("Conv2D", {"strides": (2, 2)}), ("Conv2D", {}))
    a = analyze(spec)
    lines = explain_node(spec, a, "conv2d_2")
    assert any(line.startswith("Output height: padding 'same'") and line.endswith("= 14  (= ⌈n/s⌉)")
               for line in lines), lines
    assert any("r = r_prev + (f − 1)·j_prev = 3 + (3 − 1)·2 = 7" in line for line in lines), lines
