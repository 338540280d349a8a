"""lint_tree: one small bad tree per rule; exactly that rule fires, at the right path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.lint import (
    RULES,
    Finding,
    LintReport,
    Severity,
    lint_tree,
)
from footpain_tui.core.tree.loader import build_tree, load_tree

DATA = Path(__file__).resolve().parent.parent / "data"
BAD = DATA / "bad"
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


NICE_NG19 = {
    "id": "nice_ng19",
    "kind": "guideline",
    "publisher": "NICE",
    "reference": "NICE NG19",
    "title": "Diabetic foot problems",
    "year": 2015,
    "url": "https://www.nice.org.uk/guidance/ng19",
}


def _incomplete_guideline(t: Tree_) -> None:
    t["meta"]["sources"].append({"id": "nice", "kind": "guideline", "title": "Some guideline"})


def _guideline_without_section(t: Tree_) -> None:
    t["meta"]["sources"].append(NICE_NG19)
    t["nodes"]["r_nerve"]["sources"].append({"source": "nice_ng19"})


def _checklist_without_none(t: Tree_) -> None:
    t["nodes"]["q_when"]["kind"] = "checklist"


def _warning_sign_to_reassurance(t: Tree_) -> None:
    del t["nodes"]["q_flag"]["choices"][1]["negative"]  # "No" now reports a warning sign


def _boilerplate(t: Tree_) -> None:
    for result in ("r_nerve", "r_arthrosis"):
        t["nodes"][result]["next_steps"] = ["Book a visit. See a doctor today."]


def _no_catch_all(t: Tree_) -> None:
    del t["nodes"]["q_when"]["exhaustive"]


def _unknown_discriminator_condition(t: Tree_) -> None:
    t["nodes"]["r_nerve"]["discriminators"] = [
        {"condition": "neuralgia", "versus": "gout", "text": "Gout stays in one joint."}
    ]


def _unknown_discriminator_source(t: Tree_) -> None:
    t["nodes"]["r_nerve"]["discriminators"] = [
        {
            "condition": "neuralgia",
            "versus": "arthrosis",
            "text": "Night pain, not morning stiffness.",
            "sources": [{"source": "nice_cg1", "section": "1.1"}],
        }
    ]


def _contradicts(question: str, choice: str, at: str = "q_when", index: int = 1):
    """A ``contradicts`` naming (question, choice) on ``at``'s choice ``index``; on q_when it
    follows a sound one (q_flag comes before q_when), which must not fire."""

    def breakage(t: Tree_) -> None:
        sound = [{"question": "q_flag", "choice": "No"}] if at == "q_when" else []
        bad = {"question": question, "choice": choice}
        t["nodes"][at]["choices"][index]["contradicts"] = [*sound, bad]

    breakage.__name__ = f"_contradicts_{question}_{choice.replace(' ', '_')}"
    return breakage


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
    ("FP110", _incomplete_guideline, ["meta.sources[2]"]),
    ("FP111", _guideline_without_section, ["nodes.r_nerve.sources[1]"]),
    ("FP112", _checklist_without_none, ["nodes.q_when.choices"]),
    (
        "FP113",
        _control_characters,
        [
            "nodes.q_flag.prompt",
            "nodes.q_when.choices[0].label",
            "conditions.arthrosis.name",
        ],
    ),
    ("FP114", _warning_sign_to_reassurance, ["nodes.r_arthrosis", "nodes.r_overuse"]),
    ("FP115", _contradicts("q_nowhere", "No"), ["nodes.q_when.choices[1].contradicts[1]"]),
    ("FP115", _contradicts("r_clot", "No"), ["nodes.q_when.choices[1].contradicts[1]"]),
    ("FP115", _contradicts("q_flag", "Maybe"), ["nodes.q_when.choices[1].contradicts[1]"]),
    (
        "FP115",
        _contradicts("q_when", "At night", at="q_flag", index=0),
        ["nodes.q_flag.choices[0].contradicts[0]"],
    ),
    ("FP201", _unreachable, ["nodes.r_orphan"]),
    ("FP202", _unused_condition, ["conditions.gout"]),
    ("FP203", _reserved_shortcut, ["nodes.q_when.choices[2].key"]),
    ("FP204", _boilerplate, ["nodes.r_clot.next_steps[0]"]),
    ("FP205", _no_catch_all, ["nodes.q_when.choices"]),
    ("FP102", _unknown_discriminator_condition, ["nodes.r_nerve.discriminators[0].versus"]),
    ("FP108", _unknown_discriminator_source, ["nodes.r_nerve.discriminators[0].sources[0].source"]),
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
    for choice in mini_dict["nodes"]["q_when"]["choices"]:  # and the answers that lead to
        choice["negative"] = choice["next"] != "r_nerve"  # reassurance report no sign (FP114)
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
    # (q_when, now a red-flag screen, has no negative answer: FP114 has tests of its own.)
    red_flag_first = [f for f in report.findings if f.rule.id == "FP107"]
    assert [(f.rule.id, f.path) for f in red_flag_first] == [("FP107", "nodes.r_arthrosis")]
    assert "q_pre -> q_side -> r_arthrosis" in red_flag_first[0].message


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
    assert {f.rule.id for f in report.errors} == {"FP107"}
    assert len(report.errors) == 20
    # The 30 copies of one result are boilerplate, and each extra question has three
    # choices and no catch-all: warnings only.
    assert {f.rule.id for f in report.warnings} == {"FP204", "FP205"}


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


# -- the second edition's rules ------------------------------------------------------------------
BAD_FILES = [
    ("incomplete_guideline.json", [("FP110", "meta.sources[1]")]),
    ("guideline_without_section.json", [("FP111", "nodes.r_wound.sources[0]")]),
    ("checklist_none.json", [("FP112", "nodes.q_signs.choices")]),
    ("warning_sign_to_reassurance.json", [("FP114", "nodes.r_rest")]),
    (
        "boilerplate.json",
        [("FP204", "nodes.r_fever.seek_help[0]"), ("FP204", "nodes.r_fever.seek_help[0]")],
    ),
    ("no_catch_all.json", [("FP205", "nodes.q_when.choices")]),
]


@pytest.mark.parametrize(("name", "expected"), BAD_FILES, ids=[n for n, _ in BAD_FILES])
def test_new_rules_on_their_bad_tree_files(name, expected):
    assert found(lint_tree(load_tree(BAD / name))) == expected


def test_incomplete_guideline_names_what_is_missing():
    (finding,) = lint_tree(load_tree(BAD / "incomplete_guideline.json")).findings
    assert finding.message.startswith("guideline 'nice_ng19' has no reference or url; ")


def test_a_section_is_needed_wherever_a_guideline_is_cited(mini_dict):
    mini_dict["meta"]["sources"].append(NICE_NG19)
    mini_dict["conditions"]["neuralgia"]["sources"] = [{"source": "nice_ng19"}]
    mini_dict["nodes"]["r_nerve"]["discriminators"] = [
        {
            "condition": "neuralgia",
            "versus": "arthrosis",
            "text": "Night pain, not morning stiffness.",
            "sources": [{"source": "nice_ng19"}, {"source": "nice_ng19", "section": "1.1.2"}],
        }
    ]
    assert found(lint(mini_dict)) == [
        ("FP111", "nodes.r_nerve.discriminators[0].sources[0]"),
        ("FP111", "conditions.neuralgia.sources[0]"),
    ]


def test_checklist_without_any_negative_choice(mini_dict):
    _checklist_without_none(mini_dict)
    (finding,) = lint(mini_dict).findings
    assert finding.message.startswith("a checklist needs exactly one negative choice, found 0")


def test_warning_sign_on_a_checklist_names_the_ticked_choice():
    (finding,) = lint_tree(load_tree(BAD / "warning_sign_to_reassurance.json")).findings
    assert finding.message == (
        "self_care result reached after a warning sign: q_signs ('A wound on the foot')"
        " -> q_wound -> r_rest; raise its urgency to soon or more, or lead the warning sign"
        " elsewhere"
    )


def test_a_clean_checklist_tree_lints_clean():
    assert lint_tree(load_tree(DATA / "checklist.json")).findings == []


def test_the_negative_answer_may_lead_to_reassurance_and_a_later_screen_counts_too(mini_dict):
    # q_flag's "No" reports no sign, so r_overuse (self-care) is fine below it; a later
    # red-flag question's positive answer must not lead to reassurance.
    mini_dict["nodes"]["q_when"]["red_flag"] = True
    mini_dict["nodes"]["q_when"]["choices"][0]["negative"] = True
    report = lint(mini_dict)
    assert found(report) == [("FP114", "nodes.r_arthrosis")]
    assert report.findings[0].message.startswith(
        "routine result reached after a warning sign: q_flag -> q_when ('In the morning')"
        " -> r_arthrosis; "
    )


def test_warning_signs_on_a_graph_with_exponentially_many_paths(mini_dict, add_ladder):
    """FP114 visits each node once: a ladder of 60 two-way questions (2**60 paths) lints."""
    nodes = mini_dict["nodes"]
    nodes["q_flag"]["choices"].append(
        {"label": "Not sure", "next": add_ladder(nodes, 60, "r_arthrosis")}
    )
    report = lint(mini_dict)
    assert found(report) == [("FP114", "nodes.r_arthrosis")]
    assert report.errors[0].message.startswith(
        "routine result reached after a warning sign: q_flag ('Not sure') -> q_step0 -> q_step1"
    )


def test_boilerplate_counts_results_not_repeats_within_one(mini_dict):
    nodes = mini_dict["nodes"]
    nodes["r_nerve"]["next_steps"] = ["See a doctor today.", "Then rest. See a doctor today."]
    assert lint(mini_dict).findings == []  # two results only: r_clot and r_nerve
    nodes["r_arthrosis"]["seek_help"] = ["Worse at night. See a doctor today."]
    (finding,) = lint(mini_dict).findings
    assert (finding.rule.id, finding.path) == ("FP204", "nodes.r_clot.next_steps[0]")
    assert finding.message == (
        "'See a doctor today.' is repeated verbatim in 3 results (r_clot, r_nerve,"
        " r_arthrosis); say what is specific to each result instead"
    )


@pytest.mark.parametrize(
    ("label", "negative", "exhaustive", "warned"),
    [
        ("None of these", False, False, False),
        ("Not sure", False, False, False),
        ("Something else", False, False, False),
        ("Other", False, False, False),
        ("Other toes", False, False, False),
        ("Don't know", False, False, False),
        ("Another disease", False, False, False),
        ("No", True, False, False),  # a negative choice is a catch-all
        ("Otherwise healthy", False, False, True),  # a word that starts like one is not
        ("In the evening", False, False, True),
        ("In the evening", False, True, False),  # exhaustive: no catch-all needed
    ],
)
def test_what_counts_as_a_catch_all(mini_dict, label, negative, exhaustive, warned):
    question = mini_dict["nodes"]["q_when"]
    question["exhaustive"] = exhaustive
    question["choices"].append({"label": label, "next": "r_nerve", "negative": negative})
    assert found(lint(mini_dict)) == ([("FP205", "nodes.q_when.choices")] if warned else [])


def test_two_choices_need_no_catch_all(mini_dict):
    del mini_dict["nodes"]["q_when"]["exhaustive"]
    mini_dict["nodes"]["q_when"]["choices"].pop()
    assert found(lint(mini_dict)) == [("FP201", "nodes.r_arthrosis")]  # left out, no FP205


def test_errors_only_leaves_out_every_warning(mini_dict):
    _boilerplate(mini_dict)
    _no_catch_all(mini_dict)
    _unreachable(mini_dict)
    _no_source(mini_dict)
    tree = build_tree(mini_dict)
    assert {f.rule.id for f in lint_tree(tree).findings} == {"FP109", "FP201", "FP204", "FP205"}
    report = lint_tree(tree, warnings=False)
    assert found(report) == [("FP109", "nodes.r_nerve.sources")]
