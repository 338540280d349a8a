"""Session files of any shape: random JSON lines, random bytes, mutations of real records,
absurd nesting and numbers. Whatever a line holds, reading, listing, resuming and exporting
skip it with a warning and never raise (issue 9: one bad line broke history, export-session
and every start of the TUI)."""

from __future__ import annotations

import contextlib
import copy
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from footpain_tui.cli import main
from footpain_tui.core.records.recorder import SessionRecorder
from footpain_tui.core.records.resume import find_resumable
from footpain_tui.core.records.sessions import list_sessions, load_session, read_session_file
from footpain_tui.core.records.transcripts import render_json, render_markdown
from footpain_tui.core.training.case_file import load_cases
from footpain_tui.core.training.predictions import cause_options, score_prediction
from footpain_tui.core.training.verdicts import compute_verdict
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.model import Urgency
from footpain_tui.core.tree.walk import WalkSession

DATA = Path(__file__).resolve().parent.parent / "data"
MINI = DATA / "mini.json"
TREE = load_tree(MINI)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _recorded_lines() -> list[dict[str, Any]]:
    """The lines of a real training walk: begin, timed answers, a back, the finish with a
    prediction and a verdict."""
    with tempfile.TemporaryDirectory() as folder:
        case = load_cases(DATA / "cases" / "good.json").case("new_jogger")
        recorder = SessionRecorder.open(folder, TREE, MINI)
        session = WalkSession(TREE)
        recorder.begin(session, "training", case=case, predict=True)
        for move in ("No", "back", "No", "At night"):
            if move == "back":
                session.back()
            else:
                session.answer_text(move)
                session.time_last_answer(2500)
            recorder.record(session, "back" if move == "back" else "answer")
        options = cause_options(session, 11)
        prediction = score_prediction(session, options[0], Urgency.ROUTINE, options, 11)
        recorder.finish(
            session, compute_verdict(case, session, prediction=prediction), prediction=prediction
        )
        recorder.close()
        return [json.loads(line) for line in recorder.file.read_bytes().splitlines()]


LINES = _recorded_lines()


@pytest.fixture(scope="module")
def data_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "sessions").mkdir()
        yield Path(folder)


def write_session(data_dir: Path, raw: bytes) -> Path:
    file = data_dir / "sessions" / "20250101T000000.000000Z-0badf00d.jsonl"
    file.write_bytes(raw)
    return file


def check_everything(data_dir: Path, file: Path, *, note: bool = True) -> None:
    """Every reader of session files, on this one: nothing may raise."""
    record = read_session_file(file)
    for warning in record.warnings:
        assert warning.startswith(f"{file}:") and "skipped" in warning
    if note:
        event(f"{len(record.lines)} readable lines, {len(record.warnings)} skipped")
    summaries = list_sessions(data_dir, [])
    assert len(summaries) == (1 if record.lines else 0)
    for summary in summaries:
        json.dumps(summary.as_dict())
    for mode in ("free", "training"):
        found = find_resumable(data_dir, TREE, MINI, [], mode=mode)
        if found is not None:
            WalkSession(TREE).replay(found.steps)  # only walks that fit are offered
    if record.lines:
        loaded = load_session(data_dir, "0badf00d")
        assert render_markdown(loaded).startswith("# footpain-tui session")
        json.loads(render_json(loaded))


def encode(lines: list[Any]) -> bytes:
    return b"".join(json.dumps(line).encode() + b"\n" for line in lines)


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities too: json.dumps writes them, a reader must refuse them
    | st.text(max_size=12)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@FUZZ
@given(lines=st.lists(json_values, max_size=5))
def test_random_json_lines(data_dir, lines):
    check_everything(data_dir, write_session(data_dir, encode(lines)))


@FUZZ
@given(raw=st.binary(max_size=300))
def test_random_bytes(data_dir, raw):
    check_everything(data_dir, write_session(data_dir, raw))


