"""Source references in words: "NICE NG19, section 1.3.1", "article ¶15-16",
"Patel DS et al. Am Fam Physician 2011;83(1):39-46, Abstract".

The one place a citation is worded, for ``walk``, the result and condition screens and
every export.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .model import CITED_BY_SECTION, Source, SourceRef


def paragraph_ranges(paragraphs: Iterable[int]) -> str:
    """``[15, 16, 17, 20]`` as ``15-17, 20`` (sorted, each number once)."""
    numbers = sorted(set(paragraphs))
    parts: list[str] = []
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        parts.append(str(numbers[i]) if i == j else f"{numbers[i]}-{numbers[j]}")
        i = j + 1
    return ", ".join(parts)


def source_name(source: Source, sources: Sequence[Source] = ()) -> str:
    """How a source is named in a citation: a guideline or a review by its own reference
    ("NICE NG19", "Patel DS et al. Am Fam Physician 2011;83(1):39-46"), the article as
    "article" (by its title when the tree cites several), anything else by its title."""
    if source.kind in CITED_BY_SECTION:
        return source.reference or source.title
    if source.kind == "article":
        articles = sum(s.kind == "article" for s in sources)
        return "article" if articles <= 1 else source.title
    return source.title


def cite(ref: SourceRef, sources: Sequence[Source]) -> str:
    """One reference in words, given the tree's ``meta.sources``."""
    source = next((s for s in sources if s.id == ref.source), None)
    name = ref.source if source is None else source_name(source, sources)
    parts = [name]
    if ref.paragraphs:
        parts.append(f" ¶{paragraph_ranges(ref.paragraphs)}")
    if ref.section:
        numbered = ref.section[0].isdigit()
        parts.append(f", section {ref.section}" if numbered else f", {ref.section}")
    return "".join(parts)


def cite_all(refs: Iterable[SourceRef], sources: Sequence[Source]) -> str:
    """Several references, ``; ``-separated, in the order given."""
    return "; ".join(cite(ref, sources) for ref in refs)


class FullCitation(NamedTuple):
    """A reference with its document in full, for a printed page: ``cited`` is the
    reference in words (:func:`cite`), then the document's title (when its name in
    ``cited`` is not already the title), publisher, year and address."""

    cited: str
    title: str | None = None
    publisher: str | None = None
    year: int | None = None
    url: str | None = None

    def text(self) -> str:
        """``NICE NG19, section 1.3.1. Diabetic foot problems: ... NICE, 2015. https://...``"""
        published = ", ".join(str(p) for p in (self.publisher, self.year) if p)
        out = ""
        for sentence in (self.cited, self.title, published):
            if sentence:
                full_stop = "" if sentence.endswith((".", "?", "!")) else "."
                out += f"{' ' if out else ''}{sentence}{full_stop}"
        return f"{out} {self.url}" if self.url else out


def cite_in_full(ref: SourceRef, sources: Sequence[Source]) -> FullCitation:
    """One reference with its document in full (for handouts)."""
    source = next((s for s in sources if s.id == ref.source), None)
    cited = cite(ref, sources)
    if source is None:
        return FullCitation(cited)
    named_by_title = source_name(source, sources) == source.title
    return FullCitation(
        cited,
        title=None if named_by_title else source.title,
        publisher=source.publisher,
        year=source.year,
        url=source.url,
    )
