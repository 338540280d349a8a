"""Files as a hostile user makes them (issue 9): special files, escape sequences in tree
text, exports aimed at devices and links, trees with astronomically many paths, and the
smaller CLI edges. Each test failed before the fix it covers."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from footpain_tui.cli import main
from footpain_tui.core import storage
from footpain_tui.core.records.recorder import SessionRecorder
from footpain_tui.core.tree import loader
from footpain_tui.core.tree.loader import TreeLoadError, load_tree
from footpain_tui.core.tree.walk import WalkSession

DATA = Path(__file__).resolve().parent.parent / "data"
MINI = DATA / "mini.json"
REPO = DATA.parent.parent
ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[?1049l\x1b]52;c;b3duZWQ=\x07"


def record_one_answer(data_dir: Path, tree_path: Path) -> Path:
    """A data dir holding one walk on the tree at ``tree_path``: "No" to the first question."""
    tree = load_tree(tree_path)
    recorder = SessionRecorder.open(data_dir, tree, tree_path)
    session = WalkSession(tree)
    session.answer(1)
    recorder.record(session, "answer")
    recorder.close()
    return data_dir


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_cli(*argv: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    """The real program in a subprocess: a hang is a timeout, not a stuck test run."""
    return subprocess.run(
        [sys.executable, "-m", "footpain_tui", *argv],
        capture_output=True,
        cwd=REPO,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        **kwargs,
    )


# -- special files: never hang, never read without bound --------------------------------------
@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "tree.json"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ("validate", "{fifo}"),
        ("walk", "{fifo}"),
        ("cases", "check", str(MINI), "{fifo}"),
        ("{fifo}",),  # the explorer: refused before it needs a terminal
    ],
    ids=["validate", "walk", "cases-check", "explore"],
)
def test_a_fifo_is_refused_at_once(fifo, argv):
    done = run_cli(*(a.format(fifo=fifo) for a in argv), timeout=30)  # it used to wait forever
    assert done.returncode == 2
    assert b"FIFO" in done.stderr and b"only regular files are read" in done.stderr


def test_a_device_is_refused_without_reading_it():
    # /dev/zero reports a size of 0; it used to be read until memory ran out. Under a 1 GiB
    # address-space limit that was a MemoryError traceback.
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
        "from footpain_tui.cli import main; sys.exit(main(['validate', '/dev/zero']))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=REPO, timeout=60)
    assert done.returncode == 2
    assert b"is a character device, not a regular file" in done.stderr
    assert b"Traceback" not in done.stderr


def test_the_size_limit_does_not_trust_st_size(monkeypatch):
    # /proc files are regular files that say they hold 0 bytes.
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 64)
    with pytest.raises(TreeLoadError) as caught:
        load_tree("/proc/self/status")
    assert "over the size limit" in caught.value.problems[0].message


def test_a_bounded_read_reads_at_most_one_byte_past_the_limit(tmp_path):
    path = tmp_path / "ten"
    path.write_bytes(b"0123456789")
    assert storage.read_regular_file(path, 10) == b"0123456789"
    with pytest.raises(storage.FileTooLargeError):
        storage.read_regular_file(path, 9)


# -- escape sequences in tree text -----------------------------------------------------------
@pytest.fixture
def escaping_tree(mini_dict, write_json) -> Path:
    mini_dict["nodes"]["q_flag"]["prompt"] = f"Swollen?{ESCAPES}"
    mini_dict["nodes"]["q_flag"]["choices"][1]["label"] = "No\u202e\x9b2J"
    mini_dict["nodes"]["r_overuse"]["explanation"] = f"Rest.{ESCAPES}"
    return write_json(mini_dict, "escapes.json")


def test_validate_calls_control_characters_an_error(capsys, escaping_tree):
    code, out, _ = run(capsys, "validate", str(escaping_tree))
    assert code == 1
    assert "FP113 control-character at nodes.q_flag.prompt" in out
    assert "FP113 control-character at nodes.q_flag.choices[1].label" in out
    assert "U+001B (ESC)" in out and "\x1b" not in out


def test_no_control_character_reaches_the_output_of_any_command(capsys, escaping_tree, tmp_path):
    tree = load_tree(escaping_tree)
    assert "\x1b" not in tree.nodes["q_flag"].prompt and "\ufffd" in tree.nodes["q_flag"].prompt
    # A tree with lint errors is refused by walk; its text was neutralised anyway.
    outputs = [run(capsys, "validate", str(escaping_tree), "--json")[1]]
    outputs += run(capsys, "walk", str(escaping_tree), "-a", "2", "-a", "1")[1:]
    # A session recorded from it (as an unvalidated file could be), then exported.
    data_dir = record_one_answer(tmp_path / "data", escaping_tree)
    for fmt in ("md", "json"):
        code, out, _ = run(
            capsys, "export-session", "-f", fmt, "-o", "-", "--data-dir", str(data_dir)
        )
        assert code == 0
        outputs.append(out)
    outputs.append(run(capsys, "history", "--data-dir", str(data_dir))[1])
    for text in outputs:
        assert not any(c in text for c in "\x1b\x07\x9b\u202e"), text


def test_control_characters_written_into_a_record_are_neutralised_when_read(capsys, tmp_path):
    data_dir = record_one_answer(tmp_path / "data", MINI)
    [file] = (data_dir / "sessions").glob("*.jsonl")
    # A hand-edited (or hostile) record: an escape in a prompt, the case and the tree title.
    step = next(e for e in map(json.loads, file.read_bytes().splitlines()) if e["add"])["add"][0]
    hostile = {"v": 2, "type": "step", "action": "jump", "keep": 0, "node": "q_when"}
    hostile["add"] = [{**step, "prompt": f"Q{ESCAPES}"}]
    with file.open("a") as handle:
        handle.write(json.dumps(hostile) + "\n")
    for fmt in ("md", "json"):
        out = run(capsys, "export-session", "-f", fmt, "-o", "-", "--data-dir", str(data_dir))[1]
        assert "\x1b" not in out and "\x07" not in out
        assert "Q\ufffd]0;owned" in out or "Q\\ufffd]0;owned" in out


# -- exports: only a regular file or a new path ----------------------------------------------
@pytest.fixture
def recorded(tmp_path) -> Path:
    return record_one_answer(tmp_path / "data", MINI)


def export(capsys, data_dir: Path, output: str) -> tuple[int, str, str]:
    return run(capsys, "export-session", "-o", output, "--data-dir", str(data_dir))


def test_an_export_never_replaces_a_fifo_or_a_socket(capsys, recorded, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = export(capsys, recorded, str(fifo))
    assert code == 2 and "FIFO" in err and "regular files" in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    sock_path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        code, _, err = export(capsys, recorded, str(sock_path))
    assert code == 2 and "socket" in err
    assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)


def test_a_symlink_to_a_device_is_refused_and_left_alone(capsys, recorded, tmp_path):
    link = tmp_path / "null.md"
    link.symlink_to(os.devnull)  # -o /dev/null as root replaced the device node itself
    code, _, err = export(capsys, recorded, str(link))
    assert code == 2 and "symlink to /dev/null" in err and "character device" in err
    assert os.readlink(link) == os.devnull
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_symlink_to_a_regular_file_is_followed_and_said(capsys, recorded, tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    code, out, _ = export(capsys, recorded, str(link))
    assert code == 0 and f"wrote {real} (through the symlink {link})" in out
    assert link.is_symlink() and real.read_text().startswith("# footpain-tui session")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere" / "x.md")
    code, _, err = export(capsys, recorded, str(dangling))
    assert code == 2 and "does not exist" in err and dangling.is_symlink()


def test_an_export_keeps_the_mode_of_the_file_it_replaces_and_the_umask_for_new_ones(
    capsys, recorded, tmp_path
):
    existing = tmp_path / "shared.md"
    existing.write_text("old")
    existing.chmod(0o644)
    assert export(capsys, recorded, str(existing))[0] == 0
    assert stat.S_IMODE(existing.stat().st_mode) == 0o644  # was 0600 after every export
    old_umask = os.umask(0o022)
    try:
        assert export(capsys, recorded, str(tmp_path / "new.md"))[0] == 0
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644


def test_dash_writes_to_standard_output_and_a_trailing_slash_means_a_folder(
    capsys, recorded, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    code, out, _ = export(capsys, recorded, "-")
    assert code == 0 and out.startswith("# footpain-tui session")
    assert not (tmp_path / "-").exists()
    code, out, _ = export(capsys, recorded, "exports/")
    assert code == 0
    [written] = (tmp_path / "exports").iterdir()
    assert written.name.startswith("footpain-session-") and written.suffix == ".md"


# -- validate on a tree with astronomically many paths ----------------------------------------
@pytest.fixture(scope="module")
def long_chain(tmp_path_factory, make_chain) -> Path:
    """15,000 two-way questions in a row: 2**15000 paths (about 10^4515)."""
    path = tmp_path_factory.mktemp("chain") / "chain.json"
    path.write_text(json.dumps(make_chain(15_000)))
    return path


def test_validate_prints_a_bounded_path_count(capsys, long_chain):
    code, out, err = run(capsys, "validate", str(long_chain))
    assert code == 0, err
    assert ">10^4515 paths" in out
    code, out, _ = run(capsys, "validate", str(long_chain), "--json")
    assert code == 0 and json.loads(out)["stats"]["paths"] == ">10^4515"


def test_small_path_counts_stay_exact(capsys):
    assert json.loads(run(capsys, "validate", str(MINI), "--json")[1])["stats"]["paths"] == 4


# -- smaller edges of the CLI ----------------------------------------------------------------
def test_walk_json_after_the_walk_has_ended_prints_json(capsys):
    code, out, _ = run(capsys, "walk", str(MINI), "-a", "1", "-a", "1", "-a", "1", "--json")
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False and "has ended" in data["error"]
    assert data["finished"] is True and data["result"]["id"] == "r_clot"


def test_an_ascii_terminal_gets_escapes_not_a_traceback(mini_dict, write_json):
    mini_dict["nodes"]["q_when"]["prompt"] = "Wann schmerzt es \u2014 nach Belastung?"
    tree = write_json(mini_dict, "umlaut.json")
    done = run_cli("walk", str(tree), "-a", "2", env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"Wann schmerzt es \\u2014 nach Belastung?" in done.stdout


def test_an_unknown_flag_after_a_command_prints_that_commands_usage(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["walk", str(MINI), "--bogus"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: footpain-tui walk")
    assert "unrecognized arguments: --bogus" in err
