"""Training commands: ``train``, ``cases check|schema``, ``history`` and ``export-session``.

Textual loads only inside ``train``; the other commands are headless.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..core.records.sessions import (
    SessionNotFoundError,
    list_sessions,
    load_session,
    sessions_dir,
)
from ..core.records.trainees import same_trainee, trainee_label
from ..core.records.transcripts import export_target, render
from ..core.training.case_check import CasesReport, check_cases
from ..core.tree.bundled import CASE_SCHEMA_NAME, default_cases_path, default_tree_path
from ..core.tree.loader import Problem, TreeLoadError
from ..core.tree.model import Tree
from .common import (
    DATA_DIR_HELP,
    EXIT_BAD_FILE,
    EXIT_FINDINGS,
    EXIT_OK,
    open_tree,
    print_err,
    trainee_argument,
    write_or_check_generated,
    write_output,
)
from .tui_launch import add_app_options, launch_tui


def _problems_json(problems: list[Problem]) -> list[dict[str, str]]:
    return [
        {
            "rule": "load",
            "name": "load",
            "file": p.file,
            "path": p.location,
            "message": f"{p.message} (hint: {p.hint})",
        }
        for p in problems
    ]


def _print_report(cases_path: str, report: CasesReport, tree: Tree) -> None:
    for finding in report.file_findings:
        print(f"{cases_path}: {finding}")
    for check in report.cases:
        if check.ok:
            title = tree.result(check.ended_on).title if check.ended_on else ""
            print(f"PASS {check.case_id}: ends on {check.ended_on} ({title}) as expected")
        else:
            print(f"FAIL {check.case_id}: {len(check.findings)} problem(s)")
            for finding in check.findings:
                print(f"  {cases_path}: {finding}")
    passed = len(report.cases) - len(report.failed)
    verdict = "ok" if report.ok else "FAILED"
    print(
        f"{cases_path}: {verdict}: {passed} of {len(report.cases)} cases pass"
        + (f", {len(report.file_findings)} file problem(s)" if report.file_findings else "")
    )


def _report_json(
    tree_path: str, cases_path: str, report: CasesReport | None, errors: list[dict[str, str]]
) -> dict[str, Any]:
    cases = [c.as_dict() for c in report.cases] if report else []
    file_errors = [f.as_dict() for f in report.file_findings] if report else []
    return {
        "tree": tree_path,
        "cases_file": cases_path,
        "ok": report is not None and report.ok and not errors,
        "errors": errors + file_errors,
        "cases": cases,
        "summary": {
            "total": len(cases),
            "passed": sum(c["ok"] for c in cases),
            "failed": sum(not c["ok"] for c in cases),
        },
    }


# -- cases check ------------------------------------------------------------------------------
def cmd_cases_check(args: argparse.Namespace) -> int:
    tree_path, cases_path = args.tree, args.cases

    def fail(code: int, errors: list[dict[str, str]], text: list[str]) -> int:
        if args.json:
            print(json.dumps(_report_json(tree_path, cases_path, None, errors), indent=2))
        else:
            for line in text:
                print_err(line)
        return code

    try:
        tree, index, lint = open_tree(tree_path)
    except TreeLoadError as exc:
        return fail(EXIT_BAD_FILE, _problems_json(exc.problems), [exc.render()])
    from ..core.training.case_file import load_cases

    try:
        case_file = load_cases(cases_path)
    except TreeLoadError as exc:
        return fail(EXIT_BAD_FILE, _problems_json(exc.problems), [exc.render()])
    if not lint.ok:
        errors = [{**f.as_dict(), "file": tree_path} for f in lint.errors]
        text = [f"{tree_path}: the tree has lint errors; cases cannot be checked against it:"]
        text += [f"  {f}" for f in lint.errors] + [f"  run: footpain-tui validate {tree_path}"]
        return fail(EXIT_FINDINGS, errors, text)
    report = check_cases(case_file, tree, index)
    if args.json:
        print(json.dumps(_report_json(tree_path, cases_path, report, []), indent=2))
    else:
        _print_report(cases_path, report, tree)
    return EXIT_OK if report.ok else EXIT_FINDINGS


# -- cases schema -----------------------------------------------------------------------------
def cmd_cases_schema(args: argparse.Namespace) -> int:
    from ..core.training.case_file import case_json_schema

    text = json.dumps(case_json_schema(), indent=2) + "\n"
    return write_or_check_generated(args.output, text, "footpain-tui cases schema", args.check)


# -- train ------------------------------------------------------------------------------------
def cmd_train(args: argparse.Namespace) -> int:
    # --cases defaults to the bundled case file, so it is always loaded and checked up front.
    return launch_tui(args, start_in_training=True)


# -- history ----------------------------------------------------------------------------------
def cmd_history(args: argparse.Namespace) -> int:
    warnings: list[str] = []
    sessions = list_sessions(args.data_dir, warnings)
    if args.trainee is not None:
        sessions = [s for s in sessions if same_trainee(s.trainee, args.trainee)]
    training = [s for s in sessions if s.mode == "training" and s.matched is not None]
    score = {"attempted": len(training), "matched": sum(bool(s.matched) for s in training)}
    for warning in warnings:
        print_err(f"warning: {warning}")
    if args.json:
        print(
            json.dumps(
                {
                    "data_dir": str(sessions_dir(args.data_dir).parent),
                    "sessions": [s.as_dict() for s in sessions],
                    "score": score,
                    "warnings": warnings,
                },
                indent=2,
            )
        )
        return EXIT_OK
    if not sessions:
        whose = f" for trainee {trainee_label(args.trainee)!r}" if args.trainee is not None else ""
        print(f"no sessions recorded{whose} in {sessions_dir(args.data_dir)}")
        return EXIT_OK
    header = ("ID", "STARTED", "TRAINEE", "MODE", "TREE", "CASE", "RESULT", "MATCHED")
    rows = [
        (
            s.session_id,
            s.started_at,
            s.trainee or "-",
            s.mode,
            f"{s.tree_id} {s.tree_version}".strip(),
            s.case_id or "-",
            s.result_id or ("(not finished)" if not s.finished else "-"),
            {True: "yes", False: "no", None: "-"}[s.matched],
        )
        for s in sessions
    ]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    if score["attempted"]:
        percent = round(100 * score["matched"] / score["attempted"])
        print(
            f"\ntraining: {score['attempted']} case{'s' if score['attempted'] != 1 else ''} attempted,"
            f" {score['matched']} matched ({percent}%)"
        )
    return EXIT_OK


# -- export-session ---------------------------------------------------------------------------
def cmd_export_session(args: argparse.Namespace) -> int:
    session_id = None if args.last else args.session_id
    try:
        record = load_session(args.data_dir, session_id)
    except SessionNotFoundError as exc:
        print_err(f"error: {exc}")
        return EXIT_BAD_FILE
    text = render(record, args.format)
    if args.output == "-":
        return write_output("-", text)
    return write_output(
        export_target(record, args.format, args.output),
        text,
        "choose a regular file, a new path or a folder with --output PATH (- for the screen)",
    )


def add_training_commands(sub: Any) -> None:
    """Register the training commands on ``build_parser``'s subparsers."""
    train = sub.add_parser("train", help="training mode: walk case vignettes and get a verdict")
    train.add_argument("tree", nargs="?", default=str(default_tree_path()), metavar="TREE")
    train.add_argument(
        "--cases", default=str(default_cases_path()), metavar="FILE", help="the case file"
    )
    add_app_options(train)
    train.set_defaults(func=cmd_train)

    cases = sub.add_parser("cases", help="check training cases or write their schema")
    cases_sub = cases.add_subparsers(dest="cases_command", metavar="ACTION", required=True)
    check = cases_sub.add_parser(
        "check", help="replay every case through the tree; exit 1 if any fails"
    )
    check.add_argument("tree", metavar="TREE")
    check.add_argument("cases", metavar="CASES")
    check.add_argument("--json", action="store_true", help="print a JSON report")
    check.set_defaults(func=cmd_cases_check)
    schema = cases_sub.add_parser("schema", help=f"write trees/{CASE_SCHEMA_NAME} from the models")
    schema.add_argument(
        "--output", "-o", default=str(default_tree_path().parent / CASE_SCHEMA_NAME)
    )
    schema.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    schema.set_defaults(func=cmd_cases_schema)

    history = sub.add_parser("history", help="list past sessions and the training score")
    history.add_argument("--data-dir", default=None, metavar="DIR", help=DATA_DIR_HELP)
    history.add_argument(
        "--trainee",
        default=None,
        metavar="NAME",
        type=trainee_argument,
        help='only this trainee\'s sessions (capitals do not matter; "" for the anonymous ones)',
    )
    history.add_argument("--json", action="store_true", help="print JSON")
    history.set_defaults(func=cmd_history)

    export = sub.add_parser("export-session", help="write a session transcript (Markdown or JSON)")
    which = export.add_mutually_exclusive_group()
    which.add_argument("session_id", nargs="?", metavar="ID", help="a session id or its prefix")
    which.add_argument("--last", action="store_true", help="the most recent session (default)")
    export.add_argument("--format", "-f", choices=("md", "json"), default="md")
    export.add_argument(
        "--output",
        "-o",
        default=None,
        metavar="PATH",
        help="a file, a folder (or DIR/), or - for standard output"
        " (default: ./footpain-session-ID.md|json)",
    )
    export.add_argument("--data-dir", default=None, metavar="DIR", help=DATA_DIR_HELP)
    export.set_defaults(func=cmd_export_session)
