"""WalkSession: where a walk through a tree stands, and the moves a user can make.

Pure navigation state, like a browser history: the TUI, the CLI and the tests all drive
the same object and only render what it says. Every move costs the same whatever the size of
the tree: it looks at one node and its choices, never further.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .floors import NO_FLOOR, EffectiveUrgency, UrgencyFloor
from .graph import TreeIndex
from .model import Choice, Question, Result, Tree, Urgency, choice_finding


class AnswerError(ValueError):
    """An answer matched no choice, or more than one; the message lists the choices."""

    def __init__(self, message: str, question: Question) -> None:
        self.question = question
        listing = "\n".join(
            f"  {i}. {c.label}" + (f"  [{c.key}]" if c.key else "")
            for i, c in enumerate(question.choices, 1)
        )
        super().__init__(f"{message}\nchoices for {question.prompt!r}:\n{listing}")


class WalkFinishedError(ValueError):
    """The walk stands on a result: there is no question to answer."""

    def __init__(self, node_id: str) -> None:
        super().__init__(
            f"the walk has ended on result {node_id!r}; go back or restart to answer again"
        )


class StartNodeError(ValueError):
    """A walk was asked to start at a node the tree does not have."""

    def __init__(self, tree: Tree, node_id: str) -> None:
        self.node_id = node_id
        close = difflib.get_close_matches(node_id, list(tree.nodes), n=3)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        super().__init__(
            f"no node {node_id!r} to start at in tree {tree.meta.id!r}{hint}"
            " (footpain-tui paths TREE lists every question)"
        )


# The longest time an answer is recorded as having taken: a question left on screen
# overnight says nothing more by its exact figure.
MAX_ANSWER_MS = 24 * 60 * 60 * 1000


@dataclass(frozen=True)
class Step:
    """One answered question: the question's id, the choice followed and every choice ticked.

    ``ticked`` holds the indices of all choices ticked, in the author's order; on a
    checklist the walk follows the first, ``choice_index``. On a one-answer question it is
    just ``(choice_index,)``, which is also what it defaults to. ``ms`` is how long the
    question was on screen before this answer (None when not measured); it is not part of
    what the step *is*: two steps with the same answers are equal whatever their times.
    """

    node_id: str
    choice_index: int
    ticked: tuple[int, ...] = ()
    ms: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.ticked:
            object.__setattr__(self, "ticked", (self.choice_index,))


class WalkSession:
    """A walk from ``start`` (the tree's by default): answer, go back, restart or jump back
    to a visited node."""

    def __init__(self, tree: Tree, index: TreeIndex | None = None, *, start: str | None = None):
        start = tree.start if start is None else start
        if start not in tree.nodes:
            raise StartNodeError(tree, start)
        self.tree = tree
        self.index = index or TreeIndex(tree)
        self.start_id = start
        self._steps: list[Step] = []
        # The urgency floor after each step, kept beside ``_steps`` so asking costs O(1).
        self._floors: list[UrgencyFloor] = []
        self._current = start
        # The last answer taken back at each question (by back, jump or restart): what the
        # review page shows beside an answer given again.
        self.undone: dict[str, Step] = {}

    # -- where we are -------------------------------------------------------------------
    @property
    def current_id(self) -> str:
        return self._current

    @property
    def current(self) -> Question | Result:
        return self.tree.nodes[self._current]

    @property
    def finished(self) -> bool:
        return isinstance(self.current, Result)

    @property
    def started_mid_tree(self) -> bool:
        return self.start_id != self.tree.start

    @property
    def skipped_red_flag_screens(self) -> bool:
        """Started mid-tree in a tree that opens on a red-flag screen: the screens before
        the start were not asked (the path bar and ``walk --start`` say so)."""
        first = self.tree.nodes.get(self.tree.start)
        return self.started_mid_tree and isinstance(first, Question) and first.red_flag

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(self._steps)

    def path(self) -> list[tuple[str, Question, Choice]]:
        """Questions answered so far, each with the choice followed (see ``steps`` for every
        choice ticked on a checklist)."""
        out = []
        for step in self._steps:
            question = self.tree.question(step.node_id)
            out.append((step.node_id, question, question.choices[step.choice_index]))
        return out

    @property
    def visited_ids(self) -> list[str]:
        return [s.node_id for s in self._steps] + [self._current]

    @property
    def urgency_floor(self) -> UrgencyFloor:
        """The most urgent floor passed so far (every choice ticked counts) and the findings
        that set it; ``UrgencyFloor()`` when none."""
        return self._floors[-1] if self._floors else NO_FLOOR

    def urgency_of(self, result: Result) -> EffectiveUrgency:
        """``result``'s urgency raised by the floors this walk has passed."""
        return self.urgency_floor.apply(result.urgency)

    @property
    def effective_urgency(self) -> EffectiveUrgency | None:
        """The urgency of the result the walk stands on, raised by the floors passed, with
        the findings that raised it; None while on a question."""
        node = self.current
        return self.urgency_of(node) if isinstance(node, Result) else None

    def floor_before(self, position: int) -> UrgencyFloor:
        """The floor the walk had passed when it stood at step ``position`` (0-based; the
        number of steps for the question it stands on now)."""
        return self._floors[position - 1] if position > 0 else NO_FLOOR

    def possible_conditions(self) -> list[tuple[str, Urgency]]:
        """Conditions still reachable from here, most urgent first, each at least as urgent
        as the floor passed (a memoised lookup)."""
        return self.index.possible_conditions(self._current, self.urgency_floor.level)

    def _question(self) -> Question:
        node = self.current
        if not isinstance(node, Question):
            raise WalkFinishedError(self._current)
        return node

    # -- moves ----------------------------------------------------------------------------
    def answer(self, choice_index: int) -> Step:
        """Take choice ``choice_index`` (0-based) of the current question; on a checklist,
        tick only that choice."""
        node = self._question()
        if not 0 <= choice_index < len(node.choices):
            raise AnswerError(f"there is no choice {choice_index + 1}", node)
        return self._take(node, Step(self._current, choice_index))

    def contradictions(self, choice: Choice, before: int | None = None) -> tuple[str, ...]:
        """The findings of earlier answers (of the first ``before`` steps; all by default)
        that ``choice`` contradicts, each once: empty when ``choice`` may be taken. Scans the
        walk only for a choice that names contradictions, a handful in a tree."""
        if not choice.contradicts:
            return ()
        steps = self._steps if before is None else self._steps[:before]
        found: dict[str, None] = {}
        for ref in choice.contradicts:
            for step in steps:
                if step.node_id != ref.question:
                    continue
                earlier = self.tree.question(step.node_id).choices
                for i in step.ticked:
                    if earlier[i].label == ref.choice:
                        found.setdefault(choice_finding(earlier[i]))
        return tuple(found)

    def _take(self, node: Question, step: Step) -> Step:
        for i in step.ticked:
            ruled_out = self.contradictions(node.choices[i])
            if ruled_out:
                raise AnswerError(
                    f"{node.choices[i].label!r} contradicts an earlier answer"
                    f" ({'; '.join(ruled_out)}): choose another, or go back and change that"
                    " answer",
                    node,
                )
        self._steps.append(step)
        self._floors.append(self.urgency_floor.passing(node.choices[i] for i in step.ticked))
        self._current = node.choices[step.choice_index].next
        return step

    def answer_many(self, indices: Sequence[int]) -> Step:
        """Tick the choices ``indices`` (0-based, any order) of the current checklist and
        follow the first of them in the author's order.

        On a one-answer question exactly one index is accepted. Nothing ticked is an error,
        and so is a negative choice ("None of these") ticked with others.
        """
        node = self._question()
        ticked = sorted(set(indices))
        if not ticked:
            negative = next((c for c in node.choices if c.negative), None)
            alone = f", or {negative.label!r} if none applies" if negative else ""
            raise AnswerError(f"nothing ticked: tick at least one choice{alone}", node)
        for i in ticked:
            if not 0 <= i < len(node.choices):
                raise AnswerError(f"there is no choice {i + 1}", node)
        if len(ticked) == 1:
            return self.answer(ticked[0])
        if not node.multiple:
            raise AnswerError(
                f"this question takes one answer, not {len(ticked)}: give one of its choices", node
            )
        for i in ticked:
            if node.choices[i].negative:
                raise AnswerError(
                    f"{node.choices[i].label!r} says none of the others applies:"
                    " tick it alone or untick it",
                    node,
                )
        return self._take(node, Step(self._current, ticked[0], tuple(ticked)))

    def resolve(self, text: str) -> int:
        """Which choice ``text`` means: a number 1..n, a next-node id, a shortcut, or a label prefix."""
        node = self._question()
        token = text.strip()
        if token.isdecimal():  # not isdigit(): '²' is a digit that int() refuses
            number = int(token)
            if 1 <= number <= len(node.choices):
                return number - 1
            raise AnswerError(f"{token!r} is not a choice number (1-{len(node.choices)})", node)
        folded = token.casefold()
        if not folded:
            raise AnswerError("empty answer", node)
        for matcher in (
            lambda c: c.next == token,
            lambda c: c.key is not None and c.key == folded,
            lambda c: c.label.casefold() == folded,
        ):
            hits = [i for i, c in enumerate(node.choices) if matcher(c)]
            if len(hits) == 1:
                return hits[0]
        hits = [i for i, c in enumerate(node.choices) if c.label.casefold().startswith(folded)]
        if len(hits) == 1:
            return hits[0]
        if hits:
            labels = ", ".join(repr(node.choices[i].label) for i in hits)
            raise AnswerError(f"{token!r} is ambiguous: it could be {labels}", node)
        raise AnswerError(f"{token!r} matches no choice", node)

    def resolve_many(self, answer: str | Sequence[str]) -> tuple[int, ...]:
        """Which choices an answer ticks, in the author's order.

        A list gives one choice per item, each resolved like :meth:`resolve`. A string is
        one choice, except on a checklist, where ``"fever,redness"`` (or ``"1,3"``) names
        several, split at the commas; a label that itself holds a comma still counts as
        one choice (``"A hot, swollen joint,fever"``): the longest run of pieces that
        resolves is taken first.
        """
        node = self._question()
        if not isinstance(answer, str):
            if not answer:
                raise AnswerError("empty answer", node)
            return tuple(sorted({self.resolve(item) for item in answer}))
        if not node.multiple or "," not in answer:
            return (self.resolve(answer),)
        pieces = [piece for piece in answer.split(",") if piece.strip()]
        if not pieces:
            raise AnswerError("empty answer", node)
        ticked: set[int] = set()
        i = 0
        while i < len(pieces):
            for j in range(len(pieces), i + 1, -1):  # longest run first, one piece last
                try:
                    ticked.add(self.resolve(",".join(pieces[i:j])))
                except AnswerError:
                    continue
                i = j
                break
            else:
                ticked.add(self.resolve(pieces[i]))  # raises, naming the piece, if it fails
                i += 1
        return tuple(sorted(ticked))

    def answer_text(self, text: str | Sequence[str]) -> Step:
        """Answer with text (see :meth:`resolve_many`)."""
        return self.answer_many(self.resolve_many(text))

    def time_last_answer(self, ms: int) -> None:
        """Note how long the last answer took (milliseconds, capped at a day)."""
        if self._steps:
            self._steps[-1] = replace(self._steps[-1], ms=max(0, min(int(ms), MAX_ANSWER_MS)))

    def _forget(self, steps: Sequence[Step]) -> None:
        for step in steps:
            self.undone[step.node_id] = step

    def back(self) -> bool:
        """Undo the last answer; False when already at the start."""
        if not self._steps:
            return False
        self._floors.pop()
        step = self._steps.pop()
        self.undone[step.node_id] = step
        self._current = step.node_id
        return True

    def restart(self) -> None:
        """Back to where this walk started (``start_id``), with no answers."""
        self._forget(self._steps)
        self._clear()

    def _clear(self) -> None:
        self._steps.clear()
        self._floors.clear()
        self._current = self.start_id

    def jump_to(self, node_id: str) -> bool:
        """Go back to a node visited on this walk, forgetting the answers after it."""
        for i, step in enumerate(self._steps):
            if step.node_id == node_id:
                self._current = node_id
                self._forget(self._steps[i:])
                del self._steps[i:]
                del self._floors[i:]
                return True
        return node_id == self._current

    def replay(self, steps: list[Step] | tuple[Step, ...]) -> None:
        """Restart and take ``steps`` again, every ticked choice and time included (used to
        resume a saved walk).

        All or nothing: if a step does not fit, the walk is left as it was and
        ``ValueError`` (or its :class:`AnswerError` subclass) says which step.
        """
        before = (list(self._steps), list(self._floors), self._current)
        self._clear()
        try:
            for step in steps:
                if step.node_id != self._current:
                    raise ValueError(
                        f"step at {step.node_id!r} does not follow the walk (at {self._current!r})"
                    )
                taken = self.answer_many(step.ticked)
                if taken.choice_index != step.choice_index:
                    raise ValueError(
                        f"step at {step.node_id!r} follows choice {step.choice_index + 1}, but the"
                        f" first of its ticked choices is {taken.choice_index + 1}"
                    )
                if step.ms is not None:
                    self.time_last_answer(step.ms)
        except ValueError:
            self._steps, self._floors, self._current = before
            raise
