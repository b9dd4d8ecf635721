"""Each lesson's check: given the headless results of its variants, did the effect show?

Every check returns (shown, sentence); the sentence states the measured numbers, so the same
text tells the learner on the command line what happened and a failing test why.
"""

from __future__ import annotations

import numpy as np

from playground.lessons import measures
from playground.lessons.base import Results


def _trained(results: Results, *keys: str) -> str | None:
    """A sentence naming variants that did not train, or None when all did."""
    bad = [f"{k} ({results[k].status}: {results[k].finished.message})" for k in keys
           if k in results and (results[k].finished is None or not results[k].finished.ok)]
    return "Not trained: " + "; ".join(bad) if bad else None


def convolution(results: Results) -> tuple[bool, str]:
    problem = _trained(results, *results)
    if problem:
        return False, problem
    frozen = results["frozen"]
    vertical = measures.mean_abs_response(frozen.model, "sobel", measures.stroke_images(90))
    horizontal = measures.mean_abs_response(frozen.model, "sobel", measures.stroke_images(0))
    ratio = vertical / max(horizontal, 1e-9)
    k0, k1 = frozen.snapshots[0].kernels["sobel"], frozen.snapshots[-1].kernels["sobel"]
    still = measures.relative_drift(k0, k1) < 1e-6
    shown = ratio > 3 and still
    text = (f"Frozen Sobel-x: mean response {vertical:.3f} on vertical strokes vs {horizontal:.3f} on "
            f"horizontal ones ({ratio:.1f}×); kernel {'unchanged' if still else 'CHANGED'} by training.")
    if "unfrozen" in results:
        free = results["unfrozen"]
        drift = measures.relative_drift(free.snapshots[0].kernels["sobel"], free.snapshots[-1].kernels["sobel"])
        shown = shown and drift > 0.02
        text += f" Unfrozen, the kernel drifted {drift:.0%} from Sobel-x."
    return shown, text


def first_kernels(results: Results) -> tuple[bool, str]:
    problem = _trained(results, *results)
    if problem:
        return False, problem
    r = results["strokes"]
    before = measures.mean_coherence(r.snapshots[0].kernels["conv1"])
    after = measures.mean_coherence(r.snapshots[-1].kernels["conv1"])
    acc = r.final("val", "accuracy")
    return (after > before + 0.1 and acc > 0.6,
            f"Orientation coherence of the first-layer kernels rose from {before:.2f} (random) to {after:.2f} "
            f"(0 = no preferred direction, 1 = a pure edge detector); validation accuracy {acc:.2f}.")


def output_size(results: Results) -> tuple[bool, str]:
    expected = {"valid_stride1": (30, 30, 10), "same_stride1": (32, 32, 10),
                "valid_stride2": (15, 15, 10), "same_stride2": (16, 16, 10)}
    parts, shown = [], True
    for key, shape in expected.items():
        info = results[key].analysis.nodes["conv"]
        shown = shown and tuple(info.shape) == shape and info.params == 280
        parts.append(f"{key}: {'×'.join(map(str, info.shape))}, {info.params} params")
    return shown, ("Output size changes with padding and stride, parameters do not (3·3·3·10 + 10 = 280): "
                   + "; ".join(parts) + ".")


def downsampling(results: Results) -> tuple[bool, str]:
    problem = _trained(results, *results)
    if problem:
        return False, problem
    accs = {k: r.final("val", "accuracy") for k, r in results.items()}
    params = {k: r.analysis.nodes["down"].params for k, r in results.items()}
    shown = min(accs.values()) > 0.8 and params.get("max", 0) == 0 and params.get("strided", 0) > 0
    text = "; ".join(f"{k}: validation accuracy {accs[k]:.2f}, downsampling layer {params[k]} params" for k in accs)
    return shown, f"All three ways shrink the map and still learn: {text}."


