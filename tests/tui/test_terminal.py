"""The real program on a pseudo-terminal: it needs a terminal, and it ends cleanly (record
written, terminal put back where it still exists) when the terminal goes away or a signal
asks, however it was started. ``make run`` starts it as a child that is not the session
leader, which is how :class:`PtyApp` starts it too."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from footpain_tui.ui import app as app_module
from footpain_tui.ui.terminal import Lifeline, save_terminal

from .apps import make_app
from .pty_app import REPO, PtyApp
from .reading import wait_until

MINI = REPO / "tests" / "data" / "mini.json"
FIRST_PROMPT = "Is the foot swollen"
SECOND_PROMPT = "When does it hurt"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


@pytest.fixture
def launch(tmp_path):
    """``launch(*args)``: the app on a pty with its own data dir; killed after the test."""
    started: list[PtyApp] = []

    def start(*args: str) -> PtyApp:
        app = PtyApp(tmp_path, str(MINI), "--data-dir", str(tmp_path / "data"), *args)
        started.append(app)
        return app

    yield start
    for app in started:
        app.kill()


def session_lines(tmp_path: Path) -> list[dict]:
    [file] = (tmp_path / "data" / "sessions").glob("*.jsonl")
    raw = file.read_bytes()
    assert raw.endswith(b"\n"), "the record ends on a whole line"
    return [json.loads(line) for line in raw.splitlines()]


def answer_first_question(app: PtyApp) -> None:
    app.wait_for(FIRST_PROMPT)
    app.press("2")  # "No"
    app.wait_for(SECOND_PROMPT)


def test_closing_the_terminal_ends_the_app_within_two_seconds(launch, tmp_path):
    app = launch()
    answer_first_question(app)
    app.close_terminal()
    assert app.gone_within(2.0), "footpain-tui kept running after its terminal closed"
    assert app.exit_code() == 129
    lines = session_lines(tmp_path)
    assert [line["type"] for line in lines][:2] == ["begin", "step"]
    assert lines[-1]["node"] == "q_when"  # the answer given before the hang-up is kept


def test_sigterm_ends_the_app_and_puts_the_terminal_back(launch, tmp_path):
    app = launch()
    answer_first_question(app)
    mark = len(app.output)
    app.signal(signal.SIGTERM)
    assert app.gone_within(2.0)
    assert app.exit_code() == 143
    after = bytes(app.output[mark:])
    assert b"\x1b[?1049l" in after, "left the alternate screen"
    assert b"\x1b[?25h" in after, "showed the cursor"
    assert b"\x1b[?1000l" in after, "turned mouse tracking off"
    restored = termios.tcgetattr(app.slave)
    assert restored[3] == app.settings_before[3], "echo and line editing are back"
    assert "every answer was saved" in app.text()
    assert session_lines(tmp_path)[-1]["node"] == "q_when"


def test_a_hang_up_with_every_answer_on_disk_ends_the_app_at_once(launch, tmp_path):
    """SIGHUP stands for a terminal that hung up: with nothing waiting to be written, the
    app keeps its default action and ends the instant it comes (tmux waits for the pane's
    process before it can start another session), the answers already saved."""
    app = launch()
    answer_first_question(app)
    saved = _saved_lines_once_answered(tmp_path)
    app.signal(signal.SIGHUP)
    assert app.gone_within(0.5)
    assert app.exit_code() == 129
    assert session_lines(tmp_path) == saved


def _saved_lines_once_answered(tmp_path: Path) -> list[dict]:
    """The session's lines once the first answer is on disk (written after the frame)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with contextlib.suppress(ValueError, json.JSONDecodeError, AssertionError):
            lines = session_lines(tmp_path)
            if lines[-1].get("node") == "q_when":
                return lines
        time.sleep(0.02)
    raise AssertionError("the first answer was never saved")


def test_records_that_cannot_be_written_are_said_again_at_exit(launch, tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    app = PtyApp(tmp_path, str(MINI), "--data-dir", str(blocker / "sub"))
    try:
        app.wait_for(FIRST_PROMPT)
        app.wait_for("Session records")  # the notification that says so, in the app
        app.press("q")
        assert app.exit_code() == 0
        assert "footpain-tui: cannot save session records" in app.text()  # and at exit
    finally:
        app.kill()


@pytest.mark.parametrize("stdin", ["devnull", "pipe"])
def test_without_a_terminal_the_explorer_says_so_and_points_to_walk(tmp_path, stdin):
    done = subprocess.run(
        [sys.executable, "-m", "footpain_tui", str(MINI), "--data-dir", str(tmp_path)],
        stdin=subprocess.DEVNULL if stdin == "devnull" else None,
        input=b"\n" if stdin == "pipe" else None,
        capture_output=True,
        cwd=REPO,
        timeout=60,  # it used to spin here forever
    )
    assert done.returncode == 2
    err = done.stderr.decode()
    assert "needs a terminal" in err and "standard input is not a terminal" in err
    assert "footpain-tui walk" in err
    assert "Traceback" not in err


# -- the app's side of it (pilot) ------------------------------------------------------------
async def test_ending_on_a_signal_writes_the_queued_record_first(tmp_path):
    app = make_app("mini.json", record=True, data_dir=tmp_path / "data", tree_path=MINI)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.recorder is not None, "the recorder")
        app.explore_screen.action_choose(1)  # queued until the next frame...
        app.end_with(143)  # ...which never comes
    assert app.return_code == 143
    lines = session_lines(tmp_path)
    assert lines[-1]["action"] == "answer" and lines[-1]["node"] == "q_when"


