"""The App: holds what crosses screens (tree, sessions, recorders), app-wide keys, the size
guard, and the app's lifecycle (a terminal that goes away, SIGHUP and SIGTERM end it cleanly).

``FootpainApp`` is built the same way by the CLI (``run_explorer``) and by the tests.
"""

from __future__ import annotations

import gc
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from ..core.collector import resume_after_startup
from ..core.records.trainees import same_trainee
from ..core.tree.graph import TreeIndex
from ..core.tree.model import Tree
from ..core.tree.walk import WalkSession
from .screens.dialogs import ConfirmDialog, TooSmallScreen
from .screens.explore import ExploreScreen
from .terminal import Lifeline, hung_up, save_terminal, terminal_problem

if TYPE_CHECKING:  # records and cases load after the first paint, when they are needed
    from textual.command import Provider

    from ..core.records.recorder import SessionRecorder
    from ..core.records.resume import Resumable
    from ..core.records.sessions import TreeStamp
    from ..core.training.verdicts import TrainingScore, Verdict

MIN_WIDTH, MIN_HEIGHT = 60, 16


# The palette's providers, the help and the trainee's name load when first used (Textual
# accepts a callable for a provider): the first question never waits for their imports.
def _condition_commands() -> type[Provider]:
    from .commands import ConditionCommands

    return ConditionCommands


def _node_search_commands() -> type[Provider]:
    from .commands import NodeSearchCommands

    return NodeSearchCommands


EXIT_NO_TERMINAL = 2  # the CLI's code for a usage problem


