"""The teacher's report as Markdown, JSON or one self-contained HTML page.

All three say the same, in the same order: the urgency under-calls first (the dangerous
error, in words), then the overall rates, each case, each question, each trainee, and what
was read (with the files skipped). The HTML page adds charts (:mod:`.report_charts`, which
loads pygal: only the HTML format pays for it), inline, so the file needs nothing else
to open, print or mail; it is readable in black and white.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from .class_report import (
    ClassReport,
    Marks,
    Rate,
    UrgencyCalls,
    urgency_words,
)
from .trainees import trainee_label

Format = Literal["md", "html", "json"]
FORMATS: tuple[Format, ...] = ("md", "html", "json")
TITLE = "Training report"


# -- words and numbers ------------------------------------------------------------------------
def rate_text(rate: Rate) -> str:
    """ "75% (30 of 40)", or "-" when nothing was counted."""
    percent = rate.percent
    return f"{percent:.0f}% ({rate.hits} of {rate.of})" if percent is not None else "-"


def duration_text(ms: float | None) -> str:
    if ms is None:
        return "-"
    seconds = ms / 1000
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def scope_text(report: ClassReport) -> str:
    """What the report covers, in one sentence."""
    sources = report.sources
    parts = [
        f"{_plural(report.overall.attempts, 'training walk')} with a verdict",
        f"from {_plural(sources.sessions, 'session')} in {_plural(len(sources.folders), 'folder')}",
    ]
    if report.trainee is not None:
        parts.append(f"trainee {trainee_label(report.trainee)!r} only")
    if report.since is not None:
        parts.append(f"begun on or after {report.since.isoformat()} (UTC)")
    return ", ".join(parts) + "."


def under_call_headline(calls: UrgencyCalls, what: str, nothing: str) -> str:
    """The under-calls in words: how many, and what an under-call means."""
    if not calls.total:
        return nothing
    under = calls.counts["under"]
    if not under:
        return f"No under-calls: none of the {_plural(calls.total, what)} was less urgent than its case."
    share = 100 * under / calls.total
    return (
        f"{under} of {_plural(calls.total, what)} ({share:.0f}%) put the patient at a LOWER"
        " urgency than the case needs: that patient would be seen later than is safe."
    )


def worst_text(calls: UrgencyCalls, verb: str, most: int = 3) -> str:
    """The worst under-calls in words ("Ada reached SELF-CARE on ..., which needs ...")."""
    sentences = [
        f"{trainee_label(u.trainee)} {verb} {urgency_words(u.given)} on “{u.case_title}”,"
        f" which needs {urgency_words(u.needed)} ({_plural(u.levels_below, 'level')} below)"
        for u in calls.under[:most]
    ]
    return ("The worst: " + "; ".join(sentences) + ".") if sentences else ""


PREDICTED_NONE = (
    "No urgency predictions are recorded in these sessions (they come with predict-then-reveal"
    " in training)."
)
REACHED_NONE = "No training walk reached a result."


def skipped_text(report: ClassReport) -> str:
    sources = report.sources
    return (
        f"{_plural(sources.files, 'session file')} read, "
        f"{_plural(sources.skipped_files, 'file')} skipped (unreadable, corrupt or not a session"
        f" record), {_plural(sources.damaged_lines, 'damaged line')} skipped inside the others,"
        f" {_plural(sources.duplicates, 'duplicate copy', 'duplicate copies')} of a session"
        f" counted once; {_plural(sources.free_walks, 'free walk')} and"
        f" {_plural(sources.unfinished_training, 'unfinished training walk')} are not counted"
        " above."
    )


# -- tables: header, rows and right-aligned columns, shared by Markdown and HTML ---------------
@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    right: frozenset[int] = frozenset()  # numbers: aligned right, never wrapped


def _when(started_at: str) -> str:
    return started_at.replace("T", " ").removesuffix("Z")


def under_call_table(calls: UrgencyCalls, given: str) -> Table:
    return Table(
        ["trainee", "case", given, "needed", "levels below", "when (UTC)"],
        [
            [
                trainee_label(u.trainee),
                u.case_title,
                urgency_words(u.given),
                urgency_words(u.needed),
                str(u.levels_below),
                _when(u.started_at),
            ]
            for u in calls.under
        ],
        frozenset({4}),
    )


def under_by_case_table(calls: UrgencyCalls, given: str, most: int = 10) -> Table:
    return Table(
        ["case", "under-calls", f"worst: {given}", "needed"],
        [
            [
                f"{c.case_title} ({c.case_id})",
                str(c.count),
                urgency_words(c.worst.given),
                urgency_words(c.worst.needed),
            ]
            for c in calls.by_case()[:most]
        ],
        frozenset({1}),
    )


def calls_table(report: ClassReport) -> Table:
    rows = []
    for label, calls in (("predicted", report.predicted), ("reached by the walk", report.reached)):
        counts = calls.counts
        rows.append(
            [label, *(str(counts[c]) for c in ("under", "right", "over")), str(calls.total)]
        )
    return Table(
        ["urgency", "under-called", "right", "over-called", "of"], rows, frozenset({1, 2, 3, 4})
    )


def _predicted(report: ClassReport) -> bool:
    """Whether any walk in the report made a prediction (else its columns are left out)."""
    overall = report.overall
    return bool(overall.cause.of or overall.urgency.of or report.predicted.total)


def _marks_header(report: ClassReport) -> list[str]:
    header = ["path match"]
    if _predicted(report):
        header += ["cause match", "urgency match", "urgency under-called"]
    return [*header, "walk ended less urgent"]


def _marks_cells(report: ClassReport, marks: Marks) -> list[str]:
    cells = [rate_text(marks.path)]
    if _predicted(report):
        cells += [rate_text(marks.cause), rate_text(marks.urgency), str(marks.under_calls)]
    return [*cells, str(marks.walk_under)]


def _columns(start: int, count: int) -> frozenset[int]:
    return frozenset(range(start, start + count))


def overall_table(report: ClassReport) -> Table:
    overall = report.overall
    header = ["attempts", "trainees", "cases", *_marks_header(report)]
    row = [str(overall.attempts), str(report.trainees_count), str(len(report.cases))]
    return Table(header, [row + _marks_cells(report, overall)], _columns(0, len(header)))


def _named(report: ClassReport, title: str, ident: str, tree: str) -> str:
    return f"{title} ({ident}" + (f", {tree})" if report.several_trees else ")")


def case_table(report: ClassReport) -> Table:
    marks = _marks_header(report)
    header = ["case", "attempts", *marks, "most common first wrong turn", "answered instead"]
    rows = []
    for row in report.cases:
        turn = row.top_wrong_turn
        question = turn.turn.prompt or turn.turn.question if turn else "-"
        instead = (
            f"“{turn.turn.given}” instead of “{turn.turn.expected}”"
            f" ({turn.count} of {row.marks.attempts})"
            if turn
            else "-"
        )
        rows.append(
            [
                _named(report, row.title, row.case_id, row.tree),
                str(row.marks.attempts),
                *_marks_cells(report, row.marks),
                question,
                instead,
            ]
        )
    return Table(header, rows, _columns(1, 1 + len(marks)))


def question_table(report: ClassReport) -> Table:
    """Each question; its time to answer only where the records hold times."""
    timed = any(row.timed for row in report.questions)
    header = ["question", "answered", "first wrong turn"]
    header += ["median time to answer", "answers timed"] if timed else []
    rows = []
    for row in report.questions:
        cells = [
            _named(report, row.prompt or row.question, row.question, row.tree),
            str(row.answered),
            rate_text(Rate(row.first_wrong_turns, row.answered)),
        ]
        rows.append(cells + ([duration_text(row.median_ms), str(row.timed)] if timed else []))
    return Table(header, rows, _columns(1, len(header) - 1))


def trainee_table(report: ClassReport) -> Table:
    marks = _marks_header(report)
    header = ["trainee", "cases done", "attempts", *marks]
    rows = [
        [
            trainee_label(row.trainee),
            str(row.cases_done),
            str(row.marks.attempts),
            *_marks_cells(report, row.marks),
        ]
        for row in report.trainees
    ]
    return Table(header, rows, _columns(1, 2 + len(marks)))


def _danger_parts(report: ClassReport) -> list[tuple[str, str | Table]]:
    """The under-calls section, in order: ("headline" | "text" | "table", content)."""
    parts: list[tuple[str, str | Table]] = []
    for label, calls, what, verb, nothing in (
        ("Predicted", report.predicted, "urgency prediction", "called", PREDICTED_NONE),
        ("Reached by the walk", report.reached, "walk", "reached", REACHED_NONE),
    ):
        parts.append(("headline", f"{label}: {under_call_headline(calls, what, nothing)}"))
        if calls.under:
            parts.append(("text", worst_text(calls, verb)))
            parts.append(("table", under_by_case_table(calls, verb)))
    parts.append(("table", calls_table(report)))
    return parts


SECTIONS = (
    ("cases", "Cases", "The cases with the lowest path match first."),
    ("questions", "Questions", "The questions most often the first wrong turn first."),
    ("trainees", "Trainees", ""),
)


def _section_table(report: ClassReport, name: str) -> Table:
    return {"cases": case_table, "questions": question_table, "trainees": trainee_table}[name](
        report
    )


# -- Markdown ---------------------------------------------------------------------------------
def _md(text: str) -> str:
    """Text for a Markdown table cell or line: nothing in it can start markup or a new cell."""
    escaped = text.replace("\\", "\\\\").replace("\n", " ")
    for char in "|*_`[]<>#":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def _md_table(table: Table) -> list[str]:
    if not table.rows:
        return ["(none)", ""]
    rule = ["---:" if i in table.right else "---" for i in range(len(table.header))]
    lines = ["| " + " | ".join(table.header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in table.rows]
    return [*lines, ""]


def render_markdown(report: ClassReport) -> str:
    lines = [f"# {TITLE}", "", _md(f"Generated {report.generated_at}. {scope_text(report)}"), ""]
    lines += ["## Urgency under-calls: the dangerous error", ""]
    for kind, content in _danger_parts(report):
        if isinstance(content, Table):
            lines += _md_table(content)
        else:
            lines += [f"**{_md(content)}**" if kind == "headline" else _md(content), ""]
    lines += ["## Overall", "", *_md_table(overall_table(report))]
    for name, title, note in SECTIONS:
        lines += [f"## {title}", ""] + ([note, ""] if note else [])
        lines += _md_table(_section_table(report, name))
    lines += ["## Sources", "", _md(skipped_text(report)), ""]
    lines += [f"- folder: {_md(folder)}" for folder in report.sources.folders]
    lines += [f"- skipped: {_md(skip)}" for skip in report.sources.skipped]
    lines.append("")
    for label, calls, given in _appendix(report):
        lines += [f"## Every under-call: {label}", "", *_md_table(under_call_table(calls, given))]
    return "\n".join(lines).rstrip("\n") + "\n"


def _appendix(report: ClassReport) -> list[tuple[str, UrgencyCalls, str]]:
    return [
        (label, calls, given)
        for label, calls, given in (
            ("predicted", report.predicted, "called"),
            ("reached by the walk", report.reached, "reached"),
        )
        if calls.under
    ]


# -- JSON -------------------------------------------------------------------------------------
def render_json(report: ClassReport) -> str:
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"


# -- HTML -------------------------------------------------------------------------------------
_CSS = """
body { font-family: system-ui, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif;
  color: #111; background: #fff; max-width: 62rem; margin: 1.5rem auto; padding: 0 1rem;
  line-height: 1.4; }
