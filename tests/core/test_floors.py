"""Urgency floors: a risk factor answered once raises every later result's urgency.

The core keeps it in one place (core/tree/floors.py); the walk, the differential, the
linter (FP107, FP114), ``paths`` and the verdicts all read it from there. The review source
kind (cited by section, like a guideline) is tested here too.
"""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from footpain_tui.core.tree.citations import cite
from footpain_tui.core.tree.floors import NO_FLOOR, EffectiveUrgency, UrgencyFloor, more_urgent
from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.lint import lint_tree
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.model import Choice, SourceRef, Urgency
from footpain_tui.core.tree.paths import iter_paths
from footpain_tui.core.tree.schema import validate_tree
from footpain_tui.core.tree.summary import path_figures
from footpain_tui.core.tree.walk import Step, WalkSession

DATA = Path(__file__).resolve().parent.parent / "data"
FLOORS = DATA / "floors.json"
_FLOORS_DICT: dict[str, Any] = json.loads(FLOORS.read_text(encoding="utf-8"))
U = Urgency


@pytest.fixture
def floors_dict() -> dict[str, Any]:
    return copy.deepcopy(_FLOORS_DICT)


@pytest.fixture
def session() -> WalkSession:
    return WalkSession(load_tree(FLOORS))


def _choice(label: str, floor: Urgency | None) -> Choice:
    return Choice(label=label, next="x", finding=label.lower(), urgency_floor=floor)


def found(report) -> list[tuple[str, str]]:
    return [(f.rule.id, f.path) for f in report.findings]


def errors(report) -> list[tuple[str, str]]:
    return [(f.rule.id, f.path) for f in report.errors]


# -- the floor itself ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("urgency", "floor", "shown"),
    [
        (U.SELF_CARE, None, U.SELF_CARE),
        (U.SELF_CARE, U.ROUTINE, U.ROUTINE),
        (U.ROUTINE, U.SOON, U.SOON),
        (U.URGENT, U.SOON, U.URGENT),  # a floor never lowers
        (U.EMERGENCY, U.ROUTINE, U.EMERGENCY),
        (U.SOON, U.SOON, U.SOON),
    ],
)
def test_more_urgent_only_raises(urgency, floor, shown):
    assert more_urgent(urgency, floor) is shown


def test_the_most_urgent_floor_wins_and_names_its_findings():
    floor = NO_FLOOR.passing([_choice("Diabetes", U.ROUTINE), _choice("Gout", None)])
    assert floor == UrgencyFloor(U.ROUTINE, ("diabetes",))
    floor = floor.passing([_choice("Kidney disease", U.ROUTINE)])
    assert floor == UrgencyFloor(U.ROUTINE, ("diabetes", "kidney disease"))
    higher = floor.passing([_choice("Low immunity", U.SOON)])
    assert higher == UrgencyFloor(U.SOON, ("low immunity",))
    assert higher.passing([_choice("Diabetes", U.ROUTINE)]) is higher  # a lower one changes nothing
    assert higher.passing([]) is higher


def test_effective_urgency_and_its_explanation():
    floor = UrgencyFloor(U.ROUTINE, ("known diabetes",))
    raised = floor.apply(U.SELF_CARE)
    assert raised == EffectiveUrgency(U.ROUTINE, U.SELF_CARE, ("known diabetes",))
    assert raised.raised
    assert raised.explanation() == "raised to ROUTINE because: known diabetes"
    kept = floor.apply(U.SOON)
    assert kept == EffectiveUrgency(U.SOON, U.SOON, ())
    assert not kept.raised and kept.explanation() is None
    assert NO_FLOOR.apply(U.SELF_CARE) == EffectiveUrgency(U.SELF_CARE, U.SELF_CARE)


# -- the walk -----------------------------------------------------------------------------------
def test_a_walk_without_floors_shows_the_results_own_urgency(session):
    session.answer_text("None of these")
    session.answer_text("None of these")
    session.answer_text("After exercise")
    assert session.urgency_floor == NO_FLOOR
    assert session.effective_urgency == EffectiveUrgency(U.SELF_CARE, U.SELF_CARE)


