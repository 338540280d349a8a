"""Checklists in the explorer, by real keys: tick all that apply (1-9, letters, space, a
click), "None of these" alone, enter confirms, back and the map's jump restore the ticks, and
the path bar and the result name every finding ticked."""

from __future__ import annotations

from footpain_tui.ui.screens.dialogs import ConfirmDialog
from footpain_tui.ui.screens.explore import ExploreScreen
from footpain_tui.ui.screens.help import HelpScreen
from footpain_tui.ui.screens.tree_map import TreeMapScreen
from footpain_tui.ui.widgets.choice_list import ChoiceList
from footpain_tui.ui.widgets.footer import ScreenFooter
from footpain_tui.ui.widgets.path_bar import PathBar

from .reading import (
    choice_texts,
    plain,
    question_parts,
    result_parts,
    wait_for_screen,
    wait_until,
)

SIZE = (100, 32)


def ticks(app) -> tuple[int, ...]:
    """The choices shown ticked (0-based), read from the marks on screen."""
    return tuple(i for i, text in enumerate(choice_texts(app)) if text.startswith("[x] "))


def footer_keys(app) -> dict[str, str]:
    return {key.description: key.key_display for key in app.screen.query_one(ScreenFooter).shown}


async def test_digits_tick_and_untick_without_answering(app_factory):
    app = app_factory("checklist.json")
    async with app.run_test(size=SIZE) as pilot:
        assert app.session.current_id == "q_signs"
        assert choice_texts(app)[0] == "[ ] 1. A hot, swollen joint [j]"
        assert question_parts(app)["hint"].startswith("Tick all that apply")
        await pilot.press("2", "3")
        assert app.session.current_id == "q_signs" and not app.session.steps
        assert ticks(app) == (1, 2)
        assert question_parts(app)["hint"].startswith("2 ticked: enter confirms")
        assert app.screen.query_one(ChoiceList).cursor == 2  # on the last one toggled
        await pilot.press("2")
        assert ticks(app) == (2,)
        await pilot.press("9")  # no ninth choice: nothing happens
        assert ticks(app) == (2,) and app.session.current_id == "q_signs"


