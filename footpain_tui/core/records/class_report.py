"""The teacher's report: every training walk in one or more data folders, added up.

A class's records arrive as one shared folder (``serve --data-dir``) or as each trainee's
folder copied side by side; :func:`read_class_sessions` reads them all, counts the files it
has to skip (unreadable, or holding no session record: corrupt or foreign) and the damaged
lines it skipped inside files it kept, and keeps one copy of a session seen twice (the same
id and start in two folders). :func:`build_report` then counts, for the training walks that
reached a verdict: per case, per question, per trainee and overall, with the urgency
under-calls (the dangerous error) first.

Records are read only through :class:`.sessions.SessionRecord`. The marks of
predict-then-reveal (a verdict's ``marks``, a finish line's ``prediction``) are read where
present and left out where not, so a report covers records from before and after them; so
is each answer's time (``ms``). No plotting here: rendering is :mod:`.report_render`.
"""

from __future__ import annotations

import os
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..tree.model import URGENCY_BY_RANK, Urgency
from .sessions import SESSIONS, SessionRecord, read_session_file, reason, resolve_data_dir
from .trainees import same_trainee

REPORT_VERSION = 1
CALLS = ("under", "right", "over")
_URGENCY_RANK = {level.value: level.rank for level in URGENCY_BY_RANK}
# Skipped files named in the report; past this only counted.
MAX_NAMED_SKIPS = 50


class ReportSourceError(ValueError):
    """A data folder that cannot be read at all; the message names it and says why."""


# -- reading ----------------------------------------------------------------------------------
@dataclass
class ClassSessions:
    """What the data folders held: the sessions read, and what was skipped on the way."""

    folders: list[Path]
    records: list[SessionRecord] = field(default_factory=list)
    files: int = 0  # session files found
    skipped: list[str] = field(default_factory=list)  # "file: why", one per skipped file
    damaged_lines: int = 0  # unreadable lines skipped inside files that were kept
    duplicates: int = 0  # copies of a session already read from another folder
    empty: list[Path] = field(default_factory=list)  # folders with no session file at all


def session_folder(data_dir: str | Path | None) -> Path | None:
    """Where a data folder keeps its session files: ``DIR/sessions``, or ``DIR`` itself when
    it has none (a teacher may point at a sessions folder, or a folder of copied files).
    None for the default data folder before anything was recorded in it.

    Raises :class:`ReportSourceError` for a folder named that does not exist.
    """
    folder = resolve_data_dir(data_dir)
    if not folder.is_dir():
        if data_dir is None:
            return None
        raise ReportSourceError(
            f"{folder}: no such folder; pass a folder given to --data-dir when training"
            " (or the folder its session files were copied into)"
        )
    nested = folder / SESSIONS
    return nested if nested.is_dir() else folder


def _files_in(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(".jsonl") and e.is_file())
    except OSError as exc:
        raise ReportSourceError(f"{folder}: cannot be listed: {reason(exc)}") from None
    return [folder / name for name in names]


def read_class_sessions(data_dirs: Sequence[str | Path | None]) -> ClassSessions:
    """Every session in ``data_dirs`` (none given: the default data folder), oldest first.

    Raises :class:`ReportSourceError` for a folder that does not exist or cannot be listed;
    anything wrong inside a file is counted, never raised.
    """
    folders = [session_folder(d) for d in data_dirs or [None]]
    found = ClassSessions(list(dict.fromkeys(f for f in folders if f is not None)))
    kept: dict[tuple[str, str], SessionRecord] = {}
    for folder in found.folders:  # a folder named twice is read once
        files = _files_in(folder)
        if not files:
            found.empty.append(folder)
        for file in files:
            found.files += 1
            try:
                record = read_session_file(file)
            except OSError as exc:
                found.skipped.append(f"{file}: cannot be read: {exc.strerror or exc}")
                continue
            if not record.lines:
                found.skipped.append(f"{file}: holds no readable session record")
                continue
            found.damaged_lines += len(record.warnings)
            key = (record.session_id, record.started_at)
            earlier = kept.get(key)
            if earlier is not None:
                found.duplicates += 1
                if len(record.lines) <= len(earlier.lines):
                    continue  # the copy already read is as complete
            kept[key] = record
    found.records = sorted(kept.values(), key=lambda r: (r.started_at, r.session_id))
    return found


