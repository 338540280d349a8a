"""The HTML report's charts, drawn by matplotlib as SVG text to inline in the page.

matplotlib is imported here and nowhere else, and this module only by the HTML renderer,
so no other command (nor the other formats) pays for loading it. Figures are built with the
object API (``Figure``, no pyplot: no global state, no GUI backend) and saved as SVG whose
text stays text (``svg.fonttype: none``: selectable, printable, small). Every series is told
apart by shape, fill and hatching as well as by grey level, so the charts read the same
printed in black and white. Text from records is never read as mathtext (``$``). The output
of the same report is the same bytes (no date in the metadata, ids salted by chart name).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from .class_report import ClassReport, Marks, UrgencyCalls
from .trainees import trainee_label

WIDTH_INCHES = 7.2  # an A4 or Letter page's text width
MOST_ROWS = 25  # rows in one chart; the tables below each chart have them all
LABEL_CHARS = 52
CHAR_INCHES = 0.064  # the width of an average character at the font size below

_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "text.parse_math": False,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica", "sans-serif"],
    "font.size": 8.5,
    "axes.edgecolor": "#222222",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.linewidth": 0.6,
    "legend.frameon": False,
}

# Path, cause and urgency: a filled black circle, a white triangle, a grey square.
_MARK = {"markersize": 6, "markeredgecolor": "black", "markeredgewidth": 0.8}
_MARKS_STYLE = (
    ("path", "path match", {"marker": "o", "markerfacecolor": "black", **_MARK}),
    ("cause", "cause match", {"marker": "^", "markerfacecolor": "white", **_MARK}),
    ("urgency", "urgency match", {"marker": "s", "markerfacecolor": "#9a9a9a", **_MARK}),
)
_CALL_STYLE = (
    ("under", "under-called", {"color": "black", "edgecolor": "black"}, "white"),
    ("right", "right", {"color": "white", "edgecolor": "black"}, "black"),
    ("over", "over-called", {"color": "#c8c8c8", "edgecolor": "black", "hatch": "xx"}, "black"),
)


@dataclass
class Charts:
    """Each chart's SVG by name (absent when there is nothing to draw), and its caption."""

    svgs: dict[str, str] = field(default_factory=dict)
    captions: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        return self.svgs.get(name)

    def caption(self, name: str) -> str:
        return self.captions.get(name, "")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _svg(figure: Figure, name: str) -> str:
    out = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": f"footpain-{name}"}):
        figure.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    return text[text.index("<svg") :]  # inline: no XML declaration or doctype


def _figure(labels: Sequence[str], per_row: float = 0.26) -> tuple[Figure, Any]:
    """A figure with room for ``labels`` (one row each) on the left and a legend on top.

    The margins are worked out from the labels' length rather than measured by a second
    drawing (``bbox_inches="tight"``), which would double the time each chart takes.
    """
    top, bottom = 0.42, 0.38
    height = top + bottom + per_row * len(labels)
    left = 0.2 + CHAR_INCHES * max((len(_short(label)) for label in labels), default=0)
    figure = Figure(figsize=(WIDTH_INCHES, height))
    figure.subplots_adjust(
        left=left / WIDTH_INCHES,
        right=1 - 0.25 / WIDTH_INCHES,
        top=1 - top / height,
        bottom=bottom / height,
    )
    return figure, figure.add_subplot()


def _rows_axis(axes: Any, labels: Sequence[str]) -> None:
    axes.set_yticks(range(len(labels)), labels=[_short(label) for label in labels])
    axes.set_ylim(len(labels) - 0.5, -0.5)  # the first row on top
    axes.tick_params(axis="y", length=0)


def _marks_chart(name: str, labels: Sequence[str], marks: Sequence[Marks]) -> str:
    """One row per label, a marker per rate (path, cause, urgency) on a 0-100% scale."""
    figure, axes = _figure(labels)
    for offset, (key, label, style) in zip((-0.22, 0.0, 0.22), _MARKS_STYLE, strict=True):
        points = [
            (getattr(m, key).percent, row + offset)
            for row, m in enumerate(marks)
            if getattr(m, key).percent is not None
        ]
        if points:
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, linestyle="none", label=label, zorder=3, **style)
    _rows_axis(axes, labels)
    axes.set_xlim(-4, 104)
    axes.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    axes.grid(axis="x", color="#bbbbbb", linewidth=0.5)
    for row in range(len(labels)):
        axes.axhline(row, color="#e4e4e4", linewidth=0.5, zorder=0)
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=3, handletextpad=0.3)
    return _svg(figure, name)


