"""Served apps never outlive their server: closed websockets, SIGTERM, and a server killed
outright. Driven over the websocket protocol with aiohttp, so no browser is needed."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import aiohttp
import pytest

from footpain_tui.ui import lifecycle

from .serving import FOOTPAIN, MINI, Served, cpu_ticks, history, running, wait_for

APP_ENDS_WITHIN_SECONDS = 5.0
# Left to itself aiohttp waits ~25 s for open websockets before it lets go of their apps.
SERVER_STOPS_WITHIN_SECONDS = 15.0


async def open_tab(
    session: aiohttp.ClientSession, served: Served
) -> aiohttp.ClientWebSocketResponse:
    """What the page does: open the websocket that starts an app, then keep reading it (as a
    browser does, which also answers the server's close at once)."""
    socket = await session.ws_connect(f"ws://127.0.0.1:{served.port}/ws?width=100&height=30")
    first = await asyncio.wait_for(socket.receive(), timeout=30)
    assert first.type == aiohttp.WSMsgType.BINARY, first

    async def drain() -> None:
        async for _message in socket:
            pass

    READERS.add(asyncio.create_task(drain()))
    return socket


READERS: set[asyncio.Task[None]] = set()  # held until they end (the loop keeps weak refs)


async def wait_in_thread(condition, what: str, timeout: float = 20.0) -> None:
    """:func:`wait_for` off the event loop, so the websockets stay served meanwhile."""
    await asyncio.to_thread(wait_for, condition, what, timeout)


def test_the_launch_page_names_the_tree(serve):
    served = serve()
    with urllib.request.urlopen(served.url, timeout=10) as response:
        page = response.read().decode("utf-8")
    assert "Mini tree" in page


def test_an_idle_server_uses_no_cpu(serve):
    served = serve()
    before = cpu_ticks(served.pid)
    time.sleep(3)
    assert cpu_ticks(served.pid) - before <= 1  # clock ticks: 1/100 s each, over 3 s


async def test_a_closed_websocket_ends_its_app(serve):
    served = serve()
    async with aiohttp.ClientSession() as session:
        socket = await open_tab(session, served)
        [app] = await asyncio.to_thread(served.wait_for_apps, 1)
        await socket.close()
        await wait_in_thread(lambda: not running(app), "the app to end", APP_ENDS_WITHIN_SECONDS)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "ctrl+c"])
async def test_stopping_the_server_ends_every_app_and_exits_0(serve, stop: signal.Signals):
    served = serve()
    async with aiohttp.ClientSession() as session:
        sockets = [await open_tab(session, served) for _ in range(2)]
        apps = await asyncio.to_thread(served.wait_for_apps, 2)
        served.process.send_signal(stop)
        code = await asyncio.to_thread(served.process.wait, SERVER_STOPS_WITHIN_SECONDS)
        assert code == 0, served.output()
        assert [pid for pid in apps if running(pid)] == []
        for socket in sockets:
            await socket.close()


# A stand-in for an app that hangs: it starts like a Textual app, then ignores every signal
# and never reads its input (the older versions' failure: ~95% CPU, deaf to SIGTERM).
WEDGED_APP = """
import signal, sys, time
for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(number, signal.SIG_IGN)
screen = b"wedged"
sys.stdout.buffer.write(b"__GANGLION__\\n" + b"D" + len(screen).to_bytes(4, "big") + screen)
sys.stdout.flush()
while True:
    time.sleep(60)
"""

# The serve command's own server, serving the stand-in, with a short wait before killing.
SERVER_OF_WEDGED_APPS = """
import shlex, sys
from footpain_tui.cli import serve_server
serve_server.SHUTDOWN_WAIT_SECONDS = 1.0
app = "exec " + shlex.join([sys.executable, "-c", sys.argv[1]])
port = int(sys.argv[2])
serve_server.serve_tabs(
    app, host="127.0.0.1", port=port, title="wedged",
    public_url=f"http://127.0.0.1:{port}", banner=["serving a wedged app"],
)
"""


