"""`playground export` and `playground import`: the engine's export formats and importer, headless.

Bad input (a missing file, a wrong suffix, an unsupported model) is one line on stderr and exit
code 2 (CliError, printed by ``playground.cli``); an export whose check fails is one line and 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playground.cli_common import CliError, add_source_arguments, load_source

EXIT_FAILED = 1
_REQUIRED_SUFFIX = {"keras": ".keras", "weights": ".weights.h5", "tflite": ".tflite", "tflite-quant": ".tflite"}


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def add_export_parser(subparsers) -> None:
    from playground.engine.export import FORMATS

    p = subparsers.add_parser("export", help="write the network (untrained or from a run) to a file format")
    add_source_arguments(p)
    p.add_argument("--format", "-f", required=True, choices=FORMATS, help="what to write")
    p.add_argument("-o", "--output", required=True, help="file (or folder, for savedmodel) to write")
    p.add_argument("--run", help="export the trained model of a run: 'latest' or a run id")
    p.add_argument("--model", help="export the weights of this trained .keras file instead")
    p.add_argument("--no-check", action="store_true", help="python: do not run the script to check it")


def add_import_parser(subparsers) -> None:
    p = subparsers.add_parser("import", help="turn a .keras or .h5 model into a project file")
    p.add_argument("model", help="a .keras or .h5 model whose layers are all in the catalog")
    p.add_argument("-o", "--output", required=True, help="the project file to write (.json)")
    p.add_argument("--with-weights", action="store_true",
                   help="also keep the trained weights (written to PROJECT.weights.h5 beside it)")
    p.add_argument("--force", action="store_true", help="overwrite existing files")


def run_export(args: argparse.Namespace) -> int:
    from playground.engine.export import ExportError, OutputPathError, export_network

    project = load_source(args.source, args.input, args.classes)
    out = Path(args.output)
    suffix = _REQUIRED_SUFFIX.get(args.format)
    if suffix and not out.name.lower().endswith(suffix):
        raise CliError(f"-o must end with {suffix} for --format {args.format}; got {out.name!r}")
    if args.run and args.model:
        raise CliError("give --run or --model, not both")
    model = Path(args.model) if args.model else _run_model(args.source, args.run) if args.run else None
    if model is not None and not model.is_file():
        raise CliError(f"{model}: no such model file")
    try:
        result = export_network(project.network, args.format, out, model=model, training=project.training,
                                data=project.data, project=project, check_script=not args.no_check)
    except OutputPathError as exc:
        raise CliError(_one_line(exc)) from None
    except ExportError as exc:
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {result.path} ({result.format}, {result.params:,} parameters, {_how_checked(result)})")
    return 0


def _how_checked(result) -> str:
    if not result.checked_with:
        return "; ".join(result.notes) or "not checked"
    if result.max_abs_diff is None:
        return f"checked with {result.checked_with}"
    return f"checked with {result.checked_with}: max difference {result.max_abs_diff:.2g}"


def _run_model(source: str | None, run: str) -> Path:
    """The trained .keras file of run ``run`` ('latest' or an id) of the project file ``source``."""
    if source is None or not source.lower().endswith(".json"):
        raise CliError("--run needs a project file (runs are stored beside it)")
    project_path = Path(source)
    try:
        from playground.training.runs import list_runs
    except ImportError:
        list_runs = None
    runs_dir = project_path.with_name(project_path.stem + ".runs")
    if list_runs is not None:
        try:
            candidates = [Path(getattr(r, "path", r)) for r in list_runs(project_path)]
        except Exception:  # noqa: BLE001 - fall back to the folder layout
            candidates = []
    else:
        candidates = []
    if not candidates:
        candidates = sorted((p for p in runs_dir.glob("*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    if not candidates:
        raise CliError(f"{project_path.name} has no runs yet (looked in {runs_dir}); train it first")
    if run == "latest":
        folder = max(candidates, key=lambda p: p.stat().st_mtime)
    else:
        matches = [p for p in candidates if p.name == run]
        if not matches:
            raise CliError(f"no run {run!r}; runs: {', '.join(p.name for p in candidates)}")
        folder = matches[0]
    for pattern in ("*best*.keras", "*last*.keras", "*.keras"):
        files = sorted(folder.glob(pattern))
        if files:
            return files[0]
    raise CliError(f"run {folder.name} has no saved model (.keras) yet")


def run_import(args: argparse.Namespace) -> int:
    from playground.engine.export.atomic import atomic_output
    from playground.engine.importer import ModelImportError, import_model
    from playground.project import Project, default_project, save_project

    out = Path(args.output)
    weights_path = out.with_name(out.stem + ".weights.h5")
    if out.suffix.lower() != ".json":
        raise CliError(f"-o must be a project file ending in .json; got {out.name!r}")
    if not out.parent.is_dir():
        raise CliError(f"{out.parent}: no such folder")
    existing = [p for p in (out, weights_path if args.with_weights else None) if p is not None and p.exists()]
    if existing and not args.force:
        raise CliError(f"{existing[0]} already exists; use --force to overwrite it")
    try:
        imported = import_model(args.model, with_weights=args.with_weights)
    except ModelImportError as exc:
        raise CliError(_one_line(exc)) from None
    base = default_project()
    project = Project(name=out.stem, network=imported.spec, data=base.data, training=base.training)
    if imported.weights is None:
        save_project(project, out)
    else:
        from playground.engine.build import build_model
        from playground.engine.importer import apply_weights

        model = build_model(imported.spec)
        apply_weights(model, imported.weights)
        with atomic_output(weights_path) as temp_weights, atomic_output(out) as temp_project:
            model.save_weights(str(temp_weights))
            save_project(project, temp_project)
    for note in imported.notes:
        print(f"note: {note}", file=sys.stderr)
    extra = f" and its weights to {weights_path}" if imported.weights is not None else ""
    print(f"wrote {out} ({len(imported.spec.nodes)} layers){extra}")
    return 0

