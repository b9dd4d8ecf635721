"""The layer catalog: every kind of node the app offers, keyed by a stable name.

Keys are the Keras class names, and never change once released: project files store them.
Each kind carries its parameters and a plain-language explanation for the learner's tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from playground.network.params import ParamSpec

ACTIVATIONS = ("relu", "sigmoid", "tanh", "softmax", "linear", "gelu", "elu", "leaky_relu", "swish")
FIXED_KERNELS = ("learned", "sobel_x", "sobel_y", "laplacian", "gaussian")

CATEGORIES = (
    "input",
    "convolution",
    "pooling",
    "core",
    "normalisation",
    "regularisation",
    "activation",
    "merge",
)


@dataclass(frozen=True)
class LayerKind:
    """What a node of this kind is, which parameters it takes, and how it joins the graph.

    ``rank`` is the input rank the kind accepts, counted without the batch axis:
    3 for images (H, W, C), 2 for sequences (L, C), None for any rank.
    ``counts_in_depth`` follows the convention that conv and dense layers make a network deep.
    """

    key: str
    label: str
    category: str
    explanation: str
    params: tuple[ParamSpec, ...] = ()
    rank: int | None = None
    is_merge: bool = False
    counts_in_depth: bool = False

    def param(self, name: str) -> ParamSpec:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(f"Layer kind '{self.key}' has no parameter '{name}'")

    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params}

    @property
    def max_inputs(self) -> int | None:
        """How many incoming edges the kind takes: none for Input, many for merges, else one."""
        if self.key == "Input":
            return 0
        return None if self.is_merge else 1


_REGISTRY: dict[str, LayerKind] = {}


def register(kind: LayerKind) -> LayerKind:
    if kind.key in _REGISTRY:
        raise ValueError(f"Layer kind registered twice. Received: key={kind.key!r}")
    if kind.category not in CATEGORIES:
        raise ValueError(f"Unknown category for '{kind.key}'. Received: category={kind.category!r}")
    _REGISTRY[kind.key] = kind
    return kind


def get_kind(key: str) -> LayerKind:
    """Return the kind for ``key``; KeyError with the known keys when there is none."""
    try:
        return _REGISTRY[key]
    except KeyError:
        raise KeyError(f"Unknown layer kind {key!r}. Known kinds: {', '.join(sorted(_REGISTRY))}") from None


def has_kind(key: str) -> bool:
    return key in _REGISTRY


def all_kinds() -> tuple[LayerKind, ...]:
    """All kinds in palette order (by category, then registration order)."""
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return tuple(sorted(_REGISTRY.values(), key=lambda k: order[k.category]))


def kinds_by_category() -> MappingProxyType:
    groups: dict[str, list[LayerKind]] = {c: [] for c in CATEGORIES}
    for kind in all_kinds():
        groups[kind.category].append(kind)
    return MappingProxyType({c: tuple(v) for c, v in groups.items()})


# ---------------------------------------------------------------------------------------------
# Parameter building blocks shared by several kinds.


def _activation(default: str = "relu") -> ParamSpec:
    return ParamSpec(
        "activation",
        "choice",
        default,
        "Function applied to every output value; ReLU is the usual choice, softmax for class scores.",
        choices=ACTIVATIONS,
    )


def _filters(default: int = 16) -> ParamSpec:
    return ParamSpec(
        "filters", "int", default, "How many kernels, i.e. output channels.", minimum=1, maximum=8192
    )


def _window(name: str, n: int, default: int, help_text: str, minimum: int = 1) -> ParamSpec:
    return ParamSpec(name, "ints", (default,) * n, help_text, minimum=minimum, maximum=64, length=n)


def _kernel(n: int, default: int = 3) -> ParamSpec:
    return _window("kernel_size", n, default, "Height and width of each kernel window.")


def _strides(n: int, default: int = 1) -> ParamSpec:
    return _window("strides", n, default, "Step between window positions; 2 halves the output size.")


def _dilation(n: int) -> ParamSpec:
    return _window("dilation_rate", n, 1, "Gap between kernel taps; widens the view at no extra cost.")


def _padding(causal: bool = False) -> ParamSpec:
    choices = ("valid", "same", "causal") if causal else ("valid", "same")
    return ParamSpec(
        "padding",
        "choice",
        "same",
        "'same' pads the border so stride 1 keeps the size; 'valid' uses only full windows.",
        choices=choices,
    )


_USE_BIAS = ParamSpec("use_bias", "bool", True, "Add a learned constant to every output channel.")
_DEPTH_MULT = ParamSpec(
    "depth_multiplier", "int", 1, "Output channels per input channel.", minimum=1, maximum=64
)
_NO_PARAMS: tuple[ParamSpec, ...] = ()

# ---------------------------------------------------------------------------------------------
# The kinds.

register(
    LayerKind(
        "Input",
        "Input",
        "input",
        "Where the data enters: height × width × channels for images, or length × channels for "
        "sequences. Every network starts here.",
        (
            ParamSpec(
                "shape",
                "ints",
                (28, 28, 1),
                "Size of one sample without the batch: H, W, C for images or L, C for sequences.",
                minimum=1,
                maximum=4096,
                min_length=2,
                max_length=3,
            ),
        ),
    )
)

register(
    LayerKind(
        "Conv2D",
        "Conv 2D",
        "convolution",
        "Slides small kernels over the image; each kernel computes a dot product with the patch "
        "under it, so it lights up wherever its pattern (an edge, a blob) appears. Weights are "
        "shared across positions, which keeps parameters few.",
        (
            _filters(),
            _kernel(2),
            _strides(2),
            _padding(),
            _dilation(2),
            _activation(),
            _USE_BIAS,
            ParamSpec(
                "fixed_kernel",
                "choice",
                "learned",
                "Start every kernel as a classic filter (Sobel edges, Laplacian, Gaussian blur) "
                "instead of random values.",
                choices=FIXED_KERNELS,
                labels={
                    "learned": "Learned",
                    "sobel_x": "Sobel-x (vertical edges)",
                    "sobel_y": "Sobel-y (horizontal edges)",
                    "laplacian": "Laplacian",
                    "gaussian": "Gaussian blur",
                },
            ),
            ParamSpec(
                "trainable", "bool", True, "Let training change the weights; off freezes them."
            ),
        ),
        rank=3,
        counts_in_depth=True,
    )
)

register(
    LayerKind(
        "Conv1D",
        "Conv 1D",
        "convolution",
        "A convolution along one axis (time or position): each kernel slides along the sequence "
        "and responds where its pattern occurs.",
        (
            _filters(),
            _kernel(1),
            _strides(1),
            _padding(causal=True),
            _dilation(1),
            _activation(),
            _USE_BIAS,
        ),
        rank=2,
        counts_in_depth=True,
    )
)

register(
    LayerKind(
        "SeparableConv2D",
        "Separable conv 2D",
        "convolution",
        "A depthwise convolution (one kernel per channel) followed by a 1×1 convolution that mixes "
        "channels: nearly the same power as Conv2D at a fraction of the parameters and cost.",
        (_filters(), _kernel(2), _strides(2), _padding(), _DEPTH_MULT, _activation(), _USE_BIAS),
        rank=3,
        counts_in_depth=True,
    )
)

register(
    LayerKind(
        "DepthwiseConv2D",
        "Depthwise conv 2D",
        "convolution",
        "One kernel per input channel, with no mixing between channels: it finds spatial patterns "
        "within each channel separately.",
        (_kernel(2), _strides(2), _padding(), _DEPTH_MULT, _activation(), _USE_BIAS),
        rank=3,
        counts_in_depth=True,
    )
)

register(
    LayerKind(
        "Conv2DTranspose",
        "Transposed conv 2D",
        "convolution",
        "The reverse of a strided convolution: it spreads every input value over a kernel-sized "
        "patch, so stride 2 doubles the height and width. Used to upsample.",
        (_filters(), _kernel(2), _strides(2), _padding(), _activation(), _USE_BIAS),
        rank=3,
        counts_in_depth=True,
    )
)


def _pool(key: str, label: str, n: int, explanation: str) -> LayerKind:
    return LayerKind(
        key,
        label,
        "pooling",
        explanation,
        (
            _window("pool_size", n, 2, "Size of the window summarised into one value."),
            _window("strides", n, 2, "Step between windows; usually equal to the pool size."),
            ParamSpec(
                "padding",
                "choice",
                "valid",
                "'valid' drops incomplete windows at the border; 'same' pads so none is lost.",
                choices=("valid", "same"),
            ),
        ),
        rank=n + 1,
    )


_MAX = (
    "Keeps the largest value in each window: the output says whether a feature was present "
    "nearby, not exactly where, which makes the network tolerant of small shifts and shrinks the map."
)
_AVG = "Keeps the mean of each window: a smooth way to shrink the feature map (LeNet used it)."
register(_pool("MaxPooling2D", "Max pool 2D", 2, _MAX))
register(_pool("AveragePooling2D", "Average pool 2D", 2, _AVG))
register(_pool("MaxPooling1D", "Max pool 1D", 1, _MAX))
register(_pool("AveragePooling1D", "Average pool 1D", 1, _AVG))

_GAP = (
    "Averages each channel over all positions into one number: turns a feature map into a vector "
    "without any parameters (NiN, GoogLeNet and ResNet end this way instead of a huge dense layer)."
)
_GMP = "Takes each channel's maximum over all positions: did this feature appear anywhere?"
register(LayerKind("GlobalAveragePooling2D", "Global average pool 2D", "pooling", _GAP, rank=3))
register(LayerKind("GlobalMaxPooling2D", "Global max pool 2D", "pooling", _GMP, rank=3))
register(LayerKind("GlobalAveragePooling1D", "Global average pool 1D", "pooling", _GAP, rank=2))
register(LayerKind("GlobalMaxPooling1D", "Global max pool 1D", "pooling", _GMP, rank=2))

register(
    LayerKind(
        "Flatten",
        "Flatten",
        "core",
        "Lays a feature map out as one long vector so dense layers can read it. Every position "
        "becomes its own input, so the next dense layer gets many weights.",
    )
)

register(
    LayerKind(
        "Dense",
        "Dense",
        "core",
        "Every output is a weighted sum of every input plus a bias: the classic fully connected "
        "layer. The last one usually has one unit per class with softmax.",
        (
            ParamSpec("units", "int", 64, "How many outputs (neurons).", minimum=1, maximum=1_000_000),
            _activation(),
            _USE_BIAS,
        ),
        counts_in_depth=True,
    )
)

register(
    LayerKind(
        "ZeroPadding2D",
        "Zero padding 2D",
        "core",
        "Adds rows and columns of zeros around the image, so the next layer can look at the border.",
        (
            ParamSpec(
                "padding", "ints", (1, 1), "Rows (top and bottom) and columns (left and right) to add.",
                minimum=0, maximum=64, length=2,
            ),
        ),
        rank=3,
    )
)

register(
    LayerKind(
        "Rescaling",
        "Rescaling",
        "core",
        "Multiplies every value by a scale and adds an offset, e.g. 1/255 to bring pixels to 0..1.",
        (
            ParamSpec("scale", "float", 1.0, "Multiply every input by this."),
            ParamSpec("offset", "float", 0.0, "Then add this."),
        ),
    )
)

register(
    LayerKind(
        "Dropout",
        "Dropout",
        "regularisation",
        "During training, zeroes a random fraction of values at every step so the network cannot "
        "rely on any single unit: a cure for overfitting. Does nothing at prediction time.",
        (
            ParamSpec(
                "rate", "float", 0.5, "Fraction of values dropped while training.",
                minimum=0.0, maximum=1.0, exclusive_maximum=True,
            ),
        ),
    )
)

register(
    LayerKind(
        "SpatialDropout2D",
        "Spatial dropout 2D",
        "regularisation",
        "Dropout for feature maps: drops whole channels at a time, because neighbouring pixels are "
        "too alike for single-value dropout to help.",
        (
            ParamSpec(
                "rate", "float", 0.2, "Fraction of channels dropped while training.",
                minimum=0.0, maximum=1.0, exclusive_maximum=True,
            ),
        ),
        rank=3,
    )
)

register(
    LayerKind(
        "GaussianNoise",
        "Gaussian noise",
        "regularisation",
        "Adds random noise to its input during training only, so the network learns to ignore "
        "small perturbations.",
        (ParamSpec("stddev", "float", 0.1, "Standard deviation of the noise.", minimum=0.0),),
    )
)

register(
    LayerKind(
        "BatchNormalization",
        "Batch norm",
        "normalisation",
        "Rescales each channel to zero mean and unit variance over the batch, then applies a "
        "learned scale and shift. Lets deep networks train faster with larger learning rates.",
        (
            ParamSpec(
                "momentum", "float", 0.99, "How slowly the running mean and variance follow the batches.",
                minimum=0.0, maximum=1.0, exclusive_maximum=True,
            ),
            ParamSpec("epsilon", "float", 1e-3, "Small number that avoids division by zero.", minimum=1e-12),
        ),
    )
)

register(
    LayerKind(
        "LayerNormalization",
        "Layer norm",
        "normalisation",
        "Normalises the values of each sample (not across the batch), then applies a learned "
        "scale and shift; independent of batch size.",
        (ParamSpec("epsilon", "float", 1e-3, "Small number that avoids division by zero.", minimum=1e-12),),
    )
)

register(
    LayerKind(
        "Activation",
        "Activation",
        "activation",
        "Applies a non-linear function to every value. Without non-linearities, any stack of layers "
        "collapses into a single linear map.",
        (_activation(),),
    )
)

register(
    LayerKind(
        "Add",
        "Add",
        "merge",
        "Adds its inputs element by element; all must have the same shape. A skip connection "
        "(ResNet) adds a block's input to its output so gradients flow straight through.",
        is_merge=True,
    )
)

register(
    LayerKind(
        "Concatenate",
        "Concatenate",
        "merge",
        "Stacks its inputs along the channel axis; all other sizes must match. Inception blocks "
        "join their parallel branches this way.",
        (ParamSpec("axis", "int", -1, "Axis to join along; -1 is channels.", minimum=-3, maximum=3),),
        is_merge=True,
    )
)

register(
    LayerKind(
        "Multiply",
        "Multiply",
        "merge",
        "Multiplies its inputs element by element, e.g. to gate one branch by another (attention).",
        is_merge=True,
    )
)
