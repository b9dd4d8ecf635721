"""The lesson table: number, folder key, title, variants (one project each) and the check.

Variant keys are the project file names under resources/lessons/NN_key/. ``quick`` settings
are what the tests run: the same projects with fewer epochs or samples, still enough for the
effect to show with the fixed seeds.
"""

from __future__ import annotations

from playground.lessons import checks
from playground.lessons.base import Lesson, Variant

LESSONS: tuple[Lesson, ...] = (
    Lesson(1, "convolution", "A convolution is a sliding dot product (Sobel-x on strokes)", (
        Variant("frozen", "Frozen Sobel-x", quick={"epochs": 1}),
        Variant("unfrozen", "Unfrozen: watch it drift", quick={"epochs": 2}),
    ), checks.convolution),
    Lesson(2, "first_kernels", "What first-layer kernels learn", (
        Variant("strokes", "Small CNN on strokes", quick={"epochs": 4}),
    ), checks.first_kernels),
    Lesson(3, "output_size", "Output size and parameters: padding and stride", (
        Variant("valid_stride1", "valid, stride 1", train=False),
        Variant("same_stride1", "same, stride 1", train=False),
        Variant("valid_stride2", "valid, stride 2", train=False),
        Variant("same_stride2", "same, stride 2", train=False),
    ), checks.output_size),
    Lesson(4, "downsampling", "Max vs average pooling vs strided convolution", (
        Variant("max", "Max pooling", quick={"epochs": 4}),
        Variant("avg", "Average pooling", quick={"epochs": 4}),
        Variant("strided", "Strided convolution", quick={"epochs": 4}),
    ), checks.downsampling),
    Lesson(5, "activations", "Sigmoid vs ReLU and the learning rate", (
        Variant("sigmoid_lr0.9", "Sigmoid, lr 0.9", quick={"epochs": 2}),
        Variant("relu_lr0.1", "ReLU, lr 0.1", quick={"epochs": 2}),
        Variant("relu_lr0.9", "ReLU, lr 0.9 (fails)", quick={"epochs": 2}),
    ), checks.activations),
    Lesson(6, "parameters", "Where the parameters live", (
        Variant("lenet5", "LeNet-5", train=False),
        Variant("alexnet", "AlexNet", train=False),
        Variant("vgg16", "VGG-16", train=False),
        Variant("flatten_dense", "Flatten + Dense head", quick={"epochs": 4}),
        Variant("gap", "Global average pooling head", quick={"epochs": 4}),
    ), checks.parameters),
    Lesson(7, "bottleneck", "1×1 bottlenecks: an Inception branch with and without reduction", (
        Variant("direct", "5×5 straight on 192 channels", train=False),
        Variant("bottleneck", "1×1 reduction first", train=False),
    ), checks.bottleneck),
    Lesson(8, "residual", "Depth and skip connections", (
        Variant("plain", "Deep plain CNN", quick={"epochs": 3}),
        Variant("residual", "Same with residual adds", quick={"epochs": 3}),
    ), checks.residual),
    Lesson(9, "overfitting", "Overfitting and its cures", (
        Variant("baseline", "Big model, few samples", quick={"epochs": 25}),
        Variant("dropout", "Cure: dropout"),
        Variant("augmentation", "Cure: augmentation"),
        Variant("weight_decay", "Cure: weight decay"),
        Variant("early_stopping", "Cure: early stopping", quick={"epochs": 25}),
    ), checks.overfitting, quick_variants=("baseline", "early_stopping")),
    Lesson(10, "schedules", "Batch size and learning-rate schedules", (
        Variant("constant", "Constant", quick={"epochs": 4, "lr_step_epochs": 2}),
        Variant("step", "Step decay", quick={"epochs": 4, "lr_step_epochs": 2}),
        Variant("cosine", "Cosine decay", quick={"epochs": 4, "lr_step_epochs": 2}),
        Variant("huge_batch", "One huge batch", quick={"epochs": 4, "lr_step_epochs": 2}),
    ), checks.schedules),
    Lesson(11, "seeds", "Same data, different seed, different result", (
        Variant("seed1", "Seed 1", quick={"epochs": 1}),
        Variant("seed1_again", "Seed 1 again", quick={"epochs": 1}),
        Variant("seed2", "Seed 2", quick={"epochs": 1}),
    ), checks.seeds),
    Lesson(12, "fgsm", "Fooling the network (fast gradient sign)", (
        Variant("digits", "Tiny CNN on 28×28 digits"),
    ), checks.fooling),
)


def get_lesson(number: int) -> Lesson:
    """Lesson ``number`` (1-based); KeyError listing the valid numbers otherwise."""
    for lesson in LESSONS:
        if lesson.number == number:
            return lesson
    raise KeyError(f"No lesson {number}; lessons are numbered 1 to {len(LESSONS)}")
