"""load_tree: a validated Tree, or one TreeLoadError listing every problem with its place."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from footpain_tui.core.tree import loader
from footpain_tui.core.tree.loader import Problem, TreeLoadError, load_tree, read_json_file
from footpain_tui.core.tree.model import Question, Result, Tree

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"


def load_problems(path) -> list[Problem]:
    with pytest.raises(TreeLoadError) as info:
        load_tree(path)
    problems = info.value.problems
    assert problems, "a TreeLoadError must carry at least one problem"
    for p in problems:
        assert p.file == str(path)
        assert p.message and p.hint
    return problems


def only_problem(path) -> Problem:
    problems = load_problems(path)
    assert len(problems) == 1, problems
    return problems[0]


# -- good files ---------------------------------------------------------------------------------
def test_mini_tree_loads(mini_path):
    tree = load_tree(mini_path)
    assert isinstance(tree, Tree)
    assert tree.start == "q_flag"
    assert list(tree.nodes) == [
        "q_flag",
        "q_when",
        "r_clot",
        "r_overuse",
        "r_nerve",
        "r_arthrosis",
    ]
    assert isinstance(tree.nodes["q_flag"], Question) and tree.nodes["q_flag"].red_flag
    assert isinstance(tree.nodes["r_clot"], Result)
    assert tree.nodes["r_clot"].urgency.value == "urgent"
    assert tree.schema_ == "../../trees/schema.json"


def test_byte_order_mark_and_surrounding_whitespace_are_accepted(mini_path, write_json):
    text = mini_path.read_text(encoding="utf-8")
    path = write_json(b"\xef\xbb\xbf\n\n" + text.encode() + b"\n\n")
    assert load_tree(path).meta.id == "mini"


def test_text_is_stripped_as_the_model_says(mini_dict, write_json):
    mini_dict["nodes"]["q_when"]["prompt"] = "   When does it hurt?  \n"
    assert load_tree(write_json(mini_dict)).nodes["q_when"].prompt == "When does it hurt?"


def test_read_json_file_returns_plain_data(mini_path):
    data = read_json_file(mini_path)
    assert data["start"] == "q_flag"
    assert data["nodes"]["q_when"]["choices"][2] == {
        "label": "In the morning",
        "next": "r_arthrosis",
    }


# -- the file itself ----------------------------------------------------------------------------
def test_missing_file(tmp_path):
    path = tmp_path / "nope.json"
    problem = only_problem(path)
    assert (problem.location, problem.message) == ("", "no such file")
    assert "spelling" in problem.hint


def test_directory(tmp_path):
    problem = only_problem(tmp_path)
    assert problem.message == "is a directory, not a JSON file"
    assert problem.hint == "give the path of a tree file inside it"


def test_path_with_a_nul_byte_is_reported_not_raised():
    problem = only_problem("bad\x00name.json")
    assert problem.message.startswith("is not a usable path")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without read permission")
def test_unreadable_file(write_json):
    path = write_json("{}")
    path.chmod(0)
    try:
        assert only_problem(path).message == "permission denied"
    finally:
        path.chmod(0o644)


def test_file_over_the_size_limit(write_json, monkeypatch):
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 10)
    problem = only_problem(write_json("{" + " " * 20 + "}"))
    assert "the limit is" in problem.message
    assert problem.location == ""


@pytest.mark.parametrize(
    "content", [b"", b"  \n\t\n", b"\xef\xbb\xbf"], ids=["empty", "blank", "bom"]
)
def test_empty_file(write_json, content):
    problem = only_problem(write_json(content))
    assert (problem.location, problem.message) == ("", "is empty")
    assert "schema.json" in problem.hint


def test_not_utf8_points_at_the_byte():
    path = BAD / "latin1.json"
    problem = only_problem(path)
    assert problem.location == "2:25"
    assert problem.message == "is not UTF-8 text (byte 0xe9 at offset 26)"
    assert problem.hint == "save the file as UTF-8"


# -- JSON syntax --------------------------------------------------------------------------------
def test_syntax_error_has_line_and_column():
    problem = only_problem(BAD / "syntax_error.json")
    assert problem.location == "5:5"
    assert problem.message == "invalid JSON: Expecting ',' delimiter"
    assert "comma" in problem.hint


def test_truncated_file(mini_path, write_json):
    text = mini_path.read_text(encoding="utf-8")
    cut = text[: text.index('"q_when": {')]
    problem = only_problem(write_json(cut))
    assert problem.message.startswith("invalid JSON: ")
    line = cut.count("\n") + 1
    assert re.fullmatch(rf"{line}:\d+", problem.location), problem.location


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ("[]", "an array"),
        ("[1, {}]", "an array"),
        ("null", "null"),
        ('"tree"', "a string"),
        ("42", "a number"),
        ("-1.5e3", "a number"),
        ("true", "true or false"),
    ],
)
def test_top_level_must_be_an_object(write_json, content, kind):
    problem = only_problem(write_json(content))
    assert problem.message == f"the top level is {kind}, not an object"
    assert problem.hint == "a tree file is one JSON object {...}"


def test_duplicate_keys_are_all_reported_with_line_column_and_path():
    problems = load_problems(BAD / "duplicate_keys.json")
    assert [(p.location, p.message) for p in problems] == [
        (
            "4:52",
            "duplicate key 'prompt' in nodes.q_flag: JSON would silently keep only the last one",
        ),
        (
            "6:3",
            "duplicate key 'start' in the top-level object: "
            "JSON would silently keep only the last one",
        ),
    ]


def test_duplicate_key_inside_an_array_names_the_index(mini_dict, write_json):
    text = json.dumps(mini_dict, indent=2).replace(
        '"label": "At night",', '"label": "At night", "label": "Nightly",'
    )
    problem = only_problem(write_json(text))
    assert "in nodes.q_when.choices[1]:" in problem.message
    line = text[: text.index('"label": "Nightly"')].count("\n") + 1
    assert problem.location.startswith(f"{line}:")


def test_same_key_in_different_objects_is_fine(mini_path):
    # Every choice has "label" and "next": repeats across objects are not duplicates.
    assert load_tree(mini_path).nodes["q_when"].choices[1].label == "At night"


@pytest.mark.parametrize("depth", [100_000, 5_000])
def test_absurd_nesting(write_json, depth):
    problem = only_problem(write_json("[" * depth))
    assert problem.message == "JSON is nested too deeply to read"
    assert problem.location == "1:101"  # the bracket that opens level 101
    assert "few levels" in problem.hint


def test_deep_but_readable_nesting_is_a_shape_problem(write_json):
    problems = load_problems(write_json('{"meta": ' + "[" * 300 + "]" * 300 + "}"))
    assert [(p.location, p.message) for p in problems] == [
        ("meta", "Input should be a valid dictionary or instance of Meta"),
        ("start", "Field required"),
        ("nodes", "Field required"),
    ]


def test_deep_nesting_inside_a_node(mini_dict, write_json):
    text = json.dumps(mini_dict).replace('"When does it hurt?"', "[" * 500 + '"When?"' + "]" * 500)
    problem = only_problem(write_json(text))
    assert (problem.location, problem.message) == (
        "nodes.q_when.prompt",
        "Input should be a valid string",
    )


@pytest.mark.parametrize(("value", "column"), [("NaN", 26), ("Infinity", 26), ("-Infinity", 26)])
def test_non_standard_constants_are_refused(write_json, value, column):
    problem = only_problem(write_json('{"a": "NaN", "b": [1, 2, ' + value + "]}"))
    assert problem.message == f"{value} is not allowed in JSON"
    assert problem.location == f"1:{column}"


def test_absurdly_long_number(write_json):
    problem = only_problem(write_json('{"meta": {"x": ' + "9" * 5000 + "}}"))
    assert problem.message == "a number 5000 characters long is too long"
    assert problem.location == "1:16"


# -- the shape of a tree ------------------------------------------------------------------------
def test_every_model_error_is_reported_with_its_json_path(mini_dict, write_json):
    nodes = mini_dict["nodes"]
    nodes["q_when"]["choices"][1]["next"] = "Knee-Pain"
    nodes["q_when"]["colour"] = "red"
    del nodes["r_nerve"]["explanation"]
    nodes["r_clot"]["urgency"] = "asap"
    nodes["q_flag"]["choices"] = nodes["q_flag"]["choices"][:1]
    mini_dict["meta"]["version"] = "one"
    problems = load_problems(write_json(mini_dict))
    by_place = {p.location: p for p in problems}
    assert sorted(by_place) == [
        "meta.version",
        "nodes.q_flag.choices",
        "nodes.q_when.choices[1].next",
        "nodes.q_when.colour",
        "nodes.r_clot.urgency",
        "nodes.r_nerve.explanation",
    ]
    assert by_place["nodes.q_when.choices[1].next"].message.startswith(
        "String should match pattern"
    )
    assert "lower-case" in by_place["nodes.q_when.choices[1].next"].hint
    assert by_place["nodes.q_when.colour"].message == "Extra inputs are not permitted"
    assert "remove this field" in by_place["nodes.q_when.colour"].hint
    assert by_place["nodes.r_nerve.explanation"].message == "Field required"
    assert by_place["nodes.r_nerve.explanation"].hint == "add this field"
    assert "'emergency'" in by_place["nodes.r_clot.urgency"].message
    assert by_place["nodes.q_flag.choices"].hint == "add more entries"


def test_unknown_node_kind(mini_dict, write_json):
    mini_dict["nodes"]["r_nerve"]["kind"] = "answer"
    problem = only_problem(write_json(mini_dict))
    assert problem.location == "nodes.r_nerve"
    assert "'answer'" in problem.message
    assert problem.hint == 'set "kind" to "question" or "result"'


def test_bad_node_id_is_reported_at_the_key(mini_dict, write_json):
    mini_dict["nodes"]["Bad-Id"] = mini_dict["nodes"].pop("r_nerve")
    problem = only_problem(write_json(mini_dict))
    assert problem.location == "nodes.Bad-Id"
    assert problem.message.startswith("the key itself is wrong: String should match pattern")


def test_missing_top_level_fields(write_json):
    problems = load_problems(write_json("{}"))
    assert [(p.location, p.message) for p in problems] == [
        ("meta", "Field required"),
        ("start", "Field required"),
        ("nodes", "Field required"),
    ]


def test_render_lists_every_problem(mini_dict, write_json):
    del mini_dict["start"]
    mini_dict["meta"]["sources"] = []
    path = write_json(mini_dict)
    with pytest.raises(TreeLoadError) as info:
        load_tree(path)
    text = str(info.value)
    assert text.splitlines()[0] == f"{path}: cannot load (2 problems)"
    assert f"{path}:meta.sources: " in text
    assert f"{path}:start: Field required\n  hint: add this field" in text


def test_problem_without_location_renders_the_file_only():
    problem = Problem("t.json", "", "is empty", "write something")
    assert str(problem) == "t.json: is empty\n  hint: write something"
    assert str(TreeLoadError([problem])).startswith("t.json: cannot load (1 problem)\n")


def test_a_key_repeated_in_every_node_is_reported_everywhere(write_json):
    nodes = ",\n".join(f'"q{i}": {{"prompt": "A?",\n "prompt": "B?"}}' for i in range(3000))
    problems = load_problems(write_json('{"nodes": {\n' + nodes + "\n}}"))
    assert len(problems) == 3000
    assert problems[0].location == "3:2" and "in nodes.q0:" in problems[0].message
    assert problems[-1].location == "6001:2" and "in nodes.q2999:" in problems[-1].message
