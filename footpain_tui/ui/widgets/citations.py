"""Sources in words for the result pane and the condition screen.

The words of each citation come from :mod:`footpain_tui.core.tree.citations` ("NICE NG19,
section 1.3.1", "article ¶15-16"); here they become paragraphs: each reference once, the
source's title, year and address after its first citation.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from ...core.tree.citations import cite, cite_all
from ...core.tree.model import Source, SourceRef, Tree
from .text_view import Block

BULLET = Content.styled("• ", "bold")


def source_detail(source: Source) -> str:
    """The title, publisher and year of a source, then its address: what to look it up by."""
    words = source.title
    extra = ", ".join(str(v) for v in (source.publisher, source.year) if v)
    if extra:
        words += f" ({extra})"
    if source.url:
        words += f". {source.url}"
    return words


def source_blocks(tree: Tree, refs: Iterable[SourceRef]) -> list[Block]:
    """One bullet per reference, in words; a source's details follow its first citation."""
    sources = tree.meta.sources
    by_id = {s.id: s for s in sources}
    described: set[str] = set()
    blocks = []
    for ref in refs:
        text = Content(cite(ref, sources))
        source = by_id.get(ref.source)
        if source is not None and ref.source not in described:
            described.add(ref.source)
            detail = source_detail(source)
            if detail != text.plain:
                text = Content.assemble(text, (f" — {detail}", "dim"))
        blocks.append(Block(text, prefix=BULLET))
    return blocks


def inline_citation(tree: Tree, refs: Iterable[SourceRef]) -> Content:
    """`` [NICE NG19, section 1.3.1; article ¶8]`` after a sentence, or nothing."""
    refs = tuple(refs)
    if not refs:
        return Content("")
    return Content.styled(f" [{cite_all(refs, tree.meta.sources)}]", "dim")
