"""The core of ``--watch``: a changed tree file loaded again, the walk carried onto it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.model import tree_from_data
from footpain_tui.core.tree.reload import ReloadError, load_checked, move_walk, rebase
from footpain_tui.core.tree.walk import Step, WalkSession

DATA = Path(__file__).resolve().parent.parent / "data"
MINI = DATA / "mini.json"
CHECKLIST = DATA / "checklist.json"


def mini_data() -> dict[str, Any]:
    return json.loads(MINI.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: Any, name: str = "tree.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_load_checked_gives_the_tree_and_its_index(tmp_path):
    tree, index = load_checked(write(tmp_path, mini_data()))
    assert tree.meta.id == "mini" and index.tree is tree


def test_broken_json_is_reported_with_its_line_and_column(tmp_path):
    path = write(tmp_path, '{\n  "meta": {\n    "id": "mini",,\n')
    with pytest.raises(ReloadError) as raised:
        load_checked(path)
    [problem] = raised.value.problems
    assert problem.place == f"{path}:3:18"  # the second comma
    assert raised.value.file == str(path)


def test_a_wrong_shape_and_a_lint_error_are_reported_with_their_json_path(tmp_path):
    data = mini_data()
    del data["nodes"]["q_when"]["prompt"]
    with pytest.raises(ReloadError) as raised:
        load_checked(write(tmp_path, data))
    assert any(p.place.endswith(":nodes.q_when.prompt") for p in raised.value.problems)
    data = mini_data()
    data["nodes"]["q_when"]["choices"][1]["next"] = "r_gone"
    path = write(tmp_path, data)
    with pytest.raises(ReloadError) as raised:
        load_checked(path)
    [problem] = raised.value.problems
    assert problem.place == f"{path}:nodes.q_when.choices[1].next"
    assert problem.message.startswith("FP101 unknown-node: ")


NIGHT = (Step("q_flag", 1), Step("q_when", 1))


def test_a_walk_whose_answers_still_exist_moves_whole():
    old = load_tree(MINI)
    data = mini_data()
    data["nodes"]["q_when"]["prompt"] = "When is it worst?"  # an edit that keeps every answer
    new = tree_from_data(data)
    moved = move_walk(old, NIGHT, old.start, new, TreeIndex(new))
    assert moved.steps == NIGHT and moved.dropped == 0 and moved.notices == ()
    assert moved.stands_on == "r_nerve"


def test_a_walk_stops_at_the_first_answer_that_no_longer_fits_and_says_where():
    old = load_tree(MINI)
    data = mini_data()
    data["nodes"]["q_when"]["choices"][1]["label"] = "At night or at rest"
    new = tree_from_data(data)
    moved = move_walk(old, NIGHT, old.start, new, TreeIndex(new))
    assert moved.steps == NIGHT[:1] and moved.dropped == 1 and moved.stands_on == "q_when"
    [notice] = moved.notices
    assert notice.startswith(
        "The walk now stands at question q_when ('When does it hurt?'): 1 answer from here on"
        " no longer fit the changed tree (step 2: q_when ('When does it hurt?') no longer has"
        " the answer 'At night';"
    )


def test_a_checklist_walk_keeps_its_ticks():
    tree = load_tree(CHECKLIST)
    steps = (Step("q_signs", 1, (1, 2)),)
    moved = move_walk(tree, steps, tree.start, tree, TreeIndex(tree))
    assert moved.steps == steps


def test_a_start_that_is_gone_starts_again_at_the_tree_s_start():
    old = load_tree(MINI)
    data = mini_data()
    data["start"] = "q_when"
    del data["nodes"]["q_flag"]
    new = tree_from_data(data)
    moved = move_walk(old, NIGHT, "q_flag", new, TreeIndex(new))
    assert (moved.start, moved.steps, moved.dropped) == ("q_when", (), 2)
    assert "no longer has: it starts again at 'q_when'" in moved.notices[0]


def test_rebase_points_a_live_walk_at_the_new_tree():
    old = load_tree(MINI)
    session = WalkSession(old)
    for step in NIGHT:
        session.answer(step.choice_index)
    data = mini_data()
    data["nodes"]["r_nerve"]["title"] = "Nerve pain (edited)"
    new = tree_from_data(data)
    index = TreeIndex(new)
    rebase(session, new, index, move_walk(old, session.steps, session.start_id, new, index))
    assert session.tree is new and session.index is index
    assert session.current.title == "Nerve pain (edited)"
    assert session.steps == NIGHT
