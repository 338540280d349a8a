"""How long loading, validating and linting a tree takes, against plain ``json.load``.

    python benchmarks/bench_load.py [--sizes 1000,10000,50000,200000] [--fresh]

For each size it writes a lint-clean tree (benchmarks/make_big_tree.py; cached in the temp
folder, --fresh rewrites it), then in fresh subprocesses, so sizes do not pollute each other:

* times plain ``json.load`` and the core pipeline as a command that opens a tree runs it
  (``load_tree`` + ``TreeIndex`` + ``lint_tree(warnings=False)``: the errors, which decide
  whether the tree may be walked), best of a few runs each, and prints their ratio. The
  pipeline is timed cold (the validation cache emptied before each run, so ``load_tree``
  validates with pydantic, as for a new or edited file) and warm (a validation cache hit: the
  file is built straight from its JSON, as at every later start-up); the ratio is the cold
  one. Apart, the whole lint ``validate`` runs (warnings too: FP204 reads every sentence);
* measures peak memory (VmHWM, else ``ru_maxrss``) of a process that runs only the pipeline, and of one
  that runs only ``json.load``, for comparison.

Targets (from the issue): ratio <= 3 at 50k nodes, linear growth, peak < 200 MiB at 200k.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SIZES = (1_000, 10_000, 50_000, 200_000)
TARGET_RATIO, TARGET_RATIO_AT = 3.0, 50_000
TARGET_MIB, TARGET_MIB_AT = 200.0, 200_000

# -- what runs inside the measuring subprocesses ------------------------------------------------
_CHILD_TIME = """
import json, os, shutil, sys, tempfile, time
cache_home = tempfile.mkdtemp(prefix="bench_load-cache-")
os.environ["XDG_CACHE_HOME"] = cache_home  # a private validation cache, emptied for cold runs
from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.lint import lint_tree
from footpain_tui.core.tree.loader import load_tree

path, repeat = sys.argv[1], int(sys.argv[2])

def best(fn, before=None):
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)

def plain():
    with open(path, encoding="utf-8") as handle:
        json.load(handle)

def empty_cache():
    shutil.rmtree(os.path.join(cache_home, "footpain-tui"), ignore_errors=True)

parts = {}
def pipeline(prefix):
    def run():
        t0 = time.perf_counter()
        tree = load_tree(path)
        t1 = time.perf_counter()
        index = TreeIndex(tree)
        report = lint_tree(tree, index, warnings=False)
        t2 = time.perf_counter()
        assert not report.findings, report.findings[:3]
        if prefix + "core" not in parts or t2 - t0 < parts[prefix + "core"]:
            parts.update({prefix + "core": t2 - t0, prefix + "load": t1 - t0, prefix + "lint": t2 - t1})
    return run

try:
    out = {"json": best(plain)}
    best(pipeline(""), before=empty_cache)  # cold: every run validates
    load_tree(path)  # leaves the marker
    best(pipeline("warm_"))  # warm: every run is a cache hit
    tree = load_tree(path)

    def full_lint():
        report = lint_tree(tree, TreeIndex(tree))
        assert not report.findings, report.findings[:3]

    out["validate_lint"] = best(full_lint)  # what validate adds: every rule, warnings too
finally:
    shutil.rmtree(cache_home, ignore_errors=True)
out.update(parts)
print(json.dumps(out))
"""

_CHILD_MEM = """
import json, os, resource, sys, tempfile
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="bench_load-cache-")  # cold: validates
what, path = sys.argv[1], sys.argv[2]
if what == "json":
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
elif what == "core":
    from footpain_tui.core.tree.graph import TreeIndex
    from footpain_tui.core.tree.lint import lint_tree
    from footpain_tui.core.tree.loader import load_tree
    tree = load_tree(path)
    report = lint_tree(tree, TreeIndex(tree), warnings=False)
else:  # the interpreter with the core imported, nothing loaded
    import footpain_tui.core.tree.lint, footpain_tui.core.tree.loader  # noqa: F401
try:  # this process's own peak; ru_maxrss would include the parent's from before exec
    with open("/proc/self/status") as status:
        kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(kib / 1024)
