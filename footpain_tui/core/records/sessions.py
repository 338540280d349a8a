"""Session records on disk: where they live, and reading them back (history, exports).

One JSON Lines file per session,
``<data_dir>/sessions/<started %Y%m%dT%H%M%S.%fZ>-<mode>-<tree id>-<session id>.jsonl``
(the line format is in :mod:`.lines`; writing is :mod:`.recorder`). The name says what the
resume search (:mod:`.resume`) needs, so with thousands of files it opens only the
candidates. The data directory
defaults to ``platformdirs.user_data_dir("footpain-tui")`` (``$XDG_DATA_HOME/footpain-tui``,
else ``~/.local/share/footpain-tui``).

Reading never raises for what a file holds: a line that cannot be read is skipped with a
warning naming the file and line; a file that is not a regular file, or is too big, is
skipped with a warning.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from ..storage import open_regular_file, read_regular_file
from ..tree.model import Tree, to_data
from ..tree.walk import Step
from .lines import BadLine, Line, RecordedStep, parse_line

APP_NAME = "footpain-tui"
SESSIONS = "sessions"
# A session file of a long walk is a few hundred kB; past this it is not ours.
MAX_SESSION_BYTES = 64 * 1024 * 1024
Mode = Literal["free", "training"]


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/footpain-tui`` (``~/.local/share/footpain-tui``) or the OS equivalent."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(data_dir: str | Path | None) -> Path:
    return Path(data_dir).expanduser() if data_dir else default_data_dir()


def sessions_dir(data_dir: str | Path | None) -> Path:
    return resolve_data_dir(data_dir) / SESSIONS


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def reason(exc: OSError) -> str:
    """An ``OSError`` in words, with the file it concerns."""
    text = exc.strerror or str(exc)
    return f"{text} ({exc.filename})" if exc.filename else text


# -- the tree's identity ----------------------------------------------------------------------
@dataclass(frozen=True)
class TreeStamp:
    id: str
    version: str
    title: str
    sha256: str
    hashed: Literal["file", "model"]
    path: str

    @classmethod
    def of(cls, tree: Tree, tree_path: str | Path | None) -> TreeStamp:
        """Hash the tree file's bytes; fall back to the canonical model dump if unreadable."""
        try:
            if tree_path is None:
                raise FileNotFoundError
            with open_regular_file(tree_path) as handle:
                digest, hashed = hashlib.file_digest(handle, "sha256").hexdigest(), "file"
        except OSError:
            data = to_data(tree)
            del data["schema_"], data["text_faults"]
            canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            digest, hashed = hashlib.sha256(canonical.encode("utf-8")).hexdigest(), "model"
        meta = tree.meta
        return cls(meta.id, meta.version, meta.title, digest, hashed, str(tree_path or ""))

    def as_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "sha256": self.sha256,
            "hashed": self.hashed,
            "path": self.path,
        }

    def same_tree(self, recorded: dict[str, Any]) -> bool:
        """The very same tree file (same id and bytes)."""
        return recorded.get("id") == self.id and recorded.get("sha256") == self.sha256


# -- reading ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class TimedStep:
    """A step of the walk as it stands, with when it was (last) answered."""

    recorded: RecordedStep
    at: str

    @property
    def step(self) -> Step:
        return self.recorded.step

    @property
    def ms(self) -> int | None:
        """How long the question was on screen before the answer, if measured."""
        return self.recorded.step.ms

    def as_dict(self) -> dict[str, Any]:
        return {
            "question": self.recorded.step.node_id,
            "prompt": self.recorded.prompt,
            "choice": self.recorded.step.choice_index,
            "answer": self.recorded.answer,
            "at": self.at or None,
            "ms": self.ms,
        }


