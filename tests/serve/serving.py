"""Running ``footpain-tui serve`` in tests, and watching the processes it starts (Linux /proc).

Every process a test starts is in a process group of its own (the server and the apps it
spawns), and :meth:`Served.stop` ends the whole group, so a failing test leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
MINI = DATA / "mini.json"
MINI_CASES = DATA / "cases" / "good.json"
FOOTPAIN = [sys.executable, "-m", "footpain_tui"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], object], what: str, timeout: float = 20.0) -> object:
    """Poll ``condition`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


def _stat_fields(pid: int) -> list[str] | None:
    """/proc/PID/stat after the command name: [state, ppid, ...]; None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text[text.rindex(")") + 2 :].split()


def running(pid: int) -> bool:
    """Alive: it exists and is not a zombie (a zombie has ended, only not been reaped)."""
    fields = _stat_fields(pid)
    return fields is not None and fields[0] != "Z"


def children(pid: int) -> list[int]:
    """The live processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None and fields[0] != "Z" and int(fields[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def cpu_ticks(pid: int) -> int:
    """User plus system CPU time used so far, in clock ticks."""
    fields = _stat_fields(pid)
    assert fields is not None, f"process {pid} is gone"
    return int(fields[11]) + int(fields[12])  # utime and stime: fields 14 and 15 of stat


def command_line(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")[:-1]


def history(data_dir: Path) -> list[dict]:
    """The sessions recorded in ``data_dir``, through ``footpain-tui history --json``."""
    done = subprocess.run(
        [*FOOTPAIN, "history", "--json", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)["sessions"]


@dataclass
class Served:
    """One ``footpain-tui serve`` process, its output in a file."""

    process: subprocess.Popen[bytes]
    port: int
    data_dir: Path
    log: Path
    apps_seen: set[int] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def apps(self) -> list[int]:
        """The app processes running now, one per open tab."""
        pids = children(self.pid)
        self.apps_seen.update(pids)
        return pids

    def wait_for_apps(self, count: int) -> list[int]:
        def counted() -> list[int] | None:
            pids = self.apps()
            return pids if len(pids) == count else None

        return wait_for(counted, f"{count} app(s) running")

    def history(self) -> list[dict]:
        return history(self.data_dir)

    def terminate(self, timeout: float = 30) -> int:
        """SIGTERM, as a service manager stops it; its exit code (the apps are not touched)."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def stop(self) -> None:
        """Clean-up, even after a failure: SIGTERM, then SIGKILL to whatever is left of the
        process group (the apps share the server's group) and to every app seen."""
        if self.process.poll() is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.terminate(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        for pid in self.apps_seen:
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=20)


def start_server(
    tmp_path: Path, *extra: str, tree: Path = MINI, server: list[str] | None = None
) -> Served:
    """``footpain-tui serve TREE --port P --data-dir D EXTRA...`` (or ``server`` followed by
    the port), listening when returned."""
    port = free_port()
    data_dir = tmp_path / "data"
    log = tmp_path / "serve.log"
    argv = [*FOOTPAIN, "serve", str(tree), "--port", str(port), "--data-dir", str(data_dir)]
    argv = [*server, str(port)] if server else [*argv, *extra]
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, for the apps too
        )
    served = Served(process, port, data_dir, log)

    def listening() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"serve exited with {process.returncode}:\n{served.output()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            return False
        return True

    try:
        wait_for(listening, f"the server on port {port}")
    except BaseException:
        served.stop()
        raise
    return served
