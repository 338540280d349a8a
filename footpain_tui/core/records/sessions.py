"""Session records: every walk logged step by step, resumable after a crash, exportable.

On disk (format ``v`` 1): one JSON Lines file per session,
``<data_dir>/sessions/<started %Y%m%dT%H%M%S.%fZ>-<id>.jsonl``; the data directory defaults
to ``platformdirs.user_data_dir("footpain-tui")`` (``$XDG_DATA_HOME/footpain-tui``, else
``~/.local/share/footpain-tui``). Every line is a self-contained JSON object::

    {"v": 1, "type": "begin" | "step" | "finish", "session": "3f9a0c1d",
     "at": "2025-01-31T09:15:02Z", "action": "begin" | "answer" | "back" | "restart" |
     "jump" | "resume" | "finish", "mode": "free" | "training", "case": id | null,
     "tree": {"id", "version", "title", "sha256", "hashed": "file" | "model", "path"},
     "path": [{"question", "prompt", "choice", "answer"}, ...], "node": current node id}

``begin`` adds ``case_title`` and ``story`` (training); ``finish`` adds ``result``
(``{"id", "title", "urgency"}``) and ``verdict`` (:meth:`Verdict.as_dict` or null).
Each line is written, flushed and fsync'ed before the call returns, so a killed terminal
loses at most the step being taken; a truncated or corrupt line is skipped with a warning.
``tree.sha256`` is the SHA-256 of the tree file's bytes (``hashed: "file"``), or of the
canonical JSON dump of the tree when the file cannot be read (``hashed: "model"``).
A session is finished when its last line is a ``finish``.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from ..storage import fsync_dir
from ..tree.model import Result, Tree, to_data
from ..tree.walk import Step, WalkSession

FORMAT_VERSION = 1
APP_NAME = "footpain-tui"
SESSIONS = "sessions"
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


def _reason(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"{reason} ({exc.filename})" if exc.filename else reason


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
            digest, hashed = hashlib.sha256(Path(tree_path).read_bytes()).hexdigest(), "file"
        except OSError:
            data = to_data(tree)
            del data["schema_"]
            canonical = json.dumps(
                data,
                sort_keys=True,
                separators=(",", ":"),
                ensure_ascii=False,
            )
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
        return recorded.get("id") == self.id and recorded.get("sha256") == self.sha256


def _path_items(session: WalkSession) -> list[dict[str, Any]]:
    return [
        {"question": node_id, "prompt": q.prompt, "choice": step.choice_index, "answer": c.label}
        for (node_id, q, c), step in zip(session.path(), session.steps, strict=True)
    ]


# -- reading ----------------------------------------------------------------------------------
@dataclass
class SessionRecord:
    """One session file read back: its valid lines (``events``) and what was skipped."""

    session_id: str
    file: Path
    events: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)

    def _latest(self, key: str, default: Any = None) -> Any:
        for event in reversed(self.events):
            if key in event:
                return event[key]
        return default

    @property
    def begin(self) -> dict[str, Any]:
        return next((e for e in self.events if e.get("type") == "begin"), self.events[0])

    @property
    def mode(self) -> str:
        return self.begin.get("mode") or "free"

    @property
    def case_id(self) -> str | None:
        return self.begin.get("case")

    @property
    def case_title(self) -> str | None:
        return self._first_of("case_title")

    @property
    def story(self) -> str | None:
        return self._first_of("story")

    def _first_of(self, key: str) -> Any:
        for event in self.events:
            if event.get(key):
                return event[key]
        for verdict in self.verdicts:  # a verdict repeats the case's title and story
            if verdict.get(key):
                return verdict[key]
        return None

    @property
    def tree(self) -> dict[str, Any]:
        tree = self._latest("tree", {})
        return tree if isinstance(tree, dict) else {}

    @property
    def started_at(self) -> str:
        return str(self.begin.get("at", ""))

    @property
    def updated_at(self) -> str:
        return str(self.events[-1].get("at", ""))

    @property
    def finished(self) -> bool:
        return self.events[-1].get("type") == "finish"

    @property
    def finished_at(self) -> str | None:
        last = next((e for e in reversed(self.events) if e.get("type") == "finish"), None)
        return str(last.get("at", "")) if last else None

    @property
    def node(self) -> str | None:
        return self._latest("node")

    @property
    def path(self) -> list[dict[str, Any]]:
        path = self._latest("path", [])
        return path if isinstance(path, list) else []

    @property
    def steps(self) -> list[Step]:
        """The walk's steps at the last readable line."""
        return [Step(str(item["question"]), int(item["choice"])) for item in self.path]

    @property
    def finishes(self) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("type") == "finish"]

    @property
    def result(self) -> dict[str, Any] | None:
        """The result of the last time the walk reached one."""
        results = [e["result"] for e in self.finishes if isinstance(e.get("result"), dict)]
        return results[-1] if results else None

    @property
    def verdicts(self) -> list[dict[str, Any]]:
        return [e["verdict"] for e in self.finishes if isinstance(e.get("verdict"), dict)]

    @property
    def verdict(self) -> dict[str, Any] | None:
        """The verdict of the first attempt: what the training score counts."""
        return self.verdicts[0] if self.verdicts else None

    @property
    def matched(self) -> bool | None:
        verdict = self.verdict
        return bool(verdict.get("matched")) if verdict else None

    def summary(self) -> SessionSummary:
        result = self.result or {}
        return SessionSummary(
            session_id=self.session_id,
            started_at=self.started_at,
            updated_at=self.updated_at,
            mode=self.mode,
            tree_id=str(self.tree.get("id", "")),
            tree_version=str(self.tree.get("version", "")),
            case_id=self.case_id,
            result_id=result.get("id"),
            result_title=result.get("title"),
            matched=self.matched,
            finished=self.finished,
            steps=len(self.path),
            file=self.file,
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
        }


