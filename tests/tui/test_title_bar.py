"""The title bar: the tree's title and version centred, kept up to date, shown literally,
shortened with an ellipsis when narrow; its icon opens the command palette."""

from __future__ import annotations

from textual.command import CommandPalette

from footpain_tui.ui.widgets.title_bar import ICON_WIDTH, RIGHT_SPACE, TitleBar

from .reading import rendered, wait_for_screen, wait_until


def title_line(app) -> str:
    return rendered(app.screen.query_one(TitleBar))


async def test_title_and_version_are_centred_between_icon_and_right_space(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)):
        line = title_line(app)
        heading = f"{app.title} — {app.sub_title}"
        assert line.startswith(" ⭘ ") and len(line) == 100
        middle = line[ICON_WIDTH : 100 - RIGHT_SPACE]
        left = middle.index(heading)
        assert abs(left - (len(middle) - left - len(heading))) <= 1  # centred
        assert line[100 - RIGHT_SPACE :].strip() == ""


async def test_the_title_follows_changes_of_the_sub_title(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        app.sub_title = "v9 · the file on disk has errors"
        await wait_until(pilot, lambda: "file on disk has errors" in title_line(app), "update")


async def test_tree_text_in_the_title_is_shown_literally(app_factory, markup_tree):
    app = app_factory(markup_tree)
    async with app.run_test(size=(100, 30)):
        assert "Markup [bold]tree[/bold]" in title_line(app)


async def test_a_narrow_terminal_shortens_the_title_with_an_ellipsis(app_factory):
    app = app_factory()
    async with app.run_test(size=(60, 24)) as pilot:
        app.title = "A very long tree title that cannot fit in the middle of the bar"
        await wait_until(pilot, lambda: "…" in title_line(app), "an ellipsis")
        line = title_line(app)
        assert len(line) == 60 and line[60 - RIGHT_SPACE :].strip() == ""


async def test_clicking_the_icon_opens_the_command_palette(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.click(TitleBar, offset=(1, 0))
        await wait_for_screen(pilot, CommandPalette)


async def test_clicking_the_title_does_not(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await pilot.click(TitleBar, offset=(50, 0))
        await pilot.pause()
        assert app.screen is screen
