"""The training commands: cases check/schema, train's validation, history, export-session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from footpain_tui.cli import main
from footpain_tui.core.records.recorder import SessionRecorder
from footpain_tui.core.training.case_file import load_cases
from footpain_tui.core.training.verdicts import compute_verdict
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.walk import WalkSession

DATA = Path(__file__).resolve().parent.parent / "data"
TREE = str(DATA / "mini.json")
CASES = DATA / "cases"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- cases check ------------------------------------------------------------------------------
def test_cases_check_good(capsys):
    code, out, _ = run(capsys, "cases", "check", TREE, str(CASES / "good.json"))
    assert code == 0
    assert "PASS new_jogger: ends on r_overuse (Overuse) as expected" in out
    assert "ok: 3 of 3 cases pass" in out


def test_cases_check_good_json(capsys):
    code, out, _ = run(capsys, "cases", "check", TREE, str(CASES / "good.json"), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["ok"] is True and report["errors"] == []
    assert report["summary"] == {"total": 3, "passed": 3, "failed": 0}
    assert [c["id"] for c in report["cases"]] == ["swollen_calf", "new_jogger", "night_pain"]
    assert set(report["cases"][0]) == {
        "id",
        "title",
        "ok",
        "expected_result",
        "ended_on",
        "findings",
    }


def test_cases_check_broken(capsys):
    code, out, _ = run(capsys, "cases", "check", TREE, str(CASES / "bad_answer.json"))
    assert code == 1
    assert "PASS swollen_calf" in out
    assert "FAIL new_jogger" in out
    assert "FP306 answer-mismatch at cases[1].answers[1].answer" in out
    assert "FAILED: 1 of 2 cases pass" in out


def test_cases_check_broken_json(capsys):
    args = ("cases", "check", TREE, str(CASES / "wrong_result.json"), "--json")
    code, out, _ = run(capsys, *args)
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    assert report["summary"] == {"total": 1, "passed": 0, "failed": 1}
    (finding,) = report["cases"][0]["findings"]
    assert finding["rule"] == "FP309" and finding["path"] == "cases[0].expected_result"


def test_cases_check_file_level_findings(capsys):
    code, out, _ = run(capsys, "cases", "check", TREE, str(CASES / "wrong_tree.json"), "--json")
    assert code == 1
    assert json.loads(out)["errors"][0]["rule"] == "FP301"


@pytest.mark.parametrize("name", ["invalid_shape.json", "not_json.json", "missing.json"])
def test_cases_check_unreadable_case_file(capsys, name):
    code, out, err = run(capsys, "cases", "check", TREE, str(CASES / name))
    assert code == 2
    assert name in err and "hint:" in err
    assert "Traceback" not in err + out
    code, out, _ = run(capsys, "cases", "check", TREE, str(CASES / name), "--json")
    assert code == 2
    report = json.loads(out)
    assert report["ok"] is False and report["cases"] == []
    assert report["errors"][0]["file"].endswith(name)


def test_cases_check_unreadable_tree(capsys, tmp_path):
    code, _, err = run(
        capsys, "cases", "check", str(tmp_path / "nope.json"), str(CASES / "good.json")
    )
    assert code == 2
    assert "nope.json" in err and "no such file" in err


def test_cases_schema_check(capsys, tmp_path):
    target = tmp_path / "case_schema.json"
    code, _, err = run(capsys, "cases", "schema", "--check", "-o", str(target))
    assert code == 1 and "stale" in err
    assert run(capsys, "cases", "schema", "-o", str(target))[0] == 0
    code, out, _ = run(capsys, "cases", "schema", "--check", "-o", str(target))
    assert code == 0 and "up to date" in out
    assert run(capsys, "cases", "schema", "--check")[0] == 0  # trees/case_schema.json


# -- train (validation only: the TUI itself is tested elsewhere) ------------------------------
def test_train_refuses_cases_for_another_tree(capsys):
    code, _, err = run(capsys, "train", TREE, "--cases", str(CASES / "wrong_tree.json"))
    assert code == 1
    assert "FP301" in err and "--cases FILE" in err and "cases check" in err


def test_train_refuses_an_invalid_case_file(capsys):
    code, _, err = run(capsys, "train", TREE, "--cases", str(CASES / "invalid_shape.json"))
    assert code == 2 and "invalid_shape.json" in err


def test_train_opens_the_explorer_in_training_mode(capsys, monkeypatch, tmp_path):
    calls = {}

    def fake_run_explorer(tree, index, **kwargs):
        calls.update(kwargs, tree=tree)
        return 0

    import footpain_tui.ui.app as app

    monkeypatch.setattr(app, "run_explorer", fake_run_explorer)
    args = ("train", TREE, "--cases", str(CASES / "good.json"), "--data-dir", str(tmp_path))
    assert run(capsys, *args)[0] == 0
    assert calls["start_in_training"] is True
    assert calls["tree_path"] == Path(TREE)
    assert calls["data_dir"] == str(tmp_path)
    assert calls["cases"].cases[0].id == "swollen_calf"


# -- history and export-session ---------------------------------------------------------------
@pytest.fixture
def recorded(tmp_path) -> Path:
    """A data dir with one matched training case, one missed and one unfinished free walk."""
    data_dir = tmp_path / "data"
    tree = load_tree(TREE)
    good = load_cases(CASES / "good.json")
    for case_id, answers in (("swollen_calf", ["Yes"]), ("new_jogger", ["No", "At night"])):
        case = good.case(case_id)
        recorder = SessionRecorder.open(data_dir, tree, Path(TREE))
        session = WalkSession(tree)
        recorder.begin(session, "training", case=case)
        for answer in answers:
            session.answer_text(answer)
            recorder.record(session, "answer")
        recorder.finish(session, compute_verdict(case, session))
    recorder = SessionRecorder.open(data_dir, tree, Path(TREE))
    session = WalkSession(tree)
    recorder.begin(session, "free")
    session.answer_text("No")
    recorder.record(session, "answer")
    return data_dir


def test_history_text(capsys, recorded):
    code, out, _ = run(capsys, "history", "--data-dir", str(recorded))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "ID",
        "STARTED",
        "TRAINEE",
        "MODE",
        "TREE",
        "CASE",
        "RESULT",
        "MATCHED",
    ]
    assert "swollen_calf" in lines[1] and lines[1].rstrip().endswith("yes")
    assert "new_jogger" in lines[2] and lines[2].rstrip().endswith("no")
    assert "(not finished)" in lines[3]
    assert "training: 2 cases attempted, 1 matched (50%)" in out


def test_history_json(capsys, recorded):
    code, out, _ = run(capsys, "history", "--data-dir", str(recorded), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["score"] == {
        "attempted": 2,
        "matched": 1,
        # Recorded without predictions: no cause or urgency marks to count.
        "predicted": 0,
        "cause_right": 0,
        "urgency_right": 0,
        "under_called": 0,
        "over_called": 0,
    }
    assert [s["mode"] for s in data["sessions"]] == ["training", "training", "free"]
    assert [s["matched"] for s in data["sessions"]] == [True, False, None]
    assert data["warnings"] == []


def test_history_of_an_empty_data_dir(capsys, tmp_path):
    code, out, _ = run(capsys, "history", "--data-dir", str(tmp_path))
    assert code == 0 and "no sessions recorded" in out


def test_export_session_last_and_by_id(capsys, recorded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "export-session", "--last", "--data-dir", str(recorded))
    assert code == 0
    written = Path(out.split("wrote ", 1)[1].strip())
    assert written.parent == tmp_path and written.suffix == ".md"
    assert "not finished" in written.read_text()

    session_id = json.loads(run(capsys, "history", "--data-dir", str(recorded), "--json")[1])[
        "sessions"
    ][1]["id"]
    target = tmp_path / "jogger.json"
    args = ("export-session", session_id, "--format", "json", "-o", str(target))
    code, out, _ = run(capsys, *args, "--data-dir", str(recorded))
    assert code == 0 and str(target) in out
    data = json.loads(target.read_text())
    assert data["case"] == "new_jogger" and data["verdict"]["matched"] is False


def test_export_session_failures(capsys, recorded, tmp_path):
    code, _, err = run(capsys, "export-session", "nosuch", "--data-dir", str(recorded))
    assert code == 2 and "no session 'nosuch'" in err and "history" in err
    code, _, err = run(capsys, "export-session", "--data-dir", str(tmp_path / "empty"))
    assert code == 2 and "no sessions recorded" in err
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    out_path = blocker / "t.md"
    code, _, err = run(capsys, "export-session", "-o", str(out_path), "--data-dir", str(recorded))
    assert code == 2 and "cannot write" in err and "--output" in err
    assert "Traceback" not in err


def test_open_cases_or_exit(capsys):
    from footpain_tui.cli.common import open_cases_or_exit
    from footpain_tui.core.tree.graph import TreeIndex

    tree = load_tree(TREE)
    index = TreeIndex(tree)
    assert open_cases_or_exit(tree, index, TREE, CASES / "good.json").tree == "mini"
    assert open_cases_or_exit(tree, index, TREE, CASES / "bad_answer.json") == 1
    assert "FP306" in capsys.readouterr().err
    assert open_cases_or_exit(tree, index, TREE, CASES / "not_json.json") == 2
    assert "not_json.json:2:14" in capsys.readouterr().err


def test_headless_commands_never_load_textual():
    import subprocess
    import sys

    code = (
        "import sys, footpain_tui.cli.training_commands, footpain_tui.core.training.case_check, footpain_tui.core.records.sessions;"
        "from footpain_tui.cli.parser import build_parser; build_parser();"
        "bad = [m for m in ('textual', 'rich') if m in sys.modules]; sys.exit(bool(bad))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# -- history --stats ----------------------------------------------------------------------------
@pytest.fixture
def timed(tmp_path) -> Path:
    """Three walks with timed answers: q_when is slow every time, q_flag quick."""
    data_dir = tmp_path / "data"
    tree = load_tree(TREE)
    for flag_ms, when_ms in ((1000, 9000), (2000, 15000), (1500, 12000)):
        recorder = SessionRecorder.open(data_dir, tree, Path(TREE))
        session = WalkSession(tree)
        recorder.begin(session, "training")
        for answer, ms in (("No", flag_ms), ("At night", when_ms)):
            session.answer_text(answer)
            session.time_last_answer(ms)
            recorder.record(session, "answer")
        recorder.close()
    recorder = SessionRecorder.open(data_dir, tree, Path(TREE))  # an older walk: no times
    session = WalkSession(tree)
    recorder.begin(session, "free")
    session.answer_text("No")
    recorder.record(session, "answer")
    recorder.close()
    return data_dir


def test_history_stats_prints_the_median_per_question_and_the_hesitations(capsys, timed):
    code, out, err = run(capsys, "history", "--stats", "--data-dir", str(timed))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "answer times: 6 answers in 3 sessions, slowest median first"
    assert lines[2].split() == ["QUESTION", "ANSWERS", "MEDIAN", "SLOWEST", "PROMPT"]
    assert lines[3].split()[:5] == ["q_when", "3", "12.0", "s", "15.0"]
    assert lines[3].endswith("When does it hurt?")
    assert lines[4].split()[:3] == ["q_flag", "3", "1.5"]
    assert "trainees hesitate most at:" in out
    assert "  1. q_when, median 12.0 s over 3 answers: When does it hurt?" in out


def test_history_stats_json(capsys, timed):
    code, out, _ = run(capsys, "history", "--stats", "--json", "--data-dir", str(timed))
    assert code == 0
    data = json.loads(out)
    assert (data["sessions"], data["answers"]) == (3, 6)
    assert data["questions"][0] == {
        "tree": "mini",
        "question": "q_when",
        "prompt": "When does it hurt?",
        "answers": 3,
        "median_ms": 12000,
        "slowest_ms": 15000,
    }
    assert [q["question"] for q in data["hesitate_most"]] == ["q_when", "q_flag"]


def test_history_stats_without_times(capsys, tmp_path):
    code, out, _ = run(capsys, "history", "--stats", "--data-dir", str(tmp_path))
    assert code == 0 and out.startswith("no answer times recorded in ")


def test_history_stats_for_one_trainee(capsys, tmp_path):
    data_dir = tmp_path / "data"
    tree = load_tree(TREE)
    for trainee, ms in (("Ada", 4000), ("Ben", 30000)):
        recorder = SessionRecorder.open(data_dir, tree, Path(TREE))
        recorder.trainee = trainee
        session = WalkSession(tree)
        session.answer_text("No")
        session.time_last_answer(ms)
        recorder.begin(session, "training")
        recorder.close()
    code, out, _ = run(
        capsys, "history", "--stats", "--trainee", "ada", "--data-dir", str(data_dir)
    )
    assert code == 0
    assert "answer times: 1 answer in 1 session," in out and "4.0 s" in out and "30.0 s" not in out
