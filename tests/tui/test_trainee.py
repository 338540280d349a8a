"""Who is training, driven by real keys: asked once over the first training screen when not
given, never when given, and stored in every record's begin line from then on."""

from __future__ import annotations

import json
from pathlib import Path

from footpain_tui.core.records.recorder import SessionRecorder
from footpain_tui.core.records.sessions import list_sessions
from footpain_tui.core.training.case_file import load_cases
from footpain_tui.core.tree.walk import WalkSession
from footpain_tui.ui.screens.dialogs import ConfirmDialog
from footpain_tui.ui.screens.explore import ExploreScreen
from footpain_tui.ui.screens.train import CaseListScreen, TrainingScreen, VerdictScreen
from footpain_tui.ui.screens.trainee import TraineeDialog

from .apps import DATA, make_app
from .reading import plain, wait_for_screen, wait_until

MINI = DATA / "mini.json"
CASES = load_cases(DATA / "cases" / "good.json")


def app_for(data_dir: Path, trainee: str | None = None, **kwargs):
    """The CLI's app: ``trainee`` None is what ``--trainee`` left out gives."""
    return make_app(
        "mini.json",
        record=True,
        data_dir=data_dir,
        tree_path=MINI,
        cases=CASES,
        trainee=trainee,
        **kwargs,
    )


def begin_lines(data_dir: Path) -> list[dict]:
    begins = []
    for file in sorted((data_dir / "sessions").glob("*.jsonl")):
        first = json.loads(file.read_bytes().splitlines()[0])
        assert first["type"] == "begin"
        begins.append(first)
    return begins


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(char, char) for char in text])


async def walk_first_case(pilot) -> None:
    """From the case list: swollen_calf, answered as expected, back to the case list."""
    await pilot.press("enter")
    await wait_for_screen(pilot, TrainingScreen)
    await pilot.press("y")
    await wait_for_screen(pilot, VerdictScreen)
    await pilot.press("escape")
    await wait_for_screen(pilot, CaseListScreen)


async def test_training_asks_once_and_records_the_name_in_every_walk(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ExploreScreen)
        await pilot.press("n")  # a free walk begun before anyone said who they are
        await wait_until(pilot, lambda: app.session.current_id == "q_when", "the answer")
        await pilot.press("t")
        await wait_for_screen(pilot, TraineeDialog)
        assert plain(app.screen.query_one("#trainee-title")) == "Who is training?"
        # Over the case list: the first training screen.
        assert isinstance(app.screen_stack[-2], CaseListScreen)
        await type_text(pilot, "  Ada   Lovelace ")
        await pilot.press("enter")
        await wait_for_screen(pilot, CaseListScreen)
        assert app.trainee == "Ada Lovelace"
        assert app.sub_title.endswith("trainee: Ada Lovelace")
        await walk_first_case(pilot)
        await walk_first_case(pilot)  # a second case: not asked again
        assert not any(isinstance(s, TraineeDialog) for s in app.screen_stack)
        await pilot.press("escape")  # leave training (the score), then back to the explorer
        await wait_until(pilot, lambda: not isinstance(app.screen, CaseListScreen), "the score")
        await pilot.press("escape")
        await wait_for_screen(pilot, ExploreScreen)
        await pilot.press("t")  # training again in the same run: still not asked
        await wait_for_screen(pilot, CaseListScreen)
        await pilot.pause()
        assert isinstance(app.screen, CaseListScreen)
    begins = begin_lines(tmp_path)
    assert [(b["mode"], b["trainee"]) for b in begins] == [
        ("free", None),  # begun before the name was given
        ("training", "Ada Lovelace"),
        ("training", "Ada Lovelace"),
    ]
    sessions = list_sessions(tmp_path)
    assert [s.trainee for s in sessions] == [None, "Ada Lovelace", "Ada Lovelace"]


