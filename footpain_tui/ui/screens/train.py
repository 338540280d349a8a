"""Training mode: pick a case, walk it with the story beside you, then read the verdict.

The differential panel is left out on purpose: it would give the answer away.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.records.recorder import SessionRecorder
from ...core.training.case_file import Case
from ...core.training.predictions import Prediction
from ...core.training.verdicts import (
    CaseError,
    TrainingScore,
    Verdict,
    case_walk,
    changed_route,
    compute_verdict,
    had_you_answered,
)
from ...core.tree.model import Question
from ...core.tree.walk import WalkSession
from ..widgets.branch_panel import BranchPanel
from ..widgets.footer import screen_footer
from ..widgets.hanging import Hanging
from ..widgets.path_bar import PathBar
from ..widgets.text_view import Block, TextView
from ..widgets.title_bar import TitleBar
from ..widgets.urgency import urgency_tag
from .walk_base import WalkScreen


def case_option(number: int, case: Case, outcome: bool | None) -> Hanging:
    status = {
        None: ("  ", ""),
        True: ("✓ ", "bold $text-success"),
        False: ("✗ ", "bold $text-error"),
    }[outcome]
    return Hanging(
        Content.assemble(status, (f"{number}. ", "bold")),
        Content.assemble(
            case.title,
            (f"  [{case.difficulty.value}]", "dim"),
            (" matched" if outcome else " not matched" if outcome is False else "", "dim"),
        ),
    )


def open_case(app, case: Case, *, replace: bool = False) -> None:
    """Walk ``case`` from where it starts (its ``start``, else the tree's first question)."""
    try:
        session = case_walk(case, app.decision_tree, app.index)
    except CaseError as exc:  # the case file was checked against another tree
        app.notify(str(exc), title="This case cannot be walked", severity="error", markup=False)
        return
    screen = TrainingScreen(case, session)
    if replace:
        app.switch_screen(screen)
    else:
        app.push_screen(screen)


class CaseListScreen(Screen):
    """The bundled vignettes, each marked once attempted, with the running score."""

    CSS_PATH = "train.tcss"
    BINDINGS = [
        Binding("escape", "leave", "Explorer", id="train-leave", tooltip="Back to free exploring"),
        Binding("s", "score", "Score", id="train-score", tooltip="Your score in this session"),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="score-line")
        yield Static(
            Content("Pick a case: read the story, answer as the patient would, then compare."),
            id="case-hint",
        )
        yield OptionList(id="case-list")
        yield screen_footer()

    def on_mount(self) -> None:
        self.refresh_cases()

    def on_screen_resume(self) -> None:
        self.refresh_cases()

    def refresh_cases(self) -> None:
        app = self.app
        outcomes = app.case_outcomes
        cases = app.cases.cases
        option_list = self.query_one("#case-list", OptionList)
        highlighted = option_list.highlighted
        option_list.set_options(
            Option(case_option(i, case, outcomes.get(case.id)), id=case.id)
            for i, case in enumerate(cases, 1)
        )
        option_list.highlighted = highlighted if highlighted is not None else 0
        option_list.focus()
        self.query_one("#score-line", Static).update(
            Content.assemble(("Score: ", "bold"), app.score.summary())
        )

    @on(OptionList.OptionSelected, "#case-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        open_case(self.app, self.app.cases.case(event.option.id))

    def action_leave(self) -> None:
        if self.app.score.attempted:
            # Show the score at the end of training, then return to the explorer.
            self.app.push_screen(ScoreScreen(self.app.score), lambda _: self.dismiss())
        else:
            self.dismiss()

    def action_score(self) -> None:
        self.app.push_screen(ScoreScreen(self.app.score))


class TrainingScreen(WalkScreen):
    """The story on the left, the question on the right; no differential."""

    what_if_open = False  # where each answer leads would give the case away
    CSS_PATH = "train.tcss"
    BINDINGS = [
        Binding("escape", "abandon", "Cases", id="train-abandon", tooltip="Back to the case list")
    ]

    def __init__(
        self, case: Case, session: WalkSession, recorder: SessionRecorder | None = None
    ) -> None:
        super().__init__()
        self.case = case
        self.session = session
        self.recorder = recorder  # given when resuming an interrupted walk

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield PathBar(id="path-bar")
        with Horizontal(id="train-main"):
            with VerticalScroll(id="story"):
                yield Static(Content.styled(self.case.title, "bold"), id="story-title")
                yield Static(
                    Content.styled(f"Difficulty: {self.case.difficulty.value}", "dim"),
                    id="story-difficulty",
                )
                yield Static(Content(self.case.story), id="story-text")
            yield BranchPanel(id="branch")
        yield screen_footer()

    def on_mount(self) -> None:
        if self.recorder is None:
            self.recorder = self.app.open_recorder()
        self.on_walk_changed()
        if self.session.finished:  # resumed after the result was reached, before the verdict
            self.call_after_refresh(self.walk_ended)

    def on_unmount(self) -> None:
        self.app.close_recorder(self.recorder)  # the walk is over: release its file

    def on_walk_changed(self) -> None:
        self.query_one(PathBar).show_walk(self.session)
        node = self.session.current
        if isinstance(node, Question):
            self.show_question(node)
            self.branch.choices.focus(scroll_visible=False)

    def after_move(self, action: str) -> None:
        self.time_move(action)
        if self.recorder is not None:
            if self.recorder.session_id is None:
                # The session file starts with the first answer: a case opened and left
                # unanswered leaves nothing behind in the history.
                self.recorder.begin(
                    self.session,
                    "training",
                    self.case.id,
                    case=self.case,
                    predict=self.app.predict,
                )
            else:
                self.recorder.record(self.session, action)
        if self.session.finished:
            self.walk_ended()
            return
        self.refresh_walk()

    def walk_ended(self) -> None:
        """The walk reached a result: ask for the prediction first (when on), then judge."""
        if not self.app.predict:
            self.judge(None)
            return
        from .predict import PredictScreen

        def predicted(prediction: Prediction | None) -> None:
            if prediction is not None:
                self.judge(prediction)
            elif self.session.back():  # escape: back to the last question, nothing revealed
                self.after_move("back")

        self.app.push_screen(
            PredictScreen(self.session, self.app.prediction_seed(), self.case.title), predicted
        )

    def judge(self, prediction: Prediction | None) -> None:
        verdict = compute_verdict(
            self.case, self.session, self.session.tree, self.session.index, prediction
        )
        if self.recorder is not None:
            self.recorder.finish(self.session, verdict.as_dict(), prediction=prediction)
        self.app.add_verdict(verdict)
        self.app.switch_screen(VerdictScreen(self.case, verdict, self.session))

    def action_abandon(self) -> None:
        self.dismiss()


def _path_column(title: str, steps, diverge_at: int | None) -> list[Block]:
    """One walk, a numbered question a block with its answer below; the first wrong turn marked."""
    blocks = [Block(Content.styled(title, "bold underline"))]
    for i, step in enumerate(steps):
        marker = ("» ", "bold $text-error") if diverge_at == i else "  "
        blocks.append(
            Block(Content(step.prompt), prefix=Content.assemble(marker, (f"{i + 1}. ", "bold")))
        )
        blocks.append(Block(Content.styled(step.answer, "bold"), prefix=Content("     → ")))
    if not steps:
        blocks.append(Block(Content.styled("(no answers)", "dim")))
    return blocks


class VerdictScreen(Screen):
    """Matched or not, the first wrong turn, both paths, the expected result, the lessons."""

    CSS_PATH = "train.tcss"
    BINDINGS = [
        Binding("n", "next_case", "Next case", id="verdict-next"),
        Binding("r", "retry", "Retry", id="verdict-retry", tooltip="Walk this case again"),
        Binding(
            "v",
            "review",
            "Review",
            id="verdict-review",
            tooltip="Every answer you gave, why we ask and your time; enter answers one again",
        ),
        Binding(
            "w",
            "what_if",
            "What if",
            id="verdict-what-if",
            tooltip="Where every answer at your first wrong turn would have led",
        ),
        Binding("escape,l", "cases", "Cases", id="verdict-cases", tooltip="Back to the case list"),
    ]

    def __init__(self, case: Case, verdict: Verdict, session: WalkSession | None = None) -> None:
        super().__init__()
        self.case = case
        self.verdict = verdict
        self.session = session  # the trainee's walk, for the review and the what-if

    def compose(self) -> ComposeResult:
        v = self.verdict
        yield TitleBar()
        with VerticalScroll(id="verdict"):
            if v.matched:
                banner = Content.styled(
                    " ✓ MATCHED: you reached the expected result ", "bold $background on $success"
                )
            else:
                banner = Content.styled(
                    " ✗ NOT MATCHED: your walk ended elsewhere ", "bold $background on $error"
                )
            yield Static(
                banner, id="verdict-banner", classes="-matched" if v.matched else "-missed"
            )
            yield TextView(self._summary(), id="verdict-summary")
            if v.prediction is not None:
                from .predict import prediction_blocks

                yield TextView(
                    prediction_blocks(v.prediction, self.app.decision_tree),
                    id="verdict-prediction",
                )
            with Horizontal(id="verdict-paths"):
                at = v.divergence.step if v.divergence else None
                yield TextView(_path_column("Your path", v.trainee_path, at), id="trainee-path")
                yield TextView(
                    _path_column("Expected path", v.expected_path, at), id="expected-path"
                )
            yield TextView(self._lessons(), id="verdict-lessons")
            yield Static(
                Content.assemble(("Score so far: ", "bold"), self.app.score.summary()),
                id="verdict-score",
            )
        yield screen_footer()

    def _summary(self) -> list[Block]:
        v = self.verdict
        blocks = [
            Block(Content(v.case_title), prefix=Content.styled("Case: ", "bold")),
            Block(
                Content.assemble(
                    urgency_tag(v.expected_result.urgency), " ", v.expected_result.title
                ),
                prefix=Content.styled("Expected: ", "bold"),
            ),
        ]
        if v.given_result is not None and not v.matched:
            blocks.append(
                Block(
                    Content.assemble(
                        urgency_tag(v.given_result.urgency), " ", v.given_result.title
                    ),
                    prefix=Content.styled("You reached: ", "bold"),
                )
            )
        d = v.divergence
        if d is not None:
            # Findings ticked or missed beside the one the walk follows are a difference,
            # not a turn: the walk went on the way the case goes.
            rerouted = self.session is None or changed_route(v, self.session)
            turn = "First wrong turn" if rerouted else "First difference"
            blocks.append(
                Block(
                    Content(d.prompt),
                    prefix=Content.styled(f"{turn}, question {d.step + 1}: ", "bold"),
                    space_before=1,
                )
            )
            blocks.append(
                Block(
                    Content.assemble(
                        "You answered ",
                        (d.given, "bold"),
                        "; the case called for ",
                        (d.expected, "bold"),
                        ".",
                    ),
                    prefix=Content("  "),
                )
            )
            # On a checklist the answers are sets: say which findings differ.
            checklist = self.app.decision_tree.question(d.question_id).multiple
            if checklist and d.missing:
                blocks.append(
                    Block(
                        Content(", ".join(d.missing)),
                        prefix=Content.styled("  Not ticked, but the case has: ", "bold"),
                    )
                )
            if checklist and d.extra:
                blocks.append(
                    Block(
                        Content(", ".join(d.extra)),
                        prefix=Content.styled("  Ticked, but not in the case: ", "bold"),
                    )
                )
            if d.teaching:
                blocks.append(Block(Content(d.teaching), prefix=Content.styled("  Why: ", "bold")))
            other_way = had_you_answered(v, self.session) if self.session else None
            if other_way:
                blocks.append(
                    Block(
                        Content(other_way[:1].upper() + other_way[1:] + "."),
                        prefix=Content.styled("  What if: ", "bold"),
                    )
                )
        return blocks

    def _lessons(self) -> list[Block]:
        """The case's point, then each scripted teaching under the question it belongs to."""
        v = self.verdict
        blocks = [
            Block(Content.styled("Teaching points", "bold underline")),
            Block(Content(v.teaching_point)),
        ]
        for prompt, teaching in v.teachings:
            blocks.append(
                Block(Content.styled(prompt, "italic"), prefix=Content("• "), space_before=1)
            )
            blocks.append(Block(Content(teaching), prefix=Content("  ")))
        return blocks

    def _case_after(self) -> Case | None:
        cases = self.app.cases.cases
        ids = [c.id for c in cases]
        position = ids.index(self.case.id)
        outcomes = self.app.case_outcomes
        # The next case not yet attempted, wrapping round; else simply the next one.
        for offset in range(1, len(cases) + 1):
            candidate = cases[(position + offset) % len(cases)]
            if candidate.id not in outcomes:
                return candidate
        return cases[(position + 1) % len(cases)] if len(cases) > 1 else None

    def action_next_case(self) -> None:
        case = self._case_after()
        if case is None:
            self.dismiss()
        else:
            open_case(self.app, case, replace=True)

    def action_retry(self) -> None:
        open_case(self.app, self.case, replace=True)

    def action_cases(self) -> None:
        self.dismiss()

    # -- review and what-if of the walk just judged -------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "review":
            return self.session is not None and bool(self.session.steps)
        if action == "what_if":
            return self.session is not None and bool(self.session.steps)
        return True

    def action_review(self) -> None:
        if self.session is None:
            return
        from .review import open_review

        open_review(self, self.session, reopen=self.reopen)

    def reopen(self, node_id: str) -> None:
        """Answer a question of this case again: the walk goes on from there."""
        if self.session is None:
            return
        screen = TrainingScreen(self.case, self.session)
        if screen.jump_back_to(node_id):  # a checklist shows what was ticked there
            self.app.switch_screen(screen)

    def action_what_if(self) -> None:
        """At the first wrong turn (else the last answer), where each answer would lead."""
        if self.session is None or not self.session.steps:
            return
        from .what_if import WhatIfScreen

        d = self.verdict.divergence
        position = d.step if d is not None else len(self.session.steps) - 1
        self.app.push_screen(WhatIfScreen(self.session, position))


def score_blocks(score: TrainingScore) -> list[Block]:
    """The score in words: the rates with the under-calls named first (the dangerous
    mistake), then each case's first difference from the expected answers, its prompt on
    one line and the two answers below it, wrapped lines keeping their indent."""
    blocks = [Block(Content.styled("Training score", "bold underline"))]
    for n, (mark, rate) in enumerate(score.rates()):
        blocks.append(Block(Content(rate), prefix=Content.styled(f"{mark}: ", "bold")))
        if n == 0:  # each under-call named, under its rate
            blocks.extend(
                Block(Content.styled(under.words(), "bold $text-error"), prefix=Content("  • "))
                for under in score.under_calls
            )
    if not score.divergences:
        blocks.append(Block(Content("No wrong turns so far."), space_before=1))
        return blocks
    blocks.append(
        Block(Content.styled("Where your answers differed from the case", "bold"), space_before=1)
    )
    for d in score.divergences:
        blocks.append(Block(Content.styled(d.prompt, "italic"), prefix=Content("• ")))
        blocks.append(Block(Content(d.given), prefix=Content.styled("    You answered: ", "bold")))
        blocks.append(
            Block(Content(d.expected), prefix=Content.styled("    The case:     ", "bold"))
        )
    return blocks


class ScoreScreen(Screen):
    """The session's score: attempted, matched, and each first wrong turn."""

    CSS_PATH = "train.tcss"
    BINDINGS = [Binding("escape,enter", "close", "Close", id="score-close")]

    def __init__(self, score: TrainingScore) -> None:
        super().__init__()
        self.score = score

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield TextView(score_blocks(self.score), id="score-body")
        yield screen_footer()

    def action_close(self) -> None:
        self.dismiss()
