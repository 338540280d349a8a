"""Suite-wide isolation: no test may read or write the real user's data directory."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))


@pytest.fixture
def make_read_only(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """``make_read_only(file)``: opening ``file`` for writing fails with EACCES from now on,
    as for a file made read-only (chmod cannot show it when the tests run as root)."""

    def refuse(file: Path) -> None:
        real_open = os.open

        def read_only(path, flags, *args, **kwargs):
            if Path(path) == file and flags & (os.O_WRONLY | os.O_RDWR):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", read_only)

    return refuse


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """The TUI commands without the TUI: each ``run_explorer`` call's keyword arguments (what
    the CLI hands the app), in order; the command returns 0."""
    from footpain_tui.ui import app as app_module

    calls: list[dict] = []

    def fake_run_explorer(tree, index, tree_path, **kwargs):
        calls.append(kwargs)
        return 0

    monkeypatch.setattr(app_module, "run_explorer", fake_run_explorer)
    return calls