def test_a_floor_passed_raises_the_result(session):
    session.answer_text("None of these")
    assert session.effective_urgency is None  # on a question
    session.answer_text("Diabetes")
    assert session.urgency_floor == UrgencyFloor(U.ROUTINE, ("known diabetes",))
    session.answer_text("After exercise")
    effective = session.effective_urgency
    assert (effective.urgency, effective.base) == (U.ROUTINE, U.SELF_CARE)
    assert effective.explanation() == "raised to ROUTINE because: known diabetes"


def test_every_ticked_choice_of_a_checklist_counts(session):
    session.answer_text("None of these")
    step = session.answer_text(["Diabetes", "Low immunity"])
    assert step.choice_index == 0  # the walk follows diabetes...
    assert session.urgency_floor == UrgencyFloor(U.SOON, ("low immunity",))  # ...at soon
    session.answer_text("In the morning")
    assert session.effective_urgency == EffectiveUrgency(U.SOON, U.ROUTINE, ("low immunity",))


def test_a_result_more_urgent_than_the_floor_is_not_raised(session):
    for answer in ("None of these", "Diabetes", "At night"):
        session.answer_text(answer)
    assert session.effective_urgency == EffectiveUrgency(U.SOON, U.SOON, ())


def test_back_jump_restart_and_replay_keep_the_floor_in_step(session):
    session.answer_text("None of these")
    session.answer_text(["Diabetes", "Low immunity"])
    session.answer_text("After exercise")
    assert session.effective_urgency.urgency is U.SOON
    session.back()
    assert session.urgency_floor.level is U.SOON
    session.back()
    assert session.urgency_floor == NO_FLOOR
    session.answer_text("Kidney disease")
    assert session.urgency_floor == UrgencyFloor(U.ROUTINE, ("kidney disease",))
    session.jump_to("q_risks")
    assert session.urgency_floor == NO_FLOOR
    session.answer_text("Diabetes")
    steps = session.steps
    session.restart()
    assert session.urgency_floor == NO_FLOOR
    session.replay(steps)
    assert session.urgency_floor == UrgencyFloor(U.ROUTINE, ("known diabetes",))
    with pytest.raises(ValueError):  # a replay that fails leaves the walk, floor included
        session.replay([Step("q_signs", 1), Step("q_when", 0)])
    assert session.urgency_floor == UrgencyFloor(U.ROUTINE, ("known diabetes",))
    assert session.current_id == "q_when"


def test_the_differential_is_raised_to_the_floor(session):
    session.answer_text("None of these")
    session.answer_text("None of these")
    assert session.possible_conditions() == [
        ("neuralgia", U.SOON),
        ("arthrosis", U.ROUTINE),
        ("overuse", U.SELF_CARE),
    ]
    session.back()
    session.answer_text("Diabetes")
    assert session.possible_conditions() == [
        ("neuralgia", U.SOON),
        ("arthrosis", U.ROUTINE),
        ("overuse", U.ROUTINE),
    ]
    session.back()
    session.answer_text("Low immunity")
    assert session.possible_conditions() == [
        ("neuralgia", U.SOON),
        ("arthrosis", U.SOON),
        ("overuse", U.SOON),
    ]


def test_a_walk_started_below_a_floor_has_not_passed_it():
    session = WalkSession(load_tree(FLOORS), start="q_when")
    session.answer_text("After exercise")
    assert session.effective_urgency.urgency is U.SELF_CARE


# -- loading ------------------------------------------------------------------------------------
def test_a_floor_must_be_an_urgency_level(floors_dict):
    from pydantic import ValidationError

    floors_dict["nodes"]["q_risks"]["choices"][0]["urgency_floor"] = "whenever"
    with pytest.raises(ValidationError, match="urgency_floor"):
        validate_tree(floors_dict)


def test_floors_load_the_same_from_the_cache_and_from_validation():
    first = load_tree(FLOORS)  # validates (the test's cache is empty)
    second = load_tree(FLOORS)  # built straight from the JSON
    assert first == second
    assert second.question("q_risks").choices[1].urgency_floor is U.SOON


