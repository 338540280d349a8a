"""Tree commands: ``explore`` (the default), ``validate``, ``walk`` and ``schema``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..core.tree.bundled import default_tree_path
from ..core.tree.lint import LintReport
from ..core.tree.loader import TreeLoadError
from ..core.tree.model import Question, Result, Tree, to_data
from ..core.tree.validation import load_failure_report, validation_report
from ..core.tree.walk import AnswerError, WalkSession
from .common import (
    EXIT_BAD_FILE,
    EXIT_FINDINGS,
    EXIT_OK,
    open_tree,
    open_tree_or_exit,
    print_err,
    write_or_check_generated,
)
from .tui_launch import EXPLORE_CASES_HELP, add_app_options, launch_tui


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
                print_err(exc.render())
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


def _walk_json(session: WalkSession, tree: Tree, error: str | None = None) -> dict[str, Any]:
    """The walk as it stands; with ``error``, why the next answer was refused."""
    node = session.current
    out: dict[str, Any] = {"ok": error is None}
    if error is not None:
        out["error"] = error
    out["path"] = [
        {"node": node_id, "prompt": q.prompt, "answer": c.label} for node_id, q, c in session.path()
    ]
    out["finished"] = session.finished
    out["result"] = (
        _result_json(session.current_id, node, tree) if isinstance(node, Result) else None
    )
    out["question"] = (
        _question_json(session.current_id, node) if isinstance(node, Question) else None
    )
    return out


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
                print_err(f"error: {exc}")
            return EXIT_FINDINGS
        except ValueError as exc:  # answering after the walk has ended
            if args.json:
                print(json.dumps(_walk_json(session, tree, error=str(exc)), indent=2))
            else:
                print_err(f"error: {exc}")
            return EXIT_FINDINGS
    path = [
        {"node": node_id, "prompt": q.prompt, "answer": c.label} for node_id, q, c in session.path()
    ]
    node = session.current
    if args.json:
        print(json.dumps(_walk_json(session, tree), indent=2))
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
    from ..core.tree.schema import tree_json_schema

    text = json.dumps(tree_json_schema(), indent=2) + "\n"
    return write_or_check_generated(args.output, text, "footpain-tui schema", args.check)


# -- explore ----------------------------------------------------------------------------------
def cmd_explore(args: argparse.Namespace) -> int:
    return launch_tui(args)


def add_tree_commands(sub: Any) -> None:
    """Register the tree commands on ``build_parser``'s subparsers."""
    explore = sub.add_parser("explore", help="open the explorer (the default command)")
    explore.add_argument("tree", nargs="?", default=str(default_tree_path()), metavar="TREE")
    explore.add_argument("--cases", default=None, metavar="FILE", help=EXPLORE_CASES_HELP)
    add_app_options(explore)
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
