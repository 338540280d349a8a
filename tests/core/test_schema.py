"""trees/schema.json is exactly what the models generate."""

from __future__ import annotations

import json

from footpain_tui.core.tree.bundled import trees_dir
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.schema import tree_json_schema

SCHEMA = trees_dir() / "schema.json"
REGENERATE = "run `footpain-tui schema` (or `make schema`) and commit trees/schema.json"


def test_schema_file_matches_the_models():
    expected = json.dumps(tree_json_schema(), indent=2) + "\n"
    current = SCHEMA.read_text(encoding="utf-8")
    assert json.loads(current) == json.loads(expected), f"{SCHEMA} is stale: {REGENERATE}"
    assert current == expected, f"{SCHEMA} differs in formatting: {REGENERATE}"


def test_schema_describes_the_tree_format():
    schema = tree_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "footpain-tui decision tree"
    assert set(schema["required"]) == {"meta", "start", "nodes"}
    assert schema["additionalProperties"] is False
    assert {
        "Question",
        "Checklist",
        "Result",
        "Choice",
        "Condition",
        "Discriminator",
        "Source",
        "SourceRef",
        "Urgency",
    } <= set(schema["$defs"])
    nodes = schema["properties"]["nodes"]["patternProperties"]["^[a-z][a-z0-9_]{0,63}$"]
    assert nodes["discriminator"]["mapping"] == {
        "question": "#/$defs/Question",
        "checklist": "#/$defs/Checklist",
        "result": "#/$defs/Result",
    }
    defs = schema["$defs"]
    assert defs["Source"]["properties"]["kind"]["enum"] == [
        "article",
        "guideline",
        "review",
        "general",
    ]
    assert {"finding", "negative", "urgency_floor"} <= set(defs["Choice"]["properties"])
    floor = defs["Choice"]["properties"]["urgency_floor"]
    assert floor["anyOf"] == [{"$ref": "#/$defs/Urgency"}, {"type": "null"}]
    assert "section" in defs["SourceRef"]["properties"]
    assert {"discriminators", "pitfalls", "examination", "investigations"} <= set(
        defs["Result"]["properties"]
    )
    assert {"history", "examination", "red_flags"} <= set(defs["Condition"]["properties"])
    assert schema["$defs"]["Urgency"]["enum"] == [
        "emergency",
        "urgent",
        "soon",
        "routine",
        "self_care",
    ]


def test_mini_tree_points_at_the_schema(mini_path):
    # Editors resolve "$schema" relative to the file; the loader accepts the key.
    assert load_tree(mini_path).schema_ == "../../trees/schema.json"
    assert (mini_path.parent / "../../trees/schema.json").resolve() == SCHEMA.resolve()