# -- one training walk ------------------------------------------------------------------------
@dataclass(frozen=True)
class WrongTurn:
    """The first question where a walk left the case's path, and the two answers."""

    question: str
    prompt: str
    given: str
    expected: str

    def as_dict(self) -> dict[str, str]:
        return {
            "question": self.question,
            "prompt": self.prompt,
            "given": self.given,
            "expected": self.expected,
        }


@dataclass(frozen=True)
class Answer:
    question: str
    prompt: str
    ms: int | None  # from the question on screen to the answer, where recorded


@dataclass(frozen=True)
class Attempt:
    """One training walk that reached a verdict (its first, as the training score counts)."""

    session_id: str
    tree: str
    trainee: str | None
    case_id: str
    case_title: str
    started_at: str
    matched: bool
    expected_urgency: str | None
    reached_urgency: str | None
    cause_correct: bool | None  # None: no prediction made
    urgency_correct: bool | None
    urgency_call: str | None  # "under" | "right" | "over"; None: no prediction
    called_urgency: str | None  # the urgency the trainee predicted
    wrong_turn: WrongTurn | None
    answers: tuple[Answer, ...] = ()

    @property
    def day(self) -> str:
        return self.started_at[:10]

    @property
    def walk_call(self) -> str | None:
        """How the urgency the walk reached compares with the case's."""
        return urgency_call(self.reached_urgency, self.expected_urgency)


def urgency_call(given: str | None, needed: str | None) -> str | None:
    """ "under" when ``given`` is less urgent than ``needed``, "over" when more, else "right"."""
    if given not in _URGENCY_RANK or needed not in _URGENCY_RANK:
        return None
    difference = _URGENCY_RANK[given] - _URGENCY_RANK[needed]
    return "under" if difference > 0 else "over" if difference < 0 else "right"


def _text(data: Any, key: str) -> str | None:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _flag(data: Any, key: str) -> bool | None:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, bool) else None


def _level(value: Any) -> str | None:
    return value if value in _URGENCY_RANK else None


def _step_ms(timed: Any) -> int | None:
    """A step's time to answer, where the record has one (``ms``, with predict-then-reveal)."""
    for holder in (timed, getattr(timed, "recorded", None)):
        ms = getattr(holder, "ms", None)
        if isinstance(ms, int) and not isinstance(ms, bool) and ms >= 0:
            return ms
    return None


def _first_prediction(record: SessionRecord) -> dict[str, Any] | None:
    """The prediction made with the first verdict (the attempt the score counts)."""
    for line in record.finishes:
        if line.object("verdict") is not None:
            return line.object("prediction")
    return None


def attempt_of(record: SessionRecord) -> Attempt | None:
    """The training walk ``record`` holds; None for a free walk or one with no verdict."""
    verdict = record.verdict
    if record.mode != "training" or verdict is None:
        return None
    case_id = record.case_id or _text(verdict, "case")
    if not case_id:
        return None
    marks = verdict.get("marks")
    prediction = _first_prediction(record)
    cause = _flag(marks, "cause")
    urgency = _flag(marks, "urgency")
    call = _text(marks, "urgency_call")
    if prediction is not None:  # a prediction without marks: its own judgement
        cause = cause if cause is not None else _flag(prediction, "cause_correct")
        urgency = urgency if urgency is not None else _flag(prediction, "urgency_correct")
        call = call or _text(prediction, "urgency_call")
    divergence = verdict.get("divergence")
    wrong_turn = None
    if isinstance(divergence, dict) and _text(divergence, "question"):
        wrong_turn = WrongTurn(
            question=_text(divergence, "question") or "",
            prompt=_text(divergence, "prompt") or "",
            given=_text(divergence, "given") or "",
            expected=_text(divergence, "expected") or "",
        )
    expected_result = verdict.get("expected_result")
    given_result = verdict.get("given_result")
    return Attempt(
        session_id=record.session_id,
        tree=record.tree.get("id", ""),
        trainee=record.trainee,
        case_id=case_id,
        case_title=record.case_title or _text(verdict, "case_title") or case_id,
        started_at=record.started_at,
        matched=verdict.get("matched") is True,
        expected_urgency=_level(_text(expected_result, "urgency")),
        reached_urgency=_level(_text(given_result, "urgency")),
        cause_correct=cause,
        urgency_correct=urgency,
        urgency_call=call if call in CALLS else None,
        called_urgency=_level(_text(prediction, "urgency")),
        wrong_turn=wrong_turn,
        answers=tuple(
            Answer(timed.step.node_id, timed.recorded.prompt, _step_ms(timed))
            for timed in record.path
        ),
    )


