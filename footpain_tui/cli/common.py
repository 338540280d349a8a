"""What every command group shares: exit codes, error printing, opening trees and case files.

Imported by the command groups; imports none of them.

Exit codes: 0 success; 1 lint errors, an answer that matches no choice, or failing cases;
2 a file that cannot be read or is not a valid tree, or an output path that is refused;
130 interrupted; 129 and 143 when the TUI ends on SIGHUP (or a hung-up terminal) and SIGTERM.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.records.trainees import MAX_TRAINEE_CHARS, clean_trainee
from ..core.storage import UnsafeTargetError, read_regular_file, write_user_file
from ..core.text import neutralise
from ..core.tree.graph import TreeIndex
from ..core.tree.lint import LintReport, lint_tree
from ..core.tree.loader import TreeLoadError, load_tree
from ..core.tree.model import Tree

if TYPE_CHECKING:
    from ..core.training.case_file import CaseFile

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_FILE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_HANGUP, EXIT_TERMINATED = 129, 143  # 128 + SIGHUP, 128 + SIGTERM
# A generated schema is a few kB; --check reads no more than this of the file it compares.
_MAX_GENERATED_BYTES = 16 * 1024 * 1024
DATA_DIR_HELP = "where session records live (default: $XDG_DATA_HOME/footpain-tui)"


def trainee_argument(text: str) -> str:
    """``--trainee NAME``: the name as it will be recorded ("" is anonymous)."""
    name = clean_trainee(text)
    if len(name) > MAX_TRAINEE_CHARS:
        import argparse  # already loaded: only argparse calls this; not imported at start-up

        raise argparse.ArgumentTypeError(
            f"a name of {len(name)} characters is too long (at most {MAX_TRAINEE_CHARS})"
        )
    return name


def print_err(message: str) -> None:
    """An error or warning on stderr; a file's text quoted in it cannot drive the terminal."""
    print(neutralise(message), file=sys.stderr)


def write_output(path: str | Path, text: str, hint: str = "pick another path with --output") -> int:
    """Write a file a user named (``-``: standard output); say where, or why not (exit 2)."""
    if str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return EXIT_OK
    try:
        written = write_user_file(path, text)
    except UnsafeTargetError as exc:
        print_err(f"error: {exc.filename}: {exc.strerror}; {hint}")
        return EXIT_BAD_FILE
    except OSError as exc:
        print_err(f"error: cannot write {exc.filename or path}: {exc.strerror or exc}; {hint}")
        return EXIT_BAD_FILE
    print(f"wrote {written}")
    return EXIT_OK


def write_or_check_generated(path: str | Path, text: str, command: str, check: bool) -> int:
    """``schema`` and ``cases schema``: write the generated ``text``, or with ``check`` say
    whether the file at ``path`` still matches it (exit 1 if stale)."""
    target = Path(path)
    if not check:
        return write_output(target, text)
    try:
        current = read_regular_file(target, _MAX_GENERATED_BYTES).decode("utf-8")
    except FileNotFoundError:
        current = ""
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        print_err(f"{target}: cannot be read ({why}); run `{command}`")
        return EXIT_BAD_FILE
    if current != text:
        print_err(f"{target} is stale: run `{command}` to regenerate it")
        return EXIT_FINDINGS
    print(f"{target} is up to date")
    return EXIT_OK


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
    from ..core.training.case_check import check_cases  # not needed to explore: kept off start-up

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
