"""Training commands: ``train``, ``cases check|coverage|replay|schema``, ``history`` and ``export-session``.

Textual loads only inside ``train``; the other commands are headless.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..core.records.sessions import (
    SessionNotFoundError,
    list_sessions,
    load_session,
    read_sessions,
    sessions_dir,
)
from ..core.records.trainees import same_trainee, trainee_label
from ..core.records.transcripts import export_target, render
from ..core.training.case_check import CasesReport, check_cases
from ..core.training.coverage import DEFAULT_PATH_LIMIT
from ..core.tree.bundled import CASE_SCHEMA_NAME, default_cases_path, default_tree_path
from ..core.tree.loader import Problem, TreeLoadError
from ..core.tree.model import Tree
from .common import (
    DATA_DIR_HELP,
    EXIT_BAD_FILE,
    EXIT_FINDINGS,
    EXIT_OK,
    open_cases_or_exit,
    open_tree,
    open_tree_or_exit,
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


def _is_transcript_file(path: str) -> bool:
    from ..core.tree.loader import read_json_file
    from ..core.tree.replay import is_transcript

    try:
        return is_transcript(read_json_file(path, "file"))
    except TreeLoadError:
        return False


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
        text = [exc.render()]
        if _is_transcript_file(cases_path):
            text.append(
                f"  {cases_path} is a recorded walk, not a case file: replay it with"
                f" footpain-tui cases replay {tree_path} {cases_path}"
            )
        return fail(EXIT_BAD_FILE, _problems_json(exc.problems), text)
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


# -- cases coverage ---------------------------------------------------------------------------
def percent_arg(text: str) -> float:
    """``--min PCT``: a number from 0 to 100 (argparse turns the error into exit 2)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number (a percentage, 0-100)"
        ) from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text} is not a percentage from 0 to 100")
    return value


def positive_int_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is below 0")
    return value


def cmd_cases_coverage(args: argparse.Namespace) -> int:
    from ..core.training.coverage import case_walks, coverage_data, coverage_text, measure

    tree_path, cases_path = args.tree, args.cases
    opened = open_tree_or_exit(tree_path)
    if isinstance(opened, int):
        return opened
    tree, index = opened
    case_file = open_cases_or_exit(tree, index, tree_path, cases_path)
    if isinstance(case_file, int):
        return case_file
    coverage = measure(tree, index, case_walks(case_file, tree, index), path_limit=args.paths)
    if args.json:
        print(json.dumps(coverage_data(coverage, tree, tree_path, cases_path, args.min), indent=2))
    else:
        print(coverage_text(coverage, tree, tree_path, cases_path), end="")
    if args.min is None:
        return EXIT_OK
    below = coverage.below(args.min)
    for measure_name in below:
        done = {"results": coverage.results_percent, "choices": coverage.choices_percent}
        print_err(
            f"{cases_path}: {measure_name} coverage {done[measure_name]:.1f}% is below --min"
            f" {args.min:g}%: add cases for the {measure_name} listed as not covered"
        )
    return EXIT_FINDINGS if below else EXIT_OK


