"""``export-tree``: the tree as a Mermaid or DOT flowchart, a recorded walk highlighted.

The DOT is rendered by Graphviz itself (``dot -Tsvg``) and every label read back from the
SVG; the Mermaid text is checked line by line against the grammar's basics here, and
rendered by Mermaid itself in Chromium in ``test_diagram_browser.py``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from footpain_tui.cli import main
from footpain_tui.core.tree.diagram import (
    WalkHighlight,
    build_diagram,
    mermaid_text,
    render_dot,
    render_mermaid,
)
from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.model import Tree, tree_from_data
from footpain_tui.core.tree.walk import Step

from .files import BUNDLED, CHECKLIST, DATA, MINI, record_walk, tree_data

# Labels that would break a diagram if written raw: quotes, brackets of every shape, '#',
# entities, ';', ':', '|', backticks, HTML, DOT's own backslash escapes, unicode, controls.
HOSTILE = [
    'He said "stop" [now] {x} (y) <b>',
    "#35; &amp; a;b: c|d `code`",
    "<script>alert(1)</script> \\N \\G \\l",
    "end",
    "Überbein ✓ 足の痛み עברית ¶ ﬂ°°35¶ß",
    "bell\x07 and esc\x1b[31m red",
]


def hostile_tree() -> Tree:
    """The mini tree with hostile prompts, labels and titles (built without the loader,
    which would refuse the control characters)."""
    data: dict[str, Any] = tree_data()
    nodes = data["nodes"]
    nodes["q_flag"]["prompt"] = HOSTILE[0]
    nodes["q_flag"]["choices"][0]["label"] = HOSTILE[1]
    nodes["q_when"]["prompt"] = HOSTILE[2]
    nodes["q_when"]["choices"][0]["label"] = HOSTILE[3]
    nodes["q_when"]["choices"][1]["label"] = HOSTILE[4]
    nodes["r_nerve"]["title"] = HOSTILE[5]
    return tree_from_data(data)


def shown(text: str) -> str:
    """What a label line should read as once drawn: control characters as U+FFFD."""
    return re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f]", "\ufffd", text)


# -- Mermaid: the grammar's basics --------------------------------------------------------------
ID = r"n_[a-z][a-z0-9_]*"
LABEL = r'"(?:[^"#;<>:|`\\\[\]{}()]|#\d+;|<br/>)*"'
SHAPES = [(r"\{", r"\}"), (r"\{\{", r"\}\}"), (r"\(\[", r"\]\)"), (r"\[/", r"/\]")]
NODE_LINE = re.compile(rf"^    ({ID})(?:" + "|".join(f"{o}{LABEL}{c}" for o, c in SHAPES) + r")$")
EDGE_LINE = re.compile(rf"^    ({ID}) (-->|==>|-\.->)\|{LABEL}\| ({ID})$")
CLASSDEF_LINE = re.compile(r"^    classDef [a-z_]+ [a-z-]+:[^,;]+(?:,[a-z-]+:[^,;]+)*$")
CLASS_LINE = re.compile(rf"^    class ({ID}(?:,{ID})*) [a-z_]+$")
LINKSTYLE_LINE = re.compile(r"^    linkStyle (\d+(?:,\d+)*) [a-z-]+:[^\s,;]+(?:,[a-z-]+:[^,;]+)*$")
COMMENT_LINE = re.compile(r"^    %% [^\n]*$")


def check_mermaid(text: str) -> dict[str, Any]:
    """Every line is one of the statements we write, in Mermaid's flowchart grammar; every
    edge joins declared nodes; every link style names an existing link. Returns what it read."""
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    nodes: list[str] = []
    edges: list[tuple[str, str, str]] = []
    for line in lines[1:]:
        if m := NODE_LINE.match(line):
            nodes.append(m.group(1))
        elif m := EDGE_LINE.match(line):
            edges.append((m.group(1), m.group(2), m.group(3)))
        elif m := CLASS_LINE.match(line):
            assert set(m.group(1).split(",")) <= set(nodes), line
        elif m := LINKSTYLE_LINE.match(line):
            assert all(int(n) < len(edges) for n in m.group(1).split(",")), line
        elif not (CLASSDEF_LINE.match(line) or COMMENT_LINE.match(line)):
            raise AssertionError(f"not a Mermaid statement we write: {line!r}")
    assert len(nodes) == len(set(nodes)), "a node declared twice"
    for source, _, target in edges:
        assert source in nodes and target in nodes
    return {"nodes": nodes, "edges": edges}


def unescape_mermaid(label: str) -> str:
    """A label as drawn: entities decoded, the invisible word joiners kept out of Mermaid's
    own marks dropped."""
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label).replace("\u2060", "")


def test_mermaid_escapes_every_character_that_could_break_a_label():
    for text in HOSTILE:
        escaped = mermaid_text(text)
        assert re.fullmatch(r'(?:[^"#;<>:|`\\\[\]{}()]|#\d+;)*', escaped), escaped
        assert unescape_mermaid(escaped) == shown(text)


def test_mermaid_of_the_mini_tree():
    tree = load_tree(MINI)
    text = render_mermaid(build_diagram(tree, TreeIndex(tree)))
    read = check_mermaid(text)
    assert read["nodes"] == [
        "n_q_flag",
        "n_r_clot",
        "n_q_when",
        "n_r_overuse",
        "n_r_nerve",
        "n_r_arthrosis",
    ]
    assert '    n_q_flag{"⚑ RED FLAG<br/>Is the foot swollen, heavy and warm?"}' in text
    assert '    n_r_clot(["URGENT<br/>Suspected thrombosis"])' in text
    assert '    n_q_flag -->|"Yes ⚠"| n_r_clot' in text  # a warning sign is marked
    assert '    n_q_flag -->|"No"| n_q_when' in text
    assert "    class n_r_clot urgent" in text
    assert "    class n_q_flag redflag" in text
    assert "walked" not in text


def test_mermaid_marks_checklists_floors_and_a_cut():
    tree = load_tree(CHECKLIST)
    text = render_mermaid(build_diagram(tree, TreeIndex(tree)))
    check_mermaid(text)
    assert (
        '    n_q_signs{{"⚑ RED FLAG<br/>Tick every sign the patient has now.<br/>☑ tick all that apply"}}'
        in text
    )
    floors = load_tree(DATA / "floors.json")
    text = render_mermaid(build_diagram(floors, TreeIndex(floors)))
    check_mermaid(text)
    assert re.search(r'\|"[^"]*<br/>⇧ at least ROUTINE"\|', text)
    cut = render_mermaid(build_diagram(tree, TreeIndex(tree), depth=1))
    read = check_mermaid(cut)
    assert '    n_q_when[/"more below#58;<br/>When does it hurt?"/]' in cut
    assert "n_r_overuse" not in read["nodes"]  # below the cut
    assert "%% cut at 1 question from the start" in cut


def test_mermaid_of_hostile_labels_keeps_to_the_grammar():
    tree = hostile_tree()
    text = render_mermaid(build_diagram(tree, TreeIndex(tree)))
    check_mermaid(text)
    assert "\x1b" not in text and "\x07" not in text
    assert "<script>" not in text and "<b>" not in text
    labels = [unescape_mermaid(m) for m in re.findall(r'"([^"]*)"', text)]
    for line in HOSTILE:
        assert any(
            shown(line) in label.split("<br/>") or shown(line) + " ⚠" in label for label in labels
        ), line


def test_mermaid_of_the_bundled_tree_keeps_to_the_grammar_and_githubs_limits():
    tree = load_tree(BUNDLED)
    text = render_mermaid(build_diagram(tree, TreeIndex(tree)))
    read = check_mermaid(text)
    assert len(read["nodes"]) == len(tree.nodes)
    assert len(read["edges"]) == sum(
        len(q.choices) for q in tree.nodes.values() if hasattr(q, "choices")
    )
    # GitHub's Mermaid refuses a diagram over 50,000 characters or 500 edges.
    assert len(text) < 50_000 and len(read["edges"]) < 500


# -- DOT: rendered by Graphviz -------------------------------------------------------------------
def graphviz_svg(dot: str, tmp_path: Path) -> ET.Element:
    """``dot -Tsvg``: must succeed without a warning; returns the parsed SVG."""
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed (apt-get install graphviz; .ci/run does)")
    source = tmp_path / "tree.dot"
    source.write_text(dot, encoding="utf-8")
    done = subprocess.run(["dot", "-Tsvg", str(source)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    return ET.fromstring(done.stdout)


def svg_texts(svg: ET.Element) -> list[str]:
    return [el.text or "" for el in svg.iter("{http://www.w3.org/2000/svg}text")]


def svg_titles(svg: ET.Element) -> list[str]:
    return [el.text or "" for el in svg.iter("{http://www.w3.org/2000/svg}title")]


def test_dot_of_the_bundled_tree_renders_with_graphviz(tmp_path):
    tree = load_tree(BUNDLED)
    svg = graphviz_svg(render_dot(build_diagram(tree, TreeIndex(tree))), tmp_path)
    titles = svg_titles(svg)
    assert set(tree.nodes) <= set(titles)  # every node drawn under its own id
    texts = svg_texts(svg)
    assert "⚑ RED FLAG" in texts and "EMERGENCY" in texts and "SELF-CARE" in texts


def test_dot_of_hostile_labels_renders_each_label_as_written(tmp_path):
    tree = hostile_tree()
    dot = render_dot(build_diagram(tree, TreeIndex(tree)))
    assert "\x1b" not in dot and "\x07" not in dot
    svg = graphviz_svg(dot, tmp_path)
    drawn = " ".join(svg_texts(svg))
    for line in HOSTILE:
        words = shown(line).split()
        # Graphviz draws each wrapped line as a text element; joined, every word is there.
        assert all(word in drawn for word in words), (line, drawn)
    assert "\\N" in drawn and "&amp;" in drawn  # DOT's escapes and entities stay literal


# -- a recorded walk -----------------------------------------------------------------------------
def test_a_walk_is_highlighted_in_both_formats():
    tree = load_tree(CHECKLIST)
    walk = WalkHighlight(tree.start, (Step("q_signs", 1, (1, 2)),))
    diagram = build_diagram(tree, TreeIndex(tree), highlight=walk)
    text = render_mermaid(diagram)
    read = check_mermaid(text)
    followed = read["edges"].index(("n_q_signs", "==>", "n_r_fever"))
    ticked = read["edges"].index(("n_q_signs", "-.->", "n_r_cellulitis"))
    assert f"    linkStyle {followed} stroke:#7b1fa2,stroke-width:4px" in text
    assert f"    linkStyle {ticked} stroke:#7b1fa2,stroke-width:2px" in text
    assert "    class n_q_signs,n_r_fever walked" in text
    dot = render_dot(diagram)
    assert re.search(r'"q_signs" -> "r_fever" \[[^\]]*penwidth="4"', dot)
    assert re.search(r'"q_signs" -> "r_cellulitis" \[[^\]]*style="dashed"', dot)
    assert re.search(r'"r_fever" \[[^\]]*color="#7b1fa2", penwidth="5"', dot)


def test_export_tree_prints_mermaid_by_default_and_writes_dot(cli, tmp_path):
    code, out, _ = cli("export-tree", str(MINI))
    assert code == 0
    check_mermaid(out)
    target = tmp_path / "tree.dot"
    code, out, err = cli("export-tree", str(MINI), "--format", "dot", "-o", str(target))
    assert (code, out, err) == (0, f"wrote {target}\n", "")
    assert target.read_text(encoding="utf-8").startswith("digraph tree {")


def test_export_tree_highlights_the_last_recorded_walk(cli, tmp_path):
    data_dir = tmp_path / "data"
    record_walk(data_dir, MINI, ["No", "At night"])
    code, out, err = cli("export-tree", str(MINI), "--last", "--data-dir", str(data_dir))
    assert code == 0, err
    read = check_mermaid(out)
    assert ("n_q_flag", "==>", "n_q_when") in read["edges"]
    assert ("n_q_when", "==>", "n_r_nerve") in read["edges"]
    assert "    class n_q_flag,n_q_when,n_r_nerve walked" in out
    session_id = record_walk(data_dir, MINI, ["Yes"])
    code, out, _ = cli(
        "export-tree", str(MINI), "--session", session_id[:6], "--data-dir", str(data_dir)
    )
    assert code == 0
    assert ("n_q_flag", "==>", "n_r_clot") in check_mermaid(out)["edges"]


def test_export_tree_refuses_a_walk_of_another_tree_or_that_no_longer_fits(cli, tmp_path):
    data_dir = tmp_path / "data"
    record_walk(data_dir, MINI, ["No", "At night"])
    code, _, err = cli("export-tree", str(CHECKLIST), "--last", "--data-dir", str(data_dir))
    assert code == 1
    assert "as it is now: the walk is of tree 'mini', not 'checklist'" in err
    changed = tree_data()
    del changed["nodes"]["q_when"]["choices"][1]  # the walk's "At night" is gone
    changed["nodes"]["q_when"]["choices"][1]["next"] = "r_nerve"
    del changed["nodes"]["r_arthrosis"]
    edited = tmp_path / "mini.json"
    edited.write_text(json.dumps(changed), encoding="utf-8")
    code, _, err = cli("export-tree", str(edited), "--last", "--data-dir", str(data_dir))
    assert code == 1
    assert "does not fit 'mini' 1.0 as it is now" in err


def test_export_tree_errors(cli, tmp_path):
    code, _, err = cli("export-tree", str(MINI), "--last", "--data-dir", str(tmp_path / "empty"))
    assert code == 2 and "no sessions recorded" in err
    code, _, err = cli("export-tree", str(tmp_path / "missing.json"))
    assert code == 2 and "missing.json" in err
    code, _, err = cli("export-tree", str(MINI), "--depth", "0")
    assert code == 2 and "--depth must be 1 or more" in err
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    code, _, err = cli("export-tree", str(MINI), "-o", str(blocker / "x.mmd"))
    assert code == 2 and "cannot write" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["export-tree", str(MINI), "--format", "svg"])
    assert exit_info.value.code == 2


def test_the_readme_diagram_is_generated_from_the_tree(cli, monkeypatch):
    """Between its markers the README holds what `make readme` writes: the output of
    ``footpain-tui export-tree trees/foot_pain.json --depth 3`` in a mermaid block."""
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    marked = re.search(r"<!-- tree-diagram:[^\n]*-->\n(.*?)<!-- /tree-diagram -->", readme, re.S)
    assert marked, "the README lost its tree-diagram markers"
    monkeypatch.chdir(root)
    code, generated, _ = cli("export-tree", "trees/foot_pain.json", "--depth", "3")
    assert code == 0
    assert marked.group(1) == f"```mermaid\n{generated}```\n", "stale: run `make readme`"
    check_mermaid(generated)
