"""A tree in a few paragraphs of Markdown: its figures, its red-flag screens and its branches.

The README's section on the bundled tree is this text (``make readme`` writes it; a test
fails when the two differ), so the figures a reader sees are always the tree's own. The
path figures are counted, never listed: one pass over the graph carries, for each node, how
many paths reach it with each urgency floor and with or without a warning sign.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .floors import NO_FLOOR_RANK, effective_rank, floor_rank_after
from .graph import TreeIndex
from .model import URGENCY_BY_RANK, Question, Result, Tree, Urgency


@dataclass(frozen=True)
class PathFigures:
    """How many paths end at each effective urgency, raised or not, after a warning sign
    or not (the same counts as listing every path with :func:`.paths.iter_paths` and
    keeping those a patient can take); ``contradictory`` counts the paths left out, where
    an answer contradicts an earlier one on the path (``Choice.contradicts``)."""

    total: int
    by_urgency: dict[Urgency, int]
    raised: int
    warned_by_urgency: dict[Urgency, int]
    contradictory: int = 0

    @property
    def warned(self) -> int:
        return sum(self.warned_by_urgency.values())


# (urgency floor rank, warning sign passed, the answers passed that some choice contradicts)
_Way = tuple[int, bool, frozenset[tuple[str, str]]]


def path_figures(tree: Tree, index: TreeIndex) -> PathFigures:
    """Count the paths from start by effective urgency; needs a tree without cycles.

    A path that takes an answer contradicting an earlier answer on it is counted apart.
    Only the answers some choice names as contradicted are carried along the count, so a
    tree without ``contradicts`` counts exactly as before."""
    nodes = tree.nodes
    named = index.contradicted_answers
    nothing: frozenset[tuple[str, str]] = frozenset()
    # node id -> {way: number of paths from start reaching it that way}
    ways: dict[str, Counter[_Way]] = {tree.start: Counter({(NO_FLOOR_RANK, False, nothing): 1})}
    by_urgency: Counter[Urgency] = Counter()
    warned_by: Counter[Urgency] = Counter()
    raised = contradictory = 0
    for node_id in index.topological:  # parents first: a node's count is complete
        here = ways.pop(node_id, None)
        if not here:
            continue
        node = nodes[node_id]
        if isinstance(node, Result):
            for (floor, warned, _passed), count in here.items():
                urgency = URGENCY_BY_RANK[effective_rank(node.urgency, floor)]
                by_urgency[urgency] += count
                raised += count if urgency is not node.urgency else 0
                if warned:
                    warned_by[urgency] += count
            continue
        for i, choice in enumerate(node.choices):
            if choice.next not in nodes:
                continue
            sign = node.is_warning_sign(i)
            ruled_out = {(ref.question, ref.choice) for ref in choice.contradicts}
            mark = (node_id, choice.label)
            below = ways.setdefault(choice.next, Counter())
            for (floor, warned, passed), count in here.items():
                if ruled_out and not ruled_out.isdisjoint(passed):
                    contradictory += index.paths_from(choice.next) * count
                    continue
                after = passed | {mark} if mark in named else passed
                below[(floor_rank_after(floor, choice), warned or sign, after)] += count
    return PathFigures(
        total=sum(by_urgency.values()),
        by_urgency={u: by_urgency[u] for u in Urgency},
        raised=raised,
        warned_by_urgency={u: warned_by[u] for u in Urgency},
        contradictory=contradictory,
    )


@dataclass(frozen=True)
class CaseFigures:
    """What a tree's training cases cover, from their scripted walks (built by
    :func:`footpain_tui.core.training.case_check.case_figures`)."""

    source: str  # the case file, as the summary names it
    count: int
    by_difficulty: dict[str, int]
    results_reached: frozenset[str]
    by_urgency: dict[Urgency, int]  # where the walks end, by effective urgency
    several_ticked: int  # cases that tick several choices at one checklist
    warning_answers_taken: frozenset[tuple[str, int]] = field(default_factory=frozenset)


def _count(n: int, thing: str, things: str | None = None) -> str:
    """``1 path``, ``2 paths``."""
    return f"{n} {thing if n == 1 else things or thing + 's'}"


def _words(urgency: Urgency) -> str:
    return urgency.value.replace("_", "-")


def _counts(counts: dict[Urgency, int]) -> str:
    return ", ".join(f"{n} {_words(u)}" for u, n in counts.items() if n)


_MARKDOWN = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: str) -> str:
    """Tree text as literal Markdown."""
    return _MARKDOWN.sub(r"\\\1", text)


def _kind(question: Question) -> str:
    return " (tick all that apply)" if question.multiple else ""


class _Writer:
    """The summary's text for one tree."""

    def __init__(self, tree: Tree, index: TreeIndex) -> None:
        self.tree = tree
        self.index = index
        self.inlined: set[str] = set()

    def result(self, node_id: str) -> str:
        result = self.tree.result(node_id)
        return f"**{_md(result.title)}** ({_words(result.urgency)})"

    def answer(self, question: Question, i: int, *, inline: bool) -> str:
        """``label → where it leads``, with its floor; a small question that only leads
        to results is spelled out in place when ``inline``."""
        choice = question.choices[i]
        target = self.tree.nodes.get(choice.next)
        floor = (
            f" (at least {_words(choice.urgency_floor)} from here)" if choice.urgency_floor else ""
        )
        if isinstance(target, Result):
            where = self.result(choice.next)
        elif inline and self._leads_only_to_results(choice.next):
            self.inlined.add(choice.next)
            where = f"`{choice.next}` {self.question_line(choice.next)}"
        else:
            where = f"`{choice.next}`"
        return f"{_md(choice.label)}{floor} → {where}"

    def _leads_only_to_results(self, node_id: str) -> bool:
        node = self.tree.nodes[node_id]
        assert isinstance(node, Question)
        return not node.red_flag and all(
            isinstance(self.tree.nodes.get(c.next), Result) for c in node.choices
        )

    def question_line(self, node_id: str) -> str:
        """``*prompt*: label → target; ...`` on one line."""
        question = self.tree.question(node_id)
        answers = "; ".join(
            self.answer(question, i, inline=False) for i in range(len(question.choices))
        )
        return f"*{_md(question.prompt)}*{_kind(question)}: {answers}"


