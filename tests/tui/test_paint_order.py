"""On a terminal a move paints the next question first: the path bar, the differential and
the Footer's keys follow in the frame after it. Headless (every other test) they are drawn
with the question, so what a test reads after a key is the whole screen.

The Footer is rebuilt only when the keys it shows change, once however many signals came.
"""

from __future__ import annotations

import pytest

from footpain_tui.ui.app import FootpainApp
from footpain_tui.ui.widgets.footer import ScreenFooter

from .reading import plain, question_parts, wait_until

SIZE = (120, 40)  # wide enough for the differential


@pytest.fixture
def on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app behaves as on a real terminal (frames are painted and written)."""
    monkeypatch.setattr(FootpainApp, "is_headless", property(lambda app: False))


@pytest.fixture
def footer_rebuilds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every time a ScreenFooter shows other keys, by the screen it is on."""
    rebuilt: list[str] = []
    real = ScreenFooter.show_keys

    def counted(footer: ScreenFooter, shown) -> None:
        rebuilt.append(type(footer.screen).__name__)
        real(footer, shown)

    monkeypatch.setattr(ScreenFooter, "show_keys", counted)
    return rebuilt


async def test_on_a_terminal_the_context_follows_the_question(
    app_factory, heel_tree, on_a_terminal
):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert screen.context_after_question
        await wait_until(pilot, lambda: "7" in plain(screen.differential), "the first paint")
        first_prompt = question_parts(app)["prompt"]
        bar, causes = plain(screen.path_bar), plain(screen.differential)
        screen.action_choose(1)  # as the "n" key does, without letting a frame be painted
        assert question_parts(app)["prompt"] != first_prompt  # drawn at once
        assert (plain(screen.path_bar), plain(screen.differential)) == (bar, causes)
        await wait_until(pilot, lambda: plain(screen.path_bar) != bar, "the path bar")
        assert "→ No" in plain(screen.path_bar)
        assert plain(screen.differential).startswith("Still possible (")
        assert plain(screen.differential) != causes


async def test_on_a_terminal_two_quick_keys_leave_the_context_of_the_second(
    app_factory, heel_tree, on_a_terminal
):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        screen.action_choose(1)
        screen.action_choose(1)  # before the frame of the first was painted
        await wait_until(pilot, lambda: "2 " in plain(screen.path_bar), "both answers")
        await pilot.pause()
        expected = plain(screen.differential)
        screen.action_back()
        screen.action_choose(1)
        await wait_until(pilot, lambda: plain(screen.differential) == expected, "the same causes")
        assert plain(screen.path_bar).count("→") == 2


async def test_a_move_between_questions_of_one_kind_keeps_the_footer(
    app_factory, heel_tree, footer_rebuilds
):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer_rebuilds.clear()
        await pilot.press("n")  # the first answer: Back and Review join the Footer
        await pilot.pause()
        assert footer_rebuilds == ["ExploreScreen"]
        await pilot.press("n")  # one question to another: the same keys
        await pilot.pause()
        assert footer_rebuilds == ["ExploreScreen"]


async def test_a_step_into_a_result_and_back_rebuilds_the_footer_once_each(
    app_factory, heel_tree, footer_rebuilds
):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        footer_rebuilds.clear()
        # The move and the focus moving to the result each signal that the keys changed.
        await pilot.press("y")
        await pilot.pause()
        assert app.screen.session.finished
        assert footer_rebuilds == ["ExploreScreen"]
        await pilot.press("b")
        await pilot.pause()
        assert footer_rebuilds == ["ExploreScreen"] * 2


async def test_a_checklist_to_a_question_rebuilds_the_footer_once(
    app_factory, footer_rebuilds, on_a_terminal
):
    app = app_factory("checklist.json")
    async with app.run_test(size=SIZE) as pilot:
        footer = app.screen.query_one(ScreenFooter)
        await wait_until(pilot, lambda: "Toggle" in keys(footer), "the checklist's keys")
        footer_rebuilds.clear()
        await pilot.press("4", "enter")  # "None of these", confirmed: a one-answer question
        await wait_until(pilot, lambda: "Answer" in keys(footer), "the question's keys")
        await pilot.pause()
        assert "Toggle" not in keys(footer)
        assert footer_rebuilds == ["ExploreScreen"]


def keys(footer: ScreenFooter) -> list[str]:
    return [key.description for key in footer.shown]
