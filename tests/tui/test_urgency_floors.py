"""A tree with urgency floors in the explorer: the result and the differential show the
urgency the walk gives them (the result's own, raised by the floors passed), and the result
says why it was raised."""

from __future__ import annotations

from footpain_tui.ui.widgets.differential import DifferentialPanel

from .reading import plain, result_parts

SIZE = (100, 32)


async def test_the_result_and_the_differential_show_the_raised_urgency(app_factory):
    app = app_factory("floors.json")
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen.query_one(DifferentialPanel)
        await pilot.press("n", "enter", "d", "enter")  # no warning sign; diabetes (routine)
        assert app.session.current_id == "q_when"
        assert "[ROUTINE] Overuse" in plain(panel).splitlines()
        await pilot.press("x")  # after exercise: overuse, self-care on its own
        assert app.session.current_id == "r_overuse"
        result = result_parts(app)
        assert result["banner"].split()[0] == "ROUTINE"
        assert result["raised"] == (
            "▲ Urgency raised to ROUTINE because: known diabetes (the result alone is SELF-CARE)."
        )
        assert result["reported"] == "You reported: known diabetes"
        await pilot.press("b", "b", "d", "n", "enter", "x")  # no risk factor: self-care again
        assert app.session.current_id == "r_overuse"
        result = result_parts(app)
        assert result["banner"].split()[0] == "SELF-CARE"
        assert result["raised"] == "" and result["reported"] == ""


async def test_the_most_urgent_of_several_floors_raises_and_names_its_reason(app_factory):
    app = app_factory("floors.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter", "d", "i", "k", "enter", "x")
        assert app.session.current_id == "r_overuse"
        result = result_parts(app)
        assert result["banner"].split()[0] == "SOON"
        assert "raised to SOON because: low immunity" in result["raised"]
        assert result["reported"] == "You reported: known diabetes, low immunity, kidney disease"
