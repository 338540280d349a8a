"""ResultPane: where a walk ends, explained well enough to teach from.

The pane is one :class:`TextView`: a head (the urgency the walk gives the result and why it
was raised, the title, what the walk reported), then the sections of :data:`SECTIONS`, a
list of (heading, how to build the section's paragraphs): a new kind of section is one more
entry, not one more widget. Tree text is always wrapped in ``Content``: never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size

from ...core.tree.findings import StepFindings, findings_reported, walk_findings
from ...core.tree.model import Result, Tree, Urgency
from ...core.tree.walk import WalkSession
from .citations import BULLET, inline_citation, source_blocks
from .text_view import Block, TextView
from .urgency import URGENCY_STYLE

RAISED = Content.styled("▲ ", "bold")
REPORTED = Content.styled("You reported: ", "bold")


def bullets(items: tuple[str, ...] | list[str]) -> list[Block]:
    return [Block(Content(item), prefix=BULLET) for item in items]


def numbered(items: tuple[str, ...] | list[str]) -> list[Block]:
    width = len(str(len(items)))
    return [
        Block(Content(item), prefix=Content.styled(f"{i:>{width}}. ", "bold"))
        for i, item in enumerate(items, 1)
    ]


def condition_name(tree: Tree, condition_id: str) -> str:
    condition = tree.conditions.get(condition_id)
    return condition.name if condition else condition_id


def ranked_conditions(session: WalkSession, result: Result) -> list[Block]:
    conditions = session.tree.conditions
    return [
        Block(
            Content.assemble((conditions[cid].name, "bold"), ": ", conditions[cid].summary),
            prefix=Content.styled(f"{rank}. ", "bold"),
        )
        for rank, cid in enumerate((c for c in result.conditions if c in conditions), 1)
    ]


WARNING_SIGN = Content.styled("⚑ ", "bold $text-error")


def step_reason(step: StepFindings) -> Block:
    """One answer of the walk, as a reason: its findings, else ``prompt → label``; a
    warning sign is flagged."""
    if step.has_findings:
        text = Content(", ".join(step.findings))
    else:
        labels = "; ".join(choice.label for choice in step.choices)
        text = Content.assemble(step.question.prompt, (" → ", "dim"), (labels, "bold"))
    return Block(text, prefix=WARNING_SIGN if step.warning_sign else BULLET)


def why_this_result(session: WalkSession, result: Result) -> list[Block]:
    """The answers that led here (from the walk itself), then the result's explanation."""
    blocks = [step_reason(step) for step in walk_findings(session)]
    blocks.append(Block(Content(result.explanation), space_before=1 if blocks else 0))
    return blocks


def telling_apart(session: WalkSession, result: Result) -> list[Block]:
    tree = session.tree
    return [
        Block(
            Content.assemble(
                (
                    f"{condition_name(tree, d.condition)} vs {condition_name(tree, d.versus)}",
                    "bold",
                ),
                ": ",
                d.text,
                inline_citation(tree, d.sources),
            ),
            prefix=BULLET,
        )
        for d in result.discriminators
    ]


class Section(NamedTuple):
    heading: str
    build: Callable[[WalkSession, Result], list[Block]]


SECTIONS: tuple[Section, ...] = (
    Section("Most likely causes", ranked_conditions),
    Section("Why this result", why_this_result),
    Section("Telling it apart", telling_apart),
    Section("Pitfalls: what not to miss", lambda s, r: bullets(r.pitfalls)),
    Section("Examination", lambda s, r: bullets(r.examination)),
    Section("Investigations", lambda s, r: bullets(r.investigations)),
    Section("Next steps", lambda s, r: numbered(r.next_steps)),
    Section("Treatment options", lambda s, r: bullets(r.treatment)),
    Section("Self-care", lambda s, r: bullets(r.self_care)),
    Section("When to seek help", lambda s, r: bullets(r.seek_help)),
    Section("Sources", lambda s, r: source_blocks(s.tree, r.sources)),
)

HEADING_STYLE = "bold underline $accent"
URGENCY_BAR = {
    Urgency.EMERGENCY: "$error",
    Urgency.URGENT: "$error",
    Urgency.SOON: "$warning",
    Urgency.ROUTINE: "$primary",
    Urgency.SELF_CARE: "$success",
}


def head_blocks(session: WalkSession, result: Result) -> list[Block]:
    """The banner at the urgency the walk gives the result (and why, when a floor raised
    it), the title, and what the walk reported."""
    effective = session.urgency_of(result)
    urgency = effective.urgency
    bar = Content.styled("▌", URGENCY_BAR[urgency])
    blocks = [
        Block(
            Content.assemble((f" {urgency.label} ", URGENCY_STYLE[urgency]), "  ", urgency.meaning),
            prefix=bar,
            fill="bold on $boost",
            space_before=1,
            repeat_prefix=True,
        )
    ]
    if effective.raised:
        blocks.append(
            Block(
                Content.assemble(
                    RAISED,
                    ("Urgency raised to ", "bold"),
                    (effective.urgency.label, "bold"),
                    " because: ",
                    ", ".join(effective.reasons),
                    f" (the result alone is {effective.base.label}).",
                ),
                prefix=bar,
                fill="on $boost",
                repeat_prefix=True,
            )
        )
    blocks.append(Block(Content.styled(result.title, "bold"), space_before=1))
    signs = findings_reported(walk_findings(session))
    if signs:
        blocks.append(Block(Content(", ".join(signs)), prefix=REPORTED, space_before=1))
    return blocks


def result_blocks(session: WalkSession) -> list[Block]:
    result = session.current
    assert isinstance(result, Result)
    blocks = head_blocks(session, result)
    for section in SECTIONS:
        body = section.build(session, result)
        if not body:
            continue
        blocks.append(Block(Content.styled(section.heading, HEADING_STYLE), space_before=1))
        blocks.extend(body)
    return blocks


class ResultPane(TextView, can_focus=True):
    """Urgency banner, what was reported, ranked causes, why, how to tell the causes apart,
    pitfalls, examination, investigations, next steps, treatment, self-care, help, sources."""

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

    def draw_ahead_result(self, session: WalkSession, slot: Size) -> None:
        """Wrap the result ``session`` ends on and draw its first screenful, for when this
        pane (hidden while a question is shown) takes the question's place, of ``slot``."""
        styles = self.styles
        width = slot.width - styles.gutter.width - styles.scrollbar_size_vertical
        rows = slot.height - styles.gutter.height
        self.draw_ahead(result_blocks(session), width=max(1, width), rows=max(1, rows))
