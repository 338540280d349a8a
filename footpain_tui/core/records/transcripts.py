"""Transcripts of recorded sessions: Markdown or JSON, written atomically.

Reads what :mod:`.sessions` reads back; written only where :func:`..storage.write_user_file` allows; used by ``footpain-tui export-session`` and the ``e`` key.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

from ..storage import Written, write_user_file
from .sessions import SessionRecord, load_session
from .stats import duration

TRANSCRIPT_VERSION = 1


def _md(text: Any) -> str:
    """Escape the characters that would break a Markdown table cell or emphasis."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _get(data: Any, key: str) -> Any:
    """``data[key]`` if ``data`` is an object, else None: a record's verdict is untrusted."""
    return data.get(key) if isinstance(data, dict) else None


def _text(data: Any, key: str, default: str = "") -> str:
    value = _get(data, key)
    return value if isinstance(value, str) else default


def _objects(data: Any, key: str) -> list[dict[str, Any]]:
    value = _get(data, key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def transcript(record: SessionRecord) -> dict[str, Any]:
    """Plain data for an export: story, each question and answer, result, verdict, times."""
    return {
        "format": f"footpain-tui session transcript v{TRANSCRIPT_VERSION}",
        "session": record.session_id,
        "mode": record.mode,
        "trainee": record.trainee,
        "case": record.case_id,
        "case_title": record.case_title,
        "story": record.story,
        "tree": record.tree,
        "start": record.start,
        "started_at": record.started_at,
        "updated_at": record.updated_at,
        "finished_at": record.finished_at,
        "finished": record.finished,
        "path": [
            {
                "question": item.step.node_id,
                "prompt": item.recorded.prompt,
                "answer": item.recorded.answer,
                "at": item.at or None,
                "ms": item.ms,
            }
            for item in record.path
        ],
        "result": record.result,
        "verdict": record.verdict,
        "predict": record.predict,
        "prediction": record.prediction,
        "marks": record.marks,
        "events": [
            {"at": line.at, "action": line.action, "node": line.node} for line in record.lines
        ],
        "warnings": record.warnings,
    }


def render_json(record: SessionRecord) -> str:
    return json.dumps(transcript(record), indent=2, ensure_ascii=False) + "\n"


def render_markdown(record: SessionRecord) -> str:
    data = transcript(record)
    tree = data["tree"]
    lines = [f"# footpain-tui session {data['session']}", ""]
    mode = data["mode"]
    if data["case"]:
        title = f": {data['case_title']}" if data["case_title"] else ""
        mode += f" (case `{data['case']}`{title})"
    status = f"finished {data['finished_at']}" if data["finished"] else "not finished"
    lines += [
        f"- Mode: {mode}",
        f"- Trainee: {data['trainee'] or '(anonymous)'}",
        f"- Tree: {tree.get('title', '?')} (`{tree.get('id', '?')}` version"
        f" {tree.get('version', '?')}, sha256 `{str(tree.get('sha256', ''))[:12]}`)",
        *([f"- Start: `{data['start']}`"] if data["start"] else []),
        f"- Started: {data['started_at']}",
        f"- Last activity: {data['updated_at']}",
        f"- Status: {status}",
        "",
    ]
    if data["story"]:
        lines += ["## Story", "", data["story"], ""]
    lines += ["## Walk", ""]
    if not data["path"]:
        lines.append("No question answered.")
    for i, step in enumerate(data["path"], 1):
        at = f" ({step['at']})" if step["at"] else ""
        took = f", after {duration(step['ms'])}" if step["ms"] is not None else ""
        lines.append(f"{i}. {step['prompt']}  \n   Answer: **{step['answer']}**{at}{took}")
    lines.append("")
    result = data["result"]
    lines += ["## Result", ""]
    if result:
        urgency = str(result.get("urgency", "")).replace("_", "-").upper()
        lines.append(f"**{result.get('title')}** (`{result.get('id')}`), urgency {urgency}")
    else:
        lines.append("The walk did not reach a result.")
    lines.append("")
    if data["prediction"]:
        lines += _prediction_markdown(data["prediction"])
    verdict = data["verdict"]
    if verdict:
        lines += _verdict_markdown(verdict)
    lines += ["## Events", "", "| Time | Action | Node |", "| --- | --- | --- |"]
    lines += [
        f"| {_md(e['at'])} | {_md(e['action'])} | `{_md(e['node'])}` |" for e in data["events"]
    ]
    lines.append("")
    return "\n".join(lines)


def _mark(value: Any) -> str:
    return {True: "right", False: "wrong"}.get(value, "?")


def _prediction_markdown(prediction: dict[str, Any]) -> list[str]:
    """What the trainee committed to before the result showed, each part marked."""
    call = prediction.get("urgency_call")
    said = str(prediction.get("urgency", "?")).replace("_", "-").upper()
    how = {"under": ", under-called", "over": ", over-called"}.get(call, "")
    return [
        "## Prediction",
        "",
        f"- Cause: `{prediction.get('cause', '?')}` ({_mark(prediction.get('cause_correct'))})",
        f"- Urgency: {said} ({_mark(prediction.get('urgency_correct'))}{how})",
        f"- Causes offered: {', '.join(f'`{o}`' for o in prediction.get('options', []))}",
        "",
    ]


def _verdict_markdown(verdict: dict[str, Any]) -> list[str]:
    expected = _get(verdict, "expected_result")
    lines = ["## Verdict", ""]
    if _get(verdict, "matched") is True:
        lines.append(
            f"Matched: the walk ended on the expected result, {_text(expected, 'title', '?')}."
        )
    else:
        given = _get(verdict, "given_result")
        lines.append(
            f"Not matched: expected {_text(expected, 'title', '?')}"
            f" (`{_text(expected, 'id', '?')}`),"
            f" the walk ended on {_text(given, 'title', 'no result')}."
        )
    divergence = _get(verdict, "divergence")
    if isinstance(divergence, dict):
        step = _get(divergence, "step")
        number = step + 1 if isinstance(step, int) and not isinstance(step, bool) else "?"
        lines += [
            "",
            # The prompt in its own brackets: it ends in its own "?" or ".".
            f"First divergence at question {number} (*{_md(_text(divergence, 'prompt'))}*):"
            f" expected **{_text(divergence, 'expected')}**,"
            f" answered **{_text(divergence, 'given')}**.",
        ]
        if _text(divergence, "teaching"):
            lines += ["", f"> {_text(divergence, 'teaching')}"]
    expected_path = _objects(verdict, "expected_path")
    trainee_path = _objects(verdict, "trainee_path")
    if expected_path or trainee_path:
        lines += ["", "| # | Question | Expected | Answered |", "| --- | --- | --- | --- |"]
        for i in range(max(len(expected_path), len(trainee_path))):
            want = expected_path[i] if i < len(expected_path) else {}
            got = trainee_path[i] if i < len(trainee_path) else {}
            prompt = _text(want, "prompt") or _text(got, "prompt")
            if got and want and _text(got, "prompt") != _text(want, "prompt"):
                prompt = f"{_text(want, 'prompt')} / {_text(got, 'prompt')}"
            lines.append(
                f"| {i + 1} | {_md(prompt)} | {_md(_text(want, 'answer', '-'))}"
                f" | {_md(_text(got, 'answer', '-'))} |"
            )
    if _text(verdict, "teaching_point"):
        lines += ["", f"Teaching point: {_text(verdict, 'teaching_point')}"]
    teachings = _objects(verdict, "teachings")
    if teachings:
        lines.append("")
    for item in teachings:
        lines.append(f"- *{_md(_text(item, 'prompt'))}* {_text(item, 'teaching')}")
    lines.append("")
    return lines


def default_export_name(record: SessionRecord, fmt: str) -> str:
    return f"footpain-session-{record.session_id}.{'md' if fmt == 'md' else 'json'}"


def render(record: SessionRecord, fmt: Literal["md", "json"]) -> str:
    return render_markdown(record) if fmt == "md" else render_json(record)


def export_target(record: SessionRecord, fmt: str, out_path: str | Path | None) -> Path:
    """Where an export goes: ``out_path``, or the default name inside it if it is a folder
    (or ends with a slash), or the default name in the current directory."""
    if out_path is None:
        return Path.cwd() / default_export_name(record, fmt)
    named = str(out_path)
    target = Path(named).expanduser()
    if named.endswith(("/", os.sep)) or target.is_dir():
        return target / default_export_name(record, fmt)
    return target


def export_session(
    data_dir: str | Path | None,
    session_id_or_last: str | None,
    fmt: Literal["md", "json"],
    out_path: str | Path | None = None,
) -> Written:
    """Write a session's transcript atomically; returns where it was written.

    ``out_path`` defaults to ``./footpain-session-<id>.<md|json>``; a folder (or a path
    ending in ``/``, created if missing) gets that name inside it. Only a regular file, a
    symlink to one, or a new path is written (:func:`..storage.write_user_file`). Raises
    :class:`SessionNotFoundError`, :class:`..storage.UnsafeTargetError` (a device, FIFO,
    socket or a symlink to one), or ``OSError`` if it cannot write.
    """
    record = load_session(data_dir, session_id_or_last)
    return write_user_file(export_target(record, fmt, out_path), render(record, fmt))
