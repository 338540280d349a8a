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
    assert walk["start"] == "q_flag"
    assert walk["path"] == [
        {
            "node": "q_flag",
            "prompt": "Is the foot swollen, heavy and warm?",
            "answer": "Yes",
            "ticked": ["Yes"],
            "findings": ["Yes"],
            "warning_sign": True,
        }
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
        "finding": None,
        "negative": False,
        "urgency_floor": None,
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


# -- walk: checklists, start anywhere, the teaching fields -----------------------------------------
CHECKLIST = str(DATA / "checklist.json")


def test_walk_ticks_several_signs_of_a_checklist(capsys):
    code, out, err = run(capsys, "walk", CHECKLIST, "--answer", "fever,spreading")
    assert code == 0 and err == ""
    assert out.startswith(
        "1. Tick every sign the patient has now.\n"
        "   -> Fever; Spreading redness, warmth or swelling\n\n"
        "RESULT: Fever with foot pain [URGENT: "
    )
    assert "\nYou reported: fever, spreading redness\n" in out
    assert "\nWhy this result:\n  - fever, spreading redness\n" in out
    assert "\nSources: article ¶3\n" in out


def test_walk_prints_the_teaching_fields_and_cites_in_words(capsys):
    code, out, _ = run(capsys, "walk", CHECKLIST, "-a", "A hot, swollen joint")
    assert code == 0
    for block in (
        "\nWhat tells them apart:\n  - Septic arthritis vs Gout: Fever and a first attack point"
        " to infection; crystals in the aspirate to gout. (article ¶15-16)\n",
        "\nDo not miss:\n  - Do not call it gout before infection is excluded.\n",
        "\nExamination:\n  - Temperature, the joint's range of movement.\n",
        "\nInvestigations:\n  - Joint aspiration before antibiotics.\n",
        "\nSeptic arthritis:\n  - typical history: A hot, swollen joint over a day or two,"
        " often with fever.\n  - on examination: A hot joint that hurts to move at all.\n"
        "  - warning signs: Fever and rigors.\n  (article ¶14)\n",
        "\nSources: article ¶14; General safety advice\n",
    ):
        assert block in out
    _, out, _ = run(capsys, "walk", CHECKLIST, "-a", "s")
    assert "Cellulitis vs Gout: Cellulitis spreads over the skin; gout stays in one joint." in out
    assert "\nSources: NICE CKS: Cellulitis - acute, Management; NICE NG19, section 1.3.1\n" in out


def test_walk_json_carries_ticked_findings_and_citations(capsys):
    code, out, _ = run(capsys, "walk", CHECKLIST, "--json", "-a", "1,2")
    assert code == 0
    walk = json.loads(out)
    assert walk["path"] == [
        {
            "node": "q_signs",
            "prompt": "Tick every sign the patient has now.",
            "answer": "A hot, swollen joint",
            "ticked": ["A hot, swollen joint", "Fever"],
            "findings": ["a hot, swollen joint", "fever"],
            "warning_sign": True,
        }
    ]
    result = walk["result"]
    assert result["you_reported"] == ["a hot, swollen joint", "fever"]
    assert result["why"] == ["a hot, swollen joint, fever"]
    assert result["citations"] == ["article ¶14", "General safety advice"]
    assert result["discriminators"][0]["citations"] == ["article ¶15-16"]
    assert result["pitfalls"] == ["Do not call it gout before infection is excluded."]
    septic = result["condition_details"][0]
    assert (septic["id"], septic["red_flags"]) == ("septic_arthritis", ["Fever and rigors."])
    assert septic["citations"] == ["article ¶14"]


def test_walk_question_json_says_it_is_a_checklist(capsys):
    _, out, _ = run(capsys, "walk", CHECKLIST, "--json")
    question = json.loads(out)["question"]
    assert question["kind"] == "checklist"
    assert question["choices"][1]["finding"] == "fever"
    assert [c["negative"] for c in question["choices"]] == [False, False, False, True]
    _, out, _ = run(capsys, "walk", CHECKLIST)
    assert (
        'QUESTION [RED FLAG]: Tick every sign the patient has now. (tick all that apply: --answer "1,3")'
        in out
    )


def test_walk_refuses_none_of_these_with_a_sign(capsys):
    code, out, err = run(capsys, "walk", CHECKLIST, "-a", "fever,none")
    assert code == 1 and out == ""
    assert err.startswith(
        "error: 'None of these' says none of the others applies: tick it alone or untick it\n"
    )


def test_walk_from_a_start_node(capsys):
    code, out, err = run(capsys, "walk", MINI, "--start", "q_when", "-a", "x")
    assert code == 0 and err == ""
    assert out.startswith(
        "(started at q_when, not at the tree's start q_flag; the red-flag screens before it"
        " were not asked)\n1. When does it hurt?\n"
    )
    _, out, _ = run(capsys, "walk", MINI, "--start", "q_when", "--json")
    walk = json.loads(out)
    assert walk["start"] == "q_when" and walk["question"]["id"] == "q_when"


def test_walk_from_an_unknown_node_is_a_usage_error(capsys):
    code, out, err = run(capsys, "walk", MINI, "--start", "q_whn")
    assert code == cli.EXIT_BAD_FILE == 2 and out == ""
    assert err == (
        f"{MINI}: --start: no node 'q_whn' to start at in tree 'mini'; did you mean 'q_when'?"
        " (footpain-tui paths TREE lists every question)\n"
    )


# -- paths --------------------------------------------------------------------------------------
def test_paths_markdown(capsys):
    code, out, err = run(capsys, "paths", CHECKLIST)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "# Paths: Checklist tree (checklist 2.0)"
    assert lines[2].startswith("6 of 6 paths from `q_signs` to a result. ⚠ marks an answer")
    assert (
        lines[4] == "| # | answers | warning signs | result | urgency | red-flag screens passed |"
    )
    assert lines[6] == (
        "| 1 | q_signs: A hot, swollen joint ⚠ | a hot, swollen joint |"
        " Hot, swollen joint (`r_hot_joint`) | urgent | q_signs |"
    )
    assert lines[9] == (
        "| 4 | q_signs: None of these → q_when: After exercise | none | Overuse (`r_overuse`) |"
        " self_care | q_signs |"
    )
    assert len(lines) == 12


def test_paths_csv(capsys):
    import csv
    import io

    code, out, _ = run(capsys, "paths", CHECKLIST, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 6
    assert rows[2] == {
        "path": "3",
        "answers": "q_signs: Spreading redness, warmth or swelling ⚠",
        "warning_signs": "spreading redness",
        "result": "r_cellulitis",
        "title": "Spreading redness: cellulitis?",
        "urgency": "urgent",
        "result_urgency": "urgent",
        "raised_by": "",
        "red_flag_screens": "q_signs",
    }
    assert rows[5]["answers"] == "q_signs: None of these → q_when: Not sure"


def test_paths_json(capsys):
    code, out, _ = run(capsys, "paths", MINI, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["tree"], data["total_paths"], data["listed"], data["truncated"]) == (
        "mini",
        4,
        4,
        False,
    )
    first = data["paths"][0]
    assert first["answers"] == [
        {
            "question": "q_flag",
            "prompt": "Is the foot swollen, heavy and warm?",
            "kind": "question",
            "choice": 1,
            "answer": "Yes",
            "finding": None,
            "red_flag": True,
            "warning_sign": True,
            "urgency_floor": None,
        }
    ]
    assert (first["result"], first["urgency"], first["red_flag_screens"]) == (
        "r_clot",
        "urgent",
        ["q_flag"],
    )
    assert (first["result_urgency"], first["raised_by"]) == ("urgent", [])
    assert first["warning_signs"] == ["q_flag: Yes"]
    assert [p["result"] for p in data["paths"]] == ["r_clot", "r_overuse", "r_nerve", "r_arthrosis"]
    assert data["paths"][1]["warning_signs"] == []


def test_paths_are_cut_at_the_limit_with_a_message(capsys, tmp_path):
    target = tmp_path / "paths.json"
    code, out, err = run(
        capsys, "paths", MINI, "--format", "json", "--limit", "2", "--output", str(target)
    )
    assert code == 0 and out == ""
    assert err == (
        f"wrote 2 paths to {target}\n"
        f"{MINI}: listed the first 2 of 4 paths; pass --limit 4 to list them all\n"
    )
    data = json.loads(target.read_text(encoding="utf-8"))
    assert (data["listed"], data["total_paths"], data["truncated"]) == (2, 4, True)
    code, out, _ = run(capsys, "paths", MINI, "--limit", "1")
    assert out.endswith("\nCut at 1 paths: pass `--limit 4` to list all 4.\n")


def test_paths_of_a_huge_tree_stop_at_the_limit(capsys, mini_dict, write_json, add_ladder):
    # A ladder of 60 two-way questions: 2**60 paths, listed up to the limit at once.
    nodes = mini_dict["nodes"]
    nodes["q_when"]["choices"][0]["next"] = add_ladder(nodes, 60, "r_overuse")
    code, out, err = run(capsys, "paths", str(write_json(mini_dict)), "--limit", "5")
    assert code == 0
    assert out.count("\n| ") == 6  # the header and 5 paths
    assert f"listed the first 5 of {2**60 + 3} paths" in err


def test_paths_of_a_tree_with_lint_errors_are_listed_with_a_note(capsys):
    code, out, err = run(capsys, "paths", NO_RED_FLAG, "--format", "csv")
    assert code == 0
    assert out.count("\n") == 3  # the header and two paths
    assert err == (
        f"{NO_RED_FLAG}: note: the tree has 1 lint errors; run: footpain-tui validate {NO_RED_FLAG}\n"
    )


def test_paths_of_a_broken_graph_are_refused(capsys):
    code, out, err = run(capsys, "paths", str(DATA / "bad" / "cycle.json"))
    assert code == 1 and out == ""
    assert "the paths cannot be listed: the graph itself is broken" in err
    assert "FP103" in err


def test_paths_of_an_unreadable_tree_and_bad_arguments(capsys, tmp_path):
    code, _, err = run(capsys, "paths", SYNTAX_ERROR)
    assert code == 2 and "cannot load" in err
    code, _, err = run(capsys, "paths", MINI, "--limit", "0")
    assert code == 2 and err == "--limit must be 1 or more, not 0\n"
    (tmp_path / "a_file").write_text("", encoding="utf-8")
    code, _, err = run(capsys, "paths", MINI, "--output", str(tmp_path / "a_file" / "x.md"))
    assert code == 2 and "cannot write" in err


# -- urgency floors -------------------------------------------------------------------------------
FLOORS = str(DATA / "floors.json")


def test_paths_show_the_effective_urgency_and_the_floors_that_raised_it(capsys):
    code, out, _ = run(capsys, "paths", FLOORS)
    assert code == 0
    lines = out.splitlines()
    # None -> Diabetes -> After exercise: self-care raised to routine by the diabetes floor.
    assert lines[7] == (
        "| 2 | q_signs: None of these → q_risks: Diabetes (floor: routine) → q_when: After"
        " exercise | none | Overuse (`r_overuse`) | routine (self_care raised by: known"
        " diabetes) | q_signs |"
    )
    # Diabetes -> At night: the result (soon) is already more urgent than the floor.
    assert lines[9].endswith("| Nerve pain (`r_nerve`) | soon | q_signs |")


def test_paths_csv_and_json_give_base_and_effective_urgency(capsys):
    import csv
    import io

    _, out, _ = run(capsys, "paths", FLOORS, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    low_immunity_overuse = rows[5]
    assert low_immunity_overuse["answers"].endswith(
        "Low immunity (floor: soon) → q_when: After exercise"
    )
    assert (
        low_immunity_overuse["urgency"],
        low_immunity_overuse["result_urgency"],
        low_immunity_overuse["raised_by"],
    ) == ("soon", "self_care", "low immunity")
    _, out, _ = run(capsys, "paths", FLOORS, "--format", "json")
    path = json.loads(out)["paths"][5]
    assert (path["urgency"], path["result_urgency"], path["raised_by"]) == (
        "soon",
        "self_care",
        ["low immunity"],
    )
    assert [a["urgency_floor"] for a in path["answers"]] == [None, "soon", None]


def test_walk_shows_the_raised_urgency_and_why(capsys):
    argv = ["walk", FLOORS, "-a", "None of these", "-a", "Diabetes", "-a", "After exercise"]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert "RESULT: Overuse [ROUTINE: Book a routine appointment" in out
    assert (
        "  (urgency raised to ROUTINE because: known diabetes; the result alone is SELF-CARE)"
        in out
    )
    assert "\nYou reported: known diabetes\n" in out
    code, out, _ = run(capsys, *argv, "--json")
    result = json.loads(out)["result"]
    assert (result["urgency"], result["effective_urgency"]) == ("self_care", "routine")
    assert result["urgency_raised_by"] == ["known diabetes"]
    assert result["urgency_note"] == "raised to ROUTINE because: known diabetes"
    # A checklist finding that is no warning sign is still reported, as in the explorer.
    assert result["you_reported"] == ["known diabetes"]


def test_walk_json_of_a_result_not_raised(capsys):
    argv = ["walk", FLOORS, "-a", "None of these", "-a", "None of these", "-a", "After exercise"]
    _, out, _ = run(capsys, *argv, "--json")
    result = json.loads(out)["result"]
    assert (result["urgency"], result["effective_urgency"]) == ("self_care", "self_care")
    assert (result["urgency_raised_by"], result["urgency_note"]) == ([], None)
    _, out, _ = run(capsys, *argv)
    assert "urgency raised" not in out


def test_walk_json_question_gives_each_choice_its_floor(capsys):
    _, out, _ = run(capsys, "walk", FLOORS, "--json", "-a", "None of these")
    choices = json.loads(out)["question"]["choices"]
    assert [c["urgency_floor"] for c in choices] == ["routine", "soon", "routine", None]


def test_paths_summary_of_a_tree(capsys):
    code, out, err = run(capsys, "paths", FLOORS, "--summary")
    assert code == 0 and err == ""
    assert out.startswith(
        "**Figures:** 3 questions (2 checklists, 1 red-flag screen), 4 results (1 urgent,"
        " 1 soon, 1 routine, 1 self-care), 4 conditions, depth 3 questions, 17 paths from"
        " start to a result.\n"
    )
    assert (
        "the paths end 1 urgent, 10 soon, 5 routine, 1 self-care; 4 of them are raised by a"
        " floor. 1 path reports a warning sign and none of them ends at routine or self-care."
    ) in out
    assert "- ⚑ `q_signs` *Tick every sign the patient has now.* (tick all that apply)" in out
    assert "  - Fever → **Fever with foot pain** (urgent)" in out
    assert "Diabetes (`q_risks`): at least routine; Low immunity (`q_risks`): at least soon" in out


def test_paths_summary_with_cases_and_its_errors(capsys, tmp_path):
    cases = str(DATA / "cases" / "checklist_cases.json")
    code, out, _ = run(capsys, "paths", CHECKLIST, "--summary", "--cases", cases)
    assert code == 0
    assert f"training cases in `{cases}`" in out
    code, _, err = run(capsys, "paths", MINI, "--summary", "--cases", cases)
    assert code == 1 and "the cases do not fit the tree" in err and "FP301" in err
    code, _, err = run(
        capsys, "paths", CHECKLIST, "--summary", "--cases", str(tmp_path / "no.json")
    )
    assert code == 2 and "cannot load" in err
    code, _, err = run(capsys, "paths", CHECKLIST, "--cases", cases)
    assert code == 2 and err == "--cases goes with --summary (the figures of the cases)\n"
