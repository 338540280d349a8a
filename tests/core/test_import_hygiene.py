"""The core and the headless commands never load Textual or Rich (checked in fresh processes)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import footpain_tui.core

MINI = str(Path(__file__).resolve().parent.parent / "data" / "mini.json")
FORBIDDEN = ("textual", "rich", "footpain_tui.ui")

CORE_MODULES = sorted(
    f"footpain_tui.core.{m.name}" for m in pkgutil.iter_modules(footpain_tui.core.__path__)
)

# Import each module in turn and note, after each, which forbidden modules have appeared:
# the first module after which one shows up is the one that pulls it in.
_IMPORT_EACH = """
import importlib, json, sys
forbidden = tuple(sys.argv[1].split(","))
seen = {}
for name in sys.argv[2:]:
    importlib.import_module(name)
    seen[name] = sorted(m for m in sys.modules if m.startswith(forbidden))
print(json.dumps(seen))
"""

_RUN_COMMANDS = """
import json, sys
from footpain_tui import cli
forbidden = ("textual", "rich", "footpain_tui.ui")
tree = sys.argv[1]
codes = [
    cli.main(["validate", tree]),
    cli.main(["validate", "--json", tree]),
    cli.main(["walk", tree, "-a", "n", "-a", "x", "--json"]),
    cli.main(["schema", "--check"]),
]
loaded = sorted(m for m in sys.modules if m.startswith(forbidden))
print(json.dumps({"codes": codes, "loaded": loaded}), file=sys.stderr)
"""


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done


def test_the_core_module_list_is_complete():
    for name in ("loader", "model", "lint", "graph", "walk", "report", "storage", "bundled"):
        assert f"footpain_tui.core.{name}" in CORE_MODULES


def test_core_modules_and_cli_import_neither_textual_nor_rich():
    modules = [*CORE_MODULES, "footpain_tui.cli"]
    seen = json.loads(_python(_IMPORT_EACH, ",".join(FORBIDDEN), *modules).stdout)
    assert list(seen) == modules
    offenders = {name: loaded for name, loaded in seen.items() if loaded}
    assert offenders == {}, f"these imports pull in the UI stack: {offenders}"


def test_headless_commands_do_not_load_textual():
    done = _python(_RUN_COMMANDS, MINI)
    outcome = json.loads(done.stderr.strip().splitlines()[-1])
    assert outcome["codes"] == [0, 0, 0, 0], done.stdout
    assert outcome["loaded"] == []
    assert "RESULT" not in done.stdout and '"r_overuse"' in done.stdout  # the walk ran
