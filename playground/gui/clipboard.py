"""Copy and paste of layers: the selected nodes with the edges among them, as JSON.

Pasted nodes get fresh ids and an offset so they land beside the originals.
"""

from __future__ import annotations

import copy
import json

from playground.network.spec import Edge, NetworkSpec, Node

MIME = "application/x-playground-layers"


def copy_nodes(spec: NetworkSpec, node_ids: list[str]) -> str:
    chosen = set(node_ids)
    part = NetworkSpec(name="clipboard")
    part.nodes = [copy.deepcopy(n) for n in spec.nodes if n.id in chosen]
    part.edges = [e for e in spec.edges if e.src in chosen and e.dst in chosen]
    return part.to_json()


def paste_nodes(spec: NetworkSpec, text: str, offset: tuple[float, float] = (40.0, 40.0)) -> tuple[list[Node], list[Edge]]:
    """Nodes and edges to add for clipboard ``text``; raises ValueError when it holds no layers."""
    try:
        part = NetworkSpec.from_json(text)
    except (ValueError, json.JSONDecodeError) as exc:
        raise ValueError(f"The clipboard holds no layers: {exc}") from None
    scratch = NetworkSpec(nodes=list(spec.nodes))
    renamed: dict[str, str] = {}
    nodes: list[Node] = []
    for node in part.nodes:
        new = Node(scratch.new_id(node.kind), node.kind, dict(node.params),
                   (node.pos[0] + offset[0], node.pos[1] + offset[1]))
        scratch.nodes.append(new)
        renamed[node.id] = new.id
        nodes.append(new)
    edges = [Edge(renamed[e.src], renamed[e.dst]) for e in part.edges if e.src in renamed and e.dst in renamed]
    return nodes, edges
