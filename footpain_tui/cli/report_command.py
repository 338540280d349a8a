"""``report``: the teacher's report over one or more data folders (Markdown, HTML or JSON).

The reading and counting are :mod:`..core.records.class_report`, the writing
:mod:`..core.records.report_render`; both load only when the command runs, and the charting
library (pygal) only for ``--format html``.

Exit codes: 0 the report was written (files that could not be read are skipped, counted in
the report and named on stderr); 2 a data folder that does not exist or cannot be listed, a
``--since`` that is not a date, or an output path that is refused.
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from typing import Any

from .common import EXIT_BAD_FILE, print_err, trainee_argument, write_output

FORMATS = ("md", "html", "json")
# Skipped files named on stderr; the report itself names up to 50 and counts them all.
_NAMED_ON_STDERR = 5


def since_date(text: str) -> date:
    """``--since YYYY-MM-DD`` (only that form: ``date.fromisoformat`` would take 20260301 or
    2026-W09 too, which a reader of the report would not expect)."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            raise ValueError(text)
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: give it as YYYY-MM-DD, such as 2026-03-01"
        ) from None


def cmd_report(args: argparse.Namespace) -> int:
    from ..core.records.class_report import ReportSourceError, build_report, read_class_sessions
    from ..core.records.report_render import render
    from ..core.records.sessions import utc_now

    try:
        sessions = read_class_sessions(args.data_dir or [None])
    except ReportSourceError as exc:
        print_err(f"error: {exc}")
        return EXIT_BAD_FILE
    report = build_report(sessions, trainee=args.trainee, since=args.since, generated_at=utc_now())
    try:
        text = render(report, args.format)
    except ImportError as exc:  # an installation without the charting library
        print_err(
            f"error: the HTML report needs {exc.name or 'pygal'}, which is not installed:"
            " pip install pygal, or choose --format md or json"
        )
        return EXIT_BAD_FILE
    for folder in sessions.empty:
        print_err(
            f"warning: {folder} holds no session files; for a folder of trainees' folders,"
            " name each one: --data-dir FOLDER/*"
        )
    skipped = sessions.skipped
    if skipped:
        print_err(
            f"warning: {len(skipped)} session file{'s' if len(skipped) != 1 else ''} skipped"
            " (unreadable, corrupt or not session records); the report counts and names them"
        )
        for skip in skipped[:_NAMED_ON_STDERR]:
            print_err(f"  {skip}")
        if len(skipped) > _NAMED_ON_STDERR:
            print_err(f"  ... and {len(skipped) - _NAMED_ON_STDERR} more")
    return write_output(args.output or f"footpain-report.{args.format}", text)


def add_report_command(sub: Any) -> None:
    """Register ``report`` on ``build_parser``'s subparsers."""
    report = sub.add_parser(
        "report",
        help="the teacher's report: every training walk in one or more data folders",
        description="Add up the training walks recorded in one or more data folders (a"
        " class's folders copied together, or the one `serve --data-dir` wrote): urgency"
        " under-calls first, then each case, question and trainee.",
    )
    report.add_argument(
        "--data-dir",
        action="extend",
        nargs="+",
        default=None,
        metavar="DIR",
        help="data folders to read (repeat or list several; default: $XDG_DATA_HOME/footpain-tui);"
        " a folder of copied session files works too",
    )
    report.add_argument(
        "--trainee",
        default=None,
        metavar="NAME",
        type=trainee_argument,
        help='only this trainee\'s walks (capitals do not matter; "" for the anonymous ones)',
    )
    report.add_argument(
        "--since",
        default=None,
        metavar="DATE",
        type=since_date,
        help="only walks begun on or after this day (YYYY-MM-DD, UTC)",
    )
    report.add_argument("--format", "-f", choices=FORMATS, required=True)
    report.add_argument(
        "--output",
        "-o",
        default=None,
        metavar="PATH",
        help="the file to write, or - for standard output (default: ./footpain-report.FORMAT)",
    )
    report.set_defaults(func=cmd_report)
