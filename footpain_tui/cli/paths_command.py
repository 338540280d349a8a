"""``paths``: every root-to-result path of a tree as one table, for a clinical reviewer.

One row per path: its answers (a checklist's choices each count as an edge; an answer that
reports a warning sign or carries an urgency floor is marked), the result, its effective
urgency (the result's own raised by the floors passed: both are shown, with the findings
that raised it) and the red-flag screens passed. Markdown, CSV or JSON; a huge tree is cut
at ``--limit`` paths with a message, never enumerated for ever. ``--summary`` gives the
tree in a few paragraphs instead (what the README shows of the bundled tree).
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
from pathlib import Path
from typing import Any

from ..core.tree.graph import TreeIndex
from ..core.tree.loader import TreeLoadError
from ..core.tree.model import Tree
from ..core.tree.paths import PathAnswer, TreePath, possible_paths
from ..core.tree.summary import path_figures, summarise
from .common import (
    EXIT_BAD_FILE,
    EXIT_FINDINGS,
    EXIT_OK,
    open_cases_or_exit,
    open_tree,
    print_err,
)

DEFAULT_LIMIT = 10_000
# Marks an answer that reports a warning sign (any answer to a red-flag question but its
# negative one) in the Markdown and CSV tables.
WARNING_MARK = "⚠"


def _answer_text(path: TreePath) -> str:
    return " → ".join(
        f"{a.question_id}: {a.choice.label}"
        + (f" {WARNING_MARK}" if a.warning_sign else "")
        + (f" (floor: {a.choice.urgency_floor.value})" if a.choice.urgency_floor else "")
        for a in path.answers
    )


def _sign(answer: PathAnswer) -> str:
    """A warning sign in words: the choice's finding, else ``question: label``."""
    return answer.choice.finding or f"{answer.question_id}: {answer.choice.label}"


def _row(number: int, path: TreePath) -> dict[str, Any]:
    effective = path.effective_urgency
    return {
        "path": number,
        "answers": _answer_text(path),
        "warning_signs": "; ".join(_sign(a) for a in path.warning_signs),
        "result": path.result_id,
        "title": path.result.title,
        "urgency": effective.urgency.value,
        "result_urgency": effective.base.value,
        "raised_by": "; ".join(effective.reasons),
        "red_flag_screens": ", ".join(path.red_flag_screens),
    }


def _urgency_cell(row: dict[str, Any]) -> str:
    """``soon``, or ``soon (self_care raised by: low immunity)``."""
    if not row["raised_by"]:
        return row["urgency"]
    return f"{row['urgency']} ({row['result_urgency']} raised by: {row['raised_by']})"


def _markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _left_out(left_out: int) -> str:
    if not left_out:
        return ""
    paths = "path is" if left_out == 1 else "paths are"
    return (
        f" {left_out} more {paths} left out: on each, an answer contradicts an earlier one"
        " (its choice's `contradicts`), so no patient can take it."
    )


def render_markdown(tree: Tree, paths: list[TreePath], total: int, left_out: int = 0) -> str:
    lines = [
        f"# Paths: {tree.meta.title} ({tree.meta.id} {tree.meta.version})",
        "",
        f"{len(paths)} of {total} paths from `{tree.start}` to a result.{_left_out(left_out)}"
        f" {WARNING_MARK} marks an"
        " answer that reports a warning sign (any answer to a red-flag question but its"
        " negative one); (floor: ...) an answer that makes every later result at least that"
        " urgent. The urgency is the result's own, raised by the floors passed.",
        "",
        "| # | answers | warning signs | result | urgency | red-flag screens passed |",
        "|---:|---|---|---|---|---|",
    ]
    for number, path in enumerate(paths, 1):
        row = _row(number, path)
        cells = [
            str(number),
            row["answers"],
            row["warning_signs"] or "none",
            f"{row['title']} (`{row['result']}`)",
            _urgency_cell(row),
            row["red_flag_screens"] or "none",
        ]
        lines.append("| " + " | ".join(_markdown_cell(c) for c in cells) + " |")
    if len(paths) < total:
        lines += ["", f"Cut at {len(paths)} paths: pass `--limit {total}` to list all {total}."]
    return "\n".join(lines) + "\n"


def render_csv(paths: list[TreePath]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out,
        fieldnames=[
            "path",
            "answers",
            "warning_signs",
            "result",
            "title",
            "urgency",
            "result_urgency",
            "raised_by",
            "red_flag_screens",
        ],
        lineterminator="\n",
    )
    writer.writeheader()
    for number, path in enumerate(paths, 1):
        writer.writerow(_row(number, path))
    return out.getvalue()


