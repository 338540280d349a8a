"""TreeErrorScreen: why the tree file on disk cannot be used (``--watch``).

Shown over whatever screen is open when the watched file stops loading or linting: every
problem with its file and place (``line:column`` or a JSON path). The last good tree stays
in use underneath: escape closes this and the walk goes on; fixing the file closes it by
itself (:mod:`..tree_watch`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...core.tree.reload import ReloadError
from ..widgets.footer import screen_footer


class TreeErrorScreen(ModalScreen[None]):
    CSS_PATH = "tree_errors.tcss"
    BINDINGS = [
        Binding(
            "escape",
            "dismiss",
            "Keep the last good tree",
            id="tree-errors-close",
            tooltip="Close this and go on with the tree as it was before the change",
        )
    ]

    def __init__(self, error: ReloadError, reason: str) -> None:
        super().__init__()
        self.error = error
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="tree-errors"):
            yield Static(id="tree-errors-title")
            with VerticalScroll(id="tree-errors-list"):
                yield Static(id="tree-errors-problems")
            yield Static(
                Content(
                    "The last good version of the tree stays in use. Fix the file and save:"
                    " this closes by itself. Escape closes it now."
                ),
                id="tree-errors-help",
            )
        yield screen_footer()

    def on_mount(self) -> None:
        self._show_problems()

    def update_error(self, error: ReloadError, reason: str) -> None:
        """A newer failure of the same file, while this is open."""
        self.error, self.reason = error, reason
        if self.is_mounted:
            self._show_problems()

    def _show_problems(self) -> None:
        count = len(self.error.problems)
        self.query_one("#tree-errors-title", Static).update(
            Content(
                f"{self.error.file}: {self.reason} ({count} problem{'s' if count != 1 else ''})"
            )
        )
        self.query_one("#tree-errors-problems", Static).update(
            Content("\n".join(f"• {problem}" for problem in self.error.problems))
        )
