"""PathBar: the breadcrumb of questions answered so far, each with the answer given."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ...core.tree.walk import WalkSession

PROMPT_CHARS = 34
STEPS_SHOWN = 4  # the latest steps; the tree map shows the whole path


def _short(text: str, limit: int = PROMPT_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class PathBar(Static):
    """Shows ``1 prompt → answer  ›  2 prompt → answer``; wraps, and keeps the latest steps."""

    DEFAULT_CSS = """
    PathBar {
        height: auto;
        max-height: 4;
        padding: 0 1;
        background: $boost;
        color: $text-muted;
    }
    """

    def show_walk(self, session: WalkSession) -> None:
        steps = session.path()
        if not steps:
            self.update(
                Content.styled("Path: start of the walk. Answer the first question.", "italic")
            )
            return
        parts: list[str | tuple[str, str] | Content] = [("Path ", "bold")]
        hidden = max(0, len(steps) - STEPS_SHOWN)
        if hidden:
            parts.append((f"(+{hidden} earlier)", "dim"))
        for number, (_node_id, question, choice) in enumerate(steps[hidden:], hidden + 1):
            if number > 1:
                parts.append(("  ›  ", "dim"))
            parts.append((f"{number} ", "bold"))
            parts.append(_short(question.prompt))
            parts.append((" → ", "dim"))
            parts.append((choice.label, "bold"))
        self.update(Content.assemble(*parts))
