"""``cases coverage``: which results, choices and paths the training cases exercise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from footpain_tui.cli import main
from footpain_tui.core.training.case_file import load_cases
from footpain_tui.core.training.coverage import CaseWalk, case_walks, measure
from footpain_tui.core.tree.bundled import default_cases_path, default_tree_path
from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.lint import CATCH_ALL_PREFIXES
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.walk import Step

DATA = Path(__file__).resolve().parent.parent / "data"
CHECKLIST = str(DATA / "checklist.json")
CHECKLIST_CASES = str(DATA / "cases" / "checklist_cases.json")
MINI = str(DATA / "mini.json")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _coverage(tree_path: str, cases_path: str, **kwargs):
    tree = load_tree(tree_path)
    index = TreeIndex(tree)
    return measure(tree, index, case_walks(load_cases(cases_path), tree, index), **kwargs)


# -- the core ---------------------------------------------------------------------------------
def test_results_choices_and_paths_of_the_checklist_tree():
    coverage = _coverage(CHECKLIST, CHECKLIST_CASES)
    assert coverage.cases == 3 and coverage.mid_tree_cases == 1
    assert [r.result_id for r in coverage.uncovered_results()] == ["r_hot_joint", "r_cellulitis"]
    assert (coverage.results_covered, len(coverage.results)) == (3, 5)
    assert [(c.question_id, c.index) for c in coverage.uncovered_choices()] == [
        ("q_signs", 0),
        ("q_when", 2),
    ]
    # The febrile case ticks fever and spreading redness: the walk follows fever (the more
    # urgent, listed first), so redness is ticked but its branch is never walked.
    redness = coverage.choice("q_signs", 2)
    assert redness.covered and not redness.followed and redness.ticked_not_followed
    assert redness.ticked_by == ("hot_red_febrile",)
    fever = coverage.choice("q_signs", 1)
    assert fever.followed_by == ("hot_red_febrile",)
    # The drill that starts at q_when counts for its choice, not for a root-to-result path.
    assert coverage.choice("q_when", 1).ticked_by == ("night_pain_drill",)
    assert (coverage.covered_paths, coverage.total_paths) == (2, 6)
    assert coverage.uncovered_path_count == 4
    assert [p.result_id for p in coverage.uncovered_paths] == [
        "r_hot_joint",
        "r_cellulitis",
        "r_nerve",
        "r_nerve",
    ]
    assert coverage.node_visits["q_signs"] == 2 and coverage.node_visits["q_when"] == 2
    assert "r_hot_joint" not in coverage.node_visits


def test_the_uncovered_paths_listed_stop_at_the_limit_but_are_all_counted():
    coverage = _coverage(CHECKLIST, CHECKLIST_CASES, path_limit=1)
    assert len(coverage.uncovered_paths) == 1
    assert coverage.uncovered_path_count == 4


def test_a_huge_tree_is_counted_not_enumerated(mini_dict, add_ladder):
    """60 two-way steps: 2**60 paths. Coverage counts them over the graph and reads only as
    many as it lists."""
    from footpain_tui.core.tree.model import tree_from_data

    nodes = mini_dict["nodes"]
    first = add_ladder(nodes, 60, "r_overuse")
    nodes["q_when"]["choices"][0]["next"] = first
    tree = tree_from_data(mini_dict)
    index = TreeIndex(tree)
    walk = CaseWalk(
        "ladder",
        tree.start,
        (Step("q_flag", 1), Step("q_when", 0), *(Step(f"q_step{i}", 0) for i in range(60))),
        "r_overuse",
    )
    coverage = measure(tree, index, [walk], path_limit=5)
    assert coverage.total_paths == 2**60 + 3
    assert coverage.covered_paths == 1
    assert len(coverage.uncovered_paths) == 5
    assert coverage.paths_percent < 1e-15


def test_no_case_covers_nothing_and_every_result_is_listed():
    tree = load_tree(MINI)
    coverage = measure(tree, TreeIndex(tree), [])
    assert coverage.results_covered == 0 and coverage.choices_covered == 0
    assert coverage.below(1) == ["results", "choices"]
    assert coverage.below(0) == []


def test_the_bundled_cases_reach_every_result():
    coverage = _coverage(str(default_tree_path()), str(default_cases_path()))
    assert coverage.results_percent == 100.0
    assert coverage.cases >= 45  # the bundled file: at least 45 public cases
    # Every warning-sign answer of every red-flag screen is taken by some case.
    for item in coverage.choices:
        if item.question.red_flag and not item.choice.negative:
            assert item.covered, (item.question_id, item.choice.label)


def test_the_bundled_cases_leave_only_catch_alls_and_follow_what_they_tick():
    """What the README says of the bundled cases: every answer that names a finding is taken,
    and every checklist answer some case ticks is walked on by some case."""
    coverage = _coverage(str(default_tree_path()), str(default_cases_path()))
    for item in coverage.uncovered_choices():
        label = item.choice.label.casefold()
        assert item.choice.negative or label.startswith(CATCH_ALL_PREFIXES), (
            item.question_id,
            item.choice.label,
        )
    assert [(c.question_id, c.index) for c in coverage.ticked_not_followed()] == []


# -- the command ------------------------------------------------------------------------------
def test_cases_coverage_prints_the_measures_and_what_is_not_covered(capsys):
    code, out, err = run(capsys, "cases", "coverage", CHECKLIST, CHECKLIST_CASES)
    assert code == 0, err
    assert "results: 3 of 5 reached (60.0%)" in out
    assert "choices: 5 of 7 taken (71.4%); 4 followed (57.1%)" in out
    assert "paths:   2 of 6 root-to-result paths followed (33.3%)" in out
    assert "1 case starts mid-tree" in out
    assert "  r_hot_joint (Hot, swollen joint)" in out
    assert "  q_signs[1] 'A hot, swollen joint' -> r_hot_joint (Hot, swollen joint)" in out
    assert "  q_when[3] 'Not sure' -> r_nerve (Nerve pain)" in out
    assert "checklist choices ticked but never followed: 1" in out
    assert "[ticked by hot_red_febrile]" in out
    assert "  1. q_signs: A hot, swollen joint => r_hot_joint (Hot, swollen joint)" in out


def test_cases_coverage_on_the_bundled_tree_reports_every_result(capsys):
    code, out, _ = run(
        capsys, "cases", "coverage", str(default_tree_path()), str(default_cases_path())
    )
    assert code == 0
    assert "results: 40 of 40 reached (100.0%)" in out
    assert "results no case reaches: none" in out
    assert "choices no case takes:" in out


def test_cases_coverage_min_exits_1_below_and_0_at_or_above(capsys):
    code, _, err = run(capsys, "cases", "coverage", CHECKLIST, CHECKLIST_CASES, "--min", "70")
    assert code == 1
    assert "results coverage 60.0% is below --min 70%" in err
    assert "choices" not in err  # 71.4% passes
    code, _, err = run(capsys, "cases", "coverage", CHECKLIST, CHECKLIST_CASES, "--min", "60")
    assert (code, err) == (0, "")


@pytest.mark.parametrize("value", ["101", "-1", "lots"])
def test_cases_coverage_min_must_be_a_percentage(capsys, value):
    with pytest.raises(SystemExit) as exit_info:
        main(["cases", "coverage", CHECKLIST, CHECKLIST_CASES, "--min", value])
    assert exit_info.value.code == 2
    assert "--min" in capsys.readouterr().err


def test_cases_coverage_json(capsys):
    code, out, _ = run(
        capsys, "cases", "coverage", CHECKLIST, CHECKLIST_CASES, "--json", "--min", "70"
    )
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False and data["below_min"] == ["results"]
    assert data["results"]["uncovered"] == [
        {"id": "r_hot_joint", "title": "Hot, swollen joint"},
        {"id": "r_cellulitis", "title": "Spreading redness: cellulitis?"},
    ]
    assert data["choices"]["covered"] == 5 and data["choices"]["followed"] == 4
    assert [c["label"] for c in data["choices"]["ticked_not_followed"]] == [
        "Spreading redness, warmth or swelling"
    ]
    assert data["paths"] | {"uncovered_listed": None} == {
        "total": 6,
        "covered": 2,
        "percent": 33.33,
        "uncovered": 4,
        "listed": 4,
        "uncovered_listed": None,
    }


def test_cases_coverage_refuses_cases_that_do_not_fit(capsys):
    code, out, err = run(
        capsys, "cases", "coverage", MINI, str(DATA / "cases" / "wrong_result.json")
    )
    assert code == 1 and out == ""
    assert "the cases do not fit the tree" in err
    assert "FP309" in err


def test_cases_coverage_bad_files_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "cases", "coverage", str(tmp_path / "none.json"), CHECKLIST_CASES)
    assert code == 2 and "none.json" in err
    code, _, err = run(capsys, "cases", "coverage", MINI, str(DATA / "cases" / "not_json.json"))
    assert code == 2 and "not_json.json" in err
