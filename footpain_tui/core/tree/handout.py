"""Handouts for teaching sessions: one printable page per result, in Markdown or HTML.

A page says what a result teaches: its urgency in words, the likely causes ranked with their
summaries (and each cause's typical history, examination and warning signs), what tells the
leading cause from its neighbours, what not to miss, the examination and investigations,
next steps, treatment, self-care, when to seek help, the urgency floors on the way that can
raise it, and every source cited, in full (the reference in words, the document's title,
publisher, year and address).

Tree text is data: in HTML every string is escaped and control characters are shown as
U+FFFD; in Markdown the characters that would become formatting are escaped. The HTML is one
self-contained file: inline CSS (print styles: a page per result, readable in black and
white), no script, no image, no external resource, and a Content-Security-Policy that lets
none run or load.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..text import neutralise
from .citations import FullCitation, cite_all, cite_in_full
from .graph import TreeIndex
from .model import Condition, Question, Result, SourceRef, Tree, Urgency
from .summary import walk_order


class HandoutError(ValueError):
    """A result id that the tree does not have, or that is a question."""


@dataclass(frozen=True)
class FloorOnTheWay:
    """An answer on some path to a result whose urgency floor raises the result."""

    question_id: str
    label: str
    finding: str
    level: Urgency


@dataclass(frozen=True)
class Cause:
    condition_id: str
    condition: Condition | None  # None: not in the catalogue (lint FP102)


@dataclass(frozen=True)
class HandoutPage:
    result_id: str
    result: Result
    causes: tuple[Cause, ...]
    floors: tuple[FloorOnTheWay, ...]
    references: tuple[FullCitation, ...]


def _result_order(tree: Tree) -> list[str]:
    """Results in the order a reader of the tree meets them (walk order of the questions
    that lead to them), then any others."""
    order: list[str] = []
    for question_id in walk_order(tree):
        for choice in tree.question(question_id).choices:
            if isinstance(tree.nodes.get(choice.next), Result) and choice.next not in order:
                order.append(choice.next)
    return order + [
        n for n, node in tree.nodes.items() if isinstance(node, Result) and n not in order
    ]


def _ancestors(index: TreeIndex, node_id: str) -> set[str]:
    seen: set[str] = set()
    stack = [node_id]
    while stack:
        for parent in index.parents.get(stack.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return seen


def floors_on_the_way(tree: Tree, index: TreeIndex, result_id: str) -> tuple[FloorOnTheWay, ...]:
    """The answers, on some path from the start to ``result_id``, whose urgency floor is
    more urgent than the result's own: what can raise it, in walk order."""
    result = tree.result(result_id)
    above = _ancestors(index, result_id)
    reachable = set(index.reachable)
    found = []
    for question_id in walk_order(tree):
        if question_id not in above or question_id not in reachable:
            continue
        for choice in tree.question(question_id).choices:
            floor = choice.urgency_floor
            leads_here = choice.next == result_id or choice.next in above
            if floor is not None and leads_here and floor.rank < result.urgency.rank:
                found.append(
                    FloorOnTheWay(question_id, choice.label, choice.finding or choice.label, floor)
                )
    return tuple(found)


def _refs_on_the_page(result: Result, causes: Iterable[Cause]) -> list[SourceRef]:
    refs: list[SourceRef] = [*result.sources]
    for discriminator in result.discriminators:
        refs += discriminator.sources
    for cause in causes:
        if cause.condition is not None:
            refs += cause.condition.sources
    return list(dict.fromkeys(refs))  # each once, in order


