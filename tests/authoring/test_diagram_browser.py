"""``export-tree --format mermaid`` rendered by Mermaid itself (the npm package ``mermaid``,
pinned in ``tools/fetch_mermaid.sh``) in headless Chromium: what GitHub does with a
```mermaid block. Skipped, with the reason, where chromium or the bundle is missing;
``.ci/run`` fetches the bundle and requires the test."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from footpain_tui.core.tree.bundled import default_tree_path
from footpain_tui.core.tree.diagram import WalkHighlight, build_diagram, render_mermaid
from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.walk import Step

from .headless_chromium import rendered_dom, screenshot, unavailable
from .test_diagram import HOSTILE, hostile_tree, shown

ROOT = Path(__file__).resolve().parents[2]
MERMAID_VERSION = "11.17.2"


def mermaid_bundle() -> Path:
    bundle = ROOT / ".cache" / "mermaid" / f"mermaid-{MERMAID_VERSION}.min.js"
    if not bundle.is_file():
        unavailable(f"no {bundle.relative_to(ROOT)}: run tools/fetch_mermaid.sh (.ci/run does)")
    return bundle


def page_for(diagram: str, folder: Path) -> Path:
    """A page that renders ``diagram`` with Mermaid (strict security, as GitHub) and writes
    the outcome into ``#outcome``."""
    page = folder / "diagram.html"
    page.write_text(
        f"""<!doctype html>
<html><head><meta charset="utf-8"><script src="{mermaid_bundle().as_uri()}"></script></head>
<body style="margin:0; background:#fff">
<div id="diagram"></div><pre id="outcome">pending</pre>
<script>
mermaid.initialize({{startOnLoad: false, securityLevel: "strict"}});
(async () => {{
  const outcome = document.getElementById("outcome");
  try {{
    const rendered = await mermaid.render("tree", {json.dumps(diagram)});
    document.getElementById("diagram").innerHTML = rendered.svg;
    outcome.textContent = "rendered";
  }} catch (error) {{
    outcome.textContent = "error: " + (error && error.message ? error.message : error);
  }}
}})();
</script></body></html>
""",
        encoding="utf-8",
    )
    return page


def render(diagram: str, folder: Path) -> str:
    """The DOM after Mermaid has drawn ``diagram``; fails with Mermaid's own message."""
    dom = rendered_dom(page_for(diagram, folder), "--allow-file-access-from-files")
    outcome = re.search(r'<pre id="outcome">(.*?)</pre>', dom, re.S)
    assert outcome, dom[-2000:]
    assert html.unescape(outcome.group(1)) == "rendered", html.unescape(outcome.group(1))
    return dom


def label_texts(dom: str) -> str:
    """The text of the drawn labels (tags removed, entities decoded)."""
    svg = dom[dom.index("<svg") : dom.rindex("</svg>")]
    return html.unescape(re.sub(r"<[^>]+>", " ", svg)).replace("\u2060", "")


def test_mermaid_renders_the_bundled_tree_and_a_walk_on_it(tmp_path):
    tree = load_tree(default_tree_path())
    index = TreeIndex(tree)
    walk = WalkHighlight(tree.start, (Step("q_emergency", 0),))
    dom = render(render_mermaid(build_diagram(tree, index, highlight=walk)), tmp_path)
    drawn = label_texts(dom)
    assert "Emergency screen: tick every sign present now." in drawn
    assert "Acute limb ischaemia: call 999" in drawn
    assert "⇧ at least ROUTINE" in drawn


def test_mermaid_draws_hostile_labels_as_text(tmp_path):
    tree = hostile_tree()
    dom = render(render_mermaid(build_diagram(tree, TreeIndex(tree))), tmp_path)
    drawn = " ".join(label_texts(dom).split())
    for line in HOSTILE:
        assert " ".join(shown(line).split()) in drawn, line
    svg = dom[dom.index("<svg") : dom.rindex("</svg>")]
    assert "<script" not in svg and "<b>" not in svg  # shown as text, never as markup


def test_the_readme_diagram_renders_and_is_looked_at(tmp_path):
    """The README's diagram (``--depth 3``) as Mermaid draws it; the screenshot is kept in
    the test's folder for a person to look at."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```mermaid\n(.*?)```", readme, re.S)
    assert block, "the README has no mermaid diagram"
    render(block.group(1), tmp_path)
    shot = screenshot(
        page_for(block.group(1), tmp_path),
        tmp_path / "readme-diagram.png",
        1400,
        1000,
        "--allow-file-access-from-files",
        "--virtual-time-budget=30000",
    )
    assert len(shot) > 50_000  # a drawing, not a blank page