async def test_a_failed_read_from_a_terminal_that_hung_up_is_not_a_crash(monkeypatch):
    ended: list[int] = []

    class Lifeline:
        def end(self, code, *, terminal_gone):
            ended.append(code)

    app = make_app("mini.json")
    async with app.run_test(size=(80, 24)) as pilot:
        app.lifeline = Lifeline()
        monkeypatch.setattr(app_module, "hung_up", lambda: True)
        app.panic("OSError: [Errno 5] Input/output error")  # what the input thread reports
        await pilot.pause()
        assert app.is_running and ended == [129]
        monkeypatch.setattr(app_module, "hung_up", lambda: False)
        app.panic("a real crash")  # anything else still ends the app with its message
    assert not app.is_running


STUCK_APP = """\
import asyncio, pathlib, sys, time
from footpain_tui.ui.terminal import Lifeline

marker = pathlib.Path(sys.argv[1])


async def main():
    # An app whose event loop never runs again: on_end is never called back.
    lifeline = Lifeline(
        on_end=lambda code: None,
        flush=lambda: marker.write_text("flushed"),
        farewell=lambda code: f"ended with {code}\\n",
    )
    lifeline.install()
    lifeline.start()
    print("ready", flush=True)
    time.sleep(30)  # the main thread blocked (a write to a dead terminal, a stuck call)


asyncio.run(main())
"""


def test_an_app_that_cannot_end_itself_is_ended_within_a_second(tmp_path):
    marker = tmp_path / "flushed"
    proc = subprocess.Popen(
        [sys.executable, "-c", STUCK_APP, str(marker)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    try:
        assert proc.stdout.readline() == b"ready\n"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=2) == 143
        assert marker.read_text() == "flushed"  # the records were written first
        err = proc.stderr.read()
        assert b"\x1b[?1049l" in err  # the terminal put back
        assert err.endswith(b"ended with 143\n")  # and the app's last words said
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_terminal_settings_are_saved_only_from_a_terminal(tmp_path):
    with open(tmp_path / "not-a-tty", "w") as handle:  # a pipe under textual-serve, a file
        assert save_terminal(handle.fileno()) is None
    master, slave = os.openpty()
    try:
        assert save_terminal(slave) == termios.tcgetattr(slave)
    finally:
        os.close(master)
        os.close(slave)


def test_sighup_is_handled_only_while_records_wait():
    """Installed, the lifeline leaves SIGHUP its default action (the process ends at once)
    and handles it only while records wait to be written; SIGTERM it always handles."""
    before = {s: signal.getsignal(s) for s in (signal.SIGHUP, signal.SIGTERM)}
    lifeline = Lifeline(on_end=lambda code: None, flush=lambda: None)
    lifeline.install()
    try:
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_DFL
        assert signal.getsignal(signal.SIGTERM) == lifeline._on_signal
        lifeline.hold(True)
        assert signal.getsignal(signal.SIGHUP) == lifeline._on_signal
        lifeline.hold(False)
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_DFL
    finally:
        lifeline.stop()
    assert {s: signal.getsignal(s) for s in before} == before
    lifeline.hold(True)  # stopped: nothing changes any more
    assert signal.getsignal(signal.SIGHUP) == before[signal.SIGHUP]


async def test_a_move_holds_the_hang_up_until_its_record_is_written(tmp_path):
    class HoldRecorder:
        def __init__(self) -> None:
            self.held: list[bool] = []

        def hold(self, records_waiting: bool) -> None:
            self.held.append(records_waiting)

    app = make_app("mini.json", record=True, data_dir=tmp_path / "data", tree_path=MINI)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.recorder is not None, "the recorder")
        app.lifeline = lifeline = HoldRecorder()
        await pilot.press("2")  # "No": the move's line is queued, written after the frame
        await wait_until(pilot, lambda: lifeline.held[-1:] == [False], "the line written")
        assert lifeline.held[0] is True
        assert session_lines(tmp_path)[-1]["node"] == "q_when"
        app.lifeline = None


HANG_UP = """\
import os, pathlib, signal, sys
from footpain_tui.ui.terminal import Lifeline

marker = pathlib.Path(sys.argv[1])
busy = sys.argv[2] == "busy"
master, slave = os.openpty()
os.dup2(slave, 0)  # the lifeline watches standard input: make it a terminal
lifeline = Lifeline(
    on_end=lambda code: None,
    flush=lambda: marker.write_text("flushed"),
    busy=lambda: busy,
)
lifeline.install()


report = os.dup(1)  # a hang-up points the standard streams at /dev/null


class Loop:  # the app's event loop, as far as the lifeline sees it
    def call_soon_threadsafe(self, callback, code):
        os.write(report, f"on the loop: {callback.__name__} {code}\\n".encode())
        os._exit(0)


lifeline._loop = Loop()
lifeline.hold(True)  # a record waits: SIGHUP is handled
os.close(master)  # the terminal hangs up
os.kill(os.getpid(), signal.SIGHUP)
"""


@pytest.mark.parametrize("busy", [False, True])
def test_a_hang_up_writes_waiting_records_unless_it_interrupted_one(tmp_path, busy):
    """With the terminal gone, the SIGHUP handler writes the records and leaves itself; if
    it interrupted a record being written, it leaves that to the event loop instead."""
    marker = tmp_path / "flushed"
    done = subprocess.run(
        [sys.executable, "-c", HANG_UP, str(marker), "busy" if busy else "idle"],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=REPO,
    )
    if busy:
        assert done.returncode == 0, done.stderr
        assert done.stdout == "on the loop: _leave 129\n"
        assert not marker.exists()
    else:
        assert done.returncode == 129, done.stderr
        assert marker.read_text() == "flushed"
