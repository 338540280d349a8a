"""Live preview (``--watch``): the tree file is watched and reloaded when it changes on disk.

The file's folder is watched with `watchfiles <https://watchfiles.helpmanual.io/>`_ (the
operating system's file events, inotify on Linux; editors that save by writing a new file
and renaming it are seen too) in a thread worker, which also loads and lints the changed
file (:func:`..core.tree.reload.load_checked`), so the UI never waits on a big tree. Then,
on the UI thread:

- the file loads and lints: every open walk is carried onto the new tree, answer by answer
  (:func:`..core.tree.reload.move_walk`), with a notice where the answers stop fitting; the
  screens redraw; an open error screen closes;
- it does not: :class:`.screens.tree_errors.TreeErrorScreen` lists each problem with its
  file and place, and the last good tree stays in use (so do the walks on it);
- the training cases no longer fit the changed tree: the same, naming the cases that broke.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from textual.worker import Worker, get_current_worker

from ..core.tree.graph import TreeIndex
from ..core.tree.model import Tree
from ..core.tree.reload import ReloadError, ReloadProblem, load_checked, move_walk, rebase
from .screens.tree_errors import TreeErrorScreen
from .screens.tree_map import TreeMapScreen
from .screens.walk_base import WalkScreen

# Changes closer together than this are taken as one save (an editor writes, then renames).
DEBOUNCE_MS = 100
# How often the watching thread looks whether it should stop (app closing).
STEP_MS = 50
# With no change for this long the watcher reports in (an empty set of changes): the first
# time says the watch is in place.
QUIET_MS = 200


class _StopWhenCancelled:
    """watchfiles' ``stop_event``: the watching thread ends once its worker is cancelled
    (Textual cancels every worker when the app closes)."""

    def __init__(self, worker: Worker[Any]) -> None:
        self.worker = worker

    def is_set(self) -> bool:
        return self.worker.is_cancelled


class TreeWatch:
    """Watches ``path``, the tree ``app`` shows, and reloads it when it changes."""

    def __init__(self, app: Any, path: Path) -> None:
        """``app``: the FootpainApp (not imported here: the app imports this module)."""
        self.app = app
        self.path = Path(path)
        self.reloads = 0  # trees taken in since the start (for tests and the notices)
        self.failures = 0
        self.watching = threading.Event()  # set once the file's folder is being watched

    def start(self) -> Worker[None]:
        return self.app.run_worker(
            self._watch,
            name=f"watch {self.path}",
            group="tree-watch",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    # -- in the watching thread ---------------------------------------------------------------
    def _watch(self) -> None:
        import watchfiles

        worker = get_current_worker()
        target = self.path.resolve()

        def is_the_tree(_change: watchfiles.Change, changed: str) -> bool:
            return Path(changed) == target

        for changes in watchfiles.watch(
            target.parent,
            watch_filter=is_the_tree,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=_StopWhenCancelled(worker),
            rust_timeout=QUIET_MS,
            yield_on_timeout=True,
            recursive=False,
        ):
            self.watching.set()
            if not changes:
                continue
            try:
                tree, index = load_checked(self.path)
            except ReloadError as exc:
                self.app.call_from_thread(self.failed, exc, "no longer loads or lints")
            else:
                self.app.call_from_thread(self.loaded, tree, index)

    # -- on the UI thread ---------------------------------------------------------------------
    def loaded(self, tree: Tree, index: TreeIndex) -> None:
        """Take in a tree that loaded and linted, unless the cases no longer fit it."""
        app = self.app
        cases, problems = self._cases_for(tree, index)
        if problems:
            self.failed(
                ReloadError(str(self.path), problems),
                "the training cases no longer fit the changed tree",
            )
            return
        old = app.decision_tree
        notices: list[str] = []
        for screen in app.screen_stack:
            if isinstance(screen, WalkScreen):
                session = screen.session
                moved = move_walk(old, session.steps, session.start_id, tree, index)
                rebase(session, tree, index, moved)
                notices += moved.notices
        app.decision_tree, app.index, app.cases = tree, index, cases
        app.title = tree.meta.title
        app.sub_title = f"v{tree.meta.version}"
        for screen in app.screen_stack:
            if isinstance(screen, WalkScreen) and screen.is_mounted:
                screen.refresh_walk()
            elif isinstance(screen, TreeMapScreen) and screen.is_mounted:
                screen.tree_changed()
            elif isinstance(screen, TreeErrorScreen):
                screen.dismiss()
        self.reloads += 1
        app.tree_reloaded()
        app.notify(
            f"{self.path} changed: reloaded.", title="Tree reloaded", timeout=3, markup=False
        )
        for notice in dict.fromkeys(notices):
            app.notify(notice, title="Your walk", severity="warning", timeout=10, markup=False)

    def failed(self, error: ReloadError, reason: str) -> None:
        """Show why the file cannot be used; the last good tree stays."""
        self.failures += 1
        app = self.app
        app.sub_title = f"v{app.decision_tree.meta.version} · the file on disk has errors"
        open_screen = next((s for s in app.screen_stack if isinstance(s, TreeErrorScreen)), None)
        if open_screen is not None:
            open_screen.update_error(error, reason)
        else:
            app.push_screen(TreeErrorScreen(error, reason))

    def _cases_for(self, tree: Tree, index: TreeIndex) -> tuple[Any, list[ReloadProblem]]:
        """The app's training cases for the new tree, or the problems when they no longer fit.

        A case file given with ``--cases`` is checked now; the bundled one stays lazy (checked
        against the new tree when first used). A case being trained on must still fit.
        """
        from ..core.training.case_check import check_cases
        from ..core.training.lazy_cases import LazyCases
        from ..core.training.verdicts import CaseError, expected_walk
        from .screens.train import TrainingScreen

        cases = self.app.cases
        problems: list[ReloadProblem] = []
        if isinstance(cases, LazyCases):
            cases = LazyCases(cases.path, tree, index)
        elif cases is not None:
            report = check_cases(cases, tree, index)
            problems += [
                ReloadProblem(
                    f"training cases:{finding.path}",
                    f"{finding.rule.id} {finding.rule.name}: {finding.message}",
                )
                for finding in report.findings
            ]
        for screen in self.app.screen_stack:
            if isinstance(screen, TrainingScreen):
                try:
                    expected_walk(screen.case, tree, index)
                except CaseError as exc:
                    problems.append(
                        ReloadProblem(f"the case you are on, {screen.case.id}", str(exc))
                    )
        return cases, problems