def activations(results: Results) -> tuple[bool, str]:
    sig, relu, hot = results["sigmoid_lr0.9"], results["relu_lr0.1"], results.get("relu_lr0.9")
    problem = _trained(results, "sigmoid_lr0.9", "relu_lr0.1")
    if problem:
        return False, problem
    g_sig = sig.snapshots[0].grad_norms.get("conv1", np.nan)
    g_relu = relu.snapshots[0].grad_norms.get("conv1", np.nan)
    a_sig, a_relu = sig.final("val", "accuracy"), relu.final("val", "accuracy")
    shown = a_relu > a_sig + 0.05 and g_sig < g_relu / 3
    text = (f"Validation accuracy after the same epochs: ReLU lr 0.1 {a_relu:.2f}, sigmoid lr 0.9 {a_sig:.2f}. "
            f"At the start the first conv's gradient norm is {g_sig:.2g} with sigmoid vs {g_relu:.2g} with ReLU.")
    if hot is not None:
        failed = hot.status == "diverged" or (hot.final("val", "accuracy") < 0.2 and hot.series("train", "loss")[-1] > 2.0)
        g_end = hot.snapshots[-1].grad_norms.get("conv1", np.nan) if hot.snapshots else np.nan
        shown = shown and failed
        how = f"diverged. The app said: {hot.finished.message}" if hot.status == "diverged" else \
            f"failed: stuck at chance (validation accuracy {hot.final('val', 'accuracy'):.2f}, " \
            f"loss {hot.series('train', 'loss')[-1]:.2f} ≈ ln 10), the first steps switched its ReLUs off for good " \
            f"(conv1 gradient norm at the end {g_end:.2g})"
        text += f" ReLU at lr 0.9 {how}."
    return shown, text


def parameters(results: Results) -> tuple[bool, str]:
    parts, shown = [], True
    for key in ("lenet5", "alexnet", "vgg16"):
        node_id, count, share = measures.largest_layer(results[key].analysis)
        kind = results[key].project.network.node(node_id).kind
        first_dense = next(n.id for n in results[key].project.network.nodes if n.kind == "Dense")
        shown = shown and node_id == first_dense and share > 0.5
        parts.append(f"{key}: {node_id} ({kind}) holds {count:,} of {results[key].analysis.total_params:,} ({share:.0%})")
    text = "The first dense layer dominates. " + "; ".join(parts) + "."
    if "gap" in results and "flatten_dense" in results:
        problem = _trained(results, "gap", "flatten_dense")
        if problem:
            return False, problem
        p_flat, p_gap = (results[k].analysis.total_params for k in ("flatten_dense", "gap"))
        a_flat, a_gap = (results[k].final("val", "accuracy") for k in ("flatten_dense", "gap"))
        shown = shown and p_flat > 5 * p_gap and a_gap > 0.8
        text += (f" Global average pooling instead of Flatten + Dense: {p_gap:,} vs {p_flat:,} parameters "
                 f"({p_flat / p_gap:.1f}× fewer), validation accuracy {a_gap:.2f} vs {a_flat:.2f}.")
    return shown, text


def bottleneck(results: Results) -> tuple[bool, str]:
    def conv_macs(key: str) -> int:
        r = results[key]
        return sum(info.macs for nid, info in r.analysis.nodes.items() if r.project.network.node(nid).kind == "Conv2D")

    direct, reduced = conv_macs("direct"), conv_macs("bottleneck")
    ratio = direct / max(reduced, 1)
    return (8 < ratio < 12, f"Multiply-accumulates for 28×28×192 → 32 channels with 5×5: {direct / 1e6:.1f} M "
            f"straight, {reduced / 1e6:.1f} M with a 1×1 reduction to 16 channels first ({ratio:.1f}× fewer).")


def residual(results: Results) -> tuple[bool, str]:
    problem = _trained(results, *results)
    if problem:
        return False, problem
    plain, res = results["plain"], results["residual"]
    l_plain, l_res = plain.series("train", "loss")[-1], res.series("train", "loss")[-1]
    a_plain, a_res = plain.final("val", "accuracy"), res.final("val", "accuracy")
    return (l_res < 0.7 * l_plain and a_res > a_plain,
            f"Same depth, same settings: final training loss {l_plain:.3f} plain vs {l_res:.3f} with skip "
            f"connections; validation accuracy {a_plain:.2f} vs {a_res:.2f}.")


