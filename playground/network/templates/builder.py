"""A small helper that appends layers with readable ids, so templates read like the paper.

Each call adds one node and, unless told otherwise, wires it to the node added before it;
``after`` names one parent, or several in merge-input order for Add and Concatenate.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from playground.network.layout import auto_layout
from playground.network.spec import NetworkSpec

After = str | Sequence[str] | None


def pair(value: int | tuple[int, int]) -> tuple[int, int]:
    return (value, value) if isinstance(value, int) else tuple(value)


class NetBuilder:
    """Builds a spec from an Input named ``input``; ``last`` is the node added most recently."""

    def __init__(self, name: str, input_shape: tuple[int, ...]) -> None:
        self.spec = NetworkSpec(name=name)
        self.last = self.spec.add_node("Input", {"shape": tuple(input_shape)}, "input").id

    def add(self, kind: str, node_id: str, params: dict[str, Any] | None = None, after: After = None) -> str:
        node = self.spec.add_node(kind, params or {}, node_id)
        parents = [self.last] if after is None else [after] if isinstance(after, str) else list(after)
        for parent in parents:
            self.spec.connect(parent, node.id)
        self.last = node.id
        return node.id

    def conv(
        self,
        node_id: str,
        filters: int,
        kernel: int | tuple[int, int],
        strides: int = 1,
        padding: str = "same",
        activation: str = "relu",
        use_bias: bool = True,
        after: After = None,
    ) -> str:
        params = {
            "filters": filters, "kernel_size": pair(kernel), "strides": pair(strides),
            "padding": padding, "activation": activation, "use_bias": use_bias,
        }
        return self.add("Conv2D", node_id, params, after)

    def pool(
        self,
        node_id: str,
        size: int,
        strides: int | None = None,
        padding: str = "valid",
        kind: str = "MaxPooling2D",
        after: After = None,
    ) -> str:
        params = {"pool_size": pair(size), "strides": pair(size if strides is None else strides), "padding": padding}
        return self.add(kind, node_id, params, after)

    def dense(self, node_id: str, units: int, activation: str = "relu") -> str:
        return self.add("Dense", node_id, {"units": units, "activation": activation})

    def bn(self, node_id: str, epsilon: float = 1e-3, after: After = None) -> str:
        return self.add("BatchNormalization", node_id, {"epsilon": epsilon}, after)

    def act(self, node_id: str, activation: str = "relu", after: After = None) -> str:
        return self.add("Activation", node_id, {"activation": activation}, after)

    def classifier(self, num_classes: int) -> str:
        """The one output every template ends with: class probabilities."""
        return self.dense("predictions", num_classes, "softmax")

    def finish(self) -> NetworkSpec:
        auto_layout(self.spec)
        return self.spec


def halvings(input_shape: tuple[int, ...], floor: int, cap: int) -> int:
    """How many times the smaller spatial side can be halved (floor division) and stay >= floor."""
    side = min(input_shape[:2]) if len(input_shape) >= 3 else input_shape[0]
    count = 0
    while count < cap and side // 2 >= floor:
        side //= 2
        count += 1
    return count
