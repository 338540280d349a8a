"""Source references in words: "NICE NG19, section 1.3.1", "article ¶15-16",
"Patel DS et al. Am Fam Physician 2011;83(1):39-46, Abstract".

The one place a citation is worded, for ``walk``, the result and condition screens and
every export.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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
