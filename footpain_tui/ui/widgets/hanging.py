"""Hanging: a prefix ("3. ") and a body whose wrapped lines start under the body, not under
the prefix, for option lists (the case list, the prediction lists), which wrap a plain
Content from the left edge.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


class Hanging(Visual):
    def __init__(self, prefix: Content, body: Content) -> None:
        self.prefix = prefix
        self.body = body

    @property
    def plain(self) -> str:
        return self.prefix.plain + self.body.plain

    def __str__(self) -> str:
        return self.plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.prefix.cell_length + self.body.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.body.get_height(rules, max(1, width - self.prefix.cell_length))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        indent = self.prefix.cell_length
        body_width = max(1, width - indent)
        lines = self.body.render_strips(body_width, height, style, options)
        head = self.prefix.render_strips(indent, 1, style, options)[0] if indent else None
        blank = Strip.blank(indent, style.rich_style)
        return [
            Strip.join([head if i == 0 and head is not None else blank, line])
            for i, line in enumerate(lines)
        ]
