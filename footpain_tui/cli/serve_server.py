"""The web server behind ``footpain-tui serve``: textual-serve, ending every app it started.

How textual-serve 1.1 runs an app: for each browser websocket (one per tab) it starts
``command`` through the shell with the web driver chosen in the environment
(``TEXTUAL_DRIVER``), keys and sizes going in on the app's stdin and the screen coming out of
its stdout. When the websocket closes (the tab closed) it asks the app to quit and waits until
the app's output ends. On SIGTERM or ctrl+c it stops aiohttp, which by itself would wait up
to a minute for the open websockets; :meth:`ClassroomServer.on_shutdown` cancels every tab at
once instead, so each app is asked to quit now and the server exits when they have; an app
that has not ended after :data:`SHUTDOWN_WAIT_SECONDS` (wedged, ignoring signals) is killed.
An app whose server dies without asking ends itself (:mod:`footpain_tui.ui.lifecycle`).

Imported only by ``serve`` when it starts: textual-serve brings aiohttp and Rich.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual_serve.server import Server

if TYPE_CHECKING:
    from aiohttp import web

# How long a shutdown waits for the apps to end after asking them to quit; then those still
# running are killed (their records are on disk up to the last answer).
SHUTDOWN_WAIT_SECONDS = 10.0


class ClassroomServer(Server):
    """textual-serve's server with plain output and a shutdown that ends every tab's app."""

    def __init__(self, command: str, *, banner: list[str], **options: Any) -> None:
        super().__init__(command, **options)
        self.banner = banner
        self.tabs: set[asyncio.Task[Any]] = set()

    def initialize_logging(self) -> None:
        # textual-serve logs every request; the person serving needs only problems.
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        say("\n".join(self.banner))

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One tab: its app runs for as long as this handler does."""
        tab = asyncio.current_task()
        assert tab is not None
        self.tabs.add(tab)
        say(f"a tab opened ({len(self.tabs)} running)")
        try:
            return await super().handle_websocket(request)
        finally:
            self.tabs.discard(tab)
            say(f"a tab closed ({len(self.tabs)} running)")

    async def on_shutdown(self, app: web.Application) -> None:
        tabs = list(self.tabs)
        if not tabs:
            return
        say(f"stopping: ending {len(tabs)} app{'s' if len(tabs) != 1 else ''}")
        for tab in tabs:
            tab.cancel()  # textual-serve then asks the tab's app to quit and waits for it
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SHUTDOWN_WAIT_SECONDS
        _, waiting = await asyncio.wait(tabs, timeout=SHUTDOWN_WAIT_SECONDS)
        # A tab's handler ends when its app's output does; the process itself can take a
        # moment more to exit (its records flushed): wait for that too, within the same time.
        while not waiting and child_processes() and loop.time() < deadline:
            await asyncio.sleep(0.05)
        stuck = child_processes()
        if waiting or stuck:
            say(f"killing {len(stuck)} app(s) that did not quit")
            for pid in stuck:
                with contextlib.suppress(ProcessLookupError):  # it may just have ended
                    os.kill(pid, signal.SIGKILL)
            if waiting:
                await asyncio.wait(waiting, timeout=SHUTDOWN_WAIT_SECONDS)


def child_processes() -> list[int]:
    """The live processes this one started (the tabs' apps), from Linux's /proc."""
    me, found = os.getpid(), []
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            stat = entry.read_text()
        except OSError:
            continue  # it ended while we looked
        state, parent = stat[stat.rindex(")") + 2 :].split()[:2]
        if int(parent) == me and state != "Z":
            found.append(int(entry.parent.name))
    return found


def say(text: str) -> None:
    print(text, file=sys.stdout, flush=True)


def serve_tabs(
    command: str, *, host: str, port: int, title: str, public_url: str, banner: list[str]
) -> None:
    """Serve ``command``, one process per tab, until SIGTERM or ctrl+c.

    Raises :class:`OSError` when the address cannot be listened on.
    """
    server = ClassroomServer(
        command, banner=banner, host=host, port=port, title=title, public_url=public_url
    )
    server.serve()
