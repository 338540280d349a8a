"""Screenshots of the tutor: predict-then-reveal, the review page and what-if.

Answer times come from a stand-in clock (each reading 4.2 s after the last), so the review
page's times are the same on every run. Regenerate with
``pytest tests/snapshots --snapshot-update`` and look at every changed SVG before accepting it.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest
from tui.apps import DATA, make_app

from footpain_tui.core.training.case_file import load_cases
from footpain_tui.ui.screens import walk_base

from .test_snapshots import RAISED_RESULT, SIZES, bundled_app


@pytest.fixture(autouse=True)
def steady_clock(monkeypatch):
    """Only the walk screens' clock: Textual's own timers keep the real one."""
    readings = (n * 4.2 for n in itertools.count())
    monkeypatch.setattr(walk_base, "time", SimpleNamespace(monotonic=lambda: next(readings)))


def predicting_app():
    cases = load_cases(DATA / "cases" / "good.json")
    return make_app(
        "mini.json", cases=cases, start_in_training=True, predict=True, prediction_seed=3
    )


# new_jogger from the case list: "No", then "After exercise" reaches its result.
NEW_JOGGER = ["down", "enter", "2", "1"]


@pytest.mark.parametrize("size", SIZES)
def test_prediction_screen(snap_compare, size):
    """The result reached, nothing revealed: the causes (the result's own among distractors)
    and the five urgency levels, the cause list focused."""
    assert snap_compare(predicting_app(), press=NEW_JOGGER, terminal_size=size)


def test_verdict_with_the_prediction_marked(snap_compare):
    """120x40, the right cause and an over-called urgency: each marked, the right level named."""
    assert snap_compare(predicting_app(), press=[*NEW_JOGGER, "1", "4"], terminal_size=(120, 40))


@pytest.mark.parametrize("size", SIZES)
def test_review_page(snap_compare, size):
    """v at the raised result: a row per answer (checklists listing what was ticked), its
    "why we ask" and the time it took."""
    assert snap_compare(bundled_app(), press=[*RAISED_RESULT, "v"], terminal_size=size)


# The warning-sign checklists answered "None of these", no injury: the location question open.
AT_LOCATION = ["n", "enter", "n", "enter", "n", "enter", "n"]


@pytest.mark.parametrize("size", SIZES)
def test_what_if_on_the_open_question(snap_compare, size):
    """w on the location question: where each answer leads, the results still reachable and
    their most urgent level, the walk left where it was."""
    assert snap_compare(bundled_app(), press=[*AT_LOCATION, "w"], terminal_size=size)