async def test_an_empty_name_or_escape_trains_anonymously_and_is_not_asked_again(tmp_path):
    for key in ("enter", "escape"):
        data_dir = tmp_path / key
        app = app_for(data_dir, start_in_training=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_screen(pilot, TraineeDialog)
            await pilot.press(key)
            await wait_for_screen(pilot, CaseListScreen)
            assert app.trainee == ""
            assert "trainee" not in app.sub_title
            await walk_first_case(pilot)
        assert [b["trainee"] for b in begin_lines(data_dir)] == [None]


async def test_a_name_given_on_the_command_line_is_never_asked_for(tmp_path):
    app = app_for(tmp_path, trainee="Grace", start_in_training=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, CaseListScreen)
        await pilot.pause()
        assert not any(isinstance(s, TraineeDialog) for s in app.screen_stack)
        await walk_first_case(pilot)
        await pilot.press("escape", "escape")
        await wait_for_screen(pilot, ExploreScreen)
        await pilot.press("n")  # free walks carry the name too
        await wait_until(pilot, lambda: app.recorder.session_id is not None, "the free walk")
    assert sorted((b["mode"], b["trainee"]) for b in begin_lines(tmp_path)) == [
        ("free", "Grace"),
        ("training", "Grace"),
    ]


def left_training_walk(data_dir: Path, trainee: str | None) -> None:
    """new_jogger, answered once and left unfinished by ``trainee``."""
    tree = app_for(data_dir).decision_tree
    recorder = SessionRecorder.open(data_dir, tree, MINI)
    recorder.trainee = trainee
    session = WalkSession(tree)
    session.answer_text("No")
    recorder.begin(session, "training", case=CASES.case("new_jogger"))
    recorder.close()


async def resume_search_done(pilot, app) -> None:
    """The search for a walk to resume starts as the explorer's recorder opens; wait for it
    to end and for its offer, if any, to be made."""
    await wait_until(pilot, lambda: app.recorder is not None, "the recorder")
    await wait_until(pilot, lambda: not app.workers, "the resume search")
    await pilot.pause()


async def test_a_resume_offer_waits_until_the_name_is_given(tmp_path):
    left_training_walk(tmp_path, "Ada")
    app = app_for(tmp_path, start_in_training=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, TraineeDialog)
        await resume_search_done(pilot, app)
        assert isinstance(app.screen, TraineeDialog)  # one question at a time
        await type_text(pilot, "Ada")
        await pilot.press("enter")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, TrainingScreen)
        assert app.screen.case.id == "new_jogger"
        await pilot.press("1")  # After exercise: the case's expected end
        await wait_for_screen(pilot, VerdictScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, CaseListScreen)  # not back to the question


async def test_one_trainee_is_never_offered_another_s_walk(tmp_path):
    left_training_walk(tmp_path, "Ada")
    for trainee, offered in (("Grace", False), ("ADA", True)):
        app = app_for(tmp_path, trainee=trainee, start_in_training=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_screen(pilot, CaseListScreen)
            await resume_search_done(pilot, app)
            assert isinstance(app.screen, ConfirmDialog) is offered, trainee
            if offered:
                await pilot.press("n")  # declined: not offered again


async def test_a_walk_found_before_the_name_is_dropped_if_it_is_another_s(tmp_path):
    left_training_walk(tmp_path, "Ada")
    app = app_for(tmp_path, start_in_training=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, TraineeDialog)
        await resume_search_done(pilot, app)
        await type_text(pilot, "Grace")
        await pilot.press("enter")
        await wait_for_screen(pilot, CaseListScreen)
        await pilot.pause()
        assert isinstance(app.screen, CaseListScreen)  # Ada's walk is not offered to Grace


async def test_a_trainee_is_offered_their_own_walk_past_a_newer_one_of_another(tmp_path):
    left_training_walk(tmp_path, "Ada")
    left_training_walk(tmp_path, "Grace")  # newer: the newest of the folder
    app = app_for(tmp_path, trainee="Ada", start_in_training=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, TrainingScreen)
        assert app.screen.recorder.file.read_bytes().count(b'"trainee":"Ada"') == 1
