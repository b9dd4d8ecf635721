"""Auto layout: layered top to bottom, no overlaps, branches side by side, fast and deterministic."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from playground.network import NetworkSpec, Node, chain
from playground.network.layout import X_SPACING, Y_SPACING, auto_layout, is_unplaced
from playground.network.spec import Edge
from playground.network.templates import make_template, template_names


def assert_tidy(spec: NetworkSpec) -> None:
    pos = {n.id: n.pos for n in spec.nodes}
    assert len(set(pos.values())) == len(pos), "two nodes share a position"
    for e in spec.edges:
        assert pos[e.dst][1] > pos[e.src][1], f"{e.src} -> {e.dst} does not point down"
    assert min(x for x, _ in pos.values()) == 0.0
    rows: dict[float, list[float]] = {}
    for x, y in pos.values():
        rows.setdefault(y, []).append(x)
    for xs in rows.values():
        xs.sort()
        assert all(b - a >= X_SPACING - 1e-6 for a, b in zip(xs, xs[1:])), "nodes overlap in a row"


def test_every_template_is_tidy():
    for name in template_names():
        assert_tidy(make_template(name))


def test_a_chain_is_one_straight_column():
    spec = make_template("lenet5")
    assert {n.pos[0] for n in spec.nodes} == {0.0}
    assert [n.pos[1] for n in spec.nodes] == [i * Y_SPACING for i in range(len(spec.nodes))]


def test_inception_branches_are_parallel_columns():
    spec = make_template("googlenet")
    x = {n.id: n.pos[0] for n in spec.nodes}
    y = {n.id: n.pos[1] for n in spec.nodes}
    block = "inception4a"
    branches = [
        [f"{block}_1x1"],
        [f"{block}_3x3_reduce", f"{block}_3x3"],
        [f"{block}_5x5_reduce", f"{block}_5x5"],
        [f"{block}_pool", f"{block}_pool_proj"],
    ]
    columns = []
    for branch in branches:
        assert len({x[nid] for nid in branch}) == 1, f"branch {branch} is not one column"
        columns.append(x[branch[0]])
    assert columns == sorted(columns) and len(set(columns)) == 4, "branches not side by side in order"
    heads = {y[b[0]] for b in branches}
    assert len(heads) == 1, "all four branches start on the same row"
    concat = f"{block}_concat"
    assert min(columns) < x[concat] < max(columns)


def test_residual_shortcut_sits_beside_the_main_path():
    spec = make_template("resnet50")
    x = {n.id: n.pos[0] for n in spec.nodes}
    main = [f"conv2_block2_{i}_{part}" for i in (1, 2, 3) for part in ("conv", "bn")]
    assert len({x[nid] for nid in main}) == 1
    # the identity shortcut runs straight down from the block input to the Add, clear of the
    # main path's nodes (half a node width is less than X_SPACING / 2)
    assert x["conv2_block1_out"] == x["conv2_block2_add"]
    assert abs(x[main[0]] - x["conv2_block2_add"]) >= X_SPACING / 2
    # a projection shortcut gets its own column
    assert x["conv3_block1_0_conv"] != x["conv3_block1_1_conv"]


def test_layout_is_deterministic_and_ignores_old_positions():
    a = make_template("googlenet")
    b = a.copy()
    for i, node in enumerate(b.nodes):
        node.pos = (float(-i * 37), float(i * 11))
    auto_layout(b)
    assert [n.pos for n in a.nodes] == [n.pos for n in b.nodes]


def test_resnet50_layout_is_fast():
    spec = make_template("resnet50")
    assert len(spec.nodes) > 170
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        auto_layout(spec)
        best = min(best, time.perf_counter() - t0)
    assert best < 0.05


def test_empty_spec_and_lonely_nodes():
    empty = NetworkSpec()
    auto_layout(empty)
    assert empty.nodes == []
    spec = chain([("Input", {}), ("Flatten", {})])
    spec.add_node("Dense")
    spec.add_node("Dense")
    auto_layout(spec)
    assert len({n.pos for n in spec.nodes}) == 4


def test_a_cycle_does_not_stop_the_layout():
    spec = chain([("Input", {}), ("Dense", {}), ("Dense", {}), ("Dense", {})])
    spec.connect("dense_3", "dense_1")
    auto_layout(spec)
    assert len({n.pos for n in spec.nodes}) == 4
    assert spec.node("dense_1").pos[1] > spec.node("input_1").pos[1]


@st.composite
def dags(draw):
    n = draw(st.integers(1, 25))
    pairs = [(i, j) for j in range(n) for i in range(j)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=40)) if pairs else []
    spec = NetworkSpec(nodes=[Node(f"n{i}", "Dense") for i in range(n)])
    spec.edges = [Edge(f"n{i}", f"n{j}") for i, j in chosen]
    return spec


@settings(max_examples=150, deadline=None)
@given(dags())
def test_any_dag_gets_a_tidy_layout(spec):
    auto_layout(spec)
    assert_tidy(spec)


def test_a_spec_whose_nodes_were_never_placed_is_told_apart():
    spec = chain([("Input", {"shape": (8, 8, 1)}), ("Flatten", {}), ("Dense", {"units": 10})])
    assert is_unplaced(spec)
    auto_layout(spec)
    assert not is_unplaced(spec)
    one = chain([("Input", {"shape": (8, 8, 1)})])
    assert not is_unplaced(one)  # a single node is where it should be