def _session_id_of(file: Path) -> str:
    return file.stem.rsplit("-", 1)[-1]


def read_session_file(file: Path) -> SessionRecord:
    """Read one session file, skipping (with a warning) lines that are not valid records.

    Raises ``OSError`` if the file cannot be read at all.
    """
    raw = file.read_bytes()
    events: list[dict[str, Any]] = []
    warnings: list[str] = []
    lines = raw.split(b"\n")
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        truncated = number == len(lines)  # no newline after it: the write was cut short
        try:
            event = json.loads(line.decode("utf-8"))
            if not isinstance(event, dict) or event.get("type") not in ("begin", "step", "finish"):
                raise ValueError("not a session record")
            if not isinstance(event.get("path", []), list):
                raise ValueError("its path is not a list")
            for item in event.get("path", []):
                Step(str(item["question"]), int(item["choice"]))
        except (ValueError, KeyError, TypeError) as exc:
            what = "truncated" if truncated else "corrupt"
            warnings.append(
                f"{file}:{number}: skipped a {what} record ({str(exc)[:80]});"
                " the steps before it are kept"
            )
            continue
        events.append(event)
    return SessionRecord(_session_id_of(file), file, events, warnings)


def _session_files(data_dir: str | Path | None) -> list[Path]:
    """Session files, oldest first (names start with the UTC start time)."""
    folder = sessions_dir(data_dir)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.jsonl") if p.is_file())


def _read_all(
    data_dir: str | Path | None, warnings: list[str] | None, newest_first: bool = False
) -> list[SessionRecord]:
    return list(_iter_records(data_dir, warnings, newest_first))


def _iter_records(
    data_dir: str | Path | None, warnings: list[str] | None, newest_first: bool = False
) -> Iterator[SessionRecord]:
    """Readable sessions one file at a time, so a search can stop at the first that fits."""
    try:
        files = _session_files(data_dir)
    except OSError as exc:
        if warnings is not None:
            warnings.append(f"cannot list sessions in {sessions_dir(data_dir)}: {_reason(exc)}")
        return
    for file in reversed(files) if newest_first else files:
        try:
            record = read_session_file(file)
        except OSError as exc:
            if warnings is not None:
                warnings.append(f"{file}: cannot be read: {_reason(exc)}; skipped")
            continue
        if warnings is not None:
            warnings.extend(record.warnings)
        if not record.events:
            if warnings is not None:
                warnings.append(f"{file}: holds no readable record; skipped")
            continue
        yield record


