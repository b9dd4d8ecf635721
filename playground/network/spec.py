"""The network spec: nodes and edges, the single description of a network.

The canvas draws it, the engine builds from it, code generation prints it and the importer
produces it. It is plain data (JSON with a schema version) and holds no Keras or Qt objects.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from playground.network.catalog import get_kind, has_kind

SCHEMA_VERSION = 1

_ID_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class SpecError(ValueError):
    """A spec that cannot even be read: broken JSON, wrong structure, newer schema."""


@dataclass
class Node:
    """One node: a layer kind, its parameters and where it sits on the canvas."""

    id: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    pos: tuple[float, float] = (0.0, 0.0)

    def to_dict(self) -> dict:
        params = {k: list(v) if isinstance(v, tuple) else v for k, v in self.params.items()}
        return {"id": self.id, "kind": self.kind, "params": params, "pos": [self.pos[0], self.pos[1]]}


@dataclass(frozen=True)
class Edge:
    """Data flows from ``src`` to ``dst``. Edge order fixes a merge node's input order."""

    src: str
    dst: str

    def to_dict(self) -> dict:
        return {"from": self.src, "to": self.dst}


@dataclass
class NetworkSpec:
    """A network: nodes in insertion order plus the edges between them."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    name: str = "network"

    # -- queries -------------------------------------------------------------------------------

    def node(self, node_id: str) -> Node:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(f"No node with id {node_id!r}")

    def has_node(self, node_id: str) -> bool:
        return any(n.id == node_id for n in self.nodes)

    def inputs_of(self, node_id: str) -> list[str]:
        return [e.src for e in self.edges if e.dst == node_id]

    def consumers_of(self, node_id: str) -> list[str]:
        return [e.dst for e in self.edges if e.src == node_id]

    def input_nodes(self) -> list[Node]:
        return [n for n in self.nodes if n.kind == "Input"]

    def output_ids(self) -> list[str]:
        """Outputs are the non-Input nodes that feed nothing, in node order."""
        sources = {e.src for e in self.edges}
        return [n.id for n in self.nodes if n.id not in sources and n.kind != "Input"]

    def topological_order(self) -> list[str]:
        """Node ids so that every edge points forward; raises SpecError on a cycle."""
        indegree = {n.id: 0 for n in self.nodes}
        children: dict[str, list[str]] = {n.id: [] for n in self.nodes}
        for e in self.edges:
            if e.src in indegree and e.dst in indegree:
                indegree[e.dst] += 1
                children[e.src].append(e.dst)
        ready = [nid for nid, d in indegree.items() if d == 0]
        order: list[str] = []
        while ready:
            nid = ready.pop(0)
            order.append(nid)
            for child in children[nid]:
                indegree[child] -= 1
                if indegree[child] == 0:
                    ready.append(child)
        if len(order) != len(self.nodes):
            stuck = [nid for nid, d in indegree.items() if d > 0]
            raise SpecError(f"The network has a cycle through: {', '.join(stuck)}")
        return order

    # -- edits (used by templates, importers and the editor's undo commands) -----------------

    def new_id(self, kind: str) -> str:
        """A fresh readable id such as ``conv2d_3``."""
        base = re.sub(r"(?<!^)(?=[A-Z][a-z])", "_", kind).lower().replace("2_d", "2d").replace(
            "1_d", "1d"
        )
        taken = {n.id for n in self.nodes}
        i = 1
        while f"{base}_{i}" in taken:
            i += 1
        return f"{base}_{i}"

    def add_node(
        self,
        kind: str,
        params: dict[str, Any] | None = None,
        node_id: str | None = None,
        pos: tuple[float, float] = (0.0, 0.0),
    ) -> Node:
        """Add a node of ``kind`` with defaults overridden by ``params``."""
        kind_def = get_kind(kind)
        values = kind_def.defaults()
        for key, value in (params or {}).items():
            spec = kind_def.param(key)
            values[key] = spec.coerce(value)
        node = Node(node_id or self.new_id(kind), kind, values, pos)
        if self.has_node(node.id):
            raise ValueError(f"A node with id {node.id!r} already exists")
        self.nodes.append(node)
        return node

    def connect(self, src: str, dst: str) -> Edge:
        edge = Edge(src, dst)
        if edge in self.edges:
            raise ValueError(f"{src} is already connected to {dst}")
        self.edges.append(edge)
        return edge

    def remove_node(self, node_id: str) -> None:
        self.nodes = [n for n in self.nodes if n.id != node_id]
        self.edges = [e for e in self.edges if node_id not in (e.src, e.dst)]

    def copy(self) -> NetworkSpec:
        return copy.deepcopy(self)

    # -- serialisation -------------------------------------------------------------------------

    def to_dict(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "name": self.name,
            "nodes": [n.to_dict() for n in self.nodes],
            "edges": [e.to_dict() for e in self.edges],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_dict(cls, data: Any) -> NetworkSpec:
        """Read a spec dict of any known schema version, migrating it to the current one.

        Structure errors raise SpecError; parameter values are kept as given so that
        ``validate`` can report them per node.
        """
        if not isinstance(data, dict):
            raise SpecError("A network must be a JSON object with 'nodes' and 'edges'")
        data = migrate(data)
        nodes_raw = data.get("nodes")
        edges_raw = data.get("edges", [])
        if not isinstance(nodes_raw, list) or not isinstance(edges_raw, list):
            raise SpecError("A network needs a list of 'nodes' and a list of 'edges'")
        spec = cls(name=str(data.get("name", "network")))
        seen: set[str] = set()
        for i, raw in enumerate(nodes_raw):
            if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or "kind" not in raw:
                raise SpecError(f"Node #{i + 1} needs an 'id' (text) and a 'kind'")
            node_id = raw["id"]
            if not _ID_PATTERN.match(node_id):
                raise SpecError(
                    f"Node id {node_id!r} must start with a letter and hold only letters, digits and _"
                )
            if node_id in seen:
                raise SpecError(f"Two nodes share the id {node_id!r}; give each node its own id")
            seen.add(node_id)
            params = raw.get("params", {})
            if not isinstance(params, dict):
                raise SpecError(f"Node {node_id!r}: 'params' must be an object")
            kind = str(raw["kind"])
            if has_kind(kind):
                kind_def = get_kind(kind)
                values = kind_def.defaults()
                for key, value in params.items():
                    values[key] = kind_def.param(key).coerce(value) if _known(kind_def, key) else value
            else:
                values = dict(params)
            pos = raw.get("pos", [0.0, 0.0])
            try:
                pos_t = (float(pos[0]), float(pos[1]))
            except (TypeError, ValueError, IndexError):
                pos_t = (0.0, 0.0)
            spec.nodes.append(Node(node_id, kind, values, pos_t))
        for i, raw in enumerate(edges_raw):
            if not isinstance(raw, dict) or not isinstance(raw.get("from"), str) or not isinstance(
                raw.get("to"), str
            ):
                raise SpecError(f"Edge #{i + 1} needs 'from' and 'to' node ids")
            spec.edges.append(Edge(raw["from"], raw["to"]))
        return spec

    @classmethod
    def from_json(cls, text: str) -> NetworkSpec:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecError(f"Not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None
        return cls.from_dict(data)


def _known(kind_def, key: str) -> bool:
    return any(p.name == key for p in kind_def.params)


# -- schema migrations -------------------------------------------------------------------------

# MIGRATIONS[v] turns a version-v dict into a version-(v+1) dict. Add one per schema change.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


def _migrate_0_to_1(data: dict) -> dict:
    """Version 0 (unversioned drafts) stored edges as [src, dst] pairs."""
    data = dict(data)
    data["edges"] = [
        {"from": e[0], "to": e[1]} if isinstance(e, (list, tuple)) and len(e) == 2 else e
        for e in data.get("edges", [])
    ]
    return data


MIGRATIONS[0] = _migrate_0_to_1


def migrate(data: dict) -> dict:
    """Bring a spec dict up to SCHEMA_VERSION through the registered migrations."""
    version = data.get("schema_version", 0)
    if not isinstance(version, int) or version < 0:
        raise SpecError(f"'schema_version' must be a whole number; got {version!r}")
    if version > SCHEMA_VERSION:
        raise SpecError(
            f"This network was saved by a newer Keras Playground (schema {version}; this one reads "
            f"up to {SCHEMA_VERSION}). Update the app to open it."
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    data["schema_version"] = SCHEMA_VERSION
    return data


def chain(kinds: Iterable[tuple[str, dict[str, Any]]], name: str = "network") -> NetworkSpec:
    """Build a sequential spec from (kind, params) pairs; the first must be an Input."""
    spec = NetworkSpec(name=name)
    prev: str | None = None
    for kind, params in kinds:
        node = spec.add_node(kind, params)
        if prev is not None:
            spec.connect(prev, node.id)
        prev = node.id
    return spec