@dataclass
class SessionRecord:
    """One session file read back: its readable lines, the walk they add up to, and what
    was skipped (``warnings``)."""

    session_id: str
    file: Path
    lines: list[Line]
    path: list[TimedStep]
    warnings: list[str] = field(default_factory=list)

    @property
    def _moves(self) -> list[Line]:
        """The lines that are the walk itself (a "declined" mark is about the walk)."""
        return [line for line in self.lines if line.type != "declined"]

    @property
    def begin(self) -> Line | None:
        return next((line for line in self.lines if line.type == "begin"), None)

    def _first_text(self, key: str) -> str | None:
        for line in self.lines:
            if line.text(key):
                return line.text(key)
        for verdict in self.verdicts:  # a verdict repeats the case's title and story
            if isinstance(verdict.get(key), str) and verdict[key]:
                return verdict[key]
        return None

    @property
    def mode(self) -> str:
        begin = self.begin
        return (begin.text("mode") if begin else None) or "free"

    @property
    def case_id(self) -> str | None:
        begin = self.begin
        return begin.text("case") if begin else self._first_text("case")

    @property
    def case_title(self) -> str | None:
        return self._first_text("case_title")

    @property
    def story(self) -> str | None:
        return self._first_text("story")

    @property
    def tree(self) -> dict[str, str]:
        for line in reversed(self.lines):
            tree = line.object("tree")
            if tree is not None:
                return {k: v for k, v in tree.items() if isinstance(v, str)}
        return {}

    @property
    def start(self) -> str | None:
        """The node the walk starts at, if recorded (v2); else the tree's start."""
        begin = self.begin
        return begin.text("start") if begin else None

    @property
    def predict(self) -> bool:
        """Whether predict-then-reveal was on for this walk (False in older records)."""
        begin = self.begin
        return begin is not None and begin.fields.get("predict") is True

    @property
    def prediction(self) -> dict[str, Any] | None:
        """What the trainee predicted at the first finish that has a prediction: ``cause``,
        ``urgency``, ``options``, ``seed`` and the marks ``cause_correct``,
        ``urgency_correct``, ``urgency_call`` (only the fields of the right type are kept);
        None when no prediction was made."""
        for line in self.finishes:
            raw = line.object("prediction")
            if raw is not None:
                return _prediction_fields(raw)
        return None

    @property
    def marks(self) -> dict[str, Any] | None:
        """The first verdict's marks: ``path``, ``cause``, ``urgency`` (bool, or None where
        no prediction was made) and ``urgency_call``; None outside training, and for a
        verdict recorded before marks existed, only ``path`` (from ``matched``)."""
        verdict = self.verdict
        if verdict is None:
            return None
        raw = verdict.get("marks")
        raw = raw if isinstance(raw, dict) else {}
        marks: dict[str, Any] = {"path": verdict.get("matched") is True}
        for key in ("cause", "urgency"):
            marks[key] = raw[key] if isinstance(raw.get(key), bool) else None
        call = raw.get("urgency_call")
        marks["urgency_call"] = call if call in URGENCY_CALLS else None
        return marks

    @property
    def trainee(self) -> str | None:
        """Who was training, as named in the begin line; None for anonymous ("" or absent)."""
        begin = self.begin
        return (begin.text("trainee") if begin else None) or None

    @property
    def started_at(self) -> str:
        begin = self.begin or (self.lines[0] if self.lines else None)
        return begin.at if begin else ""

    @property
    def updated_at(self) -> str:
        moves = self._moves
        return moves[-1].at if moves else ""

    @property
    def finished(self) -> bool:
        moves = self._moves
        return bool(moves) and moves[-1].type == "finish"

    @property
    def declined(self) -> bool:
        """Offered for resuming and declined, with no move since."""
        return bool(self.lines) and self.lines[-1].type == "declined"

    @property
    def finished_at(self) -> str | None:
        last = next((line for line in reversed(self.lines) if line.type == "finish"), None)
        return last.at if last else None

    @property
    def node(self) -> str | None:
        for line in reversed(self._moves):
            if line.node is not None:
                return line.node
        return None

    @property
    def steps(self) -> list[Step]:
        """The walk's steps at the last readable line."""
        return [timed.step for timed in self.path]

    @property
    def finishes(self) -> list[Line]:
        return [line for line in self.lines if line.type == "finish"]

    @property
    def result(self) -> dict[str, str] | None:
        """The result of the last time the walk reached one (its id, title and urgency)."""
        for line in reversed(self.finishes):
            result = line.object("result")
            if result is not None and isinstance(result.get("id"), str):
                return {k: v for k, v in result.items() if isinstance(v, str)}
        return None

    @property
    def verdicts(self) -> list[dict[str, Any]]:
        return [v for line in self.finishes if (v := line.object("verdict")) is not None]

    @property
    def verdict(self) -> dict[str, Any] | None:
        """The verdict of the first attempt: what the training score counts."""
        return self.verdicts[0] if self.verdicts else None

    @property
    def matched(self) -> bool | None:
        verdict = self.verdict
        return verdict.get("matched") is True if verdict else None

    def summary(self) -> SessionSummary:
        result = self.result or {}
        return SessionSummary(
            session_id=self.session_id,
            started_at=self.started_at,
            updated_at=self.updated_at,
            mode=self.mode,
            tree_id=self.tree.get("id", ""),
            tree_version=self.tree.get("version", ""),
            case_id=self.case_id,
            result_id=result.get("id"),
            result_title=result.get("title"),
            matched=self.matched,
            finished=self.finished,
            steps=len(self.path),
            file=self.file,
            marks=self.marks,
            trainee=self.trainee,
        )


