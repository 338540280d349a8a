"""The core and the headless commands never load Textual or Rich, and the runtime tree never
loads pydantic (checked in fresh processes)."""

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
    m.name
    for m in pkgutil.walk_packages(footpain_tui.core.__path__, "footpain_tui.core.")
    if not m.ispkg
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
    cli.main(["walk", tree, "--start", "q_when", "-a", "x", "--json"]),
    cli.main(["paths", tree, "--format", "csv"]),
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
    for name in (
        "tree.loader",
        "tree.model",
        "tree.schema",
        "tree.cache",
        "tree.lint",
        "tree.graph",
        "tree.walk",
        "tree.findings",
        "tree.citations",
        "tree.paths",
        "tree.validation",
        "tree.bundled",
        "training.case_check",
        "training.case_file",
        "training.verdicts",
        "records.lines",
        "records.sessions",
        "records.resume",
        "records.recorder",
        "records.transcripts",
        "records.trainees",
        "records.class_report",
        "records.report_render",
        "records.report_charts",
        "storage",
        "text",
    ):
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
    assert outcome["codes"] == [0, 0, 0, 0, 0, 0], done.stdout
    assert outcome["loaded"] == []
    assert "RESULT" not in done.stdout and '"r_overuse"' in done.stdout  # the walk ran


# -- pydantic validates new files only ---------------------------------------------------------
# Only these modules may import pydantic when imported: the schemas of trees and case files.
PYDANTIC_MODULES = ("footpain_tui.core.tree.schema", "footpain_tui.core.training.case_file")


def test_only_the_schemas_import_pydantic():
    modules = [m for m in CORE_MODULES if m not in PYDANTIC_MODULES]
    modules += ["footpain_tui.cli", "footpain_tui.cli.training_commands"]
    seen = json.loads(_python(_IMPORT_EACH, "pydantic", *modules).stdout)
    offenders = {name: loaded for name, loaded in seen.items() if loaded}
    assert offenders == {}, f"these imports pull in pydantic: {offenders}"
    assert json.loads(_python(_IMPORT_EACH, "pydantic", *PYDANTIC_MODULES).stdout)[
        PYDANTIC_MODULES[0]
    ]


_EXPLORE = """
import asyncio, gc, json, sys
from pathlib import Path
from footpain_tui import launch
from footpain_tui.ui import app as app_module

seen = {}
# Checking cases and summing up a tree are for training and authoring, not the first paint.
CHECKS = ("footpain_tui.core.training.case_check", "footpain_tui.core.tree.summary")
# The palette's providers, the help and the trainee's name load when first used.
ON_DEMAND = ("footpain_tui.ui.commands", "footpain_tui.ui.screens.help",
             "footpain_tui.ui.screens.trainee")

def run_explorer(tree, index, tree_path, data_dir=None, cases=None, **kwargs):
    seen["collecting_at_start"] = gc.isenabled()
    app = app_module.FootpainApp(
        tree,
        index,
        tree_path=tree_path,
        data_dir=Path(data_dir),
        cases=cases,
        trainee=kwargs["trainee"],
    )

    async def paint():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            seen["screen"] = type(app.screen).__name__
            seen["pydantic"] = sorted(m for m in sys.modules if m.startswith("pydantic"))
            seen["checks"] = sorted(m for m in CHECKS if m in sys.modules)
            seen["on_demand"] = sorted(m for m in ON_DEMAND if m in sys.modules)
            seen["collecting"] = gc.isenabled()
            seen["frozen"] = gc.get_freeze_count()
            await pilot.press("t")
            await pilot.pause()
            seen["after_t"] = type(app.screen).__name__
            seen["cases"] = len(app.cases.cases)

    asyncio.run(paint())
    return 0

app_module.run_explorer = run_explorer
sys.argv = ["footpain-tui", "explore", "--data-dir", sys.argv[1], "--trainee", ""]
code = launch.main()
print(json.dumps({"code": code, **seen}))
"""


def test_exploring_a_validated_tree_paints_without_pydantic(tmp_path):
    """The explorer on the bundled tree, once validated, reaches its first screen without
    pydantic, the case checks, the palette's providers, the help or the trainee dialog; the
    bundled cases load (with them) when the t key asks. Started from the console entry point,
    the collector is paused until the first paint and then collects again."""
    from footpain_tui.core.tree.bundled import default_tree_path
    from footpain_tui.core.tree.loader import load_tree

    load_tree(default_tree_path())  # fills the cache the subprocess shares (XDG_CACHE_HOME)
    done = _python(_EXPLORE, str(tmp_path / "data"))
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["code"] == 0
    assert outcome["screen"] == "ExploreScreen"
    assert outcome["pydantic"] == []
    assert outcome["checks"] == []
    assert outcome["on_demand"] == []
    assert outcome["collecting_at_start"] is False
    assert outcome["collecting"] is True and outcome["frozen"] > 0
    assert outcome["after_t"] == "CaseListScreen"
    assert outcome["cases"] > 0


_HEADLESS_VIA_LAUNCHER = """
import gc, json, sys
from footpain_tui import launch
sys.argv = ["footpain-tui", "validate", "--json", sys.argv[1]]
code = launch.main()
print(json.dumps({"code": code, "collecting": gc.isenabled(), "frozen": gc.get_freeze_count()}))
"""


def test_a_headless_command_collects_garbage_as_usual():
    """The console entry point pauses the collector for the TUI's start-up only: a headless
    command (which may read 10,000 session files) runs with it on."""
    done = _python(_HEADLESS_VIA_LAUNCHER, MINI)
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome == {"code": 0, "collecting": True, "frozen": outcome["frozen"]}
    assert outcome["frozen"] > 0
