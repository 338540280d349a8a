"""Session records from the app's side (issues 9 and 10): every write failure said once and
the walk going on, one walk per process, the right walk offered for resuming (its mode,
named, its tree changed or not, declined once for good), a search that never holds a key,
and bad records that cannot break a start."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from footpain_tui.core.records import recorder as recorder_module
from footpain_tui.core.records import resume as resume_module
from footpain_tui.core.records.recorder import SessionRecorder
from footpain_tui.core.records.sessions import list_sessions, load_session
from footpain_tui.core.training.case_file import load_cases
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.walk import WalkSession
from footpain_tui.ui.screens.dialogs import ConfirmDialog
from footpain_tui.ui.screens.explore import ExploreScreen
from footpain_tui.ui.screens.train import TrainingScreen

from .apps import DATA, make_app
from .reading import (
    choice_texts,
    plain,
    question_parts,
    spy_notifications,
    wait_for_screen,
    wait_until,
)

MINI = DATA / "mini.json"
TREE = load_tree(MINI)
CASES = load_cases(DATA / "cases" / "good.json")


def recording_app(data_dir: Path, **kwargs):
    return make_app("mini.json", record=True, data_dir=data_dir, tree_path=MINI, **kwargs)


def left_walk(data_dir: Path, answers=("No",), mode="free", case_id=None, close=True):
    """A walk a footpain-tui recorded and left unfinished (``close``: that one has quit)."""
    recorder = SessionRecorder.open(data_dir, TREE, MINI)
    session = WalkSession(TREE)
    for answer in answers:
        session.answer_text(answer)
    case = CASES.case(case_id) if case_id else None
    recorder.begin(session, mode, case=case)
    if close:
        recorder.close()
    return recorder


def lines_of(file: Path) -> list[dict]:
    return [json.loads(line) for line in file.read_bytes().splitlines()]


async def records_started(pilot, app) -> None:
    await wait_until(pilot, lambda: app.recorder is not None, "the recorder")
    await wait_until(pilot, lambda: not app.workers, "the resume search")


# -- write failures: said once, in the app; the walk goes on ----------------------------------
async def test_a_sessions_folder_lost_after_start_is_reported_once(tmp_path):
    app = recording_app(tmp_path)
    messages = spy_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await records_started(pilot, app)
        sessions = tmp_path / "sessions"
        sessions.rmdir()
        sessions.write_text("not a folder any more")  # refused even to root
        await pilot.press("2", "1")
        await wait_until(pilot, lambda: app.session.finished, "the result")
        await pilot.press("b", "1")
        await pilot.pause()
        assert app.session.current_id == "r_overuse"  # the walk went on
    reported = [m for m in messages if "cannot save session records" in m]
    assert len(reported) == 1 and str(tmp_path) in reported[0]
    assert app.record_errors == [app.recorder.error]  # said again when the app ends


async def test_a_disk_filling_mid_walk_is_reported_once(tmp_path, monkeypatch):
    app = recording_app(tmp_path)
    messages = spy_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await records_started(pilot, app)
        await pilot.press("2")
        await wait_until(pilot, lambda: app.recorder.session_id is not None, "the first line")
        await pilot.pause()

        def disk_full(fd, data):
            raise OSError(28, "No space left on device", "sessions")

        monkeypatch.setattr(recorder_module.os, "write", disk_full)
        await pilot.press("1")
        await wait_until(pilot, lambda: app.session.finished, "the result")
        await pilot.press("b", "1")
        await pilot.pause()
        monkeypatch.undo()
    reported = [m for m in messages if "No space left on device" in m]
    assert len(reported) == 1 and "session records stopped" in reported[0]
    lines = lines_of(app.recorder.file)
    assert lines[-1]["node"] == "q_when"  # what was saved before the disk filled stays whole


async def test_a_walk_resumed_from_a_read_only_file_goes_on_in_a_new_one(tmp_path, make_read_only):
    old = left_walk(tmp_path)
    make_read_only(old.file)
    app = recording_app(tmp_path)
    messages = spy_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, ExploreScreen)
        await pilot.press("1")
        await wait_until(pilot, lambda: app.session.finished, "the result")
        await pilot.pause()
    assert any("could not continue" in m and "Permission denied" in m for m in messages)
    assert app.recorder.session_id != old.session_id
    record = load_session(tmp_path, app.recorder.session_id)
    assert [t.recorded.answer for t in record.path] == ["No", "After exercise"]


# -- fast keys: each line carries its own move ----------------------------------------------
async def test_moves_made_before_a_redraw_are_each_recorded_with_their_own_state(tmp_path):
    app = recording_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await records_started(pilot, app)
        screen = app.explore_screen
        screen.action_choose(1)  # two moves before the screen is redrawn
        screen.action_choose(0)
        await wait_until(pilot, lambda: app.session.finished, "the result")
        await pilot.pause()
    moves = [(e["type"], e["action"], e["node"]) for e in lines_of(app.recorder.file)]
    assert moves == [
        ("begin", "begin", "q_when"),
        ("step", "answer", "q_when"),
        ("step", "answer", "r_overuse"),
        ("finish", "finish", "r_overuse"),
    ]


# -- one walk per process --------------------------------------------------------------------
async def test_a_walk_live_in_another_footpain_tui_is_not_offered(tmp_path):
    live = left_walk(tmp_path, close=False)  # the other instance is still running
    app = recording_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await records_started(pilot, app)
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        await pilot.press("2")
        await wait_until(pilot, lambda: app.recorder.session_id is not None, "a session")
        assert app.recorder.file != live.file  # its own file, not the other's
    live.close()


# -- the right walk, named --------------------------------------------------------------------
async def test_the_explorer_offers_only_free_walks_naming_the_question(tmp_path):
    left_walk(tmp_path, answers=("No",))
    left_walk(tmp_path, answers=("Yes",), mode="training", case_id="swollen_calf")
    app = recording_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        assert plain(app.screen.query_one("#dialog-title")) == "Resume your last walk?"
        message = plain(app.screen.query_one("#dialog-message"))
        assert 'stopped at "When does it hurt?" after 1 answer.' in message
        await pilot.press("y")
        await wait_for_screen(pilot, ExploreScreen)
        assert app.session.current_id == "q_when"


async def test_train_offers_only_training_walks_naming_the_case(tmp_path):
    left_walk(tmp_path, answers=("No",), mode="training", case_id="new_jogger")
    left_walk(tmp_path, answers=("Yes",))  # newer, but a free walk
    app = recording_app(tmp_path, cases=CASES, start_in_training=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        assert plain(app.screen.query_one("#dialog-title")) == "Resume your last training walk?"
        message = plain(app.screen.query_one("#dialog-message"))
        assert message.startswith('Your case "A new jogger" from ')
        assert 'stopped at "When does it hurt?"' in message
        await pilot.press("y")
        await wait_for_screen(pilot, TrainingScreen)
        assert app.screen.case.id == "new_jogger" and app.screen.session.current_id == "q_when"


async def test_a_walk_on_an_edited_tree_is_offered_with_a_note(tmp_path):
    left_walk(tmp_path)
    edited = tmp_path / "mini-edited.json"
    edited.write_bytes(MINI.read_bytes() + b"\n")
    app = make_app(edited, record=True, data_dir=tmp_path, tree_path=edited)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        assert "The tree file has changed since" in plain(app.screen.query_one("#dialog-message"))


async def test_declining_is_remembered_for_that_walk_without_a_new_session(tmp_path):
    old = left_walk(tmp_path)
    app = recording_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("n")
        await wait_for_screen(pilot, ExploreScreen)
    # Declining used to start an empty session to hide the old one; now the old walk says so.
    assert [s.session_id for s in list_sessions(tmp_path)] == [old.session_id]
    assert lines_of(old.file)[-1]["type"] == "declined"
    again = recording_app(tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await records_started(pilot, again)
        await pilot.pause()
        assert not isinstance(again.screen, ConfirmDialog)


# -- the search runs off the UI thread; its stale result is dropped ---------------------------
async def test_keys_work_while_the_resume_search_runs_and_its_stale_offer_is_dropped(
    tmp_path, monkeypatch
):
    left_walk(tmp_path)
    release = threading.Event()
    real_find = resume_module.find_resumable

    def slow_find(*args, **kwargs):  # thousands of session files
        release.wait(10)
        return real_find(*args, **kwargs)

    monkeypatch.setattr(resume_module, "find_resumable", slow_find)
    app = recording_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: bool(app.workers), "the search to start")
        await pilot.press("2")  # answered while the search is still running
        await wait_until(pilot, lambda: app.session.current_id == "q_when", "the answer")
        assert not release.is_set() and app.workers
        release.set()
        await wait_until(pilot, lambda: not app.workers, "the search to end")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)  # it would have undone the new walk
        assert app.session.current_id == "q_when"


# -- a bad record cannot break a start --------------------------------------------------------
@pytest.mark.parametrize(
    "bad",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"type": "step", "keep": 0, "add": [{"question": "q_flag", "choice": 1e999}]}',
    ],
)
async def test_a_bad_line_in_the_newest_session_is_skipped_with_a_warning(tmp_path, bad):
    old = left_walk(tmp_path)
    with old.file.open("ab") as handle:
        handle.write(bad + b"\n")
    app = recording_app(tmp_path)
    messages = spy_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)  # the walk before the bad line is intact
        assert any("skipped a corrupt record" in m for m in messages)
        await pilot.press("y")
        await wait_for_screen(pilot, ExploreScreen)
        assert app.session.current_id == "q_when"


# -- escape sequences in tree text never reach the terminal ----------------------------------
async def test_tree_text_with_escape_sequences_is_shown_neutralised(tmp_path):
    data = json.loads(MINI.read_text())
    data["nodes"]["q_flag"]["prompt"] = "Swollen?\x1b]0;owned\x07\x1b[2J"
    data["nodes"]["q_flag"]["choices"][0]["label"] = "Yes\x1b[?1049l"
    path = tmp_path / "escapes.json"
    path.write_text(json.dumps(data))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ExploreScreen)
        prompt = question_parts(app)["prompt"]
        assert prompt == "Swollen?\ufffd]0;owned\ufffd\ufffd[2J"
        choices = choice_texts(app)
        assert "\x1b" not in "".join(choices) and "Yes\ufffd[?1049l" in choices[0]
