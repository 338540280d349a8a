"""Predict, then reveal, driven by real keys: the trainee commits to a cause and an urgency
before the result shows, the verdict marks both, the score keeps path, cause and urgency
apart with under-calls first, and the record keeps what was predicted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from footpain_tui.core.training.case_file import load_cases
from footpain_tui.core.training.predictions import cause_options
from footpain_tui.ui.screens.predict import PredictScreen
from footpain_tui.ui.screens.review import ReviewScreen
from footpain_tui.ui.screens.train import CaseListScreen, ScoreScreen, TrainingScreen, VerdictScreen
from footpain_tui.ui.screens.what_if import WhatIfView

from .apps import DATA, make_app
from .reading import option_texts, plain, wait_for_screen, wait_until

MINI = DATA / "mini.json"
SEED = 3


@pytest.fixture
def cases():
    return load_cases(DATA / "cases" / "good.json")


def predicting_app(cases, data_dir: Path | None = None, **kwargs):
    if data_dir is not None:
        kwargs.update(record=True, data_dir=data_dir, tree_path=MINI)
    return make_app(
        "mini.json",
        cases=cases,
        start_in_training=True,
        predict=True,
        prediction_seed=SEED,
        **kwargs,
    )


async def walk_new_jogger(pilot, *keys: str) -> None:
    await wait_for_screen(pilot, CaseListScreen)
    await pilot.press("down", "enter")  # new_jogger: No, then After exercise
    await wait_for_screen(pilot, TrainingScreen)
    await pilot.press(*keys)


def number_of(screen: PredictScreen, condition_id: str) -> str:
    return str(screen.options.index(condition_id) + 1)


async def test_the_result_waits_for_a_cause_and_an_urgency(cases):
    app = predicting_app(cases)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_new_jogger(pilot, "2", "1")
        await wait_for_screen(pilot, PredictScreen)
        screen = app.screen
        walk = screen.session
        assert walk.current_id == "r_overuse"
        assert screen.options == cause_options(walk, SEED)
        names = [app.decision_tree.conditions[c].name for c in screen.options]
        assert option_texts(screen.query_one("#predict-cause")) == [
            f"{n}. {name}" for n, name in enumerate(names, 1)
        ]
        assert [t.split("]")[0] for t in option_texts(screen.query_one("#predict-urgency"))] == [
            "1. [EMERGENCY",
            "2. [URGENT",
            "3. [SOON",
            "4. [ROUTINE",
            "5. [SELF-CARE",
        ]
        assert app.score.attempted == 0  # nothing judged yet
        await pilot.press(number_of(screen, "overuse"))  # the leading cause
        assert screen.cause == "overuse" and isinstance(app.screen, PredictScreen)
        assert app.focused is screen.query_one("#predict-urgency")
        await pilot.press("4")  # ROUTINE: the result is SELF-CARE, so over-called
        await wait_for_screen(pilot, VerdictScreen)
        verdict = app.screen.verdict
        assert verdict.marks.as_dict() == {
            "path": True,
            "cause": True,
            "urgency": False,
            "urgency_call": "over",
        }
        shown = plain(app.screen.query_one("#verdict-prediction"))
        assert "Cause:   ✓ right Overuse" in shown
        assert "Urgency: ✗ wrong [ROUTINE]; it is [SELF-CARE]: over-called" in shown
        assert app.score.predicted == 1 and app.score.cause_right == 1


async def test_escape_goes_back_to_the_question_and_reveals_nothing(cases):
    app = predicting_app(cases)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_new_jogger(pilot, "2", "2")
        await wait_for_screen(pilot, PredictScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, TrainingScreen)
        assert app.screen.session.current_id == "q_when"
        assert app.score.attempted == 0
        await pilot.press("1")  # answered again: the prediction is asked again
        await wait_for_screen(pilot, PredictScreen)


async def test_an_under_call_is_named_on_the_score_screen_before_the_rates(cases):
    app = predicting_app(cases)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, CaseListScreen)
        await pilot.press("enter")  # swollen_calf: Yes, the urgent clot
        await wait_for_screen(pilot, TrainingScreen)
        await pilot.press("y")
        await wait_for_screen(pilot, PredictScreen)
        await pilot.press(number_of(app.screen, "thrombosis"), "4")  # ROUTINE: under-called
        await wait_for_screen(pilot, VerdictScreen)
        shown = plain(app.screen.query_one("#verdict-prediction"))
        assert "under-called: you judged it less urgent than it is" in shown
        await pilot.press("escape")
        await wait_for_screen(pilot, CaseListScreen)
        await pilot.press("s")
        await wait_for_screen(pilot, ScoreScreen)
        lines = plain(app.screen.query_one("#score-body")).splitlines()
        assert lines[1] == (
            "Urgency under-called: 1 of 1 predictions: judged less urgent than they were"
        )
        assert lines[2] == "  • A swollen, warm foot: you said ROUTINE, it was URGENT"
        assert lines[3].startswith("Path: 1 of 1 (100%)")
        assert lines[4].startswith("Cause: 1 of 1 (100%)")
        assert lines[5].startswith("Urgency: 0 of 1 (0%) right; over-called 0")


async def test_the_record_keeps_the_prediction_and_the_three_marks(cases, tmp_path):
    app = predicting_app(cases, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_new_jogger(pilot, "2", "1")
        await wait_for_screen(pilot, PredictScreen)
        options = app.screen.options
        await pilot.press(number_of(app.screen, "overuse"), "5")
        await wait_for_screen(pilot, VerdictScreen)
    (file,) = (tmp_path / "sessions").glob("*.jsonl")
    lines = [json.loads(line) for line in file.read_bytes().splitlines()]
    assert lines[0]["predict"] is True
    assert all(isinstance(step["ms"], int) for line in lines for step in line["add"])
    finish = lines[-1]
    assert finish["prediction"] == {
        "cause": "overuse",
        "urgency": "self_care",
        "options": list(options),
        "seed": SEED,
        "cause_correct": True,
        "urgency_correct": True,
        "urgency_call": "right",
    }
    assert finish["verdict"]["marks"] == {
        "path": True,
        "cause": True,
        "urgency": True,
        "urgency_call": "right",
    }


async def test_without_predictions_the_verdict_comes_at_once(cases, tmp_path):
    app = make_app(
        "mini.json",
        cases=cases,
        start_in_training=True,
        predict=False,
        record=True,
        data_dir=tmp_path,
        tree_path=MINI,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_new_jogger(pilot, "2", "1")
        await wait_for_screen(pilot, VerdictScreen)
        assert not app.screen.query("#verdict-prediction")
        assert app.screen.verdict.marks.cause is None
    (file,) = (tmp_path / "sessions").glob("*.jsonl")
    lines = [json.loads(line) for line in file.read_bytes().splitlines()]
    assert lines[0]["predict"] is False and lines[-1]["prediction"] is None


async def test_the_verdict_names_the_turn_not_taken_and_offers_review_and_what_if(cases):
    app = make_app("mini.json", cases=cases, start_in_training=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk_new_jogger(pilot, "2", "2")  # At night: the wrong turn at question 2
        await wait_for_screen(pilot, VerdictScreen)
        summary = plain(app.screen.query_one("#verdict-summary"))
        assert (
            "What if: Had you answered 'After exercise', you would have reached Overuse"
            " (SELF-CARE)." in summary
        )
        await pilot.press("w")
        await wait_until(pilot, lambda: bool(app.screen.query(WhatIfView)), "the what-if view")
        text = plain(app.screen.query_one(WhatIfView))
        assert text.startswith("Question 2: When does it hurt?")
        assert "2. At night  ← your answer" in text
        await pilot.press("escape")
        await wait_for_screen(pilot, VerdictScreen)
        await pilot.press("v")
        await wait_for_screen(pilot, ReviewScreen)
        await pilot.press("enter")  # the last answer: walk it again from there
        await wait_for_screen(pilot, TrainingScreen)
        assert app.screen.case.id == "new_jogger"
        assert app.screen.session.current_id == "q_when"
        await pilot.press("1")
        await wait_for_screen(pilot, VerdictScreen)
        assert app.screen.verdict.matched
