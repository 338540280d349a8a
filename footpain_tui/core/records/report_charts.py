"""The HTML report's charts, drawn by pygal as SVG text to inline in the page.

Why pygal: it is a maintained charting library (Kozea) that builds SVG natively, in pure
Python, and loads in about 50 ms; matplotlib, tried first, needs about half a second to load
and 0.1 s per chart, which took a class's report (1,500 sessions) past its 2 s budget on a
busy 2-core machine. pygal is imported here and nowhere else, and this module only by the
HTML renderer, so no other command (nor the other formats) pays even that.

The charts work offline and stand alone: pygal's tooltip script (and the placeholder title it
gives every chart) is taken out of each chart, so the page holds no script at all, and its
styles are inline. They read in black and white: the series are black, dark grey and light
grey, each bar carries its value printed on it, and the legend says which is which.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pygal
from pygal.etree import etree
from pygal.style import Style

from .class_report import ClassReport, Marks, UrgencyCalls
from .trainees import trainee_label

WIDTH = 760  # SVG units; the page scales each chart to its column
MOST_ROWS = 25  # rows in one chart; the tables below each chart have them all
LABEL_CHARS = 52

# Black, dark grey, light grey: apart in any print; each bar's value printed beside it.
_FILLS = ("#000000", "#767676", "#d0d0d0")
_VALUE_INKS = ("#000000", "#000000", "#000000")  # printed past the end of each bar
# pygal places a legend below the chart partly outside it; this much room keeps it in.
_LEGEND_ROOM = 24
# pygal centres a value on the end of its bar; starting it there keeps it off the bar, so a
# short bar's value reads as well as a long one's.
_VALUES_PAST_BARS = (
    "file://style.css",
    "file://graph.css",
    "inline:.valued-bars text.value { text-anchor: start; }",
)


def _style(fills: Sequence[str] = _FILLS, inks: Sequence[str] = _VALUE_INKS) -> Style:
    return Style(
        background="white",
        plot_background="white",
        foreground="#111111",
        foreground_strong="#000000",
        foreground_subtle="#555555",
        opacity="1",
        opacity_hover="1",
        transition="none",
        colors=tuple(fills),
        value_colors=tuple(inks),
        font_family="DejaVu Sans, Arial, Helvetica, sans-serif",
        label_font_size=12,
        major_label_font_size=12,
        value_font_size=11,
        legend_font_size=12,
        guide_stroke_color="#cccccc",
        major_guide_stroke_color="#999999",
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


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _svg(chart: Any) -> str:
    """The chart as inline SVG: without pygal's tooltip script, its placeholder <title>
    ("Pygal") and its comments (which hold the day it was drawn)."""
    root = chart.render_tree()
    for parent in list(root.iter()):
        for child in list(parent):
            if _local(child.tag) in ("script", "title") or not isinstance(child.tag, str):
                parent.remove(child)
    return etree.tostring(root, encoding="unicode")


# Every chart: no script, no XML declaration (it is inlined), each value printed, the legend
# below in three columns, labels whole (they are shortened here), no guides across rows.
_COMMON: dict[str, Any] = {
    "width": WIDTH,
    "js": [],
    "disable_xml_declaration": True,
    "print_values": True,
    "legend_at_bottom": True,
    "legend_at_bottom_columns": 3,
    "truncate_label": -1,
    "truncate_legend": -1,
    "show_y_guides": False,
    "margin": 8,
    "margin_bottom": _LEGEND_ROOM,
}


def _bars(rows: int, series: int, **options: Any) -> Any:
    """A horizontal bar chart with room for ``rows`` groups of ``series`` bars, each bar's
    value printed past its end."""
    height = 80 + rows * (16 * series + 10)  # the axis and the legend below it: 80
    options.setdefault("style", _style())
    return pygal.HorizontalBar(
        classes=("pygal-chart", "valued-bars"),
        css=_VALUES_PAST_BARS,
        margin_right=64,  # room for the longest bar's value
        height=height,
        print_values_position="top",
        **_COMMON,
        **options,
    )


def _marks_chart(labels: Sequence[str], marks: Sequence[Marks]) -> str | None:
    """Path, cause and urgency match per row, as percentages (a series only where any row
    has it: cause and urgency need predictions)."""
    series = [
        (name, [getattr(m, key).percent for m in marks])
        for key, name in (
            ("path", "path match"),
            ("cause", "cause match"),
            ("urgency", "urgency match"),
        )
    ]
    series = [(name, values) for name, values in series if any(v is not None for v in values)]
    if not series:
        return None
    chart = _bars(
        len(labels),
        len(series),
        range=(0, 100),
        value_formatter=lambda v: f"{v:.0f}%",
        style=_style(_FILLS[: len(series)], _VALUE_INKS[: len(series)]),
    )
    chart.x_labels = [_short(label) for label in reversed(labels)]  # pygal draws bottom-up
    for name, values in series:
        chart.add(name, list(reversed(values)))
    return _svg(chart)


def _calls_chart(rows: Sequence[tuple[str, UrgencyCalls]]) -> str:
    """One 100% bar per row: under-called, right, over-called, each with its count."""
    chart = pygal.HorizontalStackedBar(
        height=90 + 44 * len(rows),
        range=(0, 100),
        value_formatter=lambda v: f"{v:.0f}%",
        style=_style(("#000000", "#e2e2e2", "#8a8a8a"), ("#ffffff", "#000000", "#ffffff")),
        **_COMMON,
    )
    ordered = list(reversed(rows))
    chart.x_labels = [f"{label} ({calls.total})" for label, calls in ordered]
    for key, name in (("under", "under-called"), ("right", "right"), ("over", "over-called")):
        values = []
        for _label, calls in ordered:
            count = calls.counts[key]
            values.append(
                {
                    "value": 100 * count / calls.total,
                    "formatter": lambda _v, count=count: str(count) if count else "",
                }
            )
        chart.add(name, values)
    return _svg(chart)


def _count_chart(
    name: str, labels: Sequence[str], values: Sequence[float], texts: Sequence[str], fill: str
) -> str:
    top = max(values, default=0) or 1
    options: dict[str, Any] = {"range": (0, top)}
    if all(float(v).is_integer() for v in values):  # counts: whole-number ticks
        step = max(1, math.ceil(top / 8))
        options["y_labels"] = list(range(0, int(top) + step, step))
    chart = _bars(len(labels), 1, style=_style((fill,)), **options)
    chart.x_labels = [_short(label) for label in reversed(labels)]
    chart.add(
        name,
        [
            {"value": value, "formatter": lambda _v, text=text: text}
            for value, text in zip(reversed(values), reversed(texts), strict=True)
        ],
    )
    return _svg(chart)


def draw_all(report: ClassReport) -> Charts:
    """Every chart the report has data for."""
    charts = Charts()
    calls = [
        (label, c)
        for label, c in (("predicted", report.predicted), ("reached by the walk", report.reached))
        if c.total
    ]
    if calls:
        charts.svgs["urgency"] = _calls_chart(calls)
        charts.captions["urgency"] = (
            "Urgency against each case's, in shares of the walks: under-called (black, the"
            " dangerous error), right (light grey), over-called (dark grey); the counts are on"
            " the bars."
        )
    marks_words = "path (black), cause (dark grey), urgency (light grey)"
    if not (report.overall.cause.of or report.overall.urgency.of):
        marks_words = "path"
    cases = report.cases[:MOST_ROWS]
    svg = _marks_chart([row.title for row in cases], [row.marks for row in cases])
    if svg:
        charts.svgs["cases"] = svg
        shown = "" if len(cases) == len(report.cases) else f"the {len(cases)} lowest; "
        charts.captions["cases"] = (
            f"Match rates per case, lowest path match first ({shown}every case is in the"
            f" table): {marks_words}."
        )
    wrong = [row for row in report.questions if row.first_wrong_turns][:MOST_ROWS]
    if wrong:
        charts.svgs["wrong_turns"] = _count_chart(
            "first wrong turns",
            [row.prompt or row.question for row in wrong],
            [row.first_wrong_turns for row in wrong],
            [f"{row.first_wrong_turns} of {row.answered}" for row in wrong],
            _FILLS[0],
        )
        charts.captions["wrong_turns"] = (
            "How often each question was a walk's first wrong turn, of the walks that answered it."
        )
    timed = sorted(
        (row for row in report.questions if row.median_ms is not None),
        key=lambda row: -(row.median_ms or 0),
    )[:MOST_ROWS]
    if timed:
        charts.svgs["times"] = _count_chart(
            "median time to answer (s)",
            [row.prompt or row.question for row in timed],
            [(row.median_ms or 0) / 1000 for row in timed],
            [f"{(row.median_ms or 0) / 1000:.1f} s" for row in timed],
            _FILLS[2],
        )
        charts.captions["times"] = "Median time to answer each question, the slowest first."
    svg = _marks_chart(
        [trainee_label(row.trainee) for row in report.trainees],
        [row.marks for row in report.trainees],
    )
    if svg:
        charts.svgs["trainees"] = svg
        charts.captions["trainees"] = f"Match rates per trainee: {marks_words}."
    return charts
