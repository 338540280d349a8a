"""Modal look-ups opened from the command palette: a condition, or a question or result.

A condition is shown as a trainee would revise it: summary, typical history, examination,
its own warning signs, features, diagnostics, treatment, and its sources in words.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen

from ...core.tree.model import Question, Tree
from ..widgets.citations import BULLET, source_blocks
from ..widgets.text_view import Block, TextView
from ..widgets.urgency import urgency_tag

HEADING_STYLE = "bold underline"


def section(title: str, items: tuple[str, ...] | list[str] | list[Block]) -> list[Block]:
    """A heading and a bullet per item (``Block`` items as they are), or nothing."""
    if not items:
        return []
    body = [
        item if isinstance(item, Block) else Block(Content(item), prefix=BULLET) for item in items
    ]
    return [Block(Content.styled(title, HEADING_STYLE), space_before=1), *body]


def condition_blocks(tree: Tree, condition_id: str) -> list[Block]:
    condition = tree.conditions[condition_id]
    return [
        Block(Content.styled(condition.name, "bold")),
        Block(Content(condition.summary)),
        *section("Typical history", condition.history),
        *section("On examination", condition.examination),
        *section("Warning signs", condition.red_flags),
        *section("Typical features", condition.features),
        *section("Diagnostics", condition.diagnostics),
        *section("Treatment", condition.treatment),
        *section("Sources", source_blocks(tree, condition.sources)),
    ]


def node_blocks(tree: Tree, node_id: str) -> list[Block]:
    node = tree.nodes[node_id]
    if isinstance(node, Question):
        kind = "Checklist (tick all that apply)" if node.multiple else "Question"
        blocks = [
            Block(Content.styled(kind + (" (red flag)" if node.red_flag else ""), "bold")),
            Block(Content(node.prompt)),
        ]
        if node.why:
            blocks.append(Block(Content(node.why), prefix=Content.styled("Why we ask: ", "bold")))
        blocks += [
            Block(Content(c.label), prefix=Content(f"{i}. "), space_before=1 if i == 1 else 0)
            for i, c in enumerate(node.choices, 1)
        ]
        return blocks
    conditions = ", ".join(tree.conditions[c].name for c in node.conditions if c in tree.conditions)
    return [
        Block(Content.assemble(urgency_tag(node.urgency), " ", (node.title, "bold"))),
        Block(Content(conditions)),
        Block(Content(node.explanation), space_before=1),
        *section("Sources", source_blocks(tree, node.sources)),
    ]


class LookupText(TextView, can_focus=True):
    """The look-up's text; scrolls with the arrow keys, PgUp/PgDn, Home and End."""


class LookupScreen(ModalScreen[None]):
    """Shows one piece of tree content; escape closes it."""

    CSS_PATH = "lookup.tcss"
    BINDINGS = [Binding("escape,q", "close", "Close", id="lookup-close")]

    def __init__(self, blocks: list[Block]) -> None:
        super().__init__()
        self.blocks = blocks

    def compose(self) -> ComposeResult:
        body = LookupText(self.blocks, id="lookup-body")
        body.border_subtitle = "escape closes"
        yield body

    def action_close(self) -> None:
        self.dismiss(None)
