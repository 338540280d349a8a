"""``footpain-tui serve``: what it checks before serving, what it hands each tab, the address
warning, and that the CLI loads none of the web stack until serving starts."""

from __future__ import annotations

import json
import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from footpain_tui import cli
from footpain_tui.cli import serve_server
from footpain_tui.cli.parser import build_parser
from footpain_tui.ui import app as app_module

from .serving import DATA, FOOTPAIN, MINI, MINI_CASES


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Replace the web server: record what ``serve`` would have served."""
    calls: list[dict] = []

    def fake_serve_tabs(command: str, **options) -> None:
        calls.append({"command": command, **options})

    monkeypatch.setattr(serve_server, "serve_tabs", fake_serve_tabs)
    return calls


def tab_command(command: str):
    """The command line a tab runs, parsed by the CLI's own parser."""
    words = shlex.split(command)
    assert words[:4] == ["exec", sys.executable, "-m", "footpain_tui"]
    return build_parser().parse_args(words[4:])


def test_each_tab_runs_the_cli_explorer_with_the_options_given(served, tmp_path: Path):
    data_dir = tmp_path / "class records"  # a space survives the shell
    argv = ["serve", str(MINI), "--cases", str(MINI_CASES), "--data-dir", str(data_dir)]
    assert cli.main(argv) == 0
    [call] = served
    args = tab_command(call["command"])
    assert args.func is cli.tree_commands.cmd_explore
    assert (args.tree, args.cases, args.data_dir) == (str(MINI), str(MINI_CASES), str(data_dir))
    # A shared data directory holds other trainees' walks: a tab never offers to resume them.
    assert args.no_resume is True
    assert call["title"] == "Mini tree"
    assert (call["host"], call["port"], call["public_url"]) == (
        "127.0.0.1",
        8000,
        "http://127.0.0.1:8000",
    )
    assert str(data_dir / "sessions") in "\n".join(call["banner"])


def test_serve_defaults_to_the_bundled_tree_and_its_cases(served):
    from footpain_tui.core.tree.bundled import default_tree_path

    assert cli.main(["serve"]) == 0
    args = tab_command(served[0]["command"])
    assert (args.tree, args.cases, args.data_dir) == (str(default_tree_path()), None, None)
    assert served[0]["title"] == "Pain on the back of the foot"


def test_the_loopback_default_prints_no_warning(served, capsys):
    assert cli.main(["serve", str(MINI), "--host", "::1", "--port", "8123"]) == 0
    assert capsys.readouterr().err == ""
    assert served[0]["public_url"] == "http://[::1]:8123"


def test_any_other_address_warns_that_there_is_no_authentication(served, capsys):
    assert cli.main(["serve", str(MINI), "--host", "0.0.0.0"]) == 0
    err = capsys.readouterr().err
    assert "no authentication" in err and "0.0.0.0" in err
    # A browser elsewhere cannot use 0.0.0.0: it is sent to this machine's name instead.
    assert served[0]["public_url"] == f"http://{socket.gethostname()}:8000"
    assert "--public-url" in err


def test_public_url_is_passed_on(served, capsys):
    url = "https://class.example.org/foot"
    assert cli.main(["serve", str(MINI), "--host", "0.0.0.0", "--public-url", url]) == 0
    assert served[0]["public_url"] == url
    assert "no authentication" in capsys.readouterr().err


def test_a_broken_tree_fails_before_anything_is_served(served, capsys, tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    assert cli.main(["serve", str(bad)]) == 2
    assert "bad.json" in capsys.readouterr().err
    assert served == []


def test_cases_for_another_tree_fail_before_anything_is_served(served, capsys, tmp_path: Path):
    cases = json.loads(MINI_CASES.read_text(encoding="utf-8"))
    cases["tree"] = "another_tree"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(cases), encoding="utf-8")
    assert cli.main(["serve", str(MINI), "--cases", str(other)]) == 1
    assert "FP301" in capsys.readouterr().err
    assert served == []


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_port_out_of_range_is_a_usage_error(served, capsys, port: str):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["serve", str(MINI), "--port", port])
    assert exit_.value.code == 2
    assert "not a port number" in capsys.readouterr().err
    assert served == []