class FootpainApp(App[int]):
    """Explore a tree, or train on its cases."""

    # The explorer's sheet too: as the default screen it is not pushed, and only a pushed
    # screen's CSS_PATH is loaded.
    CSS_PATH = ["app.tcss", "screens/explore.tcss"]
    COMMANDS = App.COMMANDS | {_condition_commands, _node_search_commands}
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
        predict: bool = True,
        start: str | None = None,
        prediction_seed: int | None = None,
        trainee: str | None = None,
    ) -> None:
        super().__init__()
        # Training asks for the cause and urgency before a result shows (--no-predict: not).
        self.predict = predict
        self.fixed_seed = prediction_seed  # the tests' seed for every case; None: a fresh one
        self.watch_tree = watch  # --watch: reload the tree file when it changes (tree_watch.py)
        self.decision_tree = tree
        self.index = index or TreeIndex(tree)
        self.tree_path = tree_path
        self.data_dir = data_dir
        self.cases = cases
        self.start_in_training = start_in_training
        self.export_dir = export_dir or Path.cwd()
        # A walk asked to start at a node (--start) is not traded for an older one.
        self.offer_resume = offer_resume and start is None
        self.record = record
        self.session = WalkSession(tree, self.index, start=start)
        self.explore_screen = ExploreScreen(self.session)
        self.recorder: SessionRecorder | None = None  # the explorer's, opened after first paint
        self._recorders: list[SessionRecorder] = []  # every open one (training screens too)
        self.record_errors: list[str] = []  # each said once in the app, again at exit
        # Set by run_explorer: ends the app on SIGHUP, SIGTERM or a terminal that hung up.
        self.lifeline: Lifeline | None = None
        # Training, kept across cases for this run of the app.
        self._score: TrainingScore | None = None
        self.case_outcomes: dict[str, bool] = {}
        # Who is training, for every record's begin line; None: not given, asked once when
        # training opens ("" is anonymous).
        self.trainee = trainee
        self._resume_after_trainee: Resumable | None = None
        self.title = tree.meta.title
        self.sub_title = self._sub_title()

    def _sub_title(self) -> str:
        version = f"v{self.decision_tree.meta.version}"
        return f"{version} · trainee: {self.trainee}" if self.trainee else version

    def set_trainee(self, name: str | None) -> None:
        """The trainee's name ("" anonymous), for every walk recorded from now on."""
        self.trainee = name or ""
        for recorder in self._recorders:
            recorder.trainee = self.trainee
        self.sub_title = self._sub_title()
        pending, self._resume_after_trainee = self._resume_after_trainee, None
        if pending is not None:
            self._offer_resume(pending)

    # -- session records ------------------------------------------------------------------
    def new_walk(self, start: str | None = None) -> WalkSession:
        return WalkSession(self.decision_tree, self.index, start=start)

    def prediction_seed(self) -> int:
        """The seed that draws and orders one case's causes to predict from."""
        if self.fixed_seed is not None:
            return self.fixed_seed
        from ..core.training.predictions import new_seed

        return new_seed()

    def start_walk_at(self, node_id: str) -> None:
        """A new explorer walk from ``node_id`` (the tree map's "test from here"), recorded
        in a session file of its own that names where it started."""
        self.session = self.new_walk(node_id)
        self.explore_screen.replace_walk(self.session)
        recorder = self.explorer_recorder() if self.record else None
        if recorder is not None:
            recorder.begin(self.session, flush=False)
            self.call_after_refresh(self.flush_records)

    def open_recorder(self) -> SessionRecorder | None:
        """A recorder for one walk; None when recording is off (tests, benchmarks).

        Its write failures are reported through :meth:`report_record_error`; close it with
        :meth:`close_recorder` when its walk is over.
        """
        if not self.record:
            return None
        from ..core.records.recorder import SessionRecorder

        # Every walk's recorder shares the first one's stamp: the tree file is hashed once.
        stamp = self._recorders[0].stamp if self._recorders else None
        recorder = SessionRecorder.open(self.data_dir, self.decision_tree, self.tree_path, stamp)
        recorder.trainee = self.trainee
        recorder.on_error = self.report_record_error
        recorder.on_waiting_change = self._records_waiting_changed
        self._recorders.append(recorder)
        if recorder.error:
            self.report_record_error(recorder.error)
        return recorder

    def close_recorder(self, recorder: SessionRecorder | None) -> None:
        """Its walk is over: write what is queued and release the session file."""
        if recorder is None:
            return
        recorder.close()
        if recorder in self._recorders and recorder is not self.recorder:
            self._recorders.remove(recorder)

    def explorer_recorder(self) -> SessionRecorder | None:
        if self.recorder is None:
            self.recorder = self.open_recorder()
        return self.recorder

    def report_record_error(self, message: str) -> None:
        """Say once that records failed (the walk goes on); said again when the app ends."""
        if message in self.record_errors:
            return
        self.record_errors.append(message)
        if threading.current_thread() is not threading.main_thread() or not self.is_running:
            return  # the lifeline is ending the app: the exit message says it
        self.notify(message, title="Session records", severity="warning", timeout=10, markup=False)

    def flush_records(self) -> None:
        for recorder in list(self._recorders):
            recorder.flush()

    def close_records(self) -> None:
        for recorder in list(self._recorders):
            recorder.close()

    def records_busy(self) -> bool:
        """Whether a record is being written now (a signal handler may have interrupted it)."""
        return any(recorder.writing for recorder in self._recorders)

    def _records_waiting_changed(self) -> None:
        """A hang-up ends the app at once unless records wait to be written."""
        if self.lifeline is not None:
            self.lifeline.hold(any(recorder.waiting for recorder in self._recorders))

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
        """Log the explorer's move: the line is taken now, written after the screen is
        redrawn, so fsync never delays a key and fast keys never share a state."""
        if not self.record:
            return
        recorder = self.explorer_recorder()
        if recorder is None:
            return
        recorder.record(session, action, flush=False)
        if session.finished and action != "back":
            recorder.finish(session, flush=False)
        self.call_after_refresh(self.flush_records)

    def tree_reloaded(self) -> None:
        """``--watch`` took in a changed tree: the explorer's next moves go to a new session
        file stamped with it; a training case's recorder, still open, writes its next steps
        with the changed tree's texts."""
        old, self.recorder = self.recorder, None
        self.close_recorder(old)
        if not self._recorders:
            return  # the next recorder hashes the changed file itself
        from ..core.records.sessions import TreeStamp

        stamp = TreeStamp.of(self.decision_tree, self.tree_path)
        for recorder in self._recorders:
            recorder.tree, recorder.stamp = self.decision_tree, stamp

    # -- lifecycle ------------------------------------------------------------------------
    def on_mount(self) -> None:
        if self.watch_tree and self.tree_path is not None:
            from .tree_watch import TreeWatch

            self.tree_watch = TreeWatch(self, self.tree_path)
            self.tree_watch.start()
        if self.start_in_training:
            self.action_train()
        # Started from the console, the collector is paused until the question is on screen.
        self.call_after_refresh(resume_after_startup)
        if self.record:
            # Reading old sessions and hashing the tree wait until the question is on screen.
            self.call_after_refresh(self._start_records)
        self._check_size(self.size.width, self.size.height)
        if self.lifeline is not None:
            self.lifeline.start()

    def get_default_screen(self) -> ExploreScreen:
        """The explorer is the bottom screen. Pushed from on_mount instead, it was laid out
        and drawn during Textual's start-up for a frame that is dropped, then drawn again:
        ~40 ms more before the first question showed."""
        return self.explore_screen

    def on_unmount(self) -> None:
        self.close_records()

    def panic(self, *renderables: Any) -> None:
        """Textual's input thread panics when a read from the terminal fails (EIO): with
        the terminal gone, that is a hang-up to end on quietly, not a crash to show."""
        if self.lifeline is not None and hung_up():
            self.lifeline.end(128 + signal.SIGHUP, terminal_gone=True)
            return
        super().panic(*renderables)

    def farewell(self, code: int) -> str:
        """The lines printed when the app has ended: record failures again, and why it
        ended if a hang-up or a signal ended it."""
        lines = [f"footpain-tui: {message}" for message in self.record_errors]
        if code in (128 + signal.SIGHUP, 128 + signal.SIGTERM):
            why = "the terminal hung up" if code == 129 else "it was asked to stop (SIGTERM)"
            saved = "not every answer was saved" if self.record_errors else "every answer was saved"
            lines.append(f"footpain-tui: ended because {why}; {saved}.")
        return "".join(line + "\n" for line in lines)

    def end_with(self, code: int) -> None:
        """End now with ``code`` (129 hang-up, 143 SIGTERM): records first, then the app."""
        self.close_records()
        self.exit(return_code=code)

    def _start_records(self) -> None:
        recorder = self.explorer_recorder()
        self.screen.refresh_bindings()  # Export can be offered now
        if recorder is not None and recorder.enabled and self.offer_resume:
            mode = "training" if self.start_in_training else "free"
            self.search_resumable(recorder.stamp, mode)

    # -- resume -----------------------------------------------------------------------------
    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="resume",
        name="resume-search",
        description="Look for an unfinished walk to offer",
    )
    def search_resumable(self, stamp: TreeStamp, mode: str) -> tuple[Resumable | None, list[str]]:
        """Off the UI thread: with thousands of session files, keys never wait for it."""
        from ..core.records.resume import find_resumable

        warnings: list[str] = []
        found = find_resumable(
            self.data_dir,
            self.decision_tree,
            self.tree_path,
            warnings,
            stamp=stamp,
            mode="training" if mode == "training" else "free",
            trainee=self.trainee,
        )
        return found, warnings

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "resume":
            return
        if event.state == WorkerState.SUCCESS and event.worker.result is not None:
            found, warnings = event.worker.result
            for warning in warnings:
                self.notify(warning, severity="warning", timeout=8, markup=False)
            self._offer_resume(found)
        elif event.state == WorkerState.ERROR:
            self.notify(
                f"Could not look for an unfinished walk: {event.worker.error}",
                severity="warning",
                markup=False,
            )

    def _walk_begun(self) -> bool:
        """Has a walk been started here since launch (the resume offer is then stale)?"""
        explorer = self.recorder
        return (
            bool(self.session.steps)
            or (explorer is not None and explorer.session_id is not None)
            or len(self._recorders) > 1  # a training case was opened
        )

    def _offer_resume(self, resumable: Resumable | None) -> None:
        if resumable is None or self._walk_begun():
            return  # a walk begun meanwhile wins: the offer would undo it
        from .screens.trainee import TraineeDialog

        if isinstance(self.screen, TraineeDialog):
            self._resume_after_trainee = resumable  # one question at a time: the name first
            return
        if self.trainee is not None and not same_trainee(resumable.trainee, self.trainee):
            return  # found before the name was given: another trainee's walk is not offered
        case = None
        if resumable.mode == "training":
            case = (
                next((c for c in self.cases.cases if c.id == resumable.case_id), None)
                if self.cases
                else None
            )
            if case is None:
                self.notify(
                    f"Your unfinished training walk on case {resumable.case_id!r} cannot be"
                    " resumed: that case is not in the loaded case file.",
                    severity="warning",
                    markup=False,
                )
                return
        self.push_screen(
            ConfirmDialog(
                f"Resume your last {'training ' if case else ''}walk?",
                resume_message(resumable, case.title if case else None),
                yes="Resume",
                no="Start fresh",
            ),
            lambda yes: self._resume_answered(resumable, case, bool(yes)),
        )

    def _resume_answered(self, resumable: Resumable, case: Any, yes: bool) -> None:
        from ..core.records.resume import mark_declined

        if not yes or self._walk_begun():
            problem = mark_declined(resumable)  # never offered again
            if problem:
                self.report_record_error(problem)
            return
        if case is None:
            start = resumable.start or self.decision_tree.start
            if start != self.session.start_id:  # a walk begun mid-tree goes on from there
                self.session = self.new_walk(start)
                self.explore_screen.replace_walk(self.session)
            self.session.replay(resumable.steps)
            recorder = self.explorer_recorder()
            if recorder is not None:
                recorder.resume(resumable, self.session)
                self._say_recorder_warnings(recorder)
            self.explore_screen.refresh_walk()
            return
        from .screens.train import TrainingScreen

        session = self.new_walk(resumable.start)
        session.replay(resumable.steps)
        recorder = self.open_recorder()
        if recorder is not None:
            recorder.resume(resumable, session, case=case)
            self._say_recorder_warnings(recorder)
        self.push_screen(TrainingScreen(case, session, recorder=recorder))

    def _say_recorder_warnings(self, recorder: SessionRecorder) -> None:
        for warning in recorder.warnings:
            self.notify(warning, severity="warning", timeout=8, markup=False)
        recorder.warnings.clear()

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
        from textual.screen import Screen

        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return

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
        from .screens.trainee import TraineeDialog

        self.push_screen(CaseListScreen())
        if self.trainee is None:  # asked once per run, over the first training screen
            self.push_screen(TraineeDialog(), self.set_trainee)

    def action_export(self) -> None:
        recorder = self.recorder
        if recorder is None or not recorder.enabled:
            self.notify(
                "This walk is not being recorded, so there is nothing to export.",
                severity="warning",
            )
            return
        if recorder.session_id is None:
            self.notify(
                "Answer a question first: there is nothing to export yet.", severity="warning"
            )
            return
        from ..core.records.transcripts import export_session

        recorder.flush()
        try:
            written = export_session(self.data_dir, recorder.session_id, "md", self.export_dir)
        except (OSError, ValueError, LookupError) as exc:
            self.notify(str(exc), title="Export failed", severity="error", markup=False)
            return
        self.notify(str(written), title="Transcript written", markup=False)