def handout_pages(
    tree: Tree, index: TreeIndex, result_ids: Sequence[str] = ()
) -> list[HandoutPage]:
    """A page for each of ``result_ids`` (every result, in walk order, when empty); raises
    :class:`HandoutError` for an id that is not a result of the tree."""
    for node_id in result_ids:
        node = tree.nodes.get(node_id)
        if node is None:
            results = [n for n, x in tree.nodes.items() if isinstance(x, Result)]
            close = difflib.get_close_matches(node_id, results, n=3)
            hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise HandoutError(
                f"no result {node_id!r} in tree {tree.meta.id!r}{hint}"
                " (footpain-tui paths TREE lists every result)"
            )
        if isinstance(node, Question):
            raise HandoutError(f"{node_id!r} is a question, not a result; name a result")
    pages = []
    for result_id in list(dict.fromkeys(result_ids)) or _result_order(tree):
        result = tree.result(result_id)
        causes = tuple(Cause(cid, tree.conditions.get(cid)) for cid in result.conditions)
        references = tuple(
            cite_in_full(ref, tree.meta.sources) for ref in _refs_on_the_page(result, causes)
        )
        pages.append(
            HandoutPage(
                result_id, result, causes, floors_on_the_way(tree, index, result_id), references
            )
        )
    return pages


# -- the sections of a page, shared by both formats ---------------------------------------------
@dataclass(frozen=True)
class _Item:
    text: str
    cited: str = ""  # the item's sources in words, "" when none
    heading: str = ""  # bold lead-in ("Cellulitis versus deep vein thrombosis")
    details: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (label, lines) under the item


@dataclass(frozen=True)
class _Section:
    title: str
    items: tuple[_Item, ...]
    numbered: bool = False
    paragraphs: bool = False  # items as paragraphs, not a list


def _name(tree: Tree, condition_id: str) -> str:
    condition = tree.conditions.get(condition_id)
    return condition.name if condition is not None else condition_id


def _sections(tree: Tree, page: HandoutPage) -> list[_Section]:
    result, sources = page.result, tree.meta.sources
    sections = [
        _Section("Why these answers point here", (_Item(result.explanation),), paragraphs=True)
    ]
    causes = []
    for cause in page.causes:
        condition = cause.condition
        if condition is None:
            causes.append(_Item("", heading=cause.condition_id))
            continue
        details = tuple(
            (label, lines)
            for label, lines in (
                ("Typical history", condition.history),
                ("On examination", condition.examination),
                ("Its own warning signs", condition.red_flags),
            )
            if lines
        )
        causes.append(
            _Item(
                condition.summary,
                cite_all(condition.sources, sources),
                heading=condition.name,
                details=details,
            )
        )
    sections.append(_Section("Likely causes, most likely first", tuple(causes), numbered=True))
    if result.discriminators:
        sections.append(
            _Section(
                "Telling it apart",
                tuple(
                    _Item(
                        d.text,
                        cite_all(d.sources, sources),
                        heading=f"{_name(tree, d.condition)} versus {_name(tree, d.versus)}",
                    )
                    for d in result.discriminators
                ),
            )
        )
    for title, lines in (
        ("What not to miss", result.pitfalls),
        ("Examination", result.examination),
        ("Investigations", result.investigations),
        ("Next steps", result.next_steps),
        ("Treatment", result.treatment),
        ("Self-care", result.self_care),
        ("When to seek help", result.seek_help),
    ):
        if lines:
            sections.append(_Section(title, tuple(_Item(line) for line in lines)))
    if page.floors:
        sections.append(
            _Section(
                "Urgency floors on the way",
                tuple(
                    _Item(
                        f"{floor.label} ({floor.question_id}): at least {floor.level.label},"
                        f' "raised to {floor.level.label} because: {floor.finding}"'
                    )
                    for floor in page.floors
                ),
            )
        )
    return sections


def _run_on(lines: Sequence[str]) -> str:
    """Short lines run on in one paragraph: sentences after a space, phrases after "; "."""
    out = ""
    for line in lines:
        if out:
            out += " " if out.endswith((".", "?", "!")) else "; "
        out += line
    return out


def _floor_intro(page: HandoutPage) -> str:
    if not page.floors:
        return "No answer on the way to it can raise its urgency."
    return (
        f"On its own it is {page.result.urgency.label}; an answer on the way can raise it"
        " (the walk shows the raised urgency and why):"
    )


