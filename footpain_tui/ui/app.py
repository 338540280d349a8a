"""The App: holds what crosses screens (tree, sessions, recorder), app-wide keys, size guard.

``FootpainApp`` is built the same way by the CLI (``run_explorer``) and by the tests.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding

from ..core.tree.graph import TreeIndex
from ..core.tree.model import Tree
from ..core.tree.walk import WalkSession
from .commands import ConditionCommands, NodeSearchCommands
from .screens.dialogs import ConfirmDialog, TooSmallScreen
from .screens.explore import ExploreScreen
from .screens.help import HelpScreen

if TYPE_CHECKING:  # records and cases load after the first paint, when they are needed
    from ..core.records.sessions import SessionRecorder
    from ..core.training.verdicts import TrainingScore, Verdict

MIN_WIDTH, MIN_HEIGHT = 60, 16


class FootpainApp(App[int]):
    """Explore a tree, or train on its cases."""

    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {ConditionCommands, NodeSearchCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave footpain-tui"),
        Binding(
            "question_mark,f1",
            "help",
            "Help",
            id="help",
            tooltip="Every key, and what this tool is for",
        ),
    ]

    def __init__(
        self,
        tree: Tree,
        index: TreeIndex | None = None,
        *,
        tree_path: Path | None = None,
        data_dir: Path | None = None,
        cases=None,
        start_in_training: bool = False,
        record: bool = True,
        export_dir: Path | None = None,
        offer_resume: bool = True,
        watch: bool = False,
    ) -> None:
        super().__init__()
        self.watch_tree = watch  # --watch: reload the tree file when it changes (tree_watch.py)
        self.decision_tree = tree
        self.index = index or TreeIndex(tree)
        self.tree_path = tree_path
        self.data_dir = data_dir
        self.cases = cases
        self.start_in_training = start_in_training
        self.export_dir = export_dir or Path.cwd()
        self.offer_resume = offer_resume
        self.record = record
        self.session = WalkSession(tree, self.index)
        self.explore_screen = ExploreScreen(self.session)
        self.recorder: SessionRecorder | None = None  # opened just after the first paint
        # Training, kept across cases for this run of the app.
        self._score: TrainingScore | None = None
        self.case_outcomes: dict[str, bool] = {}
        self.title = tree.meta.title
        self.sub_title = f"v{tree.meta.version}"

    # -- session records ------------------------------------------------------------------
    def new_walk(self) -> WalkSession:
        return WalkSession(self.decision_tree, self.index)

    def open_recorder(self) -> SessionRecorder | None:
        """A recorder for one walk; None when recording is off (tests, benchmarks)."""
        if not self.record:
            return None
        from ..core.records.sessions import SessionRecorder

        # Every walk's recorder shares the first one's stamp: the tree file is hashed once.
        stamp = self.recorder.stamp if self.recorder is not None else None
        return SessionRecorder.open(self.data_dir, self.decision_tree, self.tree_path, stamp)

    @property
    def score(self) -> TrainingScore:
        if self._score is None:
            from ..core.training.verdicts import TrainingScore

            self._score = TrainingScore()
        return self._score

    def add_verdict(self, verdict: Verdict) -> None:
        self.score.add(verdict)
        self.case_outcomes.setdefault(verdict.case_id, verdict.matched)

    def record_move(self, session: WalkSession, action: str) -> None:
        """Log the move after the screen has been redrawn, so fsync never delays a key."""
        if not self.record:
            return

        def write() -> None:
            recorder = self.recorder  # queued after the recorder is opened, so it is there
            if recorder is None:
                return
            recorder.record(session, action)
            if session.finished and action != "back":
                recorder.finish(session)

        self.call_after_refresh(write)

    def tree_reloaded(self) -> None:
        """``--watch`` took in a changed tree: the explorer's next moves are recorded
        against it, in a new session file (the tree's stamp changed)."""
        if self.recorder is not None:
            self.recorder = None
            self.recorder = self.open_recorder()

    # -- lifecycle ------------------------------------------------------------------------
    def on_mount(self) -> None:
        if self.watch_tree and self.tree_path is not None:
            from .tree_watch import TreeWatch

            self.tree_watch = TreeWatch(self, self.tree_path)
            self.tree_watch.start()
        self.push_screen(self.explore_screen)
        if self.start_in_training:
            self.action_train()
        if self.record:
            # Reading old sessions and hashing the tree wait until the question is on screen.
            self.call_after_refresh(self._start_records)
        self._check_size(self.size.width, self.size.height)

    def _start_records(self) -> None:
        self.recorder = self.open_recorder()
        if self.offer_resume:
            self._offer_resume()
        self.report_recorder(self.recorder)
        self.screen.refresh_bindings()  # Export can be offered now

    def report_recorder(self, recorder: SessionRecorder) -> None:
        """Say once why records are off, and what was skipped when reading old ones."""
        if recorder.error:
            self.notify(
                recorder.error,
                title="Session records are off",
                severity="warning",
                timeout=8,
                markup=False,
            )
        for warning in recorder.warnings:
            self.notify(warning, severity="warning", timeout=6, markup=False)

    def _offer_resume(self) -> None:
        from ..core.records.sessions import find_resumable

        resumable = find_resumable(
            self.data_dir,
            self.decision_tree,
            self.tree_path,
            self.recorder.warnings,
            stamp=self.recorder.stamp,
        )
        if resumable is None:
            return  # the recorder starts a session file at the first answer
        case = None
        if resumable.mode == "training":
            case = (
                next((c for c in self.cases.cases if c.id == resumable.case_id), None)
                if self.cases
                else None
            )
            if case is None:
                return  # the case file that walk belonged to is not loaded
        steps = len(resumable.steps)
        what = f'case "{case.title}"' if case else "walk"

        def answer(yes: bool | None) -> None:
            if not yes:
                self.recorder.begin(self.session, "free")  # a declined walk is not offered again
                return
            if case is None:
                self.session.replay(resumable.steps)
                self.recorder.resume(resumable, self.session)
                self.explore_screen.refresh_walk()
                return
            from .screens.train import TrainingScreen

            session = self.new_walk()
            session.replay(resumable.steps)
            recorder = self.open_recorder()
            recorder.resume(resumable, session)
            self.push_screen(TrainingScreen(case, session, recorder=recorder))

        self.push_screen(
            ConfirmDialog(
                f"Resume your last {'training ' if case else ''}walk?",
                f"Your {what} from {resumable.started_at} stopped after "
                f"{steps} answer{'s' if steps != 1 else ''}.",
                yes="Resume",
                no="Start fresh",
            ),
            answer,
        )

    # -- size guard -----------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        if self.explore_screen.is_attached:  # before mount, on_mount checks the size itself
            self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small and any(isinstance(s, TooSmallScreen) for s in self.screen_stack):
            return  # already shown, under a dialog opened on top of it
        if too_small and not showing:
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif not too_small and showing:
            self.pop_screen()

    # -- app-wide actions -----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that cannot work in this run, so the Footer never offers them."""
        if action == "train":
            return self.cases is not None  # whether cases load is only known when asked
        if action == "export":
            return self.recorder is not None and self.recorder.enabled
        return True

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        from textual.screen import Screen

        # Our own bindings carry an id (a panel's scroll keys too); Textual's widget-internal
        # ones (list movement) are summarised in the help's prose.
        bindings = [
            (key, active.binding)
            for key, active in self.screen.active_bindings.items()
            if isinstance(active.node, App | Screen) or active.binding.id
        ]
        self.push_screen(HelpScreen(bindings))

    def action_train(self) -> None:
        if not self.cases:
            self.notify("No training cases are loaded for this tree.", severity="warning")
            return
        from .screens.train import CaseListScreen

        self.push_screen(CaseListScreen())

    def action_export(self) -> None:
        if self.recorder is None or not self.recorder.enabled:
            self.notify(
                "This walk is not being recorded, so there is nothing to export.",
                severity="warning",
            )
            return
        if self.recorder.session_id is None:
            self.notify(
                "Answer a question first: there is nothing to export yet.", severity="warning"
            )
            return
        from ..core.records.transcripts import export_session

        try:
            path = export_session(self.data_dir, self.recorder.session_id, "md", self.export_dir)
        except (OSError, ValueError, LookupError) as exc:
            self.notify(str(exc), title="Export failed", severity="error", markup=False)
            return
        self.notify(str(path), title="Transcript written", markup=False)


def run_explorer(
    tree: Tree,
    index: TreeIndex,
    tree_path: Path,
    data_dir: str | Path | None = None,
    cases=None,
    start_in_training: bool = False,
    offer_resume: bool = True,
    watch: bool = False,
) -> int:
    app = FootpainApp(
        tree,
        index,
        tree_path=tree_path,
        data_dir=Path(data_dir) if data_dir else None,
        cases=cases,
        start_in_training=start_in_training,
        offer_resume=offer_resume,
        watch=watch,
    )
    # The tree lives as long as the app: keep the cyclic GC from rescanning its objects on
    # every full collection (on a 50k-node tree each scan stalled a key press by ~0.5 s).
    gc.freeze()
    # Textual honours NO_COLOR itself; urgency is always spelled out in words as well.
    app.run()
    return app.return_code or 0
