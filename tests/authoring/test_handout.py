"""``handout``: a printable page per result, in Markdown or one self-contained HTML file."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from footpain_tui.cli import main
from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.handout import (
    HandoutError,
    floors_on_the_way,
    handout_pages,
    markdown_text,
    render_html,
    render_markdown,
)
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.model import Urgency, tree_from_data

from .files import BUNDLED, CHECKLIST, MINI, tree_data
from .headless_chromium import run_chromium, screenshot


def hostile_tree():
    """The checklist tree with markup, entities, controls and a script address in its text."""
    data: dict[str, Any] = tree_data(CHECKLIST)
    result = data["nodes"]["r_cellulitis"]
    result["title"] = "Cellulitis <script>alert('x')</script> & *bold* # not a heading"
    result["explanation"] = "Red\x1b[31m hot\x07 skin; 1. not a list\n- nor this"
    result["pitfalls"] = ['<img src=x onerror="alert(1)">', "2. not a list either"]
    data["conditions"]["cellulitis"]["summary"] = "Skin infection </li></ol><h1>injected</h1>"
    data["meta"]["sources"][2]["url"] = "javascript:alert(1)"
    return tree_from_data(data)


# -- the pages -----------------------------------------------------------------------------------
def test_a_page_holds_what_the_result_teaches():
    tree = load_tree(CHECKLIST)
    [page] = handout_pages(tree, TreeIndex(tree), ["r_cellulitis"])
    text = render_markdown(tree, [page])
    result = tree.result("r_cellulitis")
    assert text.startswith(f"# {markdown_text(result.title)}\n")
    assert f"**Urgency: URGENT.** {result.urgency.meaning}" in text
    for title in ("Why these answers point here", "Likely causes, most likely first", "Sources"):
        assert f"## {title}" in text
    # Causes ranked as the result lists them, each with its summary.
    names = [tree.conditions[c].name for c in result.conditions]
    positions = [text.index(f"**{markdown_text(name)}**") for name in names]
    assert positions == sorted(positions)
    for line in (*result.next_steps, *result.seek_help, *result.pitfalls):
        assert markdown_text(line, block_start=True) in text
    # Every citation in full: the reference in words, the title, the publisher, the address.
    assert (
        "NICE CKS: Cellulitis - acute" in text
        and "https://cks.nice.org.uk/topics/cellulitis-acute/" in text
    )
    assert text.rstrip().endswith(f"*{markdown_text(tree.meta.disclaimer)}*")


def test_the_bundled_tree_gives_every_result_a_page_with_its_teaching_fields():
    tree = load_tree(BUNDLED)
    index = TreeIndex(tree)
    pages = handout_pages(tree, index)
    assert len(pages) == 40 == len({p.result_id for p in pages})
    text = render_markdown(tree, pages)
    assert text.count("\n---\n") == 39
    assert text.count("## Telling it apart") == sum(bool(p.result.discriminators) for p in pages)
    stress = render_markdown(tree, handout_pages(tree, index, ["r_stress_fracture"]))
    assert "## Investigations" in stress and "## What not to miss" in stress
    assert "**Stress fracture" in stress and "versus" in stress


def test_floors_on_the_way_name_the_answers_that_can_raise_a_result():
    tree = load_tree(BUNDLED)
    index = TreeIndex(tree)
    floors = floors_on_the_way(tree, index, "r_overuse")  # self-care on its own
    # Every answer with a floor on the way, in walk order: the risk factors first.
    assert [(f.question_id, f.level) for f in floors][:3] == [
        ("q_comorbidity", Urgency.ROUTINE),
        ("q_comorbidity", Urgency.ROUTINE),
        ("q_comorbidity", Urgency.SOON),
    ]
    assert {f.question_id for f in floors[3:]} == {"q_foot_at_risk"}
    expected = {
        (question_id, choice.label)
        for question_id, node in tree.nodes.items()
        for choice in getattr(node, "choices", ())
        if choice.urgency_floor is not None
    }
    assert {(f.question_id, f.label) for f in floors} == expected  # all lead to r_overuse
    assert floors[0].finding == "known diabetes"
    assert floors_on_the_way(tree, index, "r_cellulitis") == ()  # urgent: no floor raises it
    text = render_markdown(tree, handout_pages(tree, index, ["r_overuse"]))
    assert "On its own it is SELF-CARE; an answer on the way can raise it" in text
    assert (
        '- Diabetes (q\\_comorbidity): at least ROUTINE, "raised to ROUTINE because: known diabetes"'
        in text
    )


def test_markdown_escapes_tree_text():
    tree = hostile_tree()
    text = render_markdown(tree, handout_pages(tree, TreeIndex(tree), ["r_cellulitis"]))
    assert "\x1b" not in text and "\x07" not in text and "\ufffd" in text
    assert not re.search(r"(?<!\\)<", text)  # every < escaped: no HTML reaches a renderer
    assert "\\<script\\>" in text and "\\*bold\\*" in text and "\\# not a heading" in text
    assert "- 2\\. not a list either" in text
    assert "Red\ufffd\\[31m hot\ufffd skin; 1. not a list - nor this" in text


# -- HTML ----------------------------------------------------------------------------------------
class _Page(HTMLParser):
    """Every tag and the text of the page, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html_text: str) -> _Page:
    page = _Page()
    page.feed(html_text)
    return page


