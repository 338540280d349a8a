"""The trees and records the authoring tests work on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from footpain_tui.core.records.recorder import SessionRecorder
from footpain_tui.core.tree.bundled import default_tree_path
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.walk import WalkSession

DATA = Path(__file__).resolve().parent.parent / "data"
MINI = DATA / "mini.json"
CHECKLIST = DATA / "checklist.json"
FLOORS = DATA / "floors.json"
GOLDEN = DATA / "golden"
BUNDLED = default_tree_path()


def tree_data(path: Path = MINI) -> dict[str, Any]:
    """A tree file's JSON, to change and build (``tree_from_data``) or write."""
    return json.loads(path.read_text(encoding="utf-8"))


def question(prompt: str, *choices: tuple[str, str]) -> dict[str, Any]:
    """A question node: ``choices`` as (label, next)."""
    return {
        "kind": "question",
        "prompt": prompt,
        "choices": [{"label": label, "next": next_id} for label, next_id in choices],
    }


def record_walk(data_dir: Path, tree_path: Path, answers: list[str]) -> str:
    """Record a free walk answering ``answers`` in ``data_dir``, as the app does; its id."""
    tree = load_tree(tree_path)
    recorder = SessionRecorder.open(data_dir, tree, tree_path)
    session = WalkSession(tree)
    session_id = recorder.begin(session, "free")
    for answer in answers:
        session.answer_text(answer)
        recorder.record(session, "answer")
    if session.finished:
        recorder.finish(session)
    recorder.close()  # as the app does when it quits
    return session_id