def test_a_port_in_use_exits_2_with_a_way_out(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        done = subprocess.run(
            [*FOOTPAIN, "serve", str(MINI), "--port", port, "--data-dir", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"cannot serve on 127.0.0.1 port {port}" in done.stderr
    assert "--port" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_the_cli_loads_no_web_stack_until_serving(tmp_path: Path):
    code = (
        "import sys; from footpain_tui import cli; from footpain_tui.cli.parser import build_parser;"
        " build_parser();"
        " cli.main(['validate', sys.argv[1]]);"
        " print(sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('textual_serve', 'aiohttp', 'textual', 'rich')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(MINI)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


# -- --no-resume, shared by explore and train -------------------------------------------------
def test_no_resume_reaches_the_app_from_explore_and_train(opened):
    cases = str(DATA / "cases" / "good.json")
    assert cli.main(["explore", str(MINI)]) == 0
    assert cli.main(["explore", str(MINI), "--no-resume"]) == 0
    assert cli.main(["train", str(MINI), "--cases", cases, "--no-resume"]) == 0
    assert [call["offer_resume"] for call in opened] == [True, False, False]


async def test_an_app_told_not_to_resume_starts_fresh_beside_an_unfinished_walk(tmp_path: Path):
    """What a new tab does when another trainee's walk is unfinished in the shared folder."""
    from footpain_tui.core.tree.loader import load_tree
    from footpain_tui.ui.screens.dialogs import ConfirmDialog

    tree = load_tree(MINI)

    def app(offer_resume: bool) -> app_module.FootpainApp:
        return app_module.FootpainApp(
            tree, tree_path=MINI, data_dir=tmp_path, offer_resume=offer_resume
        )

    async def until(pilot, condition) -> None:
        for _ in range(250):
            if condition():
                return
            await pilot.pause(0.02)
        raise AssertionError("timed out")

    first = app(offer_resume=True)
    async with first.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: first.recorder is not None)
        await pilot.press("2")  # one answer, then the tab goes away
        await until(pilot, lambda: first.recorder.session_id is not None)
    for offer_resume, offered in ((False, False), (True, True)):
        tab = app(offer_resume)
        async with tab.run_test(size=(80, 24)) as pilot:
            # The offer, if any, is made as the recorder opens.
            await until(pilot, lambda: tab.recorder is not None)  # noqa: B023
            await pilot.pause()
            assert isinstance(tab.screen, ConfirmDialog) is offered


# -- --no-predict (explore, train, serve) and --start (explore) --------------------------------
def test_predict_is_on_by_default_and_no_predict_reaches_the_app(opened):
    cases = str(DATA / "cases" / "good.json")
    assert cli.main(["train", str(MINI), "--cases", cases]) == 0
    assert cli.main(["train", str(MINI), "--cases", cases, "--no-predict"]) == 0
    assert cli.main(["explore", str(MINI), "--no-predict"]) == 0
    assert [call["predict"] for call in opened] == [True, False, False]


def test_each_tab_is_told_not_to_predict_when_serve_is(served):
    assert cli.main(["serve", str(MINI), "--no-predict"]) == 0
    assert tab_command(served[-1]["command"]).no_predict is True
    assert cli.main(["serve", str(MINI)]) == 0
    assert tab_command(served[-1]["command"]).no_predict is False


def test_the_explorer_opens_at_a_start_node(opened):
    assert cli.main(["explore", str(MINI), "--start", "q_when"]) == 0
    assert cli.main([str(MINI)]) == 0
    assert [call["start"] for call in opened] == ["q_when", None]


def test_an_unknown_start_node_is_a_usage_error_before_the_tui_opens(opened, capsys):
    assert cli.main(["explore", str(MINI), "--start", "q_whn"]) == 2
    assert opened == []
    err = capsys.readouterr().err
    assert err == (
        f"{MINI}: --start: no node 'q_whn' to start at in tree 'mini'; did you mean 'q_when'?"
        " (footpain-tui paths TREE lists every question)\n"
    )
