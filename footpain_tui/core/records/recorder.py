"""SessionRecorder: appends a walk's moves to its session file, one line per move.

Each line is what the move changed (:mod:`.lines`), taken when the move is recorded, so a
line always carries its own action's state even if writing waits for the next frame
(``record(..., flush=False)`` then :meth:`SessionRecorder.flush`). A write is flushed and
fsynced before ``flush`` returns: a killed terminal loses at most the move being written.
While a walk is live its file is locked, so no other footpain-tui offers it for resuming.

A recorder never raises. The first failure (no folder, a full disk, a file made read-only)
sets ``error`` once, calls ``on_error`` once, cuts any half-written line, and recording
stops; the walk itself goes on.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..storage import cut_partial_last_line, fsync_dir, lock_exclusive
from ..tree.model import Result, Tree
from ..tree.walk import Step, WalkSession
from .lines import dump_line, step_record
from .resume import Resumable
from .sessions import (
    SESSIONS,
    Mode,
    TreeStamp,
    reason,
    resolve_data_dir,
    session_file_name,
    utc_now,
)

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class SessionRecorder:
    """Records one walk at a time into ``<data_dir>/sessions/``."""

    def __init__(self, data_dir: Path, tree: Tree, stamp: TreeStamp) -> None:
        self.data_dir = data_dir
        self.tree = tree
        self.stamp = stamp
        self.error: str | None = None
        self.on_error: Callable[[str], None] | None = None
        self.warnings: list[str] = []  # read problems, and what was done about them
        self.session_id: str | None = None
        self.file: Path | None = None
        self.mode: Mode = "free"
        self.case_id: str | None = None
        self.predict = False  # predict-then-reveal is on for the walk being recorded
        self.trainee: str | None = None  # who is training; None or "": anonymous
        self._fd: int | None = None
        self._size = 0  # bytes of whole lines in the file: a failed write is cut back to it
        self._recorded: tuple[Step, ...] = ()  # the path as the file has it
        self._pending: list[bytes] = []
        self._new_file = False
        # True while flush() runs: a signal handler that interrupts it must not flush too.
        self.writing = False
        # Called when lines start waiting to be written and when they have been (the app
        # lets a hang-up end it at once only while nothing waits).
        self.on_waiting_change: Callable[[], None] | None = None

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

    @property
    def waiting(self) -> bool:
        """Whether lines are queued or being written: not yet safe on disk."""
        return bool(self._pending) or self.writing

    def _waiting_changed(self) -> None:
        if self.on_waiting_change is not None:
            self.on_waiting_change()

    def _fail(self, exc: OSError) -> None:
        self._pending.clear()
        if self.error is not None:
            return
        if self._fd is None:
            self.error = (
                f"cannot save session records in {self.data_dir}: {reason(exc)}."
                " Walks still work but are not saved; choose a writable folder with"
                " --data-dir DIR."
            )
        else:
            self.error = (
                f"session records stopped: cannot write {self.file}: {reason(exc)}."
                " The walk goes on, but answers from here on are not saved."
            )
            self.close()
        if self.on_error is not None:
            self.on_error(self.error)

    # -- the lines ------------------------------------------------------------------------
    def _delta(self, session: WalkSession) -> dict[str, Any]:
        """How the path changed since the last recorded line (taken now, written later)."""
        steps, old = session.steps, self._recorded
        keep, most = 0, min(len(old), len(steps))
        while keep < most and old[keep] == steps[keep]:
            keep += 1
        self._recorded = steps
        return {
            "keep": keep,
            "add": [step_record(s, self.tree.question(s.node_id)) for s in steps[keep:]],
            "node": session.current_id,
        }

    def _queue(self, fields: dict[str, Any], flush: bool) -> None:
        if self.error is not None or self._fd is None:
            return
        self._pending.append(dump_line({"at": utc_now(), **fields}))
        if len(self._pending) == 1:
            self._waiting_changed()
        if flush:
            self.flush()

    def flush(self) -> None:
        """Write the lines queued so far; fsynced when it returns."""
        if not self._pending or self._fd is None:
            return
        self.writing = True
        try:
            data = b"".join(self._pending)
            self._pending.clear()
            written = 0
            while written < len(data):
                written += os.write(self._fd, data[written:])
            os.fsync(self._fd)
        except OSError as exc:
            # A short write (a full disk) leaves half a line: cut back to the last whole one.
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, self._size)
            self._fail(exc)
            return
        finally:
            self.writing = False
            self._waiting_changed()
        self._size += len(data)
        if self._new_file:  # the file's name too must survive a crash
            self._new_file = False
            fsync_dir(self.file.parent)

    def close(self) -> None:
        """Stop recording this walk: write what is queued, release the file's lock."""
        if self._fd is None:
            return
        self.flush()
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.close(fd)

    # -- moves ----------------------------------------------------------------------------
    def begin(
        self,
        session: WalkSession,
        mode: Mode = "free",
        case_id: str | None = None,
        *,
        case: Any = None,
        action: str = "begin",
        extra: dict[str, Any] | None = None,
        flush: bool = True,
        predict: bool = False,
    ) -> str:
        """Start a new session file (with the walk so far); returns its id. ``case`` (a
        ``Case``) is optional: given, its title and story go into the record so
        transcripts are self-contained. ``predict``: whether the trainee will predict the
        cause and urgency before the result shows. With ``flush=False`` the begin line
        waits for the next :meth:`flush`, like any other line.
        """
        self.close()
        self.session_id = secrets.token_hex(4)
        self.mode = mode
        self.predict = predict
        self.case_id = case_id if case_id is not None else getattr(case, "id", None)
        started = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        self.file = (
            self.data_dir
            / SESSIONS
            / session_file_name(started, self.mode, self.stamp.id, self.session_id)
        )
        if self.error is not None:
            return self.session_id
        try:
            self._fd = os.open(
                self.file,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | _CLOEXEC,
                0o600,
            )
        except OSError as exc:
            self._fail(exc)
            return self.session_id
        lock_exclusive(self._fd)  # a new file: nobody else can hold it
        self._size = 0
        self._new_file = True
        self._recorded = ()
        fields: dict[str, Any] = {
            "type": "begin",
            "action": action,
            "session": self.session_id,
            "mode": self.mode,
            "case": self.case_id,
            "tree": self.stamp.as_dict(),
            "start": session.start_id,
            "predict": self.predict,
            "trainee": self.trainee or None,
        }
        if case is not None:
            fields["case_title"] = case.title
            fields["story"] = case.story
        fields.update(extra or {})
        self._queue(fields | self._delta(session), flush)
        return self.session_id

    def resume(self, resumable: Resumable, session: WalkSession, *, case: Any = None) -> str:
        """Continue ``resumable``'s session file (after ``session.replay(resumable.steps)``).

        If that file cannot be continued (made read-only, or live in another footpain-tui),
        the walk goes on in a new session file that starts with the replayed answers, and
        ``warnings`` says so.
        """
        self.warnings.extend(w for w in resumable.warnings if w not in self.warnings)
        mode: Mode = "training" if resumable.mode == "training" else "free"
        self.close()
        self.session_id = resumable.session_id
        self.mode = mode
        self.predict = resumable.predict
        self.case_id = resumable.case_id
        self.file = resumable.file
        if self.error is not None:
            return self.session_id
        try:
            fd = os.open(resumable.file, os.O_RDWR | os.O_APPEND | os.O_NOFOLLOW | _CLOEXEC)
        except OSError as exc:
            return self._resume_elsewhere(resumable, session, reason(exc), case)
        if not lock_exclusive(fd):
            os.close(fd)
            return self._resume_elsewhere(
                resumable, session, "it is open in another footpain-tui", case
            )
        try:
            cut_partial_last_line(fd)
            self._size = os.fstat(fd).st_size
        except OSError as exc:
            os.close(fd)
            return self._resume_elsewhere(resumable, session, reason(exc), case)
        self._fd = fd
        self._recorded = ()  # the resume line restates the whole path
        self._queue({"type": "step", "action": "resume"} | self._delta(session), flush=True)
        return self.session_id

    def _resume_elsewhere(
        self, resumable: Resumable, session: WalkSession, why: str, case: Any
    ) -> str:
        old = resumable.file
        session_id = self.begin(
            session,
            self.mode,
            resumable.case_id,
            case=case,
            action="resume",
            extra={"resumed_from": resumable.session_id},
            predict=resumable.predict,
        )
        if self.error is None:
            self.warnings.append(
                f"could not continue {old} ({why}); the walk goes on in a new session file,"
                f" {self.file}"
            )
        return session_id

    def record(self, session: WalkSession, action: str, *, flush: bool = True) -> None:
        """Log the walk after a move: ``answer``, ``back``, ``restart``, ``jump`` or ``resume``.

        The line is taken now; with ``flush=False`` it is written by the next :meth:`flush`.
        """
        if self.session_id is None:
            self.begin(session, flush=flush)
        self._queue({"type": "step", "action": action} | self._delta(session), flush)

    def finish(
        self,
        session: WalkSession,
        verdict: Any = None,
        *,
        prediction: Any = None,
        flush: bool = True,
    ) -> None:
        """Log reaching a result; ``verdict`` is a ``Verdict`` or its ``as_dict()``, and
        ``prediction`` a ``Prediction`` or its ``as_dict()`` (training with predictions)."""
        if self.session_id is None:
            self.begin(session, flush=flush)
        node = session.current
        result = (
            {"id": session.current_id, "title": node.title, "urgency": node.urgency.value}
            if isinstance(node, Result)
            else None
        )
        if verdict is not None and hasattr(verdict, "as_dict"):
            verdict = verdict.as_dict()
        if prediction is not None and hasattr(prediction, "as_dict"):
            prediction = prediction.as_dict()
        self._queue(
            {"type": "finish", "action": "finish"}
            | self._delta(session)
            | {"result": result, "verdict": verdict, "prediction": prediction},
            flush,
        )
