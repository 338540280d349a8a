"""Predict, then reveal: the causes offered (deterministic by seed), the marks, the score."""

from __future__ import annotations

from pathlib import Path

import pytest

from footpain_tui.core.training.case_file import load_cases
from footpain_tui.core.training.predictions import (
    OPTIONS,
    Marks,
    cause_options,
    distractor_anchors,
    score_prediction,
    urgency_call,
)
from footpain_tui.core.training.verdicts import (
    TrainingScore,
    changed_route,
    compute_verdict,
    had_you_answered,
    turn_not_taken,
)
from footpain_tui.core.tree.bundled import default_cases_path, default_tree_path
from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.model import Urgency
from footpain_tui.core.tree.walk import WalkSession

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def bundled():
    tree = load_tree(default_tree_path())
    return tree, TreeIndex(tree)


def walk_of(tree, index, answers, start=None):
    walk = WalkSession(tree, index, start=start)
    for answer in answers:
        walk.answer_text(answer)
    return walk


@pytest.fixture(scope="module")
def cases():
    return load_cases(default_cases_path())


def case_walk_of(case, tree, index):
    walk = WalkSession(tree, index, start=case.start)
    for scripted in case.answers:
        walk.answer_text(scripted.answer)
    return walk


# -- the causes offered -----------------------------------------------------------------------
def test_the_same_walk_and_seed_give_the_same_list_and_another_seed_another(bundled, cases):
    tree, index = bundled
    walk = case_walk_of(cases.cases[10], tree, index)
    first = cause_options(walk, 1234)
    assert first == cause_options(walk, 1234)
    again = case_walk_of(cases.cases[10], tree, index)  # a new walk, the same answers
    assert cause_options(again, 1234) == first
    others = {cause_options(walk, seed) for seed in range(20)}
    assert len(others) > 1  # the seed draws and orders


def test_every_case_offers_the_leading_cause_among_plausible_distractors(bundled, cases):
    tree, index = bundled
    for case in cases.cases:
        walk = case_walk_of(case, tree, index)
        result = tree.result(walk.current_id)
        options = cause_options(walk, 7)
        assert len(options) == len(set(options)) == OPTIONS, case.id
        assert result.conditions[0] in options, case.id
        assert set(result.conditions[:4]) <= set(options), case.id
        distractors = [c for c in options if c not in result.conditions]
        assert len(distractors) >= 2, case.id
        # Reachable from the last red-flag screen passed whenever that screen offers enough.
        anchor = distractor_anchors(walk)[0]
        reachable = {cid for cid, _ in index.possible_conditions(anchor)} - set(result.conditions)
        if len(reachable) >= len(distractors):
            assert set(distractors) <= reachable, case.id


def test_distractors_come_from_the_last_red_flag_screen_first(bundled):
    tree, index = bundled
    walk = WalkSession(tree, index)
    while not walk.finished:  # always the last choice ("None of these", "Not sure", ...)
        walk.answer(len(walk.current.choices) - 1)
    screens = [s.node_id for s in walk.steps if tree.question(s.node_id).red_flag]
    assert distractor_anchors(walk)[0] == screens[-1]
    assert distractor_anchors(walk)[-1] == walk.start_id


def test_a_small_tree_fills_the_list_from_the_catalogue(mini_path):
    tree = load_tree(mini_path)
    walk = walk_of(tree, None, ["No", "After exercise"])
    options = cause_options(walk, 3)
    # Five conditions in all: the result's two and the three others, whatever the seed.
    assert sorted(options) == sorted(tree.conditions)


def test_a_walk_on_a_question_has_nothing_to_predict(mini_path):
    with pytest.raises(ValueError, match="not on a result"):
        cause_options(WalkSession(load_tree(mini_path)), 1)


# -- marking ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("predicted", "actual", "call"),
    [
        (Urgency.ROUTINE, Urgency.URGENT, "under"),
        (Urgency.SELF_CARE, Urgency.EMERGENCY, "under"),
        (Urgency.SOON, Urgency.SOON, "right"),
        (Urgency.EMERGENCY, Urgency.SOON, "over"),
    ],
)
def test_urgency_is_under_right_or_over_called(predicted, actual, call):
    assert urgency_call(predicted, actual) == call


def test_the_right_urgency_is_the_effective_one_floors_included():
    tree = load_tree(DATA / "floors.json")
    walk = walk_of(tree, None, ["None of these", "Diabetes", "After exercise"])
    assert tree.result(walk.current_id).urgency is Urgency.SELF_CARE
    options = cause_options(walk, 5)
    said_self_care = score_prediction(walk, "overuse", Urgency.SELF_CARE, options, 5)
    assert said_self_care.right_urgency is Urgency.ROUTINE  # raised by known diabetes
    assert not said_self_care.urgency_correct and said_self_care.urgency_call == "under"
    assert said_self_care.cause_correct
    right = score_prediction(walk, "overuse", Urgency.ROUTINE, options, 5)
    assert right.urgency_correct and right.urgency_call == "right"
    assert right.as_dict() == {
        "cause": "overuse",
        "urgency": "routine",
        "options": list(options),
        "seed": 5,
        "cause_correct": True,
        "urgency_correct": True,
        "urgency_call": "right",
    }


def test_a_cause_not_offered_is_refused(mini_path):
    tree = load_tree(mini_path)
    walk = walk_of(tree, None, ["No", "At night"])
    with pytest.raises(ValueError, match="not one of the causes offered"):
        score_prediction(walk, "neuralgia", Urgency.SOON, ("overuse",), 1)


