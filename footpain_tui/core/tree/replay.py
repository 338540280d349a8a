"""Recorded walks as tests: a transcript replayed against a tree, answer by answer.

A JSON transcript (``footpain-tui export-session --format json``, see
:mod:`..records.transcripts`) holds the walk's ``path``: for each step the ``question`` id,
its ``prompt`` and the ``answer`` given (the label of the choice followed); where a step
also lists ``ticked`` (every label ticked on a checklist) the same set is ticked again. Its
``result`` (``{"id", "title", "urgency"}``) is where the walk ended; an optional ``start``
names the node it began at (else the tree's start).

:func:`replay` walks the same answers through the tree as it is now and stops at the first
step that no longer fits, naming it: the tree asks another question there, the answer is no
longer one of the choices, the walk ends earlier or later, or on another result. Answers are
matched by their exact label (case aside): a renamed answer is a change the author should
see. Pure data in, no file access, no pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .graph import TreeIndex
from .model import Question, Result, Tree
from .walk import AnswerError, Step, WalkSession

TRANSCRIPT_FORMAT = "footpain-tui session transcript"


class TranscriptError(ValueError):
    """Data that is not a transcript; ``where`` is the JSON path of the problem."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


def is_transcript(data: Any) -> bool:
    """Whether parsed JSON looks like a session transcript (not, say, a case file)."""
    return (
        isinstance(data, Mapping)
        and isinstance(data.get("format"), str)
        and data["format"].startswith(TRANSCRIPT_FORMAT)
    )


@dataclass(frozen=True)
class RecordedStep:
    question: str
    prompt: str
    answer: str
    ticked: tuple[str, ...] = ()  # every label ticked; empty: the answer alone


@dataclass(frozen=True)
class RecordedWalk:
    """What a transcript says about its walk."""

    tree_id: str | None
    tree_version: str | None
    start: str | None
    steps: tuple[RecordedStep, ...]
    result_id: str | None  # None: the walk did not reach a result
    result_title: str | None = None
    case: str | None = None


