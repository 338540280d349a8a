"""The footer bar: the screen's keys on one line, as Textual's compact Footer draws them; a
click presses a key, the key under the mouse is highlighted and shows its tooltip, and a
change of theme redraws it."""

from __future__ import annotations

from textual.geometry import Region

from footpain_tui.ui.screens.help import HelpScreen
from footpain_tui.ui.widgets.footer import ScreenFooter

from .reading import rendered, wait_for_screen, wait_until


async def shown_footer(pilot) -> ScreenFooter:
    """The screen's footer, once its keys are shown."""
    footer = pilot.app.screen.query_one(ScreenFooter)
    await wait_until(pilot, lambda: footer.shown, "the keys")
    return footer


def span_of(footer: ScreenFooter, description: str) -> tuple[int, int]:
    index = [key.description for key in footer.shown].index(description)
    return footer._spans()[index]


def key_background(footer: ScreenFooter, x: int):
    strip = footer.render_lines(Region(0, 0, footer.size.width, 1))[0]
    cell = 0
    for segment in strip:
        if cell <= x < cell + len(segment.text):
            return segment.style.bgcolor
        cell += len(segment.text)
    raise AssertionError(f"no cell {x}")


async def test_the_keys_are_drawn_as_key_space_description(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        footer = await shown_footer(pilot)
        line = rendered(footer)
        for key in footer.shown:
            start, end = span_of(footer, key.description)
            assert line[start:end] == f"{key.key_display} {key.description}"
        assert "q Quit" in line and "? Help" in line


async def test_a_click_on_a_key_presses_it(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        footer = await shown_footer(pilot)
        start, _end = span_of(footer, "Help")
        await pilot.click(ScreenFooter, offset=(start + 1, 0))
        await wait_for_screen(pilot, HelpScreen)


async def test_the_key_under_the_mouse_is_highlighted_and_shows_its_tooltip(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        footer = await shown_footer(pilot)
        start, _end = span_of(footer, "Quit")
        before = key_background(footer, start)
        await pilot.hover(ScreenFooter, offset=(start, 0))
        await wait_until(pilot, lambda: footer.tooltip == "Leave footpain-tui", "the tooltip")
        assert key_background(footer, start) != before
        gap = span_of(footer, "Quit")[1]  # the gap after it is the bar's own
        await pilot.hover(ScreenFooter, offset=(gap, 0))
        await wait_until(pilot, lambda: footer.tooltip is None, "no tooltip")
        assert key_background(footer, start) == before


async def test_a_change_of_theme_redraws_the_keys(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        footer = await shown_footer(pilot)
        start, _end = span_of(footer, "Quit")
        dark = key_background(footer, start)
        app.theme = "textual-light"
        await wait_until(pilot, lambda: key_background(footer, start) != dark, "new colours")
