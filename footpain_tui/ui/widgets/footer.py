"""The one footer every screen shows: the screen's keys on one line, drawn by one widget.

It looks as Textual's compact Footer does (each key, a space, its description, a gap), without
the "^p palette" hint: at 80 columns its twelve cells are what a checklist's keys (toggle,
confirm, back, review, what if, map, quit, help) need. ctrl+p still opens the palette; help
lists it, and the title bar's icon opens it too. As in Footer, a click on a key presses it
(a disabled one rings the bell), the key under the mouse is highlighted and shows its tooltip.
Keys that do not fit are cut off at the right, as Footer draws them (Footer also scrolls them
sideways with the mouse wheel; help lists them all).

Textual's Footer is a widget per key, each laid out and drawn on every move (about 1 ms of a
move's 12-13 ms, by bench_frames.py), and rebuilt (about 20 ms) on every signal that the
bindings may have changed. This bar is one line, and it works out its keys again only when a signal came, and on
a terminal only after the frame that brought the change is painted, so that never delays the
next question.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget


class ShownKey(NamedTuple):
    """One key as the bar shows it."""

    key: str  # what a click presses
    key_display: str
    description: str
    enabled: bool
    tooltip: str


class ScreenFooter(Widget):
    """The active bindings with ``show`` set, one per action, in the screen's order."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "screen-footer--key",
        "screen-footer--description",
        "screen-footer--item",
        "screen-footer--hover",
    }
    # The colours of Textual's compact Footer and FooterKey, component by component.
    DEFAULT_CSS = """
    ScreenFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .screen-footer--item {
            background: $footer-item-background;
        }
        & > .screen-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .screen-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .screen-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.shown: tuple[ShownKey, ...] = ()
        self._keys_due = False  # the keys are worked out again once this line is painted
        self._hover: int | None = None  # the index of the key under the mouse
        self._strip: Strip | None = None  # the line as last drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def shown_keys(self) -> tuple[ShownKey, ...]:
        """One key per action (the first bound), as Footer picks them."""
        keys: dict[str, ShownKey] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in keys:
                keys[binding.action] = ShownKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    enabled,
                    tooltip or binding.tooltip or "",
                )
        return tuple(keys.values())

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if self.app.is_headless:  # nothing is painted (tests): at once, as Footer would
            self.call_after_refresh(self._update_keys)
        elif not self._keys_due:
            self._keys_due = True
            self.refresh()  # one line to draw again, in the frame the change brings

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._keys_due:
            self._keys_due = False
            self.call_later(self._update_keys)  # runs once this frame is painted
        return super().render_lines(crop)

    def _update_keys(self) -> None:
        if not self.is_attached:
            return
        shown = self.shown_keys()
        if shown != self.shown:
            self.show_keys(shown)

    def show_keys(self, shown: tuple[ShownKey, ...]) -> None:
        """Draw these keys from now on (called only when they differ from those shown)."""
        self.shown = shown
        self._hover = None
        self._redraw()

    def _redraw(self) -> None:
        self._strip = None
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strip = None  # a theme or a class changed the colours

    # -- drawing ----------------------------------------------------------------------------
    def _spans(self) -> list[tuple[int, int]]:
        """Where each key's cells start and end on the line."""
        spans, x = [], 0
        for key in self.shown:
            width = len(key.key_display) + (1 + len(key.description) if key.description else 0)
            spans.append((x, x + width))
            x += width + 1  # a gap of the bar's own colour after each key
        return spans

    def _layer(self, under: Color, component: str) -> tuple[Color, Style]:
        """A component's background laid over ``under``, and its text style on it."""
        styles = self.get_component_styles(component)
        background = under + styles.background
        color = styles.color if styles.has_rule("color") else self.styles.color
        colours = Style.from_color((background + color).rich_color, background.rich_color)
        return background, styles.text_style + colours

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self._strip is None or self._strip.cell_length != width:
            self._strip = self._draw(width)
        return self._strip

    def _draw(self, width: int) -> Strip:
        bar = self.background_colors[1]
        segments: list[Segment] = []
        for index, key in enumerate(self.shown):
            # A key's own background (FooterKey's, or the hover's), then its two parts on it.
            under, _ = self._layer(
                bar, "screen-footer--hover" if index == self._hover else "screen-footer--item"
            )
            parts = [(key.key_display, self._layer(under, "screen-footer--key")[1])]
            if key.description:
                description = self._layer(under, "screen-footer--description")[1]
                parts.append((" " + key.description, description))
            dim = Style(dim=not key.enabled)
            segments += [Segment(text, style + dim) for text, style in parts]
            segments.append(Segment(" ", self.rich_style))
        return Strip(segments).crop_extend(0, width, self.rich_style)

    # -- the mouse --------------------------------------------------------------------------
    def _key_at(self, x: int) -> int | None:
        for index, (start, end) in enumerate(self._spans()):
            if start <= x < end:
                return index
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._key_at(event.x)
        if hover != self._hover:
            self._hover = hover
            self.tooltip = self.shown[hover].tooltip or None if hover is not None else None
            self._redraw()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self._redraw()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self._key_at(event.x)
        if index is None:
            return
        key = self.shown[index]
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()


def screen_footer() -> ScreenFooter:
    return ScreenFooter()