def _text(value: Any, where: str, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value:
        raise TranscriptError(where, "should be a non-empty string")
    return value


def read_transcript(data: Any) -> RecordedWalk:
    """A transcript's walk, checked for the fields a replay needs; raises
    :class:`TranscriptError` naming the field."""
    if not isinstance(data, Mapping):
        raise TranscriptError("", "a transcript is a JSON object")
    if not is_transcript(data):
        raise TranscriptError(
            "format", f"should start with {TRANSCRIPT_FORMAT!r} (export-session --format json)"
        )
    tree = data.get("tree")
    tree = tree if isinstance(tree, Mapping) else {}
    path = data.get("path")
    if not isinstance(path, list):
        raise TranscriptError("path", "should be a list of steps")
    steps = []
    for i, item in enumerate(path):
        where = f"path[{i}]"
        if not isinstance(item, Mapping):
            raise TranscriptError(where, "should be an object with question, prompt and answer")
        ticked = item.get("ticked") or []
        if not isinstance(ticked, list) or not all(isinstance(t, str) and t for t in ticked):
            raise TranscriptError(f"{where}.ticked", "should be a list of choice labels")
        steps.append(
            RecordedStep(
                question=_text(item.get("question"), f"{where}.question") or "",
                prompt=item.get("prompt") if isinstance(item.get("prompt"), str) else "",
                answer=_text(item.get("answer"), f"{where}.answer") or "",
                ticked=tuple(ticked),
            )
        )
    result = data.get("result")
    if result is not None and not isinstance(result, Mapping):
        raise TranscriptError("result", "should be an object with id and title, or null")
    result_id = _text(result.get("id"), "result.id") if result else None
    return RecordedWalk(
        tree_id=tree.get("id") if isinstance(tree.get("id"), str) else None,
        tree_version=tree.get("version") if isinstance(tree.get("version"), str) else None,
        start=_text(data.get("start"), "start", optional=True),
        steps=tuple(steps),
        result_id=result_id,
        result_title=result.get("title")
        if result and isinstance(result.get("title"), str)
        else None,
        case=data.get("case") if isinstance(data.get("case"), str) else None,
    )


@dataclass(frozen=True)
class ReplayFailure:
    """Where the replay stopped: the 1-based step (None: at the end of the walk) and why."""

    step: int | None
    question: str | None
    message: str

    def __str__(self) -> str:
        if self.step is not None:
            return f"step {self.step}: {self.message}"
        if self.question is not None:  # where the walk stands after its last step
            return f"at the end: {self.message}"
        return self.message  # the walk as a whole (another tree, a start that is gone)


@dataclass(frozen=True)
class Replay:
    """A replayed walk: the steps that fitted, where the tree walk stands, the failure."""

    steps: tuple[Step, ...]
    stands_on: str
    failure: ReplayFailure | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.failure is None


def _describe(tree: Tree, node_id: str) -> str:
    node = tree.nodes[node_id]
    if isinstance(node, Result):
        return f"result {node_id} ({node.title!r})"
    return f"question {node_id} ({node.prompt!r})"


def _choice_index(question: Question, label: str) -> int | None:
    folded = label.casefold()
    hits = [i for i, c in enumerate(question.choices) if c.label.casefold() == folded]
    return hits[0] if len(hits) == 1 else None


def _choices(question: Question) -> str:
    return "; ".join(repr(c.label) for c in question.choices)


def replay(tree: Tree, walk: RecordedWalk, index: TreeIndex | None = None) -> Replay:
    """Walk ``walk``'s answers through ``tree``; the first step that no longer fits fails."""
    index = index or TreeIndex(tree)
    warnings: list[str] = []
    if walk.tree_id and walk.tree_id != tree.meta.id:
        return Replay(
            (),
            tree.start,
            ReplayFailure(
                None,
                None,
                f"the walk is of tree {walk.tree_id!r}, not {tree.meta.id!r}: replay it against its own tree",
            ),
        )
    if walk.tree_version and walk.tree_version != tree.meta.version:
        warnings.append(
            f"recorded on version {walk.tree_version} of the tree; it is now {tree.meta.version}"
        )
    start = walk.start or tree.start
    if start not in tree.nodes:
        failure = ReplayFailure(
            None, None, f"the walk started at {start!r}, which the tree no longer has"
        )
        return Replay((), tree.start, failure, tuple(warnings))
    session = WalkSession(tree, index, start=start)

    def stop(number: int | None, question: str | None, message: str) -> Replay:
        return Replay(
            session.steps,
            session.current_id,
            ReplayFailure(number, question, message),
            tuple(warnings),
        )

    for number, recorded in enumerate(walk.steps, 1):
        here = session.current_id
        if session.finished:
            return stop(
                number,
                recorded.question,
                f"the tree now ends on {_describe(tree, here)} before this step; the walk went on"
                f" to ask {recorded.question} ({recorded.prompt!r})",
            )
        if recorded.question != here:
            return stop(
                number,
                recorded.question,
                f"the walk answered {recorded.question} ({recorded.prompt!r}) here, but the"
                f" tree now asks {_describe(tree, here)}",
            )
        question = tree.question(here)
        labels = recorded.ticked or (recorded.answer,)
        ticked = []
        for label in labels:
            i = _choice_index(question, label)
            if i is None:
                return stop(
                    number,
                    here,
                    f"{here} ({question.prompt!r}) no longer has the answer {label!r};"
                    f" its choices are {_choices(question)}",
                )
            ticked.append(i)
        followed = _choice_index(question, recorded.answer)
        try:
            step = session.answer_many(ticked)
        except AnswerError as exc:
            return stop(number, here, f"{here}: {str(exc).splitlines()[0]}")
        if followed is not None and step.choice_index != followed:
            return stop(
                number,
                here,
                f"{here} now follows {question.choices[step.choice_index].label!r} for these"
                f" ticks, not {recorded.answer!r} (the order of its choices changed)",
            )
    end = session.current_id
    if walk.result_id is None:
        return Replay(session.steps, end, None, tuple(warnings))
    if not session.finished:
        return stop(
            None,
            end,
            f"after the last step the tree now asks {_describe(tree, end)}; the walk ended on"
            f" {walk.result_id} ({walk.result_title or ''!r})",
        )
    if end != walk.result_id:
        return stop(
            None,
            end,
            f"the walk now ends on {_describe(tree, end)}, not on {walk.result_id}"
            f" ({walk.result_title or ''!r})",
        )
    return Replay(session.steps, end, None, tuple(warnings))


def transcript_of_walk(
    tree: Tree,
    steps: Sequence[Step],
    *,
    start: str | None = None,
    case: str | None = None,
) -> dict[str, Any]:
    """A transcript of a walk through ``tree``, in the shape ``export-session --format json``
    writes, every ticked label included: what a golden walk file holds."""
    session = WalkSession(tree, start=start)
    session.replay(list(steps))
    path = []
    for step in session.steps:
        question = tree.question(step.node_id)
        item: dict[str, Any] = {
            "question": step.node_id,
            "prompt": question.prompt,
            "answer": question.choices[step.choice_index].label,
        }
        if question.multiple:
            item["ticked"] = [question.choices[i].label for i in step.ticked]
        path.append(item)
    node = session.current
    result = (
        {"id": session.current_id, "title": node.title, "urgency": node.urgency.value}
        if isinstance(node, Result)
        else None
    )
    data: dict[str, Any] = {
        "format": f"{TRANSCRIPT_FORMAT} v1",
        "case": case,
        "tree": {"id": tree.meta.id, "version": tree.meta.version, "title": tree.meta.title},
        "path": path,
        "result": result,
    }
    if session.start_id != tree.start:
        data["start"] = session.start_id
    return data