# -- the report -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rate:
    """``hits`` of ``of``; ``percent`` None when there was nothing to count."""

    hits: int
    of: int

    @property
    def percent(self) -> float | None:
        return 100 * self.hits / self.of if self.of else None

    def as_dict(self) -> dict[str, Any]:
        percent = self.percent
        return {
            "hits": self.hits,
            "of": self.of,
            "percent": round(percent, 1) if percent is not None else None,
        }


@dataclass(frozen=True)
class Marks:
    """Path, cause and urgency match rates over a set of attempts (cause and urgency only
    over the attempts with a prediction)."""

    attempts: int
    path: Rate
    cause: Rate
    urgency: Rate
    under_calls: int  # predicted urgency lower than the case's
    walk_under: int  # walks that ended on a result less urgent than the case's

    @classmethod
    def of(cls, attempts: Sequence[Attempt]) -> Marks:
        causes = [a.cause_correct for a in attempts if a.cause_correct is not None]
        urgencies = [a.urgency_correct for a in attempts if a.urgency_correct is not None]
        return cls(
            attempts=len(attempts),
            path=Rate(sum(a.matched for a in attempts), len(attempts)),
            cause=Rate(sum(causes), len(causes)),
            urgency=Rate(sum(urgencies), len(urgencies)),
            under_calls=sum(a.urgency_call == "under" for a in attempts),
            walk_under=sum(a.walk_call == "under" for a in attempts),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "attempts": self.attempts,
            "path": self.path.as_dict(),
            "cause": self.cause.as_dict(),
            "urgency": self.urgency.as_dict(),
            "under_calls": self.under_calls,
            "walks_under": self.walk_under,
        }


@dataclass(frozen=True)
class UnderCall:
    """One case whose urgency was called (or reached) lower than it needed."""

    trainee: str | None
    case_id: str
    case_title: str
    started_at: str
    given: str | None  # the urgency called or reached
    needed: str | None

    @property
    def levels_below(self) -> int:
        """How many urgency levels below the case's: 1 is one step, 4 is self-care for an
        emergency."""
        if self.given not in _URGENCY_RANK or self.needed not in _URGENCY_RANK:
            return 0
        return _URGENCY_RANK[self.given] - _URGENCY_RANK[self.needed]

    def as_dict(self) -> dict[str, Any]:
        return {
            "trainee": self.trainee,
            "case": self.case_id,
            "case_title": self.case_title,
            "started_at": self.started_at,
            "given": self.given,
            "needed": self.needed,
            "levels_below": self.levels_below,
        }


@dataclass(frozen=True)
class CaseUnderCalls:
    """A case's under-calls: how many, and the worst of them."""

    case_id: str
    case_title: str
    count: int
    worst: UnderCall

    def as_dict(self) -> dict[str, Any]:
        return {
            "case": self.case_id,
            "case_title": self.case_title,
            "count": self.count,
            "worst": self.worst.as_dict(),
        }


@dataclass(frozen=True)
class UrgencyCalls:
    """How the urgency compared with each case's: "under" (the dangerous error), "right",
    "over"; and every under-call by name."""

    counts: dict[str, int]
    under: list[UnderCall]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def by_case(self) -> list[CaseUnderCalls]:
        """The cases under-called, the most often first (then the worst)."""
        groups: dict[str, list[UnderCall]] = defaultdict(list)
        for call in self.under:  # the worst first already
            groups[call.case_id].append(call)
        cases = [
            CaseUnderCalls(case_id, calls[0].case_title, len(calls), calls[0])
            for case_id, calls in groups.items()
        ]
        return sorted(cases, key=lambda c: (-c.count, -c.worst.levels_below, c.case_id))

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            **{call: self.counts.get(call, 0) for call in CALLS},
            "by_case": [c.as_dict() for c in self.by_case()],
            "under_calls": [u.as_dict() for u in self.under],
        }


def _calls(attempts: Iterable[Attempt], call_of, given_of) -> UrgencyCalls:
    counts: Counter[str] = Counter()
    under = []
    for attempt in attempts:
        call = call_of(attempt)
        if call is None:
            continue
        counts[call] += 1
        if call == "under":
            under.append(
                UnderCall(
                    attempt.trainee,
                    attempt.case_id,
                    attempt.case_title,
                    attempt.started_at,
                    given_of(attempt),
                    attempt.expected_urgency,
                )
            )
    # The worst first (the most levels below), then in the order they happened.
    under.sort(key=lambda u: (-u.levels_below, u.started_at))
    return UrgencyCalls({call: counts[call] for call in CALLS}, under)


