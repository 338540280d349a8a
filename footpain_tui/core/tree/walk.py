"""WalkSession: where a walk through a tree stands, and the moves a user can make.

Pure navigation state, like a browser history: the TUI, the CLI and the tests all drive
the same object and only render what it says.
"""

from __future__ import annotations

from dataclasses import dataclass

from .graph import TreeIndex
from .model import Choice, Question, Result, Tree, Urgency


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


@dataclass(frozen=True)
class Step:
    """One answered question: the question's id and the index of the choice taken."""

    node_id: str
    choice_index: int


class WalkSession:
    """A walk from ``tree.start``: answer, go back, restart or jump back to a visited node."""

    def __init__(self, tree: Tree, index: TreeIndex | None = None) -> None:
        self.tree = tree
        self.index = index or TreeIndex(tree)
        self._steps: list[Step] = []
        self._current = tree.start

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
    def steps(self) -> tuple[Step, ...]:
        return tuple(self._steps)

    def path(self) -> list[tuple[str, Question, Choice]]:
        """Questions answered so far, each with the choice taken."""
        out = []
        for step in self._steps:
            question = self.tree.question(step.node_id)
            out.append((step.node_id, question, question.choices[step.choice_index]))
        return out

    @property
    def visited_ids(self) -> list[str]:
        return [s.node_id for s in self._steps] + [self._current]

    def possible_conditions(self) -> list[tuple[str, Urgency]]:
        """Conditions still reachable from here, most urgent first (a memoised lookup)."""
        return self.index.possible_conditions(self._current)

    # -- moves ----------------------------------------------------------------------------
    def answer(self, choice_index: int) -> Step:
        """Take choice ``choice_index`` (0-based) of the current question."""
        node = self.current
        if not isinstance(node, Question):
            raise WalkFinishedError(self._current)
        if not 0 <= choice_index < len(node.choices):
            raise AnswerError(f"there is no choice {choice_index + 1}", node)
        step = Step(self._current, choice_index)
        self._steps.append(step)
        self._current = node.choices[choice_index].next
        return step

    def resolve(self, text: str) -> int:
        """Which choice ``text`` means: a number 1..n, a next-node id, a shortcut, or a label prefix."""
        node = self.current
        if not isinstance(node, Question):
            raise WalkFinishedError(self._current)
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

    def answer_text(self, text: str) -> Step:
        return self.answer(self.resolve(text))

    def back(self) -> bool:
        """Undo the last answer; False when already at the start."""
        if not self._steps:
            return False
        self._current = self._steps.pop().node_id
        return True

    def restart(self) -> None:
        self._steps.clear()
        self._current = self.tree.start

    def jump_to(self, node_id: str) -> bool:
        """Go back to a node visited on this walk, forgetting the answers after it."""
        for i, step in enumerate(self._steps):
            if step.node_id == node_id:
                self._current = node_id
                del self._steps[i:]
                return True
        return node_id == self._current

    def replay(self, steps: list[Step] | tuple[Step, ...]) -> None:
        """Restart and take ``steps`` again (used to resume a saved walk).

        All or nothing: if a step does not fit, the walk is left as it was and
        ``ValueError`` (or its :class:`AnswerError` subclass) says which step.
        """
        before = (list(self._steps), self._current)
        self.restart()
        try:
            for step in steps:
                if step.node_id != self._current:
                    raise ValueError(
                        f"step at {step.node_id!r} does not follow the walk (at {self._current!r})"
                    )
                self.answer(step.choice_index)
        except ValueError:
            self._steps, self._current = before
            raise