async def test_an_app_that_ignores_quit_and_signals_is_killed_on_shutdown(serve):
    served = serve(server=[sys.executable, "-c", SERVER_OF_WEDGED_APPS, WEDGED_APP])
    async with aiohttp.ClientSession() as session:
        socket = await open_tab(session, served)
        [app] = await asyncio.to_thread(served.wait_for_apps, 1)
        code = await asyncio.to_thread(served.terminate, SERVER_STOPS_WITHIN_SECONDS)
        assert code == 0, served.output()
        assert not running(app)
        assert "killing 1 app(s) that did not quit" in served.output()
        await socket.close()


async def test_an_app_whose_server_is_killed_ends_by_itself(serve):
    served = serve()
    async with aiohttp.ClientSession() as session:
        socket = await open_tab(session, served)
        [app] = await asyncio.to_thread(served.wait_for_apps, 1)
        served.process.kill()  # no chance to ask the app to quit
        await asyncio.to_thread(served.process.wait, 30)
        await wait_in_thread(lambda: not running(app), "the app to end", APP_ENDS_WITHIN_SECONDS)
        await socket.close()


# -- one app as textual-serve runs it, without a server ----------------------------------------
class WebDriverApp:
    """``footpain-tui explore`` with the web driver and pipes, as textual-serve starts it; its
    output is read all the time (the app never blocks on a full pipe)."""

    def __init__(self, data_dir: Path) -> None:
        env = {**os.environ, "TEXTUAL_DRIVER": lifecycle.WEB_DRIVER, "COLUMNS": "100"}
        self.process = subprocess.Popen(
            [*FOOTPAIN, "explore", str(MINI), "--data-dir", str(data_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**env, "ROWS": "30"},
            start_new_session=True,
        )
        self.output = bytearray()
        self.on_output: Callable[[bytes], None] = lambda output: None
        self.reader = threading.Thread(target=self._read)
        self.reader.start()

    def _read(self) -> None:
        while chunk := self.process.stdout.read1(65536):
            self.output.extend(chunk)
            self.on_output(bytes(self.output))

    def send(self, kind: bytes, payload: bytes) -> None:
        """One packet of textual-serve's protocol: b"D" keys, b"M" JSON meta."""
        self.process.stdin.write(kind + len(payload).to_bytes(4, "big") + payload)
        self.process.stdin.flush()

    def shows(self, text: str) -> bool:
        return text.encode() in self.output

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.reader.join(timeout=10)


@pytest.fixture
def web_app(tmp_path: Path) -> Iterator[WebDriverApp]:
    app = WebDriverApp(tmp_path / "data")
    try:
        wait_for(lambda: app.shows("__GANGLION__"), "the web driver to start")  # its first line
        wait_for(lambda: app.shows("Is the foot swollen"), "the first question")
        yield app
    finally:
        app.close()


def test_a_served_app_ends_when_its_stdin_hangs_up(web_app: WebDriverApp):
    web_app.process.stdin.close()  # what the app sees when its server dies
    web_app.process.wait(timeout=APP_ENDS_WITHIN_SECONDS)


def test_an_answer_on_screen_is_recorded_even_if_quit_follows_at_once(
    web_app: WebDriverApp, tmp_path: Path
):
    """A tab closed the instant the next question appears: the answer is in the record."""
    quit_packet = json.dumps({"type": "quit"}).encode()

    def quit_when_answered(output: bytes) -> None:
        if b"When does it hurt?" in output:
            web_app.on_output = lambda output: None
            web_app.send(b"M", quit_packet)  # what textual-serve sends when a tab closes

    web_app.on_output = quit_when_answered
    web_app.send(b"D", b"n")
    web_app.process.wait(timeout=APP_ENDS_WITHIN_SECONDS)
    [session] = history(tmp_path / "data")
    assert (session["steps"], session["finished"]) == (1, False)


def test_outside_a_served_app_nothing_is_watched(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert not lifecycle.served()
    assert lifecycle.end_when_server_hangs_up() is None
