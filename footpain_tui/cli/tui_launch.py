"""Opening the TUI, shared by ``explore`` and ``train``: Textual loads only here, and late."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..core.tree.bundled import default_cases_path, default_tree_path
from .common import open_cases_or_exit, open_tree_or_exit


def launch_tui(args: argparse.Namespace, start_in_training: bool = False) -> int:
    """Open the TUI on ``args.tree`` (explore, or train with ``start_in_training``)."""
    opened = open_tree_or_exit(args.tree)
    if isinstance(opened, int):
        return opened
    tree, index = opened
    cases: Any = None
    if args.cases is not None:  # a file asked for must load and fit before the TUI opens
        cases = open_cases_or_exit(tree, index, args.tree, args.cases)
        if isinstance(cases, int):
            return cases
    elif Path(args.tree).resolve() == default_tree_path().resolve():
        from ..core.training.case_check import LazyCases

        # The bundled tree's own cases, loaded (with pydantic) only when the t key asks:
        # exploring never waits for them, and if they fail the t key says none are loaded.
        cases = LazyCases(default_cases_path(), tree, index)
    from ..ui.app import run_explorer  # imported here: Textual loads only for the TUI

    return run_explorer(
        tree,
        index,
        tree_path=Path(args.tree),
        data_dir=args.data_dir,
        cases=cases,
        start_in_training=start_in_training,
    )