def render_json(tree: Tree, paths: list[TreePath], total: int, left_out: int = 0) -> str:
    data = {
        "tree": tree.meta.id,
        "version": tree.meta.version,
        "start": tree.start,
        "total_paths": total,
        "contradictory_left_out": left_out,
        "listed": len(paths),
        "truncated": len(paths) < total,
        "paths": [
            {
                "number": number,
                "answers": [
                    {
                        "question": a.question_id,
                        "prompt": a.question.prompt,
                        "kind": a.question.kind,
                        "choice": a.choice_index + 1,
                        "answer": a.choice.label,
                        "finding": a.choice.finding,
                        "red_flag": a.question.red_flag,
                        "warning_sign": a.warning_sign,
                        "urgency_floor": (
                            a.choice.urgency_floor.value if a.choice.urgency_floor else None
                        ),
                    }
                    for a in path.answers
                ],
                "result": path.result_id,
                "title": path.result.title,
                "urgency": path.effective_urgency.urgency.value,
                "result_urgency": path.result.urgency.value,
                "raised_by": list(path.effective_urgency.reasons),
                "red_flag_screens": list(path.red_flag_screens),
                "warning_signs": [_sign(a) for a in path.warning_signs],
            }
            for number, path in enumerate(paths, 1)
        ],
    }
    return json.dumps(data, indent=2) + "\n"


def cmd_paths(args: argparse.Namespace) -> int:
    try:
        tree, index, report = open_tree(args.tree, warnings=False)
    except TreeLoadError as exc:
        print_err(exc.render())
        return EXIT_BAD_FILE
    broken = [f for f in report.errors if f.rule.id in ("FP101", "FP103")]
    if broken:
        print_err(f"{args.tree}: the paths cannot be listed: the graph itself is broken:")
        for finding in broken:
            print_err(f"  {finding}")
        return EXIT_FINDINGS
    if args.summary:
        return _print_summary(args, tree, index)
    if args.cases:
        print_err("--cases goes with --summary (the figures of the cases)")
        return EXIT_BAD_FILE
    if args.limit < 1:
        print_err(f"--limit must be 1 or more, not {args.limit}")
        return EXIT_BAD_FILE
    figures = path_figures(tree, index)
    total, left_out = figures.total, figures.contradictory
    paths = list(itertools.islice(possible_paths(tree, index), args.limit))
    if args.format == "md":
        text = render_markdown(tree, paths, total, left_out)
    elif args.format == "csv":
        text = render_csv(paths)
    else:
        text = render_json(tree, paths, total, left_out)
    if args.output:
        from ..core.storage import write_text_atomic

        try:
            write_text_atomic(Path(args.output), text)
        except OSError as exc:
            print_err(f"{args.output}: cannot write: {exc.strerror or exc}")
            return EXIT_BAD_FILE
        print_err(f"wrote {len(paths)} paths to {args.output}")
    else:
        print(text, end="")
    if len(paths) < total:
        print_err(
            f"{args.tree}: listed the first {len(paths)} of {total} paths;"
            f" pass --limit {total} to list them all"
        )
    if not report.ok:
        print_err(
            f"{args.tree}: note: the tree has {len(report.errors)} lint errors;"
            f" run: footpain-tui validate {args.tree}"
        )
    return EXIT_OK


def _print_summary(args: argparse.Namespace, tree: Tree, index: TreeIndex) -> int:
    """``--summary``: the tree in words and figures (and its cases' with ``--cases``)."""
    figures = None
    if args.cases:
        from ..core.training.case_check import case_figures

        case_file = open_cases_or_exit(tree, index, args.tree, args.cases)
        if isinstance(case_file, int):
            return case_file
        figures = case_figures(case_file, tree, index, source=args.cases)
    print(summarise(tree, index, figures), end="")
    return EXIT_OK


def add_paths_command(sub: Any) -> None:
    """Register ``paths`` on ``build_parser``'s subparsers."""
    paths = sub.add_parser(
        "paths", help="list every path from start to a result, for a clinical review"
    )
    paths.add_argument("tree", metavar="TREE")
    paths.add_argument(
        "--format", choices=("md", "csv", "json"), default="md", help="table format (default md)"
    )
    paths.add_argument("--output", "-o", default=None, metavar="PATH", help="write to a file")
    paths.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"list at most N paths (default {DEFAULT_LIMIT}); a bigger tree is cut with a message",
    )
    paths.add_argument(
        "--summary",
        action="store_true",
        help="print the tree in a few paragraphs of Markdown instead: figures, red-flag screens,"
        " urgency floors and branches (the README's section on the bundled tree)",
    )
    paths.add_argument(
        "--cases",
        default=None,
        metavar="CASES",
        help="with --summary: add the figures of this training case file",
    )
    paths.set_defaults(func=cmd_paths)
