"""Start-up without the cyclic garbage collector.

Start-up allocates tens of thousands of container objects (Textual's and our modules, the
tree, the widgets) and frees almost none of them, yet each automatic collection rescans
them: some 13 ms before the first question showed (measured inside the process, 2026-12). :func:`pause_for_startup` is the first thing the console
entry point does; :func:`resume_after_startup` runs before a headless command does its work
and, in the TUI, once the first screen is painted.
"""

from __future__ import annotations

import gc


def pause_for_startup() -> None:
    gc.disable()


def resume_after_startup() -> None:
    """Collect as usual from now on. What start-up made lives as long as the process, so it
    is frozen first: later collections never rescan it (and it is never collected)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
