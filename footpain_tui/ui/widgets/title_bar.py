"""TitleBar: the top line of every screen, as Textual's Header draws it, in one widget.

Header composes four widgets (itself, an icon, a title and a clock's space), each styled,
laid out and drawn on every screen's start; this line draws the same cells from one. The
palette icon on the left opens the command palette when clicked, as Header's does.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8  # Header's icon cell: " ⭘" padded to eight columns
RIGHT_SPACE = 10  # the space Header keeps for its clock, kept so the title centres alike


class TitleBar(Widget):
    """The palette icon, then the title and sub-title (the screen's, else the app's)
    centred between the icon and the right-hand space; too long, they end in an ellipsis."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        for owner in (self.app, self.screen):
            for name in ("title", "sub_title"):
                self.watch(owner, name, self._title_changed, init=False)
        self.tooltip = "Click the icon to open the command palette"

    def _title_changed(self) -> None:
        self.refresh()

    def render(self) -> Content:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        middle = max(0, self.size.width - ICON_WIDTH - RIGHT_SPACE)
        heading = app.format_title(title, sub_title)  # plain text: tree titles are data
        return Content.assemble(
            f" {ICON}".ljust(ICON_WIDTH), heading.center(middle, ellipsis=True)[:middle]
        )

    def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH:
            event.stop()
            self.app.action_command_palette()
