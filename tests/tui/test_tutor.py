"""The tutor's keys in the explorer (issue 12): the review page (v) and answering a question
again from it, what if (w) on the question and from the review and the tree map, starting
anywhere (--start, and s on the tree map), and the time each answer took."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Tree

from footpain_tui.core.records.sessions import list_sessions, load_session
from footpain_tui.ui.screens.dialogs import ConfirmDialog
from footpain_tui.ui.screens.explore import ExploreScreen
from footpain_tui.ui.screens.help import HelpScreen
from footpain_tui.ui.screens.review import ReviewScreen, ReviewTable, first_sentence
from footpain_tui.ui.screens.tree_map import STARTS_HERE, TreeMapScreen
from footpain_tui.ui.screens.what_if import WhatIfView
from footpain_tui.ui.widgets.footer import ScreenFooter

from .apps import DATA, make_app
from .reading import plain, question_parts, spy_notifications, wait_for_screen, wait_until

MINI = DATA / "mini.json"
SIZE = (100, 32)


def footer_keys(app) -> set[str]:
    return {key.description for key in app.screen.query_one(ScreenFooter).shown}


def table_rows(app) -> list[list[str]]:
    table = app.screen.query_one(ReviewTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def lines_of(file: Path) -> list[dict]:
    return [json.loads(line) for line in file.read_bytes().splitlines()]


async def open_review(pilot) -> None:
    await pilot.press("v")
    await wait_for_screen(pilot, ReviewScreen)
    await pilot.pause()


# -- review ---------------------------------------------------------------------------------
async def test_v_at_a_result_shows_every_answer_with_why_and_time(heel_tree):
    app = make_app(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        assert "Review" not in footer_keys(app)  # nothing answered yet
        await pilot.press("n", "n", "u")  # the self-care result
        assert app.session.finished
        assert "Review" in footer_keys(app)
        await open_review(pilot)
        rows = table_rows(app)
        assert [row[0] for row in rows] == ["1", "2", "3"]
        assert [row[2] for row in rows] == [
            "No",
            "No",
            "During and after running, better with rest",
        ]
        questions = [app.session.tree.question(s.node_id) for s in app.session.steps]
        assert rows[0][1] == "⚑ " + questions[0].prompt  # a red-flag screen is marked
        assert [row[3] for row in rows] == [first_sentence(q.why) for q in questions]
        # The row under the cursor (the last answer) has its "why we ask" whole below.
        assert plain(app.screen.query_one("#review-why")) == f"3. Why we ask: {questions[2].why}"
        await pilot.press("up")
        assert plain(app.screen.query_one("#review-why")).startswith("2. Why we ask: ")
        assert all(row[4].endswith(" s") for row in rows)  # each answer timed
        title = plain(app.screen.query_one("#review-title"))
        assert title.startswith("Review: 3 answers · ended on: [SELF-CARE] ")
        await pilot.press("escape")
        await wait_for_screen(pilot, ExploreScreen)
        assert app.session.finished  # closing the review moves nothing


async def test_enter_on_a_row_answers_that_question_again_and_keeps_the_old_answer(heel_tree):
    app = make_app(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "u")
        await open_review(pilot)
        await pilot.press("up", "enter")  # the second answer: "did it snap?"
        await wait_for_screen(pilot, ExploreScreen)
        assert app.session.current_id == "q_snap"
        assert len(app.session.steps) == 1
        assert question_parts(app)["prompt"] == heel_tree.question("q_snap").prompt
        await pilot.press("y")  # answered differently this time: the urgent result
        await open_review(pilot)
        rows = table_rows(app)
        assert rows[1][2] == "Yes, a snap and weak push-off\nbefore: No"


async def test_the_review_is_offered_in_training_too_and_reopens_there(app_factory):
    from footpain_tui.core.training.case_file import load_cases
    from footpain_tui.ui.screens.train import CaseListScreen, TrainingScreen

    app = app_factory(cases=load_cases(DATA / "cases" / "good.json"), start_in_training=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, CaseListScreen)
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, TrainingScreen)
        assert "What if" not in footer_keys(app)  # it would give the case away
        await pilot.press("2")
        await open_review(pilot)
        assert [row[2] for row in table_rows(app)] == ["No"]
        assert "What if" not in footer_keys(app)
        await pilot.press("enter")
        await wait_for_screen(pilot, TrainingScreen)
        assert app.screen.session.current_id == "q_flag" and not app.screen.session.steps


# -- what if --------------------------------------------------------------------------------
async def test_w_shows_where_every_answer_leads_without_moving_the_walk(heel_tree):
    app = make_app(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert "What if" in footer_keys(app)
        before = (app.session.steps, app.session.current_id)
        await pilot.press("w")
        await wait_until(pilot, lambda: bool(app.screen.query(WhatIfView)), "the what-if view")
        text = plain(app.screen.query_one(WhatIfView))
        assert text.startswith(f"The question on screen: {heel_tree.question('q_snap').prompt}")
        assert "1. Yes, a snap and weak push-off\n   → result: [URGENT] " in text
        assert "2. No\n   → next question: " + heel_tree.question("q_pattern").prompt in text
        assert "3 results still reachable, most urgent [SOON]: 1 soon, 1 routine, 1 self-care" in (
            text
        )
        assert (app.session.steps, app.session.current_id) == before
        await pilot.press("escape")
        await wait_for_screen(pilot, ExploreScreen)
        assert (app.session.steps, app.session.current_id) == before
        await pilot.press("n", "u")  # a result: no question to ask about
        assert "What if" not in footer_keys(app)


async def test_w_on_a_review_row_shows_that_step_with_the_answer_given(heel_tree):
    app = make_app(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "u")
        await open_review(pilot)
        await pilot.press("home", "w")
        await wait_until(pilot, lambda: bool(app.screen.query(WhatIfView)), "the what-if view")
        text = plain(app.screen.query_one(WhatIfView))
        assert text.startswith("Question 1: ")
        assert "2. No  ← your answer" in text
        await pilot.press("escape")
        await wait_for_screen(pilot, ReviewScreen)


# -- start anywhere -------------------------------------------------------------------------------
async def test_the_explorer_opens_mid_tree_and_records_where(tmp_path):
    app = make_app("mini.json", start="q_when", record=True, data_dir=tmp_path, tree_path=MINI)
    async with app.run_test(size=SIZE) as pilot:
        assert app.session.current_id == "q_when" and app.session.started_mid_tree
        assert question_parts(app)["prompt"] == "When does it hurt?"
        await pilot.press("i")  # At night
        await wait_until(pilot, lambda: bool(list_sessions(tmp_path)), "the session file")
        (summary,) = list_sessions(tmp_path)
        record = load_session(tmp_path, summary.session_id)
        assert record.start == "q_when"
        await open_review(pilot)
        assert "started mid-tree, at: When does it hurt?" in plain(
            app.screen.query_one("#review-title")
        )


async def test_s_on_the_tree_map_starts_a_new_walk_at_the_selected_question(tmp_path, heel_tree):
    path = DATA / "snapshot_tree.json"
    app = make_app(heel_tree, record=True, data_dir=tmp_path, tree_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")  # mid-walk: the new start asks first
        await pilot.press("m")
        await wait_for_screen(pilot, TreeMapScreen)
        await pilot.pause()
        tree = app.screen.query_one("#map", Tree)
        assert tree.cursor_node.data.node_id == "q_snap"
        await pilot.press("down", "down")  # the "No" branch: q_pattern
        assert tree.cursor_node.data.node_id == "q_pattern"
        await pilot.press("s")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, ExploreScreen)
        assert app.session.start_id == "q_pattern" and app.session.steps == ()
        assert app.screen.session is app.session
        assert question_parts(app)["prompt"] == heel_tree.question("q_pattern").prompt
        await wait_until(pilot, lambda: len(list_sessions(tmp_path)) == 2, "a new session file")
        newest = max(list_sessions(tmp_path), key=lambda s: s.started_at + s.file.name)
        assert lines_of(newest.file)[0]["start"] == "q_pattern"
        await pilot.press("m")  # the map shows where the walk began, inside the whole tree
        await wait_for_screen(pilot, TreeMapScreen)
        await pilot.pause()
        tree = app.screen.query_one("#map", Tree)
        assert tree.root.data.node_id == "q_danger" and not tree.root.data.on_walk
        assert str(tree.cursor_node.label).endswith(STARTS_HERE)
        assert tree.cursor_node.data.node_id == "q_pattern"


async def test_s_at_the_start_of_a_walk_asks_nothing_and_a_result_cannot_be_a_start(heel_tree):
    app = make_app(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        seen = spy_notifications(app)
        await pilot.press("m")
        await wait_for_screen(pilot, TreeMapScreen)
        await pilot.pause()
        await pilot.press("down", "s")  # "Yes" → the emergency result
        await pilot.pause()
        assert isinstance(app.screen, TreeMapScreen)
        assert seen[-1] == "A walk starts at a question: select one to test from."
        await pilot.press("down", "s")  # "No" → q_snap
        await wait_for_screen(pilot, ExploreScreen)
        assert app.session.start_id == "q_snap"


async def test_w_on_the_tree_map_works_on_questions_of_the_walk(heel_tree):
    app = make_app(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        seen = spy_notifications(app)
        await pilot.press("n", "m")
        await wait_for_screen(pilot, TreeMapScreen)
        await pilot.pause()
        await pilot.press("home", "w")  # the first question, answered "No"
        await wait_until(pilot, lambda: bool(app.screen.query(WhatIfView)), "the what-if view")
        assert "2. No  ← your answer" in plain(app.screen.query_one(WhatIfView))
        await pilot.press("escape")
        await wait_for_screen(pilot, TreeMapScreen)
        await pilot.press("down", "w")  # "Yes": a result, not a question of the walk
        await pilot.pause()
        assert isinstance(app.screen, TreeMapScreen)
        assert seen[-1].startswith("What if works on the questions of your walk")


# -- time per step --------------------------------------------------------------------------
async def test_each_answer_is_timed_and_recorded(tmp_path):
    app = make_app("mini.json", record=True, data_dir=tmp_path, tree_path=MINI)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause(0.05)
        await pilot.press("x")
        await wait_until(pilot, lambda: app.session.finished, "the result")
        times = [step.ms for step in app.session.steps]
        assert all(isinstance(ms, int) and ms >= 0 for ms in times)
        assert times[1] >= 50  # the pause above, at least
        await wait_until(
            pilot,
            lambda: bool(list_sessions(tmp_path)) and list_sessions(tmp_path)[0].finished,
            "the finished record",
        )
        (summary,) = list_sessions(tmp_path)
        assert [t.ms for t in load_session(tmp_path, summary.session_id).path] == times


async def test_help_lists_review_and_what_if(heel_tree):
    app = make_app(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "f1")
        await wait_for_screen(pilot, HelpScreen)
        text = plain(app.screen.query_one("#help-keys"))
        assert "Review: Every answer with its question, why we ask and the time taken" in text
        assert "What if: Where every answer to this question would lead" in text


async def test_at_80_columns_the_review_leaves_why_to_the_pane_below(heel_tree):
    app = make_app(heel_tree)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "u")
        await open_review(pilot)
        table = app.screen.query_one(ReviewTable)
        assert [str(c.label) for c in table.columns.values()] == ["#", "Question", "Answer", "Time"]
        last = app.session.tree.question(app.session.steps[-1].node_id)
        assert plain(app.screen.query_one("#review-why")) == f"3. Why we ask: {last.why}"
        await pilot.resize_terminal(120, 40)
        await wait_until(pilot, lambda: len(table.columns) == 5, "the why column back at 120")
        assert "Why we ask" in [str(c.label) for c in table.columns.values()]
