"""A served app ends when its server goes away.

``footpain-tui serve`` (textual-serve) runs one app process per browser tab, with Textual's
web driver (``TEXTUAL_DRIVER``) reading keys and screen sizes from a pipe on stdin. When a tab
closes, the server asks the app to quit and it does. When the server itself dies (killed,
crashed), nobody asks: the web driver stops reading at the end of its input, and the app
would run on, unseen, for ever. :func:`end_when_server_hangs_up` turns the hang-up of that
pipe into SIGTERM, which the app handles like any other request to end; the session record
is already complete up to the last answer (every step is fsynced as it is taken).

Plain Python, no Textual: it runs beside whatever the app does with its signals.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import threading

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
# A wedged app (its event loop never runs the SIGTERM handler) is ended this long after.
HANGUP_GRACE_SECONDS = 5.0


def served() -> bool:
    """Whether this process is a served app: textual-serve selects the web driver."""
    return os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER


def end_when_server_hangs_up(
    fd: int | None = None, grace: float = HANGUP_GRACE_SECONDS
) -> threading.Thread | None:
    """In a served app, watch stdin in a daemon thread and end the process when the server's
    end of the pipe closes. Does nothing (returns None) outside a served app.
    """
    if not served():
        return None
    if fd is None:
        try:
            fd = sys.stdin.fileno()
        except (AttributeError, OSError, ValueError):
            return None  # no stdin to watch
    watcher = threading.Thread(
        target=_wait_for_hangup, args=(fd, grace), name="server-hangup-watch", daemon=True
    )
    watcher.start()
    return watcher


def _wait_for_hangup(fd: int, grace: float) -> None:
    poller = select.poll()
    # No event asked for: poll() then wakes only for POLLHUP, POLLERR or POLLNVAL, never for
    # the input the web driver reads from the same pipe, so the watch costs no CPU.
    poller.register(fd, 0)
    while not poller.poll():
        pass
    os.kill(os.getpid(), signal.SIGTERM)
    threading.Event().wait(grace)
    os._exit(128 + signal.SIGTERM)  # records are on disk; nothing else is left to save
