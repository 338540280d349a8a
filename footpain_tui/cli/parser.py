"""The command line's parser: every command, its options and its help.

Only a launch that names something (a command, a tree, an option) builds it: a bare
``footpain-tui`` starts the explorer without importing argparse (see :func:`..main`).
Each command group's module declares its own commands; building the parser for one command
imports only that command's module.
"""

from __future__ import annotations

import argparse
import importlib

from .. import __version__

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
        module = importlib.import_module(f".{group}", __package__)
        getattr(module, GROUP_ADDERS[group])(sub)
    return parser


def with_default_command(argv: list[str]) -> list[str]:
    """``footpain-tui [TREE]`` means ``footpain-tui explore [TREE]``."""
    if any(a in ("-h", "--help", "--version") for a in argv[:1]):
        return argv
    if not argv or argv[0] not in COMMANDS:
        return ["explore", *argv]
    return argv
