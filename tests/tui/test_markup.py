"""Tree text full of markup characters shows literally everywhere, and breaks nothing."""

from __future__ import annotations

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Tree

from footpain_tui.core.tree.lint import lint_tree
from footpain_tui.ui.screens.explore import ExploreScreen
from footpain_tui.ui.screens.lookup import LookupScreen
from footpain_tui.ui.screens.tree_map import TreeMapScreen
from footpain_tui.ui.widgets.differential import DifferentialPanel
from footpain_tui.ui.widgets.path_bar import PathBar
from footpain_tui.ui.widgets.title_bar import TitleBar

from .reading import (
    choice_texts,
    option_texts,
    plain,
    question_parts,
    rendered,
    result_parts,
    wait_for_screen,
    wait_until,
)

SIZE = (160, 50)


def test_the_markup_tree_lints_clean(markup_tree):
    report = lint_tree(markup_tree)
    assert report.findings == []


async def test_question_path_differential_and_result_show_markup_literally(
    app_factory, markup_tree
):
    app = app_factory(markup_tree)
    async with app.run_test(size=SIZE) as pilot:
        title = rendered(app.screen.query_one(TitleBar))
        assert title.split("⭘")[1].strip() == "Markup [bold]tree[/bold] — v1.0"
        assert question_parts(app)["prompt"] == "Is the heel [bold]hot[/bold] and swollen [/]?"
        assert question_parts(app)["why"] == (
            "Why we ask: Rule out [red]infection[/red] first [link=https://example.com]now[/link]."
        )
        assert choice_texts(app) == [
            "1. Yes [red]x[/red] [y]",
            "2. No [/] [n]",
        ]
        differential = plain(app.screen.query_one(DifferentialPanel)).splitlines()
        assert [line for line in differential if line.startswith("[")] == [
            "[EMERGENCY] Septic [red]x[/red] arthritis",
            "[ROUTINE] Plantar [bold]fasciitis[/bold]",
            "[SELF-CARE] Tendon [link=https://example.com]overload[/link]",
        ]
        await pilot.press("n")
        assert question_parts(app)["why"] == (
            "Why we ask: Timing [b]separates[/b] load from [@click=app.quit]inflammation[/]."
        )
        await pilot.press("u")
        assert app.session.current_id == "r_run"
        assert app.is_running  # the [@click=app.quit] in the text did not act
        assert plain(app.screen.query_one(PathBar)) == (
            "Path 1 Is the heel [bold]hot[/bold] and… → No [/]  ›  "
            "2 When does it hurt [i]most[/i]? → Running [link=https://example.com/run]link[/link]"
        )
        result = result_parts(app)
        assert result["title"] == "Running [/] pain"
        assert result["Most likely causes"] == (
            "1. Tendon [link=https://example.com]overload[/link]: Too much [red]running[/red]."
        )
        assert result["Why this result"].splitlines() == [
            "• Is the heel [bold]hot[/bold] and swollen [/]? → No [/]",
            "• When does it hurt [i]most[/i]? → Running [link=https://example.com/run]link[/link]",
            "Overload [link=https://example.com]tendon[/link].",
        ]
        assert result["Self-care"] == "• Rest [bold]two[/bold] weeks."
        assert result["Sources"] == "• article ¶8 — Source [i]italic[/i] [/]"
        await pilot.press("b", "b", "y")
        assert result_parts(app)["title"] == "Hot [red]x[/red] joint"
        assert result_parts(app)["When to seek help"] == "• Help [/bold] now."
        assert (
            "• General [link=https://example.com/g]advice[/link]"
            in result_parts(app)["Sources"].splitlines()
        )


async def test_tree_map_shows_markup_literally(app_factory, markup_tree):
    app = app_factory(markup_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "s", "m")
        await wait_for_screen(pilot, TreeMapScreen)
        tree = app.screen.query_one("#map", Tree)
        root = tree.root
        assert str(root.label) == "● [RED FLAG] Is the heel [bold]hot[/bold] and swollen [/]?"
        assert (
            str(root.children[0].label) == "Yes [red]x[/red] → [EMERGENCY] Hot [red]x[/red] joint"
        )
        when = root.children[1]
        assert str(when.label) == "● No [/] → When does it hurt [i]most[/i]?"
        assert [str(c.label) for c in when.children] == [
            "◆ [bold]Morning[/bold] → [ROUTINE] Morning [bold]pain[/bold]",
            "Running [link=https://example.com/run]link[/link] → [SELF-CARE] Running [/] pain",
        ]