# -- paths --------------------------------------------------------------------------------------
def test_each_path_has_its_effective_urgency():
    tree = load_tree(FLOORS)
    paths = list(iter_paths(tree, TreeIndex(tree)))
    by_answers = {tuple(a.choice.label for a in p.answers): p.effective_urgency for p in paths}
    assert by_answers[("None of these", "Diabetes", "After exercise")] == EffectiveUrgency(
        U.ROUTINE, U.SELF_CARE, ("known diabetes",)
    )
    assert by_answers[("None of these", "None of these", "After exercise")].urgency is U.SELF_CARE
    path = paths[5]
    assert [a.choice.label for a in path.floors] == ["Low immunity"]


@pytest.mark.parametrize("tree_file", [FLOORS, DATA / "checklist.json", DATA / "mini.json"])
def test_path_figures_count_what_listing_every_path_gives(tree_file):
    tree = load_tree(tree_file)
    index = TreeIndex(tree)
    paths = list(iter_paths(tree, index))
    figures = path_figures(tree, index)
    assert figures.total == len(paths) == index.path_count
    assert figures.by_urgency == {
        u: sum(p.effective_urgency.urgency is u for p in paths) for u in Urgency
    }
    assert figures.raised == sum(p.effective_urgency.raised for p in paths)
    assert figures.warned_by_urgency == {
        u: sum(bool(p.warning_signs) and p.effective_urgency.urgency is u for p in paths)
        for u in Urgency
    }


# -- lint: FP107 and FP114 by effective urgency ----------------------------------------------------
def test_the_floors_tree_lints_clean():
    assert lint_tree(load_tree(FLOORS)).findings == []


def _lint(data: dict[str, Any]):
    return lint_tree(validate_tree(data))


