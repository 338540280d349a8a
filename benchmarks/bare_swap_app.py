"""Baseline for the key-to-screen benchmark: a key swaps a Static's text between two strings.

    python benchmarks/bare_swap_app.py

Header + Static + Footer, like ``bare_app.py``; 1, 2 and b (the keys the footpain walk
uses) swap the Static between ``TEXT_A`` and ``TEXT_B``. q quits.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

# About as long as a real question's prompt; distinct first words so a reader can tell them apart.
TEXT_A = "Alphaprompt: does the pain start with the first steps in the morning and ease after?"
TEXT_B = "Bravoprompt: is the back of the heel swollen, warm or red where the shoe presses?"


class BareSwapApp(App[None]):
    BINDINGS = [
        Binding("1,2,b", "swap", "Swap"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.showing_a = True
        self.title = "Bare swap app"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(TEXT_A, id="text", markup=False)
        yield Footer()

    def action_swap(self) -> None:
        self.showing_a = not self.showing_a
        self.query_one("#text", Static).update(TEXT_A if self.showing_a else TEXT_B)


if __name__ == "__main__":
    BareSwapApp().run()
