"""The real program on a pseudo-terminal, started the way ``make run`` starts it.

``make run`` runs footpain-tui as a child of make, under the shell that leads the terminal's
session: the app is not the session leader. :class:`PtyApp` does the same: a small session
leader (it takes the pty as its controlling terminal, and survives SIGHUP like a shell that
stays, so the kernel never signals the app) starts ``python -m footpain_tui ARGS`` and
reports its pid. The test holds the master side: it reads what the app draws, types keys,
and may close it (the terminal window closing) or signal the app.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# The session leader: owns the terminal, ignores nothing the app inherits, reports the pid.
LEADER = """\
import fcntl, os, signal, subprocess, sys, termios
fcntl.ioctl(0, termios.TIOCSCTTY, 0)
signal.signal(signal.SIGHUP, lambda *_: None)  # stays, so the app gets no SIGHUP from it
child = subprocess.Popen(sys.argv[2:])
with open(sys.argv[1] + ".tmp", "w") as handle:
    handle.write(str(child.pid))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
code = child.wait()
sys.exit(128 - code if code < 0 else code)  # killed by a signal: 128 + its number, as a shell says
"""


def _env(tmp: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("COLUMNS", "LINES", "NO_COLOR", "TERM_PROGRAM") and not k.startswith("TEXTUAL")
    }
    env.update(TERM="xterm-256color", LANG="C.UTF-8", PYTHONUNBUFFERED="1")
    env.setdefault("XDG_CACHE_HOME", str(tmp / "cache"))
    return env


class PtyApp:
    """footpain-tui ``args`` on a fresh 100x30 pty, under a session leader that is not it."""

    def __init__(self, tmp: Path, *args: str, cols: int = 100, rows: int = 30) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.master: int | None = master
        self.slave = slave  # kept open by the test to read the terminal's settings
        self.settings_before = termios.tcgetattr(slave)
        self.output = bytearray()
        pidfile = tmp / f"app-{time.monotonic_ns()}.pid"
        self.leader = subprocess.Popen(
            [
                sys.executable,
                "-c",
                LEADER,
                str(pidfile),
                sys.executable,
                "-m",
                "footpain_tui",
                *args,
            ],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=tmp,
            env=_env(tmp),
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while not pidfile.exists():
            if time.monotonic() > deadline or self.leader.poll() is not None:
                raise RuntimeError(f"the app did not start: {self.text()[-2000:]}")
            self.read(0.05)
        self.pid = int(pidfile.read_text())

    # -- the screen -----------------------------------------------------------------------
    def read(self, timeout: float) -> bool:
        """Read what the app wrote (waiting up to ``timeout``); False if nothing came."""
        if self.master is None:
            time.sleep(timeout)
            return False
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:  # EIO: no process has the terminal open any more
            return False
        self.output += data
        return bool(data)

    def text(self) -> str:
        """What the app wrote, escape sequences and all: a short phrase is drawn in one
        piece, so looking for one needs no terminal emulator."""
        return self.output.decode("utf-8", "replace")

    def wait_for(self, needle: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text():
            if time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} never appeared; screen: {self.text()[-1500:]}")
            self.read(0.05)

    def press(self, keys: str) -> None:
        assert self.master is not None
        os.write(self.master, keys.encode())

    # -- the terminal going away, signals, the end ----------------------------------------
    def close_terminal(self) -> None:
        """The terminal window closes: the master side goes, the pty hangs up."""
        assert self.master is not None
        os.close(self.master)
        self.master = None

    def signal(self, signum: signal.Signals) -> None:
        os.kill(self.pid, signum)

    def app_running(self) -> bool:
        try:
            stat = Path(f"/proc/{self.pid}/stat").read_text()
        except FileNotFoundError:
            return False
        return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")

    def gone_within(self, seconds: float) -> bool:
        """True if the app ends within ``seconds``; keeps reading its output meanwhile."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.app_running():
                return True
            self.read(0.02)
        return not self.app_running()

    def exit_code(self, timeout: float = 10.0) -> int:
        """The app's exit code (the leader exits with it), reading output until then."""
        deadline = time.monotonic() + timeout
        while self.leader.poll() is None and time.monotonic() < deadline:
            self.read(0.02)
        code = self.leader.wait(timeout=1)
        while self.read(0.1):  # what it wrote last, still in the pty
            pass
        return code

    def kill(self) -> None:
        """Leave nothing behind, whatever happened in the test."""
        if self.app_running():
            os.kill(self.pid, signal.SIGKILL)
        if self.leader.poll() is None:
            self.leader.kill()
        self.leader.wait(timeout=10)
        if self.master is not None:
            os.close(self.master)
            self.master = None
        os.close(self.slave)