@dataclass(frozen=True)
class WrongTurnCount:
    turn: WrongTurn
    count: int

    def as_dict(self) -> dict[str, Any]:
        return {**self.turn.as_dict(), "count": self.count}


@dataclass(frozen=True)
class CaseRow:
    tree: str
    case_id: str
    title: str
    marks: Marks
    wrong_turns: int  # attempts with a first wrong turn
    top_wrong_turn: WrongTurnCount | None  # the most common one

    def as_dict(self) -> dict[str, Any]:
        return {
            "tree": self.tree,
            "case": self.case_id,
            "title": self.title,
            **self.marks.as_dict(),
            "wrong_turns": self.wrong_turns,
            "most_common_wrong_turn": self.top_wrong_turn.as_dict()
            if self.top_wrong_turn
            else None,
        }


@dataclass(frozen=True)
class QuestionRow:
    tree: str
    question: str
    prompt: str
    answered: int  # training attempts that answered it
    first_wrong_turns: int  # attempts whose first wrong turn it was
    timed: int  # answers with a recorded time
    median_ms: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "tree": self.tree,
            "question": self.question,
            "prompt": self.prompt,
            "answered": self.answered,
            "first_wrong_turns": self.first_wrong_turns,
            "first_wrong_turn_rate": Rate(self.first_wrong_turns, self.answered).as_dict(),
            "timed_answers": self.timed,
            "median_ms": self.median_ms,
        }


@dataclass(frozen=True)
class TraineeRow:
    trainee: str | None
    cases_done: int  # distinct cases attempted
    marks: Marks

    def as_dict(self) -> dict[str, Any]:
        return {"trainee": self.trainee, "cases_done": self.cases_done, **self.marks.as_dict()}


@dataclass(frozen=True)
class Sources:
    folders: list[str]
    files: int
    sessions: int
    skipped_files: int
    skipped: list[str]  # the first MAX_NAMED_SKIPS, each "file: why"
    damaged_lines: int
    duplicates: int
    free_walks: int
    unfinished_training: int  # training walks without a verdict

    def as_dict(self) -> dict[str, Any]:
        return {
            "folders": self.folders,
            "files": self.files,
            "sessions": self.sessions,
            "skipped_files": self.skipped_files,
            "skipped": self.skipped,
            "damaged_lines": self.damaged_lines,
            "duplicates": self.duplicates,
            "free_walks": self.free_walks,
            "unfinished_training_walks": self.unfinished_training,
        }


