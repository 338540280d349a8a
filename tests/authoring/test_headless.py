"""The authoring commands are headless: they never load Textual or Rich (checked in a fresh
process, as tests/core/test_import_hygiene.py checks the other commands)."""

from __future__ import annotations

import json
import subprocess
import sys

from .files import CHECKLIST, DATA, GOLDEN, MINI

_RUN = """
import json, sys
from footpain_tui import cli
codes = [cli.main(argv) for argv in json.loads(sys.argv[1])]
loaded = sorted(m for m in sys.modules if m.startswith(("textual", "rich", "footpain_tui.ui")))
print(json.dumps({"codes": codes, "loaded": loaded}), file=sys.stderr)
"""


def test_the_authoring_commands_never_load_textual(tmp_path):
    commands = [
        ["cases", "coverage", str(CHECKLIST), str(DATA / "cases" / "checklist_cases.json")],
        ["cases", "replay", str(MINI), str(GOLDEN / "af_white_cold_foot.json")],
        ["export-tree", str(MINI), "--format", "dot", "-o", str(tmp_path / "tree.dot")],
        ["export-tree", str(MINI), "-o", str(tmp_path / "tree.mmd")],
        ["handout", str(MINI), "--format", "html", "-o", str(tmp_path / "handout.html")],
    ]
    done = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps(commands)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    outcome = json.loads(done.stderr.strip().splitlines()[-1])
    # The golden walk is of the bundled tree, not the mini tree: replay says so (exit 1).
    assert outcome["codes"] == [0, 1, 0, 0, 0], done.stderr
    assert outcome["loaded"] == []