def _calls_chart(rows: Sequence[tuple[str, UrgencyCalls]]) -> str:
    """One 100% bar per row: under-called, right, over-called, with their counts."""
    labels = [f"{label} ({calls.total})" for label, calls in rows]
    figure, axes = _figure(labels, 0.55)
    for row, (_label, calls) in enumerate(rows):
        left = 0.0
        for key, label, style, ink in _CALL_STYLE:
            count = calls.counts[key]
            share = 100 * count / calls.total
            axes.barh(row, share, left=left, height=0.6, label=label if row == 0 else None, **style)
            if count and share >= 4:
                # On a white patch over the hatching, so the count reads in any print.
                patch = (
                    {"facecolor": "white", "edgecolor": "none", "pad": 1} if key == "over" else None
                )
                axes.text(
                    left + share / 2,
                    row,
                    str(count),
                    ha="center",
                    va="center",
                    color=ink,
                    bbox=patch,
                )
            left += share
    _rows_axis(axes, labels)
    axes.set_xlim(0, 100)
    axes.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=3)
    return _svg(figure, "urgency")


def _bars_chart(
    name: str, labels: Sequence[str], values: Sequence[float], texts: Sequence[str], style: dict
) -> str:
    figure, axes = _figure(labels, 0.24)
    bars = axes.barh(range(len(labels)), values, height=0.62, **style)
    axes.bar_label(bars, labels=list(texts), padding=3)
    _rows_axis(axes, labels)
    axes.margins(x=0.12)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="x", color="#bbbbbb", linewidth=0.5)
    axes.set_axisbelow(True)
    return _svg(figure, name)


def draw_all(report: ClassReport) -> Charts:
    """Every chart the report has data for."""
    charts = Charts()
    with matplotlib.rc_context(_RC):
        calls = [
            (label, c)
            for label, c in (
                ("predicted", report.predicted),
                ("reached by the walk", report.reached),
            )
            if c.total
        ]
        if calls:
            charts.svgs["urgency"] = _calls_chart(calls)
            charts.captions["urgency"] = (
                "Urgency against each case's: under-called (black, the dangerous error), right"
                " (white), over-called (grey, cross-hatched)."
            )
        cases = report.cases[:MOST_ROWS]
        if cases:
            charts.svgs["cases"] = _marks_chart(
                "cases", [row.title for row in cases], [row.marks for row in cases]
            )
            shown = "" if len(cases) == len(report.cases) else f"the {len(cases)} lowest; "
            charts.captions["cases"] = (
                f"Match rates per case, lowest path match first ({shown}every case is in the"
                " table): path (black circle), cause (white triangle), urgency (grey square)."
            )
        wrong = [row for row in report.questions if row.first_wrong_turns][:MOST_ROWS]
        if wrong:
            charts.svgs["wrong_turns"] = _bars_chart(
                "wrong_turns",
                [row.prompt or row.question for row in wrong],
                [row.first_wrong_turns for row in wrong],
                [f"{row.first_wrong_turns} of {row.answered}" for row in wrong],
                {"color": "#333333", "edgecolor": "black"},
            )
            charts.captions["wrong_turns"] = (
                "How often each question was a walk's first wrong turn (of the walks that"
                " answered it)."
            )
        timed = sorted(
            (row for row in report.questions if row.median_ms is not None),
            key=lambda row: -(row.median_ms or 0),
        )[:MOST_ROWS]
        if timed:
            charts.svgs["times"] = _bars_chart(
                "times",
                [row.prompt or row.question for row in timed],
                [(row.median_ms or 0) / 1000 for row in timed],
                [f"{(row.median_ms or 0) / 1000:.1f} s" for row in timed],
                {"color": "#d9d9d9", "edgecolor": "black", "hatch": "//"},
            )
            charts.captions["times"] = "Median time to answer, in seconds, the slowest first."
        trainees = report.trainees
        if trainees:
            charts.svgs["trainees"] = _marks_chart(
                "trainees",
                [trainee_label(row.trainee) for row in trainees],
                [row.marks for row in trainees],
            )
            charts.captions["trainees"] = (
                "Match rates per trainee: path (black circle), cause (white triangle),"
                " urgency (grey square)."
            )
    return charts
