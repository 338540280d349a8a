"""Random JSON, random bytes and random mutations of a valid tree: the loader either returns a
Tree or raises TreeLoadError with located problems. Nothing else may escape."""

from __future__ import annotations

import contextlib
import copy
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.lint import LintReport, lint_tree
from footpain_tui.core.tree.loader import TreeLoadError, load_tree
from footpain_tui.core.tree.model import Tree

DATA = Path(__file__).resolve().parent.parent / "data"
MINI_TEXT = (DATA / "mini.json").read_text("utf-8")
MINI = json.loads(MINI_TEXT)
# The second edition of the format: a checklist, findings, negative answers, guideline
# sources cited by section, discriminators and the other teaching fields.
V2_TEXT = (DATA / "checklist.json").read_text("utf-8")
V2 = json.loads(V2_TEXT)

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder) / "fuzz.json"


def check_load(path: Path, *, record: bool = True) -> Tree | None:
    """Load ``path``; only a Tree or a well-formed TreeLoadError is acceptable."""
    try:
        tree = load_tree(path)
    except TreeLoadError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == str(path)
            assert isinstance(problem.location, str)
            assert problem.message and problem.hint
        assert str(exc).startswith(f"{path}: cannot load")
        if record:
            event(f"refused: {exc.problems[0].message[:30]}")
        return None
    assert isinstance(tree, Tree)
    # Loading it again (a validation cache hit unless a value had to be converted) gives
    # the same tree.
    assert load_tree(path) == tree
    # A tree that loads must also lint without crashing, however odd its graph.
    report = lint_tree(tree, TreeIndex(tree))
    assert isinstance(report, LintReport)
    if record:
        event("loaded" if report.ok else "loaded, lint errors")
    return tree


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=25,
)


@FUZZ
@given(value=json_values)
def test_random_json(scratch, value):
    scratch.write_text(json.dumps(value), encoding="utf-8")
    assert check_load(scratch) is None  # random JSON is never a tree


@FUZZ
@given(data=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_random_bytes(scratch, data):
    scratch.write_bytes(data)
    assert check_load(scratch) is None


# -- mutations of mini.json ---------------------------------------------------------------------
def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside ``value`` (dict keys and list indexes)."""
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, (*prefix, i))
    return out


MINI_PATHS = _paths(MINI)[1:]  # not the root itself

mutation = st.tuples(
    st.sampled_from(MINI_PATHS),
    st.sampled_from(["replace", "delete", "add_key", "duplicate"]),
    json_values | st.sampled_from(["q_flag", "r_clot", "routine", "", "q_when", "thrombosis"]),
)


def _mutate(tree: dict, path: tuple, how: str, value: Any) -> None:
    parent: Any = tree
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "replace":
        parent[last] = value
    elif how == "delete":
        del parent[last]
    elif how == "add_key" and isinstance(parent, dict):
        parent[f"{last}_extra" if isinstance(value, bool) else str(value)[:10]] = value
    elif how == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    elif how == "duplicate":
        parent[f"{last}2"[:60]] = copy.deepcopy(parent[last])


def _write_mutated(scratch: Path, base: dict, mutations: list) -> None:
    tree = copy.deepcopy(base)
    for path, how, value in mutations:
        # An earlier mutation may have removed or reshaped this place.
        with contextlib.suppress(KeyError, IndexError, TypeError):
            _mutate(tree, path, how, value)
    scratch.write_text(json.dumps(tree, indent=2), encoding="utf-8")


@FUZZ
@given(mutations=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_tree(scratch, mutations):
    _write_mutated(scratch, MINI, mutations)
    check_load(scratch)


V2_PATHS = _paths(V2)[1:]

v2_mutation = st.tuples(
    st.sampled_from(V2_PATHS),
    st.sampled_from(["replace", "delete", "add_key", "duplicate"]),
    json_values
    | st.sampled_from(
        [
            "checklist",
            "question",
            "guideline",
            "article",
            "1.3.1",
            "nice_ng19",
            "septic_arthritis",
            "q_when",
            "r_fever",
            "https://example.org/x",
            True,
            False,
            2015,
            [],
            [{"condition": "gout", "versus": "nowhere", "text": "x"}],
        ]
    ),
)


@FUZZ
@given(mutations=st.lists(v2_mutation, min_size=1, max_size=4))
def test_mutated_second_edition_tree(scratch, mutations):
    _write_mutated(scratch, V2, mutations)
    loaded = check_load(scratch)
    if loaded is not None:  # whatever loads can be walked by its checklist rules
        _tick_every_first_choice(loaded)


def _tick_every_first_choice(tree: Tree) -> None:
    """Walk from start ticking every non-negative choice at once (or the first): the walker
    either moves or refuses with an AnswerError, never anything else."""
    from footpain_tui.core.tree.model import Question
    from footpain_tui.core.tree.walk import AnswerError, StartNodeError, WalkSession

    try:
        session = WalkSession(tree)
    except StartNodeError:
        return
    for _ in range(20):
        node = session.current if session.current_id in tree.nodes else None
        if not isinstance(node, Question):
            return
        ticked = [i for i, c in enumerate(node.choices) if not c.negative] or [0]
        try:
            session.answer_many(ticked if node.multiple else ticked[:1])
        except AnswerError:
            return
        if session.current_id not in tree.nodes:
            return


# Edits anywhere in the text: offsets up to the longer file's length (edits past the end of
# the shorter one append), characters JSON and the format use.
_EDITS = st.lists(
    st.tuples(
        st.integers(0, max(len(MINI_TEXT), len(V2_TEXT))),
        st.integers(0, 8),
        st.text(alphabet='{}[]",:0123456789 \\nteufalsrkchi\u00e9\ud7ff', max_size=4),
    ),
    min_size=1,
    max_size=3,
)


@pytest.mark.parametrize("base", [MINI_TEXT, V2_TEXT], ids=["mini", "second-edition"])
@FUZZ
@given(edits=_EDITS)
def test_text_edits_of_a_valid_tree(scratch, base, edits):
    text = base
    for start, length, insert in edits:
        text = text[:start] + insert + text[start + length :]
    scratch.write_text(text, encoding="utf-8")
    check_load(scratch)


@pytest.mark.parametrize("text", [MINI_TEXT, V2_TEXT], ids=["mini", "second-edition"])
def test_the_fuzz_starts_from_a_tree_that_loads(scratch, text):
    scratch.write_text(text, encoding="utf-8")
    assert isinstance(check_load(scratch, record=False), Tree)
