"""PathBar: the answers given so far, in two lines at most.

The latest steps that fit are shown whole; earlier ones fold into "… 3 earlier answers"
(all of them are on the tree map). A checklist's step shows every finding ticked there
("fever, spreading redness"). A walk that began mid-tree (a training case drilling one
branch) says where it started. The bar's height never changes, so a new answer redraws
these two lines and nothing else.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget

from ...core.tree.model import Question, choice_finding
from ...core.tree.walk import Step, WalkSession
from .text_view import shorten

PROMPT_CHARS = 40
SHORT_PROMPT_CHARS = 26
LINES = 2
LABEL = Content.styled("Path ", "bold")
SEPARATOR = Content.styled("  ›  ", "dim")


def step_answer(question: Question, step: Step) -> str:
    """What a step answered: the choice's label, or on a checklist every ticked finding."""
    if question.multiple:
        return ", ".join(choice_finding(question.choices[i]) for i in step.ticked)
    return question.choices[step.choice_index].label


def step_content(number: int, prompt: str, answer: str, limit: int) -> Content:
    return Content.assemble(
        (f"{number} ", "bold"), shorten(prompt, limit), (" → ", "dim"), (answer, "bold")
    )


def start_content(prompt: str, limit: int) -> Content:
    return Content.assemble(("started at: ", "italic"), shorten(prompt, limit))


def folded(hidden_answers: int, start_hidden: bool) -> Content:
    """The marker for what folded away: "… started mid-tree, 3 earlier answers"."""
    words = ["started mid-tree"] if start_hidden else []
    if hidden_answers:
        words.append(f"{hidden_answers} earlier answer{'s' if hidden_answers != 1 else ''}")
    return Content.styled("… " + ", ".join(words), "italic")


def fold_path(answers: list[tuple[str, str]], width: int, start: str | None = None) -> Content:
    """The latest ``(prompt, answer)`` steps that fit in :data:`LINES` lines of ``width``
    after the label; ``start`` is the prompt the walk started at when it began mid-tree."""
    room = max(1, width - LABEL.cell_length)
    lead = 1 if start is not None else 0
    parts = {
        limit: ([start_content(start, limit)] if start is not None else [])
        + [step_content(n, p, a, limit) for n, (p, a) in enumerate(answers, 1)]
        for limit in (PROMPT_CHARS, SHORT_PROMPT_CHARS)
    }
    total = len(answers) + lead

    def assemble(shown: int, limit: int) -> Content | None:
        hidden = total - shown
        chosen = parts[limit][hidden:]
        if hidden:
            chosen = [folded(hidden - lead, bool(lead)), *chosen]
        length = sum(p.cell_length for p in chosen) + SEPARATOR.cell_length * (len(chosen) - 1)
        if length > LINES * room:
            return None  # cannot fit, whatever the wrapping: no need to build it
        content = SEPARATOR.join(chosen)
        return content if len(content.wrap(room)) <= LINES else None

    # More steps with shorter prompts beat fewer steps with longer ones: the answers matter most.
    for shown in range(total, 0, -1):
        for limit in (PROMPT_CHARS, SHORT_PROMPT_CHARS):
            if (content := assemble(shown, limit)) is not None:
                return content
    # Not even the latest step fits whole (a checklist with long findings): shorten its answer.
    prompt, answer = answers[-1]
    head = step_content(len(answers), prompt, "", SHORT_PROMPT_CHARS).cell_length
    marker = folded(len(answers) - 1, bool(lead)) if total > 1 else None
    spare = LINES * room - head - (marker.cell_length + SEPARATOR.cell_length if marker else 0)
    last = step_content(
        len(answers), prompt, shorten(answer, max(12, spare - 4)), SHORT_PROMPT_CHARS
    )
    return SEPARATOR.join([marker, last]) if marker else last


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

    _shown: tuple[tuple[Step, ...], str | None] = ((), None)
    _answers: list[tuple[str, str]] = []
    _start: str | None = None
    _screens_skipped = False  # a mid-tree start left the tree's red-flag screen unasked
    # The two lines as drawn, for the width they were drawn at: drawn once per move, as
    # lines (the line API), without Textual wrapping the text a second time.
    _drawn: tuple[int, list[Strip]] | None = None

    def show_walk(self, session: WalkSession) -> None:
        start = session.start_id if session.started_mid_tree else None
        steps = session.steps
        if (steps, start) == self._shown:
            return
        self._shown = (steps, start)
        tree = session.tree
        self._answers = [
            (tree.question(s.node_id).prompt, step_answer(tree.question(s.node_id), s))
            for s in steps
        ]
        begun = tree.nodes[start] if start is not None else None
        self._start = (
            None if begun is None else begun.prompt if isinstance(begun, Question) else begun.title
        )
        self._screens_skipped = session.skipped_red_flag_screens
        self._drawn = None
        self.refresh()  # same size: no layout pass

    @property
    def plain(self) -> str:
        return self.render().plain

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        if self._drawn is None or self._drawn[0] != width:
            lines = self.render().split("\n")
            self._drawn = (
                width,
                [self._line_strip(line, n, width) for n, line in enumerate(lines)],
            )
        strips = self._drawn[1]
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(width, self.visual_style.rich_style)

    def _line_strip(self, line: Content, y: int, width: int) -> Strip:
        """Line ``y`` drawn exactly as Textual draws a rendered Content's line."""
        style = self.visual_style
        segments, x = [], 0
        for text, text_style in line.render(style, end="", parse_style=self._get_style):
            segments.append(Segment(text, (style + text_style).rich_style_with_offset(x, y)))
            x += len(text)
        if x < width:
            segments.append(Segment(" " * (width - x), style.background_style.rich_style))
        return Strip(segments, max(width, x))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn = None  # a theme switch recolours the bar

    def render(self) -> Content:
        if not self._answers:
            if self._start is not None:
                skipped = (
                    " The red-flag screens before it were not asked."
                    if self._screens_skipped
                    else ""
                )
                return Content.styled(
                    f"Path: this walk starts mid-tree, at the question below.{skipped}", "italic"
                )
            return Content.styled("Path: start of the walk. Answer the first question.", "italic")
        width = self.content_size.width or 78
        body = fold_path(self._answers, width, self._start)
        indent = Content(" " * LABEL.cell_length)
        lines = body.wrap(max(1, width - LABEL.cell_length))
        return Content("\n").join(
            (LABEL if n == 0 else indent) + line for n, line in enumerate(lines[:LINES])
        )
