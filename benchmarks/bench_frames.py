"""Key to frame inside the process: how long Textual and the explorer take to paint a move.

    python benchmarks/bench_frames.py [--rounds 5] [--size 120x40]

The explorer walks the bundled tree's longest walk (the keys of
``tui_speed_moves_plan.json``) under Textual's pilot, as on a terminal (the app is told it is
not headless, so a move paints the question first and the context after it). For every key
that moves to another question or to the result it times, from the key's posting:

* **first frame**: the first frame Textual renders after the key (the frame that shows the
  next question, which is what a key-to-screen tool sees);
* **settled**: the last frame rendered in the 0.3 s after the key (the path bar, the
  differential and the Footer follow the question; drawing ahead paints nothing).

The bare swap app (``bare_swap_app.py``: a key swaps a Static's text) is timed the same way.
Nothing is written to a terminal, so the figures leave out the terminal's own work and the
tmux tool's polling; they are steadier than either and show where a change helps. Medians
over ``--rounds`` fresh apps; the first round is a warm-up and not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing
sys.path.insert(0, str(HERE))

from bare_swap_app import BareSwapApp  # noqa: E402
from textual._compositor import Compositor  # noqa: E402

from footpain_tui.core.tree.bundled import default_tree_path  # noqa: E402
from footpain_tui.core.tree.loader import load_tree  # noqa: E402
from footpain_tui.ui.app import FootpainApp  # noqa: E402

SETTLE = 0.3  # seconds a key is given to settle, as a reader would wait at least
TMUX_KEYS = {"Enter": "enter", "space": "space"}


class Frames:
    """When Textual rendered each frame (perf_counter seconds)."""

    def __init__(self) -> None:
        self.times: list[float] = []
        real = Compositor.render_update

        def timed(compositor, *args, **kwargs):
            update = real(compositor, *args, **kwargs)
            self.times.append(time.perf_counter())
            return update

        Compositor.render_update = timed

    def after(self, t0: float) -> list[float]:
        return [t - t0 for t in self.times if t > t0]


def plan_keys() -> list[str]:
    plan = json.loads((HERE / "tui_speed_moves_plan.json").read_text())
    return [TMUX_KEYS.get(key, key) for key, _text in plan["steps"]]


async def time_keys(app, keys: list[str], moved, size, frames: Frames) -> list[tuple]:
    """``(key, first frame ms, settled ms)`` for each key after which ``moved()`` changed."""
    out = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause(SETTLE)
        for key in keys:
            before = moved()
            t0 = time.perf_counter()
            await pilot.press(key)
            await asyncio.sleep(SETTLE)
            if moved() != before:
                after = frames.after(t0)
                if after:
                    out.append((key, after[0] * 1000, after[-1] * 1000))
    return out


def explorer_walk(size) -> tuple[FootpainApp, callable]:
    app = FootpainApp(
        load_tree(default_tree_path()), record=False, predict=False, trainee="", offer_resume=False
    )
    return app, lambda: app.screen.session.current_id


def swap_app() -> tuple[BareSwapApp, callable]:
    app = BareSwapApp()
    return app, lambda: app.showing_a


def summary(rows: list[tuple]) -> str:
    firsts = [r[1] for r in rows]
    settled = [r[2] for r in rows]
    p90 = statistics.quantiles(firsts, n=10)[-1] if len(firsts) > 1 else firsts[0]
    return (
        f"first frame median {statistics.median(firsts):6.1f} ms, p90 {p90:6.1f}, "
        f"max {max(firsts):6.1f}; settled median {statistics.median(settled):6.1f} ms"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size", default="120x40")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    # As on a terminal: the explorer paints the question first (see ExploreScreen).
    FootpainApp.is_headless = property(lambda app: False)
    frames = Frames()
    keys = plan_keys()
    app_rows, result_rows, swap_rows = [], [], []
    for round_ in range(args.rounds + 1):
        app, moved = explorer_walk(size)
        rows = await time_keys(app, keys, moved, size, frames)
        bare, swapped = swap_app()
        swaps = await time_keys(bare, ["1"] * 10, swapped, size, frames)
        if round_:  # the first round warms caches and imports up
            app_rows += rows[:-1]
            result_rows += rows[-1:]
            swap_rows += swaps
        print(f"round {round_}: {len(rows)} moves, {len(swaps)} swaps", file=sys.stderr)
    app_first = statistics.median(r[1] for r in app_rows)
    swap_first = statistics.median(r[1] for r in swap_rows)
    print(f"size {args.size}, {args.rounds} rounds, {len(keys)} keys a walk")
    print(f"explorer, moves:      {summary(app_rows)}")
    print(f"explorer, the result: {summary(result_rows)}")
    print(f"bare swap app:        {summary(swap_rows)}")
    print(f"ratio of first-frame medians: {app_first / swap_first:.2f}x")


if __name__ == "__main__":
    asyncio.run(main())
