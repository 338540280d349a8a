"""``--watch``: the tree file changed on disk, broken and fixed while the app is open.

The file is really written and the app really watches it (watchfiles, the operating
system's file events); the tests wait on the app's state, never on a fixed pause.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from footpain_tui.core.training.case_file import load_cases
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.ui.screens.explore import ExploreScreen
from footpain_tui.ui.screens.tree_errors import TreeErrorScreen
from footpain_tui.ui.screens.tree_map import TreeMapScreen

from .apps import DATA
from .reading import choice_texts, question_parts, wait_for_screen, wait_until

SIZE = (100, 32)


def mini() -> dict[str, Any]:
    return json.loads((DATA / "mini.json").read_text(encoding="utf-8"))


def save(path: Path, content: dict[str, Any] | str) -> None:
    """Save as an editor does: a new file renamed over the old one."""
    text = content if isinstance(content, str) else json.dumps(content, indent=2)
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def watched_app(app_factory, tmp_path: Path, **kwargs):
    """The explorer with ``--watch`` on a copy of the mini tree: (its file, the app)."""
    path = tmp_path / "tree.json"
    save(path, mini())
    return path, app_factory(load_tree(path), tree_path=path, watch=True, **kwargs)


async def start_watching(pilot) -> None:
    await wait_until(pilot, lambda: pilot.app.tree_watch.watching.is_set(), "the watch to start")


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_change_on_disk_shows_at_once_and_keeps_the_walk(app_factory, tmp_path):
    path, app = watched_app(app_factory, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_watching(pilot)
        await pilot.press("2")  # No: on to q_when
        assert app.session.current_id == "q_when"
        data = mini()
        data["nodes"]["q_when"]["prompt"] = "When is it worst?"
        data["nodes"]["q_when"]["choices"].append({"label": "All day", "next": "r_nerve"})
        save(path, data)
        await wait_until(pilot, lambda: app.tree_watch.reloads == 1, "the reload")
        await wait_until(
            pilot,
            lambda: "Tree reloaded" in [n.title for n in app._notifications],
            "the reload's notice",
        )
        assert app.session.current_id == "q_when" and len(app.session.steps) == 1
        assert app.decision_tree is app.session.tree
        await wait_until(
            pilot, lambda: question_parts(app)["prompt"] == "When is it worst?", "the new prompt"
        )
        assert choice_texts(app)[-1].startswith("4. All day")
        await pilot.press("4")  # the new answer works at once
        assert app.session.current_id == "r_nerve"


async def test_a_walk_stops_where_its_answers_no_longer_fit_and_says_so(app_factory, tmp_path):
    path, app = watched_app(app_factory, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_watching(pilot)
        await pilot.press("2", "2")  # No, At night: the nerve result
        assert app.session.current_id == "r_nerve"
        data = mini()
        data["nodes"]["q_when"]["choices"][1]["label"] = "At night or at rest"
        save(path, data)
        await wait_until(pilot, lambda: app.tree_watch.reloads == 1, "the reload")
        assert app.session.current_id == "q_when"
        assert [s.node_id for s in app.session.steps] == ["q_flag"]
        await wait_until(
            pilot, lambda: app.screen.query_one("#branch").display, "the question again"
        )
        await wait_until(
            pilot,
            lambda: any(
                "The walk now stands at question q_when ('When does it hurt?')" in note
                and "no longer has the answer 'At night'" in note
                for note in notifications(app)
            ),
            "the notice naming where the walk stopped",
        )


async def test_a_broken_file_shows_its_errors_the_old_tree_works_and_a_fix_clears_them(
    app_factory, tmp_path
):
    path, app = watched_app(app_factory, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_watching(pilot)
        await pilot.press("2")
        old_tree = app.decision_tree
        save(path, '{\n  "meta": {\n    "id": "mini",,\n')
        await wait_for_screen(pilot, TreeErrorScreen)
        shown = str(app.screen.query_one("#tree-errors-problems").render())
        assert f"{path}:3:18" in shown  # the file, line and column
        assert "no longer loads or lints" in str(
            app.screen.query_one("#tree-errors-title").render()
        )
        assert "the file on disk has errors" in app.sub_title
        # Escape: the last good tree is still walked.
        await pilot.press("escape")
        await wait_for_screen(pilot, ExploreScreen)
        assert app.decision_tree is old_tree
        await pilot.press("1")  # After exercise
        assert app.session.current_id == "r_overuse"
        # A lint error shows its JSON path; fixing the file closes the screen by itself.
        data = mini()
        data["nodes"]["q_when"]["choices"][0]["next"] = "r_gone"
        save(path, data)
        await wait_for_screen(pilot, TreeErrorScreen)
        shown = str(app.screen.query_one("#tree-errors-problems").render())
        assert f"{path}:nodes.q_when.choices[0].next: FP101 unknown-node" in shown
        fixed = mini()
        fixed["nodes"]["r_overuse"]["title"] = "Overuse (fixed)"
        save(path, fixed)
        await wait_for_screen(pilot, ExploreScreen)
        assert app.tree_watch.reloads == 1 and app.tree_watch.failures == 2
        assert app.session.current_id == "r_overuse"
        assert app.session.current.title == "Overuse (fixed)"
        assert app.sub_title == "v1.0"


async def test_the_open_tree_map_is_built_again(app_factory, tmp_path):
    path, app = watched_app(app_factory, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_watching(pilot)
        await pilot.press("2", "m")
        await wait_for_screen(pilot, TreeMapScreen)
        data = mini()
        data["nodes"]["q_flag"]["prompt"] = "Swollen, heavy, warm foot?"
        save(path, data)
        await wait_until(pilot, lambda: app.tree_watch.reloads == 1, "the reload")
        outline = app.screen.query_one("#map")
        await wait_until(
            pilot, lambda: "Swollen, heavy, warm foot?" in str(outline.root.label), "the new map"
        )
        assert outline.cursor_node.data.node_id == "q_when"


async def test_cases_that_no_longer_fit_keep_the_old_tree(app_factory, tmp_path):
    cases = load_cases(DATA / "cases" / "good.json")
    path, app = watched_app(app_factory, tmp_path, cases=cases)
    async with app.run_test(size=SIZE) as pilot:
        await start_watching(pilot)
        data = mini()
        data["nodes"]["q_when"]["choices"][1]["label"] = "Overnight"  # a case answers "At night"
        save(path, data)
        await wait_for_screen(pilot, TreeErrorScreen)
        title = str(app.screen.query_one("#tree-errors-title").render())
        assert "the training cases no longer fit the changed tree" in title
        shown = str(app.screen.query_one("#tree-errors-problems").render())
        assert "FP306 answer-mismatch" in shown
        assert app.decision_tree.question("q_when").choices[1].label == "At night"


async def test_train_watch_carries_the_case_walk_onto_the_changed_tree(app_factory, tmp_path):
    from footpain_tui.ui.screens.train import CaseListScreen, TrainingScreen

    cases = load_cases(DATA / "cases" / "good.json")
    path, app = watched_app(app_factory, tmp_path, cases=cases, start_in_training=True)
    async with app.run_test(size=SIZE) as pilot:
        await start_watching(pilot)
        await wait_for_screen(pilot, CaseListScreen)
        await pilot.press("down", "enter")  # the second case: the new jogger
        await wait_for_screen(pilot, TrainingScreen)
        await pilot.press("2")  # No
        training = app.screen
        assert training.session.current_id == "q_when"
        data = mini()
        data["nodes"]["q_when"]["why"] = "Timing separates overuse from nerve pain."
        save(path, data)
        await wait_until(pilot, lambda: app.tree_watch.reloads == 1, "the reload")
        assert training.session.tree is app.decision_tree
        assert training.session.current_id == "q_when" and len(training.session.steps) == 1
        await wait_until(
            pilot,
            lambda: question_parts(app)["why"].endswith(
                "Timing separates overuse from nerve pain."
            ),
            "the new why",
        )
        await pilot.press("1")  # After exercise: the case's expected result, on the new tree
        await wait_until(pilot, lambda: training.session.current_id == "r_overuse", "the result")


async def test_after_a_reload_the_explorer_records_in_a_new_session_of_the_changed_tree(
    app_factory, tmp_path
):
    from footpain_tui.core.records.sessions import list_sessions, load_session

    data_dir = tmp_path / "data"
    path, app = watched_app(app_factory, tmp_path, record=True, data_dir=data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await start_watching(pilot)
        await pilot.press("2")
        await wait_until(pilot, lambda: len(list_sessions(data_dir)) == 1, "the first record")
        data = mini()
        data["meta"]["version"] = "1.1"
        save(path, data)
        await wait_until(pilot, lambda: app.tree_watch.reloads == 1, "the reload")
        await pilot.press("1")  # After exercise, on the changed tree
        await wait_until(pilot, lambda: len(list_sessions(data_dir)) == 2, "the second record")
    first, second = list_sessions(data_dir)
    assert (first.tree_version, second.tree_version) == ("1.0", "1.1")
    assert second.result_id == "r_overuse"
    assert [s.node_id for s in load_session(data_dir, second.session_id).steps] == [
        "q_flag",
        "q_when",
    ]