"""


def _child(code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark subprocess failed:\n{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


def _status(message: str) -> None:
    print(f"  .. {message}", flush=True)


def tree_file(n: int, folder: Path, fresh: bool) -> Path:
    path = folder / f"big-{n}.json"
    if fresh or not path.exists():
        _status(f"writing a {n}-node tree to {path}")
        start = time.perf_counter()
        # In a subprocess, so this process stays small while the others measure memory.
        subprocess.run(
            [sys.executable, str(HERE / "make_big_tree.py"), str(n), str(path)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        _status(f"written in {time.perf_counter() - start:.1f} s")
    return path


def measure(n: int, path: Path) -> dict[str, float]:
    repeat = 5 if n <= 10_000 else 3 if n <= 50_000 else 2
    _status(f"{n} nodes: timing json.load and the pipeline, best of {repeat}")
    row = json.loads(_child(_CHILD_TIME, str(path), str(repeat)))
    _status(f"{n} nodes: peak memory")
    row["mib_core"] = float(_child(_CHILD_MEM, "core", str(path)))
    row["mib_json"] = float(_child(_CHILD_MEM, "json", str(path)))
    row["file_mib"] = path.stat().st_size / 2**20
    row["n"] = n
    row["ratio"] = row["core"] / row["json"]
    row["warm_ratio"] = row["warm_core"] / row["json"]
    _status(
        f"{n} nodes: ratio {row['ratio']:.2f} cold, {row['warm_ratio']:.2f} warm "
        f"({row['core']:.3f} s, {row['warm_core']:.3f} s vs {row['json']:.3f} s), "
        f"peak {row['mib_core']:.0f} MiB"
    )
    return row


def print_table(rows: list[dict[str, float]], baseline_mib: float) -> None:
    head = (
        f"{'nodes':>8} {'file MiB':>8} {'json.load':>9} {'load':>7} {'idx+lint':>8} "
        f"{'total':>7} {'ratio':>6} {'us/node':>7} {'warm load':>9} {'warm':>7} {'ratio':>6} "
        f"{'validate':>8} {'peak MiB':>8} {'json MiB':>8}"
    )
    print()
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{int(r['n']):>8} {r['file_mib']:>8.1f} {r['json']:>8.3f}s {r['load']:>6.3f}s "
            f"{r['lint']:>7.3f}s {r['core']:>6.3f}s {r['ratio']:>6.2f} "
            f"{r['core'] / r['n'] * 1e6:>7.1f} {r['warm_load']:>8.3f}s {r['warm_core']:>6.3f}s "
            f"{r['warm_ratio']:>6.2f} {r['validate_lint']:>7.3f}s {r['mib_core']:>8.0f}"
            f" {r['mib_json']:>8.0f}"
        )
    print(
        "(load, total and the first ratio are cold: load_tree validates with pydantic; warm: a"
        " validation cache hit, then the same index and lint. idx+lint checks the errors, as"
        " every command that opens a tree does; validate is the whole lint (index included),"
        " warnings too, that `footpain-tui validate` runs instead. Peak MiB is cold, for the"
        f" whole process; Python with the core imported takes {baseline_mib:.0f})"
    )
    for r in rows:
        if int(r["n"]) == TARGET_RATIO_AT:
            ok = "met" if r["ratio"] <= TARGET_RATIO else "MISSED"
            print(
                f"target ratio <= {TARGET_RATIO} at {TARGET_RATIO_AT}: {ok} ({r['ratio']:.2f} cold,"
                f" {r['warm_ratio']:.2f} warm)"
            )
        if int(r["n"]) == TARGET_MIB_AT:
            ok = "met" if r["mib_core"] < TARGET_MIB else "MISSED"
            print(
                f"target peak < {TARGET_MIB:.0f} MiB at {TARGET_MIB_AT}: {ok} ({r['mib_core']:.0f})"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=",".join(str(n) for n in DEFAULT_SIZES),
        help="comma-separated node counts",
    )
    parser.add_argument("--fresh", action="store_true", help="rewrite cached tree files")
    parser.add_argument(
        "--dir",
        default=str(Path(tempfile.gettempdir()) / "footpain-bench"),
        help="where the generated trees are kept",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    baseline = float(_child(_CHILD_MEM, "baseline", ""))
    rows = []
    for n in sizes:
        rows.append(measure(n, tree_file(n, folder, args.fresh)))
    print_table(rows, baseline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
