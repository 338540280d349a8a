"""Transcripts of recorded sessions: Markdown or JSON, written atomically.

Reads what :mod:`.records` logged; used by ``footpain-tui export-session`` and the ``e`` key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from ..storage import write_text_atomic
from .sessions import FORMAT_VERSION, SessionRecord, load_session


def _md(text: Any) -> str:
    """Escape the characters that would break a Markdown table cell or emphasis."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _answer_times(record: SessionRecord) -> list[str | None]:
    """When each step of the final path was answered (the last time it was taken)."""
    final = record.path
    times: list[str | None] = [None] * len(final)
    for event in record.events:
        path = event.get("path") or []
        same = 0
        while same < min(len(path), len(final)) and path[same] == final[same]:
            same += 1
        for i in range(same):
            times[i] = times[i] or event.get("at")
        for i in range(same, len(final)):  # undone or answered differently: taken again later
            times[i] = None
    return times


def transcript(record: SessionRecord) -> dict[str, Any]:
    """Plain data for an export: story, each question and answer, result, verdict, times."""
    times = _answer_times(record)
    return {
        "format": f"footpain-tui session transcript v{FORMAT_VERSION}",
        "session": record.session_id,
        "mode": record.mode,
        "case": record.case_id,
        "case_title": record.case_title,
        "story": record.story,
        "tree": record.tree,
        "started_at": record.started_at,
        "updated_at": record.updated_at,
        "finished_at": record.finished_at,
        "finished": record.finished,
        "path": [
            {
                "question": item.get("question"),
                "prompt": item.get("prompt"),
                "answer": item.get("answer"),
                "at": at,
            }
            for item, at in zip(record.path, times, strict=True)
        ],
        "result": record.result,
        "verdict": record.verdict,
        "events": [
            {"at": e.get("at"), "action": e.get("action", e.get("type")), "node": e.get("node")}
            for e in record.events
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
        f"- Tree: {tree.get('title', '?')} (`{tree.get('id', '?')}` version"
        f" {tree.get('version', '?')}, sha256 `{str(tree.get('sha256', ''))[:12]}`)",
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
        lines.append(f"{i}. {step['prompt']}  \n   Answer: **{step['answer']}**{at}")
    lines.append("")
    result = data["result"]
    lines += ["## Result", ""]
    if result:
        urgency = str(result.get("urgency", "")).replace("_", "-").upper()
        lines.append(f"**{result.get('title')}** (`{result.get('id')}`), urgency {urgency}")
    else:
        lines.append("The walk did not reach a result.")
    lines.append("")
    verdict = data["verdict"]
    if verdict:
        lines += _verdict_markdown(verdict)
    lines += ["## Events", "", "| Time | Action | Node |", "| --- | --- | --- |"]
    lines += [
        f"| {_md(e['at'])} | {_md(e['action'])} | `{_md(e['node'])}` |" for e in data["events"]
    ]
    lines.append("")
    return "\n".join(lines)


def _verdict_markdown(verdict: dict[str, Any]) -> list[str]:
    expected = verdict.get("expected_result") or {}
    lines = ["## Verdict", ""]
    if verdict.get("matched"):
        lines.append(f"Matched: the walk ended on the expected result, {expected.get('title')}.")
    else:
        given = verdict.get("given_result") or {}
        lines.append(
            f"Not matched: expected {expected.get('title')} (`{expected.get('id')}`),"
            f" the walk ended on {given.get('title', 'no result')}."
        )
    divergence = verdict.get("divergence")
    if divergence:
        lines += [
            "",
            f"First divergence at question {divergence.get('step', 0) + 1},"
            f" {divergence.get('prompt')}: expected **{divergence.get('expected')}**,"
            f" answered **{divergence.get('given')}**.",
        ]
        if divergence.get("teaching"):
            lines += ["", f"> {divergence['teaching']}"]
    expected_path = verdict.get("expected_path") or []
    trainee_path = verdict.get("trainee_path") or []
    if expected_path or trainee_path:
        lines += ["", "| # | Question | Expected | Answered |", "| --- | --- | --- | --- |"]
        for i in range(max(len(expected_path), len(trainee_path))):
            want = expected_path[i] if i < len(expected_path) else {}
            got = trainee_path[i] if i < len(trainee_path) else {}
            prompt = want.get("prompt") or got.get("prompt") or ""
            if got and want and got.get("prompt") != want.get("prompt"):
                prompt = f"{want.get('prompt')} / {got.get('prompt')}"
            lines.append(
                f"| {i + 1} | {_md(prompt)} | {_md(want.get('answer', '-'))}"
                f" | {_md(got.get('answer', '-'))} |"
            )
    if verdict.get("teaching_point"):
        lines += ["", f"Teaching point: {verdict['teaching_point']}"]
    teachings = verdict.get("teachings") or []
    if teachings:
        lines.append("")
    for item in teachings:
        lines.append(f"- {item.get('prompt')}: {item.get('teaching')}")
    lines.append("")
    return lines


def default_export_name(record: SessionRecord, fmt: str) -> str:
    return f"footpain-session-{record.session_id}.{'md' if fmt == 'md' else 'json'}"


def export_session(
    data_dir: str | Path | None,
    session_id_or_last: str | None,
    fmt: Literal["md", "json"],
    out_path: str | Path | None = None,
) -> Path:
    """Write a session's transcript atomically; returns the path written.

    ``out_path`` defaults to ``./footpain-session-<id>.<md|json>``; a folder gets that name
    inside it. Raises :class:`SessionNotFoundError`, or ``OSError`` if it cannot write.
    """
    record = load_session(data_dir, session_id_or_last)
    text = render_markdown(record) if fmt == "md" else render_json(record)
    if out_path is None:
        target = Path.cwd() / default_export_name(record, fmt)
    else:
        target = Path(out_path).expanduser()
        if target.is_dir():
            target = target / default_export_name(record, fmt)
    write_text_atomic(target, text)
    return target
