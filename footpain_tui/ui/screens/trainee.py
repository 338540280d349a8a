"""Who is training: asked once per run, on the first training screen, when ``--trainee``
was not given. The name goes into every session record from then on; empty is anonymous."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...core.records.trainees import MAX_TRAINEE_CHARS, clean_trainee
from ..widgets.footer import screen_footer


class TraineeDialog(ModalScreen[str]):
    """Ask for the trainee's name; dismisses with it ("" for anonymous)."""

    AUTO_FOCUS = "#trainee-name"
    CSS_PATH = "trainee.tcss"
    BINDINGS = [
        Binding(
            "escape",
            "anonymous",
            "Anonymous",
            id="trainee-anonymous",
            tooltip="Train without a name",
        )
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="trainee-dialog"):
            yield Static(Content("Who is training?"), id="trainee-title")
            yield Static(
                Content(
                    "Your name goes into each session record, so your teacher's report can"
                    " show your cases. Leave it empty to train anonymously."
                ),
                id="trainee-message",
            )
            yield Input(
                placeholder="Your name (enter: start; empty: anonymous)",
                max_length=MAX_TRAINEE_CHARS,
                id="trainee-name",
            )
            yield Static(
                Content.styled("enter starts training · escape: anonymous", "dim"),
                id="trainee-hint",
            )
        yield screen_footer()  # this dialog's keys, not those of the screen below

    @on(Input.Submitted, "#trainee-name")
    def _named(self, event: Input.Submitted) -> None:
        self.dismiss(clean_trainee(event.value))

    def action_anonymous(self) -> None:
        self.dismiss("")
