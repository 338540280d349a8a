"""Command line: ``footpain-tui [TREE]`` opens the explorer; other commands stay headless.

Textual is imported only inside the commands that open the TUI, so ``validate``, ``walk``
and the other headless commands start fast and work without a terminal.

Exit codes: 0 success; 1 lint errors, an answer that matches no choice, or failing cases;
2 a file that cannot be read or is not a valid tree; 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from . import __version__
from .core.bundled import default_cases_path, default_tree_path
from .core.graph import TreeIndex
from .core.lint import LintReport, lint_tree
from .core.loader import TreeLoadError, load_tree
from .core.model import Question, Result, Tree, to_data
from .core.report import load_failure_report, validation_report
from .core.walk import AnswerError, WalkSession

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_FILE, EXIT_INTERRUPTED = 0, 1, 2, 130
COMMANDS = ("explore", "validate", "walk", "schema", "train", "cases", "history", "export-session")

EPILOG = """\
commands:
  footpain-tui [TREE]                open the explorer (the bundled foot-pain tree by default)
  footpain-tui validate TREE...      lint trees
  footpain-tui walk TREE --answer A  walk a tree without the TUI
  footpain-tui schema [--check]      write or check trees/schema.json
  footpain-tui train [TREE]          training mode with case vignettes
  footpain-tui cases check TREE CASES  replay training cases against a tree
  footpain-tui history               list past sessions
  footpain-tui export-session        write a session transcript

exit codes: 0 ok; 1 lint errors, unmatched answer or failing cases;
            2 unreadable or invalid file; 130 interrupted
