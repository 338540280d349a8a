"""ChoiceList: a question's numbered choices, one cursor, picked by enter, a click or a number.

A :class:`TextView` with a cursor: a move redraws two choices, a new question one widget.
On a checklist each choice carries a tick mark in front of its number; ticking one redraws
that choice's lines and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style

from .text_view import Block, TextView

TICKED, UNTICKED = "[x]", "[ ]"


class ChoiceItem(NamedTuple):
    label: str
    key: str | None = None
    mark: str | None = None  # TICKED / UNTICKED on a checklist; None shows no mark column
    # The earlier findings that rule this choice out (it cannot be taken), in words.
    ruled_out: str | None = None


def choice_block(number: int, item: ChoiceItem) -> Block:
    prefix: list[str | tuple[str, str]] = []
    if item.mark is not None:
        prefix.append((f"{item.mark} ", "bold $text-accent" if item.mark == TICKED else "dim"))
    prefix.append((f"{number}. ", "bold"))
    text: list[str | tuple[str, str]] = [
        (item.label, "dim strike") if item.ruled_out else item.label
    ]
    if item.key:
        text.append((f" [{item.key}]", "dim"))
    if item.ruled_out:
        text.append((f" (ruled out by your earlier answer: {item.ruled_out})", "dim italic"))
    return Block(Content.assemble(*text), prefix=Content.assemble(*prefix))


def choice_blocks(items: Sequence[ChoiceItem]) -> list[Block]:
    return [choice_block(n, item) for n, item in enumerate(items, 1)]


class ChoiceList(TextView, can_focus=True, inherit_bindings=False):
    """Up/down move the cursor; enter posts :class:`ChoiceList.Picked`, a click
    :class:`ChoiceList.Clicked`.

    With ``multiple`` set (a checklist) enter is left to the screen, which confirms the
    ticked set: its own binding shows "Confirm" in the Footer.
    """

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("home", "cursor_to(0)", "First", show=False),
        Binding("end", "cursor_to(-1)", "Last", show=False),
        Binding("enter", "pick", "Pick", show=False),
    ]
    COMPONENT_CLASSES = {"choice-list--cursor"}
    DEFAULT_CSS = """
    ChoiceList {
        scrollbar-gutter: auto;
        & > .choice-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .choice-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    class Picked(Message):
        """Enter on a one-answer question: answer with the choice under the cursor."""

        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    class Clicked(Message):
        """A click on a choice: answers a question, ticks or unticks on a checklist."""

        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    cursor: reactive[int] = reactive(0, init=False, always_update=True)
    multiple: bool = False

    def set_choices(
        self, items: Sequence[ChoiceItem], *, multiple: bool = False, cursor: int = 0
    ) -> None:
        """Show a new question's choices, the cursor on ``cursor``."""
        # A row whose text does not change is not drawn again: redraw the rows the old
        # cursor lit, or its highlight would stay on screen.
        lit = self.block_lines(self.cursor) if self.count and self.size else (0, 0)
        self.multiple = multiple
        self.set_reactive(ChoiceList.cursor, 0)
        self.set_blocks(choice_blocks(items))
        if lit[1]:
            self.refresh(Region(0, lit[0] - self.scroll_offset.y, self.size.width, lit[1]))
        if cursor:
            self.cursor = cursor

    def set_marks(self, items: Sequence[ChoiceItem]) -> None:
        """Same choices, new tick marks: only the lines that changed are drawn again."""
        self.set_blocks(choice_blocks(items), scroll_home=False)

    def draw_ahead_choices(self, items: Sequence[ChoiceItem]) -> None:
        """Draw a question's choices into the caches before it is shown (the cursor on the
        first, as a new question starts)."""
        self.draw_ahead(choice_blocks(items), lambda index: "cursor" if index == 0 else "")

    @property
    def count(self) -> int:
        return len(self.blocks)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.count - 1))

    def _refresh_block(self, index: int) -> None:
        if 0 <= index < self.count and self.size:
            first, height = self.block_lines(index)
            self.refresh(Region(0, first - self.scroll_offset.y, self.size.width, height))

    def watch_cursor(self, old: int, new: int) -> None:
        for index in {old, new}:
            self._refresh_block(index)
        if self.count:
            first, height = self.block_lines(new)
            self.scroll_to_region(Region(0, first, 1, height), animate=False, immediate=True)

    def line_variant(self, block_index: int) -> str:
        return "cursor" if block_index == self.cursor else ""

    def variant_style(self, variant: str) -> Style:
        if variant == "cursor":
            return self.get_visual_style("choice-list--cursor")
        return self.visual_style

    def on_focus(self) -> None:
        self.redraw()  # the cursor's colours differ with focus

    def on_blur(self) -> None:
        self.redraw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return not self.multiple  # a checklist's enter confirms, at the screen
        return True

    def action_cursor(self, step: int) -> None:
        if self.count:
            self.cursor = (self.cursor + step) % self.count  # wraps round, as lists do here

    def action_cursor_to(self, index: int) -> None:
        self.cursor = index if index >= 0 else self.count - 1

    def action_pick(self) -> None:
        if self.count:
            self.post_message(self.Picked(self.cursor))

    def on_click(self, event: events.Click) -> None:
        index = self.block_at(event.y + self.scroll_offset.y)
        if index is not None:
            self.cursor = index
            self.post_message(self.Clicked(index))
