"""The command palette (ctrl+p): look up a condition, or search question and result text."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from footpain_tui.ui.screens.explore import ExploreScreen
from footpain_tui.ui.screens.lookup import LookupScreen

from .reading import option_texts, plain, wait_for_screen, wait_until

SIZE = (100, 32)


async def search(pilot, query: str, first_hit: str) -> list[str]:
    """Open the palette, type ``query`` and wait until the hits start with ``first_hit``."""
    await pilot.press("ctrl+p")
    await wait_for_screen(pilot, CommandPalette)
    await pilot.press(*query)
    hits = pilot.app.screen.query_one(CommandList)

    def ready() -> bool:
        texts = option_texts(hits)
        return bool(texts) and texts[0].startswith(first_hit)

    await wait_until(pilot, ready, f"a palette hit starting {first_hit!r}")
    return option_texts(hits)


def lookup_text(app) -> str:
    return plain(app.screen.query_one("#lookup-body"))


async def test_a_condition_name_opens_its_lookup(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        hits = await search(pilot, "fasciitis", "Condition: Plantar fasciitis")
        assert hits[0] == "Condition: Plantar fasciitis\nOverload of the fascia under the heel."
        await pilot.press("enter")
        await wait_for_screen(pilot, LookupScreen)
        text = lookup_text(app)
        assert text.startswith("Plantar fasciitis\nOverload of the fascia under the heel.")
        await pilot.press("escape")
        await wait_for_screen(pilot, ExploreScreen)
        assert app.session.current_id == "q_danger"  # looking up moves nothing


async def test_question_text_finds_the_question(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        hits = await search(pilot, "pattern", "Question: Which pattern")
        assert hits[0].startswith("Question: Which pattern fits the heel pain best?")
        await pilot.press("enter")
        await wait_for_screen(pilot, LookupScreen)
        lines = lookup_text(app).splitlines()
        assert lines[0] == "Question"
        assert lines[1] == "Which pattern fits the heel pain best?"
        assert "1. Worst at rest and at night, with stiff back or other joints" in lines
        assert "3. During and after running, better with rest" in lines
        await pilot.press("q")  # q closes a look-up, it does not quit
        await wait_for_screen(pilot, ExploreScreen)
        assert app.is_running


async def test_result_text_finds_the_result(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "suspected", "Result: Suspected Achilles tendon rupture")
        await pilot.press("enter")
        await wait_for_screen(pilot, LookupScreen)
        lines = lookup_text(app).splitlines()
        assert lines[0] == "[URGENT] Suspected Achilles tendon rupture"
        assert lines[1] == "Achilles tendon rupture"
