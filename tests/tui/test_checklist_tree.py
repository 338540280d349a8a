"""A tree with a checklist opens in today's explorer, which answers it one choice at a time
until it learns to tick several: no key leads to a traceback."""

from __future__ import annotations

from textual.widgets import Static

from footpain_tui.ui.screens.tree_map import TreeMapScreen

from .reading import plain, wait_for_screen

SIZE = (100, 32)


async def test_a_checklist_is_answered_like_a_question_for_now(app_factory):
    app = app_factory("checklist.json")
    async with app.run_test(size=SIZE) as pilot:
        assert app.session.current_id == "q_signs"
        assert plain(app.screen.query_one("#prompt", Static)).startswith("Tick every sign")
        await pilot.press("2")  # Fever alone
        assert app.session.current_id == "r_fever"
        assert app.session.steps[0].ticked == (1,)
        await pilot.press("b", "n", "i")  # None of these, then At night
        assert app.session.current_id == "r_nerve"
        await pilot.press("m")  # the tree map draws a checklist's choices as branches
        await wait_for_screen(pilot, TreeMapScreen)
        await pilot.press("escape")
        await pilot.press("r", "y")
        assert app.session.current_id == "q_signs" and not app.session.steps
