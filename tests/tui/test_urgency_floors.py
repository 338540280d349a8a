"""A tree with urgency floors in today's explorer: the result and the differential show the
urgency the walk gives them (the result's own, raised by the floors passed)."""

from __future__ import annotations

from textual.widgets import Static

from footpain_tui.ui.widgets.differential import DifferentialPanel

from .reading import plain

SIZE = (100, 32)


async def test_the_result_and_the_differential_show_the_raised_urgency(app_factory):
    app = app_factory("floors.json")
    async with app.run_test(size=SIZE) as pilot:
        body = app.screen.query_one(DifferentialPanel).query_one("#differential-body", Static)
        await pilot.press("n", "d")  # no warning signs; diabetes (floor: routine)
        assert app.session.current_id == "q_when"
        assert "[ROUTINE] Overuse" in plain(body).splitlines()
        await pilot.press("x")  # after exercise: overuse, self-care on its own
        assert app.session.current_id == "r_overuse"
        banner = plain(app.screen.query_one("#banner", Static))
        assert banner.split()[0] == "ROUTINE"
        await pilot.press("b", "b", "n", "x")  # no risk factors: self-care again
        assert app.session.current_id == "r_overuse"
        assert plain(app.screen.query_one("#banner", Static)).split()[0] == "SELF-CARE"
