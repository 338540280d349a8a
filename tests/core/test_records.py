"""Session records: durable per-step logging, resume after a crash, listing and export."""

from __future__ import annotations

import copy
import hashlib
import json
import os
from pathlib import Path

import pytest

from footpain_tui.core.records import recorder as records
from footpain_tui.core.records import resume as records_resume
from footpain_tui.core.records import sessions as records_sessions
from footpain_tui.core.records.recorder import SessionRecorder
from footpain_tui.core.records.resume import find_resumable, mark_declined
from footpain_tui.core.records.sessions import (
    SessionNotFoundError,
    TreeStamp,
    default_data_dir,
    list_sessions,
    load_session,
    read_session_file,
)
from footpain_tui.core.records.transcripts import export_session, render_json, render_markdown
from footpain_tui.core.training.case_file import load_cases
from footpain_tui.core.training.verdicts import compute_verdict
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.walk import Step, WalkSession

DATA = Path(__file__).resolve().parent.parent / "data"
TREE_PATH = DATA / "mini.json"


@pytest.fixture(scope="module")
def tree():
    return load_tree(TREE_PATH)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


def lines_of(file: Path) -> list[dict]:
    return [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines()]


def free_walk(data_dir: Path, tree, answers=("No", "After exercise"), finish=True, close=True):
    """A walk recorded by a footpain-tui that then quit (``close``) or is still running."""
    recorder = SessionRecorder.open(data_dir, tree, TREE_PATH)
    session = WalkSession(tree)
    session_id = recorder.begin(session, "free")
    for answer in answers:
        session.answer_text(answer)
        recorder.record(session, "answer")
    if finish and session.finished:
        recorder.finish(session)
    if close:
        recorder.close()
    return recorder, session, session_id


# -- where records go -------------------------------------------------------------------------
def test_default_data_dir_honours_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "footpain-tui"


def test_tree_stamp_hashes_the_file_bytes_or_the_model(tree):
    stamp = TreeStamp.of(tree, TREE_PATH)
    assert stamp.hashed == "file"
    assert stamp.sha256 == hashlib.sha256(TREE_PATH.read_bytes()).hexdigest()
    assert (stamp.id, stamp.version) == ("mini", "1.0")
    fallback = TreeStamp.of(tree, DATA / "no-such-tree.json")
    assert fallback.hashed == "model"
    assert fallback.sha256 == TreeStamp.of(tree, None).sha256 != stamp.sha256