"""


def _print_err(message: str) -> None:
    print(message, file=sys.stderr)


def open_tree(path: str | Path) -> tuple[Tree, TreeIndex, LintReport]:
    """Load and lint; raises :class:`TreeLoadError`."""
    tree = load_tree(path)
    index = TreeIndex(tree)
    return tree, index, lint_tree(tree, index)


def open_tree_or_exit(path: str | Path) -> tuple[Tree, TreeIndex] | int:
    """For commands that need a usable tree: the tree, or the exit code after explaining why not."""
    try:
        tree, index, report = open_tree(path)
    except TreeLoadError as exc:
        _print_err(exc.render())
        return EXIT_BAD_FILE
    if not report.ok:
        _print_err(f"{path}: the tree has lint errors and cannot be walked safely:")
        for finding in report.errors:
            _print_err(f"  {finding}")
        _print_err(f"  run: footpain-tui validate {path}")
        return EXIT_FINDINGS
    return tree, index


# -- validate ---------------------------------------------------------------------------------
def cmd_validate(args: argparse.Namespace) -> int:
    reports: list[dict[str, Any]] = []
    worst = EXIT_OK
    for path in args.trees:
        try:
            tree, index, report = open_tree(path)
        except TreeLoadError as exc:
            worst = EXIT_BAD_FILE
            reports.append(load_failure_report(path, exc.problems))
            if not args.json:
                _print_err(exc.render())
            continue
        if not report.ok:
            worst = max(worst, EXIT_FINDINGS)
        reports.append(validation_report(path, tree, index, report))
        if not args.json:
            _print_text_report(path, report, reports[-1]["stats"])
    if args.json:
        print(json.dumps(reports[0] if len(reports) == 1 else reports, indent=2))
    return worst


def _print_text_report(path: str, report: LintReport, stats: dict[str, Any]) -> None:
    for finding in report.findings:
        print(f"{path}: {finding}")
    verdict = "ok" if report.ok else "FAILED"
    counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in stats.items() if v is not None)
    print(
        f"{path}: {verdict}: {len(report.errors)} errors, {len(report.warnings)} warnings ({counts})"
    )


# -- walk -------------------------------------------------------------------------------------
def _question_json(node_id: str, q: Question) -> dict[str, Any]:
    return {
        "id": node_id,
        "prompt": q.prompt,
        "red_flag": q.red_flag,
        "choices": [
            {"number": i, "label": c.label, "key": c.key, "next": c.next}
            for i, c in enumerate(q.choices, 1)
        ],
    }


def _result_json(node_id: str, r: Result, tree: Tree) -> dict[str, Any]:
    data = to_data(r)
    data["id"] = node_id
    data["condition_names"] = [
        tree.conditions[c].name for c in r.conditions if c in tree.conditions
    ]
    return data


def cmd_walk(args: argparse.Namespace) -> int:
    opened = open_tree_or_exit(args.tree)
    if isinstance(opened, int):
        return opened
    tree, index = opened
    session = WalkSession(tree, index)
    for answer in args.answer or []:
        try:
            session.answer_text(answer)
        except AnswerError as exc:
            if args.json:
                print(
                    json.dumps(
                        {
                            "ok": False,
                            "error": str(exc).splitlines()[0],
                            "question": _question_json(session.current_id, exc.question),
                        },
                        indent=2,
                    )
                )
            else:
                _print_err(f"error: {exc}")
            return EXIT_FINDINGS
        except ValueError as exc:  # answering after the walk has ended
            _print_err(f"error: {exc}")
            return EXIT_FINDINGS
    path = [
        {"node": node_id, "prompt": q.prompt, "answer": c.label} for node_id, q, c in session.path()
    ]
    node = session.current
    if args.json:
        out: dict[str, Any] = {"ok": True, "path": path, "finished": session.finished}
        out["result"] = (
            _result_json(session.current_id, node, tree) if isinstance(node, Result) else None
        )
        out["question"] = (
            _question_json(session.current_id, node) if isinstance(node, Question) else None
        )
        print(json.dumps(out, indent=2))
        return EXIT_OK
    for i, step in enumerate(path, 1):
        print(f"{i}. {step['prompt']}\n   -> {step['answer']}")
    if isinstance(node, Result):
        print(f"\nRESULT: {node.title} [{node.urgency.label}: {node.urgency.meaning}]")
        for rank, cid in enumerate(node.conditions, 1):
            print(f"  {rank}. {tree.conditions[cid].name}")
        print(f"\n{node.explanation}")
        for heading, items in (
            ("Next steps", node.next_steps),
            ("When to seek help", node.seek_help),
        ):
            if items:
                print(f"\n{heading}:")
                print("\n".join(f"  - {item}" for item in items))
    else:
        flag = " [RED FLAG]" if node.red_flag else ""
        print(f"\nQUESTION{flag}: {node.prompt}")
        for i, c in enumerate(node.choices, 1):
            print(f"  {i}. {c.label}" + (f"  [{c.key}]" if c.key else ""))
    return EXIT_OK


# -- schema -----------------------------------------------------------------------------------
def cmd_schema(args: argparse.Namespace) -> int:
    from .core.schema import tree_json_schema
    from .core.storage import write_text_atomic

    text = json.dumps(tree_json_schema(), indent=2) + "\n"
    target = Path(args.output)
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            _print_err(f"{target} is stale: run `footpain-tui schema` to regenerate it")
            return EXIT_FINDINGS
        print(f"{target} is up to date")
        return EXIT_OK
    write_text_atomic(target, text)
    print(f"wrote {target}")
    return EXIT_OK


# -- explore ----------------------------------------------------------------------------------
def cmd_explore(args: argparse.Namespace) -> int:
    return launch_tui(args)


def launch_tui(args: argparse.Namespace, start_in_training: bool = False) -> int:
    """Open the TUI on ``args.tree`` (explore, or train with ``start_in_training``)."""
    opened = open_tree_or_exit(args.tree)
    if isinstance(opened, int):
        return opened
    tree, index = opened
    cases: Any = None
    if args.cases is not None:  # a file asked for must load and fit before the TUI opens
        from .cli_training import open_cases_or_exit

        cases = open_cases_or_exit(tree, index, args.tree, args.cases)
        if isinstance(cases, int):
            return cases
    elif Path(args.tree).resolve() == default_tree_path().resolve():
        from .core.cases import LazyCases

        # The bundled tree's own cases, loaded (with pydantic) only when the t key asks:
        # exploring never waits for them, and if they fail the t key says none are loaded.
        cases = LazyCases(default_cases_path(), tree, index)
    from .ui.app import run_explorer  # imported here: Textual loads only for the TUI

    return run_explorer(
        tree,
        index,
        tree_path=Path(args.tree),
        data_dir=args.data_dir,
        cases=cases,
        start_in_training=start_in_training,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="footpain-tui",
        usage="%(prog)s [TREE] [--data-dir DIR] [--cases FILE]\n       %(prog)s COMMAND [ARGS...]",
        description="Learn clinical reasoning by walking a decision tree for pain on the back of the foot.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", prog="footpain-tui")

    explore = sub.add_parser("explore", help="open the explorer (the default command)")
    explore.add_argument("tree", nargs="?", default=str(default_tree_path()), metavar="TREE")
    explore.add_argument(
        "--data-dir",
        default=None,
        metavar="DIR",
        help="where session records go (default: $XDG_DATA_HOME/footpain-tui)",
    )
    explore.add_argument(
        "--cases",
        default=None,
        metavar="FILE",
        help="training cases for the t key (the bundled tree brings its own)",
    )
    explore.set_defaults(func=cmd_explore)

    validate = sub.add_parser("validate", help="lint one or more trees")
    validate.add_argument("trees", nargs="+", metavar="TREE")
    validate.add_argument("--json", action="store_true", help="print a JSON report per file")
    validate.set_defaults(func=cmd_validate)

    walk = sub.add_parser("walk", help="walk a tree without the TUI")
    walk.add_argument("tree", metavar="TREE")
    walk.add_argument(
        "--answer",
        "-a",
        action="append",
        metavar="TEXT",
        help="a choice number, shortcut key, next-node id or label prefix (repeat per question)",
    )
    walk.add_argument("--json", action="store_true", help="print the walk as JSON")
    walk.set_defaults(func=cmd_walk)

    schema = sub.add_parser("schema", help="write trees/schema.json from the models")
    schema.add_argument("--output", "-o", default=str(default_tree_path().parent / "schema.json"))
    schema.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    schema.set_defaults(func=cmd_schema)

    try:
        from .cli_training import add_training_commands
    except ImportError:  # training commands not installed in this build
        pass
    else:
        add_training_commands(sub)
    return parser


def _with_default_command(argv: list[str]) -> list[str]:
    """``footpain-tui [TREE]`` means ``footpain-tui explore [TREE]``."""
    if any(a in ("-h", "--help", "--version") for a in argv[:1]):
        return argv
    if not argv or argv[0] not in COMMANDS:
        return ["explore", *argv]
    return argv


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(_with_default_command(argv))
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
