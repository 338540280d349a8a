"""Screenshots of the explorer on tests/data/snapshot_tree.json at 80x24 and 120x40.

Regenerate with ``pytest tests/snapshots --snapshot-update`` and look at every changed SVG
before accepting it. The app is built by the same factory as the pilot tests.
"""

from __future__ import annotations

import pytest
from tui.apps import make_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

# From the first question: 1 = the first choice, 2 = the second, ...
RESULT_KEYS = {
    "emergency": ["1"],
    "urgent": ["2", "1"],
    "soon": ["2", "2", "1"],
    "routine": ["2", "2", "2"],
    "self_care": ["2", "2", "3"],
}


def heel_app():
    return make_app("snapshot_tree.json")


@pytest.mark.parametrize("size", SIZES)
def test_first_question(snap_compare, size):
    """The red-flag question, its 'why', two choices and all seven conditions still possible."""
    assert snap_compare(heel_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_mid_walk(snap_compare, size):
    """Two answers in: the path bar shows both, the differential is down to four conditions."""
    assert snap_compare(heel_app(), press=["n", "n"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("level", list(RESULT_KEYS))
def test_result(snap_compare, level, size):
    """The result pane for each urgency level: banner, title, ranked causes, why, sources."""
    assert snap_compare(heel_app(), press=RESULT_KEYS[level], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_tree_map(snap_compare, size):
    """The map opened mid-walk: the path expanded and marked, the cursor on the current node."""
    assert snap_compare(heel_app(), press=["n", "n", "m"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, size):
    """Help mid-walk, over the explorer: the live keys (Back and Restart included), then prose."""
    assert snap_compare(heel_app(), press=["n", "question_mark"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_restart_dialog(snap_compare, size):
    """r mid-walk asks before clearing the answers."""
    assert snap_compare(heel_app(), press=["n", "r"], terminal_size=size)


def test_too_small(snap_compare):
    """Below 60x16 the explorer is replaced by a plain request for a larger terminal."""
    assert snap_compare(heel_app(), terminal_size=(50, 12))


def test_minimum_size(snap_compare):
    """At 60x16 the choices stay on screen; the question text above them scrolls."""
    assert snap_compare(heel_app(), terminal_size=(60, 16))


def bundled_app():
    from footpain_tui.core.tree.bundled import default_tree_path

    return make_app(default_tree_path())


# Seven answers on the bundled tree (no emergency sign, no known disease, no same-day sign:
# each a checklist, "None of these" ticked and confirmed with enter; then no injury, top of the
# foot, at rest or at night, burning by its shortcut): the eighth question opens.
SEVEN_ANSWERS = ["n", "enter", "n", "enter", "n", "enter", "n", "2", "2", "n"]


def test_path_bar_folds_after_seven_answers(snap_compare):
    """80x24, seven answers given and the eighth question open: the path bar keeps two lines,
    the latest answers whole and the earlier ones folded into "… N earlier answers"."""
    assert snap_compare(bundled_app(), press=SEVEN_ANSWERS, terminal_size=(80, 24))


def test_path_bar_at_the_result_of_the_longest_walk(snap_compare):
    """80x24, eight answers given: still two lines of path above the result."""
    assert snap_compare(bundled_app(), press=[*SEVEN_ANSWERS, "1"], terminal_size=(80, 24))


def test_warning_signs_question_reads_in_full(snap_compare):
    """80x24, the emergency screen (the first warning-sign question): its choices stay in view
    below the question text."""
    assert snap_compare(bundled_app(), terminal_size=(80, 24))


def test_warning_signs_why_scrolled_to_its_end(snap_compare):
    """80x24, pagedown with the choices focused: the end of "why we ask" is shown, the
    prompt, the hint and the choices are still there."""
    assert snap_compare(bundled_app(), press=["pagedown"] * 8, terminal_size=(80, 24))


# A diabetic whose monofilament test fails, then overuse after a long walk: a self-care
# result that the diabetic foot check's floor raises to SOON.
RAISED_RESULT = ["n", "enter", "d", "enter", "3", "enter", "n", "enter", "2", "2", "1", "4"]


@pytest.mark.parametrize("size", SIZES)
def test_checklist_with_two_ticks(snap_compare, size):
    """The same-day screen with spreading redness and fever ticked, not yet confirmed: tick
    marks, the hint counting two, the path bar with the gout ticked before."""
    assert snap_compare(
        bundled_app(), press=["n", "enter", "g", "enter", "c", "f"], terminal_size=size
    )


@pytest.mark.parametrize("size", SIZES)
def test_result_with_raised_urgency(snap_compare, size):
    """The banner at the raised urgency and why, "You reported", then the causes."""
    assert snap_compare(bundled_app(), press=RAISED_RESULT, terminal_size=size)


def test_result_teaching_sections(snap_compare):
    """120x40, the same result paged down to why, telling apart, pitfalls and examination."""
    assert snap_compare(bundled_app(), press=[*RAISED_RESULT, "pagedown"], terminal_size=(120, 40))


@pytest.mark.parametrize("size", SIZES)
def test_condition_screen(snap_compare, size):
    """A condition looked up from the palette: history, examination, warning signs, features,
    diagnostics, treatment and sources in words."""
    from footpain_tui.ui.screens.lookup import LookupScreen, condition_blocks

    async def open_condition(pilot):
        app = pilot.app
        app.push_screen(LookupScreen(condition_blocks(app.decision_tree, "cellulitis")))
        await pilot.pause()

    assert snap_compare(bundled_app(), run_before=open_condition, terminal_size=size)


def test_choice_ruled_out_by_an_earlier_answer(snap_compare):
    """80x24, the skin question after diabetes and numb feet were ticked: "Blister or rub; no
    diabetes…" struck through, the earlier findings named beside it."""
    keys = ["n", "enter", "d", "enter", "s", "enter", "n", "enter", "2", "3"]
    assert snap_compare(bundled_app(), press=keys, terminal_size=(80, 24))