def list_sessions(
    data_dir: str | Path | None, warnings: list[str] | None = None
) -> list[SessionSummary]:
    """Every readable session, oldest first; problems go to ``warnings`` if given."""
    return [r.summary() for r in _read_all(data_dir, warnings)]


class SessionNotFoundError(LookupError, ValueError):
    """No session matches the id asked for; the message says where we looked."""


def load_session(data_dir: str | Path | None, session_id: str | None = None) -> SessionRecord:
    """The session whose id is (or uniquely starts with) ``session_id``; None or "last": the newest.

    Raises :class:`SessionNotFoundError`.
    """
    folder = sessions_dir(data_dir)
    records = _read_all(data_dir, None)
    if not records:
        raise SessionNotFoundError(f"no sessions recorded in {folder}")
    if session_id in (None, "", "last", "--last"):
        return max(records, key=lambda r: (r.updated_at, r.file.name))
    hits = [r for r in records if r.session_id == session_id]
    if not hits:
        hits = [r for r in records if r.session_id.startswith(str(session_id))]
    if len(hits) == 1:
        return hits[0]
    if hits:
        ids = ", ".join(r.session_id for r in hits)
        raise SessionNotFoundError(f"{session_id!r} is ambiguous in {folder}: it could be {ids}")
    raise SessionNotFoundError(
        f"no session {session_id!r} in {folder}; `footpain-tui history` lists the ids"
    )


# -- resume -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Resumable:
    """An interrupted walk: replay ``steps`` with ``WalkSession.replay``."""

    session_id: str
    steps: list[Step]
    mode: str
    case_id: str | None
    started_at: str
    updated_at: str
    node: str | None
    file: Path
    warnings: list[str] = field(default_factory=list)


def find_resumable(
    data_dir: str | Path | None,
    tree: Tree,
    tree_path: str | Path | None,
    warnings: list[str] | None = None,
    stamp: TreeStamp | None = None,
) -> Resumable | None:
    """The newest session for this tree (same id and hash), if it was left unfinished.

    Only the newest session for the tree counts: a walk that was declined (a newer session
    began) is not offered again. Sessions with no answer yet are not offered either.
    Call it before :meth:`SessionRecorder.begin`. Never raises; problems go to ``warnings``.
    """
    own: list[str] = []
    try:
        stamp = stamp or TreeStamp.of(tree, tree_path)
        for record in _iter_records(data_dir, own, newest_first=True):
            if not stamp.same_tree(record.tree):
                continue
            if record.finished or not record.path:
                return None
            steps = record.steps
            try:
                WalkSession(tree).replay(steps)
            except (ValueError, KeyError, IndexError) as exc:
                own.append(f"{record.file}: the recorded steps do not fit the tree ({exc})")
                return None
            return Resumable(
                session_id=record.session_id,
                steps=steps,
                mode=record.mode,
                case_id=record.case_id,
                started_at=record.started_at,
                updated_at=record.updated_at,
                node=record.node,
                file=record.file,
                warnings=list(own),
            )
        return None
    finally:
        if warnings is not None:
            warnings.extend(own)


