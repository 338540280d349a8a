"""BranchPanel: the current question and why we ask it, above its numbered choices.

The question text scrolls in whatever the choices leave, so the choices always stay in view
while a long "why we ask" is read with the keys that scroll it (see ``QuestionText``).
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message

from ...core.tree.model import Question
from .choice_list import ChoiceItem, ChoiceList
from .text_view import Block, TextView

RED_FLAG = Content.styled(" ⚑ RED FLAG: screen for danger before any reassurance", "bold")


def question_blocks(question: Question) -> list[Block]:
    blocks = []
    if question.red_flag:
        blocks.append(Block(RED_FLAG, fill="$text on $error"))
    blocks.append(Block(Content.styled(question.prompt, "bold"), space_before=len(blocks)))
    if question.why:
        why = Content.assemble(("Why we ask: ", "bold"), (question.why, "italic"))
        blocks.append(Block(why.stylize_before("$text-muted"), space_before=1))
    return blocks


class QuestionText(TextView):
    """The prompt and "why we ask"; scrolls by keys while the choices keep the focus."""


class BranchPanel(Vertical):
    """Renders a :class:`Question`; posts :class:`BranchPanel.ChoiceMade` when one is picked."""

    BINDINGS = [
        Binding(
            "pageup,shift+up",
            "scroll_question(-1)",
            "Scroll",
            show=False,
            id="question-scroll-up",
            tooltip="Scroll the question text up",
        ),
        Binding(
            "pagedown,shift+down",
            "scroll_question(1)",
            "Scroll",
            show=False,
            id="question-scroll-down",
            tooltip="Scroll the question text down",
        ),
    ]

    class ChoiceMade(Message):
        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    _shares: tuple[int, int] = (0, 0)  # (lines for the choices, panel height) last applied

    def compose(self) -> ComposeResult:
        yield QuestionText(id="question-text")
        yield ChoiceList(id="choices")

    @property
    def question_text(self) -> QuestionText:
        return self.query_one(QuestionText)

    @property
    def choices(self) -> ChoiceList:
        return self.query_one(ChoiceList)

    def on_resize(self, event: events.Resize) -> None:
        self._share_height()

    def _share_height(self) -> None:
        """Keep the choices on screen: they take the lines they need (leaving the question at
        least three), and the question text scrolls in the rest when both do not fit."""
        height, width = self.content_size.height, self.content_size.width
        if height <= 0 or width <= 0:
            return
        choices, text = self.choices, self.question_text
        need = choices.get_content_height(self.content_size, self.app.size, width)
        gap = text.styles.margin.bottom
        for_choices = max(1, min(need, height - 3 - gap))
        # Each assignment asks for a new layout pass: only make the ones that change something.
        if self._shares != (for_choices, height):
            self._shares = (for_choices, height)
            choices.styles.max_height = for_choices
            text.styles.max_height = height - for_choices - gap

    def show_question(self, question: Question) -> None:
        self.question_text.set_blocks(question_blocks(question))
        self.choices.set_choices([ChoiceItem(c.label, c.key) for c in question.choices])
        self._share_height()

    def action_scroll_question(self, pages: int) -> None:
        text = self.question_text
        text.scroll_to(y=text.scroll_y + pages * max(1, text.size.height - 1), animate=False)

    @on(ChoiceList.Picked)
    def _choice_picked(self, event: ChoiceList.Picked) -> None:
        event.stop()
        self.post_message(self.ChoiceMade(event.index))
