"""Modal look-ups opened from the command palette: a condition, or a question or result."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...core.tree.model import Question, Tree
from ..widgets.urgency import urgency_tag


def _section(title: str, items: list[str]) -> list[Content]:
    if not items:
        return []
    return [
        Content.styled(title, "bold underline"),
        *(Content.assemble("• ", item) for item in items),
        Content(""),
    ]


def condition_content(tree: Tree, condition_id: str) -> Content:
    condition = tree.conditions[condition_id]
    parts = [Content.styled(condition.name, "bold"), Content(condition.summary), Content("")]
    parts += _section("Typical features", condition.features)
    parts += _section("Diagnostics", condition.diagnostics)
    parts += _section("Treatment", condition.treatment)
    titles = {source.id: source.title for source in tree.meta.sources}
    refs = [  # as the result pane cites them: the source's title, then its paragraphs
        titles.get(ref.source, ref.source)
        + (f", ¶{', '.join(map(str, ref.paragraphs))}" if ref.paragraphs else "")
        for ref in condition.sources
    ]
    parts += _section("Sources", refs)
    return Content("\n").join(parts)


def node_content(tree: Tree, node_id: str) -> Content:
    node = tree.nodes[node_id]
    if isinstance(node, Question):
        parts = [
            Content.styled("Question" + (" (red flag)" if node.red_flag else ""), "bold"),
            Content(node.prompt),
        ]
        if node.why:
            parts.append(Content.assemble(("Why we ask: ", "bold"), node.why))
        parts.append(Content(""))
        parts += [Content(f"{i}. {c.label}") for i, c in enumerate(node.choices, 1)]
        return Content("\n").join(parts)
    conditions = ", ".join(tree.conditions[c].name for c in node.conditions if c in tree.conditions)
    return Content("\n").join(
        [
            Content.assemble(urgency_tag(node.urgency), " ", (node.title, "bold")),
            Content(conditions),
            Content(""),
            Content(node.explanation),
        ]
    )


class LookupScreen(ModalScreen[None]):
    """Shows one piece of tree content; escape closes it."""

    CSS_PATH = "lookup.tcss"
    BINDINGS = [Binding("escape,q", "close", "Close", id="lookup-close")]

    def __init__(self, body: Content) -> None:
        super().__init__()
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="lookup-body"):
            yield Static(self.body)
            yield Static(Content.styled("escape closes", "dim"), id="lookup-hint")

    def action_close(self) -> None:
        self.dismiss(None)