def walk_order(tree: Tree) -> list[str]:
    """The questions reachable from start, each after every question that leads to it and
    otherwise in the author's order of choices, depth first: the order a reader follows a
    walk in (a reverse post-order of the graph, children visited last choice first)."""
    nodes = tree.nodes
    if not isinstance(nodes.get(tree.start), Question):
        return []
    finished: list[str] = []
    seen = {tree.start}
    stack: list[tuple[str, list[str]]] = [(tree.start, _question_children(tree, tree.start))]
    while stack:
        node_id, todo = stack[-1]
        if todo:
            child = todo.pop(0)
            if child not in seen:
                seen.add(child)
                stack.append((child, _question_children(tree, child)))
            continue
        stack.pop()
        finished.append(node_id)
    return finished[::-1]


def _question_children(tree: Tree, node_id: str) -> list[str]:
    """The questions a question leads to, last choice first, each once."""
    node = tree.nodes[node_id]
    assert isinstance(node, Question)
    kids = [c.next for c in reversed(node.choices) if isinstance(tree.nodes.get(c.next), Question)]
    return list(dict.fromkeys(kids))


def summarise(tree: Tree, index: TreeIndex, cases: CaseFigures | None = None) -> str:
    """The tree as Markdown: figures, red-flag screens (each answer with where it leads and
    its urgency), urgency floors, then every other question by branch. Needs a tree whose
    graph is whole (no cycle, no unknown node: lint FP101, FP103)."""
    writer = _Writer(tree, index)
    nodes = tree.nodes
    questions = [(nid, n) for nid, n in nodes.items() if isinstance(n, Question)]
    result_ids = {nid for nid, n in nodes.items() if isinstance(n, Result)}
    results = [tree.result(nid) for nid in result_ids]
    by_urgency = {u: sum(r.urgency is u for r in results) for u in Urgency}
    paths = path_figures(tree, index)
    reassuring = sum(paths.warned_by_urgency[u] for u in Urgency if u.needs_red_flag_screen)
    lines = [
        f"**Figures:** {_count(len(questions), 'question')}"
        f" ({_count(sum(q.multiple for _, q in questions), 'checklist')},"
        f" {_count(sum(q.red_flag for _, q in questions), 'red-flag screen')}),"
        f" {_count(len(results), 'result')} ({_counts(by_urgency)}),"
        f" {_count(len(tree.conditions), 'condition')}, depth {_count(index.depth, 'question')},"
        f" {_count(paths.total, 'path')} from start to a result"
        + (
            f" ({_count(paths.contradictory, 'more path is', 'more paths are')} left out: an"
            " answer on each contradicts an earlier one, so no patient can take it)."
            if paths.contradictory
            else "."
        ),
        "",
        f"By effective urgency (the result's own, raised by the urgency floors on the way) the"
        f" paths end {_counts(paths.by_urgency)}; {paths.raised} of them"
        f" {'is' if paths.raised == 1 else 'are'} raised by a floor."
        f" {_count(paths.warned, 'path reports', 'paths report')} a warning sign and"
        + (
            " none of them ends at routine or self-care."
            if not reassuring
            else f" {reassuring} of them end at routine or self-care."
        ),
    ]
    if cases is not None:
        reachable = set(index.reachable)
        warning_answers = {
            (nid, i)
            for nid, q in questions
            for i in range(len(q.choices))
            if nid in reachable and q.is_warning_sign(i)
        }
        difficulty = ", ".join(f"{n} {name}" for name, n in cases.by_difficulty.items() if n)
        lines += [
            "",
            f"{_count(cases.count, 'training case')} in `{cases.source}` ({difficulty}) reach"
            f" {len(cases.results_reached & result_ids)} of the {len(results)} results and take"
            f" {len(cases.warning_answers_taken & warning_answers)} of the"
            f" {len(warning_answers)} warning-sign answers of the red-flag screens;"
            f" {cases.several_ticked} tick several choices at one screen. They end"
            f" {_counts(cases.by_urgency)}.",
        ]
    order = walk_order(tree)
    red_flags = [nid for nid in order if tree.question(nid).red_flag]
    lines += ["", "Red-flag screens (⚑), in the order a walk meets them:", ""]
    for nid in red_flags:
        question = tree.question(nid)
        lines.append(f"- ⚑ `{nid}` *{_md(question.prompt)}*{_kind(question)}")
        lines += [
            f"  - {writer.answer(question, i, inline=True)}" for i in range(len(question.choices))
        ]
    floors = [(nid, c) for nid in order for c in tree.question(nid).choices if c.urgency_floor]
    if floors:
        lines += [
            "",
            "Urgency floors: once a walk has passed one of these answers, every result it"
            " reaches is at least that urgent: "
            + "; ".join(
                f"{_md(c.label)} (`{nid}`): at least {_words(c.urgency_floor)}"
                for nid, c in floors
                if c.urgency_floor
            )
            + ".",
        ]
    rest = [nid for nid in order if nid not in red_flags and nid not in writer.inlined]
    if rest:
        lines += ["", "The other questions, by branch:", ""]
        for nid in rest:
            question = tree.question(nid)
            lines.append(f"- `{nid}` *{_md(question.prompt)}*{_kind(question)}")
            lines += [
                f"  - {writer.answer(question, i, inline=False)}"
                for i in range(len(question.choices))
            ]
    return "\n".join(lines) + "\n"
