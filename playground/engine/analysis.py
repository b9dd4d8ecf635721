"""Live analysis of a spec: shapes, parameters, work, receptive field, depth and problems.

Runs on every edit, so it is pure Python over the graph (no Keras import, no weights):
a ResNet-50-sized graph takes a few milliseconds. Keras remains the truth: tests compare
every number here with a real Keras build.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from playground.engine.layer_math import LAYER_MATH, WINDOW_KEYS, Context, Shape, ShapeProblem, fmt_shape
from playground.network.catalog import get_kind
from playground.network.spec import NetworkSpec
from playground.network.validate import Problem, validate

BYTES_PER_FLOAT = 4


@dataclass
class NodeInfo:
    """The numbers of one node. ``shape`` is None when an upstream problem hides it."""

    id: str
    kind: str
    shape: Shape | None = None
    trainable_params: int = 0
    non_trainable_params: int = 0
    macs: int = 0
    receptive_field: tuple[int, ...] | None = None
    jump: tuple[int, ...] | None = None
    counts_in_depth: bool = False
    downsamples: int = 0
    origin: Shape | None = None
    input_shapes: list[Shape] = field(default_factory=list)

    @property
    def params(self) -> int:
        return self.trainable_params + self.non_trainable_params


@dataclass
class NetworkAnalysis:
    """Per-node numbers in topological order plus the network's totals and problems."""

    nodes: dict[str, NodeInfo]
    order: list[str]
    problems: list[Problem]
    outputs: list[str]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def problems_of(self, node_id: str) -> list[Problem]:
        return [p for p in self.problems if p.node == node_id]

    @property
    def trainable_params(self) -> int:
        return sum(n.trainable_params for n in self.nodes.values())

    @property
    def non_trainable_params(self) -> int:
        return sum(n.non_trainable_params for n in self.nodes.values())

    @property
    def total_params(self) -> int:
        return self.trainable_params + self.non_trainable_params

    @property
    def macs(self) -> int:
        return sum(n.macs for n in self.nodes.values())

    @property
    def activation_elements(self) -> int:
        """Values each sample produces across all layers (what training must keep for backprop)."""
        return sum(math.prod(n.shape) for n in self.nodes.values() if n.shape is not None)

    @property
    def depth(self) -> int:
        """Conv and dense layers on the longest path (VGG-16 = 13 conv + 3 dense = 16)."""
        best: dict[str, int] = {}
        for nid in self.order:
            info = self.nodes[nid]
            before = max((best[s] for s in self._inputs.get(nid, []) if s in best), default=0)
            best[nid] = before + (1 if info.counts_in_depth else 0)
        return max(best.values(), default=0)

    _inputs: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def memory_estimate(self, batch_size: int, optimizer_slots: int = 2) -> dict[str, int]:
        """Bytes training needs: weights, gradients, optimizer slots (Adam keeps 2) and activations.

        Activations are counted twice (forward values kept for backprop plus their gradients).
        An estimate for refusing runs that cannot fit, not an exact figure.
        """
        weights = self.total_params * BYTES_PER_FLOAT
        gradients = self.trainable_params * BYTES_PER_FLOAT
        slots = self.trainable_params * BYTES_PER_FLOAT * optimizer_slots
        activations = 2 * self.activation_elements * BYTES_PER_FLOAT * batch_size
        return {
            "weights": weights,
            "gradients": gradients,
            "optimizer": slots,
            "activations": activations,
            "total": weights + gradients + slots + activations,
        }


def input_takes(want: Shape, have: Shape) -> bool:
    """Whether an Input of shape ``want`` can be fed samples of shape ``have``: the same shape, or
    the same values as a shorter shape (64×1 for 8×8×1), which the training feed reshapes. The one
    rule both this analysis and the training refusal (``training.feed.check_fit``) apply."""
    want, have = tuple(want), tuple(have)
    return want == have or (len(want) < len(have) and math.prod(want) == math.prod(have))


def analyze(spec: NetworkSpec, num_classes: int | None = None, from_logits: bool | None = None,
            data_shape: Shape | None = None, dataset: str | None = None) -> NetworkAnalysis:
    """Analyse ``spec``. With ``num_classes`` the output is checked against the data's classes;
    with ``from_logits`` the output activation is checked against the loss; with ``data_shape``
    (one sample of the ``dataset``; None when unknown) the Input is checked against the data."""
    problems = validate(spec)
    inputs = {n.id: [] for n in spec.nodes}
    for e in spec.edges:
        if e.dst in inputs and e.src in inputs:
            inputs[e.dst].append(e.src)
    try:
        order = spec.topological_order()
    except Exception:
        order = []
    broken = {p.node for p in problems if p.severity == "error" and p.node}
    nodes_by_id = {n.id: n for n in spec.nodes}
    infos: dict[str, NodeInfo] = {}

    for nid in order:
        node = nodes_by_id[nid]
        info = NodeInfo(nid, node.kind)
        infos[nid] = info
        if nid in broken:
            continue
        kind = get_kind(node.kind)
        info.counts_in_depth = kind.counts_in_depth
        if node.kind == "Input":
            shape = tuple(node.params["shape"])
            info.shape = shape
            info.receptive_field = (1,) * (len(shape) - 1)
            info.jump = (1,) * (len(shape) - 1)
            info.origin = shape[:-1]
            continue
        parents = [infos[s] for s in inputs[nid]]
        if any(p.shape is None for p in parents):
            continue
        info.input_shapes = [p.shape for p in parents]
        info.downsamples = max(p.downsamples for p in parents)
        info.origin = parents[0].origin
        try:
            result = LAYER_MATH[node.kind](node.params, info.input_shapes, Context(info.downsamples, info.origin))
        except ShapeProblem as exc:
            problems.append(Problem(nid, str(exc)))
            continue
        info.shape = result.shape
        info.trainable_params = result.trainable
        info.non_trainable_params = result.non_trainable
        info.macs = result.macs
        _receptive_field(info, node.params, parents, spec)
        problems.extend(_semantic_warnings(nid, node, info))

    analysis = NetworkAnalysis(infos, order, problems, spec.output_ids(), _inputs=inputs)
    problems.extend(_output_problems(spec, analysis, num_classes, from_logits))
    problems.extend(_input_problems(spec, analysis, data_shape, dataset))
    return analysis


