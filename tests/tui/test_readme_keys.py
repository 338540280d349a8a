"""Every key the explorer's Footer can offer is in the README's key table."""

from __future__ import annotations

from pathlib import Path

from footpain_tui.ui.app import FootpainApp
from footpain_tui.ui.screens.explore import ExploreScreen
from footpain_tui.ui.screens.train import CaseListScreen, TrainingScreen, VerdictScreen
from footpain_tui.ui.screens.tree_map import TreeMapScreen
from footpain_tui.ui.widgets.branch_panel import BranchPanel
from footpain_tui.ui.widgets.result_pane import ResultPane

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
KEY_TABLE = README[README.index("### Keys") : README.index("### Session records")]


def test_every_described_binding_is_in_the_readme_key_table():
    screens = [
        FootpainApp,
        ExploreScreen,
        TrainingScreen,
        VerdictScreen,
        CaseListScreen,
        TreeMapScreen,
        BranchPanel,  # the question text's scroll keys
        ResultPane,  # the result's scroll keys, shown in the Footer
    ]
    missing = []
    for screen in screens:
        for binding in screen.BINDINGS:
            if not binding.description:
                continue
            key = binding.key_display or binding.key.split(",")[0]
            key = {"question_mark": "?", "1-9": "1`-`9"}.get(key, key)
            if f"`{key}`" not in KEY_TABLE:
                missing.append(f"{screen.__name__}: {key} ({binding.description})")
    assert not missing, missing
