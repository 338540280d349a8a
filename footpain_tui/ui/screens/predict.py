"""Predict, then reveal: before a training walk's result shows, the trainee commits to the most
likely cause and the urgency; the verdict then marks both.

:class:`PredictScreen` offers the causes :func:`...core.training.predictions.cause_options`
draws (the result's own mixed with distractors, by a seed kept in the record) and the five
urgency levels. ``1``-``9`` or ``enter`` picks in the list with the focus; once both are
picked the screen closes with the marked :class:`Prediction`. ``escape`` goes back to the
last question instead (nothing is revealed).

:func:`prediction_blocks` is the verdict's account of the prediction.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.training.predictions import Prediction, cause_options, score_prediction
from ...core.tree.model import URGENCY_BY_RANK, Tree, Urgency
from ...core.tree.walk import WalkSession
from ..widgets.footer import screen_footer
from ..widgets.hanging import Hanging
from ..widgets.text_view import Block
from ..widgets.title_bar import TitleBar
from ..widgets.urgency import urgency_tag

INTRO = (
    "Your walk has reached a result. Before it shows, commit to your call: the most likely"
    " cause, then how urgent it is."
)
CALLS = {
    "under": "under-called: you judged it less urgent than it is, the dangerous way to be wrong",
    "over": "over-called: you judged it more urgent than it is",
    "right": "",
}


def pick_bindings() -> list[Binding]:
    """1-9 pick in the list that has the focus; only the first shows in the Footer."""
    return [
        Binding(
            str(n),
            f"pick({n - 1})",
            "Pick",
            key_display="1-9",
            show=n == 1,
            id=f"predict-pick-{n}",
            tooltip="Pick by number in the list that has the focus (tab moves between them)",
        )
        for n in range(1, 10)
    ]


class PredictScreen(Screen[Prediction | None]):
    """The cause list and the urgency list; dismisses with the prediction, or None to go back."""

    CSS_PATH = "predict.tcss"
    BINDINGS = [
        *pick_bindings(),
        Binding(
            "escape",
            "back",
            "Back",
            id="predict-back",
            tooltip="Back to the last question, to change your answer",
        ),
    ]

    def __init__(self, session: WalkSession, seed: int, case_title: str = "") -> None:
        super().__init__()
        self.session = session
        self.seed = seed
        self.case_title = case_title
        self.options = cause_options(session, seed)
        self.cause: str | None = None
        self.urgency: Urgency | None = None

    def compose(self) -> ComposeResult:
        conditions = self.session.tree.conditions
        yield TitleBar()
        with VerticalScroll(id="predict-body"):
            yield Static(Content.styled("Predict, then reveal", "bold underline"))
            if self.case_title:
                yield Static(Content.assemble(("Case: ", "bold"), self.case_title))
            yield Static(Content(INTRO), id="predict-intro")
            yield Static(id="cause-heading", classes="predict-heading")
            yield OptionList(
                *(
                    Option(
                        Hanging(Content.styled(f"{n}. ", "bold"), Content(conditions[cid].name)),
                        id=cid,
                    )
                    for n, cid in enumerate(self.options, 1)
                ),
                id="predict-cause",
            )
            yield Static(id="urgency-heading", classes="predict-heading")
            yield OptionList(
                *(
                    Option(
                        Hanging(
                            Content.styled(f"{n}. ", "bold"),
                            Content.assemble(urgency_tag(level), " ", (level.meaning, "dim")),
                        ),
                        id=level.value,
                    )
                    for n, level in enumerate(URGENCY_BY_RANK, 1)
                ),
                id="predict-urgency",
            )
        yield screen_footer()

    def on_mount(self) -> None:
        self._headings()
        self.query_one("#predict-cause", OptionList).focus()

    def _headings(self) -> None:
        names = self.session.tree.conditions
        cause = f": {names[self.cause].name} ✓" if self.cause else ""
        urgency = f": {self.urgency.label} ✓" if self.urgency else ""
        self.query_one("#cause-heading", Static).update(
            Content.styled(f"1. The most likely cause{cause}", "bold")
        )
        self.query_one("#urgency-heading", Static).update(
            Content.styled(f"2. How urgent is it{urgency or '?'}", "bold")
        )

    # -- picking ----------------------------------------------------------------------------
    # Picks go to the list that has the focus. A number picks at once, not through the
    # list's OptionSelected message, and notes where the next pick goes before the focus
    # moves: a quick "1 1" (or two keys in one browser frame) is a cause, then an urgency.
    _target = "predict-cause"

    def _focused_list(self) -> OptionList:
        return self.query_one(f"#{self._target}", OptionList)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, OptionList) and event.widget.id:
            self._target = event.widget.id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return int(parameters[0]) < self._focused_list().option_count
        return True

    def action_pick(self, index: int) -> None:
        options = self._focused_list()
        if 0 <= index < options.option_count:
            options.highlighted = index
            self._choose(options, index)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_list, event.option_index)

    def _choose(self, options: OptionList, index: int) -> None:
        picked = options.get_option_at_index(index).id
        if options.id == "predict-cause":
            self.cause = picked
            self._target = "predict-urgency"
        else:
            self.urgency = Urgency(picked)
            self._target = "predict-cause"
        self._focused_list().focus()
        self._headings()
        if self.cause is not None and self.urgency is not None:
            self.dismiss(
                score_prediction(self.session, self.cause, self.urgency, self.options, self.seed)
            )

    def action_back(self) -> None:
        self.dismiss(None)


def prediction_blocks(prediction: Prediction, tree: Tree) -> list[Block]:
    """The verdict's lines on the prediction: each part marked right or wrong, with the
    right answer beside a wrong one; an under-call says why it matters."""
    names = tree.conditions

    def mark(right: bool) -> Content:
        return (
            Content.styled("✓ right ", "bold $text-success")
            if right
            else Content.styled("✗ wrong ", "bold $text-error")
        )

    cause = Content.assemble(mark(prediction.cause_correct), names[prediction.cause].name)
    if not prediction.cause_correct:
        cause += Content.assemble(
            "; the most likely cause is ", (names[prediction.right_cause].name, "bold")
        )
    urgency = Content.assemble(mark(prediction.urgency_correct), urgency_tag(prediction.urgency))
    if not prediction.urgency_correct:
        urgency += Content.assemble(
            "; it is ", urgency_tag(prediction.right_urgency), f": {CALLS[prediction.urgency_call]}"
        )
    return [
        Block(Content.styled("Your prediction", "bold underline"), space_before=1),
        Block(cause, prefix=Content.styled("Cause:   ", "bold")),
        Block(urgency, prefix=Content.styled("Urgency: ", "bold")),
    ]
