"""One line of a session file: how a walk's moves are written, and read back safely.

Format ``v`` 2, one JSON object per line (JSON Lines)::

    {"v": 2, "type": "begin", "at": "2025-01-31T09:15:02Z", "action": "begin" | "resume",
     "session": "3f9a0c1d", "mode": "free" | "training", "case": id | null,
     "case_title": ..., "story": ...,  (training)
     "tree": {"id", "version", "title", "sha256", "hashed": "file" | "model", "path"},
     "start": node id the walk starts at, "predict": true | false,
     "trainee": name | null (null: anonymous),
     "keep": 0, "add": [step, ...], "node": node id}
    {"v": 2, "type": "step", "at": ..., "action": "answer" | "back" | "restart" | "jump" |
     "resume", "keep": k, "add": [step, ...], "node": node id}
    {"v": 2, "type": "finish", "at": ..., "action": "finish", "keep": k, "add": [...],
     "node": result id, "result": {"id", "title", "urgency"}, "verdict": {...} | null,
     "prediction": {...} | null}
    {"v": 2, "type": "declined", "at": ...}   (the walk was offered for resuming, and declined)

A step is ``{"question": id, "choice": index, "prompt": text, "answer": label, "ms": int}``;
on a checklist with several choices ticked it adds ``"ticked": [index, ...]`` (in the
author's order; ``choice`` is the first, the one the walk followed) and ``answer`` joins
their labels. ``ms`` is how long the question was on screen before the answer (monotonic
clock, capped at 24 h; absent when not measured).

``predict`` says whether predict-then-reveal was on for the walk (training; false for a free
walk). A training walk's ``prediction`` is what the trainee committed to before the result
showed: ``{"cause": condition id, "urgency": level, "options": [condition ids shown, in
order], "seed": int, "cause_correct": bool, "urgency_correct": bool, "urgency_call": "under" |
"right" | "over"}``, null when not predicting; its ``verdict`` then holds ``"marks": {"path":
bool, "cause": bool | null, "urgency": bool | null, "urgency_call": ... | null}``. Every one
of these fields is optional to a reader: older files have none. Each line
says how the walk's path changed: keep its first ``keep`` steps, then append ``add``; so a
line's size does not grow with the walk (v1 stored the whole ``path`` in every line; v1
files are still read). ``begin`` and a ``resume`` line restate the whole path (``keep`` 0).

Reading trusts nothing: a line that is too long, not UTF-8, not JSON, nested too deeply,
holding a huge or non-finite number, or with a field of the wrong type is refused with
:class:`BadLine` (the reader skips it with a warning). Every string read back has its
control characters neutralised (:mod:`..text`), so a record cannot drive the terminal.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from ..text import may_hold_control, neutralise
from ..tree.model import Question
from ..tree.walk import MAX_ANSWER_MS, Step

FORMAT_VERSION = 2
LINE_TYPES = ("begin", "step", "finish", "declined")
# No valid line comes near these; anything past them is damage, not data.
MAX_LINE_BYTES = 1024 * 1024
MAX_DEPTH = 16
MAX_NUMBER_CHARS = 20
MAX_CHOICE = 1000


class BadLine(ValueError):
    """A line that is not a readable session record; the message says why."""


# -- steps: the one place a step becomes a record and back ------------------------------------
@dataclass(frozen=True)
class RecordedStep:
    """A step as recorded: the step itself and the texts shown for it at the time."""

    step: Step
    prompt: str
    answer: str

    @property
    def ms(self) -> int | None:
        """How long the question was on screen before this answer, if measured."""
        return self.step.ms


def step_record(step: Step, question: Question) -> dict[str, Any]:
    """A step as it is written to a session file."""
    record: dict[str, Any] = {
        "question": step.node_id,
        "choice": step.choice_index,
        "prompt": question.prompt,
        "answer": "; ".join(question.choices[i].label for i in step.ticked),
    }
    if len(step.ticked) > 1:
        record["ticked"] = list(step.ticked)
    if step.ms is not None:
        record["ms"] = step.ms
    return record


def step_from_record(item: Any) -> RecordedStep:
    """A step read back from a session file (already cleaned); raises :class:`BadLine`."""
    if not isinstance(item, dict):
        raise BadLine("a step is not an object")
    question, choice = item.get("question"), item.get("choice")
    if not isinstance(question, str) or not question:
        raise BadLine("a step has no question id")
    if not _is_index(choice):
        raise BadLine("a step's choice is not a choice index")
    ticked = item.get("ticked", [choice])
    if (
        not isinstance(ticked, list)
        or not all(_is_index(i) for i in ticked)
        or ticked != sorted(set(ticked))
        or ticked[:1] != [choice]
    ):
        raise BadLine("a step's ticked choices are not its choice and the ones after it")
    ms = item.get("ms")
    if ms is not None and not (
        isinstance(ms, int) and not isinstance(ms, bool) and 0 <= ms <= MAX_ANSWER_MS
    ):
        raise BadLine("a step's ms is not a time in milliseconds (0 to 24 hours)")
    return RecordedStep(
        Step(question, choice, tuple(ticked), ms),
        _text(item.get("prompt")),
        _text(item.get("answer")),
    )


def _is_index(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_CHOICE


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


# -- lines ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """One readable line. ``path`` is set for a v1 line (the whole path); otherwise the path
    is the previous one's first ``keep`` steps plus ``add`` (``keep`` None: unchanged)."""

    type: str
    at: str
    action: str
    node: str | None
    keep: int | None
    add: tuple[RecordedStep, ...]
    path: tuple[RecordedStep, ...] | None
    fields: dict[str, Any]  # the whole line, cleaned: begin's and finish's own fields

    def text(self, key: str) -> str | None:
        value = self.fields.get(key)
        return value if isinstance(value, str) else None

    def object(self, key: str) -> dict[str, Any] | None:
        value = self.fields.get(key)
        return value if isinstance(value, dict) else None


