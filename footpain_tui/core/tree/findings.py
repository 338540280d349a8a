"""What a walk reported, step by step: the findings behind "Why this result" and
"You reported: fever, spreading redness", built from the walk itself.

Shared by the explorer, training, transcripts and handouts, so every place words a walk's
answers the same way.
"""

from __future__ import annotations

from typing import NamedTuple

from .model import Choice, Question, choice_finding
from .walk import WalkSession

__all__ = ["StepFindings", "choice_finding", "findings_reported", "walk_findings"]


class StepFindings(NamedTuple):
    """One answered question and what its answer reported.

    ``choices`` are every choice ticked (one on a plain question), in the author's order;
    ``warning_sign`` is true when the question is a red-flag screen and a choice other than
    its negative one ("No", "None of these") was taken.
    """

    node_id: str
    question: Question
    choices: tuple[Choice, ...]
    warning_sign: bool

    @property
    def findings(self) -> tuple[str, ...]:
        return tuple(choice_finding(c) for c in self.choices)

    @property
    def has_findings(self) -> bool:
        """Whether the author wrote a ``finding`` for every choice taken."""
        return all(c.finding for c in self.choices)

    def summary(self) -> str:
        """One line for "Why this result": the findings, or ``prompt -> labels`` when the
        author gave no finding to say what the answer means."""
        if self.has_findings:
            return ", ".join(self.findings)
        return f"{self.question.prompt} -> {'; '.join(c.label for c in self.choices)}"


def walk_findings(session: WalkSession) -> list[StepFindings]:
    """Every answered step of ``session``, in walk order, with what it reported."""
    out = []
    for step in session.steps:
        question = session.tree.question(step.node_id)
        out.append(
            StepFindings(
                node_id=step.node_id,
                question=question,
                choices=tuple(question.choices[i] for i in step.ticked),
                warning_sign=any(question.is_warning_sign(i) for i in step.ticked),
            )
        )
    return out


def findings_reported(steps: list[StepFindings]) -> tuple[str, ...]:
    """What a walk reported, in walk order, each once: the "You reported:" line of a result,
    in the explorer, `walk` and exports alike. Every warning sign and every finding ticked on a
    checklist ("known diabetes"), never a "None of these"; an answer without a finding reads
    "question → answer", since "Yes" alone says nothing."""
    seen: dict[str, None] = {}
    for step in steps:
        if step.warning_sign or step.question.multiple:
            for choice in step.choices:
                if not choice.negative:
                    seen.setdefault(choice.finding or f"{step.question.prompt} → {choice.label}")
    return tuple(seen)
