"""What if: where another answer would lead equals walking that branch for real.

The reference here walks real :class:`WalkSession` objects: it answers, follows every
continuation to every result it can end on (every set of choices a checklist accepts), and
reads the urgency the walk itself shows there, going back after each. States are shared by
(node, floor level), the only things a walk's future depends on, so the bundled tree, with
its checklists of up to eight choices, is walked in full in a second or two.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from footpain_tui.core.tree.bundled import default_tree_path
from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.model import Question, Result, Urgency, tree_from_data
from footpain_tui.core.tree.walk import AnswerError, WalkSession
from footpain_tui.core.tree.what_if import (
    alternatives,
    edge_floor_rank,
    walk_marks,
    what_if,
)

DATA = Path(__file__).resolve().parent.parent / "data"
TREES = ["mini.json", "floors.json", "checklist.json", "snapshot_tree.json", "bundled", "co-tick"]

# A checklist whose first choice leads elsewhere than its second, which carries a floor:
# ticking both follows the first with the second's floor, so a reassuring result after the
# first can be reached at SOON only that way.
CO_TICK = {
    "meta": {
        "id": "co_tick",
        "title": "Co-ticked floors",
        "version": "1",
        "description": "d",
        "disclaimer": "d",
        "sources": [{"id": "general", "title": "General", "kind": "general"}],
    },
    "start": "q_first",
    "nodes": {
        "q_first": {
            "kind": "question",
            "prompt": "Any pain?",
            "choices": [
                {"label": "Yes", "next": "q_screen"},
                {"label": "No", "next": "r_check"},
            ],
        },
        "q_screen": {
            "kind": "checklist",
            "prompt": "Tick every sign.",
            "red_flag": True,
            "choices": [
                {"label": "Ache", "next": "q_where"},
                {"label": "Low immunity", "next": "r_check", "urgency_floor": "soon"},
                {"label": "None of these", "next": "q_where", "negative": True},
            ],
        },
        "q_where": {
            "kind": "question",
            "prompt": "Where?",
            "choices": [
                {"label": "Top", "next": "r_rest"},
                {"label": "Side", "next": "r_check"},
            ],
        },
        "r_rest": {
            "kind": "result",
            "title": "Rest",
            "urgency": "self_care",
            "conditions": ["strain"],
            "explanation": "e",
            "sources": [{"source": "general"}],
        },
        "r_check": {
            "kind": "result",
            "title": "Check",
            "urgency": "routine",
            "conditions": ["strain"],
            "explanation": "e",
            "sources": [{"source": "general"}],
        },
    },
    "conditions": {"strain": {"name": "Strain", "summary": "s"}},
}


def tree_at(name: str):
    if name == "co-tick":
        return tree_from_data(CO_TICK)
    return load_tree(default_tree_path() if name == "bundled" else DATA / name)


def tick_sets(question: Question) -> list[tuple[int, ...]]:
    """Every answer a walk accepts: one choice, or on a checklist any set of non-negative
    choices (a negative one alone)."""
    if not question.multiple:
        return [(i,) for i in range(len(question.choices))]
    signs = [i for i, c in enumerate(question.choices) if not c.negative]
    sets = [(i,) for i, c in enumerate(question.choices) if c.negative]
    for size in range(1, len(signs) + 1):
        sets.extend(combinations(signs, size))
    return sets


def walked_for_real(session: WalkSession, memo: dict) -> dict[str, Urgency]:
    """Every result reachable from where ``session`` stands, each at the most urgent level a
    real walk shows it at; ``session`` is left where it was."""
    marks = walk_marks(session, len(session.steps))  # what later choices may rule out
    key = (session.current_id, session.urgency_floor.level, marks)
    if key in memo:
        return memo[key]
    node = session.current
    if isinstance(node, Result):
        found = {session.current_id: session.effective_urgency.urgency}
    else:
        found: dict[str, Urgency] = {}
        for ticked in tick_sets(node):
            try:
                session.answer_many(ticked)
            except AnswerError:  # an earlier answer rules this one out: no walk takes it
                continue
            for result_id, level in walked_for_real(session, memo).items():
                if result_id not in found or level.rank < found[result_id].rank:
                    found[result_id] = level
            session.back()
    memo[key] = found
    return found


def every_walk_prefix(tree, index, limit: int = 60):
    """Walks standing at questions, the first ``limit`` found breadth first (one choice at
    a time, plus the first pair of signs ticked together on a checklist)."""
    queue = [[]]
    out = []
    while queue and len(out) < limit:
        steps = queue.pop(0)
        session = WalkSession(tree, index)
        for ticked in steps:
            session.answer_many(ticked)
        if session.finished:
            continue
        out.append(steps)
        question = session.current
        sets = [(i,) for i in range(len(question.choices))]
        signs = [i for i, c in enumerate(question.choices) if not c.negative]
        if question.multiple and len(signs) > 1:
            sets.append(tuple(signs[:2]))
        queue.extend([*steps, ticked] for ticked in sets)
    return out


@pytest.mark.parametrize("name", TREES)
def test_every_branch_equals_walking_it_for_real(name):
    tree = tree_at(name)
    index = TreeIndex(tree)
    memo: dict = {}
    checked = 0
    for steps in every_walk_prefix(tree, index):
        walk = WalkSession(tree, index)
        for ticked in steps:
            walk.answer_many(ticked)
        before = (walk.steps, walk.current_id)
        for position in range(len(steps) + 1):
            question = tree.question(
                walk.steps[position].node_id if position < len(steps) else walk.current_id
            )
            for ticked in tick_sets(question)[:12]:
                branch = what_if(walk, position, ticked)
                real = WalkSession(tree, index)
                for earlier in steps[:position]:
                    real.answer_many(earlier)
                try:
                    real.answer_many(ticked)
                except AnswerError as exc:  # what-if names what rules the branch out
                    assert branch.contradicts and branch.contradicts[0] in str(exc)
                    continue
                assert not branch.contradicts
                assert branch.next_id == real.current_id
                if real.finished:
                    assert branch.urgency == real.effective_urgency
                else:
                    assert branch.urgency is None
                assert dict(branch.results) == walked_for_real(real, memo)
                checked += 1
        assert (walk.steps, walk.current_id) == before  # the walk never moved
    assert checked >= 7


def test_results_come_most_urgent_first_and_top_is_the_first():
    tree = tree_at("bundled")
    walk = WalkSession(tree)
    first = tree.question(tree.start)
    none_of_these = next(i for i, c in enumerate(first.choices) if c.negative)
    branch = what_if(walk, 0, [none_of_these])
    ranks = [level.rank for _id, level in branch.results]
    assert ranks == sorted(ranks)
    assert branch.top is branch.results[0][1]
    assert sum(branch.counts().values()) == len(branch.results)


def test_the_walk_does_not_move_and_its_own_answer_is_marked():
    tree = tree_at("mini.json")
    walk = WalkSession(tree)
    walk.answer_text("No")
    walk.answer_text("At night")
    before = (walk.steps, walk.current_id)
    branches = alternatives(walk, 1)
    assert (walk.steps, walk.current_id) == before
    assert [b.next_id for b in branches] == ["r_overuse", "r_nerve", "r_arthrosis"]
    assert [b.taken for b in branches] == [False, True, False]
    assert branches[0].urgency.urgency is Urgency.SELF_CARE
    first = alternatives(walk, 0)
    assert first[0].next_id == "r_clot" and first[0].urgency.urgency is Urgency.URGENT
    assert first[1].next_id == "q_when" and first[1].taken
    assert dict(first[1].results) == {
        "r_nerve": Urgency.SOON,
        "r_arthrosis": Urgency.ROUTINE,
        "r_overuse": Urgency.SELF_CARE,
    }


def test_a_floor_passed_earlier_raises_every_branch_after_it():
    tree = tree_at("floors.json")
    walk = WalkSession(tree)
    walk.answer_text("None of these")
    walk.answer_text("Diabetes")  # at least routine from here
    walk.answer_text("After exercise")
    overuse = alternatives(walk, 2)[0]
    assert overuse.taken and overuse.urgency.urgency is Urgency.ROUTINE
    assert overuse.urgency.reasons == ("known diabetes",)


def test_a_checklist_branch_counts_the_floors_of_what_can_be_ticked_with_it():
    tree = tree_at("floors.json")
    risks = tree.question("q_risks")
    # Diabetes (routine) can be ticked with Low immunity (soon) and still be followed.
    assert edge_floor_rank(risks, 0) == Urgency.SOON.rank
    # The negative choice is ticked alone: no floor.
    assert edge_floor_rank(risks, 3) > Urgency.SELF_CARE.rank
    walk = WalkSession(tree)
    walk.answer_text("None of these")
    diabetes_alone = what_if(walk, 1, [0])
    assert dict(diabetes_alone.results)["r_overuse"] is Urgency.ROUTINE
    none = what_if(walk, 0, [1])  # from the first screen: anything can still be ticked
    assert dict(none.results)["r_overuse"] is Urgency.SOON


def test_a_co_ticked_floor_reaches_a_result_no_single_answer_reaches_so_urgently():
    walk = WalkSession(tree_at("co-tick"))
    # From the first question, the screen below can still raise the rest result to SOON:
    # only by ticking Ache with Low immunity, which follows Ache at Low immunity's floor.
    assert dict(what_if(walk, 0, [0]).results) == {
        "r_rest": Urgency.SOON,
        "r_check": Urgency.SOON,
    }
    walk.answer(0)
    ache = what_if(walk, 1, [0])  # Ache alone: nothing raises the rest result
    assert dict(ache.results) == {"r_rest": Urgency.SELF_CARE, "r_check": Urgency.ROUTINE}
    both = what_if(walk, 1, [0, 1])  # Ache with Low immunity: followed to q_where, at SOON
    assert both.next_id == "q_where"
    assert dict(both.results) == {"r_rest": Urgency.SOON, "r_check": Urgency.SOON}


def test_a_position_or_choice_the_walk_does_not_have_is_refused():
    walk = WalkSession(tree_at("mini.json"))
    with pytest.raises(IndexError):
        what_if(walk, 1, [0])
    with pytest.raises(ValueError):
        what_if(walk, 0, [5])
    with pytest.raises(ValueError):
        what_if(walk, 0, [])
