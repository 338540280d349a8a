"""Placeholder explorer: shows the first question (the full explorer replaces it)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from ..core.graph import TreeIndex
from ..core.model import Question, Tree
from ..core.walk import WalkSession


class ExplorerApp(App[None]):
    def __init__(self, tree: Tree, index: TreeIndex | None = None) -> None:
        super().__init__()
        self.session = WalkSession(tree, index)
        self.title = tree.meta.title

    def compose(self) -> ComposeResult:
        yield Header()
        node = self.session.current
        text = Text()
        if isinstance(node, Question):
            text.append(node.prompt + "\n\n")
            for i, c in enumerate(node.choices, 1):
                text.append(f"{i}. {c.label}\n")
        yield Static(text)
        yield Footer()


def run_explorer(tree: Tree, index: TreeIndex, tree_path: Path, data_dir: str | None = None) -> int:
    ExplorerApp(tree, index).run()
    return 0
