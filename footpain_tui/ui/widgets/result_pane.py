"""ResultPane: where a walk ends, explained well enough to teach from.

The pane is one :class:`TextView` built from :data:`SECTIONS`, a list of (heading, how to
build the section's paragraphs): a new kind of section is one more entry, not one more widget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content

from ...core.tree.model import Result, Tree, Urgency
from ...core.tree.walk import WalkSession
from .text_view import Block, TextView
from .urgency import URGENCY_STYLE

BULLET = Content.styled("• ", "bold")


def bullets(items: list[str]) -> list[Block]:
    return [Block(Content(item), prefix=BULLET) for item in items]


def numbered(items: list[str]) -> list[Block]:
    width = len(str(len(items)))
    return [
        Block(Content(item), prefix=Content.styled(f"{i:>{width}}. ", "bold"))
        for i, item in enumerate(items, 1)
    ]


def ranked_conditions(session: WalkSession, result: Result) -> list[Block]:
    conditions = session.tree.conditions
    return [
        Block(
            Content.assemble((conditions[cid].name, "bold"), ": ", conditions[cid].summary),
            prefix=Content.styled(f"{rank}. ", "bold"),
        )
        for rank, cid in enumerate((c for c in result.conditions if c in conditions), 1)
    ]


def explanation(session: WalkSession, result: Result) -> list[Block]:
    blocks = [Block(Content(result.explanation))]
    for _id, question, choice in session.path():
        blocks.append(
            Block(
                Content.assemble("You answered ", (choice.label, "bold"), " to: ", question.prompt),
                prefix=BULLET,
            )
        )
    return blocks


def source_lines(tree: Tree, result: Result) -> list[str]:
    titles = {s.id: s for s in tree.meta.sources}
    lines = []
    for ref in result.sources:
        source = titles.get(ref.source)
        name = source.title if source else ref.source
        if ref.paragraphs:
            name += ", ¶" + ", ".join(str(p) for p in ref.paragraphs)
        lines.append(name)
    return lines


@dataclass(frozen=True)
class Section:
    heading: str
    build: Callable[[WalkSession, Result], list[Block]]


SECTIONS: tuple[Section, ...] = (
    Section("Most likely causes", ranked_conditions),
    Section("Why this result", explanation),
    Section("Next steps", lambda s, r: numbered(r.next_steps)),
    Section("Treatment options", lambda s, r: bullets(r.treatment)),
    Section("Self-care", lambda s, r: bullets(r.self_care)),
    Section("When to seek help", lambda s, r: bullets(r.seek_help)),
    Section("Sources", lambda s, r: bullets(source_lines(s.tree, r))),
)

HEADING_STYLE = "bold underline $accent"
URGENCY_BAR = {
    Urgency.EMERGENCY: "$error",
    Urgency.URGENT: "$error",
    Urgency.SOON: "$warning",
    Urgency.ROUTINE: "$primary",
    Urgency.SELF_CARE: "$success",
}


def result_blocks(session: WalkSession) -> list[Block]:
    result = session.current
    assert isinstance(result, Result)
    urgency = session.urgency_of(result).urgency
    blocks = [
        Block(
            Content.assemble((f" {urgency.label} ", URGENCY_STYLE[urgency]), "  ", urgency.meaning),
            prefix=Content.styled("▌", URGENCY_BAR[urgency]),
            fill="bold on $boost",
            space_before=1,
        ),
        Block(Content.styled(result.title, "bold"), space_before=1),
    ]
    for section in SECTIONS:
        body = section.build(session, result)
        if not body:
            continue
        blocks.append(Block(Content.styled(section.heading, HEADING_STYLE), space_before=1))
        blocks.extend(body)
    return blocks


class ResultPane(TextView, can_focus=True):
    """Urgency banner, ranked conditions, why, next steps, treatment, self-care, help, sources."""

    BINDINGS = [
        Binding(
            "pagedown,space",
            "page_down",
            "Scroll",
            key_display="PgUp PgDn Space Home End",
            id="result-page-down",
            tooltip="Page down through the result (PgUp back, Home top, End bottom)",
        ),
        Binding("pageup", "page_up", "Page up", show=False, id="result-page-up"),
        Binding("home", "scroll_home", "Top", show=False, id="result-top"),
        Binding("end", "scroll_end", "Bottom", show=False, id="result-bottom"),
    ]
    DEFAULT_CSS = """
    ResultPane {
        height: 1fr;
        padding: 0 1 0 2;
    }
    """

    def show_result(self, session: WalkSession) -> None:
        self.set_blocks(result_blocks(session))
