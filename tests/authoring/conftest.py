"""Fixtures for the authoring tests: the command line, run in-process."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from footpain_tui.cli import main


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``cli(*argv)``: run ``footpain-tui ARGV``; its exit code, standard output and error."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run
