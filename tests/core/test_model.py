"""The runtime tree: frozen dataclasses, built from checked data, back to plain data."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from footpain_tui.core.tree.model import (
    Choice,
    Discriminator,
    Question,
    Result,
    SourceRef,
    Urgency,
    node_from_data,
    to_data,
    tree_from_data,
)
from footpain_tui.core.tree.schema import validate_tree


def test_the_fast_builders_make_what_the_constructors_make(mini_dict):
    built = node_from_data(mini_dict["nodes"]["q_flag"])
    assert built == Question(
        prompt="Is the foot swollen, heavy and warm?",
        why="A clot must be ruled out first.",
        red_flag=True,
        choices=(
            Choice(label="Yes", key="y", next="r_clot"),
            Choice(label="No", key="n", next="q_when", negative=True),
        ),
    )
    assert node_from_data(mini_dict["nodes"]["r_clot"]) == Result(
        title="Suspected thrombosis",
        urgency=Urgency.URGENT,
        conditions=("thrombosis",),
        explanation="Swelling, heaviness and warmth suggest a clot.",
        next_steps=("See a doctor today.",),
        seek_help=("Chest pain or breathlessness: call emergency services.",),
        sources=(SourceRef(source="article", paragraphs=(2,)), SourceRef(source="general")),
    )


def test_the_tree_is_frozen(mini_dict):
    tree = tree_from_data(mini_dict)
    with pytest.raises(dataclasses.FrozenInstanceError):
        tree.start = "q_when"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        tree.nodes["q_flag"].prompt = "?"  # type: ignore[misc]
    assert isinstance(tree.nodes["q_when"].choices, tuple)
    assert hash(tree.nodes["q_when"]) == hash(tree_from_data(mini_dict).nodes["q_when"])


def test_to_data_is_json_ready_with_every_field(mini_dict):
    data = to_data(tree_from_data(mini_dict).nodes["r_clot"])
    assert json.loads(json.dumps(data)) == data
    assert data == {
        "kind": "result",
        "title": "Suspected thrombosis",
        "urgency": "urgent",
        "conditions": ["thrombosis"],
        "explanation": "Swelling, heaviness and warmth suggest a clot.",
        "discriminators": [],
        "pitfalls": [],
        "examination": [],
        "investigations": [],
        "next_steps": ["See a doctor today."],
        "treatment": [],
        "self_care": [],
        "seek_help": ["Chest pain or breathlessness: call emergency services."],
        "sources": [
            {"source": "article", "paragraphs": [2], "section": None},
            {"source": "general", "paragraphs": [], "section": None},
        ],
    }


def test_validate_tree_validates_and_leaves_its_input_alone(mini_dict):
    before = copy.deepcopy(mini_dict)
    assert validate_tree(mini_dict) == tree_from_data(before)
    assert mini_dict == before
    del mini_dict["start"]
    with pytest.raises(ValidationError):
        validate_tree(mini_dict)


CHECKLIST = Path(__file__).resolve().parent.parent / "data" / "checklist.json"


def test_both_builders_make_the_same_second_edition_tree():
    """A v2 file (checklist, findings, guidelines, teaching fields) built straight from its
    JSON (a cache hit) equals the tree validation builds (a miss)."""
    data = json.loads(CHECKLIST.read_text(encoding="utf-8"))
    fast = tree_from_data(copy.deepcopy(data))
    assert validate_tree(data) == fast
    signs = fast.nodes["q_signs"]
    assert isinstance(signs, Question) and signs.multiple and signs.kind == "checklist"
    assert signs.choices[3] == Choice(
        label="None of these", key="n", next="q_when", finding=None, negative=True
    )
    assert signs.choices[0].finding == "a hot, swollen joint"
    hot = fast.nodes["r_hot_joint"]
    assert hot.discriminators == (
        Discriminator(
            condition="septic_arthritis",
            versus="gout",
            text="Fever and a first attack point to infection; crystals in the aspirate to gout.",
            sources=(SourceRef(source="article", paragraphs=(15, 16)),),
        ),
    )
    assert hot.pitfalls == ("Do not call it gout before infection is excluded.",)
    assert fast.nodes["r_cellulitis"].sources[1] == SourceRef(source="nice_ng19", section="1.3.1")
    nice = fast.meta.sources[1]
    assert (nice.kind, nice.publisher, nice.reference, nice.year) == (
        "guideline",
        "NICE",
        "NICE NG19",
        2015,
    )
    assert fast.conditions["septic_arthritis"].red_flags == ("Fever and rigors.",)


def test_new_text_fields_are_stripped_alike_by_both_builders(mini_dict):
    mini_dict["nodes"]["q_flag"]["choices"][0]["finding"] = "  swollen foot\n"
    mini_dict["nodes"]["r_nerve"]["pitfalls"] = ["\u3000Not a clot?  "]
    mini_dict["nodes"]["r_nerve"]["sources"][0]["section"] = " 1.2 "
    fast = tree_from_data(copy.deepcopy(mini_dict))
    assert validate_tree(mini_dict) == fast
    assert fast.nodes["q_flag"].choices[0].finding == "swollen foot"
    assert fast.nodes["r_nerve"].pitfalls == ("Not a clot?",)
    assert fast.nodes["r_nerve"].sources[0].section == "1.2"


def test_a_warning_sign_is_any_answer_of_a_red_flag_question_but_its_negative(mini_dict):
    tree = tree_from_data(mini_dict)
    flag, when = tree.nodes["q_flag"], tree.nodes["q_when"]
    assert [flag.is_warning_sign(i) for i in range(2)] == [True, False]
    assert not any(when.is_warning_sign(i) for i in range(3))  # not a red-flag question
