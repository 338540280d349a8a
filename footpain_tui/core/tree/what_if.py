"""What if: where another answer at a step of a walk would have led, without moving the walk.

For an answered step (or the question a walk stands on) and a set of choices ticked there,
:func:`what_if` says what walking that branch for real would show: the node that comes
next, its urgency if it is a result (raised by the floors passed, as the walk would raise
it), and every result still reachable from there, each at the most urgent level a walk
could reach it with (its own urgency raised by the floors passed so far and by any floor
a later answer could pass, a checklist's co-ticked choices included). The tests hold it
equal to walking each branch with a real :class:`~.walk.WalkSession`.

Costs one pass over the nodes below the branch, on demand: nothing here runs on a key of
the walk itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .floors import NO_FLOOR_RANK, EffectiveUrgency, UrgencyFloor
from .model import URGENCY_BY_RANK, Question, Result, Tree, Urgency
from .walk import WalkSession


@dataclass(frozen=True)
class WhatIf:
    """One branch at one question: ``ticked`` there (the first is followed) leads to
    ``next_id``.

    ``urgency`` is the result's urgency on that walk when ``next_id`` is a result (None for a
    question); ``results`` are the results reachable from ``next_id`` with the most urgent
    level each can be reached at, most urgent first; ``taken`` marks the walk's own answer;
    ``contradicts`` the earlier findings that rule the branch out (then no walk takes it).
    """

    question_id: str
    position: int
    ticked: tuple[int, ...]
    next_id: str
    urgency: EffectiveUrgency | None
    results: tuple[tuple[str, Urgency], ...]
    taken: bool = False
    # The findings of earlier answers this branch contradicts: a walk cannot take it.
    contradicts: tuple[str, ...] = ()

    @property
    def top(self) -> Urgency | None:
        """The most urgent level among the results still reachable."""
        return self.results[0][1] if self.results else None

    def counts(self) -> dict[Urgency, int]:
        """How many reachable results at each level, most urgent first (levels with none left
        out)."""
        out: dict[Urgency, int] = {}
        for _result_id, level in self.results:
            out[level] = out.get(level, 0) + 1
        return out


def edge_floor_rank(question: Question, index: int) -> int:
    """The most urgent floor a walk can pass when it follows choice ``index``: the choice's
    own, or on a checklist that of any choice that can be ticked with it and still leave it
    first (a later, non-negative one)."""
    rank = _rank(question.choices[index].urgency_floor)
    if question.multiple and not question.choices[index].negative:
        for other in question.choices[index + 1 :]:
            if not other.negative:
                rank = min(rank, _rank(other.urgency_floor))
    return rank


def _rank(level: Urgency | None) -> int:
    return NO_FLOOR_RANK if level is None else level.rank


# An answer some choice names as contradicted: (question id, label).
Mark = tuple[str, str]
_NO_MARKS: frozenset[Mark] = frozenset()


def walk_marks(session: WalkSession, position: int) -> frozenset[Mark]:
    """The answers the walk ticked in its first ``position`` steps that some choice names
    as contradicted (:attr:`TreeIndex.contradicted_answers`)."""
    named = session.index.contradicted_answers
    marks = set()
    for step in session.steps[:position]:
        choices = session.tree.question(step.node_id).choices
        marks.update(
            (step.node_id, choices[i].label)
            for i in step.ticked
            if (step.node_id, choices[i].label) in named
        )
    return frozenset(marks)


def reachable_results(
    tree: Tree,
    node_id: str,
    memo: dict | None = None,
    passed: frozenset[Mark] = _NO_MARKS,
    named: frozenset[Mark] = _NO_MARKS,
) -> dict[str, int]:
    """For each result reachable from ``node_id``: the most urgent rank a walk can reach it
    at, counting the floors passed on the way from here (not before), in the order a walk
    meets them (choices in the author's order, depth first). ``passed`` are the answers
    already given that some choice names as contradicted (``named``: the tree index's
    ``contradicted_answers``; none by default): a choice they rule out is not followed, nor
    is one ruled out by an answer on the way. ``memo`` keeps what one call worked out for the next (the choices of one
    question share most of what is below them).
    """
    best: dict = {} if memo is None else memo
    start = (node_id, passed)
    stack: list[tuple[tuple[str, frozenset[Mark]], bool]] = [(start, False)]
    while stack:  # iterative post-order: a deep tree cannot overflow the stack
        state, expanded = stack.pop()
        if state in best:
            continue
        current, marks = state
        node = tree.nodes[current]
        if isinstance(node, Result):
            best[state] = {current: node.urgency.rank}
            continue
        edges = []
        for i, choice in enumerate(node.choices):
            if any((r.question, r.choice) in marks for r in choice.contradicts):
                continue  # an earlier answer rules it out
            mark = (current, choice.label)
            edges.append((i, (choice.next, marks | {mark} if mark in named else marks)))
        if not expanded:
            stack.append((state, True))
            stack.extend((child, False) for _, child in reversed(edges) if child not in best)
            continue
        merged: dict[str, int] = {}
        for i, child in edges:
            edge = edge_floor_rank(node, i)
            for result_id, rank in best[child].items():
                rank = min(rank, edge)
                if rank < merged.get(result_id, NO_FLOOR_RANK + 1):
                    merged[result_id] = rank
        best[state] = merged
    return best[start]


def what_if(
    session: WalkSession,
    position: int,
    ticked: Sequence[int],
    memo: dict[str, dict[str, int]] | None = None,
) -> WhatIf:
    """Where the walk would lead had it ticked ``ticked`` at step ``position`` (0-based; the
    number of steps for the question it stands on now), with every earlier answer as given.

    Raises ``IndexError`` for a position the walk does not have and ``ValueError`` for a
    choice the question does not have.
    """
    steps = session.steps
    if not 0 <= position <= len(steps):
        raise IndexError(f"the walk has no step {position + 1}")
    question_id = steps[position].node_id if position < len(steps) else session.current_id
    question = session.tree.question(question_id)
    chosen = tuple(sorted(set(ticked)))
    if not chosen or not all(0 <= i < len(question.choices) for i in chosen):
        raise ValueError(f"{question_id!r} has no choice {chosen}")
    floor: UrgencyFloor = session.floor_before(position).passing(
        question.choices[i] for i in chosen
    )
    next_id = question.choices[chosen[0]].next
    node = session.tree.nodes[next_id]
    floor_rank = _rank(floor.level)
    named = session.index.contradicted_answers
    passed = walk_marks(session, position) | {
        (question_id, question.choices[i].label)
        for i in chosen
        if (question_id, question.choices[i].label) in named
    }
    reached = reachable_results(session.tree, next_id, memo, passed, named)
    ordered = sorted(
        ((result_id, min(rank, floor_rank)) for result_id, rank in reached.items()),
        key=lambda item: item[1],
    )
    return WhatIf(
        question_id=question_id,
        position=position,
        ticked=chosen,
        next_id=next_id,
        urgency=floor.apply(node.urgency) if isinstance(node, Result) else None,
        results=tuple((result_id, URGENCY_BY_RANK[rank]) for result_id, rank in ordered),
        taken=position < len(steps) and steps[position].ticked == chosen,
        contradicts=tuple(
            dict.fromkeys(
                finding
                for i in chosen
                for finding in session.contradictions(question.choices[i], before=position)
            )
        ),
    )


def alternatives(session: WalkSession, position: int) -> list[WhatIf]:
    """Every choice at step ``position``, each ticked alone, except the walk's own answer,
    which keeps everything it ticked: one :class:`WhatIf` per choice, in the author's order."""
    steps = session.steps
    question_id = steps[position].node_id if position < len(steps) else session.current_id
    question = session.tree.question(question_id)
    own = steps[position] if position < len(steps) else None
    memo: dict[str, dict[str, int]] = {}
    return [
        what_if(session, position, own.ticked if own and i == own.choice_index else (i,), memo)
        for i in range(len(question.choices))
    ]
