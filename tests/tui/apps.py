"""One way to build the app for every TUI test: the pilot tests and the snapshot tests.

``record=False`` keeps tests away from the session log in the user's data directory;
``predict=False`` keeps training's verdict one key away.
"""

from __future__ import annotations

from pathlib import Path

from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.model import Tree
from footpain_tui.ui.app import FootpainApp

DATA = Path(__file__).resolve().parents[1] / "data"


def make_app(tree: Tree | str | Path = "mini.json", **kwargs) -> FootpainApp:
    """The explorer on ``tree``: a loaded Tree, a path, or a file name in ``tests/data``."""
    if not isinstance(tree, Tree):
        tree = load_tree(DATA / tree)  # an absolute path stays as it is
    kwargs.setdefault("record", False)
    # Training goes straight to the verdict unless a test asks for predict-then-reveal
    # (tests/tui/test_predict.py); the program's default is on (see test_cli.py).
    kwargs.setdefault("predict", False)
    kwargs.setdefault("trainee", "")  # named (anonymous): training opens without asking
    return FootpainApp(tree, **kwargs)
