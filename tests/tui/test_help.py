"""Help (? and f1): the keys that work where you are, read from the live bindings."""

from __future__ import annotations

import pytest

from footpain_tui.ui.screens.explore import ExploreScreen
from footpain_tui.ui.screens.help import HelpScreen
from footpain_tui.ui.screens.tree_map import TreeMapScreen
from footpain_tui.ui.widgets.footer import ScreenFooter

from .reading import plain, wait_for_screen

SIZE = (100, 32)


def key_rows(app) -> dict[str, str]:
    rows = plain(app.screen.query_one("#help-keys")).splitlines()
    table = {}
    for row in rows:
        keys, _, description = row.partition("  ")
        table[keys.strip()] = description.strip()
    return table


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_the_live_keys_and_escape_closes(app_factory, key):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")  # mid-walk: back and restart are live
        await pilot.press(key)
        await wait_for_screen(pilot, HelpScreen)
        rows = key_rows(app)
        assert rows["1-9"].startswith("Answer")
        assert rows["b ⌫"].startswith("Back")
        assert rows["r"].startswith("Restart")
        assert rows["m"].startswith("Map")
        assert rows["? f1"].startswith("Help")
        assert "letter" in rows
        await pilot.press("escape")
        await wait_for_screen(pilot, ExploreScreen)
        assert app.session.current_id == "q_when"


async def test_help_at_the_start_leaves_out_keys_that_do_nothing(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpScreen)
        rows = key_rows(app)
        assert "1-9" in rows
        assert not any(d.startswith(("Back", "Restart")) for d in rows.values())


async def test_help_follows_the_screen_it_was_opened_on(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await wait_for_screen(pilot, TreeMapScreen)
        await pilot.press("question_mark")
        await wait_for_screen(pilot, HelpScreen)
        rows = key_rows(app)
        assert rows["esc m"].startswith("Close map")
        assert "1-9" not in rows
        await pilot.press("question_mark")  # ? toggles help off again
        await wait_for_screen(pilot, TreeMapScreen)


async def test_the_result_pane_offers_its_scroll_keys_in_footer_and_help(app_factory, heel_tree):
    from footpain_tui.ui.widgets.result_pane import ResultPane

    app = app_factory(heel_tree)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "y")  # the urgent result
        pane = app.screen.query_one(ResultPane)
        assert app.focused is pane
        footer_keys = {key.description for key in app.screen.query_one(ScreenFooter).shown}
        assert "Scroll" in footer_keys
        await pilot.press("end")
        assert pane.scroll_y == pane.max_scroll_y > 0
        await pilot.press("home")
        assert pane.scroll_y == 0
        await pilot.press("space")
        assert pane.scroll_y > 0
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpScreen)
        rows = key_rows(app)
        assert rows["PgUp PgDn Space Home End"].startswith("Scroll: Page down")
        descriptions = set(rows.values())
        assert {"Page up", "Top", "Bottom"} <= descriptions
