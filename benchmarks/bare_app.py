"""Baseline for the first-paint benchmark: the smallest Textual app with a Header, a Static and a Footer.

    python benchmarks/bare_app.py [TEXT]

``bench_tui.py`` launches it in a pseudo-terminal exactly as it launches footpain-tui and
times how long it takes until TEXT is on screen. q quits.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

DEFAULT_TEXT = "Minimal baseline app ready"


class BareApp(App[None]):
    BINDINGS = [Binding("q", "quit", "Quit")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.title = "Bare app"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.text, markup=False)
        yield Footer()


if __name__ == "__main__":
    BareApp(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_TEXT).run()
