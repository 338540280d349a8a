"""Fixtures for the core tests: the mini tree as a file, as a fresh dict, a ladder of questions
to add to it, and a file writer."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"
MINI = DATA / "mini.json"

_MINI_DICT: dict[str, Any] = json.loads(MINI.read_text(encoding="utf-8"))


@pytest.fixture
def mini_path() -> Path:
    return MINI


@pytest.fixture
def mini_dict() -> dict[str, Any]:
    """A private deep copy of tests/data/mini.json to break."""
    return copy.deepcopy(_MINI_DICT)


@pytest.fixture
def add_ladder() -> Callable[..., str]:
    """``add_ladder(nodes, steps, end, kind="question")``: add questions ``q_step0`` ...
    whose two choices both lead to the next (``2**steps`` paths), the last to ``end``; a
    checklist's second choice is its negative one. Returns the first id."""

    def add(nodes: dict[str, Any], steps: int, end: str, kind: str = "question") -> str:
        for i in range(steps):
            after = f"q_step{i + 1}" if i < steps - 1 else end
            nodes[f"q_step{i}"] = {
                "kind": kind,
                "prompt": f"Step {i}?",
                "choices": [
                    {"label": "Left", "next": after},
                    {"label": "Right", "next": after, "negative": kind == "checklist"},
                ],
            }
        return "q_step0"

    return add


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[..., Path]:
    """Write a dict (as JSON) or a str/bytes (as is) to a file in tmp_path; return its path."""

    def write(content: Any, name: str = "tree.json") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(json.dumps(content, indent=2), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def make_chain() -> Callable[[int], dict[str, Any]]:
    """``make_chain(n)``: mini.json's metadata and one result after ``n`` red-flag questions
    in a row, each with two choices to the next (2**n paths)."""

    def chain(count: int) -> dict[str, Any]:
        tree = copy.deepcopy(_MINI_DICT)
        end = tree["nodes"]["r_clot"]
        tree["nodes"] = {
            f"q{i}": {
                "kind": "question",
                "prompt": f"Question number {i} of a long chain?",
                "red_flag": True,
                "choices": [
                    {"label": label, "next": f"q{i + 1}" if i + 1 < count else "r_clot"}
                    for label in ("Yes", "No")
                ],
            }
            for i in range(count)
        }
        tree["nodes"]["r_clot"] = end
        tree["start"] = "q0"
        tree["conditions"] = {k: tree["conditions"][k] for k in end["conditions"]}
        return tree

    return chain
