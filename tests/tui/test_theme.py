"""Urgency colours come from the theme: switching themes recolours them, the words stay."""

from __future__ import annotations

from footpain_tui.ui.widgets.differential import DifferentialPanel

from .reading import wait_for_screen


def tag_colour(app) -> tuple[str, object]:
    """The first differential condition's line and the colour of its urgency tag."""
    panel = app.screen.query_one(DifferentialPanel)
    strips = panel.render_lines(panel.region.reset_offset)
    strip = next(s for s in strips if s.text.lstrip("▏ ").startswith("["))
    first = next(seg for seg in strip if seg.text.strip("▏ "))
    return strip.text.lstrip("▏ "), (first.style.color, first.style.bgcolor)


async def test_theme_switch_recolours_the_urgency_tags(app_factory, heel_tree):
    from footpain_tui.ui.screens.explore import ExploreScreen

    app = app_factory(heel_tree)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, ExploreScreen)
        app.theme = "textual-dark"
        await pilot.pause()
        dark_text, dark = tag_colour(app)
        app.theme = "gruvbox"
        await pilot.pause()
        light_text, light = tag_colour(app)
        assert dark_text.startswith("[EMERGENCY]") and light_text == dark_text
        assert None not in dark and dark != light
