"""Recorded walks as tests: ``cases replay`` and the golden walks of the bundled tree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.model import tree_from_data
from footpain_tui.core.tree.replay import (
    TranscriptError,
    is_transcript,
    read_transcript,
    replay,
    transcript_of_walk,
)
from footpain_tui.core.tree.walk import Step

from .files import BUNDLED, CHECKLIST, DATA, GOLDEN, MINI, question, record_walk, tree_data


def walk_of(tree_path: Path, steps: list[Step]) -> dict[str, Any]:
    return transcript_of_walk(load_tree(tree_path), steps)


NIGHT = [Step("q_flag", 1), Step("q_when", 1)]  # No, At night -> r_nerve


# -- the core ------------------------------------------------------------------------------------
def test_a_walk_that_still_fits_replays():
    data = walk_of(MINI, NIGHT)
    assert is_transcript(data)
    replayed = replay(load_tree(MINI), read_transcript(data))
    assert replayed.ok and replayed.stands_on == "r_nerve"
    assert replayed.steps == tuple(NIGHT)


def test_the_tree_asks_another_question_at_a_step():
    data = tree_data()
    data["nodes"]["q_flag"]["choices"][1]["next"] = "r_arthrosis"  # "No" now ends the walk
    changed = tree_from_data(data)
    walk = read_transcript(walk_of(MINI, NIGHT))
    failure = replay(changed, walk).failure
    assert failure is not None and failure.step == 2
    assert str(failure) == (
        "step 2: the tree now ends on result r_arthrosis ('Start-up pain') before this step;"
        " the walk went on to ask q_when ('When does it hurt?')"
    )
    data = tree_data()
    data["nodes"]["q_new"] = question("Is it worse on stairs?", ("Yes", "q_when"), ("No", "q_when"))
    data["nodes"]["q_flag"]["choices"][1]["next"] = "q_new"
    failure = replay(tree_from_data(data), walk).failure
    assert str(failure) == (
        "step 2: the walk answered q_when ('When does it hurt?') here, but the tree now asks"
        " question q_new ('Is it worse on stairs?')"
    )


def test_an_answer_that_is_gone_or_renamed_is_named():
    data = tree_data()
    data["nodes"]["q_when"]["choices"][1]["label"] = "At night or at rest"
    failure = replay(tree_from_data(data), read_transcript(walk_of(MINI, NIGHT))).failure
    assert failure is not None and (failure.step, failure.question) == (2, "q_when")
    assert str(failure) == (
        "step 2: q_when ('When does it hurt?') no longer has the answer 'At night'; its"
        " choices are 'After exercise'; 'At night or at rest'; 'In the morning'"
    )


def test_the_walk_ends_elsewhere_or_not_yet():
    walk = read_transcript(walk_of(MINI, NIGHT))
    data = tree_data()
    data["nodes"]["q_when"]["choices"][1]["next"] = "r_arthrosis"
    failure = replay(tree_from_data(data), walk).failure
    assert str(failure) == (
        "at the end: the walk now ends on result r_arthrosis ('Start-up pain'), not on"
        " r_nerve ('Nerve pain')"
    )
    data = tree_data()
    data["nodes"]["q_more"] = question("Does it wake you?", ("Yes", "r_nerve"), ("No", "r_nerve"))
    data["nodes"]["q_when"]["choices"][1]["next"] = "q_more"
    failure = replay(tree_from_data(data), walk).failure
    assert failure is not None and failure.step is None and failure.question == "q_more"
    assert str(failure).startswith(
        "at the end: after the last step the tree now asks question q_more ('Does it wake you?');"
    )


def test_a_checklist_walk_ticks_the_same_set_again():
    tree = load_tree(CHECKLIST)
    steps = [Step("q_signs", 1, (1, 2))]  # fever and spreading redness: follows fever
    data = transcript_of_walk(tree, steps)
    assert data["path"][0]["ticked"] == ["Fever", "Spreading redness, warmth or swelling"]
    replayed = replay(tree, read_transcript(data))
    assert replayed.ok and replayed.steps[0].ticked == (1, 2)
    # The author moves redness above fever: the same ticks now follow redness.
    raw = tree_data(CHECKLIST)
    choices = raw["nodes"]["q_signs"]["choices"]
    choices[1], choices[2] = choices[2], choices[1]
    failure = replay(tree_from_data(raw), read_transcript(data)).failure
    assert str(failure) == (
        "step 1: q_signs now follows 'Spreading redness, warmth or swelling' for these ticks,"
        " not 'Fever' (the order of its choices changed)"
    )


def test_another_tree_a_new_version_and_an_unfinished_walk():
    walk = read_transcript(walk_of(MINI, NIGHT))
    failure = replay(load_tree(CHECKLIST), walk).failure
    assert (
        str(failure)
        == "the walk is of tree 'mini', not 'checklist': replay it against its own tree"
    )
    data = tree_data()
    data["meta"]["version"] = "1.1"
    replayed = replay(tree_from_data(data), walk)
    assert replayed.ok
    assert replayed.warnings == ("recorded on version 1.0 of the tree; it is now 1.1",)
    unfinished = walk_of(MINI, NIGHT[:1])
    assert unfinished["result"] is None
    replayed = replay(load_tree(MINI), read_transcript(unfinished))
    assert replayed.ok and replayed.stands_on == "q_when"


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ([], ""),
        ({"format": "something else"}, "format"),
        ({"format": "footpain-tui session transcript v1", "path": {}}, "path"),
        (
            {"format": "footpain-tui session transcript v1", "path": [{"question": "q"}]},
            "path[0].answer",
        ),
        (
            {"format": "footpain-tui session transcript v1", "path": [], "result": {"title": "x"}},
            "result.id",
        ),
        (
            {
                "format": "footpain-tui session transcript v1",
                "path": [{"question": "q", "answer": "a", "ticked": "a"}],
            },
            "path[0].ticked",
        ),
    ],
)
def test_a_file_that_is_not_a_transcript_names_the_field(data, where):
    with pytest.raises(TranscriptError) as raised:
        read_transcript(data)
    assert raised.value.where == where


# -- a recorded session, exported and replayed ---------------------------------------------------
def test_an_exported_session_replays_and_fails_after_an_edit(cli, tmp_path):
    data_dir = tmp_path / "data"
    record_walk(data_dir, MINI, ["No", "At night"])
    exported = tmp_path / "walk.json"
    code, _, err = cli(
        "export-session",
        "--last",
        "--format",
        "json",
        "-o",
        str(exported),
        "--data-dir",
        str(data_dir),
    )
    assert code == 0, err
    code, out, _ = cli("cases", "replay", str(MINI), str(exported))
    assert code == 0
    assert f"PASS {exported}: 2 steps, ends on r_nerve (Nerve pain) as recorded" in out
    data = tree_data()
    data["nodes"]["q_when"]["choices"][1]["label"] = "Only at night"
    edited = tmp_path / "mini.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = cli("cases", "replay", str(edited), str(exported))
    assert code == 1
    assert (
        f"FAIL {exported}: step 2: q_when ('When does it hurt?') no longer has the answer"
        " 'At night'; its choices are 'After exercise'; 'Only at night'; 'In the morning'"
    ) in out
    assert f"{edited}: FAILED: 0 of 1 recorded walks replay" in out


# -- the command ---------------------------------------------------------------------------------
def test_cases_replay_json_and_exit_codes(cli, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(walk_of(MINI, NIGHT)), encoding="utf-8")
    data = walk_of(MINI, NIGHT)
    data["result"]["id"] = "r_clot"
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = cli("cases", "replay", str(MINI), str(good), str(wrong), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    assert report["summary"] == {"total": 2, "passed": 1, "failed": 1, "unreadable": 0}
    failed = report["walks"][1]
    assert failed["failure"] == {
        "step": None,
        "question": "r_nerve",
        "message": "at the end: the walk now ends on result r_nerve ('Nerve pain'), not on r_clot"
        " ('Nerve pain')",
    }
    # A folder stands for its *.json files; an unreadable one exits 2 with its place.
    (tmp_path / "broken.json").write_text('{"format": ', encoding="utf-8")
    code, out, _ = cli("cases", "replay", str(MINI), str(tmp_path))
    assert code == 2
    assert "ERROR" in out and "broken.json:1:" in out
    code, out, _ = cli("cases", "replay", str(MINI), str(tmp_path / "missing.json"))
    assert code == 2 and "ERROR" in out and "missing.json" in out
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = cli("cases", "replay", str(MINI), str(empty))
    assert code == 2 and "no transcript found in" in err
    cases = DATA / "cases" / "good.json"
    code, out, _ = cli("cases", "replay", str(MINI), str(cases))
    assert code == 2 and "format: should start with 'footpain-tui session transcript'" in out


def test_cases_check_points_a_transcript_to_replay(cli, tmp_path):
    walk = tmp_path / "walk.json"
    walk.write_text(json.dumps(walk_of(MINI, NIGHT)), encoding="utf-8")
    code, _, err = cli("cases", "check", str(MINI), str(walk))
    assert code == 2
    assert (
        f"is a recorded walk, not a case file: replay it with footpain-tui cases replay {MINI} {walk}"
        in err
    )


# -- the golden walks of the bundled tree --------------------------------------------------------
GOLDEN_FILES = sorted(GOLDEN.glob("*.json"))


def test_the_golden_walks_cover_every_answer_of_every_red_flag_screen():
    tree = load_tree(BUNDLED)
    ticked = set()
    for file in GOLDEN_FILES:
        for item in json.loads(file.read_text(encoding="utf-8"))["path"]:
            for label in item.get("ticked") or [item["answer"]]:
                ticked.add((item["question"], label))
    missing = [
        (question_id, choice.label)
        for question_id, node in tree.nodes.items()
        if getattr(node, "red_flag", False)
        for choice in node.choices
        if (question_id, choice.label) not in ticked
    ]
    assert missing == [], "run tools/golden_walks.py after adding a red-flag answer"
    assert len(GOLDEN_FILES) >= 25


@pytest.mark.parametrize("file", GOLDEN_FILES, ids=lambda f: f.stem)
def test_each_golden_walk_replays_on_the_bundled_tree(file):
    replayed = replay(
        load_tree(BUNDLED), read_transcript(json.loads(file.read_text(encoding="utf-8")))
    )
    assert replayed.ok, (
        f"{file.name}: {replayed.failure} (after an intended change: python tools/golden_walks.py)"
    )


def test_cases_replay_passes_the_golden_folder(cli):
    code, out, _ = cli("cases", "replay", str(BUNDLED), str(GOLDEN))
    assert code == 0
    assert f"ok: {len(GOLDEN_FILES)} of {len(GOLDEN_FILES)} recorded walks replay" in out
