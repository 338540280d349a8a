"""Tree commands: ``explore`` (the default), ``validate``, ``walk`` and ``schema``."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from ..core.tree.bundled import default_tree_path
from ..core.tree.citations import cite, cite_all
from ..core.tree.findings import StepFindings, findings_reported, walk_findings
from ..core.tree.floors import EffectiveUrgency
from ..core.tree.lint import LintReport
from ..core.tree.loader import TreeLoadError
from ..core.tree.model import Question, Result, Tree, to_data
from ..core.tree.validation import load_failure_report, validation_report
from ..core.tree.walk import AnswerError, StartNodeError, WalkSession
from .common import (
    EXIT_BAD_FILE,
    EXIT_FINDINGS,
    EXIT_OK,
    open_tree,
    open_tree_or_exit,
    print_err,
    write_or_check_generated,
)

# A command line naming something the tree does not have (``walk --start NODE``) is a usage
# error, which shares exit code 2 with a file that cannot be used.
from .tui_launch import (
    EXIT_USAGE,
    EXPLORE_CASES_HELP,
    START_HELP,
    add_app_options,
    app_option_defaults,
    launch_tui,
)

if TYPE_CHECKING:
    import argparse


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
        "kind": q.kind,
        "prompt": q.prompt,
        "red_flag": q.red_flag,
        "choices": [
            {
                "number": i,
                "label": c.label,
                "key": c.key,
                "next": c.next,
                "finding": c.finding,
                "negative": c.negative,
                "urgency_floor": c.urgency_floor.value if c.urgency_floor else None,
            }
            for i, c in enumerate(q.choices, 1)
        ],
    }


def _result_json(
    node_id: str,
    r: Result,
    tree: Tree,
    steps: list[StepFindings],
    effective: EffectiveUrgency,
) -> dict[str, Any]:
    sources = tree.meta.sources
    data = to_data(r)
    data["id"] = node_id
    data["effective_urgency"] = effective.urgency.value
    data["urgency_raised_by"] = list(effective.reasons)
    data["urgency_note"] = effective.explanation()
    data["condition_names"] = [
        tree.conditions[c].name for c in r.conditions if c in tree.conditions
    ]
    data["condition_details"] = [
        {
            "id": c,
            **to_data(tree.conditions[c]),
            "citations": _citations(tree.conditions[c].sources, tree),
        }
        for c in r.conditions
        if c in tree.conditions
    ]
    for item, discriminator in zip(data["discriminators"], r.discriminators, strict=True):
        item["citations"] = _citations(discriminator.sources, tree)
    data["citations"] = [cite(ref, sources) for ref in r.sources]
    data["you_reported"] = list(findings_reported(steps))
    data["why"] = [step.summary() for step in steps]
    return data


def _citations(refs: Any, tree: Tree) -> list[str]:
    return [cite(ref, tree.meta.sources) for ref in refs]


def _condition_name(tree: Tree, condition_id: str) -> str:
    condition = tree.conditions.get(condition_id)
    return condition.name if condition else condition_id


def _print_list(heading: str, items: Any) -> None:
    if items:
        print(f"\n{heading}:")
        print("\n".join(f"  - {item}" for item in items))


def _print_result(
    node: Result, tree: Tree, steps: list[StepFindings], effective: EffectiveUrgency
) -> None:
    sources = tree.meta.sources
    urgency = effective.urgency
    print(f"\nRESULT: {node.title} [{urgency.label}: {urgency.meaning}]")
    if effective.raised:
        print(f"  (urgency {effective.explanation()}; the result alone is {node.urgency.label})")
    for rank, cid in enumerate(node.conditions, 1):
        print(f"  {rank}. {_condition_name(tree, cid)}")
    reported = findings_reported(steps)
    if reported:
        print(f"\nYou reported: {', '.join(reported)}")
    _print_list("Why this result", [step.summary() for step in steps])
    print(f"\n{node.explanation}")
    _print_list(
        "What tells them apart",
        [
            f"{_condition_name(tree, d.condition)} vs {_condition_name(tree, d.versus)}: {d.text}"
            + (f" ({cite_all(d.sources, sources)})" if d.sources else "")
            for d in node.discriminators
        ],
    )
    _print_list("Do not miss", node.pitfalls)
    _print_list("Examination", node.examination)
    _print_list("Investigations", node.investigations)
    _print_list("Next steps", node.next_steps)
    _print_list("When to seek help", node.seek_help)
    for cid in node.conditions:
        condition = tree.conditions.get(cid)
        if condition is None or not (
            condition.history or condition.examination or condition.red_flags
        ):
            continue
        print(f"\n{condition.name}:")
        for heading, items in (
            ("typical history", condition.history),
            ("on examination", condition.examination),
            ("warning signs", condition.red_flags),
        ):
            for item in items:
                print(f"  - {heading}: {item}")
        if condition.sources:
            print(f"  ({cite_all(condition.sources, sources)})")
    if node.sources:
        print(f"\nSources: {cite_all(node.sources, sources)}")


def _step_json(step: StepFindings) -> dict[str, Any]:
    return {
        "node": step.node_id,
        "prompt": step.question.prompt,
        "answer": step.choices[0].label,
        "ticked": [c.label for c in step.choices],
        "findings": list(step.findings),
        "warning_sign": step.warning_sign,
    }


def _walk_json(session: WalkSession, tree: Tree, error: str | None = None) -> dict[str, Any]:
    """The walk as it stands; with ``error``, why the next answer was refused."""
    steps = walk_findings(session)
    node = session.current
    out: dict[str, Any] = {"ok": error is None}
    if error is not None:
        out["error"] = error
    out["start"] = session.start_id
    out["path"] = [_step_json(step) for step in steps]
    out["finished"] = session.finished
    out["result"] = (
        _result_json(session.current_id, node, tree, steps, session.urgency_of(node))
        if isinstance(node, Result)
        else None
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
    try:
        session = WalkSession(tree, index, start=args.start)
    except StartNodeError as exc:
        print_err(f"{args.tree}: --start: {exc}")
        return EXIT_USAGE
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
    if args.json:
        print(json.dumps(_walk_json(session, tree), indent=2))
        return EXIT_OK
    steps = walk_findings(session)
    node = session.current
    if session.started_mid_tree:
        skipped = (
            "; the red-flag screens before it were not asked"
            if session.skipped_red_flag_screens
            else ""
        )
        print(f"(started at {session.start_id}, not at the tree's start {tree.start}{skipped})")
    for i, step in enumerate(steps, 1):
        answered = "; ".join(c.label for c in step.choices)
        print(f"{i}. {step.question.prompt}\n   -> {answered}")
    if isinstance(node, Result):
        _print_result(node, tree, steps, session.urgency_of(node))
    else:
        flag = " [RED FLAG]" if node.red_flag else ""
        how = ' (tick all that apply: --answer "1,3")' if node.multiple else ""
        print(f"\nQUESTION{flag}: {node.prompt}{how}")
        for i, c in enumerate(node.choices, 1):
            print(f"  {i}. {c.label}" + (f"  [{c.key}]" if c.key else ""))
    return EXIT_OK


# -- schema -----------------------------------------------------------------------------------
def cmd_schema(args: argparse.Namespace) -> int:
    from ..core.tree.schema import tree_json_schema

    text = json.dumps(tree_json_schema(), indent=2) + "\n"
    return write_or_check_generated(args.output, text, "footpain-tui schema", args.check)


# -- explore ----------------------------------------------------------------------------------
def cmd_explore(args: argparse.Namespace | SimpleNamespace) -> int:
    return launch_tui(args)


def default_explore_args() -> SimpleNamespace:
    """What the parser makes of a bare ``footpain-tui`` (``explore`` with every default),
    without building the parser: see :func:`footpain_tui.cli.main`."""
    return SimpleNamespace(
        command="explore",
        tree=str(default_tree_path()),
        cases=None,
        start=None,
        func=cmd_explore,
        **app_option_defaults(),
    )


def add_tree_commands(sub: Any) -> None:
    """Register the tree commands on ``build_parser``'s subparsers."""
    explore = sub.add_parser("explore", help="open the explorer (the default command)")
    explore.add_argument("tree", nargs="?", default=str(default_tree_path()), metavar="TREE")
    explore.add_argument("--cases", default=None, metavar="FILE", help=EXPLORE_CASES_HELP)
    explore.add_argument("--start", default=None, metavar="NODE", help=START_HELP)
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
        help=(
            "a choice number, shortcut key, next-node id or label prefix (repeat per question);"
            ' on a checklist, several separated by commas: "fever,redness" or "1,3"'
        ),
    )
    walk.add_argument(
        "--start",
        default=None,
        metavar="NODE",
        help="start the walk at this node instead of the tree's start (exit 2 if unknown)",
    )
    walk.add_argument("--json", action="store_true", help="print the walk as JSON")
    walk.set_defaults(func=cmd_walk)

    schema = sub.add_parser("schema", help="write trees/schema.json from the models")
    schema.add_argument("--output", "-o", default=str(default_tree_path().parent / "schema.json"))
    schema.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    schema.set_defaults(func=cmd_schema)
