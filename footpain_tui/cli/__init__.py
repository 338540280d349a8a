"""Command line: ``footpain-tui [TREE]`` opens the explorer; other commands stay headless.

One module per command group (:mod:`.tree_commands`, :mod:`.training_commands`,
:mod:`.serve`), shared helpers in :mod:`.common`. Textual is imported only inside the
commands that open the TUI (and textual-serve only inside ``serve``), so ``validate``,
``walk`` and the other headless commands start fast and work without a terminal.

Exit codes: 0 success; 1 lint errors, an answer that matches no choice, or failing cases;
2 a file that cannot be read or is not a valid tree, a refused output path, a usage error
(such as an unknown ``--start`` node or a ``--since`` that is not a date), a data folder
``report`` cannot read, or the TUI started without a terminal; 130
interrupted; 129 and 143 when the TUI ends on SIGHUP (or a terminal that hung up) and SIGTERM.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..core.collector import resume_after_startup
from .common import (
    EXIT_BAD_FILE,
    EXIT_FINDINGS,
    EXIT_HANGUP,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
)

if TYPE_CHECKING:
    import argparse
    from types import SimpleNamespace

__all__ = [
    "EXIT_BAD_FILE",
    "EXIT_FINDINGS",
    "EXIT_HANGUP",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "main",
]

# The commands that open the TUI here: the collector stays paused until its first paint.
OPENS_TUI = frozenset({"explore", "train"})


def _never_fail_to_print() -> None:
    """Text the terminal's encoding cannot show is escaped, not a traceback
    (``PYTHONIOENCODING=ascii``, a C locale)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _parse(argv: list[str]) -> argparse.Namespace | SimpleNamespace:
    """The command and its options. A bare ``footpain-tui``, the commonest launch, is the
    explorer with every default and needs no parser: importing argparse, building the
    parser and its gettext look-ups would cost ~5 ms of the first paint
    (``tests/core/test_cli_fast_path.py`` checks that both give the same arguments).
    """
    if not argv:
        from .tree_commands import default_explore_args

        return default_explore_args()
    from .parser import COMMAND_GROUPS, build_parser, with_default_command

    argv = with_default_command(argv)
    parser = build_parser(argv[0] if argv and argv[0] in COMMAND_GROUPS else None)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    _never_fail_to_print()
    args = _parse(list(sys.argv[1:] if argv is None else argv))
    if args.command not in OPENS_TUI:
        resume_after_startup()
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