# -- writing ----------------------------------------------------------------------------------
class SessionRecorder:
    """Appends a walk's moves to its session file. Never raises: if the data directory
    cannot be written, ``error`` says so once and recording becomes a no-op.
    """

    def __init__(self, data_dir: Path, tree: Tree, stamp: TreeStamp) -> None:
        self.data_dir = data_dir
        self.tree = tree
        self.stamp = stamp
        self.error: str | None = None
        self.warnings: list[str] = []
        self.session_id: str | None = None
        self.file: Path | None = None
        self.mode: Mode = "free"
        self.case_id: str | None = None

    @classmethod
    def open(
        cls,
        data_dir: str | Path | None,
        tree: Tree,
        tree_path: str | Path | None,
        stamp: TreeStamp | None = None,
    ) -> SessionRecorder:
        """``stamp``: the tree's identity if already computed (it hashes the whole file)."""
        stamp = stamp or TreeStamp.of(tree, tree_path)
        recorder = cls(resolve_data_dir(data_dir), tree, stamp)
        try:
            (recorder.data_dir / SESSIONS).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            recorder._fail(exc)
        return recorder

    @property
    def enabled(self) -> bool:
        return self.error is None

    def _fail(self, exc: OSError) -> None:
        if self.error is None:
            self.error = (
                f"cannot save session records in {self.data_dir}: {_reason(exc)}."
                " Walks still work but are not saved; choose a writable folder with --data-dir DIR."
            )

    def _record(self, session: WalkSession, kind: str, action: str) -> dict[str, Any]:
        return {
            "v": FORMAT_VERSION,
            "type": kind,
            "session": self.session_id,
            "at": utc_now(),
            "action": action,
            "mode": self.mode,
            "case": self.case_id,
            "tree": self.stamp.as_dict(),
            "path": _path_items(session),
            "node": session.current_id,
        }

    def _write(self, record: dict[str, Any], new_file: bool = False) -> None:
        if self.error is not None or self.file is None:
            return
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        try:
            with open(self.file, "ab") as handle:
                handle.write(line.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            if new_file:
                fsync_dir(self.file.parent)
        except OSError as exc:
            self._fail(exc)

    def begin(
        self,
        session: WalkSession,
        mode: Mode = "free",
        case_id: str | None = None,
        *,
        case: Any = None,
    ) -> str:
        """Start a new session file; returns its id. ``case`` (a ``cases.Case``) is optional:
        given, its title and story go into the record so transcripts are self-contained.
        """
        self.session_id = secrets.token_hex(4)
        self.mode = mode
        self.case_id = case_id if case_id is not None else getattr(case, "id", None)
        started = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        self.file = self.data_dir / SESSIONS / f"{started}-{self.session_id}.jsonl"
        record = self._record(session, "begin", "begin")
        if case is not None:
            record["case_title"] = case.title
            record["story"] = case.story
        self._write(record, new_file=True)
        return self.session_id

    def resume(self, resumable: Resumable, session: WalkSession) -> str:
        """Continue ``resumable``'s session file (after ``session.replay(resumable.steps)``)."""
        self.warnings.extend(w for w in resumable.warnings if w not in self.warnings)
        self.session_id = resumable.session_id
        self.mode = "training" if resumable.mode == "training" else "free"
        self.case_id = resumable.case_id
        self.file = resumable.file
        if self.error is None:
            try:
                _drop_partial_last_line(self.file)
            except OSError as exc:
                self._fail(exc)
        self.record(session, "resume")
        return self.session_id

    def record(self, session: WalkSession, action: str) -> None:
        """Log the walk after a move: ``answer``, ``back``, ``restart``, ``jump`` or ``resume``."""
        if self.session_id is None:
            self.begin(session)
        self._write(self._record(session, "step", action))

    def finish(self, session: WalkSession, verdict: Any = None) -> None:
        """Log reaching a result; ``verdict`` is a ``cases.Verdict`` or its ``as_dict()``."""
        if self.session_id is None:
            self.begin(session)
        record = self._record(session, "finish", "finish")
        node = session.current
        record["result"] = (
            {"id": session.current_id, "title": node.title, "urgency": node.urgency.value}
            if isinstance(node, Result)
            else None
        )
        if verdict is not None and hasattr(verdict, "as_dict"):
            verdict = verdict.as_dict()
        record["verdict"] = verdict
        self._write(record)


def _drop_partial_last_line(file: Path) -> None:
    """Cut a last line the crash left without its newline, so appends start clean."""
    with open(file, "rb+") as handle:
        data = handle.read()
        if data and not data.endswith(b"\n"):
            handle.truncate(data.rfind(b"\n") + 1)
            handle.flush()
            os.fsync(handle.fileno())
