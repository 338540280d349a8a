"""Case files: model, lint against tests/data/mini.json, verdict and score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from footpain_tui.core.training.case_check import check_cases
from footpain_tui.core.training.case_file import CaseFile, case_json_schema, load_cases
from footpain_tui.core.training.lazy_cases import LazyCases
from footpain_tui.core.training.verdicts import (
    CaseError,
    Divergence,
    PathStep,
    TrainingScore,
    compute_verdict,
    expected_walk,
)
from footpain_tui.core.tree.loader import TreeLoadError, load_tree
from footpain_tui.core.tree.walk import Step, WalkSession

DATA = Path(__file__).resolve().parent.parent / "data"
CASES = DATA / "cases"
REPO = DATA.parent.parent


@pytest.fixture(scope="module")
def tree():
    return load_tree(DATA / "mini.json")


@pytest.fixture(scope="module")
def good() -> CaseFile:
    return load_cases(CASES / "good.json")


def rule_ids(report) -> list[str]:
    return [f.rule.id for f in report.findings]


# -- model ----------------------------------------------------------------------------------
def test_good_file_loads(good):
    assert good.tree == "mini"
    assert [c.id for c in good.cases] == ["swollen_calf", "new_jogger", "night_pain"]
    jogger = good.case("new_jogger")
    assert jogger.difficulty == "medium"
    assert jogger.scripted_for("q_when").teaching.startswith("Pain after unusual load")
    assert jogger.scripted_for("q_nowhere") is None
    with pytest.raises(KeyError):
        good.case("nope")


def test_invalid_shape_lists_every_problem_with_place_and_case_schema_hint():
    with pytest.raises(TreeLoadError) as caught:
        load_cases(CASES / "invalid_shape.json")
    problems = {p.location: p for p in caught.value.problems}
    assert set(problems) == {"cases[0].story", "cases[0].difficulty"}
    assert problems["cases[0].story"].hint == "add this field"
    assert all(p.file.endswith("invalid_shape.json") for p in problems.values())


def test_extra_field_hint_names_the_case_schema(tmp_path):
    data = json.loads((CASES / "good.json").read_text())
    data["cases"][0]["colour"] = "blue"
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(data))
    with pytest.raises(TreeLoadError) as caught:
        load_cases(path)
    (problem,) = caught.value.problems
    assert problem.location == "cases[0].colour"
    assert "trees/case_schema.json" in problem.hint


@pytest.mark.parametrize("name", ["not_json.json", "missing.json"])
def test_unreadable_files_raise_load_error(name):
    with pytest.raises(TreeLoadError) as caught:
        load_cases(CASES / name)
    assert caught.value.problems[0].file.endswith(name)


def test_empty_file_hint_names_the_case_schema(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text("  \n")
    with pytest.raises(TreeLoadError) as caught:
        load_cases(path)
    assert "case_schema.json" in caught.value.problems[0].hint


def test_schema_file_is_generated_from_the_model():
    on_disk = json.loads((REPO / "trees" / "case_schema.json").read_text())
    assert on_disk == case_json_schema()
    assert on_disk["properties"]["cases"]["minItems"] == 1


# -- loaded on first use --------------------------------------------------------------------
def test_lazy_cases_load_on_first_use(tree, monkeypatch):
    from footpain_tui.core.training import case_file

    loads: list[str] = []
    real = case_file.load_cases
    monkeypatch.setattr(case_file, "load_cases", lambda path: loads.append(path) or real(path))
    cases = LazyCases(CASES / "good.json", tree)
    assert loads == []  # nothing read yet
    assert cases  # the explorer's `if not self.cases` check loads them
    assert [c.id for c in cases.cases] == ["swollen_calf", "new_jogger", "night_pain"]
    assert (
        cases.case("new_jogger").title == load_cases(CASES / "good.json").case("new_jogger").title
    )
    assert len(cases) == 3 and cases.problems == []
    assert len(loads) == 1  # once


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("not_json.json", "invalid JSON"),
        ("missing.json", "no such file"),
        ("wrong_tree.json", "FP301"),
    ],
)
def test_lazy_cases_that_fail_count_as_none(tree, name, problem):
    cases = LazyCases(CASES / name, tree)
    assert not cases
    assert cases.cases == [] and len(cases) == 0
    assert any(problem in p for p in cases.problems)
    with pytest.raises(KeyError):
        cases.case("swollen_calf")


def test_checking_and_verdicts_load_without_pydantic():
    import subprocess
    import sys

    code = (
        "import sys; from footpain_tui.core.training import case_check, verdicts;"
        "assert 'pydantic' not in sys.modules;"
        "from footpain_tui.core.training.case_file import CaseFile;"
        "assert 'pydantic' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# -- lint -----------------------------------------------------------------------------------
def test_good_cases_pass(tree, good):
    report = check_cases(good, tree)
    assert report.ok, [str(f) for f in report.findings]
    assert [c.ended_on for c in report.cases] == ["r_clot", "r_overuse", "r_nerve"]


@pytest.mark.parametrize(
    ("name", "rule", "path"),
    [
        ("missing_result.json", "FP303", "cases[1].expected_result"),
        ("question_as_result.json", "FP304", "cases[0].expected_result"),
        ("bad_answer.json", "FP306", "cases[1].answers[1].answer"),
        ("wrong_tree.json", "FP301", "tree"),
        ("duplicate_ids.json", "FP302", "cases[1].id"),
        ("off_path.json", "FP308", "cases[0].answers[0].question"),
        ("stops_early.json", "FP308", "cases[0].answers"),
        ("wrong_result.json", "FP309", "cases[0].expected_result"),
    ],
)
def test_broken_case_files_report_one_rule(tree, name, rule, path):
    report = check_cases(load_cases(CASES / name), tree)
    assert not report.ok
    assert rule_ids(report) == [rule]
    assert report.findings[0].path == path


def test_bad_answer_message_lists_the_choices(tree):
    report = check_cases(load_cases(CASES / "bad_answer.json"), tree)
    (failed,) = report.failed
    assert failed.case_id == "new_jogger"
    message = failed.findings[0].message
    assert "'Maybe' matches no choice" in message
    assert "'After exercise'" in message and "'In the morning'" in message


def test_unknown_question_and_duplicate_answer(tree, good):
    jogger = good.case("new_jogger")
    broken = jogger.model_copy(
        update={
            "answers": [
                *jogger.answers,
                jogger.answers[0].model_copy(update={"question": "q_ghost"}),
                jogger.answers[0].model_copy(update={"question": "r_clot"}),
                jogger.answers[1],
            ]
        }
    )
    report = check_cases(good.model_copy(update={"cases": [broken]}), tree)
    assert rule_ids(report) == ["FP305", "FP305", "FP307", "FP308"]


def test_ambiguous_answer_is_a_mismatch(tree, good):
    jogger = good.case("new_jogger")
    answers = [jogger.answers[0], jogger.answers[1].model_copy(update={"answer": "a"})]
    case = jogger.model_copy(update={"answers": answers})
    report = check_cases(good.model_copy(update={"cases": [case]}), tree)
    assert rule_ids(report) == ["FP306"]
    assert "ambiguous" in report.findings[0].message


def test_case_report_as_dict(tree):
    report = check_cases(load_cases(CASES / "wrong_result.json"), tree)
    (data,) = [c.as_dict() for c in report.cases]
    assert data["ok"] is False
    assert data["ended_on"] == "r_overuse"
    assert data["findings"][0]["rule"] == "FP309"


# -- verdict --------------------------------------------------------------------------------
def test_expected_walk_of_a_broken_case_raises(tree):
    case = load_cases(CASES / "wrong_result.json").cases[0]
    with pytest.raises(CaseError, match="cases check"):
        expected_walk(case, tree)


def test_verdict_matched(tree, good):
    case = good.case("new_jogger")
    session = WalkSession(tree)
    session.answer_text("No")
    session.answer_text("After exercise")
    verdict = compute_verdict(case, session)
    assert verdict.matched
    assert verdict.divergence is None
    assert verdict.expected_path == verdict.trainee_path
    assert verdict.expected_path == [
        PathStep("Is the foot swollen, heavy and warm?", "No", ("No",)),
        PathStep("When does it hurt?", "After exercise", ("After exercise",)),
    ]
    assert verdict.expected_result.title == "Overuse"
    assert verdict.expected_result.urgency == "self_care"
    assert verdict.given_result == verdict.expected_result
    assert verdict.teaching_point == case.teaching_point
    assert [p for p, _ in verdict.teachings] == [
        "Is the foot swollen, heavy and warm?",
        "When does it hurt?",
    ]


def test_verdict_diverging_walk(tree, good):
    case = good.case("new_jogger")
    steps = [Step("q_flag", 1), Step("q_when", 1)]  # No, then At night
    verdict = compute_verdict(case, steps, tree)
    assert not verdict.matched
    assert verdict.divergence == Divergence(
        case_id="new_jogger",
        step=1,
        question_id="q_when",
        prompt="When does it hurt?",
        expected="After exercise",
        given="At night",
        teaching="Pain after unusual load points to overuse.",
        missing=("After exercise",),
        extra=("At night",),
    )
    assert verdict.given_result.id == "r_nerve"
    rows = verdict.side_by_side()
    assert rows[0] == (PathStep("Is the foot swollen, heavy and warm?", "No", ("No",)),) * 2
    assert rows[1] == (
        PathStep("When does it hurt?", "After exercise", ("After exercise",)),
        PathStep("When does it hurt?", "At night", ("At night",)),
    )
    data = verdict.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["divergence"]["given"] == "At night"
    assert data["given_result"]["id"] == "r_nerve"


def test_verdict_of_a_shorter_walk_pads_and_is_unmatched(tree, good):
    case = good.case("new_jogger")
    verdict = compute_verdict(case, [Step("q_flag", 0)], tree)  # Yes: ends on the clot
    assert not verdict.matched
    assert verdict.divergence.step == 0 and verdict.divergence.given == "Yes"
    assert verdict.side_by_side()[1] == (
        PathStep("When does it hurt?", "After exercise", ("After exercise",)),
        None,
    )


def test_verdict_of_an_unfinished_walk(tree, good):
    verdict = compute_verdict(good.case("new_jogger"), WalkSession(tree))
    assert not verdict.matched
    assert verdict.divergence is None
    assert verdict.given_result is None
    assert verdict.trainee_path == []


def test_verdict_needs_the_tree_for_steps(good):
    with pytest.raises(TypeError):
        compute_verdict(good.case("new_jogger"), [])


def test_training_score(tree, good):
    score = TrainingScore()
    assert score.summary() == "no cases attempted yet"
    matched = compute_verdict(good.case("swollen_calf"), [Step("q_flag", 0)], tree)
    missed = compute_verdict(good.case("new_jogger"), [Step("q_flag", 1), Step("q_when", 2)], tree)
    score.add(matched)
    score.add(missed)
    assert (score.attempted, score.matched, score.percent) == (2, 1, 50)
    assert score.divergences == [missed.divergence]
    summary = score.summary()
    assert summary.startswith("1 of 2 cases matched (50%)")
    assert "new_jogger" in summary and "'In the morning'" in summary
    assert score.as_dict()["divergences"][0]["question"] == "q_when"


# -- checklists: answers as sets; cases that start mid-tree ---------------------------------------
@pytest.fixture(scope="module")
def checklist_tree():
    return load_tree(DATA / "checklist.json")


@pytest.fixture(scope="module")
def checklist_cases() -> CaseFile:
    return load_cases(CASES / "checklist_cases.json")


def _edited(cases: CaseFile, **changes) -> CaseFile:
    """The case file with its first case changed (``answers=``, ``start=``, ...)."""
    data = cases.model_dump(by_alias=True)
    data["cases"][0].update(changes)
    return CaseFile.model_validate(data)


def test_a_checklist_answer_is_a_list_and_a_case_may_start_mid_tree(checklist_cases):
    febrile = checklist_cases.case("hot_red_febrile")
    assert febrile.answers[0].answer == ["Spreading redness, warmth or swelling", "Fever"]
    assert febrile.start is None
    assert checklist_cases.case("night_pain_drill").start == "q_when"


def test_cases_with_sets_and_a_start_pass(checklist_tree, checklist_cases):
    report = check_cases(checklist_cases, checklist_tree)
    assert report.ok, [str(f) for f in report.findings]
    assert [c.ended_on for c in report.cases] == ["r_fever", "r_overuse", "r_nerve"]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            ["Fever", "None of these"],
            "'q_signs': 'None of these' says none of the others applies: tick it alone or untick it",
        ),
        (["Fever", "Sometimes"], "'q_signs': 'Sometimes' matches no choice"),
    ],
)
def test_a_set_that_cannot_be_ticked_is_an_answer_mismatch(
    checklist_tree, checklist_cases, answer, message
):
    cases = _edited(checklist_cases, answers=[{"question": "q_signs", "answer": answer}])
    (finding,) = check_cases(cases, checklist_tree).findings
    assert (finding.rule.id, finding.path) == ("FP306", "cases[0].answers[0].answer")
    assert finding.message.startswith(message + "; use one of 'A hot, swollen joint', ")


def test_a_set_on_a_one_answer_question_is_an_answer_mismatch(checklist_tree, checklist_cases):
    case = checklist_cases.case("quiet_runner").model_dump() | {"id": "edited"}
    case["answers"][1]["answer"] = ["After exercise", "At night"]
    cases = _edited(checklist_cases, **case)
    (finding,) = check_cases(cases, checklist_tree).findings
    assert (finding.rule.id, finding.path) == ("FP306", "cases[0].answers[1].answer")
    assert "this question takes one answer, not 2" in finding.message


def test_a_comma_separated_string_ticks_several_too(checklist_tree, checklist_cases):
    cases = _edited(checklist_cases, answers=[{"question": "q_signs", "answer": "fever,spreading"}])
    assert check_cases(cases, checklist_tree).ok


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("q_nowhere", "no node 'q_nowhere' in tree 'checklist'; name a question to start at"),
        ("r_fever", "'r_fever' is a result, not a question; start the case at a question"),
    ],
)
def test_a_case_that_starts_nowhere(checklist_tree, checklist_cases, start, message):
    cases = _edited(checklist_cases, start=start)
    report = check_cases(cases, checklist_tree)
    assert [(f.rule.id, f.path, f.message) for f in report.findings] == [
        ("FP310", "cases[0].start", message)
    ]
    assert report.cases[0].ended_on is None


def test_a_case_started_mid_tree_must_answer_from_there(checklist_tree, checklist_cases):
    case = checklist_cases.case("quiet_runner").model_dump() | {"id": "edited"}
    case["start"] = "q_when"  # but still scripts q_signs first
    (finding,) = check_cases(_edited(checklist_cases, **case), checklist_tree).findings
    assert (finding.rule.id, finding.path) == ("FP308", "cases[0].answers[0].question")
    assert "but the walk is at 'q_when'" in finding.message


def test_verdict_on_a_checklist_names_the_missing_and_extra_findings(
    checklist_tree, checklist_cases
):
    case = checklist_cases.case("hot_red_febrile")
    trainee = WalkSession(checklist_tree)
    trainee.answer_text("a hot, swollen joint,fever")  # fever, but a joint for the redness
    verdict = compute_verdict(case, trainee)
    assert not verdict.matched
    divergence = verdict.divergence
    assert (divergence.step, divergence.question_id) == (0, "q_signs")
    assert divergence.expected == "Fever; Spreading redness, warmth or swelling"
    assert divergence.given == "A hot, swollen joint; Fever"
    assert (divergence.missing, divergence.extra) == (
        ("spreading redness",),
        ("a hot, swollen joint",),
    )
    assert divergence.teaching == "Tick every sign: fever and spreading redness together."
    assert verdict.expected_path == [
        PathStep(
            "Tick every sign the patient has now.",
            "Fever; Spreading redness, warmth or swelling",
            ("fever", "spreading redness"),
        )
    ]
    data = verdict.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["divergence"]["missing"] == ["spreading redness"]
    assert data["divergence"]["extra"] == ["a hot, swollen joint"]
    assert data["trainee_path"][0]["ticked"] == ["a hot, swollen joint", "fever"]


def test_verdict_on_a_checklist_with_the_right_first_sign_but_one_missing(
    checklist_tree, checklist_cases
):
    case = checklist_cases.case("hot_red_febrile")
    verdict = compute_verdict(case, [Step("q_signs", 1)], checklist_tree)  # fever alone
    assert verdict.matched  # the same result...
    assert verdict.divergence.missing == ("spreading redness",)  # ...but a sign left out
    assert verdict.divergence.extra == ()
    matched = compute_verdict(case, [Step("q_signs", 1, (1, 2))], checklist_tree)
    assert matched.matched and matched.divergence is None


def test_verdict_of_a_case_that_starts_mid_tree(checklist_tree, checklist_cases):
    case = checklist_cases.case("night_pain_drill")
    assert expected_walk(case, checklist_tree).start_id == "q_when"
    verdict = compute_verdict(case, [Step("q_when", 1)], checklist_tree)
    assert verdict.matched and verdict.divergence is None
    with pytest.raises(ValueError, match="the walk started at 'q_signs', but case"):
        compute_verdict(case, WalkSession(checklist_tree))