def test_html_is_one_self_contained_file():
    tree = load_tree(BUNDLED)
    text = render_html(tree, handout_pages(tree, TreeIndex(tree)))
    page = parse(text)
    tags = [tag for tag, _ in page.tags]
    assert tags.count("article") == 40
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert not any("src" in attrs for _, attrs in page.tags)
    assert all(a["href"].startswith(("https://", "http://")) for t, a in page.tags if t == "a")
    csp = [
        a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp and "default-src 'none'" in csp[0]["content"]
    # Print styles: a result per page, urgency readable without colour.
    assert "break-after: page" in text and "@media print" in text
    assert ".badge { background: none !important; color: #000 !important; }" in text


def test_html_escapes_tree_text_and_links_only_web_addresses():
    tree = hostile_tree()
    text = render_html(tree, handout_pages(tree, TreeIndex(tree), ["r_cellulitis"]))
    page = parse(text)
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags and "img" not in tags
    assert tags.count("h1") == 1  # the injected heading stays text
    shown = "".join(page.text)
    assert "Cellulitis <script>alert('x')</script> & *bold* # not a heading" in shown
    assert '<img src=x onerror="alert(1)">' in shown
    assert "Skin infection </li></ol><h1>injected</h1>" in shown
    assert "\x1b" not in text and "\x07" not in text and "Red\ufffd[31m hot\ufffd skin" in shown
    assert not any(a.get("href", "").startswith("javascript") for _, a in page.tags)
    assert "javascript:alert(1)" in shown  # printed, never linked


# -- the command ---------------------------------------------------------------------------------
def test_handout_command_prints_markdown_and_writes_html(cli, tmp_path):
    code, out, _ = cli("handout", str(MINI))
    assert code == 0
    assert [line for line in out.splitlines() if line.startswith("# ")] == [
        "# Suspected thrombosis",
        "# Overuse",
        "# Nerve pain",
        "# Start-up pain",
    ]
    target = tmp_path / "handout.html"
    code, out, err = cli(
        "handout", str(MINI), "r_nerve", "r_clot", "--format", "html", "-o", str(target)
    )
    assert (code, out, err) == (0, f"wrote {target}\n", "")
    page = parse(target.read_text(encoding="utf-8"))
    ids = [a["id"] for t, a in page.tags if t == "article"]
    assert ids == ["r_nerve", "r_clot"]  # in the order asked


def test_handout_command_errors(cli, tmp_path):
    code, _, err = cli("handout", str(MINI), "r_overus")
    assert code == 2
    assert "no result 'r_overus' in tree 'mini'; did you mean 'r_overuse'?" in err
    code, _, err = cli("handout", str(MINI), "q_when")
    assert code == 2 and "'q_when' is a question, not a result" in err
    code, _, err = cli("handout", str(tmp_path / "none.json"))
    assert code == 2 and "none.json" in err
    with pytest.raises(HandoutError):
        tree = load_tree(MINI)
        handout_pages(tree, TreeIndex(tree), ["nope"])
    with pytest.raises(SystemExit) as exit_info:
        main(["handout", str(MINI), "--format", "pdf"])
    assert exit_info.value.code == 2


# -- in a browser --------------------------------------------------------------------------------
def _pdf_pages(html_file: Path, pdf: Path) -> int:
    run_chromium(html_file, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    counts = re.findall(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", pdf.read_bytes(), re.S)
    assert counts, "no page tree in the PDF"
    return max(int(c) for c in counts)


def test_the_html_handout_in_chromium_looks_right_and_prints_a_result_per_page(tmp_path):
    """A screenshot (kept in the test's folder: looked at when the page was designed) and the
    printed PDF: two results print on exactly the pages each prints on alone, so each starts
    on a page of its own."""
    tree = load_tree(BUNDLED)
    index = TreeIndex(tree)
    both = tmp_path / "both.html"
    both.write_text(
        render_html(tree, handout_pages(tree, index, ["r_overuse", "r_limb_threatening"])),
        encoding="utf-8",
    )
    shot = screenshot(both, tmp_path / "handout.png", 900, 1400)
    assert len(shot) > 60_000  # a page full of text, not a blank one
    pages = []
    for result_id in ("r_overuse", "r_limb_threatening"):
        alone = tmp_path / f"{result_id}.html"
        alone.write_text(
            render_html(tree, handout_pages(tree, index, [result_id])), encoding="utf-8"
        )
        pages.append(_pdf_pages(alone, tmp_path / f"{result_id}.pdf"))
    assert _pdf_pages(both, tmp_path / "both.pdf") == sum(pages)


def test_a_citation_in_full_names_the_document():
    from footpain_tui.core.tree.citations import FullCitation, cite_in_full

    tree = load_tree(CHECKLIST)
    guideline = next(ref for ref in tree.result("r_cellulitis").sources if ref.source != "article")
    full = cite_in_full(guideline, tree.meta.sources)
    assert full.text() == (
        "NICE CKS: Cellulitis - acute, Management. Cellulitis - acute. NICE."
        " https://cks.nice.org.uk/topics/cellulitis-acute/"
    )
    assert FullCitation("article ¶2", "A title?", None, 2020).text() == "article ¶2. A title? 2020."
