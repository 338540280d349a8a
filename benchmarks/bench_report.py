"""``footpain-tui report`` over a class: 30 trainees x 50 training walks each, by default.

    python benchmarks/bench_report.py [--trainees 30] [--sessions 50] [--rounds 5] [--keep DIR]

The sessions are written by the real recorder (``SessionRecorder``), walking the bundled
tree through its training cases as a trainee would: mostly the case's answers, now and then
another choice (then the walk goes on by chance to a result), sometimes a step back and a
new answer; each walk ends with its verdict, as the training screen records it. Each
trainee's walks go into a folder of their own (``DIR/<trainee>/sessions``), as when a class's
folders are copied together, and the report reads all 30 folders.

Measured, in fresh processes, best of ``--rounds`` (the machine is shared and noisy):

* **read bytes**: merely reading every session file (open, read, close), in Python;
* **report md | json | html**: ``footpain-tui report --data-dir ... --format F --output F``,
  the whole command as a teacher runs it (Python start-up and imports included);
* inside one process, where the time goes: reading and parsing the records
  (``read_class_sessions``), adding them up (``build_report``), and each renderer (the HTML
  one imports pygal and draws its charts).

Ratios are against reading the bytes; the target is the whole command under 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

from footpain_tui.core.records.recorder import SessionRecorder  # noqa: E402
from footpain_tui.core.records.sessions import TreeStamp  # noqa: E402
from footpain_tui.core.training.case_file import load_cases  # noqa: E402
from footpain_tui.core.training.verdicts import case_walk, compute_verdict  # noqa: E402
from footpain_tui.core.tree.bundled import default_cases_path, default_tree_path  # noqa: E402
from footpain_tui.core.tree.graph import TreeIndex  # noqa: E402
from footpain_tui.core.tree.loader import load_tree  # noqa: E402
from footpain_tui.core.tree.model import Question  # noqa: E402

TARGET_SECONDS = 2.0
FIRST_NAMES = [
    "Ada",
    "Amir",
    "Bea",
    "Chen",
    "Dara",
    "Eli",
    "Femi",
    "Gita",
    "Hana",
    "Ivo",
    "Jana",
    "Kofi",
    "Lena",
    "Mika",
    "Nia",
    "Omar",
    "Pia",
    "Quin",
    "Rafa",
    "Sana",
    "Teo",
    "Uma",
    "Vik",
    "Wren",
    "Xena",
    "Yusuf",
    "Zoe",
    "Alba",
    "Bram",
    "Cleo",
    "Dev",
    "Esme",
    "Finn",
    "Gus",
    "Ines",
    "Jude",
]


def walk_case(session, case, rng: random.Random, recorder: SessionRecorder, skill: float) -> None:
    """Answer as a trainee of ``skill`` (the chance of each expected answer) would, recording
    as the training screen does: the session file starts with the first answer."""
    scripted = {a.question: a.answer for a in case.answers}
    lost = False
    while not session.finished:
        node = session.current
        assert isinstance(node, Question)
        expected = scripted.get(session.current_id)
        if expected is not None and not lost and rng.random() < skill:
            session.answer_text(expected)
        else:
            lost = True
            session.answer(rng.randrange(len(node.choices)))
        if recorder.session_id is None:
            recorder.begin(session, "training", case=case, flush=False)
        else:
            recorder.record(session, "answer", flush=False)
        if not session.finished and len(session.steps) > 1 and rng.random() < 0.05:
            session.back()  # a second thought
            recorder.record(session, "back", flush=False)


def write_class(root: Path, trainees: int, sessions: int, seed: int = 14) -> int:
    """``trainees`` folders of ``sessions`` finished training walks each; returns the bytes."""
    rng = random.Random(seed)
    tree_path = default_tree_path()
    tree = load_tree(tree_path)
    index = TreeIndex(tree)
    cases = load_cases(default_cases_path()).cases
    stamp = TreeStamp.of(tree, tree_path)
    for t in range(trainees):
        name = f"{FIRST_NAMES[t % len(FIRST_NAMES)]} {t + 1:02d}"
        folder = root / f"trainee{t + 1:02d}"
        skill = rng.uniform(0.75, 0.97)
        for _ in range(sessions):
            case = rng.choice(cases)
            recorder = SessionRecorder.open(folder, tree, tree_path, stamp)
            recorder.trainee = name
            session = case_walk(case, tree, index)
            walk_case(session, case, rng, recorder, skill)
            recorder.finish(session, compute_verdict(case, session, tree, index), flush=False)
            recorder.close()
            assert recorder.error is None, recorder.error
    return sum(f.stat().st_size for f in root.rglob("*.jsonl"))


_READ_BYTES = """
import os, sys, time
start = time.perf_counter()
total = 0
for folder in sys.argv[1:]:
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as handle:
            total += len(handle.read())
