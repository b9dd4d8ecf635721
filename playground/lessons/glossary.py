"""The glossary: each term in a sentence or two, where the app shows it, and a link that goes there.

Links are ``playground:`` addresses the window follows: ``kind/Conv2D`` (the layer in the
palette), ``lesson/N`` (open lesson N), ``dock/NAME`` (show a panel: palette, inspector,
summary, problems, lesson), ``action/NAME`` (a menu command: dataset, template, train).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    name: str
    meaning: str
    where: str
    link: str  # a playground: address
    link_text: str


GLOSSARY: tuple[Term, ...] = (
    Term("neuron", "One unit that adds up its weighted inputs plus a bias and passes the sum through an "
         "activation. A Dense layer is a row of them; a conv channel is one neuron copied to every position.",
         "A Dense layer's units in the inspector.", "playground:kind/Dense", "Dense in the layer palette"),
    Term("weight", "A number the network learns: how much one input counts for one output. Training nudges "
         "every weight against the gradient of the loss.",
         "Parameter counts per layer in the network summary; kernels are weights you can see (lesson 2).",
         "playground:dock/summary", "Show the network summary"),
    Term("bias", "A learned constant added to a neuron's sum, so it can fire even when its inputs are zero. "
         "One per output channel of a conv layer (the +10 in 3·3·3·10 + 10 = 280).",
         "The use_bias switch and the parameter formula in the inspector (lesson 3).",
         "playground:lesson/3", "Open lesson 3"),
    Term("activation", "The non-linear function after a layer's sum (ReLU, sigmoid, tanh, softmax). Without it "
         "a stack of layers collapses into one linear map.",
         "Every layer's activation setting in the inspector; sigmoid vs ReLU in lesson 5.",
         "playground:lesson/5", "Open lesson 5"),
    Term("kernel / filter", "The small grid of weights a convolution slides over the image; at each place it "
         "computes a dot product with the patch under it. A layer with 32 filters has 32 kernels.",
         "A frozen Sobel-x kernel in lesson 1; learned kernels in lesson 2.",
         "playground:lesson/1", "Open lesson 1"),
    Term("feature map", "The output of one filter over the whole image: bright where the filter's pattern "
         "appears. A conv layer outputs one feature map per filter.",
         "The Sobel feature maps of lesson 1 (vertical strokes light up, horizontal ones do not).",
         "playground:lesson/1", "Open lesson 1"),
    Term("channel", "The third axis of an image or feature map: 1 for grey, 3 for colour, one per filter after a "
         "conv. A kernel spans all input channels.", "The shapes (H×W×C) on every layer on the canvas.",
         "playground:kind/Conv2D", "Conv2D in the layer palette"),
    Term("padding", "What happens at the border: 'valid' keeps only full windows (the map shrinks by k − 1), "
         "'same' adds zeros so the size stays.", "The padding setting and output-size formula in the inspector.",
         "playground:lesson/3", "Open lesson 3"),
    Term("stride", "How far the window jumps between positions; stride 2 halves the output size.",
         "The strides setting of a conv or pooling layer; lesson 3 and lesson 4.",
         "playground:lesson/3", "Open lesson 3"),
    Term("dilation", "Gaps between the kernel's taps: a 3×3 kernel with dilation 2 covers 5×5 pixels with "
         "9 weights, so the receptive field grows without more parameters.",
         "The dilation_rate setting of Conv2D in the inspector.", "playground:kind/Conv2D",
         "Conv2D in the layer palette"),
    Term("receptive field", "The patch of the input image that can influence one output pixel. It grows with "
         "every conv and pooling layer, faster with strides.", "The receptive field of the selected layer in "
         "the inspector.", "playground:dock/inspector", "Show the inspector"),
    Term("pooling", "Shrinks a feature map by summarising each window: its maximum (max pooling) or its mean "
         "(average pooling). No weights.", "Max vs average pooling vs strided conv in lesson 4.",
         "playground:lesson/4", "Open lesson 4"),
    Term("global average pooling", "Averages each whole feature map to one number, so a C-channel map becomes "
         "C numbers with no weights; it replaces Flatten + a big Dense layer (Network in Network).",
         "Lesson 6 compares its parameter count with Flatten + Dense.", "playground:lesson/6", "Open lesson 6"),
    Term("dense layer", "Every input connected to every output. After Flatten the first one often holds most "
         "of a CNN's parameters.", "The parameter bars in the network summary; lesson 6.",
         "playground:lesson/6", "Open lesson 6"),
    Term("batch norm", "Normalises each channel over the batch to mean 0 and variance 1, then rescales with two "
         "learned numbers; deep nets train faster and tolerate larger learning rates.",
         "BatchNormalization in the palette; used by the ResNet templates.",
         "playground:kind/BatchNormalization", "BatchNormalization in the layer palette"),
    Term("dropout", "During training, zeroes a random fraction of activations at each step so no unit can "
         "rely on another; a cure for overfitting. Off at test time.", "The dropout cure in lesson 9.",
         "playground:lesson/9", "Open lesson 9"),
    Term("residual connection", "A skip path that adds a block's input to its output (x + F(x)), so gradients "
         "reach early layers and deep nets train.", "Plain vs residual nets in lesson 8; Add in the palette.",
         "playground:lesson/8", "Open lesson 8"),
    Term("inception", "A block that runs 1×1, 3×3, 5×5 convolutions and pooling side by side and concatenates "
         "their channels, with 1×1 convolutions in front to keep it cheap (GoogLeNet).",
         "The GoogLeNet and tiny inception templates; lesson 7.", "playground:lesson/7", "Open lesson 7"),
    Term("1×1 convolution", "A convolution that looks at one pixel across all channels: a Dense layer applied at "
         "every position. Cheap way to change the number of channels.",
         "The multiply-accumulate counts of lesson 7 (about ten times fewer).", "playground:lesson/7",
         "Open lesson 7"),
    Term("loss", "One number saying how wrong the predictions are (cross-entropy for classes); training lowers "
         "it. Training loss and validation loss telling different stories is overfitting.",
         "The loss curves while training; lesson 9.", "playground:lesson/9", "Open lesson 9"),
    Term("learning rate", "How big a step the optimizer takes against the gradient. Too small: slow; too big: "
         "the loss explodes and the run diverges.", "Lesson 5 (ReLU at 0.9 diverges) and lesson 10 (schedules).",
         "playground:lesson/10", "Open lesson 10"),
    Term("batch", "The samples whose average gradient makes one optimizer step. Bigger batches: fewer, smoother "
         "steps per epoch.", "The batch size in the training settings; the huge batch of lesson 10.",
         "playground:lesson/10", "Open lesson 10"),
    Term("epoch", "One pass over all training samples.", "The epoch counter and the per-epoch curves while "
         "training.", "playground:action/train", "Train the current network"),
    Term("overfitting", "The model memorises its training samples instead of learning the rule: training loss "
         "keeps falling while validation loss rises.", "Lesson 9 shows it and four cures.",
         "playground:lesson/9", "Open lesson 9"),
    Term("augmentation", "Random changes to training images (shifts, rotations, flips, noise) so the model "
         "sees more variety than the data holds; a cure for overfitting.",
         "The augmentation settings of the dataset; the augmentation cure of lesson 9.",
         "playground:action/dataset", "Choose dataset…"),
)
