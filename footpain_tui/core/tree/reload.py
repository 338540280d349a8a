"""A tree that changed on disk, loaded again with the walk carried over (``--watch``).

:func:`load_checked` loads and lints a tree file as every command that walks a tree does
(errors only) and, when it cannot be used, says why in :class:`ReloadError`: each problem
with the file and its place (``line:column`` for JSON syntax, a JSON path such as
``nodes.q_when.choices[1].next`` for the shape and the lint rules).

:func:`move_walk` carries a walk onto the new tree: the same answers, matched by label as a
recorded walk is replayed (:mod:`.replay`), as far as they still fit; where one no longer
does, the walk stops at that question and :attr:`MovedWalk.notice` says where and why.
:func:`rebase` then points a live :class:`WalkSession` at the new tree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .graph import TreeIndex
from .lint import lint_tree
from .loader import TreeLoadError, load_tree
from .model import Question, Tree
from .replay import RecordedStep, RecordedWalk, replay
from .walk import Step, WalkSession


@dataclass(frozen=True)
class ReloadProblem:
    """One reason a tree file cannot be used: where (file and place) and what."""

    place: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" + (f" (hint: {self.hint})" if self.hint else "")


class ReloadError(Exception):
    """The file no longer loads, or lints with errors; ``problems`` lists them all."""

    def __init__(self, file: str, problems: list[ReloadProblem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_checked(path: str | Path) -> tuple[Tree, TreeIndex]:
    """The tree at ``path`` and its index, if it loads and has no lint error; else
    :class:`ReloadError`. Warnings do not stop a walk, so they are not read here."""
    file = str(path)
    try:
        tree = load_tree(path)
    except TreeLoadError as exc:
        problems = [
            ReloadProblem(f"{p.file}:{p.location}" if p.location else p.file, p.message, p.hint)
            for p in exc.problems
        ]
        raise ReloadError(file, problems) from None
    index = TreeIndex(tree)
    report = lint_tree(tree, index, warnings=False)
    if not report.ok:
        raise ReloadError(
            file,
            [
                ReloadProblem(f"{file}:{f.path}", f"{f.rule.id} {f.rule.name}: {f.message}")
                for f in report.errors
            ],
        )
    return tree, index


@dataclass(frozen=True)
class MovedWalk:
    """A walk carried onto a new tree: where it starts and the answers that still fit."""

    start: str
    steps: tuple[Step, ...]
    dropped: int = 0  # answers that no longer fit, from the first that does not
    stands_on: str = ""
    notices: tuple[str, ...] = field(default=())


def _recorded(tree: Tree, steps: Sequence[Step]) -> tuple[RecordedStep, ...]:
    out = []
    for step in steps:
        question = tree.nodes.get(step.node_id)
        if not isinstance(question, Question):
            break
        labels = tuple(question.choices[i].label for i in step.ticked)
        out.append(
            RecordedStep(
                step.node_id,
                question.prompt,
                question.choices[step.choice_index].label,
                labels if question.multiple else (),
            )
        )
    return tuple(out)


def move_walk(
    old: Tree, steps: Sequence[Step], start: str, new: Tree, index: TreeIndex
) -> MovedWalk:
    """``steps`` (answered on ``old`` from ``start``) carried onto ``new``."""
    notices = []
    if start not in new.nodes:
        notices.append(
            f"The walk started at {start!r}, which the tree no longer has: it starts again"
            f" at {new.start!r}."
        )
        return MovedWalk(new.start, (), len(steps), new.start, tuple(notices))
    walk = RecordedWalk(
        tree_id=None, tree_version=None, start=start, steps=_recorded(old, steps), result_id=None
    )
    replayed = replay(new, walk, index)
    kept = len(replayed.steps)
    if replayed.failure is not None:
        where = replayed.stands_on
        node = new.nodes[where]
        what = f"question {where} ({node.prompt!r})" if isinstance(node, Question) else where
        later = len(steps) - kept
        notices.append(
            f"The walk now stands at {what}: {later} answer{'s' if later != 1 else ''} from"
            f" here on no longer fit the changed tree ({replayed.failure})."
        )
    return MovedWalk(start, replayed.steps, len(steps) - kept, replayed.stands_on, tuple(notices))


def rebase(session: WalkSession, tree: Tree, index: TreeIndex, moved: MovedWalk) -> None:
    """Point ``session`` at ``tree`` and take ``moved``'s answers again on it."""
    # The answers carried over are the first ones of the walk: they keep their times.
    times = [step.ms for step in session.steps] if moved.start == session.start_id else []
    session.tree = tree
    session.index = index
    session.start_id = moved.start
    session.replay(
        [
            replace(step, ms=times[i]) if i < len(times) else step
            for i, step in enumerate(moved.steps)
        ]
    )
