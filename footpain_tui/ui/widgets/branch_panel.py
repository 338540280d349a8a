"""BranchPanel: the current question, why we ask it, and its numbered choices."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.tree.model import Question


def choice_prompt(number: int, label: str, key: str | None) -> Content:
    parts: list[str | tuple[str, str]] = [(f"{number}. ", "bold"), label]
    if key:
        parts.append((f"  [{key}]", "dim"))
    return Content.assemble(*parts)


class BranchPanel(Vertical):
    """Renders a :class:`Question`; posts :class:`BranchPanel.ChoiceMade` when one is picked."""

    class ChoiceMade(Message):
        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    _shares: tuple[int, int] = (0, 0)  # (lines for the choices, panel height) last applied

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="question-text"):
            yield Static(id="red-flag")
            yield Static(id="prompt")
            yield Static(id="why")
        yield OptionList(id="choices")

    def on_resize(self, event: events.Resize) -> None:
        self._share_height()

    def _share_height(self) -> None:
        """Keep the choices on screen: they take the lines they need (leaving the question at
        least three), and the question text scrolls in the rest when both do not fit."""
        height, width = self.content_size.height, self.content_size.width
        if height <= 0 or width <= 0:
            return
        choices = self.query_one("#choices", OptionList)
        need = choices.get_content_height(self.content_size, self.app.size, width)
        for_choices = max(1, min(need, height - 3))
        text = self.query_one("#question-text", VerticalScroll)
        # Each assignment asks for a new layout pass: only make the ones that change something.
        if self._shares != (for_choices, height):
            self._shares = (for_choices, height)
            choices.styles.max_height = for_choices
            text.styles.max_height = height - for_choices
        # Textual sizes an auto-height scroller as if it had no scrollbar; one left over from
        # a longer question would narrow the text by a column and leave a needless scroll.
        # The next layout puts it back if the text still does not fit.
        if text.show_vertical_scrollbar:
            text.show_vertical_scrollbar = False

    def show_question(self, question: Question) -> None:
        flag = self.query_one("#red-flag", Static)
        flag.update(Content.styled("⚑ RED FLAG: screen for danger before any reassurance", "bold"))
        self.set_class(question.red_flag, "-red-flag")
        self.query_one("#prompt", Static).update(Content(question.prompt))
        why = self.query_one("#why", Static)
        why.update(
            Content.assemble(("Why we ask: ", "bold"), question.why)
            if question.why
            else Content("")
        )
        why.display = bool(question.why)
        choices = self.query_one("#choices", OptionList)
        choices.set_options(
            Option(choice_prompt(i, c.label, c.key), id=str(i - 1))
            for i, c in enumerate(question.choices, 1)
        )
        choices.highlighted = 0
        self.query_one("#question-text", VerticalScroll).scroll_home(animate=False)
        self._share_height()

    @on(OptionList.OptionSelected, "#choices")
    def _choice_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.ChoiceMade(event.option_index))
