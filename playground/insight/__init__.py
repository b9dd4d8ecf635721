"""Numbers behind the pictures (kernels, feature maps, confusion matrix, saliency): numpy in, numpy out.

No Qt and no plotting here: every function returns arrays (or small dataclasses of arrays)
that a view draws. Keras is imported lazily, only inside functions that run a model, and
input gradients go through :mod:`playground.insight.gradients`, the one backend-specific
module, so everything else works on TensorFlow, JAX and PyTorch alike.
"""

from playground.insight.adversarial import FlipResult, fgsm, smallest_flipping_epsilon
from playground.insight.confusion import (
    ClassMetrics,
    confusion_matrix,
    examples_in_cell,
    per_class_metrics,
    worst_mistakes,
)
from playground.insight.feature_maps import activation_model, feature_grid, feature_maps, feature_mosaic
from playground.insight.filter_viz import FilterVisualization, visualize_filter, visualize_filters
from playground.insight.kernels import conv_layers, kernel_grid, kernel_mosaic, layer_kernel
from playground.insight.mosaic import Mosaic
from playground.insight.norms import (
    NormHistory,
    layer_norms,
    norm_series,
    vanishing_gradient_ratio,
    weight_norms,
)
from playground.insight.predict import Prediction, pad_to_input, prepare_image, top_k
from playground.insight.saliency import saliency_map

__all__ = [
    "ClassMetrics",
    "FilterVisualization",
    "FlipResult",
    "Mosaic",
    "NormHistory",
    "Prediction",
    "activation_model",
    "confusion_matrix",
    "conv_layers",
    "examples_in_cell",
    "feature_grid",
    "feature_maps",
    "feature_mosaic",
    "fgsm",
    "kernel_grid",
    "kernel_mosaic",
    "layer_kernel",
    "layer_norms",
    "norm_series",
    "pad_to_input",
    "per_class_metrics",
    "prepare_image",
    "saliency_map",
    "smallest_flipping_epsilon",
    "top_k",
    "vanishing_gradient_ratio",
    "visualize_filter",
    "visualize_filters",
    "weight_norms",
    "worst_mistakes",
]
