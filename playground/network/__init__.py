"""What a network is: the spec, the layer catalog, structural validation and templates.

Pure Python: this package imports neither Qt nor Keras, so it loads in milliseconds.
"""

from playground.network.catalog import LayerKind, all_kinds, get_kind, has_kind, kinds_by_category
from playground.network.params import ParamSpec
from playground.network.spec import SCHEMA_VERSION, Edge, NetworkSpec, Node, SpecError, chain
from playground.network.validate import Problem, validate

__all__ = [
    "SCHEMA_VERSION",
    "Edge",
    "LayerKind",
    "NetworkSpec",
    "Node",
    "ParamSpec",
    "Problem",
    "SpecError",
    "all_kinds",
    "chain",
    "get_kind",
    "has_kind",
    "kinds_by_category",
    "validate",
]
