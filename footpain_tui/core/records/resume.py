"""Resuming: find the walk to offer when footpain-tui starts, and remember a declined one.

The newest unfinished walk of the mode being opened (free in the explorer, training in
``train``) on this tree is offered, unless it was declined before or a newer walk of that
mode began. A walk live in another footpain-tui (its file locked by its recorder) is passed
over. A walk recorded on an edited tree file is offered if its answers still fit the tree,
saying so. The search opens only the files whose name says they are candidates; files named
``<started>-<session id>.jsonl`` (before the mode and tree were in the name) are judged by
their first bytes.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..storage import cut_partial_last_line, is_locked, lock_exclusive, read_head
from ..tree.model import Question, Tree
from ..tree.walk import Step, WalkSession
from .lines import dump_line
from .sessions import (
    Mode,
    SessionRecord,
    TreeStamp,
    listed_session_files,
    read_session_file,
    reason,
    utc_now,
)
from .trainees import same_trainee

# The start of a begin line: its tree and mode come before any case story.
_HEAD_BYTES = 4096
# Files opened between two pauses of the search, and the pause: the search runs beside the
# UI in one process, and a thread that never sleeps makes the other wait for the GIL.
_YIELD_EVERY, _YIELD_SECONDS = 16, 0.001


def _named_for(name: str) -> tuple[str, str] | None:
    """(tree id, mode) from a session file's name; None for a name that does not say."""
    parts = name.removesuffix(".jsonl").split("-")
    if len(parts) == 4 and parts[1] in ("free", "training"):
        return parts[2], parts[1]
    return None


@dataclass(frozen=True)
class Resumable:
    """An interrupted walk: replay ``steps`` with ``WalkSession.replay`` on a walk from
    ``start`` (None: the tree's start).

    ``question`` is the prompt of the question it stopped at, in the tree as it is now;
    ``tree_changed`` says the tree file was edited since (the steps still fit it).
    """

    session_id: str
    steps: list[Step]
    mode: str
    case_id: str | None
    case_title: str | None
    started_at: str
    updated_at: str
    node: str | None
    start: str | None
    question: str | None
    tree_changed: bool
    file: Path
    warnings: list[str] = field(default_factory=list)
    predict: bool = False  # the walk's trainee predicts before the result shows
    trainee: str | None = None  # who was training (None: anonymous)


def _may_be_for(file: Path, tree_mark: bytes, mode_mark: bytes) -> bool:
    """Whether the file's first line may be a walk on this tree in this mode, judged from
    its first bytes alone (the recorder writes the tree's id and the mode there, compactly).

    Reading 4 kB and two byte searches per file, with no parsing, keep the search cheap
    with thousands of files; a file this passes is then read in full.
    """
    try:
        head = read_head(file, _HEAD_BYTES).split(b"\n", 1)[0]
    except OSError:
        return True  # let the full read say what is wrong with it
    return tree_mark in head and (mode_mark in head or b'"mode":' not in head)


def find_resumable(
    data_dir: str | Path | None,
    tree: Tree,
    tree_path: str | Path | None,
    warnings: list[str] | None = None,
    stamp: TreeStamp | None = None,
    mode: Mode = "free",
    trainee: str | None = None,
) -> Resumable | None:
    """The newest walk of ``mode`` on this tree, if it was left unfinished.

    Newest first, among sessions of this tree (by id: an edited file counts, if the
    recorded answers still fit it) and this mode: a walk live in another process (its file
    locked) is passed over; the first other one decides. It is offered unless it is
    finished, has no answer, or was declined before. Only the newest counts: a walk left
    behind when a newer one began is not offered again. Opens only the files whose name
    (or, for older names, first bytes) says they are candidates. Never raises; problems go
    to ``warnings``. With ``trainee`` ("" for anonymous), only that trainee's walks count:
    one trainee is never offered another's walk.
    """
    own: list[str] = []
    try:
        stamp = stamp or TreeStamp.of(tree, tree_path)
        files = listed_session_files(data_dir, own)
        tree_mark = b'"tree":{"id":' + json.dumps(stamp.id).encode()
        mode_mark = b'"mode":' + json.dumps(mode).encode()
        opened = 0
        for file in reversed(files):
            named = _named_for(file.name)
            if named is not None and named != (stamp.id, mode):
                continue  # decided by the name: most files are never opened
            opened += 1
            if opened % _YIELD_EVERY == 0:
                time.sleep(_YIELD_SECONDS)  # let a UI thread take the GIL between batches
            if named is None and not _may_be_for(file, tree_mark, mode_mark):
                continue  # an older name: decided by the file's first bytes
            if is_locked(file):
                continue  # its walk is live in another footpain-tui
            try:
                record = read_session_file(file)
            except OSError as exc:
                own.append(f"{file}: cannot be read: {reason(exc)}; skipped")
                continue
            own.extend(record.warnings)
            if record.tree.get("id") != stamp.id or record.mode != mode:
                continue
            if trainee is not None and not same_trainee(record.trainee, trainee):
                continue
            return _offer(record, tree, stamp, own)
        return None
    finally:
        if warnings is not None:
            warnings.extend(own)


def _offer(
    record: SessionRecord, tree: Tree, stamp: TreeStamp, warnings: list[str]
) -> Resumable | None:
    if record.finished or record.declined or not record.path:
        return None
    steps = record.steps
    changed = not stamp.same_tree(record.tree)
    # A walk starts where it started: a training case's start, or the explorer's --start
    # (or the tree map's "test from here").
    start = record.start
    try:
        walk = WalkSession(tree, start=start)
        walk.replay(steps)
    except (ValueError, KeyError, IndexError) as exc:
        if changed:
            warnings.append(
                f"Your last {'training ' if record.mode == 'training' else ''}walk"
                f" ({record.started_at}) was recorded on an earlier version of this tree"
                f" ({record.tree.get('version', '?')}); its answers no longer fit the tree"
                f" as it is now ({exc}), so it cannot be resumed. It stays in"
                f" `footpain-tui history` ({record.session_id})."
            )
        else:
            warnings.append(f"{record.file}: the recorded steps do not fit the tree ({exc})")
        return None
    node = walk.current
    return Resumable(
        session_id=record.session_id,
        steps=steps,
        mode=record.mode,
        case_id=record.case_id,
        case_title=record.case_title,
        started_at=record.started_at,
        updated_at=record.updated_at,
        node=walk.current_id,
        start=start,
        question=node.prompt if isinstance(node, Question) else None,
        tree_changed=changed,
        file=record.file,
        warnings=list(warnings),
        predict=record.predict,
        trainee=record.trainee,
    )


def mark_declined(resumable: Resumable) -> str | None:
    """Remember that ``resumable`` was offered and declined, in its own file, so it is not
    offered again. Returns why it could not be written, or None."""
    try:
        fd = os.open(resumable.file, os.O_RDWR | os.O_APPEND | os.O_NOFOLLOW | os.O_NOCTTY)
    except OSError as exc:
        return f"cannot mark {resumable.file} as declined: {reason(exc)}"
    try:
        if not lock_exclusive(fd):
            return None  # it went live in another footpain-tui meanwhile: leave it be
        cut_partial_last_line(fd)
        os.write(fd, dump_line({"type": "declined", "at": utc_now()}))
        os.fsync(fd)
    except OSError as exc:
        return f"cannot mark {resumable.file} as declined: {reason(exc)}"
    finally:
        os.close(fd)
    return None
