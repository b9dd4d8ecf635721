"""`playground`: with no arguments, the window; with a subcommand, the same engine headless."""

from __future__ import annotations

import argparse
import importlib
import sys

from playground import __version__
from playground.cli_common import EXIT_BAD_INPUT, CliError

# command, module, function that adds its subparser, function that runs it (args -> exit code)
_COMMANDS = (
    ("templates", "playground.cli_summary", "add_templates_parser", "run_templates"),
    ("summary", "playground.cli_summary", "add_summary_parser", "run_summary"),
    ("datasets", "playground.cli_train", "add_datasets_parser", "run_datasets"),
    ("train", "playground.cli_train", "add_train_parser", "run_train"),
    ("export", "playground.cli_export", "add_export_parser", "run_export"),
    ("import", "playground.cli_export", "add_import_parser", "run_import"),
    ("lessons", "playground.cli_lessons", "add_lessons_parser", "run_lessons"),
)


class _Parser(argparse.ArgumentParser):
    """argparse that exits with code 2 and one line, never a usage dump plus traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise CliError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="playground", description="Keras Playground: build, train and export CNNs.")
    parser.add_argument("--version", action="version", version=f"keras-playground {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check this install end to end (engine, 1-epoch training, export, window)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    for command, module_name, add, run in _COMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        getattr(module, add)(sub)
        sub.choices[command].set_defaults(handler=getattr(module, run))
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--self-test"]:  # before the window: it starts with "--" too
        from playground.self_test import main as self_test

        return self_test(argv[1:])
    if _wants_window(argv):
        from playground.gui.app import run_app

        return run_app(["playground", *argv])
    try:
        args = build_parser().parse_args(argv)
        if getattr(args, "handler", None) is None:
            return run_gui_or_help(args)
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _wants_window(argv: list[str]) -> bool:
    """No subcommand: `playground`, `playground PROJECT.json`, `playground --template resnet18`."""
    if not argv:
        return True
    first = argv[0]
    if first in ("-h", "--help", "--version"):
        return False
    return first.endswith(".json") or first.startswith("--")


def run_gui_or_help(args: argparse.Namespace) -> int:
    build_parser().print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
