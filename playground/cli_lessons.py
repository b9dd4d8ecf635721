"""`playground lessons`: list the lessons, or run one headless and say whether its effect showed.

`playground lessons` prints the table; `playground lessons run N` trains (or analyses) each of
lesson N's projects, prints progress on stderr and the verdict on stdout, and exits 0 when the
effect showed, 1 when it did not; a lesson number that does not exist exits 2 with one line.
"""

from __future__ import annotations

import argparse
import json
import sys

from playground.cli_common import CliError

EXIT_NOT_SHOWN = 1


def add_lessons_parser(subparsers) -> None:
    p = subparsers.add_parser("lessons", help="list the lessons, or run one headless: lessons run N")
    p.add_argument("action", nargs="?", choices=("list", "run"), default="list", help="list (default) or run")
    p.add_argument("number", nargs="?", type=int, help="the lesson to run (see the list)")
    p.add_argument("--quick", action="store_true", help="the short budget the tests use (fewer epochs)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress output")


def run_lessons(args: argparse.Namespace) -> int:
    from playground.lessons import LESSONS, get_lesson

    if args.action == "list":
        if args.number is not None:
            raise CliError("lessons list takes no number; to run one: playground lessons run N")
        return _print_list(LESSONS, args.json)
    if args.number is None:
        raise CliError(f"lessons run needs a lesson number (1 to {len(LESSONS)}); see `playground lessons`")
    try:
        lesson = get_lesson(args.number)
    except KeyError as exc:
        raise CliError(str(exc.args[0])) from None
    return _run(lesson, args)


def _print_list(lessons, as_json: bool) -> int:
    rows = [{"number": lesson.number, "title": lesson.title, "trains": lesson.trains,
             "variants": [v.key for v in lesson.variants], "folder": str(lesson.folder)} for lesson in lessons]
    if as_json:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        kind = "trains" if row["trains"] else "analysis"
        n = len(row["variants"])
        print(f"{row['number']:>3}  {row['title']:<66} {n} project{'s' if n != 1 else ''}, {kind}")
    print("\nRun one headless: playground lessons run N   (open it in the window: Lessons menu)")
    return 0


def _run(lesson, args: argparse.Namespace) -> int:
    from playground.lessons import run_lesson

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    if not args.quiet:
        progress(f"Lesson {lesson.number}: {lesson.title}")
    outcome = run_lesson(lesson, quick=args.quick, progress=None if args.quiet else progress)
    if args.json:
        runs = {k: {"status": r.status, "val": r.finished.val if r.finished else {},
                    "params": r.analysis.total_params, "macs": r.analysis.macs} for k, r in outcome.results.items()}
        print(json.dumps({"number": lesson.number, "title": lesson.title, "shown": outcome.shown,
                          "message": outcome.message, "runs": runs}, indent=2))
    else:
        verdict = "Effect shown" if outcome.shown else "Effect NOT shown"
        print(f"Lesson {lesson.number} — {verdict}: {outcome.message}")
    return 0 if outcome.shown else EXIT_NOT_SHOWN
