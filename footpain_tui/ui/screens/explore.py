"""ExploreScreen: walk a tree question by question and read the result."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.geometry import Region
from textual.strip import Strip
from textual.timer import Timer

from ...core.tree.model import Question, Result
from ...core.tree.walk import WalkSession
from ..widgets.branch_panel import BranchPanel
from ..widgets.differential import DifferentialPanel
from ..widgets.footer import screen_footer
from ..widgets.path_bar import PathBar
from ..widgets.result_pane import ResultPane
from ..widgets.title_bar import TitleBar
from .walk_base import WalkScreen

# Below this width the differential starts hidden: beside it the question and its choices
# would wrap into so many lines that at 80x24 the prompt left the screen.
DIFFERENTIAL_MIN_WIDTH = 100
DIFFERENTIAL_TOOLTIP = "Show or hide the differential: the causes still possible"
# How long after a move is painted the questions and results one answer away are drawn
# ahead: long enough that quick keys never wait for it, short for a reader.
DRAW_AHEAD_AFTER = 0.05


class ExploreScreen(WalkScreen):
    """Path bar on top, the question (or result) on the left, the differential on the right
    (on narrow terminals shown on demand)."""

    # explore.tcss is loaded by the App: this is its default screen (see get_default_screen).
    BINDINGS = [
        Binding("m", "tree_map", "Map", id="tree-map", tooltip="The whole tree, with your path"),
        Binding(
            "D",
            "toggle_differential",
            "Causes",
            id="differential",
            tooltip=DIFFERENTIAL_TOOLTIP,
        ),
        # The same key on a result, left out of the Footer: at 80 columns the result's
        # scroll keys need the room.
        Binding(
            "D",
            "toggle_differential_quietly",
            "Causes",
            show=False,
            id="differential-at-result",
            tooltip=DIFFERENTIAL_TOOLTIP,
        ),
        Binding("t", "app.train", "Train", id="train", tooltip="Practise on patient cases"),
        Binding("e", "app.export", "Export", id="export", tooltip="Save a transcript of this walk"),
    ]

    def __init__(self, session: WalkSession) -> None:
        super().__init__()
        self.session = session
        self.differential_wanted: bool | None = None  # None: by the terminal's width
        # Whether the context panels follow a frame after the question (on a terminal) or
        # are drawn with it (headless, as in tests: what a test reads after a key is then
        # the whole screen).
        self.context_after_question = False
        self._context_due = False  # drawn once the frame with the question is painted
        self._ahead_timer: Timer | None = None
        self._ahead: list[Callable[[], None]] = []  # what one answer brings up, to draw ahead

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield PathBar(id="path-bar")
        with Horizontal(id="main"):
            yield BranchPanel(id="branch")
            yield ResultPane(id="result")  # hidden until a walk ends on a result
            yield DifferentialPanel(id="differential")
        yield screen_footer()

    def on_mount(self) -> None:
        self.path_bar = self.query_one(PathBar)
        self.differential = self.query_one(DifferentialPanel)
        self.result_pane = self.query_one(ResultPane)
        self.context_after_question = not self.app.is_headless
        self._place_differential(self.app.size.width)
        self.on_walk_changed()

    def on_resize(self, event: events.Resize) -> None:
        self._place_differential(event.size.width)

    def _place_differential(self, width: int) -> None:
        wanted = self.differential_wanted
        shown = width >= DIFFERENTIAL_MIN_WIDTH if wanted is None else wanted
        if shown != self.differential.display:
            self.differential.display = shown
            if shown:
                self.differential.show_walk(self.session)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_differential":
            return not self.session.finished
        if action == "toggle_differential_quietly":
            return self.session.finished
        return super().check_action(action, parameters)

    def action_toggle_differential(self) -> None:
        self.differential_wanted = not self.differential.display
        self._place_differential(self.size.width)

    action_toggle_differential_quietly = action_toggle_differential

    def on_walk_changed(self) -> None:
        session = self.session
        if self.context_after_question:
            self._context_due = True  # see render_lines
        else:
            self.show_context()
            self._draw_ahead_soon()
        finished = session.finished
        if finished:
            self.result_pane.show_result(session)
        else:
            node = session.current
            assert isinstance(node, Question)
            self.show_question(node)
        # Only a change of display asks for a layout pass of its own.
        self.branch.display = not finished
        self.result_pane.display = finished
        (self.result_pane if finished else self.branch.choices).focus(scroll_visible=False)

    def show_context(self) -> None:
        """The path bar and the differential, for the walk as it is now."""
        self.path_bar.show_walk(self.session)
        if self.differential.display:  # a hidden one catches up when it is shown
            self.differential.show_walk(self.session)

    def render_lines(self, crop: Region) -> list[Strip]:
        """The screen's own lines, drawn in every frame: the first frame after a move (the
        one showing the new question) asks for the context panels."""
        if self._context_due:
            self._context_due = False
            self.call_later(self._show_context_later)  # runs once this frame is painted
        return super().render_lines(crop)

    def _show_context_later(self) -> None:
        with self.app.batch_update():
            self.show_context()
        self._draw_ahead_soon()

    def _draw_ahead_soon(self) -> None:
        """Draw ahead once the reader has paused: keys pressed in quick succession (a
        walk replayed, keys typed ahead) never wait for it."""
        if self._ahead_timer is not None:
            self._ahead_timer.stop()
        self._ahead = []
        self._ahead_timer = self.set_timer(DRAW_AHEAD_AFTER, self.draw_ahead)

    def draw_ahead(self) -> None:
        """While the reader reads, draw what one answer can bring up (the next questions,
        a result), one per turn of the event loop (a key pressed meanwhile waits for one at
        most): the next move then costs no wrapping and no drawing of text."""
        node = self.session.current
        self._ahead = []
        if isinstance(node, Question):
            nodes = self.session.tree.nodes
            first_choice: dict[str, int] = {}  # where each choice leads, by its first choice
            for index, choice in enumerate(node.choices):
                first_choice.setdefault(choice.next, index)
            for next_id, index in first_choice.items():
                target = nodes.get(next_id)
                if isinstance(target, Question):
                    self._ahead.append(partial(self._draw_question_ahead, target))
                elif isinstance(target, Result):
                    self._ahead.append(partial(self._draw_result_ahead, index))
        self._draw_next_ahead()

    def _draw_next_ahead(self) -> None:
        if self._ahead:
            self._ahead.pop(0)()
            if self._ahead:
                self.call_later(self._draw_next_ahead)

    def _draw_question_ahead(self, question: Question) -> None:
        self.branch.draw_ahead(question, self.ruled_out(question))

    def _draw_result_ahead(self, choice_index: int) -> None:
        """The result choice ``choice_index`` leads to, as this walk would reach it."""
        session = self.session
        ahead = WalkSession(session.tree, session.index, start=session.start_id)
        try:
            ahead.replay(session.steps)
            ahead.answer_many((choice_index,))
        except ValueError:  # an earlier answer rules that choice out: it cannot be shown
            return
        self.result_pane.draw_ahead_result(ahead, self.branch.outer_size)

    def after_move(self, action: str) -> None:
        super().after_move(action)
        self.app.record_move(self.session, action)

    def replace_walk(self, session: WalkSession) -> None:
        """Walk ``session`` from now on (a new start, or a resumed walk begun mid-tree)."""
        self.session = session
        self.time_move("start")
        self.refresh_walk()

    def action_tree_map(self) -> None:
        from .tree_map import TreeMapScreen

        def jump(node_id: str | None) -> None:
            if node_id and node_id != self.session.current_id and self.jump_back_to(node_id):
                self.after_move("jump")

        self.app.push_screen(TreeMapScreen(self.session), jump)
