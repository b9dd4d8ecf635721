"""Automatic top-to-bottom layout of a spec, so templates and imported models arrive tidy.

A small Sugiyama-style layered drawing:

1. layers: a node's layer is its longest path from a source, so every edge points downward;
2. an edge that skips layers gets one placeholder per skipped layer. Placeholders take a slot
   like a node does, which keeps a ResNet shortcut or an inception branch beside the main path
   instead of running straight through the nodes it skips;
3. order within a layer: barycentre of the parents' slots, ties broken by insertion order, so
   parallel branches keep the order in which they were added (the merge's input order);
4. x: each slot wants to sit at the mean x of its parents (a chain stays a straight column);
   slots that would overlap are pushed apart, as little as possible, by pooling adjacent
   violators. The result is shifted so that the leftmost node sits at x = 0.

Positions are node centres in scene pixels; the spacing fits the canvas's 230×76 node box.
Linear in nodes plus placeholders: ResNet-50 takes a few milliseconds.
"""

from __future__ import annotations

from collections import deque

from playground.network.spec import NetworkSpec

X_SPACING = 280.0  # node width 230 + a gap that leaves room for an edge between two columns
Y_SPACING = 120.0  # node height 76 + room for arrow heads

# A slot is a node id (str) or a placeholder (edge index, layer) for an edge skipping layers.
Slot = str | tuple[int, int]


def is_unplaced(spec: NetworkSpec) -> bool:
    """True when every node sits at one point: a project written by hand or by code (``chain``)
    that never placed its nodes, which would open as one pile of boxes."""
    return len(spec.nodes) > 1 and len({n.pos for n in spec.nodes}) == 1


def auto_layout(spec: NetworkSpec) -> None:
    """Set every node's ``pos`` for a layered top-to-bottom drawing; deterministic."""
    if not spec.nodes:
        return
    ids = [n.id for n in spec.nodes]
    rank = {nid: i for i, nid in enumerate(ids)}
    edges = [(e.src, e.dst) for e in spec.edges if e.src in rank and e.dst in rank and e.src != e.dst]
    layer = _layers(ids, edges)
    edges = [(s, d) for s, d in edges if layer[d] > layer[s]]  # drop back edges of a cycle

    layers, parents, tiebreak = _slots(ids, edges, layer, rank)
    xs = _place(layers, parents, tiebreak)
    shift = min(xs[nid] for nid in ids)  # placeholders may sit further left; they are not drawn
    for node in spec.nodes:
        node.pos = (xs[node.id] - shift, layer[node.id] * Y_SPACING)


def _layers(ids: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Longest path from a source; nodes on a cycle go below their already placed parents."""
    children: dict[str, list[str]] = {nid: [] for nid in ids}
    indegree = dict.fromkeys(ids, 0)
    for src, dst in edges:
        children[src].append(dst)
        indegree[dst] += 1
    layer = dict.fromkeys(ids, 0)
    ready = deque(nid for nid in ids if indegree[nid] == 0)
    done: set[str] = set()
    while True:
        while ready:
            nid = ready.popleft()
            done.add(nid)
            for child in children[nid]:
                layer[child] = max(layer[child], layer[nid] + 1)
                indegree[child] -= 1
                if indegree[child] == 0:
                    ready.append(child)
        stuck = [nid for nid in ids if nid not in done]
        if not stuck:
            return layer
        ready.append(stuck[0])  # break a cycle at its first node in spec order
        indegree[stuck[0]] = 0


def _slots(
    ids: list[str], edges: list[tuple[str, str]], layer: dict[str, int], rank: dict[str, int]
) -> tuple[list[list[Slot]], dict[Slot, list[Slot]], dict[Slot, float]]:
    """Slots per layer (nodes and placeholders), each slot's parent slots, and a tie-break key."""
    depth = max(layer.values()) + 1
    layers: list[list[Slot]] = [[] for _ in range(depth)]
    for nid in ids:
        layers[layer[nid]].append(nid)
    parents: dict[Slot, list[Slot]] = {nid: [] for nid in ids}
    tiebreak: dict[Slot, float] = {nid: float(rank[nid]) for nid in ids}
    for i, (src, dst) in enumerate(edges):
        prev: Slot = src
        for k in range(layer[src] + 1, layer[dst]):
            slot: Slot = (i, k)
            layers[k].append(slot)
            parents[slot] = [prev]
            # a placeholder sorts with its destination: a skip lands beside the branch it joins
            tiebreak[slot] = rank[dst] - 0.5
            prev = slot
        parents[dst].append(prev)
    return layers, parents, tiebreak


def _place(
    layers: list[list[Slot]], parents: dict[Slot, list[Slot]], tiebreak: dict[Slot, float]
) -> dict[Slot, float]:
    """Order each layer by parent barycentre, then give every slot an x without overlaps."""
    index: dict[Slot, int] = {}
    x: dict[Slot, float] = {}
    for slots in layers:

        def bary(slot: Slot) -> float:
            ps = parents[slot]
            return sum(index[p] for p in ps) / len(ps) if ps else -1.0

        slots.sort(key=lambda s: (bary(s), tiebreak[s]))
        for i, slot in enumerate(slots):
            index[slot] = i
        n = len(slots)
        wanted = [
            sum(x[p] for p in parents[s]) / len(parents[s]) if parents[s] else (i - (n - 1) / 2) * X_SPACING
            for i, s in enumerate(slots)
        ]
        for slot, value in zip(slots, _spread(wanted), strict=True):
            x[slot] = value
    return x


def _spread(wanted: list[float]) -> list[float]:
    """Positions closest (least squares) to ``wanted`` with neighbours at least X_SPACING apart.

    Subtracting i·X_SPACING turns it into an isotonic regression, solved by pooling adjacent
    violators: each block of touching slots sits at the mean of what its members want.
    """
    blocks: list[list[float]] = []  # [sum of targets, count]
    for i, w in enumerate(wanted):
        blocks.append([w - i * X_SPACING, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    out: list[float] = []
    for total, count in blocks:
        out.extend([total / count] * int(count))
    return [v + i * X_SPACING for i, v in enumerate(out)]
