"""Plain-data summaries of a tree and its lint findings, for ``validate --json`` and the README."""

from __future__ import annotations

import math
from typing import Any

from .graph import TreeIndex
from .lint import LintReport
from .model import Question, Result, Tree

# A JSON reader keeps an integer exact only below 2**53; past this a count is written as text.
EXACT_COUNT_LIMIT = 10**15


def bounded_count(count: int) -> int | str:
    """``count`` itself below 10^15, else a lower bound as text: ``">10^4515"``.

    (Python refuses to turn an integer of more than 4300 digits into text, and a chain of
    15,000 two-way questions has about 10^4515 paths.)
    """
    if count < EXACT_COUNT_LIMIT:
        return count
    return f">10^{int((count.bit_length() - 1) * math.log10(2))}"


def tree_stats(tree: Tree, index: TreeIndex, report: LintReport) -> dict[str, int | str | None]:
    has_cycle = index.cycle is not None
    return {
        "questions": sum(isinstance(n, Question) for n in tree.nodes.values()),
        "results": sum(isinstance(n, Result) for n in tree.nodes.values()),
        "conditions": len(tree.conditions),
        # Depth and path counts are undefined on a cyclic graph.
        "max_depth": None if has_cycle else index.depth,
        "paths": None if has_cycle else bounded_count(_possible_paths(tree, index)),
    }


def _possible_paths(tree: Tree, index: TreeIndex) -> int:
    """The paths a patient can take: all of them, less those where an answer contradicts
    an earlier one (counted only for a tree that names contradictions at all)."""
    if not index.contradicted_answers:
        return index.path_count
    from .summary import path_figures  # only trees with contradictions need its count

    return path_figures(tree, index).total


def validation_report(
    path: str, tree: Tree, index: TreeIndex, report: LintReport
) -> dict[str, Any]:
    return {
        "file": path,
        "ok": report.ok,
        "errors": [f.as_dict() for f in report.errors],
        "warnings": [f.as_dict() for f in report.warnings],
        "stats": tree_stats(tree, index, report),
        "conditions": [{"id": cid, "name": c.name} for cid, c in tree.conditions.items()],
        "results": [
            {
                "id": nid,
                "title": n.title,
                "urgency": n.urgency.value,
                "conditions": list(n.conditions),
            }
            for nid, n in tree.nodes.items()
            if isinstance(n, Result)
        ],
    }


def load_failure_report(path: str, problems: list) -> dict[str, Any]:
    """The ``validate --json`` shape for a file that could not be loaded at all."""
    return {
        "file": path,
        "ok": False,
        "errors": [
            {
                "rule": "load",
                "name": "load",
                "path": p.location,
                "message": f"{p.message} (hint: {p.hint})",
            }
            for p in problems
        ],
        "warnings": [],
        "stats": None,
        "conditions": [],
        "results": [],
    }