# -- Markdown ----------------------------------------------------------------------------------
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|&~#])")
# What would start a list or a heading underline at the start of a block ("2. ", "- ", "===").
_MD_LIST_NUMBER = re.compile(r"^(\d+)([.)])(?=\s|$)")
_MD_LIST_MARK = re.compile(r"^[-+=]+(?=\s|$)")


def markdown_text(text: str, *, block_start: bool = False) -> str:
    """Tree text as literal Markdown on one line: characters that would format escaped;
    with ``block_start``, also what would begin a list where the text begins a block."""
    text = _MD_INLINE.sub(r"\\\1", " ".join(neutralise(text).split()))
    if block_start:
        text = _MD_LIST_NUMBER.sub(r"\1\\\2", text)
        text = _MD_LIST_MARK.sub(lambda m: "".join("\\" + ch for ch in m.group(0)), text)
    return text


def _md_item(item: _Item, marker: str) -> list[str]:
    text = markdown_text(item.text, block_start=True)
    if item.heading:
        text = f"**{markdown_text(item.heading)}**" + (f": {text}" if text else "")
    if item.cited:
        text += f" *({markdown_text(item.cited)})*"
    lines = [f"{marker} {text}" if marker else text]
    for label, details in item.details:
        lines.append(
            f"   - {markdown_text(label)}: " + "; ".join(markdown_text(d) for d in details)
        )
    return lines


def render_markdown(tree: Tree, pages: Sequence[HandoutPage]) -> str:
    meta = tree.meta
    out: list[str] = []
    for number, page in enumerate(pages):
        if number:
            out += ["", "---", ""]
        result = page.result
        out += [
            f"# {markdown_text(result.title)}",
            "",
            f"**Urgency: {result.urgency.label}.** {markdown_text(result.urgency.meaning)}",
            "",
            f"*{markdown_text(meta.title)} ({markdown_text(meta.id)} {markdown_text(meta.version)}),"
            f" result `{page.result_id}`.*",
        ]
        for section in _sections(tree, page):
            out += ["", f"## {markdown_text(section.title)}", ""]
            if section.title == "Urgency floors on the way":
                out += [markdown_text(_floor_intro(page)), ""]
            for i, item in enumerate(section.items, 1):
                marker = "" if section.paragraphs else f"{i}." if section.numbered else "-"
                out += _md_item(item, marker)
        if not page.floors:
            out += ["", markdown_text(_floor_intro(page), block_start=True)]
        out += ["", "## Sources", ""]
        out += [
            f"{i}. {markdown_text(ref.text(), block_start=True)}"
            for i, ref in enumerate(page.references, 1)
        ]
        out += ["", f"*{markdown_text(meta.disclaimer)}*"]
    return "\n".join(out) + "\n"


# -- HTML ----------------------------------------------------------------------------------------
def html_text(text: str) -> str:
    """Tree text as HTML text: escaped, control characters shown as U+FFFD."""
    return html.escape(neutralise(text), quote=True)


_SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$")

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 "DejaVu Sans", Arial, Helvetica, sans-serif; color: #111; background: #fff;
       margin: 0 auto; max-width: 52em; padding: 1.5em; }
