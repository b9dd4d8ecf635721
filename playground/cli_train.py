"""`playground train` and `playground datasets`: the training engine headless.

`train` takes a project file or a template name (or nothing: the default project), lets a few
flags override the training settings, shows live progress on stderr, stores the run beside the
project (or in ./playground.runs for a template) and prints the final metrics, or one JSON
object with --json. Mistakes in the arguments exit with code 2 and one line; a run that fails
(diverged, out of memory, error) exits with 1 and says why.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import signal
import sys
import threading
from pathlib import Path

from playground.cli_common import CliError, add_source_arguments, load_source
from playground.training.config import DEVICES, OPTIMIZERS, SCHEDULES

DEFAULT_RUNS_DIR = "playground.runs"
EXIT_RUN_FAILED = 1


def add_train_parser(subparsers) -> None:
    p = subparsers.add_parser("train", help="train a project or template headless, with live progress")
    add_source_arguments(p, required=False)
    p.add_argument("--data", help="dataset name (see `playground datasets`) or a folder/.npz/.csv path")
    p.add_argument("--epochs", type=int, help="number of epochs")
    p.add_argument("--batch-size", type=int, help="samples per batch")
    p.add_argument("--lr", type=float, help="learning rate")
    p.add_argument("--optimizer", choices=OPTIMIZERS)
    p.add_argument("--schedule", choices=SCHEDULES, help="learning-rate schedule")
    p.add_argument("--seed", type=int, help="random seed (weights, shuffling)")
    p.add_argument("--device", choices=DEVICES)
    p.add_argument("--no-early-stopping", action="store_true", help="train every epoch")
    p.add_argument("--runs-dir", help=f"where to store the run (default: beside the project, or ./{DEFAULT_RUNS_DIR})")
    p.add_argument("--json", action="store_true", help="print one JSON object with the results at the end")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    group = p.add_argument_group("several processes or machines (JAX backend: KERAS_BACKEND=jax)")
    group.add_argument("--processes", type=int, default=1, help="how many processes train together (default 1)")
    group.add_argument("--process-id", type=int, default=0, help="this process: 0..processes-1 (0 coordinates)")
    group.add_argument("--coordinator", help="HOST:PORT where process 0 listens (the same on every process)")


def add_datasets_parser(subparsers) -> None:
    p = subparsers.add_parser("datasets", help="list the datasets: shapes, classes, offline availability")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


# -- datasets ------------------------------------------------------------------------------------

def run_datasets(args: argparse.Namespace) -> int:
    from playground.data import list_datasets

    rows = [{"name": i.name, "title": i.title, "input_shape": list(i.input_shape), "classes": i.num_classes,
             "available_offline": i.available_offline, "source": i.source, "description": i.description}
            for i in list_datasets()]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    width = max(len(r["name"]) for r in rows)
    print(f"{'name':<{width}}  {'shape':>8}  {'classes':>7}  {'offline':<16}  title")
    for r in rows:
        shape = "x".join(map(str, r["input_shape"]))
        offline = "yes" if r["available_offline"] else "no (download)"
        print(f"{r['name']:<{width}}  {shape:>8}  {r['classes']:>7}  {offline:<16}  {r['title']}")
    return 0


# -- train ---------------------------------------------------------------------------------------

def _is_file_source(source: str | None) -> bool:
    return source is not None and (source.lower().endswith(".json") or Path(source).exists())


def _check_dataset(name: str) -> None:
    from playground.data import known_names

    key = name.strip().lower().replace("-", "_")
    if key not in known_names() and not Path(name).expanduser().exists():
        raise CliError(f"--data: unknown dataset {name!r} (datasets: {', '.join(known_names())}; "
                       "or a folder, .npz or .csv path)")


def _fit_template_to_data(project, template: str, input_given: bool, classes: int | None):
    """A template follows the data: its design size when the data can be resized to it
    (digits), else the dataset's own shape; the class count is the dataset's."""
    from playground.data import DatasetError, dataset_info
    from playground.network.templates import get_template, make_template

    try:
        info = dataset_info(project.data.dataset)
    except DatasetError:
        return project  # a user's folder or file: its shape is only known once loaded
    t = get_template(template)
    classes = classes or info.num_classes
    options = dict(project.data.options)
    shape = tuple(project.network.input_nodes()[0].params["shape"]) if input_given else None
    if shape is None:
        designed = tuple(t.default_input)
        if info.name == "digits" and len(designed) == 3 and designed[0] == designed[1] and designed[2] == 1:
            shape = designed
        else:
            shape = tuple(info.input_shape)
    if info.name == "digits" and len(shape) == 3 and shape[0] == shape[1] and shape[0] != 8:
        options["size"] = shape[0]
    project.network = make_template(template, shape, classes)
    project.data = dataclasses.replace(project.data, options=options)
    return project


def build_project(args: argparse.Namespace):
    """The project the arguments describe, with the flags applied; CliError for bad ones."""
    from playground.training.config import TrainingConfigError

    if args.epochs is not None and args.epochs < 1:
        raise CliError(f"--epochs must be at least 1; got {args.epochs}")
    if args.batch_size is not None and args.batch_size < 1:
        raise CliError(f"--batch-size must be at least 1; got {args.batch_size}")
    project = load_source(args.source, args.input, args.classes)
    from_file = _is_file_source(args.source)
    if args.data:
        _check_dataset(args.data)
        project.data = dataclasses.replace(project.data, dataset=args.data, options={})
    if not from_file:
        project = _fit_template_to_data(project, project.name, args.input is not None, args.classes)
    changes = {k: v for k, v in {
        "epochs": args.epochs, "batch_size": args.batch_size, "learning_rate": args.lr,
        "optimizer": args.optimizer, "schedule": args.schedule, "seed": args.seed, "device": args.device,
    }.items() if v is not None}
    if args.no_early_stopping:
        changes["early_stopping"] = False
    try:
        project.training = project.training.replace(**changes)
    except TrainingConfigError as exc:
        raise CliError(str(exc)) from None
    return project


def result_dict(result) -> dict:
    """The --json object: status, message, run_dir and loss/accuracy per split (null if absent)."""
    out = {"status": result.status, "message": result.message, "run_dir": result.run_dir,
           "epochs_completed": result.epochs_completed, "seconds": round(result.seconds, 3)}
    for split, metrics in (("train", result.train), ("val", result.val), ("test", result.test)):
        for key in ("loss", "accuracy"):
            value = metrics.get(key)
            out[f"{split}_{key}"] = value if isinstance(value, float) and math.isfinite(value) else None
    return out


def _cluster(args: argparse.Namespace):
    """The multi-process settings as a Cluster (None for one process); CliError when incomplete."""
    from playground.training.cluster import Cluster, ClusterError

    processes = getattr(args, "processes", 1) or 1
    if processes == 1 and not getattr(args, "coordinator", None):
        return None
    if not args.coordinator:
        raise CliError("--processes needs --coordinator HOST:PORT (process 0's address, the same everywhere)")
    try:
        return Cluster(args.coordinator, processes, args.process_id)
    except ClusterError as exc:
        raise CliError(str(exc)) from None


def run_train(args: argparse.Namespace) -> int:
    cluster = _cluster(args)
    project = build_project(args)
    if cluster is not None:
        from playground.training.cluster import ClusterError, join

        try:
            join(cluster)  # before anything runs on JAX
        except ClusterError as exc:
            raise CliError(str(exc)) from None
    from playground.project import runs_dir
    from playground.training.progress import ProgressLine
    from playground.training.runs import RunStore
    from playground.training.session import TrainingSession

    if args.runs_dir:
        root = Path(args.runs_dir)
    elif _is_file_source(args.source):
        root = runs_dir(args.source)
    else:
        root = Path(DEFAULT_RUNS_DIR)
    listeners = []
    if not args.quiet and (not args.json or sys.stderr.isatty()):
        listeners.append(ProgressLine(sys.stderr))
    session = TrainingSession(project, *listeners, run_store=RunStore(root), snapshot_interval=None)
    with _ctrl_c_stops(session):
        result = session.run()
    if args.json:
        print(json.dumps(result_dict(result), indent=2))
    else:
        _print_result(result)
    if not result.ok:
        print(f"error: training {result.status.replace('_', ' ')}: {result.message}", file=sys.stderr)
        return EXIT_RUN_FAILED
    return 0


def _print_result(result) -> None:
    print(f"{result.status}: {result.message}")
    for label, metrics in (("train", result.train), ("validation", result.val), ("test", result.test)):
        if metrics:
            acc = metrics.get("accuracy")
            acc_text = f"  accuracy {acc:.2%}" if acc is not None else ""
            print(f"{label + ':':<12} loss {metrics.get('loss', math.nan):.4f}{acc_text}")
    if result.run_dir:
        print(f"run saved in {result.run_dir}")


class _ctrl_c_stops:
    """First Ctrl-C stops after the current batch (the run is saved); a second one aborts."""

    def __init__(self, session) -> None:
        self.session = session
        self.previous = None

    def _handler(self, signum, frame) -> None:
        if self.session.control.stop_requested:
            raise KeyboardInterrupt
        print("\nstopping after this batch (Ctrl-C again to abort)", file=sys.stderr)
        self.session.stop()

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handler)
        return self

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
