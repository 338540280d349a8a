"""What a set of training cases exercises in a tree: results, choices and paths.

An author who edits a tree, or writes cases for a new one, asks which parts no case walks:
a result no case reaches, an answer no case gives, a root-to-result path no case follows.

- A **result** is covered when some case's walk ends on it.
- A **choice** is covered when some case ticks it (on a plain question the one answer given
  is ticked). On a checklist, ticking a choice is not following it: the walk goes to the
  first ticked choice only, so the branch behind a choice that is always ticked beside a more
  urgent one is never walked. Each choice says both: ``ticked_by`` and ``followed_by``.
- A **path** (from the tree's start to a result, one per choice followed: see
  :mod:`..tree.paths`) is covered when some case that starts at the tree's start follows it.
  A tree's paths grow exponentially with its depth, so they are counted over the graph and
  only the uncovered ones up to a limit are listed. A case that starts mid-tree counts for
  results and choices, not for root-to-result paths.

Pure and pydantic-free: it takes case walks (:class:`CaseWalk`), which
:func:`case_walks` builds from a checked case file.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..tree.graph import TreeIndex
from ..tree.model import Choice, Question, Result, Tree
from ..tree.paths import TreePath, possible_paths
from ..tree.summary import path_figures, walk_order
from ..tree.walk import Step

if TYPE_CHECKING:
    from .case_file import CaseFile

DEFAULT_PATH_LIMIT = 20

# A path as the sequence of (question id, choice followed), the key cases and paths share.
PathKey = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class CaseWalk:
    """One case's scripted walk: where it starts, every step (ticked choices included) and
    the result it ends on."""

    case_id: str
    start: str
    steps: tuple[Step, ...]
    result_id: str


@dataclass(frozen=True)
class ResultCoverage:
    result_id: str
    result: Result
    reached_by: tuple[str, ...]  # case ids, in case-file order

    @property
    def covered(self) -> bool:
        return bool(self.reached_by)


@dataclass(frozen=True)
class ChoiceCoverage:
    question_id: str
    question: Question
    index: int  # 0-based
    ticked_by: tuple[str, ...]
    followed_by: tuple[str, ...]

    @property
    def choice(self) -> Choice:
        return self.question.choices[self.index]

    @property
    def covered(self) -> bool:
        """Some case ticks (on a plain question: gives) this answer."""
        return bool(self.ticked_by)

    @property
    def followed(self) -> bool:
        """Some case's walk goes on through this answer's ``next``."""
        return bool(self.followed_by)

    @property
    def ticked_not_followed(self) -> bool:
        """A checklist choice that cases tick only beside an earlier (more urgent) one."""
        return self.covered and not self.followed


def _percent(part: int, whole: int) -> float:
    return 100.0 if whole == 0 else 100.0 * part / whole


@dataclass(frozen=True)
class Coverage:
    """What the cases cover; ``uncovered_paths`` lists at most ``path_limit`` of them."""

    cases: int
    mid_tree_cases: int  # cases that start at another node than the tree's start
    results: tuple[ResultCoverage, ...]
    choices: tuple[ChoiceCoverage, ...]
    total_paths: int
    covered_paths: int
    uncovered_paths: tuple[TreePath, ...]
    path_limit: int
    # How many cases pass through (start at, or are led to) each node: for the tree map.
    node_visits: dict[str, int]

    @property
    def results_covered(self) -> int:
        return sum(r.covered for r in self.results)

    @property
    def choices_covered(self) -> int:
        return sum(c.covered for c in self.choices)

    @property
    def choices_followed(self) -> int:
        return sum(c.followed for c in self.choices)

    @property
    def results_percent(self) -> float:
        return _percent(self.results_covered, len(self.results))

    @property
    def choices_percent(self) -> float:
        return _percent(self.choices_covered, len(self.choices))

    @property
    def followed_percent(self) -> float:
        return _percent(self.choices_followed, len(self.choices))

    @property
    def paths_percent(self) -> float:
        return _percent(self.covered_paths, self.total_paths)

    @property
    def uncovered_path_count(self) -> int:
        return self.total_paths - self.covered_paths

    def uncovered_results(self) -> list[ResultCoverage]:
        return [r for r in self.results if not r.covered]

    def uncovered_choices(self) -> list[ChoiceCoverage]:
        return [c for c in self.choices if not c.covered]

    def ticked_not_followed(self) -> list[ChoiceCoverage]:
        return [c for c in self.choices if c.ticked_not_followed]

    def choice(self, question_id: str, index: int) -> ChoiceCoverage:
        for item in self.choices:
            if item.question_id == question_id and item.index == index:
                return item
        raise KeyError((question_id, index))

    def below(self, percent: float) -> list[str]:
        """The measures (``results``, ``choices``) under ``percent``: what ``--min`` gates.
        Paths are reported, never gated: their number grows exponentially with depth."""
        out = []
        if self.results_percent < percent:
            out.append("results")
        if self.choices_percent < percent:
            out.append("choices")
        return out


def path_key(steps: Iterable[Step]) -> PathKey:
    return tuple((step.node_id, step.choice_index) for step in steps)


def tree_path_key(path: TreePath) -> PathKey:
    return tuple((a.question_id, a.choice_index) for a in path.answers)


def measure(
    tree: Tree,
    index: TreeIndex,
    walks: Sequence[CaseWalk],
    *,
    path_limit: int = DEFAULT_PATH_LIMIT,
) -> Coverage:
    """The coverage of ``tree`` by ``walks``. Needs a whole graph (no cycle, no unknown node:
    lint FP101, FP103), as every command that walks a tree does."""
    reached: dict[str, list[str]] = {}
    ticked: dict[tuple[str, int], list[str]] = {}
    followed: dict[tuple[str, int], list[str]] = {}
    covered_keys: set[PathKey] = set()
    visits: dict[str, int] = {}
    for walk in walks:
        for node_id in {walk.start, *(s.node_id for s in walk.steps), walk.result_id}:
            visits[node_id] = visits.get(node_id, 0) + 1
        reached.setdefault(walk.result_id, []).append(walk.case_id)
        for step in walk.steps:
            for i in step.ticked:
                ticked.setdefault((step.node_id, i), []).append(walk.case_id)
            followed.setdefault((step.node_id, step.choice_index), []).append(walk.case_id)
        if walk.start == tree.start:
            covered_keys.add(path_key(walk.steps))
    results = tuple(
        ResultCoverage(node_id, node, tuple(reached.get(node_id, ())))
        for node_id, node in tree.nodes.items()
        if isinstance(node, Result)
    )
    # Questions in the order a walk meets them (then any unreachable ones), as an author reads.
    order = walk_order(tree)
    order += [
        n for n, node in tree.nodes.items() if isinstance(node, Question) and n not in set(order)
    ]
    choices = tuple(
        ChoiceCoverage(
            node_id,
            tree.question(node_id),
            i,
            tuple(ticked.get((node_id, i), ())),
            tuple(followed.get((node_id, i), ())),
        )
        for node_id in order
        for i in range(len(tree.question(node_id).choices))
    )
    total = path_figures(tree, index).total  # the paths a patient can take
    # Each covered path is met once in the enumeration, so at most limit + covered paths are
    # read, whatever the size of the tree (and the contradictory ones skipped).
    uncovered = itertools.islice(
        (p for p in possible_paths(tree, index) if tree_path_key(p) not in covered_keys),
        path_limit,
    )
    return Coverage(
        cases=len(walks),
        mid_tree_cases=sum(w.start != tree.start for w in walks),
        results=results,
        choices=choices,
        total_paths=total,
        covered_paths=len(covered_keys),
        uncovered_paths=tuple(uncovered),
        path_limit=path_limit,
        node_visits=visits,
    )


def case_walks(case_file: CaseFile, tree: Tree, index: TreeIndex) -> list[CaseWalk]:
    """Every case's scripted walk; the cases must fit the tree (``check_cases`` first), else
    :class:`..verdicts.CaseError`."""
    from .verdicts import expected_walk

    out = []
    for case in case_file.cases:
        walk = expected_walk(case, tree, index)
        out.append(CaseWalk(case.id, walk.start_id, walk.steps, walk.current_id))
    return out


# -- reports ----------------------------------------------------------------------------------
def _where(item: ChoiceCoverage) -> str:
    return f"{item.question_id}[{item.index + 1}]"


def _choice_line(item: ChoiceCoverage, tree: Tree) -> str:
    """``  q_toes[6] 'None of these' -> r_unexplained (No typical pattern...)``."""
    target = tree.nodes.get(item.choice.next)
    title = f" ({target.title})" if isinstance(target, Result) else ""
    return f"  {_where(item)} {item.choice.label!r} -> {item.choice.next}{title}"


def _path_line(number: int, path: TreePath) -> str:
    answers = " > ".join(f"{a.question_id}: {a.choice.label}" for a in path.answers)
    return f"  {number}. {answers} => {path.result_id} ({path.result.title})"


def coverage_text(coverage: Coverage, tree: Tree, tree_path: str, cases_path: str) -> str:
    """The report ``cases coverage`` prints: the three measures, then every result and
    choice no case covers, by id and label, and the uncovered paths up to the limit."""
    c = coverage
    lines = [
        f"coverage of {tree_path} ({tree.meta.id} {tree.meta.version})"
        f" by {c.cases} case{'s' if c.cases != 1 else ''} in {cases_path}",
        "",
        f"results: {c.results_covered} of {len(c.results)} reached ({c.results_percent:.1f}%)",
        f"choices: {c.choices_covered} of {len(c.choices)} taken ({c.choices_percent:.1f}%);"
        f" {c.choices_followed} followed ({c.followed_percent:.1f}%)",
        f"paths:   {c.covered_paths} of {c.total_paths} root-to-result paths followed"
        f" ({c.paths_percent:.1f}%)",
    ]
    if c.mid_tree_cases:
        lines.append(
            f"         ({c.mid_tree_cases} case{'s start' if c.mid_tree_cases != 1 else ' starts'}"
            " mid-tree: counted for results and choices, not for paths)"
        )
    missing = c.uncovered_results()
    lines += ["", f"results no case reaches: {len(missing) or 'none'}"]
    lines += [f"  {r.result_id} ({r.result.title})" for r in missing]
    untaken = c.uncovered_choices()
    lines += ["", f"choices no case takes: {len(untaken) or 'none'}"]
    lines += [_choice_line(item, tree) for item in untaken]
    unfollowed = c.ticked_not_followed()
    if unfollowed:
        lines += [
            "",
            f"checklist choices ticked but never followed: {len(unfollowed)}"
            " (always ticked beside an earlier choice, so the walk never goes on through them)",
        ]
        lines += [
            _choice_line(item, tree) + f"  [ticked by {', '.join(item.ticked_by)}]"
            for item in unfollowed
        ]
    shown = len(c.uncovered_paths)
    if c.uncovered_path_count:
        if not shown:
            more = " (none listed: --paths N lists the first N)"
        elif shown < c.uncovered_path_count:
            more = f" (the first {shown}; --paths N lists more)"
        else:
            more = ""
        lines += ["", f"paths no case follows: {c.uncovered_path_count}{more}"]
        lines += [_path_line(i, p) for i, p in enumerate(c.uncovered_paths, 1)]
    else:
        lines += ["", "paths no case follows: none"]
    return "\n".join(lines) + "\n"


def _choice_data(item: ChoiceCoverage) -> dict[str, object]:
    return {
        "question": item.question_id,
        "prompt": item.question.prompt,
        "kind": item.question.kind,
        "choice": item.index + 1,
        "label": item.choice.label,
        "next": item.choice.next,
        "ticked_by": list(item.ticked_by),
        "followed_by": list(item.followed_by),
    }


def coverage_data(
    coverage: Coverage, tree: Tree, tree_path: str, cases_path: str, minimum: float | None
) -> dict[str, object]:
    """The same report as JSON-ready data (``cases coverage --json``)."""
    c = coverage
    below = c.below(minimum) if minimum is not None else []
    return {
        "tree": tree_path,
        "tree_id": tree.meta.id,
        "version": tree.meta.version,
        "cases_file": cases_path,
        "cases": c.cases,
        "mid_tree_cases": c.mid_tree_cases,
        "min": minimum,
        "ok": not below,
        "below_min": below,
        "results": {
            "total": len(c.results),
            "covered": c.results_covered,
            "percent": round(c.results_percent, 2),
            "uncovered": [
                {"id": r.result_id, "title": r.result.title} for r in c.uncovered_results()
            ],
            "reached_by": {r.result_id: list(r.reached_by) for r in c.results},
        },
        "choices": {
            "total": len(c.choices),
            "covered": c.choices_covered,
            "percent": round(c.choices_percent, 2),
            "followed": c.choices_followed,
            "followed_percent": round(c.followed_percent, 2),
            "uncovered": [_choice_data(item) for item in c.uncovered_choices()],
            "ticked_not_followed": [_choice_data(item) for item in c.ticked_not_followed()],
        },
        "paths": {
            "total": c.total_paths,
            "covered": c.covered_paths,
            "percent": round(c.paths_percent, 2),
            "uncovered": c.uncovered_path_count,
            "listed": len(c.uncovered_paths),
            "uncovered_listed": [
                {
                    "answers": [
                        {
                            "question": a.question_id,
                            "choice": a.choice_index + 1,
                            "label": a.choice.label,
                        }
                        for a in p.answers
                    ],
                    "result": p.result_id,
                    "title": p.result.title,
                }
                for p in c.uncovered_paths
            ],
        },
    }