# -- cases replay -----------------------------------------------------------------------------
def transcript_files(paths: list[str]) -> list[Path]:
    """The files named, a folder standing for the ``*.json`` files in it (sorted)."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        files += sorted(path.glob("*.json")) if path.is_dir() else [path]
    return files


def _replay_one(tree: Tree, index: Any, file: Path) -> dict[str, Any]:
    """One transcript replayed: a dict for the report (``error`` set when unreadable)."""
    from ..core.tree.loader import read_json_file
    from ..core.tree.replay import TranscriptError, read_transcript, replay

    entry: dict[str, Any] = {"file": str(file), "ok": False, "error": None, "failure": None}
    try:
        data = read_json_file(file, "transcript")
        walk = read_transcript(data)
    except TreeLoadError as exc:
        entry["error"] = exc.render()
        return entry
    except TranscriptError as exc:
        where = f"{file}:{exc.where}" if exc.where else str(file)
        message = str(exc).removeprefix(f"{exc.where}: ") if exc.where else str(exc)
        hint = "a recorded walk is the JSON that `footpain-tui export-session --format json` writes"
        if isinstance(data, dict) and "cases" in data:
            hint = f"this is a case file: check it with footpain-tui cases check TREE {file}"
        entry["error"] = f"{where}: {message}\n  hint: {hint}"
        return entry
    replayed = replay(tree, walk, index)
    failure = replayed.failure
    entry.update(
        ok=replayed.ok,
        case=walk.case,
        steps=len(walk.steps),
        replayed=len(replayed.steps),
        recorded_result=walk.result_id,
        ended_on=replayed.stands_on,
        failure=None
        if failure is None
        else {"step": failure.step, "question": failure.question, "message": str(failure)},
        warnings=list(replayed.warnings),
    )
    return entry


def cmd_cases_replay(args: argparse.Namespace) -> int:
    opened = open_tree_or_exit(args.tree)
    if isinstance(opened, int):
        return opened
    tree, index = opened
    files = transcript_files(args.transcripts)
    if not files:
        print_err(
            f"no transcript found in {', '.join(args.transcripts)} (a folder is read for *.json)"
        )
        return EXIT_BAD_FILE
    entries = [_replay_one(tree, index, file) for file in files]
    unreadable = [e for e in entries if e["error"]]
    failed = [e for e in entries if not e["ok"] and not e["error"]]
    if args.json:
        report = {
            "tree": args.tree,
            "ok": not unreadable and not failed,
            "walks": entries,
            "summary": {
                "total": len(entries),
                "passed": len(entries) - len(unreadable) - len(failed),
                "failed": len(failed),
                "unreadable": len(unreadable),
            },
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for entry in entries:
            if entry["error"]:
                print(f"ERROR {entry['error']}")
                continue
            for warning in entry["warnings"]:
                print(f"note {entry['file']}: {warning}")
            if entry["ok"]:
                end = entry["ended_on"]
                node = tree.nodes[end]
                what = f"ends on {end} ({getattr(node, 'title', '')}) as recorded"
                if entry["recorded_result"] is None:
                    what = f"stands at {end} as recorded (the walk did not reach a result)"
                steps = f"{entry['steps']} step{'s' if entry['steps'] != 1 else ''}"
                print(f"PASS {entry['file']}: {steps}, {what}")
            else:
                print(f"FAIL {entry['file']}: {entry['failure']['message']}")
        passed = len(entries) - len(unreadable) - len(failed)
        verdict = "ok" if not unreadable and not failed else "FAILED"
        print(f"{args.tree}: {verdict}: {passed} of {len(entries)} recorded walks replay")
    if unreadable:
        return EXIT_BAD_FILE
    return EXIT_FINDINGS if failed else EXIT_OK


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
def cmd_history_stats(args: argparse.Namespace) -> int:
    """``history --stats``: the median time per question across sessions, and where
    trainees hesitate most."""
    from ..core.records.stats import answer_times, duration

    warnings: list[str] = []
    records = read_sessions(args.data_dir, warnings)
    if args.trainee is not None:
        records = (r for r in records if same_trainee(r.trainee, args.trainee))
    times = answer_times(records)
    for warning in warnings:
        print_err(f"warning: {warning}")
    if args.json:
        data = {"data_dir": str(sessions_dir(args.data_dir).parent), **times.as_dict()}
        print(json.dumps(data | {"warnings": warnings}, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not times.questions:
        print(f"no answer times recorded in {sessions_dir(args.data_dir)}")
        return EXIT_OK
    trees = len({q.tree_id for q in times.questions})
    print(
        f"answer times: {times.answers} answer{'s' if times.answers != 1 else ''} in"
        f" {times.sessions}"
        f" session{'s' if times.sessions != 1 else ''}, slowest median first\n"
    )
    header = ("QUESTION", "ANSWERS", "MEDIAN", "SLOWEST", "PROMPT")
    rows = [
        (
            f"{q.tree_id}:{q.question_id}" if trees > 1 else q.question_id,
            str(q.answers),
            duration(q.median_ms),
            duration(q.slowest_ms),
            q.prompt,
        )
        for q in times.questions
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        cells = [v.ljust(w) for v, w in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]).rstrip())
    print("\ntrainees hesitate most at:")
    for n, q in enumerate(times.hesitations(), 1):
        answers = f"{q.answers} answer{'s' if q.answers != 1 else ''}"
        print(f"  {n}. {q.question_id}, median {duration(q.median_ms)} over {answers}: {q.prompt}")
    return EXIT_OK


def _prediction_score(training: list[Any]) -> dict[str, int]:
    """The cause and urgency marks of the training sessions that recorded a prediction."""
    marked = [s.marks for s in training if s.marks and s.marks.get("urgency") is not None]
    return {
        "predicted": len(marked),
        "cause_right": sum(m.get("cause") is True for m in marked),
        "urgency_right": sum(m.get("urgency") is True for m in marked),
        "under_called": sum(m.get("urgency_call") == "under" for m in marked),
        "over_called": sum(m.get("urgency_call") == "over" for m in marked),
    }


def cmd_history(args: argparse.Namespace) -> int:
    if args.stats:
        return cmd_history_stats(args)
    warnings: list[str] = []
    sessions = list_sessions(args.data_dir, warnings)
    if args.trainee is not None:
        sessions = [s for s in sessions if same_trainee(s.trainee, args.trainee)]
    training = [s for s in sessions if s.mode == "training" and s.matched is not None]
    score = {"attempted": len(training), "matched": sum(bool(s.matched) for s in training)}
    score |= _prediction_score(training)
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
    if score["predicted"]:  # the dangerous mistake first
        predicted = score["predicted"]
        print(
            f"predictions: urgency under-called in {score['under_called']} of {predicted}"
            f" (judged less urgent than it was), over-called in {score['over_called']};"
            f" urgency right {score['urgency_right']} of {predicted},"
            f" cause right {score['cause_right']} of {predicted}"
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
    coverage = cases_sub.add_parser(
        "coverage",
        help="which results, choices and paths the cases exercise; exit 1 under --min",
    )
    coverage.add_argument("tree", metavar="TREE")
    coverage.add_argument("cases", metavar="CASES")
    coverage.add_argument("--json", action="store_true", help="print a JSON report")
    coverage.add_argument(
        "--min",
        type=percent_arg,
        default=None,
        metavar="PCT",
        help="exit 1 when the results or the choices covered are below PCT percent",
    )
    coverage.add_argument(
        "--paths",
        type=positive_int_arg,
        default=DEFAULT_PATH_LIMIT,
        metavar="N",
        help=f"list at most N uncovered paths (default {DEFAULT_PATH_LIMIT}); they are always counted",
    )
    coverage.set_defaults(func=cmd_cases_coverage)
    replay = cases_sub.add_parser(
        "replay",
        help="replay recorded walks (export-session --format json) against a tree; exit 1 if"
        " any no longer fits",
    )
    replay.add_argument("tree", metavar="TREE")
    replay.add_argument(
        "transcripts",
        nargs="+",
        metavar="TRANSCRIPT",
        help="JSON transcripts, or folders of them (*.json)",
    )
    replay.add_argument("--json", action="store_true", help="print a JSON report")
    replay.set_defaults(func=cmd_cases_replay)
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
    history.add_argument(
        "--stats",
        action="store_true",
        help="the median answer time per question across sessions, and where trainees"
        " hesitate most",
    )
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