def _places(value: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _places(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _places(item, (*prefix, i))
    return out


PLACES = [(n, place) for n, line in enumerate(LINES) for place in _places(line)[1:]]
hostile = json_values | st.sampled_from(
    [
        "q_when",
        "training",
        "finish",
        -1,
        10**30,
        True,
        {"id": 1},
        ["x"],
        "\x1b]0;owned\x07",
    ]
)


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(PLACES), st.sampled_from(["replace", "delete"]), hostile),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_records(data_dir, edits):
    lines = copy.deepcopy(LINES)
    for (n, place), how, value in edits:
        parent: Any = lines[n]
        with contextlib.suppress(KeyError, IndexError, TypeError):
            for step in place[:-1]:
                parent = parent[step]
            if how == "replace":
                parent[place[-1]] = value
            else:
                del parent[place[-1]]
    check_everything(data_dir, write_session(data_dir, encode(lines)))


@pytest.mark.parametrize(
    "bad",
    [
        b"[" * 100_000 + b"]" * 100_000,  # RecursionError in json
        b'{"type": "step", "keep": 0, "add": [{"question": "q_flag", "choice": 1e999}]}',
        b'{"type": "step", "keep": 1e999, "add": []}',
        b'{"type": "step", "keep": ' + b"9" * 5000 + b', "add": []}',  # past int's digit limit
        b'{"type": "finish", "verdict": {"matched": false, "expected_result": 7,'
        b' "divergence": "x", "expected_path": [1, null], "teachings": "y"}}',
        b'{"type": "finish", "result": {"id": ["r"], "title": 5}, "verdict": []}',
        b'{"type": "begin", "tree": "mini", "mode": 3}',
        b'{"type": "step", "path": [{"question": "q_flag", "choice": "1"}]}',
        b'{"type": "step", "path": {"question": "q_flag"}}',
        b'{"type": "step", "keep": 5, "add": []}',  # keeps more than the walk has
        b'{"type": "step", "add": [{"question": "q_flag", "choice": true}]}',
        b'{"type": "step", "keep": 0, "add": [{"question": "q_flag", "choice": 1, "ms": "4s"}]}',
        b'{"type": "step", "keep": 0, "add": [{"question": "q_flag", "choice": 1, "ms": -1}]}',
        b'{"type": "step", "keep": 0, "add": [{"question": "q_flag", "choice": 1, "ms": 1e9}]}',
        b'{"type": "begin", "predict": "yes"}',
        b'{"type": "finish", "prediction": ["cause"]}',
    ],
    ids=[
        "deep",
        "inf-choice",
        "inf-keep",
        "huge-int",
        "bad-verdict",
        "bad-result",
        "bad-begin",
        "string-choice",
        "path-object",
        "keep-too-many",
        "bool-choice",
        "text-ms",
        "negative-ms",
        "float-ms",
        "text-predict",
        "list-prediction",
    ],
)
def test_one_bad_line_is_skipped_with_a_warning(capsys, data_dir, bad):
    good = encode(LINES)
    file = write_session(data_dir, good + bad + b"\n")
    record = read_session_file(file)
    if b'"verdict": {' in bad:  # a line of the right shape: kept, its verdict read with care
        assert record.warnings == []
    else:
        assert len(record.warnings) == 1 and ":7: skipped a corrupt record" in record.warnings[0]
    assert record.finished and record.result["id"] == "r_nerve"
    check_everything(data_dir, file, note=False)
    for argv in (
        ["history"],
        ["export-session", "-o", "-"],
        ["export-session", "-f", "json", "-o", "-"],
    ):
        assert main([*argv, "--data-dir", str(data_dir)]) == 0
        assert "Traceback" not in capsys.readouterr().err


def test_a_malformed_verdict_is_exported_as_far_as_it_makes_sense(data_dir):
    lines = copy.deepcopy(LINES)
    lines[-1]["verdict"] = {"matched": "yes", "divergence": {"step": "two"}, "teachings": [3]}
    file = write_session(data_dir, encode(lines))
    text = render_markdown(read_session_file(file))
    assert "Not matched: expected ?" in text and "First divergence at question ?" in text


def test_a_v1_file_is_still_read(data_dir):
    path = [
        {
            "question": "q_flag",
            "prompt": "Is the foot swollen, heavy and warm?",
            "choice": 1,
            "answer": "No",
        },
        {
            "question": "q_when",
            "prompt": "When does it hurt?",
            "choice": 0,
            "answer": "After exercise",
        },
    ]
    tree = {"id": "mini", "version": "1.0", "sha256": "x"}
    v1 = [
        {
            "v": 1,
            "type": "begin",
            "at": "t0",
            "action": "begin",
            "mode": "free",
            "tree": tree,
            "path": [],
            "node": "q_flag",
        },
        {
            "v": 1,
            "type": "step",
            "at": "t1",
            "action": "answer",
            "tree": tree,
            "path": path[:1],
            "node": "q_when",
        },
        {
            "v": 1,
            "type": "step",
            "at": "t2",
            "action": "answer",
            "tree": tree,
            "path": path,
            "node": "r_overuse",
        },
        {
            "v": 1,
            "type": "finish",
            "at": "t3",
            "action": "finish",
            "tree": tree,
            "path": path,
            "node": "r_overuse",
            "result": {"id": "r_overuse", "title": "Overuse", "urgency": "self_care"},
            "verdict": None,
        },
    ]
    record = read_session_file(write_session(data_dir, encode(v1)))
    assert record.warnings == [] and record.finished
    assert [(t.recorded.answer, t.at) for t in record.path] == [
        ("No", "t1"),
        ("After exercise", "t2"),
    ]
    assert record.result == {"id": "r_overuse", "title": "Overuse", "urgency": "self_care"}
