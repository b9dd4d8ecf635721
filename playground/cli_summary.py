"""`playground templates` and `playground summary`: the analysis as a table or JSON."""

from __future__ import annotations

import argparse
import json

from playground.cli_common import add_source_arguments, load_source


def add_templates_parser(subparsers) -> None:
    p = subparsers.add_parser("templates", help="list the network templates")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def add_summary_parser(subparsers) -> None:
    p = subparsers.add_parser("summary", help="per-layer shapes, parameters, MACs and receptive field")
    add_source_arguments(p)
    p.add_argument("--batch-size", type=int, default=32, help="batch size for the memory estimate")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run_templates(args: argparse.Namespace) -> int:
    from playground.network.templates import TEMPLATES

    rows = [
        {"name": name, "input": list(t.default_input), "classes": t.default_classes, "description": t.description}
        for name, t in TEMPLATES.items()
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        shape = "×".join(str(d) for d in r["input"])
        print(f"{r['name']:<{width}}  {shape:>11} → {r['classes']:<5} {r['description']}")
    return 0


def summary_dict(project, batch_size: int) -> dict:
    """The summary as plain data (also what --json prints)."""
    from playground.engine.analysis import analyze

    spec = project.network
    classes = _classes_of(project)
    analysis = analyze(spec, num_classes=classes)
    layers = []
    for nid in analysis.order:
        info = analysis.nodes[nid]
        layers.append(
            {
                "name": nid,
                "kind": info.kind,
                "output_shape": list(info.shape) if info.shape else None,
                "params": info.params,
                "trainable_params": info.trainable_params,
                "macs": info.macs,
                "receptive_field": list(info.receptive_field) if info.receptive_field else None,
            }
        )
    return {
        "name": project.name,
        "layers": layers,
        "total_params": analysis.total_params,
        "trainable_params": analysis.trainable_params,
        "non_trainable_params": analysis.non_trainable_params,
        "macs": analysis.macs,
        "depth": analysis.depth,
        "batch_size": batch_size,
        "memory_bytes": analysis.memory_estimate(batch_size)["total"],
        "problems": [{"node": p.node, "severity": p.severity, "message": p.message} for p in analysis.problems],
    }


def _classes_of(project) -> int | None:
    """The class count the output must match: the network's own output width for a template."""
    outputs = project.network.output_ids()
    if len(outputs) != 1:
        return None
    node = project.network.node(outputs[0])
    return node.params.get("units") if node.kind == "Dense" else None


def run_summary(args: argparse.Namespace) -> int:
    project = load_source(args.source, args.input, args.classes)
    if args.batch_size < 1:
        from playground.cli_common import CliError

        raise CliError(f"--batch-size must be at least 1; got {args.batch_size}")
    data = summary_dict(project, args.batch_size)
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print(format_table(data))
    return 1 if any(p["severity"] == "error" for p in data["problems"]) else 0


def format_table(data: dict) -> str:
    header = ("layer", "kind", "output shape", "params", "MACs", "receptive field")
    rows = [header]
    for layer in data["layers"]:
        shape = "×".join(map(str, layer["output_shape"])) if layer["output_shape"] else "?"
        rf = "×".join(map(str, layer["receptive_field"])) if layer["receptive_field"] else "all"
        rows.append((layer["name"], layer["kind"], shape, f"{layer['params']:,}", f"{layer['macs']:,}", rf))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = []
    for i, row in enumerate(rows):
        cells = [c.ljust(w) if j < 3 else c.rjust(w) for j, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("─" * w for w in widths))
    mem = data["memory_bytes"] / 2**20
    lines += [
        "",
        f"Total params:     {data['total_params']:,} (trainable {data['trainable_params']:,}, "
        f"non-trainable {data['non_trainable_params']:,})",
        f"MACs per sample:  {data['macs']:,}",
        f"Depth:            {data['depth']} (conv + dense layers on the longest path)",
        f"Training memory:  ~{mem:,.1f} MiB at batch size {data['batch_size']}",
    ]
    for p in data["problems"]:
        where = f"{p['node']}: " if p["node"] else ""
        lines.append(f"{p['severity'].upper()}: {where}{p['message']}")
    return "\n".join(lines)