def _reject_constant(token: str) -> Any:
    raise BadLine(f"{token} is not a JSON number")


def _bounded(convert: Any) -> Any:
    def parse(token: str) -> Any:
        if len(token) > MAX_NUMBER_CHARS:
            raise BadLine(f"a number {len(token)} characters long")
        return convert(token)

    return parse


def _finite(token: str) -> float:
    number = float(token)
    if not math.isfinite(number):  # 1e999
        raise BadLine("a number out of range")
    return number


# One decoder for every line: json.loads with these hooks would build a new one per line.
_DECODER = json.JSONDecoder(
    parse_int=_bounded(int), parse_float=_bounded(_finite), parse_constant=_reject_constant
)


def _clean(value: Any, depth: int = 0) -> Any:
    """A copy of parsed JSON that is safe to use: bounded depth, finite numbers, string
    keys, every string neutralised; raises :class:`BadLine` otherwise."""
    if depth > MAX_DEPTH:
        raise BadLine("nested too deeply")
    if isinstance(value, str):
        return neutralise(value)
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadLine("a number out of range")
        return value
    if isinstance(value, list):
        return [_clean(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {neutralise(key): _clean(item, depth + 1) for key, item in value.items()}
    raise BadLine("an unexpected value")  # json never makes one; kept for safety


def _check_depth(value: Any, depth: int = 0) -> None:
    """What :func:`_clean` checks of a line with no string to neutralise, without copying
    it: containers nested no deeper than ``MAX_DEPTH`` (the parser already refused
    non-finite numbers). Visits containers only, so a class's records read fast."""
    if depth > MAX_DEPTH:
        raise BadLine("nested too deeply")
    items = value.values() if isinstance(value, dict) else value
    if items and depth == MAX_DEPTH:
        raise BadLine("nested too deeply")
    for item in items:
        if isinstance(item, dict | list):
            _check_depth(item, depth + 1)


def parse_line(raw: bytes) -> Line:
    """One line of a session file (without its newline); raises :class:`BadLine`."""
    if len(raw) > MAX_LINE_BYTES:
        raise BadLine(f"longer than {MAX_LINE_BYTES} bytes")
    try:
        data = _DECODER.decode(raw.decode("utf-8"))
    except RecursionError:
        raise BadLine("nested too deeply") from None
    except UnicodeDecodeError:
        raise BadLine("not UTF-8") from None
    except ValueError as exc:  # JSONDecodeError, or a number Python will not convert
        raise BadLine(str(exc).splitlines()[0][:80] if str(exc) else "not JSON") from None
    if may_hold_control(raw):
        data = _clean(data)
    elif isinstance(data, dict | list) and raw.count(b"{") + raw.count(b"[") > MAX_DEPTH:
        _check_depth(data)  # (with no more brackets than that, it cannot nest too deeply)
    if not isinstance(data, dict) or data.get("type") not in LINE_TYPES:
        raise BadLine("not a session record")
    kind = data["type"]
    node = data.get("node")
    if node is not None and not isinstance(node, str):
        raise BadLine("its node is not an id")
    path = None
    if "path" in data:  # v1: the whole path in every line
        if not isinstance(data["path"], list):
            raise BadLine("its path is not a list")
        path = tuple(step_from_record(item) for item in data["path"])
    keep = data.get("keep")
    if keep is not None and (not isinstance(keep, int) or isinstance(keep, bool) or keep < 0):
        raise BadLine("its keep is not a step count")
    add = data.get("add", [])
    if not isinstance(add, list):
        raise BadLine("its add is not a list")
    for key in ("mode", "case", "case_title", "story", "start", "session"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise BadLine(f"its {key} is not text")
    for key in ("tree", "result", "verdict", "prediction"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise BadLine(f"its {key} is not an object")
    if data.get("predict") is not None and not isinstance(data["predict"], bool):
        raise BadLine("its predict is not true or false")
    return Line(
        type=kind,
        at=_text(data.get("at")),
        action=_text(data.get("action")) or kind,
        node=node,
        keep=keep,
        add=tuple(step_from_record(item) for item in add),
        path=path,
        fields=data,
    )


def dump_line(fields: dict[str, Any]) -> bytes:
    """A record as one line of bytes, newline included."""
    return (
        json.dumps({"v": FORMAT_VERSION, **fields}, ensure_ascii=False, separators=(",", ":"))
        + "\n"
    ).encode("utf-8")
