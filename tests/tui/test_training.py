"""Training mode driven by real keys: case list, a matched and a diverging case, the score,
session records that survive a crash, an unwritable data directory, and the export key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from footpain_tui.core.records.sessions import list_sessions, load_session
from footpain_tui.core.training.case_file import load_cases
from footpain_tui.ui.screens.dialogs import ConfirmDialog
from footpain_tui.ui.screens.explore import ExploreScreen
from footpain_tui.ui.screens.train import CaseListScreen, ScoreScreen, TrainingScreen, VerdictScreen
from footpain_tui.ui.widgets.differential import DifferentialPanel

from .apps import DATA, make_app
from .reading import option_texts, plain, spy_notifications, wait_for_screen, wait_until

MINI = DATA / "mini.json"


@pytest.fixture
def cases():
    return load_cases(DATA / "cases" / "good.json")


def training_app(cases, data_dir: Path | None = None, **kwargs):
    if data_dir is not None:
        kwargs.update(record=True, data_dir=data_dir, tree_path=MINI)
    return make_app("mini.json", cases=cases, start_in_training=True, **kwargs)


async def test_case_list_lists_every_case_with_difficulty(cases):
    app = training_app(cases)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, CaseListScreen)
        texts = option_texts(app.screen.query_one("#case-list"))
        assert texts == [
            "  1. A swollen, warm foot  [easy]",
            "  2. A new jogger  [medium]",
            "  3. Pain at night  [hard]",
        ]
        assert plain(app.screen.query_one("#score-line")) == "Score: no cases attempted yet"


async def test_matched_case_shows_story_hides_differential_and_gives_verdict(cases):
    app = training_app(cases)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, CaseListScreen)
        await pilot.press("enter")  # the first case: swollen_calf
        await wait_for_screen(pilot, TrainingScreen)
        screen = app.screen
        assert screen.case.id == "swollen_calf"
        assert "flew home from Australia" in plain(screen.query_one("#story-text"))
        assert not screen.query(DifferentialPanel), "the differential would give the answer away"
        await pilot.press("y")  # the shortcut for "Yes"
        await wait_for_screen(pilot, VerdictScreen)
        verdict = app.screen.verdict
        assert verdict.matched and verdict.divergence is None
        assert "MATCHED" in plain(app.screen.query_one("#verdict-banner"))
        assert "NOT" not in plain(app.screen.query_one("#verdict-banner"))
        assert "Screen for thrombosis before anything else." in plain(
            app.screen.query_one("#verdict-lessons")
        )
        assert app.score.attempted == 1 and app.score.matched == 1


async def test_diverging_case_names_the_first_wrong_turn(cases):
    app = training_app(cases)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, CaseListScreen)
        await pilot.press("down", "enter")  # new_jogger: expected No, then After exercise
        await wait_for_screen(pilot, TrainingScreen)
        await pilot.press("2", "2")  # No, then At night: wrong at question 2
        await wait_for_screen(pilot, VerdictScreen)
        verdict = app.screen.verdict
        assert not verdict.matched
        assert verdict.divergence.question_id == "q_when"
        assert (verdict.divergence.given, verdict.divergence.expected) == (
            "At night",
            "After exercise",
        )
        summary = plain(app.screen.query_one("#verdict-summary"))
        assert "First wrong turn, question 2: When does it hurt?" in summary
        assert "You answered At night; the case called for After exercise." in summary
        assert "Pain after unusual load points to overuse." in summary
        assert "NOT MATCHED" in plain(app.screen.query_one("#verdict-banner"))
        # Both paths side by side: the trainee's and the expected one.
        assert "At night" in plain(app.screen.query_one("#trainee-path"))
        assert "After exercise" in plain(app.screen.query_one("#expected-path"))
        assert app.score.attempted == 1 and app.score.matched == 0
        assert [d.question_id for d in app.score.divergences] == ["q_when"]


async def test_score_across_cases_and_shown_when_leaving(cases):
    app = training_app(cases)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, CaseListScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, TrainingScreen)
        await pilot.press("1")  # swollen_calf: matched
        await wait_for_screen(pilot, VerdictScreen)
        await pilot.press("n")  # next case not yet attempted: new_jogger
        await wait_until(pilot, lambda: isinstance(app.screen, TrainingScreen), "the next case")
        assert app.screen.case.id == "new_jogger"
        await pilot.press("2", "3")  # diverges
        await wait_for_screen(pilot, VerdictScreen)
        assert "1 of 2" in plain(app.screen.query_one("#verdict-score"))
        await pilot.press("escape")
        await wait_for_screen(pilot, CaseListScreen)
        texts = option_texts(app.screen.query_one("#case-list"))
        assert texts[0].startswith("✓") and texts[1].startswith("✗") and texts[2].startswith(" ")
        await pilot.press("escape")  # leaving training shows the score first
        await wait_for_screen(pilot, ScoreScreen)
        # The difference reads as the prompt, then both answers below it, not "prompt?: ...".
        [d] = app.score.divergences
        shown = plain(app.screen.query_one("#score-body")).splitlines()
        at = shown.index(f"• {d.prompt}")
        assert shown[at + 1 : at + 3] == [
            f"    You answered: {d.given}",
            f"    The case:     {d.expected}",
        ]
        await pilot.press("escape")
        await wait_for_screen(pilot, ExploreScreen)


async def test_retry_and_back_within_a_case(cases):
    app = training_app(cases)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, CaseListScreen)
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, TrainingScreen)
        await pilot.press("2")
        assert app.screen.session.current_id == "q_when"
        await pilot.press("b")
        assert app.screen.session.current_id == "q_flag"
        await pilot.press("2", "1")
        await wait_for_screen(pilot, VerdictScreen)
        assert app.screen.verdict.matched
        await pilot.press("r")  # retry the same case
        await wait_until(pilot, lambda: isinstance(app.screen, TrainingScreen), "the retried case")
        assert app.screen.case.id == "new_jogger" and app.screen.session.steps == ()


async def test_training_walk_is_recorded_with_its_verdict(cases, tmp_path):
    app = training_app(cases, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, CaseListScreen)
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, TrainingScreen)
        await pilot.press("2", "2")
        await wait_for_screen(pilot, VerdictScreen)
    [summary] = list_sessions(tmp_path)
    assert (summary.mode, summary.case_id, summary.matched, summary.finished) == (
        "training",
        "new_jogger",
        False,
        True,
    )
    record = load_session(tmp_path, summary.session_id)
    assert record.verdict["divergence"]["question"] == "q_when"
    assert record.story.startswith("A 34-year-old")


async def test_resume_after_a_crash_mid_line(tmp_path):
    # A first run answers one question, then "crashes" while writing the next line.
    first = make_app("mini.json", record=True, data_dir=tmp_path, tree_path=MINI)
    async with first.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ExploreScreen)
        await pilot.press("2")
        await wait_until(pilot, lambda: first.session.current_id == "q_when", "the first answer")
        await pilot.pause()
    [log] = list((tmp_path / "sessions").glob("*.jsonl"))
    lines = log.read_bytes().splitlines(keepends=True)
    assert lines, "each step is on disk when the key has been handled"
    with log.open("ab") as handle:
        handle.write(b'{"v":1,"type":"step","path":[{"question":"q_wh')  # cut mid-line

    second = make_app("mini.json", record=True, data_dir=tmp_path, tree_path=MINI)
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        assert "Resume your last walk?" in plain(second.screen.query_one("#dialog-title"))
        await pilot.press("y")
        await wait_for_screen(pilot, ExploreScreen)
        assert second.session.current_id == "q_when"
        assert [s.node_id for s in second.session.steps] == ["q_flag"]
        assert "No" in plain(second.explore_screen.query_one("#path-bar"))
        await pilot.press("1")  # finish the resumed walk
        await wait_until(pilot, lambda: second.session.finished, "the result")
        await pilot.pause()
    # The resumed walk went on in the same file, with the torn line cut away.
    assert list((tmp_path / "sessions").glob("*.jsonl")) == [log]
    record = load_session(tmp_path, None)
    assert record.finished and record.result["id"] == "r_overuse"
    assert all(json.loads(line) for line in log.read_bytes().splitlines())


async def test_declined_resume_starts_fresh_and_is_not_offered_again(tmp_path):
    first = make_app("mini.json", record=True, data_dir=tmp_path, tree_path=MINI)
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
    second = make_app("mini.json", record=True, data_dir=tmp_path, tree_path=MINI)
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("n")
        await wait_for_screen(pilot, ExploreScreen)
        assert second.session.current_id == "q_flag"
    third = make_app("mini.json", record=True, data_dir=tmp_path, tree_path=MINI)
    async with third.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ExploreScreen)
        await pilot.pause()
        assert not isinstance(third.screen, ConfirmDialog)


async def test_unwritable_data_dir_is_reported_once_and_walks_still_work(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    app = make_app("mini.json", record=True, data_dir=blocker / "sub", tree_path=MINI)
    messages = spy_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ExploreScreen)
        await pilot.pause()
        assert sum("cannot save session records" in m for m in messages) == 1
        await pilot.press("2", "1")
        await wait_until(pilot, lambda: app.session.finished, "the result")
        assert app.session.current_id == "r_overuse"
        await pilot.pause()
        assert sum("cannot save session records" in m for m in messages) == 1


async def test_export_key_writes_a_markdown_transcript(tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    app = make_app(
        "mini.json", record=True, data_dir=tmp_path / "data", tree_path=MINI, export_dir=out
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "2")
        await wait_until(pilot, lambda: app.session.finished, "the result")
        await pilot.pause()
        await pilot.press("e")
        await wait_until(pilot, lambda: list(out.glob("*.md")), "the transcript")
    [transcript] = list(out.glob("*.md"))
    text = transcript.read_text(encoding="utf-8")
    assert "Is the foot swollen, heavy and warm?" in text and "**No**" in text
    assert "At night" in text and "Nerve pain" in text
    assert not list(out.glob(".*.tmp")), "no temp file is left behind"


async def test_train_and_export_keys_are_not_offered_when_they_cannot_work():
    app = make_app("mini.json")  # no cases, recording off
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ExploreScreen)
        active = app.screen.active_bindings
        assert "t" not in active and "e" not in active
        assert "b" not in active  # nothing to undo yet
        await pilot.press("t", "e")
        await pilot.pause()
        assert isinstance(app.screen, ExploreScreen)


async def test_train_key_with_cases_that_fail_to_load_says_so(cases):
    app = make_app("mini.json", cases=[])  # e.g. a lazily loaded case file that failed
    messages = spy_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ExploreScreen)
        assert "t" in app.screen.active_bindings
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ExploreScreen)
        assert any("No training cases" in m for m in messages)


async def test_a_case_opened_and_left_unanswered_leaves_no_session(cases, tmp_path):
    app = training_app(cases, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, CaseListScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, TrainingScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, CaseListScreen)
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, TrainingScreen)
        await pilot.press("2")  # one answer: now there is a walk to keep
        await wait_until(pilot, lambda: app.screen.session.current_id == "q_when", "the answer")
    [summary] = list_sessions(tmp_path)
    assert (summary.case_id, summary.steps, summary.finished) == ("new_jogger", 1, False)
