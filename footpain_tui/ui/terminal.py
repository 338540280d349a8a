"""The app's lifeline to its terminal: end cleanly on SIGHUP, SIGTERM or a terminal that
hung up, within a second, whatever state Textual is in.

Why this is needed (Textual 8.2.8, ``drivers/linux_driver.py``): the driver reads keys in
a thread that ``select()``s on stdin and ``os.read()``s it. When the terminal hangs up, the
read returns ``b""`` at once, forever, and the loop goes round at full speed without
telling the app; the writer thread dies on the first write to the dead terminal, and once
its queue is full the app blocks. A process that is not the session leader (``make run``
starts the app under make) gets no SIGHUP when its window closes, so it never ends. Textual
also installs no SIGTERM handler, so ``kill`` left the terminal in raw mode on the
alternate screen with the cursor hidden.

Nothing here touches the driver:

- :class:`Lifeline` watches stdin with ``poll()`` for POLLHUP/POLLERR/POLLNVAL only (an
  empty event mask: it never reads, so it never takes a key from Textual), and handles
  SIGTERM, and SIGHUP while records wait to be written (:meth:`Lifeline.hold`);
- while nothing waits, SIGHUP keeps its default action: the process ends the instant the
  terminal hangs up, as any program does, losing nothing. A handler in Python runs a few
  milliseconds later, and tmux keeps its server alive until the pane's process has gone:
  a ``new-session`` started right after a ``kill-session`` then failed ("server exited
  unexpectedly") in about one launch in thirty, one in a hundred or two for a program
  that dies at once;
- otherwise it asks the app to end (``on_end(code)`` on the app's event loop: 129 for a
  hang-up, 128 + the signal number otherwise), having first pointed the standard streams
  at ``/dev/null`` if the terminal is gone, so the app's last writes cannot fail or block;
- with the terminal gone there is nothing to put back or say, so the app does not wind
  down (~120 ms): the records are written and the process leaves at once, in the SIGHUP
  handler itself unless it interrupted a record being written (``busy``), else on the
  event loop;
- if the app has not ended ``GRACE`` seconds later, it flushes the records itself, puts
  the terminal back (modes and termios) if it is still there, says goodbye as the app would
  have (``farewell``) and leaves with ``os._exit``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

GRACE = 0.8  # seconds a clean exit may take before the lifeline forces one
# tmux signals a pane's process before it closes the pane's terminal: how long a SIGHUP
# waits to see whether the hang-up follows.
HANGUP_WAIT = 0.05
_POLL_MS = 250

# What Textual's driver turns on, turned off: Kitty keys, mouse modes, focus events,
# bracketed paste, line wrap back on, cursor shown, alternate screen left.
RESTORE_TERMINAL = (
    "\x1b[<u\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1004l\x1b[?2004l"
    "\x1b[?7h\x1b[?25h\x1b[?1049l"
)


def terminal_problem() -> str | None:
    """Why the TUI cannot run here (a standard stream that is not a terminal), or None.

    When ``TEXTUAL_DRIVER`` names another driver (textual-serve's web driver talks over
    pipes), that driver is in charge and no terminal is needed.
    """
    if os.environ.get("TEXTUAL_DRIVER"):
        return None
    for name, stream in (
        ("standard input", sys.stdin),
        ("standard output", sys.stdout),
        ("standard error", sys.stderr),
    ):
        try:
            ok = stream is not None and os.isatty(stream.fileno())
        except (OSError, ValueError):
            ok = False
        if not ok:
            return f"{name} is not a terminal"
    return None


def hung_up(fd: int = 0, wait: float = 0.0) -> bool:
    """True if ``fd`` is a terminal that has hung up (or is no longer open), or does within
    ``wait`` seconds."""
    poller = select.poll()
    poller.register(fd, 0)
    return bool(poller.poll(int(wait * 1000)))


def save_terminal(fd: int = 0) -> Any:
    """The terminal's termios settings before Textual changes them; None if ``fd`` is not a
    terminal (a pipe under textual-serve) or termios is missing."""
    try:
        import termios
    except ImportError:
        return None
    try:
        return termios.tcgetattr(fd)
    except (termios.error, OSError, ValueError):  # termios.error is not an OSError
        return None


class Lifeline:
    """Ends the app on SIGHUP, SIGTERM or a hung-up terminal (see the module's docstring)."""

    def __init__(
        self,
        on_end: Callable[[int], None],
        flush: Callable[[], None],
        saved_terminal: Any = None,
        farewell: Callable[[int], str] = lambda code: "",
        busy: Callable[[], bool] = lambda: False,
    ) -> None:
        self.on_end = on_end
        self.flush = flush
        self.busy = busy  # True while the main thread is writing records: flush on the loop
        self.farewell = farewell  # what to say on stderr when forced to end
        self.saved_terminal = saved_terminal
        self.ending: int | None = None
        # The terminal, watched through a descriptor of our own: a hang-up points the
        # standard streams at /dev/null, which never hangs up.
        self._terminal: int | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous: dict[int, Any] = {}

    def install(self) -> None:
        """Handle SIGTERM from now on, and SIGHUP while records wait (in the main thread,
        before the app runs: until :meth:`start`, a signal ends the process through the
        forced path)."""
        if _is_terminal(0):  # a pipe (textual-serve) is its driver's business
            with contextlib.suppress(OSError):
                self._terminal = os.dup(0)
        self._previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, self._on_signal)
        self._previous[signal.SIGHUP] = signal.getsignal(signal.SIGHUP)
        self.hold(False)

    def hold(self, records_waiting: bool) -> None:
        """Whether a hang-up must first write records: while some wait, SIGHUP runs the
        handler; while none do, its default action ends the process at once. Call from
        the main thread (elsewhere, as from the forced exit, nothing changes)."""
        if signal.SIGHUP not in self._previous:
            return  # not installed, or stopped
        if threading.current_thread() is not threading.main_thread():
            return
        signal.signal(signal.SIGHUP, self._on_signal if records_waiting else signal.SIG_DFL)

    def start(self) -> None:
        """Call on the app's event loop once the app is running: watch the terminal."""
        self._loop = asyncio.get_running_loop()
        if self._terminal is not None:
            threading.Thread(target=self._watch, name="footpain-lifeline", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        for signum, handler in self._previous.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(signum, handler)
        self._previous.clear()
        if self._terminal is not None:  # the watch, told to stop, ignores what this wakes
            with contextlib.suppress(OSError):
                os.close(self._terminal)
            self._terminal = None

    def _on_signal(self, signum: int, frame: Any) -> None:
        if signum == signal.SIGHUP:
            gone = self._terminal is not None and hung_up(self._terminal, wait=HANGUP_WAIT)
            if gone and not self.busy():  # the main thread is here, between two records
                self._leave(128 + signum)
            self.end(128 + signum, terminal_gone=gone)
        else:
            self.end(128 + signum, terminal_gone=False)

    def _watch(self) -> None:
        poller = select.poll()
        try:
            poller.register(self._terminal, 0)  # reports only POLLHUP, POLLERR and POLLNVAL
        except (OSError, TypeError, ValueError):
            return
        while not self._stop.is_set():
            if poller.poll(_POLL_MS) and not self._stop.is_set():
                self.end(128 + signal.SIGHUP, terminal_gone=True)
                return

    def end(self, code: int, *, terminal_gone: bool) -> None:
        """Ask the app to end with ``code``; force it after ``GRACE`` seconds. Thread-safe."""
        with self._lock:
            if self.ending is not None:
                return
            self.ending = code
        if terminal_gone:
            _silence_standard_streams()
        timer = threading.Timer(GRACE, self._force, (code, terminal_gone))
        timer.daemon = True
        timer.start()
        if self._loop is not None:
            ending = self._leave if terminal_gone else self.on_end
            with contextlib.suppress(RuntimeError):  # the loop already closed: the timer ends it
                self._loop.call_soon_threadsafe(ending, code)

    def _leave(self, code: int) -> None:
        """The terminal is gone: the records out, then the process (on the main thread)."""
        self._force(code, terminal_gone=True)

    def _force(self, code: int, terminal_gone: bool) -> None:
        with contextlib.suppress(Exception):
            self.flush()
        if not terminal_gone:
            with contextlib.suppress(Exception):
                os.write(sys.__stderr__.fileno(), RESTORE_TERMINAL.encode())
            if self.saved_terminal is not None:
                with contextlib.suppress(Exception):
                    import termios

                    termios.tcsetattr(0, termios.TCSANOW, self.saved_terminal)
            with contextlib.suppress(Exception):
                os.write(sys.__stderr__.fileno(), self.farewell(code).encode())
        os._exit(code)


def _is_terminal(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False


def _silence_standard_streams() -> None:
    """Point stdin, stdout and stderr at /dev/null: writes to a dead terminal fail (EIO)."""
    try:
        null = os.open(os.devnull, os.O_RDWR)
    except OSError:
        return
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError):
            os.dup2(null, fd)
    os.close(null)
