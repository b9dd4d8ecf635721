"""Structural checks of a spec: each problem names its node and says what to change.

Shape problems (a kernel bigger than its input, mismatched merges) need the analysis in
``playground.engine.analysis``; this module checks only what the graph itself says.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.network.catalog import get_kind, has_kind
from playground.network.spec import NetworkSpec, SpecError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the network. ``node`` is None for network-wide problems."""

    node: str | None
    message: str
    severity: str = "error"  # "error" blocks building and training; "warning" does not

    def __str__(self) -> str:
        where = f"{self.node}: " if self.node else ""
        return f"{where}{self.message}"


def validate(spec: NetworkSpec) -> list[Problem]:
    """Every structural problem of ``spec``; an empty list means it can be analysed and built."""
    problems: list[Problem] = []
    ids = {n.id for n in spec.nodes}

    for e in spec.edges:
        for end in (e.src, e.dst):
            if end not in ids:
                problems.append(
                    Problem(None, f"An edge points to node '{end}', which does not exist: delete the edge")
                )
        if e.src == e.dst:
            problems.append(Problem(e.src, "is connected to itself: delete that edge"))
    if len(set(spec.edges)) != len(spec.edges):
        problems.append(Problem(None, "Two edges connect the same pair of nodes: delete one"))

    if not spec.input_nodes():
        problems.append(Problem(None, "The network has no Input node: add one at the top"))

    for node in spec.nodes:
        problems.extend(_check_node(spec, node))

    try:
        spec.topological_order()
    except SpecError as exc:
        problems.append(Problem(None, f"{exc}: data must flow one way; delete an edge of the loop"))
        return problems

    reachable = _reachable_from_inputs(spec)
    for node in spec.nodes:
        if node.kind != "Input" and node.id not in reachable and spec.inputs_of(node.id):
            problems.append(
                Problem(node.id, "is not fed by any Input: connect it to the network or delete it")
            )
    if spec.nodes and not spec.output_ids():
        problems.append(Problem(None, "The network has no output: every node feeds another"))
    return problems


def errors(spec: NetworkSpec) -> list[Problem]:
    return [p for p in validate(spec) if p.severity == "error"]


def _check_node(spec: NetworkSpec, node) -> list[Problem]:
    if not has_kind(node.kind):
        return [Problem(node.id, f"has unknown kind '{node.kind}': replace it with a layer from the palette")]
    kind = get_kind(node.kind)
    problems: list[Problem] = []
    known = {p.name for p in kind.params}
    for name in node.params:
        if name not in known:
            problems.append(
                Problem(node.id, f"{kind.label} has no parameter '{name}': remove it "
                        f"(it takes {', '.join(sorted(known)) or 'no parameters'})")
            )
    for p in kind.params:
        if p.name not in node.params:
            continue
        message = p.check(node.params[p.name])
        if message:
            problems.append(Problem(node.id, message))

    n_in = len(spec.inputs_of(node.id))
    if kind.key == "Input":
        if n_in:
            problems.append(Problem(node.id, "is an Input and cannot receive edges: delete its incoming edges"))
    elif n_in == 0:
        problems.append(
            Problem(node.id, "has no input (dangling): connect a layer into it, or delete it")
        )
    elif kind.is_merge and n_in < 2:
        problems.append(Problem(node.id, f"{kind.label} joins branches: connect at least two inputs"))
    elif not kind.is_merge and n_in > 1:
        problems.append(
            Problem(
                node.id,
                f"{kind.label} takes one input but has {n_in}: join the branches with an Add or "
                "Concatenate node first",
            )
        )
    return problems


def _reachable_from_inputs(spec: NetworkSpec) -> set[str]:
    seen = {n.id for n in spec.input_nodes()}
    frontier = list(seen)
    while frontier:
        nid = frontier.pop()
        for child in spec.consumers_of(nid):
            if child not in seen:
                seen.add(child)
                frontier.append(child)
    return seen