def resume_message(resumable: Resumable, case_title: str | None) -> str:
    """What the resume dialog says: which walk, where it stopped, and whether the tree changed."""
    steps = len(resumable.steps)
    answers = f"{steps} answer{'s' if steps != 1 else ''}"
    what = f'Your case "{case_title}"' if case_title else "Your walk"
    where = f' at "{resumable.question}"' if resumable.question else ""
    text = f"{what} from {resumable.started_at} stopped{where} after {answers}."
    if resumable.tree_changed:
        text += " The tree file has changed since; your answers still fit it."
    return text


def run_explorer(
    tree: Tree,
    index: TreeIndex,
    tree_path: Path,
    data_dir: str | Path | None = None,
    cases=None,
    start_in_training: bool = False,
    offer_resume: bool = True,
    watch: bool = False,
    predict: bool = True,
    start: str | None = None,
    trainee: str | None = None,
) -> int:
    """Run the TUI; the exit code (2 without a terminal, 129 and 143 on hang-up and SIGTERM)."""
    problem = terminal_problem()
    if problem is not None:
        print(
            f"footpain-tui: the explorer needs a terminal, and {problem}.\n"
            f"  To walk a tree from a script or a pipe, use: footpain-tui walk {tree_path}"
            " --answer TEXT ...",
            file=sys.stderr,
        )
        return EXIT_NO_TERMINAL
    app = FootpainApp(
        tree,
        index,
        tree_path=tree_path,
        data_dir=Path(data_dir) if data_dir else None,
        cases=cases,
        start_in_training=start_in_training,
        offer_resume=offer_resume,
        watch=watch,
        predict=predict,
        start=start,
        trainee=trainee,
    )
    app.lifeline = Lifeline(
        app.end_with, app.close_records, save_terminal(), app.farewell, busy=app.records_busy
    )
    app.lifeline.install()
    # The tree lives as long as the app: keep the cyclic GC from rescanning its objects on
    # every full collection (on a 50k-node tree each scan stalled a key press by ~0.5 s).
    gc.freeze()
    # Textual honours NO_COLOR itself; urgency is always spelled out in words as well.
    app.run()
    app.lifeline.stop()
    app.close_records()
    code = app.return_code or 0
    print(app.farewell(code), end="", file=sys.stderr)
    return code