async def test_palette_and_lookup_show_markup_literally(app_factory, markup_tree):
    app = app_factory(markup_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, CommandPalette)
        await pilot.press(*"septic")
        hits = app.screen.query_one(CommandList)
        await wait_until(pilot, lambda: bool(hits.options), "palette hits")
        assert option_texts(hits)[0] == (
            "Condition: Septic [red]x[/red] arthritis\nInfection [bold]of a joint[/bold] [/]."
        )
        await pilot.press("enter")
        await wait_for_screen(pilot, LookupScreen)
        body = plain(app.screen.query_one("#lookup-body"))
        assert body.splitlines()[:2] == [
            "Septic [red]x[/red] arthritis",
            "Infection [bold]of a joint[/bold] [/].",
        ]
        assert "• Fever [b]and[/b] heat." in body
        assert "• Joint [link=https://example.com]aspiration[/link]." in body
        assert body.splitlines()[-1] == "• article ¶3 — Source [i]italic[/i] [/]"  # in words
        await pilot.press("escape")
        await wait_for_screen(pilot, ExploreScreen)

        await pilot.press("ctrl+p")
        await wait_for_screen(pilot, CommandPalette)
        await pilot.press(*"hurt most")
        hits = app.screen.query_one(CommandList)
        await wait_until(pilot, lambda: bool(hits.options), "palette hits")
        assert option_texts(hits)[0] == (
            "Question: When does it hurt [i]most[/i]?\n"
            "Timing [b]separates[/b] load from [@click=app.quit]inflammation[/]."
        )
        await pilot.press("enter")
        await wait_for_screen(pilot, LookupScreen)
        body = plain(app.screen.query_one("#lookup-body"))
        assert body.splitlines() == [
            "Question",
            "When does it hurt [i]most[/i]?",
            "Why we ask: Timing [b]separates[/b] load from [@click=app.quit]inflammation[/].",
            "",
            "1. [bold]Morning[/bold]",
            "2. Running [link=https://example.com/run]link[/link]",
        ]
        assert app.is_running


@pytest.fixture(scope="module")
def teaching_markup_tree():
    """checklist.json with markup in every teaching field: findings, discriminators,
    pitfalls, examination, investigations, a condition's history and red flags, sources."""
    import json

    from footpain_tui.core.tree.schema import validate_tree

    from .apps import DATA

    data = json.loads((DATA / "checklist.json").read_text(encoding="utf-8"))
    signs = data["nodes"]["q_signs"]["choices"]
    signs[0]["finding"] = "a [bold]hot[/bold] joint"
    signs[1]["finding"] = "[red]fever[/red]"
    result = data["nodes"]["r_hot_joint"]
    result["pitfalls"] = ["Do [bold]not[/bold] call it gout [/]."]
    result["examination"] = ["Feel [link=https://example.com]the joint[/link]."]
    result["investigations"] = ["Aspirate [@click=app.quit]now[/]."]
    result["discriminators"][0]["text"] = "Fever [i]and[/i] a first attack."
    data["meta"]["sources"][0]["title"] = "Test [b]article[/b]"
    septic = data["conditions"]["septic_arthritis"]
    septic["history"] = ["Over a [b]day[/b] or two."]
    septic["red_flags"] = ["Rigors [/]."]
    return validate_tree(data)


async def test_teaching_sections_and_condition_show_markup_literally(
    app_factory, teaching_markup_tree
):
    app = app_factory(teaching_markup_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "2", "enter")
        assert app.session.current_id == "r_hot_joint"
        assert "a [bold]hot[/bold] joint" in plain(app.screen.query_one(PathBar))
        result = result_parts(app)
        assert result["reported"] == "You reported: a [bold]hot[/bold] joint, [red]fever[/red]"
        assert result["Telling it apart"] == (
            "• Septic arthritis vs Gout: Fever [i]and[/i] a first attack. [article ¶15-16]"
        )
        assert result["Pitfalls: what not to miss"] == "• Do [bold]not[/bold] call it gout [/]."
        assert result["Examination"] == "• Feel [link=https://example.com]the joint[/link]."
        assert result["Investigations"] == "• Aspirate [@click=app.quit]now[/]."
        assert "• article ¶14 — Test [b]article[/b]" in result["Sources"].splitlines()
        assert app.is_running
        from footpain_tui.ui.screens.lookup import condition_blocks

        app.push_screen(LookupScreen(condition_blocks(app.decision_tree, "septic_arthritis")))
        await wait_for_screen(pilot, LookupScreen)
        body = plain(app.screen.query_one("#lookup-body")).splitlines()
        assert "• Over a [b]day[/b] or two." in body
        assert "• Rigors [/]." in body
        assert "• article ¶14 — Test [b]article[/b]" in body
