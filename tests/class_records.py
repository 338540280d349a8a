"""Training walks recorded as the training screen records them, for the report's tests
(tests/core/test_report.py) and the browser test that opens the HTML report."""

from __future__ import annotations

import json
from pathlib import Path

from footpain_tui.core.records.recorder import SessionRecorder
from footpain_tui.core.training.case_file import load_cases
from footpain_tui.core.training.verdicts import compute_verdict
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.walk import WalkSession

DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini.json"
TREE = load_tree(MINI)
CASES = load_cases(DATA / "cases" / "good.json")


def train(
    data_dir: Path,
    trainee: str | None,
    case_id: str,
    answers: list[str],
    *,
    prediction: dict | None = None,
    began: str | None = None,
) -> Path:
    """One training walk recorded as the training screen records it; ``prediction`` adds
    predict-then-reveal's fields (the finish line's ``prediction``, the verdict's ``marks``)
    as the tutor's work writes them; ``began`` moves the walk to another day."""
    case = CASES.case(case_id)
    recorder = SessionRecorder.open(data_dir, TREE, MINI)
    recorder.trainee = trainee
    session = WalkSession(TREE)
    for i, answer in enumerate(answers):
        session.answer_text(answer)
        if i == 0:
            recorder.begin(session, "training", case=case)
        else:
            recorder.record(session, "answer")
    verdict = compute_verdict(case, session).as_dict()
    if prediction is not None:
        verdict["marks"] = {
            "path": verdict["matched"],
            "cause": prediction["cause_correct"],
            "urgency": prediction["urgency_correct"],
            "urgency_call": prediction["urgency_call"],
        }
    recorder.finish(session, verdict)
    recorder.close()
    lines = [json.loads(line) for line in recorder.file.read_bytes().splitlines()]
    if prediction is not None:
        lines[-1]["prediction"] = prediction
    if began is not None:
        lines[0]["at"] = began
    recorder.file.write_bytes(b"".join(json.dumps(line).encode() + b"\n" for line in lines))
    return recorder.file


UNDER = {  # urgent case, called soon: one level under
    "cause": "thrombosis",
    "urgency": "soon",
    "options": ["thrombosis", "overuse"],
    "seed": 7,
    "cause_correct": True,
    "urgency_correct": False,
    "urgency_call": "under",
}
RIGHT = UNDER | {"urgency": "urgent", "urgency_correct": True, "urgency_call": "right"}
