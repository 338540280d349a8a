"""PathBar: the answers given so far, in two lines at most.

The latest steps that fit are shown whole; earlier ones fold into "… 3 earlier answers"
(all of them are on the tree map). The bar's height never changes, so a new answer redraws
these two lines and nothing else.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from ...core.tree.model import Choice, Question
from ...core.tree.walk import WalkSession
from .text_view import shorten

PROMPT_CHARS = 40
SHORT_PROMPT_CHARS = 26
LINES = 2
LABEL = Content.styled("Path ", "bold")
SEPARATOR = Content.styled("  ›  ", "dim")


def step_content(number: int, question: Question, choice: Choice, limit: int) -> Content:
    return Content.assemble(
        (f"{number} ", "bold"),
        shorten(question.prompt, limit),
        (" → ", "dim"),
        (choice.label, "bold"),
    )


def fold_path(steps: list[tuple[str, Question, Choice]], width: int) -> Content:
    """The latest steps that fit in :data:`LINES` lines of ``width`` after the label."""
    room = max(1, width - LABEL.cell_length)
    parts = {
        limit: [step_content(n, q, c, limit) for n, (_id, q, c) in enumerate(steps, 1)]
        for limit in (PROMPT_CHARS, SHORT_PROMPT_CHARS)
    }

    def assemble(shown: int, limit: int) -> Content | None:
        hidden = len(steps) - shown
        chosen = parts[limit][hidden:]
        if hidden:
            earlier = "answer" if hidden == 1 else "answers"
            chosen = [Content.styled(f"… {hidden} earlier {earlier}", "italic"), *chosen]
        length = sum(p.cell_length for p in chosen) + SEPARATOR.cell_length * (len(chosen) - 1)
        if length > LINES * room:
            return None  # cannot fit, whatever the wrapping: no need to build it
        content = SEPARATOR.join(chosen)
        return content if len(content.wrap(room)) <= LINES else None

    # More steps with shorter prompts beat fewer steps with longer ones: the answers matter most.
    for shown in range(len(steps), 0, -1):
        for limit in (PROMPT_CHARS, SHORT_PROMPT_CHARS):
            if (content := assemble(shown, limit)) is not None:
                return content
    # Narrower than one short step: it wraps and the bar crops it.
    return SEPARATOR.join(parts[SHORT_PROMPT_CHARS][-1:])


class PathBar(Widget):
    """Two lines: ``Path 1 prompt → answer  ›  2 prompt → answer``, latest steps last."""

    DEFAULT_CSS = """
    PathBar {
        height: 2;
        padding: 0 1;
        background: $boost;
        color: $text-muted;
    }
    """

    _steps: list[tuple[str, Question, Choice]] = []

    def show_walk(self, session: WalkSession) -> None:
        steps = session.path()
        if steps != self._steps:
            self._steps = steps
            self.refresh()  # same size: no layout pass

    @property
    def plain(self) -> str:
        return self.render().plain

    def render(self) -> Content:
        if not self._steps:
            return Content.styled("Path: start of the walk. Answer the first question.", "italic")
        width = self.content_size.width or 78
        body = fold_path(self._steps, width)
        indent = Content(" " * LABEL.cell_length)
        lines = body.wrap(max(1, width - LABEL.cell_length))
        return Content("\n").join(
            (LABEL if n == 0 else indent) + line for n, line in enumerate(lines[:LINES])
        )
