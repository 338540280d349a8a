"""TextView: a column of wrapped paragraphs drawn as one widget that scrolls itself.

Why not a container of Statics: Textual repaints every widget under a changed area, so a
panel built from a scroller and a Static per paragraph costs a layer per widget on every
key. One line-API widget per panel renders only its own changed lines. It also wraps the way
lists should read: a paragraph with a ``prefix`` (a bullet, a number, an urgency tag) keeps
its continuation lines indented under the text (a hanging indent).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

EMPTY = Content("")


@dataclass(frozen=True)
class Block:
    """One paragraph: ``prefix`` then ``text``, wrapped with continuation lines under ``text``
    (or, with ``hanging`` false, under the prefix: a tag that starts a sentence; with
    ``repeat_prefix``, under the prefix drawn again: a bar down the side of a banner).

    ``fill`` styles the whole width of its lines (a banner); ``space_before`` puts blank lines
    above it.
    """

    text: Content
    prefix: Content = EMPTY
    fill: str = ""
    space_before: int = 0
    hanging: bool = True
    repeat_prefix: bool = False


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, ending in an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def wrap_blocks(blocks: Sequence[Block], width: int) -> list[tuple[Content, str, int]]:
    """Each screen line as ``(content, fill style, index of its block)`` at ``width`` cells."""
    lines: list[tuple[Content, str, int]] = []
    for index, block in enumerate(blocks):
        lines.extend((EMPTY, "", index) for _ in range(block.space_before))
        indent = block.prefix.cell_length
        if indent >= width - 8 or not block.hanging:  # wrap under the prefix
            wrapped = (block.prefix + block.text).wrap(max(1, width))
            lines.extend((line, block.fill, index) for line in wrapped)
            continue
        text = block.text
        if text.cell_length <= width - indent and "\n" not in text.plain:
            wrapped = [text]  # fits on one line: no need to wrap
        else:
            wrapped = text.wrap(max(1, width - indent)) or [EMPTY]
        pad = block.prefix if block.repeat_prefix else Content(" " * indent)
        for n, line in enumerate(wrapped):
            lines.append(((block.prefix if n == 0 else pad) + line, block.fill, index))
    return lines


class TextView(ScrollView, can_focus=False):
    """Shows :class:`Block` paragraphs; only lines that changed are drawn again."""

    DEFAULT_CSS = """
    TextView {
        height: auto;
        scrollbar-size-horizontal: 0;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, blocks: Sequence[Block] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self._blocks: tuple[Block, ...] = tuple(blocks)
        self._wrapped: tuple[int, list[tuple[Content, str, int]]] | None = None
        self._strips: dict[tuple[int, str], Strip] = {}

    # -- content ----------------------------------------------------------------------------
    @property
    def blocks(self) -> tuple[Block, ...]:
        return self._blocks

    @property
    def plain(self) -> str:
        """The text shown, one paragraph a line, as written (before wrapping)."""
        return "\n".join("\n" * b.space_before + (b.prefix + b.text).plain for b in self._blocks)

    def set_blocks(self, blocks: Sequence[Block], *, scroll_home: bool = True) -> None:
        """Show ``blocks``; a layout pass is asked for only when the height changes."""
        blocks = tuple(blocks)
        if blocks == self._blocks:
            return
        old = self._wrapped[1] if self._wrapped else []
        old_strips = self._strips
        self._blocks = blocks
        self._wrapped = None
        self._strips = {}
        if scroll_home and self.scroll_offset.y:
            self.set_scroll(0, 0)
            old = []  # everything moved
        self._update_virtual_size()
        if not self.size:
            return
        new = self.lines()
        # Draw again only the rows that changed; keep the drawn strips of the others.
        changed = [
            row
            for row in range(max(len(old), len(new)))
            if row >= len(old) or row >= len(new) or old[row][:2] != new[row][:2]
        ]
        for (row, variant), strip in old_strips.items():
            if row < len(new) and row not in changed:
                self._strips[row, variant] = strip
        top = self.scroll_offset.y
        width = self.size.width
        for row in changed:
            if top <= row < top + self.size.height:
                self.refresh(Region(0, row - top, width, 1))

    def lines(self, width: int | None = None) -> list[tuple[Content, str, int]]:
        width = self._wrap_width() if width is None else width
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, wrap_blocks(self._blocks, width))
            self._strips.clear()
        return self._wrapped[1]

    def block_at(self, y: int) -> int | None:
        """Which block the line ``y`` (in content coordinates) belongs to."""
        lines = self.lines()
        return lines[y][2] if 0 <= y < len(lines) else None

    def block_lines(self, index: int) -> tuple[int, int]:
        """First line and line count of block ``index`` (blank lines above it excluded)."""
        lines = self.lines()
        space = self._blocks[index].space_before
        rows = [y for y, line in enumerate(lines) if line[2] == index]
        return (rows[space], len(rows) - space) if len(rows) > space else (0, 0)

    # -- size -------------------------------------------------------------------------------
    def _wrap_width(self) -> int:
        width = self.scrollable_content_region.width
        return width if width > 0 else max(1, self.size.width - 1)

    def _update_virtual_size(self) -> None:
        if not self.size:
            return
        lines = self.lines()
        size = Size(self._wrap_width(), len(lines))
        if size != self.virtual_size:
            # A layout pass (the height may change) without marking every line for drawing.
            self.set_reactive(TextView.virtual_size, size)
            self.refresh(repaint=False, layout=True)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return (
            max(((b.prefix + b.text).cell_length for b in self._blocks), default=0)
            + self.styles.scrollbar_size_vertical
        )

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        gutter = (
            self.styles.scrollbar_size_vertical if self.styles.scrollbar_gutter == "stable" else 0
        )
        return len(self.lines(max(1, width - gutter)))

    def on_resize(self) -> None:
        self._update_virtual_size()

    # -- drawing ----------------------------------------------------------------------------
    def line_variant(self, block_index: int) -> str:
        """A name for how a block's lines look; subclasses mark a cursor this way."""
        return ""

    def variant_style(self, variant: str) -> Style:
        """The base style drawn under lines of that variant."""
        return self.visual_style

    def render_line(self, y: int) -> Strip:
        width = self._wrap_width()
        row = self.scroll_offset.y + y
        lines = self.lines(width)
        if not 0 <= row < len(lines):
            return Strip.blank(width, self.visual_style.rich_style)
        content, fill, index = lines[row]
        variant = self.line_variant(index)
        key = (row, variant)
        strip = self._strips.get(key)
        if strip is None:
            style = self.variant_style(variant)
            if fill:
                content = content.extend_right(width - content.cell_length).stylize_before(fill)
            strip = self._strip(content, style, width)
            self._strips[key] = strip
        return strip

    def _strip(self, content: Content, style: Style, width: int) -> Strip:
        """One already wrapped line, drawn on ``style`` and padded to ``width``."""
        segments = [
            Segment(text, (style + text_style).rich_style)
            for text, text_style in content.render(style, end="", parse_style=self._get_style)
        ]
        return Strip(segments, content.cell_length).extend_cell_length(width, style.rich_style)

    def redraw(self) -> None:
        """Draw every line again (its styles changed, not its text)."""
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a theme switch recolours every line