@dataclass(frozen=True)
class SessionSummary:
    session_id: str
    started_at: str
    updated_at: str
    mode: str
    tree_id: str
    tree_version: str
    case_id: str | None
    result_id: str | None
    result_title: str | None
    matched: bool | None  # None outside training or before a verdict
    finished: bool
    steps: int
    file: Path
    marks: dict[str, Any] | None = None  # path, cause, urgency, urgency_call (training)
    trainee: str | None = None  # None: anonymous

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.session_id,
            "started_at": self.started_at,
            "updated_at": self.updated_at,
            "mode": self.mode,
            "tree": self.tree_id,
            "tree_version": self.tree_version,
            "case": self.case_id,
            "result": self.result_id,
            "result_title": self.result_title,
            "matched": self.matched,
            "finished": self.finished,
            "steps": self.steps,
            "file": str(self.file),
            "marks": self.marks,
            "trainee": self.trainee,
        }


URGENCY_CALLS = ("under", "right", "over")


def _prediction_fields(raw: dict[str, Any]) -> dict[str, Any]:
    """A recorded prediction with only the fields of the right type (a file is untrusted)."""
    out: dict[str, Any] = {}
    for key in ("cause", "urgency"):
        if isinstance(raw.get(key), str):
            out[key] = raw[key]
    options = raw.get("options")
    if isinstance(options, list) and all(isinstance(o, str) for o in options):
        out["options"] = options
    seed = raw.get("seed")
    if isinstance(seed, int) and not isinstance(seed, bool):
        out["seed"] = seed
    for key in ("cause_correct", "urgency_correct"):
        if isinstance(raw.get(key), bool):
            out[key] = raw[key]
    if raw.get("urgency_call") in URGENCY_CALLS:
        out["urgency_call"] = raw["urgency_call"]
    return out


def session_id_of(file: Path) -> str:
    return file.stem.rsplit("-", 1)[-1]


def session_file_name(started: str, mode: str, tree_id: str, session_id: str) -> str:
    """A session file's name; tree ids and modes hold no "-" (ids are ``[a-z][a-z0-9_]*``)."""
    return f"{started}-{mode}-{tree_id}-{session_id}.jsonl"


def _apply(path: list[TimedStep], line: Line) -> list[TimedStep] | None:
    """The path after ``line``; None if the line does not fit the path before it."""
    if line.path is not None:  # v1: the whole path; steps already there keep their time
        same = 0
        while same < min(len(path), len(line.path)) and path[same].recorded == line.path[same]:
            same += 1
        return path[:same] + [TimedStep(s, line.at) for s in line.path[same:]]
    if line.keep is None:
        return path + [TimedStep(s, line.at) for s in line.add]
    if line.keep > len(path):
        return None
    return path[: line.keep] + [TimedStep(s, line.at) for s in line.add]


