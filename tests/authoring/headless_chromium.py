"""Debian's Chromium run headless from the command line, for the pages the tools write: the
handout's HTML (a screenshot) and Mermaid diagrams (rendered by Mermaid itself).

Without chromium the tests that need it are skipped with the reason printed; where
``FOOTPAIN_BROWSER_TESTS`` is ``required`` (``.ci/run`` sets it) they fail instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FLAGS = [
    "--headless",
    "--no-sandbox",  # running as root
    "--disable-gpu",
    # Chromium's own background connections would be refused by the closed network.
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def unavailable(reason: str) -> None:
    if os.environ.get("FOOTPAIN_BROWSER_TESTS") == "required":
        pytest.fail(f"the browser test is required here, but {reason}")
    pytest.skip(reason)


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        unavailable("no chromium on this machine (apt-get install chromium; .ci/run does)")
    return found


def run_chromium(page: Path, *options: str) -> str:
    """Open ``page`` (a local file) headless with ``options``; its standard output."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *options, page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def screenshot(page: Path, png: Path, width: int, height: int, *options: str) -> bytes:
    """A PNG of ``page`` at ``width`` x ``height`` CSS pixels."""
    run_chromium(page, f"--window-size={width},{height}", f"--screenshot={png}", *options)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return data


def rendered_dom(page: Path, *options: str) -> str:
    """The page's DOM once its scripts have run (virtual time lets async work finish)."""
    return run_chromium(page, "--virtual-time-budget=30000", "--dump-dom", *options)
