"""Start-up and keys with 10,000 session files in the data folder, against an empty one.

    python benchmarks/bench_sessions.py [--sessions 10000] [--rounds 5] [--keys 6]

The explorer looks for an unfinished walk to offer once the first question is on screen.
With many session files that search used to run on the UI thread, and the first keys after
the first paint waited for it (0.6 s with 10,000 files). It now runs in a thread worker and
reads only each file's first line until it finds a candidate.

Each round launches the real program on a pseudo-terminal (the launcher of
``bench_tui.py``) twice, alternating: once with an empty data folder and once with
``--sessions`` files. The files are the worst case for the search: finished walks on another
tree, so the explorer must look at every file and finds nothing to offer. The files are named
as the recorder names them (the tree and mode in the name: the search opens none of them);
``--old-names`` names them as before, so the search reads the first bytes of each.
``--against DIR`` runs the app from another checkout (``PYTHONPATH=DIR`` for the app only),
to measure a version from before the change the same way. Measured per launch: first paint (launch until the first question is
on screen), the first key (pressed the moment the first question shows) and the next
``--keys`` keys down the longest chain of questions, pressed one after another as each
answer shows, so they fall in the first second after the first paint, while the search
runs; each is timed from writing the key to the next question on screen. Reported:
medians (of the slowest key of each launch too), and each the ratio of the full folder to
the empty one, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing
sys.path.insert(0, str(HERE))

from bench_tui import Needles, PtyApp, footpain_argv, log, plan_walk  # noqa: E402

from footpain_tui.core.records.lines import dump_line  # noqa: E402
from footpain_tui.core.records.sessions import TreeStamp, session_file_name  # noqa: E402
from footpain_tui.core.tree.bundled import default_tree_path  # noqa: E402
from footpain_tui.core.tree.loader import load_tree  # noqa: E402
from footpain_tui.core.tree.walk import WalkSession  # noqa: E402


def fill_data_dir(folder: Path, count: int, old_names: bool = False) -> None:
    """``count`` finished training sessions on another tree, as the recorder writes them."""
    tree_path = default_tree_path()
    tree = load_tree(tree_path)
    stamp = TreeStamp.of(tree, tree_path).as_dict() | {"id": "another_tree"}
    walk = WalkSession(tree)
    first = walk.current
    walk.answer(1)
    step = {
        "question": tree.start,
        "choice": 1,
        "prompt": first.prompt,
        "answer": first.choices[1].label,
    }
    sessions = folder / "sessions"
    sessions.mkdir(parents=True)
    for i in range(count):
        session_id = f"{i:08x}"
        at = f"2025-01-{1 + i % 28:02d}T10:{i % 60:02d}:00Z"
        lines = [
            {
                "type": "begin",
                "at": at,
                "action": "begin",
                "session": session_id,
                "mode": "training",
                "case": "case_a",
                "case_title": "A case",
                "story": "A patient story of a few sentences. " * 8,
                "tree": stamp,
                "start": tree.start,
                "keep": 0,
                "add": [],
                "node": tree.start,
            },
            {
                "type": "step",
                "at": at,
                "action": "answer",
                "keep": 0,
                "add": [step],
                "node": walk.current_id,
            },
            {
                "type": "finish",
                "at": at,
                "action": "finish",
                "node": walk.current_id,
                "result": None,
                "verdict": None,
            },
        ]
        started = f"2025{1 + i % 12:02d}{1 + i % 28:02d}T10{i % 60:02d}00.{i:06d}Z"
        if old_names:  # as named before the mode and tree were in the name
            name = f"{started}-{session_id}.jsonl"
        else:
            name = session_file_name(started, "training", stamp["id"], session_id)
        (sessions / name).write_bytes(b"".join(dump_line(line) for line in lines))


def one_launch(
    argv: list[str], cwd: Path, plan, needles: Needles, keys: int
) -> tuple[float, float, list[float]]:
    app = PtyApp(argv, 100, 30, cwd)
    try:
        painted = app.wait_for([needles.prompt(plan.chain[0])])
        paint = (painted - app.launched) * 1000
        times = []
        for key, reached in plan.steps[: keys + 1]:
            sent = app.press(key)
            times.append((app.wait_for([needles.prompt(plan.chain[reached])], 30) - sent) * 1000)
        return paint, times[0], times[1:]
    finally:
        app.settle(0.05, 1.0)
        app.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keys", type=int, default=6, help="keys after the first, per launch")
    parser.add_argument("--against", metavar="DIR", help="run the app from this checkout")
    parser.add_argument(
        "--old-names",
        action="store_true",
        help="name the files <started>-<id>.jsonl, as before the tree and mode were in the name",
    )
    args = parser.parse_args(argv)
    if args.against:  # only the launched apps: this process keeps its own footpain_tui
        os.environ["PYTHONPATH"] = str(Path(args.against).resolve())

    work = Path(tempfile.mkdtemp(prefix="bench_sessions-"))
    try:
        tree_path = default_tree_path()
        tree = load_tree(tree_path)
        needles = Needles(tree, 100 - 32 - 4)
        plan = plan_walk(tree, args.keys + 1)
        full = work / "full"
        t0 = time.perf_counter()
        fill_data_dir(full, args.sessions, args.old_names)
        generated = set((full / "sessions").iterdir())
        log(f"[setup] {args.sessions} session files written in {time.perf_counter() - t0:.1f} s")
        results: dict[str, dict[str, list[float]]] = {
            label: {"paint": [], "first": [], "keys": [], "slowest": []}
            for label in ("empty", "full")
        }
        for round_ in range(-1, args.rounds):  # round -1 warms caches and is not counted
            order = ["empty", "full"] if round_ % 2 else ["full", "empty"]
            for label in order:
                cwd = work / f"run-{round_}-{label}"
                cwd.mkdir()
                data = full if label == "full" else cwd / "data"
                paint, first, rest = one_launch(
                    footpain_argv(tree_path, data), cwd, plan, needles, args.keys
                )
                for left in set((full / "sessions").iterdir()) - generated:
                    left.unlink()  # this launch's walk: the next one must not be offered it
                if round_ >= 0:
                    results[label]["paint"].append(paint)
                    results[label]["first"].append(first)
                    results[label]["keys"].extend(rest)
                    results[label]["slowest"].append(max(first, *rest))
                log(
                    f"    round {round_ + 1} {label:5}: first paint {paint:6.1f} ms, first key"
                    f" {first:6.1f} ms, then median {statistics.median(rest):5.1f} ms,"
                    f" slowest {max(first, *rest):6.1f} ms"
                )
        log("")
        log(f"{'measure (median)':<30} {'empty':>10} {f'{args.sessions} files':>12} {'ratio':>7}")
        for key, title in (
            ("paint", "first paint ms"),
            ("first", "first key after paint ms"),
            ("keys", "later keys ms"),
            ("slowest", "slowest key of a launch ms"),
        ):
            empty = statistics.median(results["empty"][key])
            loaded = statistics.median(results["full"][key])
            log(f"{title:<30} {empty:>10.1f} {loaded:>12.1f} {loaded / empty:>6.2f}x")
        worst = max(results["full"]["slowest"])
        log(f"slowest key of any launch with {args.sessions} files: {worst:.1f} ms")
        log(
            f"python {sys.version.split()[0]}, {os.cpu_count()} cpus,"
            f" load {os.getloadavg()[0]:.2f}; {args.rounds} rounds"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