# -- writing ----------------------------------------------------------------------------------
def test_each_step_is_on_disk_and_fsynced_when_record_returns(tree, data_dir, monkeypatch):
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(records.os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    recorder = SessionRecorder.open(data_dir, tree, TREE_PATH)
    assert recorder.error is None
    session = WalkSession(tree)
    session_id = recorder.begin(session, "free")
    file = recorder.file
    assert file.parent == data_dir / "sessions"
    assert file.name.endswith(f"-{session_id}.jsonl")
    (begin,) = lines_of(file)
    assert begin["type"] == "begin" and begin["session"] == session_id and begin["v"] == 2
    assert (begin["start"], begin["keep"], begin["add"], begin["node"]) == (
        "q_flag",
        0,
        [],
        "q_flag",
    )
    assert begin["tree"]["id"] == "mini" and begin["tree"]["version"] == "1.0"
    assert begin["tree"]["sha256"] == hashlib.sha256(TREE_PATH.read_bytes()).hexdigest()
    assert begin["at"].endswith("Z")

    before = len(synced)
    session.answer_text("No")
    recorder.record(session, "answer")
    assert len(synced) > before
    last = lines_of(file)[-1]
    assert (last["action"], last["node"]) == ("answer", "q_when")
    # Each line says what the move changed: keep no step, add this one.
    assert (last["keep"], last["add"]) == (
        0,
        [
            {
                "question": "q_flag",
                "choice": 1,
                "prompt": "Is the foot swollen, heavy and warm?",
                "answer": "No",
            }
        ],
    )
    assert "tree" not in last and "path" not in last  # named once, in the begin line

    before = len(synced)
    session.back()
    recorder.record(session, "back")
    assert len(synced) > before
    assert {k: lines_of(file)[-1][k] for k in ("action", "keep", "add", "node")} == {
        "action": "back",
        "keep": 0,
        "add": [],
        "node": "q_flag",
    }
    assert len(lines_of(file)) == 3

    session.answer_text("Yes")
    recorder.record(session, "answer")
    recorder.finish(session)
    finish = lines_of(file)[-1]
    assert finish["type"] == "finish"
    assert finish["result"] == {
        "id": "r_clot",
        "title": "Suspected thrombosis",
        "urgency": "urgent",
    }
    assert finish["verdict"] is None


@pytest.fixture
def training_recorder(tree, data_dir) -> SessionRecorder:
    """new_jogger walked No, At night (a wrong turn at q_when), finished with its verdict."""
    case = load_cases(DATA / "cases" / "good.json").case("new_jogger")
    recorder = SessionRecorder.open(data_dir, tree, TREE_PATH)
    session = WalkSession(tree)
    recorder.begin(session, "training", case=case)
    for answer in ("No", "At night"):
        session.answer_text(answer)
        recorder.record(session, "answer")
    recorder.finish(session, compute_verdict(case, session))
    return recorder


def test_training_finish_stores_the_verdict(training_recorder, data_dir):
    case = load_cases(DATA / "cases" / "good.json").case("new_jogger")
    begin, *_, finish = lines_of(training_recorder.file)
    assert (begin["mode"], begin["case"], begin["story"]) == ("training", "new_jogger", case.story)
    assert finish["verdict"]["matched"] is False
    assert finish["verdict"]["divergence"]["question"] == "q_when"
    (summary,) = list_sessions(data_dir)
    assert (summary.mode, summary.case_id, summary.matched) == ("training", "new_jogger", False)
    assert summary.result_id == "r_nerve" and summary.finished


def test_record_before_begin_starts_a_free_session(tree, data_dir):
    recorder = SessionRecorder.open(data_dir, tree, TREE_PATH)
    session = WalkSession(tree)
    session.answer_text("No")
    recorder.record(session, "answer")
    assert recorder.session_id is not None
    assert [e["type"] for e in lines_of(recorder.file)] == ["begin", "step"]


def test_unwritable_data_dir_is_reported_once_and_recording_is_a_noop(tree, tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    recorder = SessionRecorder.open(blocker / "sub", tree, TREE_PATH)
    assert recorder.error is not None
    assert str(blocker / "sub") in recorder.error and "--data-dir" in recorder.error
    message = recorder.error
    session = WalkSession(tree)
    assert recorder.begin(session, "free")  # still returns an id
    session.answer_text("Yes")
    recorder.record(session, "answer")
    recorder.finish(session)
    assert recorder.error == message
    assert not recorder.enabled
    assert find_resumable(blocker / "sub", tree, TREE_PATH) is None
    assert list_sessions(blocker / "sub") == []


def test_a_write_failing_later_is_reported_once_and_the_half_line_cut(tree, data_dir, monkeypatch):
    recorder, session, _ = free_walk(data_dir, tree, answers=("No",), finish=False, close=False)
    reported: list[str] = []
    recorder.on_error = reported.append
    file = recorder.file
    size = file.stat().st_size
    real_write = os.write

    def disk_full(fd, data):
        # The disk fills mid-line: part of the line lands, then ENOSPC.
        real_write(fd, data[:7])
        raise OSError(28, "No space left on device", str(file))

    monkeypatch.setattr(records.os, "write", disk_full)
    session.answer_text("At night")
    recorder.record(session, "answer")  # must not raise
    monkeypatch.undo()
    assert "No space left on device" in recorder.error and str(file) in recorder.error
    assert reported == [recorder.error]
    recorder.finish(session)
    recorder.record(session, "back")
    assert reported == [recorder.error]  # said once
    assert file.stat().st_size == size  # no half line left behind
    assert read_session_file(file).warnings == []


# -- resume -----------------------------------------------------------------------------------
def test_resume_after_a_crash_mid_line(tree, data_dir):
    recorder, _, session_id = free_walk(data_dir, tree, answers=("No",), finish=False)
    file = recorder.file
    # The terminal dies while the next step is being written: half a line, no newline.
    with open(file, "ab") as handle:
        handle.write(b'{"v":1,"type":"step","session":"' + session_id.encode() + b'","at":"20')

    warnings: list[str] = []
    found = find_resumable(data_dir, tree, TREE_PATH, warnings)
    assert found is not None
    assert found.session_id == session_id
    assert found.steps == [Step("q_flag", 1)]
    assert (found.mode, found.case_id, found.file) == ("free", None, file)
    assert found.started_at.endswith("Z")
    assert len(warnings) == 1 and "truncated" in warnings[0] and f"{file}:3" in warnings[0]
    assert found.warnings == warnings

    resumed = WalkSession(tree)
    resumed.replay(found.steps)
    assert resumed.current_id == "q_when"
    again = SessionRecorder.open(data_dir, tree, TREE_PATH)
    assert again.resume(found, resumed) == session_id
    assert again.warnings == warnings
    resumed.answer_text("After exercise")
    again.record(resumed, "answer")
    again.finish(resumed)
    events = lines_of(file)  # the cut line is gone and the session goes on in the same file
    assert [e.get("action") for e in events] == ["begin", "answer", "resume", "answer", "finish"]
    assert events[2]["keep"] == 0 and len(events[2]["add"]) == 1  # resume restates the walk
    assert len(list((data_dir / "sessions").iterdir())) == 1
    again.close()
    assert find_resumable(data_dir, tree, TREE_PATH) is None


def test_corrupt_line_in_the_middle_is_skipped(tree, data_dir):
    recorder, _, _ = free_walk(data_dir, tree, answers=("No",), finish=False)
    with open(recorder.file, "ab") as handle:
        handle.write(b"\x00garbage\n")
    warnings: list[str] = []
    found = find_resumable(data_dir, tree, TREE_PATH, warnings)
    assert found.steps == [Step("q_flag", 1)]
    assert "corrupt" in warnings[0]


def test_finished_sessions_are_not_offered(tree, data_dir):
    free_walk(data_dir, tree)
    assert find_resumable(data_dir, tree, TREE_PATH) is None


def test_a_walk_left_behind_by_a_newer_one_is_not_offered(tree, data_dir):
    free_walk(data_dir, tree, answers=("No",), finish=False)
    assert find_resumable(data_dir, tree, TREE_PATH) is not None
    free_walk(data_dir, tree, answers=("Yes",), finish=False)
    free_walk(data_dir, tree, answers=(), finish=False)  # a newer walk, back at the start
    assert find_resumable(data_dir, tree, TREE_PATH) is None


def test_a_declined_walk_is_not_offered_again(tree, data_dir):
    free_walk(data_dir, tree, answers=("No",), finish=False)
    found = find_resumable(data_dir, tree, TREE_PATH)
    assert found is not None
    assert mark_declined(found) is None  # declined, and nothing else happened
    assert find_resumable(data_dir, tree, TREE_PATH) is None
    record = read_session_file(found.file)
    assert record.declined and not record.finished and record.warnings == []
    assert record.updated_at == found.updated_at  # a decline is not activity


def test_a_walk_on_an_edited_tree_is_offered_saying_so(tree, data_dir, tmp_path):
    _, _, session_id = free_walk(data_dir, tree, answers=("No",), finish=False)
    edited = tmp_path / "mini-edited.json"
    edited.write_bytes(TREE_PATH.read_bytes() + b"\n")
    found = find_resumable(data_dir, tree, edited)
    assert found is not None and found.session_id == session_id and found.tree_changed
    assert found.question == "When does it hurt?"
    assert not find_resumable(data_dir, tree, TREE_PATH).tree_changed
    assert find_resumable(tmp_path / "empty", tree, TREE_PATH) is None


def test_a_walk_that_no_longer_fits_an_edited_tree_is_explained(
    tree, data_dir, mini_dict, tmp_path
):
    _, _, session_id = free_walk(data_dir, tree, answers=("No",), finish=False)
    mini_dict["nodes"]["q_first"] = mini_dict["nodes"].pop("q_flag")  # the question is gone
    mini_dict["start"] = "q_first"
    edited = tmp_path / "mini-edited.json"
    edited.write_text(json.dumps(mini_dict))
    edited_tree = load_tree(edited)
    warnings: list[str] = []
    assert find_resumable(data_dir, edited_tree, edited, warnings) is None
    assert len(warnings) == 1
    assert "earlier version of this tree" in warnings[0] and session_id in warnings[0]


def test_another_tree_and_the_other_mode_are_passed_over(tree, data_dir, tmp_path):
    _, _, free_id = free_walk(data_dir, tree, answers=("No",), finish=False)
    case = load_cases(DATA / "cases" / "good.json").case("new_jogger")
    recorder = SessionRecorder.open(data_dir, tree, TREE_PATH)
    session = WalkSession(tree)
    session.answer_text("No")
    training_id = recorder.begin(session, "training", case=case)
    recorder.close()
    assert find_resumable(data_dir, tree, TREE_PATH).session_id == free_id
    found = find_resumable(data_dir, tree, TREE_PATH, mode="training")
    assert (found.session_id, found.case_id, found.case_title) == (
        training_id,
        "new_jogger",
        "A new jogger",
    )
    other = copy.deepcopy(json.loads(TREE_PATH.read_text()))
    other["meta"]["id"] = "other"
    other_path = tmp_path / "other.json"
    other_path.write_text(json.dumps(other))
    assert find_resumable(data_dir, load_tree(other_path), other_path) is None


def test_a_walk_live_in_another_process_is_never_offered(tree, data_dir):
    _, _, older = free_walk(data_dir, tree, answers=("Yes",), finish=False)
    live, _, _ = free_walk(data_dir, tree, answers=("No",), finish=False, close=False)
    # Another footpain-tui holds the newest walk: it is passed over, not offered, and
    # it does not hide the walk before it.
    assert find_resumable(data_dir, tree, TREE_PATH).session_id == older
    live.close()  # that footpain-tui quit
    assert find_resumable(data_dir, tree, TREE_PATH).session_id == live.session_id


def test_a_file_that_cannot_be_continued_goes_on_in_a_new_one(tree, data_dir, make_read_only):
    _, _, session_id = free_walk(data_dir, tree, answers=("No",), finish=False)
    found = find_resumable(data_dir, tree, TREE_PATH)
    make_read_only(found.file)
    session = WalkSession(tree)
    session.replay(found.steps)
    recorder = SessionRecorder.open(data_dir, tree, TREE_PATH)
    new_id = recorder.resume(found, session)
    assert recorder.error is None and new_id != session_id
    assert any("could not continue" in w and "new session file" in w for w in recorder.warnings)
    session.answer_text("After exercise")
    recorder.record(session, "answer")
    recorder.finish(session)
    recorder.close()
    record = load_session(data_dir, new_id)
    assert [s.step for s in record.path] == [Step("q_flag", 1), Step("q_when", 0)]
    assert record.finished and record.lines[0].fields["resumed_from"] == session_id


def test_steps_that_no_longer_replay_are_not_offered(tree, data_dir):
    recorder, _, _ = free_walk(data_dir, tree, answers=("No",), finish=False)
    events = lines_of(recorder.file)
    events[-1]["add"][0]["choice"] = 7
    recorder.file.write_text("".join(json.dumps(e) + "\n" for e in events))
    warnings: list[str] = []
    assert find_resumable(data_dir, tree, TREE_PATH, warnings) is None
    assert "do not fit the tree" in warnings[0]


# -- listing and loading ----------------------------------------------------------------------
def test_list_and_load_sessions(tree, data_dir):
    _, _, first = free_walk(data_dir, tree)
    _, _, second = free_walk(data_dir, tree, answers=("No",), finish=False)
    (data_dir / "sessions" / "20000101T000000.000000Z-deadbeef.jsonl").write_text("junk\n")
    warnings: list[str] = []
    summaries = list_sessions(data_dir, warnings)
    assert [s.session_id for s in summaries] == [first, second]
    assert summaries[0].finished and summaries[0].result_id == "r_overuse"
    assert summaries[0].matched is None and summaries[0].steps == 2
    assert not summaries[1].finished and summaries[1].result_id is None
    assert any("deadbeef" in w and "no readable record" in w for w in warnings)
    assert summaries[0].as_dict()["tree"] == "mini"

    assert load_session(data_dir, None).session_id == second
    assert load_session(data_dir, "last").session_id == second
    assert load_session(data_dir, first).session_id == first
    assert load_session(data_dir, first[:6]).session_id == first
    with pytest.raises(SessionNotFoundError, match="history"):
        load_session(data_dir, "zzzz")
    with pytest.raises(SessionNotFoundError, match="no sessions"):
        load_session(data_dir / "nowhere", None)


# -- export -----------------------------------------------------------------------------------
@pytest.fixture
def training_record(training_recorder, data_dir):
    return load_session(data_dir, training_recorder.session_id)


def test_render_markdown(training_record):
    text = render_markdown(training_record)
    assert text.startswith(f"# footpain-tui session {training_record.session_id}")
    assert "case `new_jogger`: A new jogger" in text
    assert "## Story" in text and "started jogging last week" in text
    assert "1. Is the foot swollen, heavy and warm?" in text and "Answer: **No**" in text
    assert "**Nerve pain** (`r_nerve`), urgency SOON" in text
    assert "Not matched: expected Overuse" in text
    assert (
        "First divergence at question 2 (*When does it hurt?*):"
        " expected **After exercise**, answered **At night**"
    ) in text
    assert "> Pain after unusual load points to overuse." in text
    assert "| 2 | When does it hurt? | After exercise | At night |" in text
    assert "Teaching point: Pain after new exercise is usually overuse." in text
    assert f"- Started: {training_record.started_at}" in text
    assert "| begin |" in text and "| finish |" in text


def test_render_json(training_record):
    data = json.loads(render_json(training_record))
    assert data["session"] == training_record.session_id
    assert data["story"].startswith("A 34-year-old")
    assert [(s["prompt"], s["answer"]) for s in data["path"]] == [
        ("Is the foot swollen, heavy and warm?", "No"),
        ("When does it hurt?", "At night"),
    ]
    assert all(s["at"].endswith("Z") for s in data["path"])
    assert data["result"]["id"] == "r_nerve"
    assert data["verdict"]["matched"] is False
    assert [e["action"] for e in data["events"]] == ["begin", "answer", "answer", "finish"]
    assert data["started_at"] and data["finished_at"] and data["finished"]


def test_export_writes_atomically_to_the_named_or_default_path(
    training_record, data_dir, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    written = export_session(data_dir, None, "md", None).target
    assert written == tmp_path / f"footpain-session-{training_record.session_id}.md"
    assert written.read_text().startswith("# footpain-tui session")
    out = tmp_path / "out"
    out.mkdir()
    as_json = export_session(data_dir, training_record.session_id, "json", out).target
    assert as_json.parent == out and as_json.suffix == ".json"
    named = export_session(data_dir, "last", "json", out / "t.json").target
    assert json.loads(named.read_text())["session"] == training_record.session_id
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_failing_export_leaves_the_old_file_intact(
    training_record, data_dir, tmp_path, monkeypatch
):
    target = tmp_path / "transcript.md"
    target.write_text("old transcript\n")

    def broken_replace(src, dst):
        raise OSError(5, "Input/output error", str(dst))

    monkeypatch.setattr("footpain_tui.core.storage.os.replace", broken_replace)
    with pytest.raises(OSError):
        export_session(data_dir, None, "md", target)
    assert target.read_text() == "old transcript\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".transcript")] == []


def test_a_given_stamp_is_used_instead_of_hashing_the_tree_again(tree, data_dir, monkeypatch):
    stamp = TreeStamp.of(tree, TREE_PATH)
    calls: list[object] = []
    monkeypatch.setattr(TreeStamp, "of", classmethod(lambda cls, *a: calls.append(a) or stamp))
    recorder = SessionRecorder.open(data_dir, tree, TREE_PATH, stamp)
    session = WalkSession(tree)
    recorder.begin(session)
    session.answer(1)
    recorder.record(session, "answer")
    recorder.close()
    resumable = find_resumable(data_dir, tree, TREE_PATH, stamp=recorder.stamp)
    assert resumable is not None and resumable.steps == [Step("q_flag", 1)]
    assert calls == []


def test_the_resume_search_opens_only_files_named_for_this_tree_and_mode(
    tree, data_dir, monkeypatch
):
    _, _, wanted = free_walk(data_dir, tree, answers=("No",), finish=False)
    case = load_cases(DATA / "cases" / "good.json").case("new_jogger")
    for _ in range(30):  # newer training walks: the explorer passes them by name
        recorder = SessionRecorder.open(data_dir, tree, TREE_PATH)
        recorder.begin(WalkSession(tree), "training", case=case)
        recorder.close()
    opened: list[Path] = []
    real_read = records_sessions.read_session_file
    monkeypatch.setattr(records_resume, "read_head", lambda *a: opened.append(a[0]) or b"")
    monkeypatch.setattr(
        records_resume, "read_session_file", lambda f: opened.append(f) or real_read(f)
    )
    found = find_resumable(data_dir, tree, TREE_PATH)
    assert found.session_id == wanted
    assert opened == [found.file]


def test_a_file_named_the_old_way_is_still_found(tree, data_dir):
    recorder, _, session_id = free_walk(data_dir, tree, answers=("No",), finish=False)
    old_name = recorder.file.with_name(f"{recorder.file.name.split('-')[0]}-{session_id}.jsonl")
    recorder.file.rename(old_name)
    found = find_resumable(data_dir, tree, TREE_PATH)
    assert found is not None and (found.session_id, found.file) == (session_id, old_name)
    assert find_resumable(data_dir, tree, TREE_PATH, mode="training") is None


def test_a_line_does_not_grow_with_the_walk(tmp_path, make_chain):
    """1000 steps on a long chain used to write 42.7 MB: every line held the whole path."""
    count = 300
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(make_chain(count)))
    chain = load_tree(path)
    recorder = SessionRecorder.open(tmp_path / "data", chain, path)
    session = WalkSession(chain)
    recorder.begin(session)
    for i in range(count):
        session.answer(i % 2)
        recorder.record(session, "answer")
        if i % 50 == 49:  # some back-and-forth on the way down
            session.back()
            recorder.record(session, "back")
            session.answer(i % 2)
            recorder.record(session, "answer")
    recorder.finish(session)
    recorder.close()
    sizes = [len(line) for line in recorder.file.read_bytes().splitlines()]
    assert max(sizes[1:]) < 400  # one step at most, whatever the depth
    assert sum(sizes) < 250 * len(sizes)  # linear in the number of moves
    record = read_session_file(recorder.file)
    assert len(record.path) == count and record.finished and record.warnings == []
    assert [t.step.choice_index for t in record.path] == [i % 2 for i in range(count)]


def test_ticked_choices_and_the_start_are_recorded_and_read_back(tmp_path):
    path = DATA / "checklist.json"
    checklist = load_tree(path)
    recorder = SessionRecorder.open(tmp_path, checklist, path)
    session = WalkSession(checklist)
    recorder.begin(session)
    session.answer_many([1, 2])  # fever and spreading redness: the walk follows fever
    recorder.record(session, "answer")
    recorder.close()
    lines = lines_of(recorder.file)
    assert lines[0]["start"] == "q_signs"
    assert lines[-1]["add"] == [
        {
            "question": "q_signs",
            "choice": 1,
            "prompt": checklist.nodes["q_signs"].prompt,
            "answer": "Fever; Spreading redness, warmth or swelling",
            "ticked": [1, 2],
        }
    ]
    assert read_session_file(recorder.file).steps == [Step("q_signs", 1, (1, 2))]


def test_a_training_walk_is_offered_from_where_its_case_started(tree, data_dir):
    case = load_cases(DATA / "cases" / "good.json").case("new_jogger")
    recorder = SessionRecorder.open(data_dir, tree, TREE_PATH)
    session = WalkSession(tree, start="q_when")  # a case drilling the timing question
    recorder.begin(session, "training", case=case)
    session.answer_text("At night")
    recorder.record(session, "answer")
    session.back()
    recorder.record(session, "back")
    recorder.close()
    found = find_resumable(data_dir, tree, TREE_PATH, mode="training")
    assert found is None  # nothing answered any more
    recorder = SessionRecorder.open(data_dir, tree, TREE_PATH)
    session = WalkSession(tree, start="q_when")
    session.answer_text("At night")
    recorder.begin(session, "training", case=case)
    recorder.close()
    found = find_resumable(data_dir, tree, TREE_PATH, mode="training")
    assert (found.start, found.steps) == ("q_when", [Step("q_when", 1)])
    resumed = WalkSession(tree, start=found.start)
    resumed.replay(found.steps)
    assert resumed.current_id == "r_nerve"


# -- wave 3: times, predictions, marks, the start in exports -------------------------------------
def predicted_training_walk(tree, data_dir, urgency="routine"):
    """new_jogger walked No, After exercise with timed answers, a prediction made."""
    from footpain_tui.core.training.predictions import cause_options, score_prediction
    from footpain_tui.core.tree.model import Urgency

    case = load_cases(DATA / "cases" / "good.json").case("new_jogger")
    recorder = SessionRecorder.open(data_dir, tree, TREE_PATH)
    session = WalkSession(tree)
    for answer, ms in (("No", 3100), ("After exercise", 12_500)):
        session.answer_text(answer)
        session.time_last_answer(ms)
        if recorder.session_id is None:
            recorder.begin(session, "training", case=case, predict=True)
        else:
            recorder.record(session, "answer")
    options = cause_options(session, 42)
    prediction = score_prediction(session, "overuse", Urgency(urgency), options, 42)
    verdict = compute_verdict(case, session, prediction=prediction)
    recorder.finish(session, verdict, prediction=prediction)
    recorder.close()
    return recorder, options


def test_times_predict_prediction_and_marks_are_recorded_and_read_back(tree, data_dir):
    recorder, options = predicted_training_walk(tree, data_dir)
    begin, step, finish = lines_of(recorder.file)
    assert begin["predict"] is True and begin["start"] == "q_flag"
    assert begin["add"][0]["ms"] == 3100 and step["add"][0]["ms"] == 12_500
    assert finish["prediction"] == {
        "cause": "overuse",
        "urgency": "routine",
        "options": list(options),
        "seed": 42,
        "cause_correct": True,
        "urgency_correct": False,
        "urgency_call": "over",
    }
    assert finish["verdict"]["marks"] == {
        "path": True,
        "cause": True,
        "urgency": False,
        "urgency_call": "over",
    }
    record = read_session_file(recorder.file)
    assert [t.ms for t in record.path] == [3100, 12_500]
    assert record.predict is True
    assert record.prediction == finish["prediction"]
    assert record.marks == finish["verdict"]["marks"]
    assert record.summary().marks == record.marks


def test_a_record_without_the_new_fields_reads_as_before(tree, data_dir):
    free_walk(data_dir, tree)
    (summary,) = list_sessions(data_dir)
    record = load_session(data_dir, summary.session_id)
    assert [t.ms for t in record.path] == [None, None]
    assert (record.predict, record.prediction, record.marks) == (False, None, None)
    lines = lines_of(record.file)
    assert all("ms" not in step for line in lines for step in line["add"])
    # An older file: no predict, no prediction, a verdict without marks.
    for line in lines:
        line.pop("predict", None)
    record.file.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert read_session_file(record.file).predict is False


def test_a_verdict_recorded_before_marks_gives_the_path_mark_alone(training_record):
    assert training_record.marks["path"] is False  # new_jogger, At night: not matched
    assert training_record.prediction is None


def test_exports_show_the_start_the_times_and_the_prediction(tree, data_dir):
    recorder, _options = predicted_training_walk(tree, data_dir, urgency="self_care")
    record = load_session(data_dir, recorder.session_id)
    data = json.loads(render_json(record))
    assert data["start"] == "q_flag"
    assert [s["ms"] for s in data["path"]] == [3100, 12_500]
    assert data["predict"] is True
    assert data["prediction"]["urgency_call"] == "right"
    assert data["marks"] == {"path": True, "cause": True, "urgency": True, "urgency_call": "right"}
    text = render_markdown(record)
    assert "- Start: `q_flag`" in text
    assert "Answer: **No**" in text and ", after 3.1 s" in text and ", after 12.5 s" in text
    assert "## Prediction" in text
    assert "- Cause: `overuse` (right)" in text
    assert "- Urgency: SELF-CARE (right)" in text


def test_an_export_of_a_walk_begun_mid_tree_names_its_start(tree, data_dir):
    recorder = SessionRecorder.open(data_dir, tree, TREE_PATH)
    session = WalkSession(tree, start="q_when")
    recorder.begin(session, "free")
    session.answer_text("At night")
    recorder.record(session, "answer")
    recorder.close()
    record = load_session(data_dir, recorder.session_id)
    assert json.loads(render_json(record))["start"] == "q_when"
    assert "- Start: `q_when`" in render_markdown(record)


def test_a_free_walk_begun_mid_tree_is_offered_from_where_it_began(tmp_path):
    path = DATA / "snapshot_tree.json"
    heel = load_tree(path)
    recorder = SessionRecorder.open(tmp_path, heel, path)
    session = WalkSession(heel, start="q_snap")  # footpain-tui --start q_snap
    session.answer_text("No")
    recorder.begin(session, "free")
    recorder.close()
    found = find_resumable(tmp_path, heel, path, mode="free")
    assert (found.start, found.steps) == ("q_snap", [Step("q_snap", 1)])
    resumed = WalkSession(heel, start=found.start)
    resumed.replay(found.steps)
    assert resumed.current_id == "q_pattern"


def test_a_time_in_words():
    from footpain_tui.core.records.stats import duration

    assert [duration(ms) for ms in (0, 4240, 59_949, 125_000, 3 * 3600_000 + 120_000)] == [
        "0.0 s",
        "4.2 s",
        "59.9 s",
        "2 min 05 s",
        "3 h 02 min",
    ]
