"""Spec <-> Keras: analysis (pure Python), model building, and later import/export.

Importing this package does not import Keras; ``build_model`` does, when called.
"""

from playground.engine.analysis import NetworkAnalysis, NodeInfo, analyze
from playground.engine.build import BuildError, build_model

__all__ = ["BuildError", "NetworkAnalysis", "NodeInfo", "analyze", "build_model"]