print(time.perf_counter() - start)
"""

_IN_PROCESS = """
import json, sys, time
t0 = time.perf_counter()
from footpain_tui.core.records.class_report import build_report, read_class_sessions
from footpain_tui.core.records import report_render
t1 = time.perf_counter()
sessions = read_class_sessions(sys.argv[1:])
t2 = time.perf_counter()
report = build_report(sessions)
t3 = time.perf_counter()
times = {"import": t1 - t0, "read": t2 - t1, "build": t3 - t2}
for fmt in ("md", "json", "html"):
    start = time.perf_counter()
    report_render.render(report, fmt)
    times[fmt] = time.perf_counter() - start
times["sessions"] = len(sessions.records)
times["attempts"] = report.overall.attempts
print(json.dumps(times))
"""


def best(command: list[str], rounds: int, parse=None) -> float | dict:
    results = []
    for _ in range(rounds):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{command[:4]}... failed ({done.returncode}):\n{done.stderr}")
        results.append(parse(done.stdout) if parse else elapsed)
    if isinstance(results[0], dict):
        return {k: min(r[k] for r in results) for k in results[0]}
    return min(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=30)
    parser.add_argument("--sessions", type=int, default=50, help="training walks per trainee")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", metavar="DIR", help="write the class here and keep it")
    args = parser.parse_args(argv)

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_report-"))
    try:
        start = time.perf_counter()
        size = write_class(work / "class", args.trainees, args.sessions)
        folders = sorted(str(p / "sessions") for p in (work / "class").iterdir())
        files = sum(len(os.listdir(f)) for f in folders)
        print(
            f"[setup] {files} session files ({size / 2**20:.1f} MiB) in {len(folders)} folders,"
            f" written by the recorder in {time.perf_counter() - start:.1f} s",
            flush=True,
        )
        data_dirs = [arg for folder in folders for arg in ("--data-dir", str(Path(folder).parent))]
        python = [sys.executable]
        # A first run fills the disk cache: not counted.
        subprocess.run(
            [*python, "-m", "footpain_tui", "report", *data_dirs, "--format", "html", "-o", "-"],
            capture_output=True,
            check=True,
        )
        read = best([*python, "-c", _READ_BYTES, *folders], args.rounds, float)
        startup = best([*python, "-c", "import footpain_tui.cli"], args.rounds)
        rows = [("read bytes (in Python)", read)]
        # The formats take turns in each round, so a burst of load elsewhere on the machine
        # does not fall on one format only.
        times: dict[str, list[float]] = {fmt: [] for fmt in ("md", "json", "html")}
        for _ in range(args.rounds):
            for fmt, runs in times.items():
                command = [*python, "-m", "footpain_tui", "report", *data_dirs, "--format", fmt]
                runs.append(best([*command, "-o", str(work / f"report.{fmt}")], 1))
        rows += [(f"footpain-tui report --format {fmt}", min(runs)) for fmt, runs in times.items()]
        inside = best([*python, "-c", _IN_PROCESS, *folders], args.rounds, json.loads)
        print()
        print(f"{'measure (best of ' + str(args.rounds) + ')':<40} {'seconds':>8} {'x read':>8}")
        for label, seconds in rows:
            print(f"{label:<40} {seconds:>8.3f} {seconds / read:>7.1f}x")
        print(f"{'  python start-up + import cli':<40} {startup:>8.3f}")
        for key, label in (
            ("import", "  in process: import report modules"),
            ("read", "  in process: read_class_sessions"),
            ("build", "  in process: build_report"),
            ("md", "  in process: render md"),
            ("json", "  in process: render json"),
            ("html", "  in process: render html (pygal)"),
        ):
            print(f"{label:<40} {inside[key]:>8.3f} {inside[key] / read:>7.1f}x")
        slowest = max(seconds for label, seconds in rows[1:])
        verdict = "met" if slowest < TARGET_SECONDS else "MISSED"
        print(
            f"\n{int(inside['sessions'])} sessions, {int(inside['attempts'])} attempts; slowest"
            f" format {slowest:.2f} s: target < {TARGET_SECONDS:.0f} s {verdict}"
        )
        print(
            f"python {sys.version.split()[0]}, {os.cpu_count()} cpus,"
            f" load {os.getloadavg()[0]:.2f}; {args.rounds} rounds"
        )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
