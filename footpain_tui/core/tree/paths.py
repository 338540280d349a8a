"""Every way through a tree: one :class:`TreePath` per root-to-result path, for auditing.

A clinical reviewer reads the whole tree as a table (``footpain-tui paths``): each path's
answers (a checklist's choices each count as an edge), the result it ends on, its urgency
(the result's own, raised by the urgency floors the path passes), the red-flag screens
passed and which answers reported a warning sign.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .floors import NO_FLOOR, EffectiveUrgency, UrgencyFloor
from .graph import TreeIndex
from .model import Choice, Question, Result, Tree


@dataclass(frozen=True)
class PathAnswer:
    """One answer on a path: a question and the choice taken."""

    question_id: str
    question: Question
    choice_index: int

    @property
    def choice(self) -> Choice:
        return self.question.choices[self.choice_index]

    @property
    def warning_sign(self) -> bool:
        return self.question.is_warning_sign(self.choice_index)


@dataclass(frozen=True)
class TreePath:
    """A path from the start to a result."""

    answers: tuple[PathAnswer, ...]
    result_id: str
    result: Result

    @property
    def red_flag_screens(self) -> tuple[str, ...]:
        """The red-flag questions this path passes, in order."""
        return tuple(a.question_id for a in self.answers if a.question.red_flag)

    @property
    def warning_signs(self) -> tuple[PathAnswer, ...]:
        """The answers on this path that report a warning sign."""
        return tuple(a for a in self.answers if a.warning_sign)

    @property
    def floors(self) -> tuple[PathAnswer, ...]:
        """The answers on this path that carry an urgency floor."""
        return tuple(a for a in self.answers if a.choice.urgency_floor is not None)

    @property
    def urgency_floor(self) -> UrgencyFloor:
        """The most urgent floor this path passes (each checklist choice is its own edge,
        so only the choice followed counts) and the findings that set it."""
        floor = NO_FLOOR
        for answer in self.floors:
            floor = floor.passing((answer.choice,))
        return floor

    @property
    def contradiction(self) -> tuple[PathAnswer, PathAnswer] | None:
        """The first answer on this path that an earlier answer on it rules out (see
        ``Choice.contradicts``), with that earlier answer; None for a path a patient can
        take. The audit (``paths``) leaves contradictory paths out and counts them."""
        for position, answer in enumerate(self.answers):
            for ref in answer.choice.contradicts:
                for earlier in self.answers[:position]:
                    if earlier.question_id == ref.question and earlier.choice.label == ref.choice:
                        return answer, earlier
        return None

    @property
    def effective_urgency(self) -> EffectiveUrgency:
        """The result's urgency raised by the floors this path passes."""
        return self.urgency_floor.apply(self.result.urgency)


def iter_paths(tree: Tree, index: TreeIndex, start: str | None = None) -> Iterator[TreePath]:
    """Every path from ``start`` (the tree's by default) to a result, depth first in the
    author's order of choices. Lazy, so a caller can stop after as many as it wants.

    Needs a finite graph whose choices all lead somewhere: raises ``ValueError`` on a cycle
    or an unknown node (lint FP103, FP101). A choice that leads to a missing node is skipped.
    """
    start = tree.start if start is None else start
    nodes = tree.nodes
    if start not in nodes:
        raise ValueError(f"no node {start!r} in tree {tree.meta.id!r}")
    if index.cycle:
        raise ValueError("the tree has a cycle (lint FP103): its paths never end")
    first = nodes[start]
    if isinstance(first, Result):
        yield TreePath((), start, first)
        return
    answers: list[PathAnswer] = []
    # (question id, question, index of the next choice to try), one per question on the path
    stack: list[tuple[str, Question, int]] = [(start, first, 0)]
    while stack:
        node_id, question, i = stack[-1]
        if i == len(question.choices):
            stack.pop()
            if answers:
                answers.pop()
            continue
        stack[-1] = (node_id, question, i + 1)
        child_id = question.choices[i].next
        child = nodes.get(child_id)
        if child is None:
            continue
        answer = PathAnswer(node_id, question, i)
        if isinstance(child, Result):
            yield TreePath((*answers, answer), child_id, child)
        else:
            answers.append(answer)
            stack.append((child_id, child, 0))


def possible_paths(tree: Tree, index: TreeIndex, start: str | None = None) -> Iterator[TreePath]:
    """:func:`iter_paths` without the paths no patient can take: those where an answer
    contradicts an earlier one (:attr:`TreePath.contradiction`)."""
    return (p for p in iter_paths(tree, index, start) if p.contradiction is None)
