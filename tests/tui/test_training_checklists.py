"""Training on a tree with a checklist: the case answers are sets of ticks, a case can start
mid-tree, and the verdict names the findings missing and those ticked beyond the case."""

from __future__ import annotations

import pytest

from footpain_tui.core.training.case_file import load_cases
from footpain_tui.ui.screens.train import CaseListScreen, TrainingScreen, VerdictScreen
from footpain_tui.ui.widgets.path_bar import PathBar, fold_path

from .apps import DATA, make_app
from .reading import choice_texts, plain, question_parts, wait_for_screen, wait_until


@pytest.fixture(scope="module")
def cases():
    return load_cases(DATA / "cases" / "checklist_cases.json")


async def open_case(pilot, downs: int) -> TrainingScreen:
    await wait_for_screen(pilot, CaseListScreen)
    await pilot.press(*["down"] * downs, "enter")
    await wait_for_screen(pilot, TrainingScreen)
    return pilot.app.screen


def training(cases):
    return make_app("checklist.json", cases=cases, start_in_training=True)


async def test_ticking_every_sign_of_a_multi_tick_case_matches(cases):
    app = training(cases)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case(pilot, 0)  # fever and spreading redness
        assert screen.case.id == "hot_red_febrile"
        assert question_parts(app)["hint"].startswith("Tick all that apply")
        assert choice_texts(app)[1] == "[ ] 2. Fever [f]"
        await pilot.press("3", "f")  # a number and a letter tick; neither answers
        assert not screen.session.steps
        await pilot.press("enter")
        await wait_for_screen(pilot, VerdictScreen)
        verdict = app.screen.verdict
        assert verdict.matched and verdict.divergence is None
        assert "MATCHED" in plain(app.screen.query_one("#verdict-banner"))
        assert app.score.matched == 1


async def test_a_sign_left_unticked_is_named_in_the_verdict(cases):
    app = training(cases)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot, 0)
        await pilot.press("2", "enter")  # fever only: the same result, one sign missed
        await wait_for_screen(pilot, VerdictScreen)
        verdict = app.screen.verdict
        assert verdict.divergence is not None
        assert verdict.divergence.missing == ("spreading redness",)
        summary = plain(app.screen.query_one("#verdict-summary"))
        assert "Not ticked, but the case has: spreading redness" in summary
        assert "Tick every sign: fever and spreading redness together." in summary


async def test_a_sign_ticked_beyond_the_case_is_named_in_the_verdict(cases):
    app = training(cases)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(pilot, 0)
        await pilot.press("1", "2", "3", "enter")  # a hot joint too: leads elsewhere
        await wait_for_screen(pilot, VerdictScreen)
        verdict = app.screen.verdict
        assert not verdict.matched
        assert verdict.divergence.extra == ("a hot, swollen joint",)
        assert "Ticked, but not in the case: a hot, swollen joint" in plain(
            app.screen.query_one("#verdict-summary")
        )


async def test_back_in_a_case_keeps_the_ticks(cases):
    app = training(cases)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case(pilot, 1)  # the quiet runner: None of these, After exercise
        await pilot.press("4", "enter")
        assert screen.session.current_id == "q_when"
        await pilot.press("b")
        assert choice_texts(app)[3].startswith("[x] 4. None of these")
        await pilot.press("enter", "x")
        await wait_for_screen(pilot, VerdictScreen)
        assert app.screen.verdict.matched


async def test_a_case_with_a_start_begins_there_and_says_so(cases):
    app = training(cases)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case(pilot, 2)  # night pain, from the timing question
        assert screen.session.start_id == "q_when"
        assert screen.session.current_id == "q_when"
        assert question_parts(app)["prompt"] == "When does it hurt?"
        shown = plain(screen.query_one(PathBar))
        assert "starts mid-tree" in shown
        assert "The red-flag screens before it were not asked." in shown
        await pilot.press("2")
        await wait_for_screen(pilot, VerdictScreen)
        assert app.screen.verdict.matched
        await pilot.press("r")  # retry starts at the case's start again
        await wait_until(pilot, lambda: isinstance(app.screen, TrainingScreen), "the retry")
        assert app.screen.session.current_id == "q_when"


def test_the_path_bar_says_where_a_mid_tree_walk_started_and_folds_it_first():
    answers = [(f"Question number {n}?", f"answer {n}") for n in range(1, 8)]
    wide = fold_path(answers[:1], 120, start="When does it hurt?").plain
    assert wide == "started at: When does it hurt?  ›  1 Question number 1? → answer 1"
    narrow = fold_path(answers, 80, start="When does it hurt?").plain
    assert narrow.startswith("… started mid-tree, ")
    assert narrow.endswith("7 Question number 7? → answer 7")
