"""The README, ``footpain-tui --help`` and the code agree on rules and commands."""

from __future__ import annotations

import re
from pathlib import Path

from footpain_tui.cli import main as cli_main
from footpain_tui.cli.parser import COMMANDS, build_parser
from footpain_tui.core.training.case_check import CASE_RULES
from footpain_tui.core.tree.lint import RULES

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_quickstart_commands():
    first_block = re.search(r"```\n(.*?)```", README, re.S).group(1)
    assert first_block.split() == ["make", "run", "make", "test"]


def test_every_lint_rule_is_documented_with_its_name_and_severity():
    for rule in RULES.values():
        assert f"| {rule.id} | {rule.name} | {rule.severity} |" in README, rule.id


def test_every_case_rule_is_documented():
    for rule in CASE_RULES.values():
        assert f"| {rule.id} | {rule.name} |" in README, rule.id


def test_every_command_is_in_the_readme_and_the_help(capsys):
    parser = build_parser()
    help_text = parser.format_help()
    for command in COMMANDS:
        if command == "explore":
            continue  # the default command: `footpain-tui [TREE]`
        assert f"footpain-tui {command}" in README, command
        assert command in help_text, command


def test_exit_codes_match_the_cli_constants():
    from footpain_tui import cli

    assert (cli.EXIT_OK, cli.EXIT_FINDINGS, cli.EXIT_BAD_FILE, cli.EXIT_INTERRUPTED) == (
        0,
        1,
        2,
        130,
    )
    assert (cli.EXIT_HANGUP, cli.EXIT_TERMINATED) == (129, 143)
    for code in ("**0**", "**1**", "**2**", "**129**", "**130**", "**143**"):
        assert code in README


def test_the_foot_pain_section_is_generated_from_the_tree(capsys, monkeypatch):
    """Between its two markers the README holds what `make readme` writes: the output of
    ``footpain-tui paths trees/foot_pain.json --summary --cases trees/cases/foot_pain.json``."""
    root = Path(__file__).resolve().parents[2]
    marked = re.search(r"<!-- tree-summary:[^\n]*-->\n(.*?)<!-- /tree-summary -->", README, re.S)
    assert marked, "the README lost its tree-summary markers"
    monkeypatch.chdir(root)
    command = [
        "paths",
        "trees/foot_pain.json",
        "--summary",
        "--cases",
        "trees/cases/foot_pain.json",
    ]
    assert cli_main(command) == 0
    generated = capsys.readouterr().out
    assert marked.group(1) == generated, "the README's tree summary is stale: run `make readme`"
    assert "make readme" in README
