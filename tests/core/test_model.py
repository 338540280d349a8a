"""The runtime tree: frozen dataclasses, built from checked data, back to plain data."""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest
from pydantic import ValidationError

from footpain_tui.core.tree.model import (
    Choice,
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
