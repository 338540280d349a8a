"""What a walk reported (walk_findings) and source references in words (citations)."""

from __future__ import annotations

from pathlib import Path

import pytest

from footpain_tui.core.tree.citations import cite, cite_all, paragraph_ranges, source_name
from footpain_tui.core.tree.findings import (
    choice_finding,
    findings_reported,
    walk_findings,
)
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.model import Source, SourceRef
from footpain_tui.core.tree.walk import WalkSession

CHECKLIST = Path(__file__).resolve().parent.parent / "data" / "checklist.json"


@pytest.fixture
def session() -> WalkSession:
    return WalkSession(load_tree(CHECKLIST))


def test_findings_of_a_checklist_step(session):
    session.answer_text("fever,spreading")
    (step,) = walk_findings(session)
    assert step.node_id == "q_signs"
    assert [c.label for c in step.choices] == ["Fever", "Spreading redness, warmth or swelling"]
    assert step.findings == ("fever", "spreading redness")
    assert step.warning_sign
    assert step.summary() == "fever, spreading redness"
    assert findings_reported([step]) == ("fever", "spreading redness")


def test_none_of_these_is_no_warning_sign_and_a_label_stands_in_for_a_missing_finding(session):
    session.answer_text("none")
    session.answer_text("not sure")
    first, second = walk_findings(session)
    assert not first.warning_sign and first.findings == ("None of these",)
    assert not first.has_findings
    assert first.summary() == "Tick every sign the patient has now. -> None of these"
    assert second.findings == ("Not sure",) and not second.warning_sign
    assert findings_reported([first, second]) == ()


def test_one_answer_steps_and_their_findings(session):
    session.answer_text("n")
    session.answer_text("x")
    steps = walk_findings(session)
    assert [s.summary() for s in steps][1] == "pain after exercise"
    assert choice_finding(steps[1].choices[0]) == "pain after exercise"


def test_warning_signs_are_listed_once_in_walk_order(session):
    session.answer_text("j,f")
    steps = walk_findings(session)
    assert findings_reported(steps + steps) == ("a hot, swollen joint", "fever")


def test_a_walk_with_no_answers_has_no_findings(session):
    assert walk_findings(session) == []


# -- citations ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("paragraphs", "text"),
    [([15, 16], "15-16"), ([3, 5, 6, 7], "3, 5-7"), ([9], "9"), ([2, 2, 1], "1-2"), ([], "")],
)
def test_paragraph_ranges(paragraphs, text):
    assert paragraph_ranges(paragraphs) == text


def test_citations_in_words():
    sources = load_tree(CHECKLIST).meta.sources
    assert cite(SourceRef(source="article", paragraphs=(15, 16)), sources) == "article ¶15-16"
    assert cite(SourceRef(source="nice_ng19", section="1.3.1"), sources) == (
        "NICE NG19, section 1.3.1"
    )
    assert cite(SourceRef(source="cks_cellulitis", section="Diagnosis"), sources) == (
        "NICE CKS: Cellulitis - acute, Diagnosis"
    )
    assert cite(SourceRef(source="general"), sources) == "General safety advice"
    assert cite(SourceRef(source="article"), sources) == "article"
    assert cite(SourceRef(source="missing", paragraphs=(2,)), sources) == "missing ¶2"
    assert (
        cite_all(
            [
                SourceRef(source="article", paragraphs=(3,)),
                SourceRef(source="nice_ng19", section="1.1"),
            ],
            sources,
        )
        == "article ¶3; NICE NG19, section 1.1"
    )


def test_several_articles_are_told_apart_by_title():
    one = Source(id="a", title="Heel pain", kind="article", paragraphs=9)
    two = Source(id="b", title="Foot pain", kind="article", paragraphs=9)
    assert source_name(one, [one]) == "article"
    assert source_name(one, [one, two]) == "Heel pain"
    guideline = Source(id="g", title="Gout", kind="guideline")
    assert source_name(guideline) == "Gout"  # no reference: the title
