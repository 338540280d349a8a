"""Fixtures for the served app: servers that are always stopped, and a headless Chromium.

The browser tests need Debian's ``chromium`` and the ``playwright`` package (a test extra).
Without them they are skipped with the reason printed; where ``FOOTPAIN_BROWSER_TESTS`` is
``required`` (``.ci/run`` sets it after installing chromium) they fail instead, so CI never
passes by skipping them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .serving import MINI, Served, start_server

CHROMIUM_ARGS = [
    "--no-sandbox",  # running as root
    # Without WebGL xterm.js draws text into the DOM, so the page's innerText is the screen.
    "--disable-webgl",
    "--disable-3d-apis",
    "--disable-gpu",
    # Chromium's own background connections would be refused by the closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """``serve(*options, tree=MINI, server=None)``: a running ``footpain-tui serve`` (or the
    ``server`` command line, given the port); every server started is stopped afterwards,
    with every process it started, even when the test fails."""
    started: list[Served] = []

    def start(*options: str, tree: Path = MINI, server: list[str] | None = None) -> Served:
        folder = tmp_path / f"server{len(started)}"
        folder.mkdir()
        served = start_server(folder, *options, tree=tree, server=server)
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop()


def _unavailable(reason: str) -> None:
    if os.environ.get("FOOTPAIN_BROWSER_TESTS") == "required":
        pytest.fail(f"the browser test is required here, but {reason}")
    pytest.skip(reason)


@pytest.fixture
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (its own browser download is not used)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        _unavailable("no chromium on this machine (apt-get install chromium; .ci/run does)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
