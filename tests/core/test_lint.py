"""lint_tree: one small bad tree per rule; exactly that rule fires, at the right path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.lint import (
    RESERVED_KEYS,
    RULES,
    Finding,
    LintReport,
    Severity,
    lint_tree,
)
from footpain_tui.core.tree.loader import build_tree, load_tree

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"
Tree_ = dict[str, Any]


def lint(data: Tree_) -> LintReport:
    return lint_tree(build_tree(data))  # as a file is loaded: control characters found too


def found(report: LintReport) -> list[tuple[str, str]]:
    return [(f.rule.id, f.path) for f in report.findings]


# -- one breakage per rule: (rule id, how to break mini.json, the paths expected) ---------------
def _unknown_next(t: Tree_) -> None:
    t["nodes"]["q_when"]["choices"].append({"label": "Never", "next": "nowhere"})


def _unknown_condition(t: Tree_) -> None:
    t["nodes"]["r_nerve"]["conditions"].append("gout")


def _cycle(t: Tree_) -> None:
    t["nodes"]["q_when"]["choices"].append({"label": "Start again", "next": "q_flag"})


def _duplicate_label(t: Tree_) -> None:
    t["nodes"]["q_when"]["choices"][1]["label"] = "after EXERCISE"  # case-insensitive


def _duplicate_shortcut(t: Tree_) -> None:
    t["nodes"]["q_when"]["choices"][2]["key"] = "x"


def _empty_result(t: Tree_) -> None:
    t["nodes"]["r_nerve"]["conditions"] = []
    t["nodes"]["r_overuse"]["conditions"].append("neuralgia")  # keep it used (no FP202)


def _no_red_flag(t: Tree_) -> None:
    t["nodes"]["q_flag"]["red_flag"] = False


def _unknown_source(t: Tree_) -> None:
    t["nodes"]["r_nerve"]["sources"] = [{"source": "textbook"}]


def _paragraph_past_end(t: Tree_) -> None:
    t["nodes"]["r_nerve"]["sources"] = [{"source": "article", "paragraphs": [3, 11]}]


def _condition_source(t: Tree_) -> None:
    t["conditions"]["arthrosis"]["sources"] = [{"source": "textbook"}]


def _no_source(t: Tree_) -> None:
    t["nodes"]["r_nerve"]["sources"] = []


def _control_characters(t: Tree_) -> None:
    t["nodes"]["q_flag"]["prompt"] = "Swollen?\x1b]0;owned\x07"
    t["nodes"]["q_when"]["choices"][0]["label"] = "After \u202eexercise"
    t["conditions"]["arthrosis"]["name"] = "Osteo\x9barthritis"


def _unreachable(t: Tree_) -> None:
    t["nodes"]["r_orphan"] = {**t["nodes"]["r_arthrosis"], "title": "Orphan"}


def _unused_condition(t: Tree_) -> None:
    t["conditions"]["gout"] = {"name": "Gout", "summary": "Uric acid crystals."}


def _reserved_shortcut(t: Tree_) -> None:
    t["nodes"]["q_when"]["choices"][2]["key"] = "q"


CASES: list[tuple[str, Callable[[Tree_], None], list[str]]] = [
    ("FP101", _unknown_next, ["nodes.q_when.choices[3].next"]),
    ("FP102", _unknown_condition, ["nodes.r_nerve.conditions[1]"]),
    ("FP103", _cycle, ["nodes.q_flag"]),
    ("FP104", _duplicate_label, ["nodes.q_when.choices[1].label"]),
    ("FP105", _duplicate_shortcut, ["nodes.q_when.choices[2].key"]),
    ("FP106", _empty_result, ["nodes.r_nerve.conditions"]),
    ("FP107", _no_red_flag, ["nodes.r_arthrosis", "nodes.r_overuse"]),
    ("FP108", _unknown_source, ["nodes.r_nerve.sources[0].source"]),
    ("FP108", _paragraph_past_end, ["nodes.r_nerve.sources[0].paragraphs"]),
    ("FP108", _condition_source, ["conditions.arthrosis.sources[0].source"]),
    ("FP109", _no_source, ["nodes.r_nerve.sources"]),
    (
        "FP113",
        _control_characters,
        [
            "nodes.q_flag.prompt",
            "nodes.q_when.choices[0].label",
            "conditions.arthrosis.name",
        ],
    ),
    ("FP201", _unreachable, ["nodes.r_orphan"]),
    ("FP202", _unused_condition, ["conditions.gout"]),
    ("FP203", _reserved_shortcut, ["nodes.q_when.choices[2].key"]),
]


@pytest.mark.parametrize(
    ("rule_id", "breakage", "paths"), CASES, ids=[f"{r}-{b.__name__[1:]}" for r, b, _ in CASES]
)
def test_each_rule_fires_alone_at_its_path(mini_dict, rule_id, breakage, paths):
    breakage(mini_dict)
    report = lint(mini_dict)
    assert found(report) == [(rule_id, p) for p in paths]
    errors = RULES[rule_id].severity is Severity.ERROR
    assert report.ok is not errors
    assert len(report.errors if errors else report.warnings) == len(paths)


def test_every_rule_has_a_bad_tree():
    assert {rule_id for rule_id, _, _ in CASES} == set(RULES)


def test_mini_tree_is_clean(mini_path):
    report = lint_tree(load_tree(mini_path))
    assert report.findings == []
    assert report.ok


# -- messages and details -----------------------------------------------------------------------
def test_messages_say_what_is_wrong(mini_dict):
    _unknown_next(mini_dict)
    _unknown_condition(mini_dict)
    _paragraph_past_end(mini_dict)
    messages = {f.path: f.message for f in lint(mini_dict).findings}
    assert messages == {
        "nodes.q_when.choices[3].next": "choice 'Never' leads to unknown node 'nowhere'",
        "nodes.r_nerve.conditions[1]": "unknown condition 'gout'",
        "nodes.r_nerve.sources[0].paragraphs": "paragraph 11 is past the end of 'article' (10)",
    }


def test_cycle_message_names_the_loop(mini_dict):
    _cycle(mini_dict)
    (finding,) = lint(mini_dict).findings
    assert finding.message == "cycle: q_flag -> q_when -> q_flag"


def test_a_self_loop_is_a_cycle(mini_dict):
    mini_dict["nodes"]["q_when"]["choices"].append({"label": "Ask again", "next": "q_when"})
    (finding,) = lint(mini_dict).findings
    assert (finding.rule.id, finding.path) == ("FP103", "nodes.q_when")
    assert finding.message == "cycle: q_when -> q_when"


def test_red_flag_first_message_shows_the_unsafe_path(mini_dict):
    _no_red_flag(mini_dict)
    messages = [f.message for f in lint(mini_dict).findings]
    assert messages[0].startswith(
        "routine result reachable with no red-flag question on the way: "
        "q_flag -> q_when -> r_arthrosis; "
    )
    assert "self_care result reachable" in messages[1]
    assert "q_flag -> q_when -> r_overuse" in messages[1]


def test_red_flag_later_on_every_path_is_enough(mini_dict):
    # The screen need not be the first question, only come before every reassuring result.
    mini_dict["nodes"]["q_flag"]["red_flag"] = False
    mini_dict["nodes"]["q_when"]["red_flag"] = True
    assert lint(mini_dict).findings == []


def test_red_flag_on_one_branch_does_not_cover_another(mini_dict):
    nodes = mini_dict["nodes"]
    nodes["q_flag"]["red_flag"] = False
    nodes["q_flag"]["choices"][0]["next"] = "q_when"  # both answers lead on...
    nodes["q_when"]["red_flag"] = True  # ...through a screen,
    nodes["q_when"]["choices"].append({"label": "Hard to say", "next": "q_side"})
    nodes["q_side"] = {
        "kind": "question",
        "prompt": "Which side?",
        "choices": [
            {"label": "Left", "next": "r_clot"},
            {"label": "Right", "next": "r_arthrosis"},
        ],
    }
    mini_dict["start"] = "q_pre"
    nodes["q_pre"] = {  # ...but a new first question can skip it.
        "kind": "question",
        "prompt": "Have you seen a doctor?",
        "choices": [
            {"label": "Yes", "next": "q_side"},
            {"label": "No", "next": "q_flag"},
        ],
    }
    report = lint(mini_dict)
    assert found(report) == [("FP107", "nodes.r_arthrosis")]
    assert "q_pre -> q_side -> r_arthrosis" in report.findings[0].message


def test_red_flag_findings_are_capped(mini_dict):
    nodes = mini_dict["nodes"]
    nodes["q_flag"]["red_flag"] = False
    # A chain of 30 questions, each with a routine result beside it.
    previous = "q_when"
    for i in range(30):
        nodes[f"r_extra{i}"] = {**nodes["r_arthrosis"], "title": f"Extra {i}"}
        nodes[f"q_extra{i}"] = {
            "kind": "question",
            "prompt": f"Question {i}?",
            "choices": [
                {"label": "Yes", "next": f"r_extra{i}"},
                {"label": "No", "next": "r_nerve"},
            ],
        }
        nodes[previous]["choices"].append({"label": f"Extra {i}", "next": f"q_extra{i}"})
        previous = f"q_extra{i}"
    nodes["q_when"]["choices"] = nodes["q_when"]["choices"][:9]
    report = lint(mini_dict)
    rule_ids = {f.rule.id for f in report.findings}
    assert rule_ids == {"FP107"}
    assert len(report.findings) == 20


def test_unknown_start_is_reported_and_everything_is_unreachable(mini_dict):
    mini_dict["start"] = "q_missing"
    report = lint(mini_dict)
    assert found(report) == [("FP101", "start")] + [
        ("FP201", f"nodes.{n}") for n in mini_dict["nodes"]
    ]
    assert report.errors[0].message == "start node 'q_missing' does not exist"


def test_findings_come_in_rule_order(mini_dict):
    _reserved_shortcut(mini_dict)
    _unused_condition(mini_dict)
    _unknown_next(mini_dict)
    _no_source(mini_dict)
    assert [f.rule.id for f in lint(mini_dict).findings] == ["FP101", "FP109", "FP202", "FP203"]


def test_reserved_keys_are_the_explorers():
    assert set("bqrmet") == RESERVED_KEYS


def test_warnings_alone_leave_the_tree_ok(mini_dict):
    _unused_condition(mini_dict)
    report = lint(mini_dict)
    assert report.ok and report.errors == [] and len(report.warnings) == 1


def test_finding_as_dict_and_str():
    finding = Finding(RULES["FP106"], "nodes.x.conditions", "result lists no condition")
    assert finding.as_dict() == {
        "rule": "FP106",
        "name": "empty-result",
        "path": "nodes.x.conditions",
        "message": "result lists no condition",
    }
    assert str(finding) == (
        "error FP106 empty-result at nodes.x.conditions: result lists no condition"
    )


def test_rule_ids_say_their_severity():
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        expected = Severity.ERROR if rule_id.startswith("FP1") else Severity.WARNING
        assert rule.severity is expected, rule_id


def test_lint_accepts_a_shared_index(mini_path):
    tree = load_tree(mini_path)
    index = TreeIndex(tree)
    assert lint_tree(tree, index).findings == []
    assert "cycle" in index.__dict__  # the linter filled the shared index's cache


# -- the same checks through files in tests/data/bad --------------------------------------------
def test_bad_tree_files(tmp_path):
    report = lint_tree(load_tree(BAD / "no_red_flag.json"))
    assert found(report) == [("FP107", "nodes.r_rest")]
    report = lint_tree(load_tree(BAD / "cycle.json"))
    assert found(report) == [("FP103", "nodes.q_one")]
    assert report.findings[0].message == "cycle: q_one -> q_two -> q_one"
    json.loads((BAD / "cycle.json").read_text())  # a plain, loadable file
