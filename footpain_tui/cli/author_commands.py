"""Commands for tree authors and teachers: ``export-tree`` (a diagram) and ``handout``
(printable pages per result).

Headless: no Textual. A recorded walk is read through the records' reading API
(:func:`..core.records.sessions.load_session`) only.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from ..core.tree.diagram import WalkHighlight, build_diagram, render_dot, render_mermaid
from ..core.tree.graph import TreeIndex
from ..core.tree.model import Tree
from .common import (
    DATA_DIR_HELP,
    EXIT_BAD_FILE,
    EXIT_FINDINGS,
    EXIT_OK,
    open_tree_or_exit,
    print_err,
    write_output,
)


def print_or_write(text: str, output: str | None) -> int:
    """Print ``text``, or write it to the file ``output`` names (``-``: standard output)."""
    if not output:
        print(text, end="")
        return EXIT_OK
    return write_output(output, text)


def recorded_walk(args: argparse.Namespace, tree: Tree, index: TreeIndex) -> WalkHighlight | int:
    """The walk of ``--session ID`` or ``--last``, replayed against the tree as it is now
    (as ``cases replay`` replays a transcript), or an exit code after saying why not
    (2: no such session; 1: it does not fit this tree)."""
    from ..core.records.sessions import SessionNotFoundError, load_session
    from ..core.records.transcripts import transcript
    from ..core.tree.replay import TranscriptError, read_transcript, replay

    try:
        record = load_session(args.data_dir, None if args.last else args.session)
    except SessionNotFoundError as exc:
        print_err(f"error: {exc}")
        return EXIT_BAD_FILE
    for warning in record.warnings:
        print_err(f"warning: {warning}")
    try:
        walk = read_transcript(transcript(record))
    except TranscriptError as exc:
        print_err(f"error: session {record.session_id} cannot be read as a walk: {exc}")
        return EXIT_BAD_FILE
    start = getattr(record, "start", None)  # records that store where the walk began
    if start:
        walk = replace(walk, start=start)
    replayed = replay(tree, walk, index)
    if not replayed.ok:
        print_err(
            f"error: session {record.session_id} does not fit {tree.meta.id!r}"
            f" {tree.meta.version} as it is now: {replayed.failure}"
        )
        return EXIT_FINDINGS
    return WalkHighlight(walk.start or tree.start, replayed.steps)


# -- export-tree ------------------------------------------------------------------------------
def cmd_export_tree(args: argparse.Namespace) -> int:
    if args.depth is not None and args.depth < 1:
        print_err(f"--depth must be 1 or more, not {args.depth}")
        return EXIT_BAD_FILE
    opened = open_tree_or_exit(args.tree)
    if isinstance(opened, int):
        return opened
    tree, index = opened
    highlight = None
    if args.session or args.last:
        walk = recorded_walk(args, tree, index)
        if isinstance(walk, int):
            return walk
        highlight = walk
    diagram = build_diagram(tree, index, highlight=highlight, depth=args.depth)
    text = render_mermaid(diagram) if args.format == "mermaid" else render_dot(diagram)
    return print_or_write(text, args.output)


# -- handout ----------------------------------------------------------------------------------
def cmd_handout(args: argparse.Namespace) -> int:
    from ..core.tree.handout import HandoutError, handout_pages, render_html, render_markdown

    opened = open_tree_or_exit(args.tree)
    if isinstance(opened, int):
        return opened
    tree, index = opened
    try:
        pages = handout_pages(tree, index, args.results)
    except HandoutError as exc:
        print_err(f"error: {exc}")
        return EXIT_BAD_FILE
    text = render_html(tree, pages) if args.format == "html" else render_markdown(tree, pages)
    return print_or_write(text, args.output)


def add_author_commands(sub: Any) -> None:
    """Register ``export-tree`` and ``handout`` on ``build_parser``'s subparsers."""
    export = sub.add_parser(
        "export-tree",
        help="the tree as a flowchart (Mermaid or Graphviz DOT), a recorded walk highlighted",
    )
    export.add_argument("tree", metavar="TREE")
    export.add_argument(
        "--format", "-f", choices=("mermaid", "dot"), default="mermaid", help="default mermaid"
    )
    which = export.add_mutually_exclusive_group()
    which.add_argument(
        "--session", default=None, metavar="ID", help="highlight this recorded walk (id or prefix)"
    )
    which.add_argument("--last", action="store_true", help="highlight the most recent walk")
    export.add_argument("--data-dir", default=None, metavar="DIR", help=DATA_DIR_HELP)
    export.add_argument(
        "--depth",
        type=int,
        default=None,
        metavar="N",
        help="draw N questions deep from the start; deeper questions become 'more below' stubs",
    )
    export.add_argument(
        "--output", "-o", default=None, metavar="PATH", help="write to a file (default: print)"
    )
    export.set_defaults(func=cmd_export_tree)

    handout = sub.add_parser(
        "handout", help="a printable page per result (Markdown or one self-contained HTML file)"
    )
    handout.add_argument("tree", metavar="TREE")
    handout.add_argument(
        "results", nargs="*", metavar="RESULT_ID", help="the results to print (default: all)"
    )
    handout.add_argument("--format", "-f", choices=("md", "html"), default="md", help="default md")
    handout.add_argument(
        "--output", "-o", default=None, metavar="PATH", help="write to a file (default: print)"
    )
    handout.set_defaults(func=cmd_handout)
