"""Start-up inside the process: from the interpreter's first line to Textual's first frame.

    python benchmarks/bench_first_frame.py [--runs 20] [--size 100x30] [--other CHECKOUT]

Launches, in turn and ``--runs`` times each, the explorer as a bare ``footpain-tui`` starts
it (the console entry point with no arguments, as the tmux tool launches it: the bundled
tree, a fresh empty data folder through XDG_DATA_HOME) and ``bare_app.py``
(Header, Static, Footer), each on a fresh pseudo-terminal as ``bench_tui.py`` does. A few
lines run first in each child: they note the time, then time the first frame Textual
renders and exit there. So each launch reports the wall time and the process's CPU time to
its first frame, leaving out the terminal's parsing and any polling, which on a shared
machine scatter more than start-up itself. With ``--other`` another checkout of the project
(its package byte-compiled: ``python -m compileall -q CHECKOUT/footpain_tui``) is launched
the same way in the same turns, through this interpreter and its packages, so two versions
compare within one run. Medians, and ratios to the bare app's medians.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing
sys.path.insert(0, str(HERE))

from bare_app import DEFAULT_TEXT as BARE_TEXT  # noqa: E402
from bench_tui import PtyApp, log  # noqa: E402

# Runs first in the child: report (ms) "wall cpu" to a file at the first frame, and exit.
# Textual's compositor is patched as it is imported, so nothing is imported earlier than
# the program itself would (the explorer pauses the collector before its imports).
FIRST_FRAME = """
import time; T0 = time.perf_counter()
import os, sys, importlib.util

def first_frame(render_update):
    def timed(self, *args, **kwargs):
        render_update(self, *args, **kwargs)
        with open(os.environ["FIRST_FRAME_OUT"], "w") as out:
            out.write(f"{(time.perf_counter() - T0) * 1000:.2f} {time.process_time() * 1000:.2f}")
        os._exit(0)
    return timed

class PatchCompositor:
    def find_spec(self, name, path=None, target=None):
        if name != "textual._compositor":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        exec_module = spec.loader.exec_module
        def exec_and_patch(module):
            exec_module(module)
            module.Compositor.render_update = first_frame(module.Compositor.render_update)
        spec.loader.exec_module = exec_and_patch
        return spec

sys.meta_path.insert(0, PatchCompositor())
"""
# Launched bare, as tui_speed.sh launches it: its data folder comes from XDG_DATA_HOME.
RUN_EXPLORER = """
os.environ["XDG_DATA_HOME"] = os.path.join(sys.argv[1], "data")
sys.argv = ["footpain-tui"]
from footpain_tui.__main__ import *  # the console entry point's own start-up
"""
RUN_BARE = f"""
sys.argv = ["bare_app.py", {BARE_TEXT!r}]
exec(compile(open({str(HERE / "bare_app.py")!r}).read(), "bare_app.py", "exec"))
"""


@contextlib.contextmanager
def environment(**changes: str | None):
    """``os.environ`` with ``changes`` (None: left as it is) while the block runs."""
    saved = {name: os.environ.get(name) for name in changes}
    os.environ.update({name: value for name, value in changes.items() if value is not None})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def launch(code: str, size: tuple[int, int], python_path: str | None) -> tuple[float, float]:
    """One launch on a fresh pty, in a fresh folder (the explorer's data folder too):
    ``(wall ms, cpu ms)`` from its first line to its first frame."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch, "first_frame")
        with environment(FIRST_FRAME_OUT=str(out), PYTHONPATH=python_path):
            app = PtyApp([sys.executable, "-c", code, scratch], *size, cwd=Path(scratch))
        try:
            app.proc.wait(60)
        finally:
            app.close()
        if not out.exists():
            tail = bytes(app.all[-1500:]).decode(errors="replace")
            raise RuntimeError(f"no first frame; the app's last output:\n{tail}")
        wall, cpu = map(float, out.read_text().split())
        return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--size", default="100x30")
    parser.add_argument("--other", type=Path, help="another checkout to launch alongside")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    variants = {"bare app": (FIRST_FRAME + RUN_BARE, None)}
    variants["this checkout"] = (FIRST_FRAME + RUN_EXPLORER, str(REPO))
    if args.other:
        variants["other checkout"] = (FIRST_FRAME + RUN_EXPLORER, str(args.other.resolve()))
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    for run in range(args.runs + 1):  # the first turn warms the file cache and is dropped
        for name, (code, path) in variants.items():
            measured = launch(code, size, path)
            if run:
                times[name].append(measured)
        log(f"turn {run}/{args.runs}")
    bare_wall = statistics.median(w for w, _ in times["bare app"])
    bare_cpu = statistics.median(c for _, c in times["bare app"])
    print(f"size {args.size}, {args.runs} launches each, start to first frame (median)")
    for name, rows in times.items():
        wall = statistics.median(w for w, _ in rows)
        cpu = statistics.median(c for _, c in rows)
        print(
            f"{name:15s} wall {wall:6.1f} ms ({wall / bare_wall:.2f}x)   "
            f"cpu {cpu:6.1f} ms ({cpu / bare_cpu:.2f}x)"
        )


if __name__ == "__main__":
    main()
