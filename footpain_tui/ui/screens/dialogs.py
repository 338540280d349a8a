"""Small modal dialogs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static


class ConfirmDialog(ModalScreen[bool]):
    """Ask a yes/no question; dismisses with True or False."""

    AUTO_FOCUS = "#yes"

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, title: str, message: str, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self._title, self._message, self._yes, self._no = title, message, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self._title), id="dialog-title")
            yield Static(Content(self._message), id="dialog-message")
            with Horizontal(id="dialog-buttons"):
                yield Button(Content(f"{self._yes} (y)"), variant="primary", id="yes")
                yield Button(Content(f"{self._no} (n)"), id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class TooSmallScreen(Screen):
    """Shown instead of a broken layout when the terminal is below the minimum size."""

    CSS_PATH = "dialogs.tcss"

    def __init__(self, min_width: int, min_height: int) -> None:
        super().__init__()
        self.min_width, self.min_height = min_width, min_height

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-message")

    def on_screen_resume(self) -> None:
        # Help or the palette may have been opened over this screen and closed after the
        # terminal grew: the app only checks the size on a resize, so check again here.
        width, height = self.app.size
        if width >= self.min_width and height >= self.min_height and self.is_current:
            self.dismiss()

    def on_resize(self, event) -> None:
        width, height = self.app.size
        self.query_one("#too-small-message", Static).update(
            Content(
                f"Make the terminal larger.\n\nIt is {width}x{height}; "
                f"footpain-tui needs at least {self.min_width}x{self.min_height}.\n"
                "q quits."
            )
        )