def overfitting(results: Results) -> tuple[bool, str]:
    problem = _trained(results, *results)
    if problem:
        return False, problem
    base = results["baseline"]
    val, train = base.series("val", "loss"), base.series("train", "loss")
    best = measures.min_epoch(val)
    rising = val[-1] > 1.15 * val[best] and best < len(val) - 3
    falling = train[-1] < 0.5 * train[best]
    shown = rising and falling
    text = (f"Big model, few samples: validation loss was "
            f"lowest ({val[best]:.3f}) at epoch {best + 1} and rose to {val[-1]:.3f}, while training loss fell "
            f"from {train[best]:.3f} to {train[-1]:.4f}.")
    cures = []
    for key in ("dropout", "augmentation", "weight_decay", "early_stopping"):
        if key in results:
            cures.append(f"{key.replace('_', ' ')} {results[key].final('val', 'loss'):.3f}")
    if cures:
        final_base = base.final("val", "loss")
        better = [k for k in results if k != "baseline" and results[k].final("val", "loss") < final_base]
        needed = len(cures) - 1 if len(cures) >= 3 else len(cures)  # one cure may miss on a noisy run
        shown = shown and len(better) >= needed
        text += (f" Final validation loss: baseline {final_base:.3f}; " + ", ".join(cures)
                 + f" ({len(better)} of {len(cures)} cures end below the baseline).")
    return shown, text


def schedules(results: Results) -> tuple[bool, str]:
    problem = _trained(results, *results)
    if problem:
        return False, problem
    lr = {k: [e.learning_rate for e in r.epochs] for k, r in results.items()}
    shown, parts = True, []
    for key, r in lr.items():
        parts.append(f"{key}: lr {r[0]:.3g} → {r[-1]:.3g}")
    if "constant" in lr:
        shown = shown and lr["constant"][0] == lr["constant"][-1]
    if "step" in lr:
        shown = shown and lr["step"][-1] < lr["step"][0] * 0.5
    if "cosine" in lr:
        shown = shown and lr["cosine"][-1] < lr["cosine"][0] * 0.5
    text = "Learning rate per epoch — " + "; ".join(parts) + "."
    if "huge_batch" in results and "constant" in results:
        small, huge = results["constant"], results["huge_batch"]
        a_small, a_huge = small.final("val", "accuracy"), huge.final("val", "accuracy")
        steps = (small.project.training.batch_size, huge.project.training.batch_size)
        shown = shown and a_huge < a_small - 0.1
        text += (f" Same epochs, batch {steps[0]} vs {steps[1]}: validation accuracy {a_small:.2f} vs {a_huge:.2f} "
                 f"(the huge batch takes far fewer steps).")
    return shown, text


def seeds(results: Results) -> tuple[bool, str]:
    problem = _trained(results, *results)
    if problem:
        return False, problem
    w = {k: r.model.get_weights() for k, r in results.items()}
    same = all(np.array_equal(a, b) for a, b in zip(w["seed1"], w["seed1_again"]))
    diff = max(float(np.max(np.abs(a - b))) for a, b in zip(w["seed1"], w["seed2"]))
    return (same and diff > 1e-3,
            f"Seed 1 twice (deterministic): weights {'identical' if same else 'DIFFERENT'}; seed 1 vs seed 2: "
            f"weights differ by up to {diff:.3f}, validation accuracy "
            f"{results['seed1'].final('val', 'accuracy'):.3f} vs {results['seed2'].final('val', 'accuracy'):.3f}.")


def fooling(results: Results, samples: int = 20) -> tuple[bool, str]:
    from playground.insight import smallest_flipping_epsilon
    from playground.insight.scores import predicted_classes
    from playground.training.feed import load_splits

    problem = _trained(results, *results)
    if problem:
        return False, problem
    r = results["digits"]
    x, y = load_splits(r.project.data).test
    classes, conf = predicted_classes(r.model, x)
    confident = np.flatnonzero((classes == y) & (conf > 0.9))[:samples]
    if confident.size == 0:
        return False, "No test digit was classified correctly with more than 90% confidence."
    eps = []
    for i in confident:
        flip = smallest_flipping_epsilon(r.model, x[i], int(y[i]))
        eps.append(flip.epsilon if flip.epsilon is not None else np.inf)
    eps = np.asarray(eps)
    flipped = np.isfinite(eps) & (eps <= 0.1)
    median = float(np.median(eps))
    return (flipped.mean() >= 0.5,
            f"{flipped.sum()} of {len(eps)} confident, correct test digits flip with every pixel moved by at most "
            f"0.1 (of 0..1); median smallest flipping epsilon {median:.3g}.")
