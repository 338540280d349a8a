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
from functools import cached_property, lru_cache

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

EMPTY = Content("")
# Drawn lines kept per view, by what they show: enough for a long result and the lines of
# the questions around it (those drawn ahead included), so going back and forth draws
# nothing again.
STRIPS_KEPT = 2048


def content_key(content: Content) -> tuple[object, ...]:
    """What a Content shows: its text and its styles (``==`` on Content compares text only)."""
    return (content.plain, *content.spans)


@dataclass(frozen=True, eq=False)
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

    @cached_property
    def key(self) -> tuple[object, ...]:
        """Equal for blocks that look the same, styles included."""
        return (
            content_key(self.text),
            content_key(self.prefix),
            self.fill,
            self.space_before,
            self.hanging,
            self.repeat_prefix,
        )

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, Block) and self.key == other.key)

    def __hash__(self) -> int:
        return hash(self.key)


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
        lines.extend((line, fill, index) for line, fill in wrap_block(block, width))
    return lines


# Wrapping is most of what a new question costs to draw, and a walk shows the same blocks
# again (going back, the differential's causes, the checklist hint): each is wrapped once.
@lru_cache(maxsize=4096)
def wrap_block(block: Block, width: int) -> tuple[tuple[Content, str], ...]:
    """``block``'s screen lines as ``(content, fill style)`` at ``width`` cells."""
    lines: list[tuple[Content, str]] = [(EMPTY, "")] * block.space_before
    indent = block.prefix.cell_length
    if indent >= width - 8 or not block.hanging:  # wrap under the prefix
        wrapped = (block.prefix + block.text).wrap(max(1, width))
        lines.extend((line, block.fill) for line in wrapped)
        return tuple(lines)
    text = block.text
    if text.cell_length <= width - indent and "\n" not in text.plain:
        wrapped = [text]  # fits on one line: no need to wrap
    else:
        wrapped = text.wrap(max(1, width - indent)) or [EMPTY]
    pad = block.prefix if block.repeat_prefix else Content(" " * indent)
    for n, line in enumerate(wrapped):
        lines.append(((block.prefix if n == 0 else pad) + line, block.fill))
    return tuple(lines)


def same_line(old: tuple[Content, str, int], new: tuple[Content, str, int]) -> bool:
    """Whether two wrapped lines look the same (text, styles and fill)."""
    return (old[0] is new[0] or content_key(old[0]) == content_key(new[0])) and old[1] == new[1]


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
        # Drawn lines by (text, fill, variant), for the width and base style in
        # ``_strips_for`` (see _keep_strips_for): a line that
        # only moved up or down (a cause left the differential) is not drawn again.
        self._strips: dict[tuple[tuple[object, ...], str, str], Strip] = {}
        self._strips_for: tuple[int, object] = (0, None)

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
        self._blocks = blocks
        self._wrapped = None
        if scroll_home and self.scroll_offset.y:
            self.set_scroll(0, 0)
            old = []  # everything moved
        self._update_virtual_size()
        if not self.size:
            return
        new = self.lines()
        # Draw again only the rows that changed.
        changed = [
            row
            for row in range(max(len(old), len(new)))
            if row >= len(old) or row >= len(new) or not same_line(old[row], new[row])
        ]
        top, (width, height) = self.scroll_offset.y, self.size
        regions = [Region(0, row - top, width, 1) for row in changed if top <= row < top + height]
        if regions:
            self.refresh(*regions)  # one call: each works out where this widget is

    def lines(self, width: int | None = None) -> list[tuple[Content, str, int]]:
        width = self._wrap_width() if width is None else width
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, wrap_blocks(self._blocks, width))
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

    _line_width = 0  # the wrap width, taken once per drawing pass (render_lines)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._line_width = self._wrap_width()
        self._keep_strips_for(self._line_width)
        return super().render_lines(crop)

    def _keep_strips_for(self, width: int) -> None:
        """Keep the drawn lines while the width and the base style they were drawn with
        hold (a theme switch changes the style; a change of focus or display does not)."""
        drawn_for = (width, self.visual_style)
        if drawn_for != self._strips_for or len(self._strips) > STRIPS_KEPT:
            self._strips.clear()
            self._strips_for = drawn_for

    def render_line(self, y: int) -> Strip:
        width = self._line_width or self._wrap_width()
        row = self.scroll_offset.y + y
        lines = self.lines(width)
        if not 0 <= row < len(lines):
            return Strip.blank(width, self.visual_style.rich_style)
        content, fill, index = lines[row]
        variant = self.line_variant(index)
        if not self._line_width:  # drawn outside a drawing pass
            self._keep_strips_for(width)
        return self._drawn(content, fill, variant, width)

    def _drawn(self, content: Content, fill: str, variant: str, width: int) -> Strip:
        """A wrapped line as drawn, from the cache when it was drawn before."""
        key = (content_key(content), fill, variant)
        strip = self._strips.get(key)
        if strip is None:
            if fill:
                content = content.extend_right(width - content.cell_length).stylize_before(fill)
            strip = self._strips[key] = self._strip(content, self.variant_style(variant), width)
        return strip

    def draw_ahead(
        self,
        blocks: Sequence[Block],
        variant_of=lambda index: "",
        width: int | None = None,
        rows: int | None = None,
    ) -> None:
        """Wrap and draw ``blocks`` now into the caches :meth:`set_blocks` and
        :meth:`render_line` read: shown later, they cost no wrapping and no drawing.
        ``variant_of(block index)`` is how that block will be drawn; ``width`` is the wrap
        width it will be shown at (by default this view's, which a hidden view lacks);
        ``rows`` how many lines to draw (the first screenful: the rest may never be read)."""
        if width is None:
            if not self.size:
                return
            width = self._wrap_width()
        self._keep_strips_for(width)
        for content, fill, index in wrap_blocks(blocks, width)[:rows]:
            self._drawn(content, fill, variant_of(index), width)

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
