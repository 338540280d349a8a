"""Who is training: the name in each record's begin line, ``--trainee`` on the TUI commands
(and passed on by ``serve`` to every tab), and ``history --trainee``."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest

from footpain_tui import cli
from footpain_tui.cli import serve_server
from footpain_tui.cli.parser import build_parser
from footpain_tui.core.records.recorder import SessionRecorder
from footpain_tui.core.records.sessions import list_sessions, read_session_file
from footpain_tui.core.records.trainees import clean_trainee, same_trainee, trainee_label
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.walk import WalkSession

DATA = Path(__file__).resolve().parent.parent / "data"
MINI = DATA / "mini.json"
CASES = str(DATA / "cases" / "good.json")
TREE = load_tree(MINI)


def record_walk(data_dir: Path, trainee: str | None, mode: str = "free") -> Path:
    recorder = SessionRecorder.open(data_dir, TREE, MINI)
    recorder.trainee = trainee
    session = WalkSession(TREE)
    recorder.begin(session, mode)
    session.answer_text("No")
    recorder.record(session, "answer")
    recorder.close()
    return recorder.file


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- names ------------------------------------------------------------------------------------
def test_names_are_trimmed_compared_without_case_and_empty_is_anonymous():
    assert clean_trainee("  Ada \t Lovelace\n") == "Ada Lovelace"
    assert clean_trainee("Ada\x1b]0;owned\x07") == "Ada\ufffd]0;owned\ufffd"
    assert clean_trainee(None) == clean_trainee("   ") == ""
    assert same_trainee("Ada Lovelace", " ada  LOVELACE ")
    assert not same_trainee("Ada", "Ada Lovelace")
    assert same_trainee(None, "") and not same_trainee(None, "Ada")
    assert trainee_label(None) == trainee_label("") == "(anonymous)"


# -- records ----------------------------------------------------------------------------------
def test_the_begin_line_names_the_trainee_or_null(tmp_path: Path):
    named = record_walk(tmp_path, "Ada")
    anonymous = record_walk(tmp_path, "")
    begin = json.loads(named.read_bytes().splitlines()[0])
    assert begin["type"] == "begin" and begin["trainee"] == "Ada"
    assert json.loads(anonymous.read_bytes().splitlines()[0])["trainee"] is None
    assert read_session_file(named).trainee == "Ada"
    assert read_session_file(anonymous).trainee is None
    summaries = {s.file: s for s in list_sessions(tmp_path)}
    assert summaries[named].trainee == "Ada" and summaries[named].as_dict()["trainee"] == "Ada"


def test_older_records_and_a_trainee_of_the_wrong_type_read_as_anonymous(tmp_path: Path):
    file = record_walk(tmp_path, "Ada")
    lines = file.read_bytes().splitlines()
    for value in ("absent", 42):
        begin = json.loads(lines[0])
        if value == "absent":
            del begin["trainee"]  # a record from before this field
        else:
            begin["trainee"] = value
        file.write_bytes(b"\n".join([json.dumps(begin).encode(), *lines[1:]]) + b"\n")
        record = read_session_file(file)
        assert record.trainee is None and record.warnings == [] and len(record.steps) == 1


# -- the TUI commands -------------------------------------------------------------------------
def test_trainee_reaches_the_app_from_explore_and_train(opened):
    assert cli.main(["explore", str(MINI)]) == 0
    assert cli.main(["explore", str(MINI), "--trainee", " Ada  Lovelace "]) == 0
    assert cli.main(["train", str(MINI), "--cases", CASES, "--trainee", ""]) == 0
    assert cli.main([str(MINI), "--trainee", "Grace"]) == 0  # the default command
    # None: not given, so training asks; "": anonymous, said on the command line.
    assert [call["trainee"] for call in opened] == [None, "Ada Lovelace", "", "Grace"]


def test_serve_hands_every_tab_the_trainee_given(monkeypatch: pytest.MonkeyPatch):
    commands: list[str] = []
    monkeypatch.setattr(serve_server, "serve_tabs", lambda command, **_: commands.append(command))
    assert cli.main(["serve", str(MINI)]) == 0
    assert cli.main(["serve", str(MINI), "--trainee", "Ada Lovelace"]) == 0
    assert cli.main(["serve", str(MINI), "--trainee", ""]) == 0
    parsed = []
    for command in commands:
        words = shlex.split(command)
        assert words[:4] == ["exec", sys.executable, "-m", "footpain_tui"]
        parsed.append(build_parser().parse_args(words[4:]).trainee)
    assert parsed == [None, "Ada Lovelace", ""]


def test_a_name_too_long_is_a_usage_error(capsys, opened):
    with pytest.raises(SystemExit) as exited:
        cli.main(["train", str(MINI), "--cases", CASES, "--trainee", "x" * 81])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert (
        "--trainee" in err and "too long (at most 80)" in err and "usage: footpain-tui train" in err
    )
    assert opened == []


# -- history ----------------------------------------------------------------------------------
def test_history_shows_the_trainee_and_filters_by_name(capsys, tmp_path: Path):
    record_walk(tmp_path, "Ada Lovelace")
    record_walk(tmp_path, "Grace", mode="training")
    record_walk(tmp_path, None)
    code, out, _ = run(capsys, "history", "--data-dir", str(tmp_path))
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split()[:4] == ["ID", "STARTED", "TRAINEE", "MODE"]
    trainee_at = header.index("TRAINEE")
    assert [row[trainee_at:].split("  ")[0] for row in rows] == ["Ada Lovelace", "Grace", "-"]

    code, out, _ = run(capsys, "history", "--data-dir", str(tmp_path), "--trainee", "ada lovelace")
    assert code == 0 and len(out.splitlines()) == 2 and "Ada Lovelace" in out

    code, out, _ = run(capsys, "history", "--data-dir", str(tmp_path), "--json", "--trainee", "")
    sessions = json.loads(out)["sessions"]
    assert [s["trainee"] for s in sessions] == [None]

    code, out, _ = run(capsys, "history", "--data-dir", str(tmp_path), "--trainee", "Nobody")
    assert code == 0 and out.startswith("no sessions recorded for trainee 'Nobody' in ")


def test_transcripts_name_the_trainee(capsys, tmp_path: Path):
    record_walk(tmp_path, "Ada Lovelace")
    code, out, _ = run(
        capsys, "export-session", "--format", "json", "-o", "-", "--data-dir", str(tmp_path)
    )
    assert code == 0 and json.loads(out)["trainee"] == "Ada Lovelace"
    code, out, _ = run(capsys, "export-session", "-o", "-", "--data-dir", str(tmp_path))
    assert code == 0 and "- Trainee: Ada Lovelace\n" in out
