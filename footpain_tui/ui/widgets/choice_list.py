"""ChoiceList: a question's numbered choices, one cursor, picked by enter, a click or a number.

A :class:`TextView` with a cursor: a move redraws two choices, a new question one widget.
Each choice can carry a mark in front of its number (a tick for a checklist question).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style

from .text_view import Block, TextView


@dataclass(frozen=True)
class ChoiceItem:
    label: str
    key: str | None = None
    mark: str | None = None  # e.g. "[x]" / "[ ]" for a checklist; None shows no mark column


def choice_block(number: int, item: ChoiceItem) -> Block:
    prefix: list[str | tuple[str, str]] = []
    if item.mark is not None:
        prefix.append((f"{item.mark} ", "bold"))
    prefix.append((f"{number}. ", "bold"))
    text: list[str | tuple[str, str]] = [item.label]
    if item.key:
        text.append((f"  [{item.key}]", "dim"))
    return Block(Content.assemble(*text), prefix=Content.assemble(*prefix))


class ChoiceList(TextView, can_focus=True, inherit_bindings=False):
    """Up/down move the cursor, enter picks; posts :class:`ChoiceList.Picked`."""

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
        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    cursor: reactive[int] = reactive(0, init=False, always_update=True)

    def set_choices(self, items: Sequence[ChoiceItem]) -> None:
        self.set_reactive(ChoiceList.cursor, 0)
        self.set_blocks([choice_block(n, item) for n, item in enumerate(items, 1)])

    @property
    def count(self) -> int:
        return len(self.blocks)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.count - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        for index in {old, new}:
            if 0 <= index < self.count:
                first, height = self.block_lines(index)
                self.refresh(Region(0, first - self.scroll_offset.y, self.size.width, height))
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
            self.post_message(self.Picked(index))
