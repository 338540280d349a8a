"""Time per question across sessions: where trainees take longest to answer.

Every answer recorded with its time (``ms``, :mod:`.lines`) counts once per session: the
answer that stands on the session's walk (one given again replaces the first). Questions
are told apart by tree and id; the prompt shown is the last one recorded.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .sessions import SessionRecord

# A question needs this many timed answers to be named among those trainees hesitate at,
# unless no question has that many.
HESITATION_MIN_ANSWERS = 3
HESITATIONS_SHOWN = 3


def duration(ms: int) -> str:
    """A time in words: "4.2 s", "2 min 05 s", "3 h 02 min"."""
    if ms < 60_000:
        return f"{ms / 1000:.1f} s"
    minutes, rest = divmod(round(ms / 1000), 60)
    if minutes < 60:
        return f"{minutes} min {rest:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


@dataclass
class QuestionTimes:
    """The recorded answer times at one question of one tree."""

    tree_id: str
    question_id: str
    prompt: str
    times: list[int] = field(default_factory=list)

    @property
    def answers(self) -> int:
        return len(self.times)

    @property
    def median_ms(self) -> int:
        return round(statistics.median(self.times))

    @property
    def slowest_ms(self) -> int:
        return max(self.times)

    def as_dict(self) -> dict[str, Any]:
        return {
            "tree": self.tree_id,
            "question": self.question_id,
            "prompt": self.prompt,
            "answers": self.answers,
            "median_ms": self.median_ms,
            "slowest_ms": self.slowest_ms,
        }


@dataclass(frozen=True)
class AnswerTimes:
    """Per-question times, slowest median first, and how many sessions and answers fed them."""

    questions: list[QuestionTimes]
    sessions: int
    answers: int

    def hesitations(self) -> list[QuestionTimes]:
        """The questions with the longest median time, among those answered often enough to
        say (:data:`HESITATION_MIN_ANSWERS`; any, if none is)."""
        often = [q for q in self.questions if q.answers >= HESITATION_MIN_ANSWERS]
        return (often or self.questions)[:HESITATIONS_SHOWN]

    def as_dict(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions,
            "answers": self.answers,
            "questions": [q.as_dict() for q in self.questions],
            "hesitate_most": [q.as_dict() for q in self.hesitations()],
        }


def answer_times(records: Iterable[SessionRecord]) -> AnswerTimes:
    """Gather the timed answers of ``records`` by question."""
    by_question: dict[tuple[str, str], QuestionTimes] = {}
    sessions = answers = 0
    for record in records:
        tree_id = record.tree.get("id", "")
        timed = [step for step in record.path if step.ms is not None]
        if not timed:
            continue
        sessions += 1
        for step in timed:
            key = (tree_id, step.step.node_id)
            entry = by_question.setdefault(key, QuestionTimes(tree_id, step.step.node_id, ""))
            entry.prompt = step.recorded.prompt or entry.prompt
            entry.times.append(step.ms)
            answers += 1
    ordered = sorted(
        by_question.values(), key=lambda q: (-q.median_ms, -q.answers, q.tree_id, q.question_id)
    )
    return AnswerTimes(ordered, sessions, answers)