def _input_problems(spec: NetworkSpec, analysis: NetworkAnalysis, data_shape: Shape | None,
                    dataset: str | None) -> list[Problem]:
    """The Input against the data's samples: caught while editing, not when Start is refused."""
    inputs = spec.input_nodes()
    if data_shape is None or len(inputs) != 1:
        return []
    info = analysis.nodes.get(inputs[0].id)
    if info is None or info.shape is None or input_takes(info.shape, data_shape):
        return []
    want, have = fmt_shape(info.shape), fmt_shape(tuple(data_shape))
    source = f"'{dataset}'" if dataset else "the dataset"
    return [Problem(info.id, f"expects {want} inputs but {source} has {have} images: set the Input shape "
                    f"to {have} (Choose dataset… sets it for you) or choose another dataset")]


def _receptive_field(info: NodeInfo, params: dict, parents: list[NodeInfo], spec: NetworkSpec) -> None:
    """Track receptive field size r and jump j: r' = r + (k_eff − 1)·j, j' = j·s."""
    fields = [p.receptive_field for p in parents if p.receptive_field is not None]
    jumps = [p.jump for p in parents if p.jump is not None]
    if not fields or info.shape is None:
        return
    rf = tuple(max(f[i] for f in fields) for i in range(len(fields[0])))
    jump = tuple(max(j[i] for j in jumps) for i in range(len(jumps[0])))
    keys = WINDOW_KEYS.get(info.kind)
    if keys:
        kernel, strides = params[keys[0]], params[keys[1]]
        dilation = params[keys[2]] if keys[2] else (1,) * len(kernel)
        rf = tuple(r + (d * (k - 1)) * j for r, k, d, j in zip(rf, kernel, dilation, jump))
        jump = tuple(j * s for j, s in zip(jump, strides))
        if max(strides) > 1:
            info.downsamples += 1
    elif info.kind == "Conv2DTranspose":
        jump = tuple(max(j // s, 1) for j, s in zip(jump, params["strides"]))
        rf = tuple(r + (k - 1) * j for r, k, j in zip(rf, params["kernel_size"], jump))
    elif len(info.shape) < len(parents[0].shape):  # flatten / global pooling: sees everything
        rf = None
        jump = None
    info.receptive_field = rf
    info.jump = jump


def _semantic_warnings(nid: str, node, info: NodeInfo) -> list[Problem]:
    problems = []
    if node.kind == "Dense" and len(info.input_shapes[0]) > 1:
        problems.append(
            Problem(
                nid,
                f"Dense receives a {fmt_shape(info.input_shapes[0])} tensor and is applied at every "
                "position separately: put Flatten or global pooling before it to classify the whole image",
                "warning",
            )
        )
    fixed = node.params.get("fixed_kernel", "learned")
    if fixed in ("sobel_x", "sobel_y", "laplacian") and tuple(node.params["kernel_size"]) != (3, 3):
        problems.append(
            Problem(nid, f"the {fixed} kernel is 3×3: set kernel_size to 3×3, or choose Gaussian blur")
        )
    return problems


def _output_problems(spec: NetworkSpec, analysis: NetworkAnalysis, num_classes: int | None,
                     from_logits: bool | None) -> list[Problem]:
    problems: list[Problem] = []
    outputs = analysis.outputs
    if len(outputs) > 1:
        problems.append(
            Problem(None, f"The network has {len(outputs)} outputs ({', '.join(outputs)}); training uses "
                    "one: connect the extra ones onward or delete them", "warning")
        )
    for oid in outputs:
        info = analysis.nodes.get(oid)
        if info is None or info.shape is None:
            continue
        if num_classes is not None and len(info.shape) > 1:
            problems.append(
                Problem(oid, f"outputs {fmt_shape(info.shape)}, not one score per class: add Flatten or "
                        "global pooling before the last Dense")
            )
        elif num_classes is not None and info.shape[-1] != num_classes and not (
                info.shape[-1] == 1 and num_classes == 2):  # one sigmoid unit for two classes trains
            problems.append(
                Problem(oid, f"outputs {info.shape[-1]} values but the data has {num_classes} classes: "
                        f"set units to {num_classes}")
            )
        activation = _output_activation(spec, oid)
        if from_logits and activation == "softmax":
            problems.append(
                Problem(oid, "ends in softmax but the loss expects raw scores (from_logits): set the "
                        "activation to linear or turn from_logits off")
            )
    return problems


def _output_activation(spec: NetworkSpec, node_id: str) -> str | None:
    """The activation that produces the output, looking through dropout and the like."""
    node = spec.node(node_id)
    while node.kind in ("Dropout", "GaussianNoise") and spec.inputs_of(node.id):
        node = spec.node(spec.inputs_of(node.id)[0])
    return node.params.get("activation")
