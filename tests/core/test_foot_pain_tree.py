"""The bundled foot-pain tree and its training cases: clean, complete and consistent."""

from __future__ import annotations

import json

import pytest

from footpain_tui.core.tree.bundled import default_cases_path, default_tree_path
from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.lint import lint_tree
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.model import Question, Result, Tree, Urgency
from footpain_tui.core.tree.walk import WalkSession

# Every condition the source article names, by the ids the tree must use.
ARTICLE_CONDITIONS = (
    "overuse",
    "stress_fracture",
    "tendinitis",
    "foot_misalignment",
    "soft_tissue_injury",
    "big_toe_fracture",
    "hallux_valgus",
    "gout_arthritis",
    "hammer_toe",
    "claw_toe",
    "osteoarthritis",
    "neuralgia",
    "anterior_tarsal_tunnel",
    "diabetic_neuropathy",
    "thrombosis",
    "circulatory_disorder",
    "skin_disorder",
    "wrong_footwear",
    "rheumatism",
    "tumour",
    "weak_foot_muscles",
    "obesity",
)


@pytest.fixture(scope="module")
def tree() -> Tree:
    return load_tree(default_tree_path())


@pytest.fixture(scope="module")
def index(tree: Tree) -> TreeIndex:
    return TreeIndex(tree)


@pytest.fixture(scope="module")
def cases_doc() -> dict:
    return json.loads(default_cases_path().read_text(encoding="utf-8"))


def _results(tree: Tree) -> dict[str, Result]:
    return {nid: n for nid, n in tree.nodes.items() if isinstance(n, Result)}


def _questions(tree: Tree) -> dict[str, Question]:
    return {nid: n for nid, n in tree.nodes.items() if isinstance(n, Question)}


def test_meta(tree: Tree) -> None:
    assert tree.meta.id == "foot_pain_dorsum"
    assert tree.meta.version == "1.1.0"
    sources = {s.id: s for s in tree.meta.sources}
    assert sources["article"].kind == "article"
    assert sources["article"].paragraphs == 31
    assert sources["general"].kind == "general"


# The first edition predates the boilerplate and catch-all rules (FP204, FP205): what they
# find here is exactly what the clinical review found, and the second edition, written to
# the new rules, replaces this tree. Warnings do not stop a walk; errors would.
KNOWN_WARNINGS = [
    ("FP204", "nodes.r_thrombosis.next_steps[2]"),  # one examination sentence in 18 results
    ("FP204", "nodes.r_fever_inflammation.next_steps[3]"),
    ("FP204", "nodes.r_fever_inflammation.seek_help[0]"),
    ("FP204", "nodes.r_diabetic_neuropathy.treatment[1]"),  # one treatment list in 8
    ("FP204", "nodes.r_diabetic_neuropathy.treatment[3]"),
    ("FP204", "nodes.r_rheumatic_disease.treatment[2]"),
    ("FP204", "nodes.r_persistent_unexplained.treatment[2]"),
    ("FP204", "nodes.r_hallux_valgus.next_steps[2]"),
    ("FP205", "nodes.q_location.choices"),  # a place mixed with "skin changes", no way out
    ("FP205", "nodes.q_nerve.choices"),
    ("FP205", "nodes.q_footwear.choices"),
]


def test_lints_without_errors_and_with_only_the_known_warnings(
    tree: Tree, index: TreeIndex
) -> None:
    report = lint_tree(tree, index)
    assert [str(f) for f in report.errors] == []
    assert [(f.rule.id, f.path) for f in report.warnings] == KNOWN_WARNINGS


def test_warning_signs_never_end_in_reassurance(tree: Tree) -> None:
    # The negative answers of the red-flag screens are marked, so FP114 can tell a warning
    # sign from its absence; the results a sign could reach were raised to "soon".
    negatives = {
        (nid, c.label) for nid, q in _questions(tree).items() for c in q.choices if c.negative
    }
    assert negatives == {
        ("q_thrombosis", "No"),
        ("q_embolism", "No"),
        ("q_warning_signs", "None of these"),
    }
    for result_id in ("r_skin", "r_startup_pain", "r_nerve_pain", "r_toe_deformity"):
        assert tree.result(result_id).urgency is Urgency.SOON
    assert tree.result("r_hallux_valgus").urgency is Urgency.SOON


def test_every_result_is_reachable(tree: Tree, index: TreeIndex) -> None:
    reachable = set(index.reachable)
    assert set(_results(tree)) <= reachable
    assert set(tree.nodes) == reachable


def test_every_article_condition_is_used(tree: Tree) -> None:
    used = {cid for result in _results(tree).values() for cid in result.conditions}
    missing = [cid for cid in ARTICLE_CONDITIONS if cid not in used]
    assert missing == []


def test_red_flag_screens_come_first(tree: Tree) -> None:
    start = tree.question(tree.start)
    assert start.red_flag
    assert "q_warning_signs" in [c.next for c in start.choices]
    assert tree.question("q_warning_signs").red_flag


def test_authoring_conventions(tree: Tree) -> None:
    for nid, question in _questions(tree).items():
        assert question.why, f"{nid} has no 'why'"
        assert 2 <= len(question.choices) <= 9
        for choice in question.choices:
            assert len(choice.label) <= 50, f"{nid}: label {choice.label!r} is long"
            assert choice.key is not None, f"{nid}: {choice.label!r} has no shortcut"
    for nid, result in _results(tree).items():
        cited = {ref.source for ref in result.sources}
        assert "article" in cited, f"{nid} cites no article paragraph"
        assert result.next_steps or result.self_care, f"{nid} gives no next step"
    for cid, condition in tree.conditions.items():
        assert any(ref.source == "article" and ref.paragraphs for ref in condition.sources), cid


def test_urgency_spread(tree: Tree) -> None:
    urgencies = {r.urgency for r in _results(tree).values()}
    assert urgencies == set(Urgency)


def test_cases_file_targets_this_tree(tree: Tree, cases_doc: dict) -> None:
    assert cases_doc["tree"] == tree.meta.id
    ids = [case["id"] for case in cases_doc["cases"]]
    assert len(ids) == len(set(ids)), "case ids repeat"


def test_every_case_walks_to_its_expected_result(tree: Tree, cases_doc: dict) -> None:
    for case in cases_doc["cases"]:
        session = WalkSession(tree)
        for answer in case["answers"]:
            assert session.current_id == answer["question"], case["id"]
            session.answer_text(answer["answer"])
        assert session.finished, case["id"]
        assert session.current_id == case["expected_result"], case["id"]


def test_cases_cover_every_result(tree: Tree, cases_doc: dict) -> None:
    cases = cases_doc["cases"]
    assert len(cases) >= 15
    covered = {case["expected_result"] for case in cases}
    assert covered == set(_results(tree))
