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

import argparse
import importlib
import sys

from .. import __version__
from ..core.collector import resume_after_startup
from .common import (
    EXIT_BAD_FILE,
    EXIT_FINDINGS,
    EXIT_HANGUP,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
)

__all__ = [
    "EXIT_BAD_FILE",
    "EXIT_FINDINGS",
    "EXIT_HANGUP",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "build_parser",
    "main",
]

# The module that declares each command, and its function that adds them to the parser.
# main() imports only the module of the command it runs: the explorer then starts without
# the imports of the other commands (diagrams, reports, the server: ~150 ms).
COMMAND_GROUPS = {
    "explore": "tree_commands",
    "validate": "tree_commands",
    "walk": "tree_commands",
    "paths": "paths_command",
    "export-tree": "author_commands",
    "handout": "author_commands",
    "schema": "tree_commands",
    "train": "training_commands",
    "cases": "training_commands",
    "history": "training_commands",
    "export-session": "training_commands",
    "report": "report_command",
    "serve": "serve",
}
GROUP_ADDERS = {  # in the order the commands are listed in the help
    "tree_commands": "add_tree_commands",
    "paths_command": "add_paths_command",
    "author_commands": "add_author_commands",
    "training_commands": "add_training_commands",
    "report_command": "add_report_command",
    "serve": "add_serve_command",
}
COMMANDS = tuple(COMMAND_GROUPS)
# The commands that open the TUI here: the collector stays paused until its first paint.
OPENS_TUI = frozenset({"explore", "train"})

EPILOG = """\
commands:
  footpain-tui [TREE]                open the explorer (the bundled foot-pain tree by default)
  footpain-tui validate TREE...      lint trees
  footpain-tui walk TREE --answer A  walk a tree without the TUI (--start NODE: from a node)
  footpain-tui paths TREE            every path from start to a result, for a review
  footpain-tui export-tree TREE      the tree as a Mermaid or DOT flowchart (--last: a walk on it)
  footpain-tui handout TREE [RESULT_ID...]  printable pages per result, for teaching (md or html)
  footpain-tui schema [--check]      write or check trees/schema.json
  footpain-tui train [TREE]          training mode with case vignettes
  footpain-tui cases check TREE CASES  replay training cases against a tree
  footpain-tui cases coverage TREE CASES  what the cases exercise (--min PCT: exit 1 below)
  footpain-tui cases replay TREE WALK...  replay recorded walks (export-session JSON) as tests
  footpain-tui history               list past sessions
  footpain-tui export-session        write a session transcript
  footpain-tui report --format F     the teacher's report over data folders (md, html, json)
  footpain-tui serve [TREE]          serve the explorer to web browsers (a classroom)

exit codes: 0 ok; 1 lint errors, unmatched answer or failing cases;
            2 unreadable or invalid file or folder, refused output, usage error or no terminal;
            130 interrupted; 129 hangup; 143 terminated
"""


class CommandParser(argparse.ArgumentParser):
    """A command's own parser: it refuses an argument it does not know with its own usage
    (argparse would leave that to the top-level parser, which prints the top-level usage)."""

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or with ``command`` only the commands of its module."""
    parser = argparse.ArgumentParser(
        prog="footpain-tui",
        usage="%(prog)s [TREE] [--data-dir DIR] [--cases FILE]\n       %(prog)s COMMAND [ARGS...]",
        description="Learn clinical reasoning by walking a decision tree for pain on the back of the foot.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", prog="footpain-tui", parser_class=CommandParser
    )

    groups = GROUP_ADDERS if command is None else [COMMAND_GROUPS[command]]
    for group in groups:
        module = importlib.import_module(f".{group}", __name__)
        getattr(module, GROUP_ADDERS[group])(sub)
    return parser


def _with_default_command(argv: list[str]) -> list[str]:
    """``footpain-tui [TREE]`` means ``footpain-tui explore [TREE]``."""
    if any(a in ("-h", "--help", "--version") for a in argv[:1]):
        return argv
    if not argv or argv[0] not in COMMANDS:
        return ["explore", *argv]
    return argv


def _never_fail_to_print() -> None:
    """Text the terminal's encoding cannot show is escaped, not a traceback
    (``PYTHONIOENCODING=ascii``, a C locale)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    _never_fail_to_print()
    argv = _with_default_command(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser(argv[0] if argv and argv[0] in COMMAND_GROUPS else None)
    args = parser.parse_args(argv)
    if args.command not in OPENS_TUI:
        resume_after_startup()
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