def test_the_leading_condition_is_the_right_cause_and_others_are_wrong(mini_path):
    tree = load_tree(mini_path)
    walk = walk_of(tree, None, ["No", "After exercise"])  # overuse, then stress fracture
    options = cause_options(walk, 9)
    assert score_prediction(walk, "overuse", Urgency.SELF_CARE, options, 9).cause_correct
    assert not score_prediction(
        walk, "stress_fracture", Urgency.SELF_CARE, options, 9
    ).cause_correct


# -- the verdict's three marks and the score ----------------------------------------------------
def test_the_verdict_keeps_path_cause_and_urgency_apart(mini_path):
    tree = load_tree(mini_path)
    good = load_cases(DATA / "cases" / "good.json")
    case = good.case("new_jogger")
    walk = walk_of(tree, None, ["No", "After exercise"])
    options = cause_options(walk, 2)
    prediction = score_prediction(walk, "stress_fracture", Urgency.SOON, options, 2)
    verdict = compute_verdict(case, walk, prediction=prediction)
    assert verdict.marks == Marks(path=True, cause=False, urgency=False, urgency_call="over")
    assert verdict.as_dict()["marks"] == {
        "path": True,
        "cause": False,
        "urgency": False,
        "urgency_call": "over",
    }
    unpredicted = compute_verdict(case, walk)
    assert unpredicted.as_dict()["marks"] == {
        "path": True,
        "cause": None,
        "urgency": None,
        "urgency_call": None,
    }


def test_the_score_names_under_calls_first(mini_path):
    tree = load_tree(mini_path)
    good = load_cases(DATA / "cases" / "good.json")
    score = TrainingScore()
    calf = walk_of(tree, None, ["Yes"])
    score.add(
        compute_verdict(
            good.case("swollen_calf"),
            calf,
            prediction=score_prediction(
                calf, "thrombosis", Urgency.ROUTINE, cause_options(calf, 1), 1
            ),
        )
    )
    jogger = walk_of(tree, None, ["No", "At night"])
    score.add(
        compute_verdict(
            good.case("new_jogger"),
            jogger,
            prediction=score_prediction(
                jogger, "neuralgia", Urgency.SOON, cause_options(jogger, 1), 1
            ),
        )
    )
    score.add(compute_verdict(good.case("night_pain"), walk_of(tree, None, ["No", "At night"])))
    assert (score.attempted, score.matched, score.predicted) == (3, 2, 2)
    assert (score.cause_right, score.urgency_right, score.over_called) == (2, 1, 0)
    assert [u.case_id for u in score.under_calls] == ["swollen_calf"]
    assert score.under_calls[0].words() == ("A swollen, warm foot: you said ROUTINE, it was URGENT")
    rates = score.rates()
    assert rates[0] == (
        "Urgency under-called",
        "1 of 2 predictions: judged less urgent than they were",
    )
    assert [mark for mark, _ in rates] == ["Urgency under-called", "Path", "Cause", "Urgency"]
    assert score.summary().startswith("urgency under-called in 1 of 2; 2 of 3 cases matched")


# -- the first wrong turn, the other way ----------------------------------------------------------
def test_the_first_wrong_turn_says_where_the_case_answer_leads(mini_path):
    tree = load_tree(mini_path)
    good = load_cases(DATA / "cases" / "good.json")
    walk = walk_of(tree, None, ["No", "At night"])
    verdict = compute_verdict(good.case("new_jogger"), walk)
    branch = turn_not_taken(verdict, walk)
    assert branch.next_id == "r_overuse" and branch.ticked == (0,)
    assert had_you_answered(verdict, walk) == (
        "had you answered 'After exercise', you would have reached Overuse (SELF-CARE)"
    )
    early = walk_of(tree, None, ["Yes"])
    verdict = compute_verdict(good.case("new_jogger"), early)
    assert had_you_answered(verdict, early) == (
        "had you answered 'No', you would have reached the question 'When does it hurt?';"
        " the most urgent result from there is SOON"
    )
    matched = walk_of(tree, None, ["No", "After exercise"])
    assert had_you_answered(compute_verdict(good.case("new_jogger"), matched), matched) is None


def test_a_finding_ticked_beside_the_followed_one_is_a_difference_not_a_turn(bundled):
    """diabetic_shoe_rub expects the wound and the numbness ticked at the diabetic foot
    check; ticking the wound alone leads to the same next question, so no "had you
    answered" line."""
    tree, index = bundled
    case = load_cases(default_cases_path()).case("diabetic_shoe_rub")
    walk = WalkSession(tree, index)
    walk.answer_text("None of these")
    walk.answer_text("Diabetes")
    assert walk.current_id == "q_foot_at_risk"
    walk.answer_many((0,))  # the wound; the numbness missed
    walk.answer_text("None of these")
    verdict = compute_verdict(case, walk)
    assert verdict.matched and verdict.divergence.step == 2
    assert not changed_route(verdict, walk)
    assert had_you_answered(verdict, walk) is None
    # A missed wound does change the route: the line says where the wound would have led.
    other = WalkSession(tree, index)
    other.answer_text("None of these")
    other.answer_text("Diabetes")
    other.answer_many((2,))
    verdict = compute_verdict(case, other)
    assert changed_route(verdict, other)
    assert had_you_answered(verdict, other).startswith(
        "had you answered 'A wound, ulcer, blister, black area or break in the skin; Numb to"
        " the 10 g monofilament, or burning or tingling in both feet', you would have reached"
        " the question 'With the wound or blister"
    )
