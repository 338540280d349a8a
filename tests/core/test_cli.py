"""The headless commands: validate, walk and schema (exit codes, text and JSON output)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from footpain_tui import cli
from footpain_tui.core.tree.schema import tree_json_schema

DATA = Path(__file__).resolve().parent.parent / "data"
MINI = str(DATA / "mini.json")
NO_RED_FLAG = str(DATA / "bad" / "no_red_flag.json")
SYNTAX_ERROR = str(DATA / "bad" / "syntax_error.json")

REPORT_KEYS = {"file", "ok", "errors", "warnings", "stats", "conditions", "results"}
STATS_KEYS = {"questions", "results", "conditions", "max_depth", "paths"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- validate -----------------------------------------------------------------------------------
def test_validate_clean_tree(capsys):
    code, out, err = run(capsys, "validate", MINI)
    assert code == cli.EXIT_OK == 0
    assert out == (
        f"{MINI}: ok: 0 errors, 0 warnings "
        "(2 questions, 4 results, 5 conditions, 2 max depth, 4 paths)\n"
    )
    assert err == ""


def test_validate_json_shape(capsys):
    code, out, _ = run(capsys, "validate", "--json", MINI)
    assert code == 0
    report = json.loads(out)
    assert set(report) == REPORT_KEYS
    assert report["file"] == MINI
    assert report["ok"] is True
    assert report["errors"] == [] and report["warnings"] == []
    assert report["stats"] == {
        "questions": 2,
        "results": 4,
        "conditions": 5,
        "max_depth": 2,
        "paths": 4,
    }
    assert report["conditions"][0] == {"id": "thrombosis", "name": "Thrombosis"}
    assert [c["id"] for c in report["conditions"]] == [
        "thrombosis",
        "overuse",
        "stress_fracture",
        "neuralgia",
        "arthrosis",
    ]
    assert report["results"][1] == {
        "id": "r_overuse",
        "title": "Overuse",
        "urgency": "self_care",
        "conditions": ["overuse", "stress_fracture"],
    }
    assert [r["id"] for r in report["results"]] == [
        "r_clot",
        "r_overuse",
        "r_nerve",
        "r_arthrosis",
    ]


def test_validate_lint_errors_exit_1(capsys):
    code, out, _ = run(capsys, "validate", NO_RED_FLAG)
    assert code == cli.EXIT_FINDINGS == 1
    assert f"{NO_RED_FLAG}: error FP107 red-flag-first at nodes.r_rest: " in out
    assert out.rstrip().endswith(
        "FAILED: 1 errors, 0 warnings (1 questions, 2 results, 2 conditions, 1 max depth, 2 paths)"
    )


def test_validate_lint_errors_json(capsys):
    code, out, _ = run(capsys, "validate", "--json", NO_RED_FLAG)
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    (error,) = report["errors"]
    assert set(error) >= {"rule", "path", "message"}
    assert (error["rule"], error["name"], error["path"]) == (
        "FP107",
        "red-flag-first",
        "nodes.r_rest",
    )
    assert "q_where -> r_rest" in error["message"]
    assert report["stats"]["max_depth"] == 1


def test_validate_warnings_only_exit_0(capsys, mini_dict, write_json):
    mini_dict["conditions"]["gout"] = {"name": "Gout", "summary": "Crystals."}
    path = str(write_json(mini_dict))
    code, out, _ = run(capsys, "validate", "--json", path)
    report = json.loads(out)
    assert code == 0 and report["ok"] is True
    assert [(w["rule"], w["path"]) for w in report["warnings"]] == [("FP202", "conditions.gout")]


def test_validate_cyclic_tree_has_no_depth_or_paths(capsys):
    code, out, _ = run(capsys, "validate", "--json", str(DATA / "bad" / "cycle.json"))
    report = json.loads(out)
    assert code == 1
    assert report["errors"][0]["rule"] == "FP103"
    assert report["stats"]["max_depth"] is None and report["stats"]["paths"] is None


def test_validate_unreadable_file_exit_2(capsys):
    code, out, err = run(capsys, "validate", SYNTAX_ERROR)
    assert code == cli.EXIT_BAD_FILE == 2
    assert out == ""
    assert f"{SYNTAX_ERROR}:5:5: invalid JSON: Expecting ',' delimiter" in err


def test_validate_unreadable_file_json(capsys):
    code, out, err = run(capsys, "validate", "--json", SYNTAX_ERROR)
    assert code == 2
    assert err == ""
    report = json.loads(out)
    assert set(report) == REPORT_KEYS
    assert report["ok"] is False and report["stats"] is None
    (error,) = report["errors"]
    assert (error["rule"], error["path"]) == ("load", "5:5")
    assert error["message"].startswith("invalid JSON: Expecting ',' delimiter (hint: ")


def test_validate_several_files_gives_a_list_and_the_worst_code(capsys, tmp_path):
    missing = str(tmp_path / "missing.json")
    code, out, _ = run(capsys, "validate", "--json", MINI, NO_RED_FLAG, missing)
    assert code == 2
    reports = json.loads(out)
    assert isinstance(reports, list)
    assert [(r["file"], r["ok"]) for r in reports] == [
        (MINI, True),
        (NO_RED_FLAG, False),
        (missing, False),
    ]
    for report in reports:
        assert set(report) == REPORT_KEYS
    assert set(reports[0]["stats"]) == STATS_KEYS
    assert (
        reports[2]["errors"][0]["message"] == "no such file (hint: check the path and its spelling)"
    )


def test_validate_two_files_with_findings_exit_1(capsys):
    code, out, _ = run(capsys, "validate", MINI, NO_RED_FLAG)
    assert code == 1
    assert out.count(": ok: ") == 1 and out.count(": FAILED: ") == 1


# -- walk ---------------------------------------------------------------------------------------
def test_walk_to_a_result_text(capsys):
    code, out, err = run(capsys, "walk", MINI, "-a", "no", "--answer", "x")
    assert code == 0 and err == ""
    assert out.startswith(
        "1. Is the foot swollen, heavy and warm?\n   -> No\n2. When does it hurt?\n"
        "   -> After exercise\n"
    )
    assert "RESULT: Overuse [SELF-CARE: " in out
    assert "  1. Overuse\n  2. Stress fracture\n" in out
    assert "Pain after unusual load." in out


def test_walk_stopping_at_a_question_text(capsys):
    code, out, _ = run(capsys, "walk", MINI)
    assert code == 0
    assert out == (
        "\nQUESTION [RED FLAG]: Is the foot swollen, heavy and warm?\n  1. Yes  [y]\n  2. No  [n]\n"
    )


def test_walk_json_result(capsys):
    code, out, _ = run(capsys, "walk", MINI, "--json", "-a", "y")
    assert code == 0
    walk = json.loads(out)
    assert walk["ok"] is True and walk["finished"] is True
    assert walk["path"] == [
        {"node": "q_flag", "prompt": "Is the foot swollen, heavy and warm?", "answer": "Yes"}
    ]
    assert walk["question"] is None
    result = walk["result"]
    assert (result["id"], result["title"], result["urgency"]) == (
        "r_clot",
        "Suspected thrombosis",
        "urgent",
    )
    assert result["condition_names"] == ["Thrombosis"]
    assert result["next_steps"] == ["See a doctor today."]


def test_walk_json_question(capsys):
    code, out, _ = run(capsys, "walk", MINI, "--json", "-a", "2")
    walk = json.loads(out)
    assert code == 0 and walk["finished"] is False and walk["result"] is None
    assert walk["question"]["id"] == "q_when"
    assert walk["question"]["red_flag"] is False
    assert walk["question"]["choices"][2] == {
        "number": 3,
        "label": "In the morning",
        "key": None,
        "next": "r_arthrosis",
    }


def test_walk_unmatched_answer_lists_the_choices(capsys):
    code, out, err = run(capsys, "walk", MINI, "-a", "n", "-a", "sometimes")
    assert code == 1
    assert out == ""
    assert err.startswith("error: 'sometimes' matches no choice\n")
    assert "  1. After exercise  [x]\n  2. At night  [i]\n  3. In the morning\n" in err


def test_walk_unmatched_answer_json(capsys):
    code, out, _ = run(capsys, "walk", MINI, "--json", "-a", "a")
    assert code == 1
    walk = json.loads(out)
    assert walk["ok"] is False
    assert walk["error"] == "'a' matches no choice"
    assert walk["question"]["id"] == "q_flag"
    assert [c["label"] for c in walk["question"]["choices"]] == ["Yes", "No"]


def test_walk_ambiguous_answer(capsys):
    code, _, err = run(capsys, "walk", MINI, "-a", "n", "-a", "a")
    assert code == 1
    assert "'a' is ambiguous: it could be 'After exercise', 'At night'" in err


def test_walk_answer_after_the_end(capsys):
    code, _, err = run(capsys, "walk", MINI, "-a", "y", "-a", "y")
    assert code == 1
    assert "error: the walk has ended on result 'r_clot'" in err


def test_walk_refuses_a_tree_with_lint_errors(capsys):
    code, out, err = run(capsys, "walk", NO_RED_FLAG, "-a", "1")
    assert code == 1 and out == ""
    assert "cannot be walked safely" in err
    assert "FP107" in err
    assert f"run: footpain-tui validate {NO_RED_FLAG}" in err


def test_walk_unreadable_tree_exit_2(capsys):
    code, out, err = run(capsys, "walk", SYNTAX_ERROR)
    assert code == 2 and out == ""
    assert "cannot load (1 problem)" in err


# -- schema -------------------------------------------------------------------------------------
def test_schema_check_of_the_bundled_schema(capsys):
    code, out, _ = run(capsys, "schema", "--check")
    assert code == 0, "trees/schema.json is stale: run `footpain-tui schema` (make schema)"
    assert out.rstrip().endswith("schema.json is up to date")


def test_schema_write_then_check(capsys, tmp_path):
    target = tmp_path / "schema.json"
    code, out, _ = run(capsys, "schema", "-o", str(target))
    assert code == 0 and out == f"wrote {target}\n"
    assert json.loads(target.read_text(encoding="utf-8")) == tree_json_schema()
    assert run(capsys, "schema", "--check", "-o", str(target))[0] == 0


@pytest.mark.parametrize("content", [None, "{}\n"], ids=["missing", "stale"])
def test_schema_check_stale_exit_1(capsys, tmp_path, content):
    target = tmp_path / "schema.json"
    if content is not None:
        target.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "schema", "--check", "-o", str(target))
    assert code == 1
    assert err == f"{target} is stale: run `footpain-tui schema` to regenerate it\n"


# -- the module entry point ---------------------------------------------------------------------
def test_python_dash_m_help():
    done = subprocess.run(
        [sys.executable, "-m", "footpain_tui", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: footpain-tui")
    for command in ("validate TREE...", "walk TREE --answer A", "schema [--check]"):
        assert command in done.stdout
