"""HelpScreen: every key that works where you were, read from the live bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.text_view import Block, TextView

ABOUT = (
    "footpain-tui walks you through a decision tree one question at a time. Red-flag questions "
    "come first: they screen for dangerous causes before any reassurance. The panel on the right "
    "lists the conditions still possible from where you stand, each with the most urgent result "
    "it can lead to (D shows or hides it; below 100 columns it starts hidden, to leave the "
    "question room). Every result explains itself and cites its sources. The command palette "
    "(ctrl+p) looks up any condition, searches question and result text, and switches themes.\n\n"
    "A checklist (tick all that apply) is answered in two steps: tick every choice that fits "
    "with 1-9, its letter, space (the highlighted choice) or a click, then confirm with enter. "
    'Enter with nothing ticked ticks the highlighted choice and confirms it. "None of these" '
    "is ticked alone: ticking it clears the others, ticking another clears it. Going back to a "
    "checklist shows what you ticked there.\n\n"
    "For education only: this is not a diagnosis."
)

# Keys handled outside the binding table: shown here so the help stays complete.
EXTRA_KEYS = [
    ("letter", "A choice's shortcut, shown as [y], answers at once (on a checklist: ticks it)"),
    ("↑ ↓ enter", "Move through the choices and pick one (a checklist: enter confirms)"),
]


def key_table(
    bindings: list[tuple[str, Binding]], display=lambda b: b.key
) -> list[tuple[str, str]]:
    """(keys, description) rows from active bindings: one row per action, its keys joined."""
    rows: dict[str, tuple[list[str], str]] = {}
    for _key, binding in bindings:
        if not binding.description or binding.system:
            continue
        # choose(0)..choose(8) make one row; so do toggle(0)..toggle(8) and space's toggle.
        action = binding.action.split("(")[0].removesuffix("_highlighted")
        keys, _ = rows.get(action, ([], ""))
        shown = display(binding)
        if shown not in keys:
            keys.append(shown)
        rows[action] = (keys, describe(binding))
    return [(" ".join(keys), description) for keys, description in rows.values()]


def describe(binding: Binding) -> str:
    """The Footer's word for a key, then its tooltip: ``Back: Undo the last answer``."""
    name = binding.description[:1].upper() + binding.description[1:]
    tooltip = binding.tooltip
    return f"{name}: {tooltip}" if tooltip and tooltip.casefold() != name.casefold() else name


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help-close")]

    def __init__(self, bindings: list[tuple[str, Binding]]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        self.rows = key_table(self.bindings, self.app.get_key_display) + EXTRA_KEYS
        width = max(len(k) for k, _ in self.rows) + 2
        # Each description wraps under itself, beside its keys (a hanging indent).
        rows = [
            Block(Content(d), prefix=Content.styled(k.ljust(width), "bold")) for k, d in self.rows
        ]
        with VerticalScroll(id="help-body") as body:
            # In the frame, so it shows even when the body scrolls on a small terminal.
            body.border_title = "Help"
            body.border_subtitle = "escape closes"
            yield Static(Content.styled("Keys", "bold underline"))
            yield TextView(rows, id="help-keys")
            yield Static(Content.styled("About", "bold underline"), classes="help-heading")
            yield Static(Content(ABOUT), id="help-about")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
