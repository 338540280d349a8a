"""A bare ``footpain-tui`` opens the explorer without building the command-line parser
(argparse costs ~5 ms of the first paint), with exactly the arguments the parser would give."""

from __future__ import annotations

import json
import subprocess
import sys

from footpain_tui.cli.parser import build_parser
from footpain_tui.cli.tree_commands import default_explore_args


def test_the_fast_path_gives_what_the_parser_gives():
    fast = vars(default_explore_args())
    assert fast == vars(build_parser().parse_args(["explore"]))
    assert fast == vars(build_parser("explore").parse_args(["explore"]))
    assert fast["command"] == "explore" and fast["tree"].endswith("foot_pain.json")


_BARE_LAUNCH = """
import json, sys
from footpain_tui import launch
from footpain_tui.ui import app as app_module

seen = {}

def run_explorer(tree, index, **options):
    seen["argparse"] = "argparse" in sys.modules
    # Objects print with their address: compare what they are instead.
    seen["options"] = {
        name: value if value is None or isinstance(value, (bool, str)) else
        str(value) if name.endswith("path") else type(value).__name__
        for name, value in options.items()
    }
    return 0

app_module.run_explorer = run_explorer
sys.argv = ["footpain-tui", *sys.argv[1:]]
code = launch.main()
print(json.dumps({"code": code, **seen}))
"""


def _launch(*argv: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _BARE_LAUNCH, *argv], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_bare_launch_opens_the_explorer_without_argparse():
    bare = _launch()
    assert bare["code"] == 0
    assert bare["argparse"] is False
    # The same explorer as `footpain-tui explore`, which goes through the parser.
    parsed = _launch("explore")
    assert parsed["argparse"] is True
    assert bare["options"] == parsed["options"]
    assert bare["options"]["tree_path"].endswith("foot_pain.json")