@dataclass(frozen=True)
class ClassReport:
    generated_at: str
    trainee: str | None  # the filter, if any ("" for the anonymous sessions)
    since: date | None
    sources: Sources
    predicted: UrgencyCalls  # the urgency trainees predicted (predict-then-reveal)
    reached: UrgencyCalls  # the urgency of the result each walk reached
    overall: Marks
    trainees_count: int
    cases: list[CaseRow]
    questions: list[QuestionRow]
    trainees: list[TraineeRow]
    trees: list[str]

    @property
    def several_trees(self) -> bool:
        return len(self.trees) > 1

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data, the under-calls first."""
        return {
            "format": f"footpain-tui class report v{REPORT_VERSION}",
            "generated_at": self.generated_at,
            "filters": {
                "trainee": self.trainee,
                "since": self.since.isoformat() if self.since else None,
            },
            "urgency_under_calls": {
                "predicted": self.predicted.as_dict(),
                "reached": self.reached.as_dict(),
            },
            "overall": {**self.overall.as_dict(), "trainees": self.trainees_count},
            "cases": [row.as_dict() for row in self.cases],
            "questions": [row.as_dict() for row in self.questions],
            "trainees": [row.as_dict() for row in self.trainees],
            "trees": self.trees,
            "sources": self.sources.as_dict(),
        }


def case_rows(attempts: list[Attempt]) -> list[CaseRow]:
    by_case: dict[tuple[str, str], list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        by_case[(attempt.tree, attempt.case_id)].append(attempt)
    rows = []
    for (tree, case_id), group in by_case.items():
        turns = Counter(a.wrong_turn for a in group if a.wrong_turn is not None)
        # The most common; among equals, the one met first.
        top = max(turns.items(), key=lambda item: item[1]) if turns else None
        rows.append(
            CaseRow(
                tree,
                case_id,
                group[-1].case_title,
                Marks.of(group),
                sum(turns.values()),
                WrongTurnCount(*top) if top else None,
            )
        )
    # The cases that trip people up first: the lowest path match, then the most attempts.
    return sorted(rows, key=lambda r: (r.marks.path.percent, -r.marks.attempts, r.case_id))


def question_rows(attempts: list[Attempt]) -> list[QuestionRow]:
    answered: Counter[tuple[str, str]] = Counter()
    wrong: Counter[tuple[str, str]] = Counter()
    times: dict[tuple[str, str], list[int]] = defaultdict(list)
    prompts: dict[tuple[str, str], str] = {}
    for attempt in attempts:
        for key in {(attempt.tree, a.question) for a in attempt.answers}:
            answered[key] += 1
        for answer in attempt.answers:
            key = (attempt.tree, answer.question)
            prompts[key] = answer.prompt or prompts.get(key, "")
            if answer.ms is not None:
                times[key].append(answer.ms)
        if attempt.wrong_turn is not None:
            key = (attempt.tree, attempt.wrong_turn.question)
            wrong[key] += 1
            prompts.setdefault(key, attempt.wrong_turn.prompt)
    rows = [
        QuestionRow(
            tree,
            question,
            prompts.get((tree, question), ""),
            answered[(tree, question)],
            wrong[(tree, question)],
            len(times[(tree, question)]),
            statistics.median(times[(tree, question)]) if times[(tree, question)] else None,
        )
        for tree, question in answered.keys() | wrong.keys()
    ]
    # The questions that trip people up first, then the ones asked most.
    return sorted(rows, key=lambda r: (-r.first_wrong_turns, -r.answered, r.question))


def trainee_rows(attempts: list[Attempt]) -> list[TraineeRow]:
    by_name: dict[str, list[Attempt]] = defaultdict(list)
    names: dict[str, str | None] = {}
    for attempt in attempts:
        key = (attempt.trainee or "").casefold()
        by_name[key].append(attempt)
        names.setdefault(key, attempt.trainee)
    rows = [
        TraineeRow(names[key], len({(a.tree, a.case_id) for a in group}), Marks.of(group))
        for key, group in by_name.items()
    ]
    return sorted(rows, key=lambda r: (r.trainee is None, (r.trainee or "").casefold()))


def build_report(
    sessions: ClassSessions,
    *,
    trainee: str | None = None,
    since: date | None = None,
    generated_at: str = "",
) -> ClassReport:
    """Add up the training walks in ``sessions``: those of ``trainee`` only (case-insensitive;
    "" the anonymous ones) and begun on or after ``since`` (a UTC date) if given."""
    attempts = []
    free = unfinished = 0
    for record in sessions.records:
        attempt = attempt_of(record)
        if attempt is None:
            if record.mode == "training":
                unfinished += 1
            else:
                free += 1
            continue
        if trainee is not None and not same_trainee(attempt.trainee, trainee):
            continue
        if since is not None and not attempt.day >= since.isoformat():
            continue
        attempts.append(attempt)
    sources = Sources(
        folders=[str(f) for f in sessions.folders],
        files=sessions.files,
        sessions=len(sessions.records),
        skipped_files=len(sessions.skipped),
        skipped=sessions.skipped[:MAX_NAMED_SKIPS],
        damaged_lines=sessions.damaged_lines,
        duplicates=sessions.duplicates,
        free_walks=free,
        unfinished_training=unfinished,
    )
    trainees = trainee_rows(attempts)
    return ClassReport(
        generated_at=generated_at,
        trainee=trainee,
        since=since,
        sources=sources,
        predicted=_calls(attempts, lambda a: a.urgency_call, lambda a: a.called_urgency),
        reached=_calls(attempts, lambda a: a.walk_call, lambda a: a.reached_urgency),
        overall=Marks.of(attempts),
        trainees_count=len(trainees),
        cases=case_rows(attempts),
        questions=question_rows(attempts),
        trainees=trainees,
        trees=sorted({a.tree for a in attempts}),
    )


def urgency_words(level: str | None) -> str:
    """An urgency level as the app writes it ("SELF-CARE"); "?" when unknown."""
    return Urgency(level).label if level in _URGENCY_RANK else "?"