def _risks(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["nodes"]["q_risks"]["choices"]


def test_a_floor_of_soon_on_every_way_makes_a_screen_unneeded(floors_dict):
    floors_dict["nodes"]["q_signs"]["red_flag"] = False
    for choice in _risks(floors_dict):
        choice["urgency_floor"] = "soon"
    assert _lint(floors_dict).findings == []
    # One way without a floor of soon reaches reassurance unscreened (FP107).
    del _risks(floors_dict)[3]["urgency_floor"]
    report = _lint(floors_dict)
    assert found(report) == [("FP107", "nodes.r_arthrosis"), ("FP107", "nodes.r_overuse")]
    assert report.findings[1].message.startswith(
        "self_care result reachable with no red-flag question on the way:"
        " q_signs -> q_risks -> q_when -> r_overuse; "
    )


def test_a_floor_that_stays_reassuring_is_still_unscreened(floors_dict):
    floors_dict["nodes"]["q_signs"]["red_flag"] = False
    for choice in _risks(floors_dict):
        choice["urgency_floor"] = "routine"
    report = _lint(floors_dict)
    assert found(report) == [("FP107", "nodes.r_arthrosis"), ("FP107", "nodes.r_overuse")]
    assert report.findings[1].message.startswith(
        "routine (self_care raised by a floor) result reachable with no red-flag question"
    )


def test_a_warning_sign_may_lead_on_when_its_floor_is_soon(floors_dict):
    fever = floors_dict["nodes"]["q_signs"]["choices"][0]
    fever["next"] = "q_when"  # the sign leads to reassuring results...
    report = _lint(floors_dict)
    assert errors(report) == [("FP114", "nodes.r_arthrosis"), ("FP114", "nodes.r_overuse")]
    assert report.errors[0].message.startswith(
        "routine result reached after a warning sign: q_signs ('Fever') -> q_when -> r_arthrosis; "
    )
    fever["urgency_floor"] = "routine"  # ...a floor that stays reassuring is not enough...
    assert errors(_lint(floors_dict)) == [
        ("FP114", "nodes.r_arthrosis"),
        ("FP114", "nodes.r_overuse"),
    ]
    fever["urgency_floor"] = "soon"  # ...one of soon is
    assert _lint(floors_dict).errors == []


def test_a_floor_passed_before_the_warning_sign_counts(floors_dict):
    # Risks first (each with a floor of soon), then the red-flag screen whose sign leads on.
    nodes = floors_dict["nodes"]
    floors_dict["start"] = "q_risks"
    for choice in _risks(floors_dict):
        choice["next"] = "q_signs"
        choice["urgency_floor"] = "soon"
    nodes["q_signs"]["choices"][0]["next"] = "q_when"
    nodes["q_signs"]["choices"][1]["next"] = "q_when"
    assert _lint(floors_dict).errors == []
    del _risks(floors_dict)[0]["urgency_floor"]  # diabetes: no floor any more
    assert errors(_lint(floors_dict)) == [
        ("FP114", "nodes.r_arthrosis"),
        ("FP114", "nodes.r_overuse"),
    ]


def test_floors_keep_the_path_rules_linear(floors_dict, add_ladder):
    """Sixty questions in a row, each with four ways on, two of them floors: 4**60 paths,
    linted in a few states per node (the floor passed and whether a sign was seen)."""
    nodes = floors_dict["nodes"]
    _risks(floors_dict)[0]["next"] = add_ladder(nodes, 60, "q_when")
    levels = itertools.cycle(["self_care", "routine", "soon", "urgent"])
    for i in range(60):
        nodes[f"q_step{i}"]["choices"] += [
            {
                "label": level.title(),
                "next": nodes[f"q_step{i}"]["choices"][0]["next"],
                "urgency_floor": level,
            }
            for level in (next(levels), next(levels))
        ]
        nodes[f"q_step{i}"]["exhaustive"] = True
    nodes["q_signs"]["choices"][0]["next"] = _risks(floors_dict)[0]["next"]  # a sign leads in
    assert errors(_lint(floors_dict)) == [
        ("FP114", "nodes.r_arthrosis"),
        ("FP114", "nodes.r_overuse"),
    ]


# -- the review source kind ----------------------------------------------------------------------
def test_a_review_is_cited_by_its_reference_and_section():
    tree = load_tree(FLOORS)
    ref = SourceRef(source="afp_stress_fracture", section="Abstract")
    assert cite(ref, tree.meta.sources) == (
        "Patel DS et al. Am Fam Physician 2011;83(1):39-46, Abstract"
    )
    numbered = SourceRef(source="afp_stress_fracture", section="2.1")
    assert cite(numbered, tree.meta.sources).endswith("39-46, section 2.1")


def test_a_review_needs_its_reference_title_and_url_and_a_section(floors_dict):
    review = floors_dict["meta"]["sources"][1]
    del review["url"]
    del review["reference"]
    floors_dict["nodes"]["r_overuse"]["sources"][1] = {"source": "afp_stress_fracture"}
    report = _lint(floors_dict)
    assert found(report) == [
        ("FP110", "meta.sources[1]"),
        ("FP111", "nodes.r_overuse.sources[1]"),
    ]
    assert report.findings[0].message.startswith(
        "review 'afp_stress_fracture' has no reference or url; "
    )
    assert report.findings[1].message.startswith(
        "review 'afp_stress_fracture' is cited without a section; "
    )


# -- verdicts -----------------------------------------------------------------------------------
def _case(answers: list[tuple[str, str | list[str]]], expected: str):
    from footpain_tui.core.training.case_file import Case

    return Case(
        id="diabetic_runner",
        title="A diabetic runner",
        story="A runner with diabetes has an aching foot after a longer run.",
        difficulty="easy",
        expected_result=expected,
        answers=[{"question": q, "answer": a} for q, a in answers],
        teaching_point="Diabetes makes every foot problem at least routine.",
    )


def test_verdicts_use_the_urgency_of_each_walk(session):
    from footpain_tui.core.training.verdicts import compute_verdict

    case = _case(
        [("q_signs", "None of these"), ("q_risks", ["Diabetes"]), ("q_when", "After exercise")],
        "r_overuse",
    )
    # The trainee missed the diabetes: same result, but self-care, not routine.
    for answer in ("None of these", "None of these", "After exercise"):
        session.answer_text(answer)
    verdict = compute_verdict(case, session)
    assert verdict.matched
    assert (verdict.expected_result.urgency, verdict.expected_result.raised_by) == (
        U.ROUTINE,
        ("known diabetes",),
    )
    assert (verdict.given_result.urgency, verdict.given_result.raised_by) == (U.SELF_CARE, ())
    data = verdict.as_dict()
    assert data["expected_result"] == {
        "id": "r_overuse",
        "title": "Overuse",
        "urgency": "routine",
        "raised_by": ["known diabetes"],
    }
    assert data["given_result"] == {"id": "r_overuse", "title": "Overuse", "urgency": "self_care"}
