"""Walking the explorer with real key presses: answers, results, back, restart, quit."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from footpain_tui.ui.screens.dialogs import ConfirmDialog
from footpain_tui.ui.screens.explore import ExploreScreen
from footpain_tui.ui.widgets.choice_list import ChoiceList
from footpain_tui.ui.widgets.differential import DifferentialPanel
from footpain_tui.ui.widgets.path_bar import PathBar
from footpain_tui.ui.widgets.result_pane import ResultPane

from .reading import choice_texts, plain, question_parts, rendered, result_parts, wait_for_screen

SIZE = (100, 32)


def shown(app, selector: str) -> str:
    return plain(app.screen.query_one(selector, Static))


def stage(app) -> str | None:
    """Which of the two panes is shown: the question ("branch") or the result."""
    shown_panes = [p.id for p in app.screen.query("#branch, #result") if p.display]
    assert len(shown_panes) == 1, shown_panes
    return shown_panes[0]


# keys from the start of snapshot_tree.json -> (result id, urgency word, ranked causes, source line)
RESULTS = {
    "emergency": (
        ["1"],
        "r_emergency",
        "EMERGENCY",
        ["1. Septic arthritis: ", "2. Acute limb ischaemia: "],
        "article ¶2-3 — Posterior heel pain review",
    ),
    "urgent": (
        ["2", "1"],
        "r_urgent",
        "URGENT",
        ["1. Achilles tendon rupture: A complete tear"],
        "General safety advice",
    ),
    "soon": (
        ["2", "2", "1"],
        "r_soon",
        "SOON",
        ["1. Spondyloarthritis: ", "2. Retrocalcaneal bursitis: "],
        "article ¶11 — Posterior heel pain review",
    ),
    "routine": (
        ["2", "2", "2"],
        "r_routine",
        "ROUTINE",
        ["1. Plantar fasciitis: ", "2. Retrocalcaneal bursitis: "],
        "article ¶14-15 — Posterior heel pain review",
    ),
    "self_care": (
        ["2", "2", "3"],
        "r_self_care",
        "SELF-CARE",
        ["1. Achilles tendinopathy: Overload of the Achilles tendon."],
        "article ¶18 — Posterior heel pain review",
    ),
}


@pytest.mark.parametrize("level", list(RESULTS))
async def test_digits_walk_to_each_urgency(app_factory, heel_tree, level):
    keys, result_id, word, causes, source = RESULTS[level]
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        assert stage(app) == "branch"
        await pilot.press(*keys)
        assert app.session.current_id == result_id
        assert app.session.finished
        assert [s.choice_index for s in app.session.steps] == [int(k) - 1 for k in keys]
        assert stage(app) == "result"
        result = result_parts(app)
        banner = result["banner"]
        assert banner.split()[0] == word
        assert app.session.current.urgency.meaning in banner
        ranked = result["Most likely causes"].splitlines()
        assert len(ranked) == len(causes)
        for line, start in zip(ranked, causes, strict=True):
            assert line.startswith(start)
        assert any(line.startswith(f"• {source}") for line in result["Sources"].splitlines())
        # "Why this result" is built from the walk: every answer given on the way (this tree
        # has no findings, so each reads "prompt → answer"), then the fixed explanation
        why = result["Why this result"].splitlines()
        assert why[: len(keys)] == [
            f"{'⚑' if question.is_warning_sign(step.choice_index) else '•'} {question.prompt}"
            f" → {question.choices[step.choice_index].label}"
            for step in app.session.steps
            for question in [app.session.tree.question(step.node_id)]
        ]
        assert why[-1] == app.session.current.explanation


async def test_letter_shortcuts_answer_at_once(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert app.session.current_id == "q_snap"
        assert question_parts(app)["prompt"].startswith("Did the pain start with a sudden snap")
        await pilot.press("n", "s")
        assert app.session.current_id == "r_routine"
        assert result_parts(app)["title"] == "Plantar heel pain"
        path = plain(app.screen.query_one(PathBar))
        assert path.startswith("Path 1 Is there fever")
        assert "→ No" in path
        assert "3 Which pattern fits" in path
        assert "→ First steps in the morning, easing after a few minutes" in path


async def test_a_letter_that_is_no_shortcut_does_nothing(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x", "z", "0")
        assert app.session.current_id == "q_danger"
        assert not app.session.steps
        await pilot.press("9")  # a number past the last choice
        assert app.session.current_id == "q_danger"


async def test_arrows_and_enter_walk_to_a_result(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        choices = app.screen.query_one("#choices", ChoiceList)
        assert app.focused is choices
        assert choice_texts(app) == ["1. Yes [y]", "2. No [n]"]
        await pilot.press("down")
        assert choices.cursor == 1
        await pilot.press("enter")
        assert app.session.current_id == "q_snap"
        assert choices.cursor == 0  # a new question starts on its first choice
        await pilot.press("down", "down", "up", "enter")
        assert app.session.current_id == "q_pattern"
        await pilot.press("down", "down", "enter")
        assert app.session.current_id == "r_self_care"
        assert result_parts(app)["banner"].split()[0] == "SELF-CARE"


async def test_differential_narrows_as_the_walk_goes_on(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen.query_one(DifferentialPanel)
        lines = plain(panel).splitlines()
        assert lines[:2] == [
            "Still possible (7)",
            "Tag: most urgent result it can still lead to.",
        ]
        assert lines[3] == "[EMERGENCY] Septic arthritis"
        await pilot.press("n", "n")
        lines = plain(panel).splitlines()
        assert lines == [
            "Still possible (4)",
            "Tag: most urgent result it can still lead to.",
            "Listed while a later answer can still reach it.",
            "",
            "[SOON] Spondyloarthritis",
            "[SOON] Retrocalcaneal bursitis",
            "[ROUTINE] Plantar fasciitis",
            "[SELF-CARE] Achilles tendinopathy",
        ]


async def test_back_with_b_and_backspace(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "u")
        assert app.session.current_id == "r_self_care"
        await pilot.press("b")
        assert app.session.current_id == "q_pattern"
        assert stage(app) == "branch"
        assert question_parts(app)["prompt"] == "Which pattern fits the heel pain best?"
        assert app.focused is app.screen.query_one("#choices")
        await pilot.press("backspace")
        assert app.session.current_id == "q_snap"
        assert len(app.session.steps) == 1
        assert "2 " not in plain(app.screen.query_one(PathBar))
        await pilot.press("backspace", "b")
        assert app.session.current_id == "q_danger"
        assert plain(app.screen.query_one(PathBar)).startswith("Path: start of the walk")


async def test_back_at_the_start_does_nothing(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b", "backspace")
        assert app.session.current_id == "q_danger"
        assert isinstance(app.screen, ExploreScreen)
        assert question_parts(app)["prompt"].startswith("Is there fever")
        # and the Footer does not offer it
        shown_keys = {b.binding.id for b in app.screen.active_bindings.values()}
        assert "back" not in shown_keys
        assert "restart" not in shown_keys
        await pilot.press("n")
        shown_keys = {b.binding.id for b in app.screen.active_bindings.values()}
        assert {"back", "restart"} <= shown_keys


async def test_restart_asks_first_and_n_keeps_the_walk(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n")
        await pilot.press("r")
        await wait_for_screen(pilot, ConfirmDialog)
        assert plain(app.screen.query_one("#dialog-title", Static)) == "Restart the walk?"
        await pilot.press("n")
        await wait_for_screen(pilot, ExploreScreen)
        assert app.session.current_id == "q_pattern"
        assert len(app.session.steps) == 2
        # escape is a "no" too
        await pilot.press("r")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("escape")
        await wait_for_screen(pilot, ExploreScreen)
        assert len(app.session.steps) == 2


async def test_restart_with_y_goes_back_to_the_first_question(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "i")
        assert stage(app) == "result"
        await pilot.press("r")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, ExploreScreen)
        assert app.session.current_id == "q_danger"
        assert not app.session.steps
        assert stage(app) == "branch"
        assert question_parts(app)["prompt"].startswith("Is there fever")
        assert plain(app.screen.query_one(PathBar)).startswith("Path: start of the walk")
        assert app.focused is app.screen.query_one("#choices")


async def test_restart_at_the_start_does_nothing(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ExploreScreen)
        assert app.screen_stack == [app.explore_screen]  # the explorer alone: no dialog
        # y would answer "Yes" if a dialog had not eaten it: the walk proves there was none
        await pilot.press("y")
        assert app.session.current_id == "r_emergency"


async def test_no_color_still_spells_out_the_urgency(app_factory, heel_tree, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_factory(heel_tree)
    assert app.no_color
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "y")
        pane = app.screen.query_one(ResultPane)
        text = rendered(pane)
        assert "URGENT" in text
        assert "See a doctor today" in text
        # the lines really were drawn without colour: only greys are left
        strips = pane.render_lines(pane.region.reset_offset)
        colours = [
            color
            for strip in strips
            for segment in strip
            if segment.style
            for color in (segment.style.color, segment.style.bgcolor)
            if color is not None and color.triplet is not None
        ]
        assert colours
        assert all(c.triplet.red == c.triplet.green == c.triplet.blue for c in colours)
        differential = rendered(app.screen.query_one(DifferentialPanel))
        lines = [line.lstrip("▏ ") for line in differential.splitlines()]
        first = next(line for line in lines if line.startswith("["))
        assert first.startswith("[URGENT] Achilles tendon")


async def test_q_quits(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_the_linters_reserved_keys_are_the_letters_a_walk_screen_binds(app_factory):
    """FP203 warns about a choice shortcut the explorer binds: that set must follow the
    bindings, or a choice's letter silently shadows a key the Footer shows (v, w did)."""
    from footpain_tui.core.tree.lint import RESERVED_KEYS

    app = app_factory("mini.json")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("n")  # mid-walk: back, restart, review and what-if all live
        letters = {
            key
            for binding in app.screen.active_bindings.values()
            for key in [binding.binding.key]
            if len(key) == 1 and key.islower()
        }
    assert letters and letters <= RESERVED_KEYS, letters - RESERVED_KEYS
