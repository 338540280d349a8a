"""How fast the explorer paints and answers keys, in a real pseudo-terminal, against bare Textual apps.

    python benchmarks/bench_tui.py [--nodes 50000] [--rounds 5] [--steps 50] [--size 100x30]

Every app is launched the same way: ``sys.executable`` in a fresh pseudo-terminal
(``os.openpty``; the window size set with TIOCSWINSZ; TERM=xterm-256color; COLUMNS/LINES
removed so Textual asks the tty), with a fresh empty ``--data-dir`` per footpain launch so
no resume dialog appears. The benchmark reads everything the app writes, strips the escape
sequences and says a text is "on screen" when it appears in what was written after the
moment of interest (the launch or the key press). Every launch shares this process's
validation cache (``XDG_CACHE_HOME`` is inherited), which the ``load_tree`` here fills
first, so every launch measures the start-up of a tree already validated, as users see it
after the first run.

Measured, per tree (the bundled foot-pain tree, then a generated ``--nodes`` tree):

* first paint: launch until the first question's prompt is on screen, ``--rounds`` times,
  alternating with ``bare_app.py`` (Header + Static + Footer) until its text is on screen;
* key-to-screen: a scripted ``--steps`` walk down and up the longest chain of questions
  (digit keys down, on a checklist the number then enter, or enter alone once it is ticked;
  ``b`` back up); each step is timed from writing its last key to the next
  prompt being on screen; against ``bare_swap_app.py``, whose keys swap a Static's text;
* ticking a checklist's choice: its number until the hint counts the tick ("1 ticked"),
  reported apart (no baseline);
* opening the tree map (``m``): key until the map's root line, and until the current node
  (marked with a diamond) is on screen, after walking to the bottom of that chain.

Targets (from the issue): first paint <= 1.3x the bare app; key-to-screen median < 33 ms
and <= 2x the bare swap app; the same on the big tree.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import math
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing

from footpain_tui.core.tree.bundled import default_tree_path  # noqa: E402
from footpain_tui.core.tree.loader import load_tree  # noqa: E402
from footpain_tui.core.tree.model import Question, Tree  # noqa: E402

sys.path.insert(0, str(HERE))
from bare_app import DEFAULT_TEXT as BARE_TEXT  # noqa: E402
from bare_swap_app import TEXT_A as SWAP_A  # noqa: E402
from bare_swap_app import TEXT_B as SWAP_B  # noqa: E402

TARGET_FIRST_PAINT_RATIO = 1.3
TARGET_KEY_MS = 33.0
TARGET_KEY_RATIO = 2.0
CURRENT_MARK = "\u25c6 "  # the map marks the current node with a diamond

# CSI (incl. private modes), OSC (BEL or ST terminated), DCS/APC/PM/SOS, charset designation,
# then any other two-byte escape.
_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    rb"|\x1b[P_^X][^\x1b]*\x1b\\"
    rb"|\x1b[()*+][0-9A-Za-z]"
    rb"|\x1b[@-Z\\-~]"
)


def screen_text(raw: bytes) -> str:
    """The printable text in raw terminal output: escape sequences and controls removed."""
    text = _ESCAPES.sub(b"", raw).decode("utf-8", "replace")
    return text.translate({c: None for c in range(32) if c not in (9, 10)})


def log(message: str) -> None:
    print(message, flush=True)


# -- a child process on a pseudo-terminal ------------------------------------------------------
def _child_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("COLUMNS", "LINES", "NO_COLOR", "TERM_PROGRAM", "PYTHONPROFILEIMPORTTIME")
        and not k.startswith("TEXTUAL")
    }
    env["TERM"] = "xterm-256color"
    env.setdefault("LANG", "C.UTF-8")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _make_controlling_tty() -> None:  # runs in the child, after setsid()
    with contextlib.suppress(OSError):
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyApp:
    """One launch of ``argv`` on a fresh pty; collects output and timestamps what arrives."""

    def __init__(self, argv: list[str], cols: int, rows: int, cwd: Path) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.fd = master
        self.all = bytearray()  # everything, for error messages
        self.since = bytearray()  # output since the last mark()
        self.eof = False
        self.last_arrival = 0.0
        self.launched = time.perf_counter()
        self.proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=_child_env(),
            start_new_session=True,
            preexec_fn=_make_controlling_tty,
        )
        os.close(slave)

    def mark(self) -> None:
        self.since.clear()

    def _read(self, timeout: float) -> float | None:
        """Read what is there (waiting up to ``timeout``); the time it arrived, or None."""
        if self.eof:
            return None
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the child closed the terminal
            data = b""
        now = time.perf_counter()
        if not data:
            self.eof = True
            return None
        self.all += data
        self.since += data
        self.last_arrival = now
        return now

    def wait_for(self, needles: list[str], timeout: float = 60.0) -> float:
        """Time at which the last of ``needles`` arrived (in output since mark())."""
        deadline = time.perf_counter() + timeout
        if self.since and all(n in screen_text(bytes(self.since)) for n in needles):
            return self.last_arrival
        while True:
            left = deadline - time.perf_counter()
            if left <= 0 or self.eof:
                break
            arrived = self._read(left)
            if arrived is None:
                continue
            text = screen_text(bytes(self.since))
            if all(n in text for n in needles):
                return arrived
        state = "exited" if self.eof else "timed out"
        tail = screen_text(bytes(self.all[-4000:]))[-1500:]
        raise RuntimeError(f"{state} waiting for {needles!r}; last output:\n{tail}")

    def settle(self, quiet: float = 0.15, cap: float = 3.0) -> float:
        """Drain output until nothing arrives for ``quiet`` seconds (at most ``cap``).

        Returns when the last output arrived: after a key, the moment the screen settled.
        """
        deadline = time.perf_counter() + cap
        while time.perf_counter() < deadline:
            if self._read(quiet) is None:
                break
        return self.last_arrival

    def press(self, key: str) -> float:
        """Write ``key``; the time just before the write (taking it after could miss a
        response that arrives while this process is descheduled)."""
        self.mark()
        sent = time.perf_counter()
        os.write(self.fd, key.encode())
        return sent

    def close(self, quit_key: str = "q", timeout: float = 10.0) -> None:
        try:
            if self.proc.poll() is None:
                os.write(self.fd, quit_key.encode())
            deadline = time.perf_counter() + timeout
            while self.proc.poll() is None and time.perf_counter() < deadline:
                self._read(0.05)
            if self.proc.poll() is None:
                log(f"    (pid {self.proc.pid} did not quit on {quit_key!r}; killing it)")
                for sig in (signal.SIGTERM, signal.SIGKILL):
                    try:
                        os.killpg(self.proc.pid, sig)
                    except ProcessLookupError:
                        break
                    try:
                        self.proc.wait(2)
                        break
                    except subprocess.TimeoutExpired:
                        continue
        finally:
            self.proc.wait()
            os.close(self.fd)


# -- what to expect on screen -------------------------------------------------------------------
def _visible_texts(tree: Tree) -> str:
    """Text that can be on screen while a question is shown: a haystack for needle checks."""
    parts = [tree.meta.title]
    for node in tree.nodes.values():
        if isinstance(node, Question):
            parts += [node.prompt, node.why or ""]
            parts += [c.label for c in node.choices]
        else:
            parts.append(node.title)
    parts += [c.name for c in tree.conditions.values()]
    return "\n".join(parts)


class Needles:
    """A short prefix of each prompt that occurs nowhere else in the tree's visible text.

    The prefix sits on the prompt's first screen line, so the terminal receives it in one
    piece (Textual moves the cursor only between lines and between widgets).
    """

    def __init__(self, tree: Tree, line_width: int) -> None:
        self.tree = tree
        self.line_width = line_width
        self.haystack = _visible_texts(tree)
        self._cache: dict[str, str] = {}

    def prompt(self, node_id: str) -> str:
        if node_id in self._cache:
            return self._cache[node_id]
        prompt = self.tree.nodes[node_id].prompt
        own = self.haystack.count(prompt)
        first_line = (
            prompt[: self.line_width].rsplit(" ", 1)[0] if len(prompt) > self.line_width else prompt
        )
        needle = first_line
        for length in range(min(12, len(first_line)), len(first_line) + 1):
            candidate = first_line[:length]
            if self.haystack.count(candidate) == own:
                needle = candidate
                break
        self._cache[node_id] = needle
        return needle


ENTER = "\r"
TICKED_ONE = "1 ticked"  # the checklist hint once one choice is ticked


@dataclass
class WalkPlan:
    """``steps``: the keys of each step and the chain index it reaches. A step down from a
    checklist ticks the choice (its number) and confirms (enter); the explorer keeps the
    ticks of a checklist, so on a later visit the step is enter alone."""

    chain: list[str]  # question ids from the start, each reached by ``keys[i]`` from the last
    keys: list[str]
    steps: list[tuple[tuple[str, ...], int]] = field(default_factory=list)
    ticked: set[str] = field(default_factory=set)  # checklists ticked once the steps are taken

    def down_keys(self, tree: Tree, at: int, ticked: set[str]) -> tuple[str, ...]:
        """The keys that go from ``chain[at - 1]`` to ``chain[at]``."""
        parent = self.chain[at - 1]
        if not tree.nodes[parent].multiple:
            return (self.keys[at],)
        if parent in ticked:
            return (ENTER,)
        ticked.add(parent)
        return (self.keys[at], ENTER)


def plan_walk(tree: Tree, steps: int) -> WalkPlan:
    """Down the longest chain of questions reachable with keys 1-9, back up with b, repeated."""
    memo: dict[str, tuple[int, int | None]] = {}

    def longest(node_id: str) -> int:
        order, stack = [], [node_id]
        while stack:  # iterative post-order, so a deep tree cannot overflow the stack
            nid = stack.pop()
            if nid in memo:
                continue
            order.append(nid)
            node = tree.nodes[nid]
            for choice in node.choices[:9]:
                if isinstance(tree.nodes[choice.next], Question) and choice.next not in memo:
                    stack.append(choice.next)
        for nid in reversed(order):
            if nid in memo:
                continue
            best, pick = 0, None
            for i, choice in enumerate(tree.nodes[nid].choices[:9]):
                child = tree.nodes[choice.next]
                if isinstance(child, Question) and choice.next in memo:
                    length = 1 + memo[choice.next][0]
                    if length > best:
                        best, pick = length, i
            memo[nid] = (best, pick)
        return memo[node_id][0]

    if not isinstance(tree.nodes[tree.start], Question):
        raise SystemExit("the tree's start is a result: nothing to walk")
    if longest(tree.start) == 0:
        raise SystemExit("no question follows the start question: cannot script a walk")
    chain, keys = [tree.start], [""]
    while memo[chain[-1]][1] is not None:
        pick = memo[chain[-1]][1]
        keys.append(str(pick + 1))
        chain.append(tree.nodes[chain[-1]].choices[pick].next)
    plan = WalkPlan(chain, keys)
    at, down, ticked = 0, True, set()
    for _ in range(steps):
        if down and at == len(chain) - 1:
            down = False
        elif not down and at == 0:
            down = True
        at = at + 1 if down else at - 1
        plan.steps.append((plan.down_keys(tree, at, ticked) if down else ("b",), at))
    plan.ticked = ticked
    return plan


# -- measurements --------------------------------------------------------------------------------
def footpain_argv(tree_path: Path, data_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "footpain_tui",
        "explore",
        str(tree_path),
        "--data-dir",
        str(data_dir),
    ]


def bare_argv() -> list[str]:
    return [sys.executable, str(HERE / "bare_app.py")]


def swap_argv() -> list[str]:
    return [sys.executable, str(HERE / "bare_swap_app.py")]


class Bench:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.cols, self.rows = args.cols, args.rows
        self.work = work
        self.launches = 0

    def launch(self, argv: list[str]) -> PtyApp:
        self.launches += 1
        cwd = self.work / f"launch-{self.launches:03d}"
        cwd.mkdir()
        if "--data-dir" in argv:  # a fresh, empty data dir: no resume dialog
            argv = [*argv[:-1], str(cwd / "data")]
        return PtyApp(argv, self.cols, self.rows, cwd)

    def first_paint(self, argv: list[str], needle: str) -> float:
        app = self.launch(argv)
        try:
            return (app.wait_for([needle]) - app.launched) * 1000
        finally:
            app.settle(0.05, 1.0)
            app.close()

    def first_paints(
        self, fp_argv: list[str], fp_needle: str, rounds: int, label: str
    ) -> tuple[list[float], list[float]]:
        log(f"[{label}] first paint: 1 warm-up + {rounds} rounds, alternating footpain / bare app")
        self.first_paint(fp_argv, fp_needle)  # warm the page cache and bytecode
        self.first_paint(bare_argv(), BARE_TEXT)
        ours, bare = [], []
        for i in range(rounds):
            pair = [("fp", fp_argv, fp_needle), ("bare", bare_argv(), BARE_TEXT)]
            if i % 2:
                pair.reverse()
            for who, argv, needle in pair:
                ms = self.first_paint(argv, needle)
                (ours if who == "fp" else bare).append(ms)
            log(f"    round {i + 1}: footpain {ours[-1]:7.1f} ms   bare {bare[-1]:7.1f} ms")
        return ours, bare

    def walk(
        self, fp_argv: list[str], plan: WalkPlan, needles: Needles, label: str, map_opens: int
    ) -> tuple[list[float], list[float], list[tuple[float, float]], list[float]]:
        log(
            f"[{label}] key-to-screen: {len(plan.steps)} steps over a chain of {len(plan.chain)} questions"
        )
        app = self.launch(fp_argv)
        times, settled, map_times, toggles = [], [], [], []

        def tick(key: str) -> None:
            """A checklist's number: until the hint counts the tick (timed apart)."""
            sent = app.press(key)
            toggles.append((app.wait_for([TICKED_ONE], 30) - sent) * 1000)
            app.settle()

        try:
            app.wait_for([needles.prompt(plan.chain[0])])
            app.settle(0.2, 5.0)
            at = 0
            for keys, reached in plan.steps:
                for key in keys[:-1]:
                    tick(key)
                sent = app.press(keys[-1])
                times.append(
                    (app.wait_for([needles.prompt(plan.chain[reached])], 30) - sent) * 1000
                )
                settled.append((app.settle() - sent) * 1000)
                at = reached
            ticked = set(plan.ticked)
            while at < len(plan.chain) - 1:  # to the bottom, so the map opens a long path
                at += 1
                *ticks, key = plan.down_keys(needles.tree, at, ticked)
                for tick_key in ticks:
                    tick(tick_key)
                app.press(key)
                app.wait_for([needles.prompt(plan.chain[at])], 30)
                app.settle()
            if map_opens:
                log(f"[{label}] tree map: {map_opens} opens at depth {at}")
            here = needles.prompt(plan.chain[at])
            # Map drawn: its root (the start question) is on screen. The current node is on
            # screen: its line, the diamond then the label of the answer that led to it.
            tree = needles.tree
            root = needles.prompt(tree.start)  # after the mark and any [RED FLAG] tag
            if at == 0:  # the root is the current node
                current = root
            else:
                parent = tree.nodes[plan.chain[at - 1]]
                current = CURRENT_MARK + parent.choices[int(plan.keys[at]) - 1].label[:12]
            for _ in range(map_opens):
                sent = app.press("m")
                help_at = app.wait_for([root], 60)
                current_at = app.wait_for([root, current], 60)
                map_times.append(((help_at - sent) * 1000, (current_at - sent) * 1000))
                app.settle()
                app.press("m")  # m closes the map too
                app.wait_for([here], 30)
                app.settle()
        finally:
            app.close()
        return times, settled, map_times, toggles

    def swap_walk(self, steps: int, label: str) -> tuple[list[float], list[float]]:
        log(f"[{label}] key-to-screen: bare swap app, {steps} steps")
        app = self.launch(swap_argv())
        keys = ["1", "b", "2", "b"]
        times, settled = [], []
        try:
            app.wait_for([SWAP_A[:20]])
            app.settle(0.2, 5.0)
            showing_a = True
            for i in range(steps):
                sent = app.press(keys[i % len(keys)])
                showing_a = not showing_a
                want = (SWAP_A if showing_a else SWAP_B)[:20]
                times.append((app.wait_for([want], 30) - sent) * 1000)
                settled.append((app.settle() - sent) * 1000)
        finally:
            app.close()
        return times, settled


