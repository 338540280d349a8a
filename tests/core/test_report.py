"""``footpain-tui report``: reading a class's folders, counting, the three formats, the
filters, skipped files, the under-calls first, and the exit codes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from class_records import RIGHT, UNDER, train

from footpain_tui import cli
from footpain_tui.core.records.class_report import (
    Answer,
    Attempt,
    ReportSourceError,
    _step_ms,
    build_report,
    question_rows,
    read_class_sessions,
    urgency_call,
)


@pytest.fixture
def classroom(tmp_path: Path) -> dict[str, Path]:
    """Two trainees' folders and a shared one, as a class's folders copied together."""
    alice, bob, shared = tmp_path / "alice", tmp_path / "bob", tmp_path / "shared"
    train(alice, "Alice", "swollen_calf", ["Yes"], prediction=RIGHT)
    train(alice, "Alice", "new_jogger", ["No", "At night"])  # wrong turn at q_when
    copied = train(alice, "Alice", "swollen_calf", ["No", "After exercise"], prediction=UNDER)
    train(bob, "Bob", "new_jogger", ["No", "At night"], began="2025-01-05T10:00:00Z")
    train(bob, "Bob", "night_pain", ["No", "At night"])
    train(shared, None, "new_jogger", ["No", "After exercise"])
    # The same session copied into another folder too: counted once.
    (shared / "sessions").mkdir(exist_ok=True)
    shutil.copy(copied, shared / "sessions" / copied.name)
    return {"alice": alice, "bob": bob, "shared": shared, "root": tmp_path}


def report_of(*folders: Path, **filters):
    return build_report(read_class_sessions(list(folders)), **filters)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def dirs(classroom: dict[str, Path]) -> list[str]:
    return ["--data-dir", *(str(classroom[k]) for k in ("alice", "bob", "shared"))]


# -- counting ---------------------------------------------------------------------------------
def test_every_folder_is_read_and_a_session_seen_twice_counts_once(classroom):
    report = report_of(classroom["alice"], classroom["bob"], classroom["shared"])
    assert report.sources.files == 7 and report.sources.sessions == 6
    assert report.sources.duplicates == 1 and report.sources.skipped_files == 0
    assert report.overall.attempts == 6 and report.trainees_count == 3
    assert (report.overall.path.hits, report.overall.path.of) == (3, 6)
    # Cause and urgency only where a prediction was made.
    assert (report.overall.cause.hits, report.overall.cause.of) == (2, 2)
    assert (report.overall.urgency.hits, report.overall.urgency.of) == (1, 2)


def test_per_case_rates_and_the_most_common_first_wrong_turn(classroom):
    report = report_of(classroom["alice"], classroom["bob"], classroom["shared"])
    cases = {row.case_id: row for row in report.cases}
    jogger = cases["new_jogger"]
    assert jogger.marks.attempts == 3 and jogger.marks.path.hits == 1
    assert jogger.marks.cause.of == 0  # no prediction: no rate
    turn = jogger.top_wrong_turn
    assert (turn.turn.question, turn.turn.given, turn.turn.expected, turn.count) == (
        "q_when",
        "At night",
        "After exercise",
        2,
    )
    # The lowest path match first.
    assert report.cases[0].case_id == "new_jogger"
    assert cases["night_pain"].top_wrong_turn is None


def test_per_question_first_wrong_turns_and_per_trainee_rows(classroom):
    report = report_of(classroom["alice"], classroom["bob"], classroom["shared"])
    questions = {row.question: row for row in report.questions}
    assert (questions["q_when"].answered, questions["q_when"].first_wrong_turns) == (5, 2)
    assert (questions["q_flag"].answered, questions["q_flag"].first_wrong_turns) == (6, 1)
    assert report.questions[0].question == "q_when"  # the most often wrong first
    trainees = {row.trainee: row for row in report.trainees}
    assert trainees["Alice"].cases_done == 2 and trainees["Alice"].marks.attempts == 3
    assert trainees["Bob"].cases_done == 2 and trainees["Bob"].marks.path.hits == 1
    assert trainees[None].marks.attempts == 1  # anonymous, listed last
    assert report.trainees[-1].trainee is None


def test_under_calls_predicted_and_reached_are_named(classroom):
    report = report_of(classroom["alice"], classroom["bob"], classroom["shared"])
    assert report.predicted.counts == {"under": 1, "right": 1, "over": 0}
    [called] = report.predicted.under
    assert (called.trainee, called.case_id, called.given, called.needed) == (
        "Alice",
        "swollen_calf",
        "soon",
        "urgent",
    )
    # The same walk ended on a self-care result for an urgent case: three levels below.
    [reached] = report.reached.under
    assert (reached.given, reached.needed, reached.levels_below) == ("self_care", "urgent", 3)
    assert report.reached.counts["over"] == 2  # night pain (soon) for the self-care jogger


def test_filters_by_trainee_and_day(classroom):
    folders = (classroom["alice"], classroom["bob"], classroom["shared"])
    alice = report_of(*folders, trainee=" alice ")
    assert alice.overall.attempts == 3 and [r.trainee for r in alice.trainees] == ["Alice"]
    anonymous = report_of(*folders, trainee="")
    assert anonymous.overall.attempts == 1
    recent = report_of(*folders, since=date(2025, 1, 6))
    assert recent.overall.attempts == 5  # Bob's walk of 5 January is left out
    assert report_of(*folders, since=date(2025, 1, 5)).overall.attempts == 6
    assert report_of(*folders, since=date(2999, 1, 1)).overall.attempts == 0


def test_corrupt_and_foreign_files_are_skipped_and_counted(classroom):
    sessions = classroom["shared"] / "sessions"
    (sessions / "garbage.jsonl").write_bytes(b"\x00\xff not json at all\n")
    (sessions / "foreign.jsonl").write_text('{"event": "login", "user": "x"}\n')
    (sessions / "empty.jsonl").write_bytes(b"")
    (sessions / "notes.txt").write_text("not a session file name: not even looked at")
    damaged = next(iter(sorted((classroom["bob"] / "sessions").glob("*.jsonl"))))
    damaged.write_bytes(damaged.read_bytes() + b'{"v": 2, "type": "step", "keep": "x"}\n')
    report = report_of(classroom["alice"], classroom["bob"], classroom["shared"])
    assert report.sources.skipped_files == 3
    assert all("holds no readable session record" in s for s in report.sources.skipped)
    assert report.sources.damaged_lines == 1
    assert report.overall.attempts == 6  # the damaged file's walk still counts


def test_a_sessions_folder_itself_or_a_folder_of_copied_files_is_read(classroom, tmp_path):
    copies = tmp_path / "copies"
    shutil.copytree(classroom["alice"] / "sessions", copies)
    assert report_of(classroom["alice"] / "sessions").overall.attempts == 3
    assert report_of(copies).overall.attempts == 3


def test_a_folder_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(ReportSourceError, match="no such folder"):
        read_class_sessions([tmp_path / "nowhere"])


def test_the_median_time_to_answer_where_steps_carry_it():
    def attempt(*times: int | None, wrong: bool = False) -> Attempt:
        return Attempt(
            "s", "mini", "Ada", "case", "Case", "2026-01-01T00:00:00Z", not wrong,
            "urgent", "urgent", None, None, None, None, None,
            tuple(Answer("q_flag", "Is it?", ms) for ms in times),
        )  # fmt: skip

    rows = question_rows([attempt(1000), attempt(3000), attempt(2000), attempt(None)])
    [row] = rows
    assert (row.answered, row.timed, row.median_ms) == (4, 3, 2000)
    assert question_rows([attempt(None)])[0].median_ms is None
    # Where the tutor's records put it: on the step, or on the recorded step; never a bool.
    assert _step_ms(SimpleNamespace(ms=1500)) == 1500
    assert _step_ms(SimpleNamespace(recorded=SimpleNamespace(ms=40))) == 40
    assert _step_ms(SimpleNamespace(ms=True, recorded=None)) is None
    assert _step_ms(SimpleNamespace(ms=-5)) is None


def test_urgency_calls_compare_levels():
    assert urgency_call("soon", "urgent") == "under"
    assert urgency_call("emergency", "urgent") == "over"
    assert urgency_call("urgent", "urgent") == "right"
    assert urgency_call("bogus", "urgent") is None and urgency_call(None, "soon") is None


# -- the command and its formats --------------------------------------------------------------
def test_markdown_names_the_under_calls_first(capsys, classroom):
    code, out, err = run(capsys, "report", *dirs(classroom), "--format", "md", "-o", "-")
    assert code == 0 and err == ""
    headings = re.findall(r"^## (.+)$", out, re.M)
    assert headings[0] == "Urgency under-calls: the dangerous error"
    assert headings[1:6] == ["Overall", "Cases", "Questions", "Trainees", "Sources"]
    danger = out[out.index("## Urgency") : out.index("## Overall")]
    assert "1 of 2 urgency predictions (50%) put the patient at a LOWER urgency" in danger
    assert (
        "Alice called SOON on “A swollen, warm foot”, which needs URGENT (1 level below)" in danger
    )
    assert "Alice reached SELF-CARE on “A swollen, warm foot”, which needs URGENT" in danger
    assert "| A new jogger (new\\_jogger) | 3 | 33% (1 of 3) |" in out
    assert "“At night” instead of “After exercise” (2 of 3)" in out
    assert "1 duplicate copy of a session counted once" in out


def test_json_holds_the_same_data(capsys, classroom):
    code, out, _ = run(capsys, "report", *dirs(classroom), "--format", "json", "-o", "-")
    assert code == 0
    data = json.loads(out)
    assert list(data)[:4] == ["format", "generated_at", "filters", "urgency_under_calls"]
    assert data["urgency_under_calls"]["predicted"]["under"] == 1
    assert data["urgency_under_calls"]["reached"]["under_calls"][0]["levels_below"] == 3
    assert data["overall"]["attempts"] == 6 and data["overall"]["trainees"] == 3
    assert {c["case"] for c in data["cases"]} == {"swollen_calf", "new_jogger", "night_pain"}
    assert data["sources"]["duplicates"] == 1
    code, out, _ = run(
        capsys, "report", *dirs(classroom), "--format", "json", "-o", "-", "--trainee", "BOB"
    )
    assert json.loads(out)["filters"] == {"trainee": "BOB", "since": None}
    assert json.loads(out)["overall"]["attempts"] == 2


def test_html_is_one_self_contained_page_with_charts(capsys, classroom, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "report", *dirs(classroom), "--format", "html")
    assert code == 0 and out.strip() == "wrote footpain-report.html"
    page = (tmp_path / "footpain-report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    # Nothing to fetch and nothing to run: it opens, prints and mails as it is.
    for outside in ("<script", "<link", " src=", "@import", "url(http", 'href="http'):
        assert outside not in page, outside
    assert page.count("<svg") >= 4
    assert page.index('id="under-calls"') < page.index('id="overall"') < page.index('id="cases"')
    assert "LOWER urgency" in page and "@media print" in page


def test_text_from_records_is_escaped_in_every_format(capsys, tmp_path):
    train(tmp_path, "<b>Eve</b> | *x*", "new_jogger", ["No", "At night"])
    code, out, _ = run(capsys, "report", "--data-dir", str(tmp_path), "--format", "html", "-o", "-")
    assert code == 0
    assert "<b>Eve" not in out and "&lt;b&gt;Eve&lt;/b&gt;" in out
    code, out, _ = run(capsys, "report", "--data-dir", str(tmp_path), "--format", "md", "-o", "-")
    assert code == 0
    assert "\\<b\\>Eve\\</b\\> \\| \\*x\\*" in out


def test_since_and_trainee_reach_the_report(capsys, classroom):
    args = ["report", *dirs(classroom), "--format", "json", "-o", "-"]
    code, out, _ = run(capsys, *args, "--since", "2025-01-06")
    assert code == 0 and json.loads(out)["overall"]["attempts"] == 5
    code, out, _ = run(capsys, *args, "--trainee", "")
    assert json.loads(out)["overall"]["trainees"] == 1


def test_an_empty_data_folder_gives_an_empty_report(capsys, tmp_path):
    code, out, _ = run(capsys, "report", "--data-dir", str(tmp_path), "--format", "md", "-o", "-")
    assert code == 0
    assert "0 training walks with a verdict, from 0 sessions in 1 folder." in out
    assert "No training walk reached a result." in out


def test_exit_codes(capsys, classroom, tmp_path):
    code, _, err = run(capsys, "report", "--data-dir", str(tmp_path / "nowhere"), "--format", "md")
    assert code == 2 and "nowhere: no such folder" in err and "--data-dir" in err
    for since in ("yesterday", "2026-02-30", "01/02/2026", "20260301", "2026-W09"):
        with pytest.raises(SystemExit) as exited:
            cli.main(["report", "--format", "md", "--since", since])
        assert exited.value.code == 2
        err = capsys.readouterr().err
        assert "is not a date: give it as YYYY-MM-DD" in err and "usage: footpain-tui report" in err
    with pytest.raises(SystemExit) as exited:
        cli.main(["report", *dirs(classroom)])  # --format is required
    assert exited.value.code == 2
    capsys.readouterr()
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    code, _, err = run(
        capsys, "report", *dirs(classroom), "--format", "md", "-o", str(blocker / "r")
    )
    assert code == 2 and "cannot write" in err and "--output" in err
    (classroom["shared"] / "sessions" / "garbage.jsonl").write_bytes(b"\xff\xfe")
    code, _, err = run(capsys, "report", *dirs(classroom), "--format", "md", "-o", "-")
    assert code == 0 and "warning: 1 session file skipped" in err and "garbage.jsonl" in err
    assert "Traceback" not in err


def test_only_the_html_format_loads_the_charting_library(classroom, tmp_path):
    code = (
        "import sys; from footpain_tui import cli;"
        " before = 'footpain_tui.core.records.class_report' in sys.modules;"
        " cli.main(sys.argv[1:]);"
        " print(before, 'pygal' in sys.modules, file=sys.stderr)"
    )
    loaded = {}
    for fmt in ("md", "json", "html"):
        argv = ["report", *dirs(classroom), "--format", fmt, "-o", str(tmp_path / f"r.{fmt}")]
        done = subprocess.run(
            [sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        loaded[fmt] = done.stderr.split()[-2:]
    # Not even the report's own modules load before the command runs.
    assert loaded == {
        "md": ["False", "False"],
        "json": ["False", "False"],
        "html": ["False", "True"],
    }


def test_times_to_answer_show_where_the_records_hold_them(capsys, classroom, monkeypatch):
    from footpain_tui.core.records import class_report

    args = ["report", *dirs(classroom), "--format", "md", "-o", "-"]
    assert "median time to answer" not in run(capsys, *args)[1]  # none recorded yet
    # As records with predict-then-reveal's per-step ``ms`` read back.
    monkeypatch.setattr(class_report, "_step_ms", lambda timed: 4200)
    out = run(capsys, *args)[1]
    assert (
        "| question | answered | first wrong turn | median time to answer | answers timed |" in out
    )
    assert "| When does it hurt? (q\\_when) | 5 | 40% (2 of 5) | 4.2 s | 5 |" in out


def test_without_a_data_dir_the_default_folder_is_read(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    code, out, _ = run(capsys, "report", "--format", "json", "-o", "-")
    assert code == 0 and json.loads(out)["sources"]["folders"] == []  # nothing recorded yet
    train(tmp_path / "footpain-tui", "Ada", "night_pain", ["No", "At night"])
    data = json.loads(run(capsys, "report", "--format", "json", "-o", "-")[1])
    assert data["sources"]["folders"] == [str(tmp_path / "footpain-tui" / "sessions")]
    assert data["overall"]["attempts"] == 1


def test_a_folder_of_trainees_folders_is_named_on_stderr(capsys, classroom):
    code, out, err = run(
        capsys, "report", "--data-dir", str(classroom["root"]), "--format", "json", "-o", "-"
    )
    assert code == 0 and json.loads(out)["overall"]["attempts"] == 0
    assert f"warning: {classroom['root']} holds no session files" in err
    assert "--data-dir FOLDER/*" in err