h1 { margin-bottom: .2rem; }
h2 { margin-top: 2rem; border-bottom: 2px solid #111; }
p.scope { color: #333; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; margin: .5rem 0 1.2rem; }
th, td { border: 1px solid #888; padding: .2rem .4rem; text-align: left; vertical-align: top; }
th { background: #e8e8e8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
section.danger { border: 3px solid #111; padding: .2rem 1rem .6rem; margin-top: 1rem; }
section.danger h2 { border: none; margin-top: .6rem; }
p.headline { font-size: 1.1rem; font-weight: bold; margin-bottom: .3rem; }
figure { margin: .8rem 0; }
figure svg { width: 100%; height: auto; }
figcaption { font-size: .85rem; color: #333; }
ul.skipped { font-size: .85rem; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  thead { display: table-header-group; }
  tr, figure, section.danger { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _html_table(table: Table, caption: str = "") -> str:
    if not table.rows:
        return "<p>(none)</p>"
    head = "".join(f"<th scope=col>{_e(h)}</th>" for h in table.header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{_e(c)}</td>' if i in table.right else f"<td>{_e(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in table.rows
    )
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(svg: str | None, caption: str) -> str:
    if not svg:
        return ""
    return (
        f'<figure role="img" aria-label="{_e(caption)}">{svg}'
        f"<figcaption>{_e(caption)}</figcaption></figure>"
    )


CHARTS_OF_SECTION = {
    "cases": ("cases",),
    "questions": ("wrong_turns", "times"),
    "trainees": ("trainees",),
}


def render_html(report: ClassReport) -> str:
    from . import report_charts  # pygal loads only for this format

    charts = report_charts.draw_all(report)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(TITLE)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(TITLE)}</h1>",
        f'<p class="scope">Generated {_e(report.generated_at)}. {_e(scope_text(report))}</p>',
        '<section class="danger" id="under-calls">',
        "<h2>Urgency under-calls: the dangerous error</h2>",
    ]
    for kind, content in _danger_parts(report):
        if isinstance(content, Table):
            parts.append(_html_table(content))
        else:
            parts.append(f'<p class="{kind}">{_e(content)}</p>')
    parts += [_figure(charts.get("urgency"), charts.caption("urgency")), "</section>"]
    parts += ['<section id="overall"><h2>Overall</h2>', _html_table(overall_table(report))]
    parts.append("</section>")
    for name, title, note in SECTIONS:
        parts.append(f'<section id="{name}"><h2>{_e(title)}</h2>')
        parts += [
            _figure(charts.get(chart), charts.caption(chart)) for chart in CHARTS_OF_SECTION[name]
        ]
        parts += [_html_table(_section_table(report, name), note), "</section>"]
    parts += ['<section id="sources"><h2>Sources</h2>', f"<p>{_e(skipped_text(report))}</p>"]
    parts.append("<ul>" + "".join(f"<li>{_e(f)}</li>" for f in report.sources.folders) + "</ul>")
    if report.sources.skipped:
        items = "".join(f"<li>{_e(s)}</li>" for s in report.sources.skipped)
        parts.append(f'<p>Skipped:</p><ul class="skipped">{items}</ul>')
    parts.append("</section>")
    for label, calls, given in _appendix(report):
        parts.append(f'<section class="appendix"><h2>Every under-call: {_e(label)}</h2>')
        parts += [_html_table(under_call_table(calls, given)), "</section>"]
    parts.append("</body></html>")
    return "\n".join(p for p in parts if p) + "\n"


RENDERERS: dict[str, Callable[[ClassReport], str]] = {
    "md": render_markdown,
    "json": render_json,
    "html": render_html,
}


def render(report: ClassReport, fmt: str) -> str:
    return RENDERERS[fmt](report)