def parse_session(file: Path, raw: bytes) -> SessionRecord:
    """A session file's bytes read back; unreadable lines become warnings."""
    lines: list[Line] = []
    path: list[TimedStep] = []
    warnings: list[str] = []
    chunks = raw.split(b"\n")
    for number, chunk in enumerate(chunks, 1):
        if not chunk.strip():
            continue
        cut = number == len(chunks)  # no newline after it: the write was cut short
        try:
            line = parse_line(chunk)
            after = _apply(path, line)
            if after is None:
                raise BadLine(f"it keeps {line.keep} steps of a walk that has {len(path)}")
        except BadLine as exc:
            what = "truncated" if cut else "corrupt"
            warnings.append(
                f"{file}:{number}: skipped a {what} record ({exc}); the steps before it are kept"
            )
            continue
        lines.append(line)
        path = after
    return SessionRecord(session_id_of(file), file, lines, path, warnings)


def read_session_file(file: Path) -> SessionRecord:
    """Read one session file, skipping (with a warning) lines that are not valid records.

    Raises ``OSError`` if the file cannot be read at all, is not a regular file or is
    larger than ``MAX_SESSION_BYTES``.
    """
    return parse_session(file, read_regular_file(file, MAX_SESSION_BYTES))


def _session_files(data_dir: str | Path | None) -> list[Path]:
    """Session files, oldest first (names start with the UTC start time)."""
    folder = sessions_dir(data_dir)
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:  # names sort as strings: Path comparison is slow
        names = sorted(e.name for e in entries if e.name.endswith(".jsonl") and e.is_file())
    return [folder / name for name in names]


def listed_session_files(data_dir: str | Path | None, warnings: list[str] | None) -> list[Path]:
    """:func:`_session_files`, or none with a warning if the folder cannot be listed."""
    try:
        return _session_files(data_dir)
    except OSError as exc:
        if warnings is not None:
            warnings.append(f"cannot list sessions in {sessions_dir(data_dir)}: {reason(exc)}")
        return []


def _iter_records(
    data_dir: str | Path | None,
    warnings: list[str] | None,
    files: list[Path] | None = None,
) -> Iterator[SessionRecord]:
    """Readable sessions one file at a time, so a search can stop at the first that fits."""
    for file in listed_session_files(data_dir, warnings) if files is None else files:
        try:
            record = read_session_file(file)
        except OSError as exc:
            if warnings is not None:
                warnings.append(f"{file}: cannot be read: {reason(exc)}; skipped")
            continue
        if warnings is not None:
            warnings.extend(record.warnings)
        if not record.lines:
            if warnings is not None:
                warnings.append(f"{file}: holds no readable record; skipped")
            continue
        yield record


def read_sessions(
    data_dir: str | Path | None, warnings: list[str] | None = None
) -> Iterator[SessionRecord]:
    """Every readable session, oldest first, read one file at a time; problems go to
    ``warnings`` if given."""
    return _iter_records(data_dir, warnings)


def list_sessions(
    data_dir: str | Path | None, warnings: list[str] | None = None
) -> list[SessionSummary]:
    """Every readable session, oldest first; problems go to ``warnings`` if given."""
    return [r.summary() for r in _iter_records(data_dir, warnings)]


class SessionNotFoundError(LookupError, ValueError):
    """No session matches the id asked for; the message says where we looked."""


def load_session(data_dir: str | Path | None, session_id: str | None = None) -> SessionRecord:
    """The session whose id is (or uniquely starts with) ``session_id``; None or "last": the
    newest. Raises :class:`SessionNotFoundError`."""
    folder = sessions_dir(data_dir)
    try:
        files = _session_files(data_dir)
    except OSError as exc:
        raise SessionNotFoundError(f"cannot list sessions in {folder}: {reason(exc)}") from None
    if session_id not in (None, "", "last", "--last"):
        wanted = str(session_id)
        exact = [f for f in files if session_id_of(f) == wanted]
        files = exact or [f for f in files if session_id_of(f).startswith(wanted)]
    records = list(_iter_records(data_dir, None, files))
    if not records and session_id in (None, "", "last", "--last"):
        raise SessionNotFoundError(f"no sessions recorded in {folder}")
    if session_id in (None, "", "last", "--last"):
        return max(records, key=lambda r: (r.updated_at, r.file.name))
    if len(records) == 1:
        return records[0]
    if records:
        ids = ", ".join(r.session_id for r in records)
        raise SessionNotFoundError(f"{session_id!r} is ambiguous in {folder}: it could be {ids}")
    raise SessionNotFoundError(
        f"no session {session_id!r} in {folder}; `footpain-tui history` lists the ids"
    )