# -- report ---------------------------------------------------------------------------------------
def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


@dataclass
class TreeReport:
    label: str
    paint_fp: list[float]
    paint_bare: list[float]
    keys_fp: list[float]
    keys_swap: list[float]
    settled_fp: list[float]
    settled_swap: list[float]
    maps: list[tuple[float, float]]
    toggles: list[float] = field(default_factory=list)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def print_table(reports: list[TreeReport], notes: list[str]) -> None:
    log("")
    log("=" * 96)
    head = f"{'tree':<16} {'measure':<26} {'footpain':>16} {'baseline':>16} {'ratio':>7}  target"
    log(head)
    log("-" * 96)
    for r in reports:
        fp, bare = statistics.median(r.paint_fp), statistics.median(r.paint_bare)
        ratio = fp / bare
        log(
            f"{r.label:<16} {'first paint median ms':<26} {fp:>16.1f} {bare:>16.1f} {ratio:>6.2f}x"
            f"  <=1.3x {verdict(ratio <= TARGET_FIRST_PAINT_RATIO)}"
        )
        kf, ks = statistics.median(r.keys_fp), statistics.median(r.keys_swap)
        ratio = kf / ks
        log(
            f"{'':<16} {'key-to-screen median/p90':<26} "
            f"{f'{kf:.1f} / {p90(r.keys_fp):.1f}':>16} {f'{ks:.1f} / {p90(r.keys_swap):.1f}':>16}"
            f" {ratio:>6.2f}x  <33ms {verdict(kf < TARGET_KEY_MS)},"
            f" <=2x {verdict(ratio <= TARGET_KEY_RATIO)}"
        )
        log(
            f"{'':<16} {'key-to-screen min/max ms':<26} "
            f"{f'{min(r.keys_fp):.1f} / {max(r.keys_fp):.1f}':>16} "
            f"{f'{min(r.keys_swap):.1f} / {max(r.keys_swap):.1f}':>16}"
        )
        sf, ss = statistics.median(r.settled_fp), statistics.median(r.settled_swap)
        log(
            f"{'':<16} {'key-to-settled median/p90':<26} "
            f"{f'{sf:.1f} / {p90(r.settled_fp):.1f}':>16} {f'{ss:.1f} / {p90(r.settled_swap):.1f}':>16}"
            f" {sf / ss:>6.2f}x  (last byte of the response; info)"
        )
        if r.toggles:
            log(
                f"{'':<16} {'tick on a checklist median':<26} "
                f"{f'{statistics.median(r.toggles):.1f} / {p90(r.toggles):.1f}':>16}"
                f"   ({len(r.toggles)} ticks: a number until the hint counts it; info)"
            )
        if r.maps:
            helps = [h for h, _ in r.maps]
            currents = [c for _, c in r.maps]
            rest = currents[1:] or currents
            log(
                f"{'':<16} {'map open: root / current':<26} "
                f"{f'{statistics.median(helps):.1f} / {statistics.median(currents):.1f}':>16}"
                f"   (first open {currents[0]:.1f} ms, later median {statistics.median(rest):.1f} ms)"
            )
    log("-" * 96)
    for note in notes:
        log(note)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=50_000, help="big tree size (0 skips it)")
    parser.add_argument("--big-tree", help="use this tree instead of generating one")
    parser.add_argument("--rounds", type=int, default=5, help="first-paint launches per app")
    parser.add_argument("--steps", type=int, default=50, help="keys per scripted walk")
    parser.add_argument("--map-opens", type=int, default=5, help="tree map opens per tree")
    parser.add_argument("--size", default="100x30", help="terminal COLSxROWS")
    args = parser.parse_args(argv)
    args.cols, args.rows = (int(v) for v in args.size.lower().split("x"))
    # The prompt's first line: the stage beside the differential (shown from 100 columns)
    # minus BranchPanel's padding and a red-flag tag (see explore.tcss, branch_panel.py).
    line_width = args.cols - (33 if args.cols >= 100 else 0) - 3 - 13

    work = Path(tempfile.mkdtemp(prefix="bench_tui-"))
    head = subprocess.run(
        ["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True, text=True
    ).stdout.strip()
    notes = [
        f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, load {os.getloadavg()[0]:.2f}, "
        f"pty {args.cols}x{args.rows}, TERM=xterm-256color, footpain at {head or '?'}; "
        "times are medians over the rounds"
    ]
    trees: list[tuple[str, Path]] = [("bundled", default_tree_path())]
    if args.big_tree:
        trees.append((Path(args.big_tree).stem, Path(args.big_tree)))
    elif args.nodes:
        out = work / f"big_{args.nodes}.json"
        log(f"[setup] generating a {args.nodes}-node tree with benchmarks/make_big_tree.py")
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, str(HERE / "make_big_tree.py"), str(args.nodes), str(out)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        gen = time.perf_counter() - t0
        size = out.stat().st_size / 2**20
        notes.append(
            f"{args.nodes}-node tree generated in {gen:.2f} s ({size:.1f} MiB), not counted above"
        )
        trees.append((f"{args.nodes // 1000}k nodes", out))

    bench = Bench(args, work)
    reports = []
    try:
        for label, path in trees:
            t0 = time.perf_counter()
            tree = load_tree(path)
            log(
                f"[{label}] {path.name}: {len(tree.nodes)} nodes, loaded here in {time.perf_counter() - t0:.2f} s"
            )
            needles = Needles(tree, line_width)
            plan = plan_walk(tree, args.steps)
            fp_argv = footpain_argv(path, work / "placeholder")
            start_needle = needles.prompt(tree.start)
            log(f"[{label}] waiting for {start_needle!r} at start")
            paint_fp, paint_bare = bench.first_paints(fp_argv, start_needle, args.rounds, label)
            keys_fp, settled_fp, maps, toggles = bench.walk(
                fp_argv, plan, needles, label, args.map_opens
            )
            keys_swap, settled_swap = bench.swap_walk(args.steps, label)
            reports.append(
                TreeReport(
                    label,
                    paint_fp,
                    paint_bare,
                    keys_fp,
                    keys_swap,
                    settled_fp,
                    settled_swap,
                    maps,
                    toggles,
                )
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(reports, notes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
