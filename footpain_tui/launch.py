"""The console entry point (``footpain-tui``, ``python -m footpain_tui``): the collector
pauses before anything is imported (see :mod:`footpain_tui.core.collector`)."""

from __future__ import annotations

from .core.collector import pause_for_startup


def main() -> int:
    pause_for_startup()
    from .cli import main as cli_main

    return cli_main()
