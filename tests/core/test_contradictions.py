"""Choices that an earlier answer rules out (``contradicts``): the walk refuses them, what-if
says so, and paths, figures and cases leave out or report the walks no patient can take."""

from __future__ import annotations

import json

import pytest

from footpain_tui import cli
from footpain_tui.core.training.case_check import check_cases
from footpain_tui.core.training.case_file import CaseFile
from footpain_tui.core.tree.bundled import default_tree_path
from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.paths import iter_paths, possible_paths
from footpain_tui.core.tree.summary import path_figures
from footpain_tui.core.tree.walk import AnswerError, WalkSession
from footpain_tui.core.tree.what_if import alternatives

SHOE_RUB = "Blister or rub; no diabetes or arterial disease; normal foot check"
# A diabetic, numb to the monofilament, with no same-day sign or injury, and a skin problem.
TO_THE_SKIN = ["None of these", "Diabetes", "Numb", "None of these", "No injury", "In the skin"]


@pytest.fixture(scope="module")
def bundled():
    tree = load_tree(default_tree_path())
    return tree, TreeIndex(tree)


def walk(bundled, answers):
    tree, index = bundled
    session = WalkSession(tree, index)
    for answer in answers:
        session.answer_text(answer)
    return session


def test_a_ruled_out_choice_is_refused_with_the_earlier_findings(bundled):
    session = walk(bundled, TO_THE_SKIN)
    assert session.current_id == "q_skin"
    shoe_rub = session.current.choices[4]
    assert shoe_rub.label == SHOE_RUB
    assert session.contradictions(shoe_rub) == (
        "known diabetes",
        "loss of protective sensation or neuropathic symptoms in diabetes",
    )
    with pytest.raises(AnswerError, match=r"contradicts an earlier answer \(known diabetes;"):
        session.answer_text(SHOE_RUB)
    assert session.current_id == "q_skin" and len(session.steps) == 6  # nothing taken
    session.answer_text("Blister or sore with diabetes")  # the honest answer goes on
    assert session.current_id == "q_ulcer_severity"


def test_the_same_choice_is_open_without_the_earlier_answer(bundled):
    session = walk(bundled, ["None of these", "None of these", "None of these", "No injury"])
    session.answer_text("In the skin")
    assert session.contradictions(session.current.choices[4]) == ()
    session.answer_text(SHOE_RUB)
    assert session.current_id == "r_footwear"


def test_a_finding_ticked_beside_another_counts_too(bundled):
    """Fever ticked on the same-day screen beside a hot joint (which the walk follows) rules
    out "well, no fever" at the hot-joint question."""
    session = walk(bundled, ["None of these", "None of these"])
    session.answer_many((0, 6))  # a hot, swollen joint; fever
    assert session.current_id == "q_hot_joint"
    with pytest.raises(AnswerError, match=r"\(fever"):
        session.answer_text("None of these: well, no fever")


def test_what_if_names_what_rules_a_branch_out(bundled):
    session = walk(bundled, TO_THE_SKIN)
    branches = alternatives(session, len(session.steps))
    assert branches[4].contradicts == (
        "known diabetes",
        "loss of protective sensation or neuropathic symptoms in diabetes",
    )
    # A blister on an arterial foot is the diabetic one's question for a diabetic.
    assert branches[1].contradicts == ("known diabetes",)
    assert all(not b.contradicts for i, b in enumerate(branches) if i not in (1, 4))
    # At the location question the footwear result is out of reach for this walk.
    at_location = alternatives(session, 5)
    skin = at_location[2]
    assert skin.next_id == "q_skin" and "r_footwear" not in dict(skin.results)
    healthy = walk(bundled, ["None of these", "None of these", "None of these", "No injury"])
    assert "r_footwear" in dict(alternatives(healthy, 4)[2].results)


def test_paths_and_figures_leave_out_the_contradictory_paths(bundled):
    tree, index = bundled
    every = list(iter_paths(tree, index))
    possible = list(possible_paths(tree, index))
    contradictory = [p for p in every if p.contradiction is not None]
    figures = path_figures(tree, index)
    assert len(every) == index.path_count == len(possible) + len(contradictory)
    assert (figures.total, figures.contradictory) == (len(possible), len(contradictory))
    assert contradictory, "the bundled tree names contradictions"
    answer, earlier = contradictory[0].contradiction
    assert answer.choice.contradicts  # the answer that names what rules it out
    assert (earlier.question_id, earlier.choice.label) in {
        (r.question, r.choice) for r in answer.choice.contradicts
    }


def test_cli_paths_json_counts_what_it_left_out(capsys):
    code = cli.main(["paths", str(default_tree_path()), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["listed"] == data["total_paths"] and data["contradictory_left_out"] > 0
    assert not any(
        a["answer"] == SHOE_RUB and any(b["answer"] == "Diabetes" for b in p["answers"])
        for p in data["paths"]
        for a in p["answers"]
    )


def test_walk_refuses_a_ruled_out_answer(capsys):
    argv = ["walk", str(default_tree_path())]
    for answer in [*TO_THE_SKIN, "Blister or rub"]:
        argv += ["--answer", answer]
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert f"error: {SHOE_RUB!r} contradicts an earlier answer (known diabetes;" in err


def test_a_case_that_takes_a_ruled_out_answer_fails_its_check(bundled):
    tree, index = bundled
    answers = [
        {"question": q, "answer": a}
        for q, a in zip(
            [
                "q_emergency",
                "q_comorbidity",
                "q_foot_at_risk",
                "q_same_day",
                "q_injury",
                "q_location",
                "q_skin",
            ],
            [
                *TO_THE_SKIN[:2],
                "Numb to the 10 g monofilament, or burning or tingling in both feet",
                *TO_THE_SKIN[3:],
                SHOE_RUB,
            ],
            strict=True,
        )
    ]
    case_file = CaseFile.model_validate(
        {
            "tree": tree.meta.id,
            "cases": [
                {
                    "id": "diabetic_says_no_diabetes",
                    "title": "A rub, said to be on a healthy foot",
                    "story": "A man with diabetes and numb feet has a rub from new shoes.",
                    "difficulty": "easy",
                    "expected_result": "r_footwear",
                    "answers": answers,
                    "teaching_point": "A numb diabetic foot is never a plain shoe rub.",
                }
            ],
        }
    )
    report = check_cases(case_file, tree, index)
    assert not report.ok
    assert any("contradicts an earlier answer" in f.message for f in report.findings)
