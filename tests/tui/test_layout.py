"""Terminal sizes: the layout holds from 80x24 to 200x60, and below the minimum it says so."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Static

from footpain_tui.core.tree.schema import validate_tree
from footpain_tui.ui.app import MIN_HEIGHT, MIN_WIDTH
from footpain_tui.ui.screens.dialogs import TooSmallScreen
from footpain_tui.ui.screens.explore import DIFFERENTIAL_MIN_WIDTH, ExploreScreen
from footpain_tui.ui.screens.help import HelpScreen
from footpain_tui.ui.widgets.branch_panel import BranchPanel
from footpain_tui.ui.widgets.choice_list import ChoiceList
from footpain_tui.ui.widgets.differential import DifferentialPanel
from footpain_tui.ui.widgets.footer import ScreenFooter
from footpain_tui.ui.widgets.path_bar import PathBar
from footpain_tui.ui.widgets.result_pane import ResultPane
from footpain_tui.ui.widgets.title_bar import TitleBar

from .apps import DATA
from .reading import plain, wait_for_screen, wait_until


def check_layout(app, width: int, height: int) -> None:
    screen = app.screen
    assert isinstance(screen, ExploreScreen)
    assert screen.size == (width, height)
    header, footer = screen.query_one(TitleBar), screen.query_one(ScreenFooter)
    path_bar, differential = screen.query_one(PathBar), screen.query_one(DifferentialPanel)
    stage = screen.query_one(ResultPane if app.session.finished else BranchPanel)
    shown = [header, path_bar, stage, footer]
    if width >= DIFFERENTIAL_MIN_WIDTH:
        shown.append(differential)
    for widget in shown:
        region = widget.region
        assert region.width > 0 and region.height > 0, widget
        assert screen.region.contains_region(region), widget
    assert header.region.y == 0
    assert footer.region.bottom == height
    assert path_bar.region.y == header.region.bottom
    assert stage.region.y == path_bar.region.bottom
    assert stage.region.bottom == footer.region.y
    if width < DIFFERENTIAL_MIN_WIDTH:  # the question gets the whole width; D shows the rest
        assert not differential.display
        assert stage.region.x == 0 and stage.region.right == width
        return
    # the question or result takes what the differential leaves, side by side
    assert differential.region.y == stage.region.y
    assert stage.region.right <= differential.region.x
    assert differential.region.right == width
    assert differential.region.width == 32
    assert stage.region.width >= width - 32 - 1
    assert differential.region.bottom == footer.region.y


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_layout_holds_at_common_sizes(app_factory, heel_tree, size):
    app = app_factory(heel_tree)
    async with app.run_test(size=size) as pilot:
        check_layout(app, *size)
        choices = app.screen.query_one("#choices")
        assert choices.region.height == 2  # both choices visible
        await pilot.press("n", "n", "i")
        check_layout(app, *size)


async def test_resizing_keeps_the_walk_and_the_layout(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "n")
        for size in [(80, 24), (200, 60), (120, 40)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            check_layout(app, *size)
            assert app.session.current_id == "q_pattern"


@pytest.mark.parametrize("small", [(MIN_WIDTH - 1, 24), (80, MIN_HEIGHT - 1), (40, 10)], ids=str)
async def test_below_the_minimum_says_make_it_larger_and_comes_back(app_factory, small):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.resize_terminal(*small)
        await wait_for_screen(pilot, TooSmallScreen)
        message = plain(app.screen.query_one("#too-small-message", Static))
        assert message.startswith("Make the terminal larger.")
        assert f"It is {small[0]}x{small[1]}" in message
        assert f"at least {MIN_WIDTH}x{MIN_HEIGHT}" in message
        # keys meant for the walk do nothing while the screen is too small
        await pilot.press("1")
        assert app.session.current_id == "q_when"
        await pilot.resize_terminal(MIN_WIDTH, MIN_HEIGHT)
        await wait_for_screen(pilot, ExploreScreen)
        check_layout(app, MIN_WIDTH, MIN_HEIGHT)
        assert app.session.current_id == "q_when"
        assert app.focused is app.screen.query_one("#choices")


async def test_starting_too_small_shows_the_message(app_factory):
    app = app_factory()
    async with app.run_test(size=(50, 12)) as pilot:
        await wait_for_screen(pilot, TooSmallScreen)
        await pilot.pause()
        message = plain(app.screen.query_one("#too-small-message", Static))
        assert message.startswith("Make the terminal larger.")
        assert "It is 50x12" in message
        await pilot.resize_terminal(80, 24)
        await wait_for_screen(pilot, ExploreScreen)
        check_layout(app, 80, 24)


async def test_q_quits_from_the_too_small_screen(app_factory):
    app = app_factory()
    async with app.run_test(size=(50, 12)) as pilot:
        await wait_for_screen(pilot, TooSmallScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_help_opened_while_too_small_gives_way_to_the_explorer(app_factory):
    """Grow the terminal while help covers the too-small screen: closing help shows the walk."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.resize_terminal(50, 12)
        await wait_for_screen(pilot, TooSmallScreen)
        await pilot.press("question_mark")
        await wait_for_screen(pilot, HelpScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.press("escape")
        await wait_for_screen(pilot, ExploreScreen)
        assert not any(isinstance(s, TooSmallScreen) for s in app.screen_stack)
        check_layout(app, 80, 24)
        await pilot.press("n")
        assert app.session.current_id == "q_when"


@pytest.fixture(scope="module")
def wordy_tree():
    """snapshot_tree.json with a first question too long for a small terminal."""
    data = json.loads((DATA / "snapshot_tree.json").read_text(encoding="utf-8"))
    data["nodes"]["q_danger"]["why"] = " ".join(["Rule out infection and ischaemia first."] * 30)
    return validate_tree(data)


@pytest.mark.parametrize("size", [(MIN_WIDTH, MIN_HEIGHT), (80, 24)], ids=str)
async def test_choices_stay_on_screen_and_a_long_question_scrolls(app_factory, wordy_tree, size):
    app = app_factory(wordy_tree)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(BranchPanel)
        text = panel.query_one("#question-text")
        choices = panel.query_one("#choices", ChoiceList)
        assert panel.region.contains_region(choices.region)
        assert choices.region.height == 2  # "1. Yes", "2. No": both visible
        assert text.region.bottom + 1 == choices.region.y  # one blank line between
        assert text.max_scroll_y > 0  # the rest of the question is a scroll away
        await pilot.press("2")  # the next question is shorter
        assert panel.region.contains_region(choices.region)
        assert text.region.bottom + 1 == choices.region.y
        assert choices.max_scroll_y == 0  # every choice in view
        if size == (80, 24):  # where it fits, nothing is left to scroll
            assert text.max_scroll_y == 0


async def test_a_short_question_keeps_its_choices_right_below(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "n")
        panel = app.screen.query_one(BranchPanel)
        text = panel.query_one("#question-text")
        choices = panel.query_one("#choices", ChoiceList)
        assert text.max_scroll_y == 0
        assert choices.region.y == text.region.bottom + 1
        assert choices.region.height == 3
        assert choices.region.bottom < panel.region.bottom


@pytest.mark.parametrize("differential", [False, True], ids=["alone", "with-differential"])
async def test_why_we_ask_scrolls_by_keys_while_the_choices_keep_the_focus(
    app_factory, differential
):
    """80x24, the bundled tree's emergency screen (eight choices, a long "why we ask"): the
    prompt and the hint stay on screen above the choices, pagedown reads the rest of "why we
    ask" while the choices stay focused and in view, pageup goes back, and keys still tick.
    With the differential shown (D) the choices wrap into more lines: still the same."""
    from footpain_tui.core.tree.bundled import default_tree_path

    app = app_factory(default_tree_path())
    async with app.run_test(size=(80, 24)) as pilot:
        if differential:
            await pilot.press("D")
            assert app.screen.query_one(DifferentialPanel).display
        assert app.session.current_id == "q_emergency"
        panel = app.screen.query_one(BranchPanel)
        head, text, choices = panel.head, panel.question_text, panel.choices
        # The panel shares out its height once it has been laid out (just after the first
        # frame): the choices end inside it.
        await wait_until(
            pilot,
            lambda: choices.region.bottom <= panel.content_region.bottom and text.size.height,
            "the question panel laid out",
        )
        assert head.plain.startswith(" ⚑ RED FLAG  Emergency screen: tick every sign")
        assert "Tick all that apply" in head.plain
        assert head.region.y == panel.content_region.y  # on top, never scrolled away
        assert head.region.height == len(head.lines())  # the whole prompt and hint
        assert text.size.height >= 3  # "why we ask" keeps a few lines to scroll in
        assert text.max_scroll_y > 0  # the why does not fit above the eight choices
        last_line = text.lines()[-1][0].plain
        visible = range(int(text.scroll_y), int(text.scroll_y) + text.size.height)
        assert len(text.lines()) - 1 not in visible
        for _ in range(100):  # the why is long and the text above the choices is short
            if text.scroll_y == text.max_scroll_y:
                break
            await pilot.press("pagedown")
        assert text.scroll_y == text.max_scroll_y
        visible = range(int(text.scroll_y), int(text.scroll_y) + text.size.height)
        assert len(text.lines()) - 1 in visible
        assert last_line.rstrip().endswith(".")
        assert app.focused is choices
        assert panel.region.contains_region(choices.region)
        assert head.region.y == panel.content_region.y
        for _ in range(100):
            if text.scroll_y == 0:
                break
            await pilot.press("pageup")
        assert text.scroll_y == 0
        await pilot.press("8", "enter")  # None of these
        assert app.session.current_id == "q_comorbidity"
        assert text.scroll_y == 0  # a new question starts at its top
