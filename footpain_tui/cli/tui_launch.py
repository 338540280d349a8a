"""Opening the TUI, shared by ``explore``, ``train`` and ``serve``: Textual loads only here,
and late.

The options every TUI command takes are declared once (:data:`APP_OPTIONS`), so ``serve``
can hand each browser tab's app the very command line ``explore`` would have parsed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.tree.bundled import default_cases_path, default_tree_path
from .common import (
    DATA_DIR_HELP,
    EXIT_BAD_FILE,
    open_cases_or_exit,
    open_tree_or_exit,
    print_err,
    trainee_argument,
)

if TYPE_CHECKING:
    import argparse

EXPLORE_CASES_HELP = "training cases for the t key (the bundled tree brings its own)"
# A command line naming a node the tree does not have is a usage error (exit 2).
EXIT_USAGE = EXIT_BAD_FILE

# (flag, argparse keywords) for the options of explore, train and serve alike; serve passes
# every one of them on to the apps it starts. ``--cases`` differs per command (train defaults
# to the bundled cases), so each command declares it; serve passes it on too.
APP_OPTIONS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("--data-dir", {"default": None, "metavar": "DIR", "help": DATA_DIR_HELP}),
    (
        "--watch",
        {
            "action": "store_true",
            "help": "reload the tree when its file changes on disk, keeping the walk"
            " (live preview for tree authors)",
        },
    ),
    (
        "--no-resume",
        {
            "action": "store_true",
            "help": "never offer to resume an unfinished walk (for a data directory shared by"
            " several people, as in a served classroom)",
        },
    ),
    (
        "--trainee",
        {
            "default": None,
            "metavar": "NAME",
            "type": trainee_argument,
            "help": 'who is training: stored in every session record ("" for anonymous);'
            " without it, training asks once",
        },
    ),
    (
        "--no-predict",
        {
            "action": "store_true",
            "help": "training without predict-then-reveal: the verdict shows at once, without"
            " first asking for the most likely cause and the urgency",
        },
    ),
)
START_HELP = (
    "open the explorer with the walk starting at this node instead of the tree's start"
    " (exit 2 if the tree has no such node)"
)


def _dest(flag: str) -> str:
    return flag.removeprefix("--").replace("-", "_")


def add_app_options(parser: argparse.ArgumentParser, **fixed: Any) -> None:
    """Declare :data:`APP_OPTIONS` on a TUI command's parser; an option named (by its
    ``dest``) in ``fixed`` is not offered and always has that value (``serve`` fixes
    ``no_resume=True``).
    """
    for flag, keywords in APP_OPTIONS:
        if _dest(flag) not in fixed:
            parser.add_argument(flag, **keywords)
    parser.set_defaults(**fixed)


def app_option_defaults() -> dict[str, Any]:
    """The value of each of :data:`APP_OPTIONS` when the command line does not give it, by
    ``dest``, as :func:`add_app_options` declares them."""
    return {
        _dest(flag): keywords.get(
            "default", False if keywords.get("action") == "store_true" else None
        )
        for flag, keywords in APP_OPTIONS
    }


def explore_command(args: argparse.Namespace) -> list[str]:
    """The argv that opens, in a new process, the explorer ``args`` describe: the same
    interpreter and the same ``explore`` command, so the same app with the same options.
    """
    argv = [sys.executable, "-m", "footpain_tui", "explore", str(args.tree)]
    if args.cases is not None:
        argv += ["--cases", str(args.cases)]
    for flag, keywords in APP_OPTIONS:
        value = getattr(args, _dest(flag))
        if keywords.get("action") == "store_true":
            argv += [flag] if value else []
        elif value is not None:
            argv += [flag, str(value)]
    return argv


def launch_tui(args: argparse.Namespace, start_in_training: bool = False) -> int:
    """Open the TUI on ``args.tree`` (explore, or train with ``start_in_training``)."""
    opened = open_tree_or_exit(args.tree)
    if isinstance(opened, int):
        return opened
    tree, index = opened
    start = getattr(args, "start", None)
    if start is not None:
        from ..core.tree.walk import StartNodeError, WalkSession

        try:
            WalkSession(tree, index, start=start)
        except StartNodeError as exc:
            print_err(f"{args.tree}: --start: {exc}")
            return EXIT_USAGE
    cases: Any = None
    if args.cases is not None:  # a file asked for must load and fit before the TUI opens
        cases = open_cases_or_exit(tree, index, args.tree, args.cases)
        if isinstance(cases, int):
            return cases
    elif Path(args.tree).resolve() == default_tree_path().resolve():
        from ..core.training.lazy_cases import LazyCases

        # The bundled tree's own cases, loaded (with pydantic) only when the t key asks:
        # exploring never waits for them, and if they fail the t key says none are loaded.
        cases = LazyCases(default_cases_path(), tree, index)
    from ..ui.app import run_explorer  # imported here: Textual loads only for the TUI
    from ..ui.lifecycle import end_when_server_hangs_up

    end_when_server_hangs_up()  # only in a served app (one browser tab's process)

    return run_explorer(
        tree,
        index,
        tree_path=Path(args.tree),
        data_dir=args.data_dir,
        cases=cases,
        start_in_training=start_in_training,
        offer_resume=not args.no_resume,
        watch=args.watch,
        predict=not args.no_predict,
        start=start,
        trainee=args.trainee,
    )