async def test_space_ticks_the_highlighted_choice_and_letters_tick_theirs(app_factory):
    app = app_factory("checklist.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "space")
        assert ticks(app) == (1,)
        await pilot.press("space")
        assert ticks(app) == ()
        await pilot.press("f", "s")  # the shortcut letters of Fever and Spreading redness
        assert ticks(app) == (1, 2)
        assert not app.session.steps


async def test_none_of_these_is_ticked_alone(app_factory):
    app = app_factory("checklist.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "2")
        await pilot.press("4")  # None of these clears the others
        assert ticks(app) == (3,)
        await pilot.press("3")  # a sign clears None of these
        assert ticks(app) == (2,)
        await pilot.press("n", "enter")
        assert app.session.current_id == "q_when"
        assert app.session.steps[0].ticked == (3,)


async def test_enter_confirms_the_ticked_set_and_follows_the_first_in_the_authors_order(
    app_factory,
):
    app = app_factory("checklist.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "2", "enter")
        assert app.session.current_id == "r_fever"  # Fever comes before Spreading redness
        step = app.session.steps[0]
        assert (step.choice_index, step.ticked) == (1, (1, 2))
        path = plain(app.screen.query_one(PathBar))
        assert path.startswith("Path 1 Tick every sign the patient has now. → fever, spreading")
        result = result_parts(app)
        assert result["reported"] == "You reported: fever, spreading redness"
        assert result["Why this result"].splitlines()[0] == "⚑ fever, spreading redness"  # a sign


async def test_enter_with_nothing_ticked_ticks_the_highlighted_choice(app_factory):
    """A walk by arrows and enter alone never gets stuck on a checklist."""
    app = app_factory("checklist.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "enter")
        assert app.session.current_id == "r_cellulitis"
        assert app.session.steps[0].ticked == (2,)


async def test_back_restores_the_ticks_of_the_step_returned_to(app_factory):
    app = app_factory("checklist.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "3", "enter")
        assert app.session.current_id == "r_hot_joint"
        await pilot.press("b")
        assert app.session.current_id == "q_signs" and not app.session.steps
        assert ticks(app) == (0, 2)
        assert question_parts(app)["hint"].startswith("2 ticked")
        await pilot.press("1", "enter")  # re-answering starts from what was ticked
        assert app.session.current_id == "r_cellulitis"
        assert app.session.steps[0].ticked == (2,)
        await pilot.press("r")  # restart clears every tick
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_screen(pilot, ExploreScreen)
        assert app.session.current_id == "q_signs" and not app.session.steps
        assert ticks(app) == ()


async def test_the_maps_jump_restores_the_ticks(app_factory):
    app = app_factory("checklist.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "enter", "1")  # None of these, then After exercise
        assert app.session.current_id == "r_overuse"
        await pilot.press("m")
        await wait_for_screen(pilot, TreeMapScreen)
        await pilot.pause()
        tree = app.screen.query_one("#map")
        while tree.cursor_node.data.node_id != "q_signs":
            await pilot.press("up")
        await pilot.press("enter")
        await wait_for_screen(pilot, ExploreScreen)
        assert app.session.current_id == "q_signs"
        assert ticks(app) == (3,)


async def test_a_click_ticks_on_a_checklist_and_answers_a_question(app_factory):
    app = app_factory("checklist.json")
    async with app.run_test(size=SIZE) as pilot:
        choices = app.screen.query_one(ChoiceList)
        await pilot.click(choices, offset=(8, 1))  # the second choice's line
        await pilot.click(choices, offset=(8, 2))
        assert ticks(app) == (1, 2)
        await pilot.click(choices, offset=(8, 1))
        assert ticks(app) == (2,)
        assert not app.session.steps
        await pilot.press("s", "n", "enter")  # untick, then None of these
        assert app.session.current_id == "q_when"
        await pilot.click(choices, offset=(8, 1))  # a one-answer question: answers at once
        assert app.session.current_id == "r_nerve"


async def test_one_answer_questions_keep_answering_at_once(app_factory):
    app = app_factory("checklist.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter")
        assert app.session.current_id == "q_when"
        assert choice_texts(app)[0] == "1. After exercise [x]"  # no tick column
        assert question_parts(app)["hint"] == ""
        await pilot.press("2")
        assert app.session.current_id == "r_nerve"
        await pilot.press("b", "down", "enter")
        assert app.session.current_id == "r_nerve"


async def test_footer_and_help_offer_toggle_and_confirm_only_on_a_checklist(app_factory):
    app = app_factory("checklist.json")
    async with app.run_test(size=SIZE) as pilot:
        # Textual fills the Footer just after the first frame.
        await wait_until(pilot, lambda: "Toggle" in footer_keys(app), "the Footer's keys")
        keys = footer_keys(app)
        assert keys["Toggle"] == "1-9"
        assert "Confirm" in keys
        assert "Answer" not in keys
        await pilot.press("question_mark")
        await wait_for_screen(pilot, HelpScreen)
        rows = plain(app.screen.query_one("#help-keys")).splitlines()
        assert any(r.startswith("1-9 space") and "Toggle" in r for r in rows)  # one row
        assert any(r.split()[0] == "⏎" and "Confirm" in r for r in rows)
        await pilot.press("escape")
        await wait_for_screen(pilot, ExploreScreen)
        await pilot.press("n", "enter")  # a one-answer question
        keys = footer_keys(app)
        assert keys["Answer"] == "1-9"
        assert "Toggle" not in keys and "Confirm" not in keys


async def test_the_bundled_tree_result_names_every_sign_reported(app_factory):
    """Several signs at the same-day screen: the walk follows the most urgent, and the
    result names each of them, and the risk factor ticked before."""
    from footpain_tui.core.tree.bundled import default_tree_path

    app = app_factory(default_tree_path())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "enter")  # no emergency sign
        assert app.session.current_id == "q_comorbidity"
        await pilot.press("g", "enter")  # known gout
        assert app.session.current_id == "q_same_day"
        await pilot.press("c", "f", "enter")  # spreading redness and fever
        assert app.session.current_id == "r_cellulitis"
        reported = result_parts(app)["reported"].removeprefix("You reported: ")
        assert reported == (
            "known gout, spreading, hot, tender redness of the skin, fever with the foot pain"
        )
        path = plain(app.screen.query_one(PathBar))
        assert "fever with the foot pain" in path


def test_a_step_too_long_for_the_bar_is_shortened_not_lost():
    from footpain_tui.ui.widgets.path_bar import fold_path

    answers = [("Which of these?", ", ".join(["a very long finding indeed"] * 12))]
    shown = fold_path(answers, 60).plain
    assert shown.startswith("1 Which of these? → a very long finding indeed")
    assert shown.endswith("…")
    assert len(shown) <= 2 * (60 - len("Path "))
