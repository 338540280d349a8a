"""What every command group shares: exit codes, error printing, opening trees and case files.

Imported by the command groups; imports none of them.

Exit codes: 0 success; 1 lint errors, an answer that matches no choice, or failing cases;
2 a file that cannot be read or is not a valid tree; 130 interrupted.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.training.case_check import check_cases
from ..core.tree.graph import TreeIndex
from ..core.tree.lint import LintReport, lint_tree
from ..core.tree.loader import TreeLoadError, load_tree
from ..core.tree.model import Tree

if TYPE_CHECKING:
    from ..core.training.case_file import CaseFile

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_FILE, EXIT_INTERRUPTED = 0, 1, 2, 130
DATA_DIR_HELP = "where session records live (default: $XDG_DATA_HOME/footpain-tui)"


def print_err(message: str) -> None:
    print(message, file=sys.stderr)


def open_tree(path: str | Path, *, warnings: bool = True) -> tuple[Tree, TreeIndex, LintReport]:
    """Load and lint (errors only with ``warnings=False``); raises :class:`TreeLoadError`."""
    tree = load_tree(path)
    index = TreeIndex(tree)
    return tree, index, lint_tree(tree, index, warnings=warnings)


def open_tree_or_exit(path: str | Path) -> tuple[Tree, TreeIndex] | int:
    """For commands that need a usable tree: the tree, or the exit code after explaining why not.

    Only the errors matter here (a warning never stops a walk), so the authoring checks that
    read the whole tree's text are left to ``validate``.
    """
    try:
        tree, index, report = open_tree(path, warnings=False)
    except TreeLoadError as exc:
        print_err(exc.render())
        return EXIT_BAD_FILE
    if not report.ok:
        print_err(f"{path}: the tree has lint errors and cannot be walked safely:")
        for finding in report.errors:
            print_err(f"  {finding}")
        print_err(f"  run: footpain-tui validate {path}")
        return EXIT_FINDINGS
    return tree, index


def load_cases_or_exit(path: str) -> CaseFile | int:
    from ..core.training.case_file import load_cases  # pydantic loads with the first case file

    try:
        return load_cases(path)
    except TreeLoadError as exc:
        print_err(exc.render())
        return EXIT_BAD_FILE


def open_cases_or_exit(
    tree: Tree, index: TreeIndex, tree_path: str | Path, cases_path: str | Path
) -> CaseFile | int:
    """Cases that fit ``tree``, or the exit code after explaining why not (2 unreadable or
    invalid file, 1 cases that do not fit the tree). Shared by ``train`` and ``explore``.
    """
    case_file = load_cases_or_exit(str(cases_path))
    if isinstance(case_file, int):
        return case_file
    report = check_cases(case_file, tree, index)
    if not report.ok:
        print_err(f"{cases_path}: the cases do not fit the tree {tree_path}:")
        for finding in report.findings:
            print_err(f"  {finding}")
        print_err(f"  run: footpain-tui cases check {tree_path} {cases_path}")
        if any(f.rule.id == "FP301" for f in report.file_findings):
            print_err("  or pass the case file written for this tree with --cases FILE")
        return EXIT_FINDINGS
    return case_file
