"""``footpain-tui explore TREE``: opens the TUI on that tree, or explains why it cannot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from footpain_tui import cli
from footpain_tui.cli.common import open_tree_or_exit
from footpain_tui.ui import app as app_module

from .apps import DATA, make_app
from .reading import question_parts


@pytest.fixture
def opened(monkeypatch) -> list[dict]:
    """Replace the TUI launcher: record what the CLI would have opened."""
    calls: list[dict] = []

    def fake_run_explorer(tree, index, tree_path, data_dir=None, **kwargs):
        calls.append({"tree": tree, "index": index, "tree_path": tree_path, **kwargs})
        return 0

    monkeypatch.setattr(app_module, "run_explorer", fake_run_explorer)
    return calls


def test_explore_hands_the_given_tree_to_the_tui(opened):
    path = DATA / "snapshot_tree.json"
    assert cli.main(["explore", str(path)]) == 0
    assert cli.main([str(path)]) == 0  # explore is the default command
    assert [call["tree_path"] for call in opened] == [path, path]
    assert opened[0]["tree"].meta.id == "snapshot_heel"


async def test_the_app_opens_on_the_tree_at_a_path():
    path = DATA / "snapshot_tree.json"
    tree, index = open_tree_or_exit(path)  # what cmd_explore hands to run_explorer
    app = make_app(tree, index=index, tree_path=path)
    async with app.run_test(size=(100, 30)):
        assert app.title == "Heel pain (snapshot fixture)"
        assert app.session.current_id == "q_danger"
        assert question_parts(app)["prompt"].startswith("Is there fever")


def test_a_missing_tree_returns_2_without_starting_the_tui(opened, capsys, tmp_path):
    missing = tmp_path / "missing.json"
    assert cli.main(["explore", str(missing)]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err or "missing.json" in err
    assert err.strip()
    assert opened == []


def test_not_json_returns_2(opened, capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    assert cli.main(["explore", str(bad)]) == 2
    assert "bad.json" in capsys.readouterr().err
    assert opened == []


def test_a_tree_with_lint_errors_returns_1(opened, capsys, tmp_path):
    data = json.loads((DATA / "mini.json").read_text(encoding="utf-8"))
    data["nodes"]["q_flag"]["red_flag"] = False  # reassuring results with no red-flag screen
    unsafe = tmp_path / "unsafe.json"
    unsafe.write_text(json.dumps(data), encoding="utf-8")
    assert cli.main(["explore", str(unsafe)]) == 1
    err = capsys.readouterr().err
    assert "lint errors" in err
    assert "FP107" in err
    assert opened == []


def test_the_loader_message_is_printed(opened, capsys):
    missing = Path("definitely-missing.json")
    assert cli.main(["explore", str(missing)]) == 2
    err = capsys.readouterr().err
    from footpain_tui.core.tree.loader import TreeLoadError, load_tree

    with pytest.raises(TreeLoadError) as excinfo:
        load_tree(missing)
    assert excinfo.value.render() in err