article.result { margin-bottom: 3em; }
article.result + article.result { border-top: 3px double #444; padding-top: 1.5em; }
h1 { font-size: 1.55em; margin: .4em 0 .2em; line-height: 1.25; }
h2 { font-size: 1.05em; margin: 1.1em 0 .3em; border-bottom: 1px solid #999;
     padding-bottom: .1em; break-after: avoid; page-break-after: avoid; }
p, ul, ol { margin: .3em 0; }
li { margin: .15em 0; }
.meta { color: #444; font-size: .9em; margin: 0; }
.urgency { display: flex; gap: .6em; align-items: baseline; margin: .2em 0 .4em; }
.badge { font-weight: bold; letter-spacing: .05em; padding: .1em .5em; border: 2px solid #111; }
.urgency-emergency .badge { background: #b71c1c; color: #fff; border: 4px double #111; }
.urgency-urgent .badge { background: #e65100; color: #fff; border-width: 3px; }
.urgency-soon .badge { background: #fdd835; color: #000; }
.urgency-routine .badge { background: #1565c0; color: #fff; border-style: dashed; }
.urgency-self_care .badge { background: #2e7d32; color: #fff; border-style: dotted; }
.cited { color: #444; font-size: .88em; font-style: italic; }
.detail { display: block; margin-left: 1em; font-size: .93em; }
.sources li { font-size: .9em; overflow-wrap: anywhere; }
.disclaimer { margin-top: 1em; font-size: .85em; font-style: italic; color: #333; }
a { color: #0b4f9c; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  article.result { break-after: page; page-break-after: always; margin: 0; }
  article.result:last-child { break-after: auto; page-break-after: auto; }
  article.result + article.result { border-top: none; padding-top: 0; }
  .badge { background: none !important; color: #000 !important; }
  a { color: #000; text-decoration: none; }
  .cited, .meta, .disclaimer { color: #000; }
}
"""


def _html_item(item: _Item) -> str:
    parts = []
    if item.heading:
        parts.append(f"<strong>{html_text(item.heading)}</strong>" + (": " if item.text else ""))
    parts.append(html_text(item.text))
    if item.cited:
        parts.append(f' <span class="cited">({html_text(item.cited)})</span>')
    parts += [
        f'<span class="detail"><b>{html_text(label)}:</b> {html_text(_run_on(lines))}</span>'
        for label, lines in item.details
    ]
    return f"<li>{''.join(parts)}</li>"


def _html_reference(ref: FullCitation) -> str:
    text = ref.text()
    if ref.url and _SAFE_URL.match(ref.url) and text.endswith(ref.url):
        before = text[: -len(ref.url)]
        link = f'<a href="{html_text(ref.url)}">{html_text(ref.url)}</a>'
        return f"<li>{html_text(before)}{link}</li>"
    return f"<li>{html_text(text)}</li>"


def render_html(tree: Tree, pages: Sequence[HandoutPage]) -> str:
    meta = tree.meta
    title = f"Handout: {meta.title}"
    body: list[str] = []
    for page in pages:
        result = page.result
        urgency = result.urgency
        body += [
            f'<article class="result urgency-{urgency.value}" id="{html_text(page.result_id)}">',
            "<header>",
            f'<p class="urgency"><span class="badge">{html_text(urgency.label)}</span>'
            f" <span>{html_text(urgency.meaning)}</span></p>",
            f"<h1>{html_text(result.title)}</h1>",
            f'<p class="meta">{html_text(meta.title)} ({html_text(meta.id)} {html_text(meta.version)}),'
            f" result <code>{html_text(page.result_id)}</code></p>",
            "</header>",
        ]
        for section in _sections(tree, page):
            intro = (
                f"<p>{html_text(_floor_intro(page))}</p>"
                if section.title == "Urgency floors on the way"
                else ""
            )
            if section.paragraphs:
                content = "".join(f"<p>{html_text(item.text)}</p>" for item in section.items)
            else:
                tag = "ol" if section.numbered else "ul"
                items = "".join(_html_item(item) for item in section.items)
                content = f"<{tag}>{items}</{tag}>"
            body.append(f"<section><h2>{html_text(section.title)}</h2>{intro}{content}</section>")
        if not page.floors:
            body.append(f"<p>{html_text(_floor_intro(page))}</p>")
        references = "".join(_html_reference(ref) for ref in page.references)
        body += [
            f'<section class="sources"><h2>Sources</h2><ol>{references}</ol></section>',
            f'<p class="disclaimer">{html_text(meta.disclaimer)}</p>',
            "</article>",
        ]
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';'
        " style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_text(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
