"""Screenshots of training mode on tests/data/mini.json and its good case file.

Regenerate with ``pytest tests/snapshots --snapshot-update`` and look at every changed SVG
before accepting it.
"""

from __future__ import annotations

import pytest
from tui.apps import DATA, make_app

from footpain_tui.core.training.case_file import load_cases

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def training_app():
    cases = load_cases(DATA / "cases" / "good.json")
    return make_app("mini.json", cases=cases, start_in_training=True)


@pytest.mark.parametrize("size", SIZES)
def test_case_list(snap_compare, size):
    """Three cases with their difficulty, none attempted, the score line above."""
    assert snap_compare(training_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_case_in_progress(snap_compare, size):
    """new_jogger after one answer: the story on the left, question 2 on the right, no differential."""
    assert snap_compare(training_app(), press=["down", "enter", "2"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_verdict_matched(snap_compare, size):
    """new_jogger walked as expected: the green MATCHED banner, both paths equal, the lessons."""
    assert snap_compare(training_app(), press=["down", "enter", "2", "1"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_verdict_diverged(snap_compare, size):
    """new_jogger answered 'At night': NOT MATCHED, the first wrong turn at question 2, both paths."""
    assert snap_compare(training_app(), press=["down", "enter", "2", "2"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_trainee_question(snap_compare, size):
    """Training opened without --trainee: "Who is training?" over the case list, a name typed."""
    cases = load_cases(DATA / "cases" / "good.json")
    app = make_app("mini.json", cases=cases, start_in_training=True, trainee=None)
    assert snap_compare(app, press=["A", "d", "a"], terminal_size=size)


def checklist_training_app():
    cases = load_cases(DATA / "cases" / "checklist_cases.json")
    return make_app("checklist.json", cases=cases, start_in_training=True)


@pytest.mark.parametrize("size", SIZES)
def test_checklist_case_with_a_tick(snap_compare, size):
    """hot_red_febrile with Fever ticked, not yet confirmed: the story, the tick column and
    the hint counting one."""
    assert snap_compare(checklist_training_app(), press=["enter", "2"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_checklist_verdict_names_the_sign_missed(snap_compare, size):
    """hot_red_febrile confirmed with Fever alone: the same result, but the verdict names
    the sign not ticked (spreading redness) and the case's teaching for that screen."""
    assert snap_compare(checklist_training_app(), press=["enter", "2", "enter"], terminal_size=size)
