"""Training cases checked against their tree: rules ``FP3xx``.

A case file names one tree (``tree`` must equal the tree's ``meta.id``) and lists cases:
a story, the result the walk should end on and the scripted answers that get there, in
walk order (a checklist's answer is the set of choices ticked), from the tree's start or
the case's own ``start``; its format is in :mod:`.case_file`. :func:`check_cases` replays every case
through a :class:`WalkSession` and reports, with stable rule ids, anything that no longer
fits the tree. This module does not import pydantic; :mod:`.lazy_cases` loads a case file
(and pydantic with it) only when first used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..tree.graph import TreeIndex
from ..tree.lint import Finding, Rule, Severity
from ..tree.model import Question, Result, Tree, Urgency
from ..tree.summary import CaseFigures
from ..tree.walk import AnswerError, WalkSession

if TYPE_CHECKING:
    from .case_file import Case, CaseFile


# -- lint -----------------------------------------------------------------------------------
CASE_RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("FP301", "case-tree-mismatch", Severity.ERROR, "the case file names another tree"),
        Rule("FP302", "duplicate-case-id", Severity.ERROR, "two cases share an id"),
        Rule("FP303", "unknown-result", Severity.ERROR, "the expected result does not exist"),
        Rule("FP304", "expected-not-result", Severity.ERROR, "the expected result is a question"),
        Rule(
            "FP305",
            "unknown-question",
            Severity.ERROR,
            "a scripted answer names a node that does not exist or is not a question",
        ),
        Rule(
            "FP306",
            "answer-mismatch",
            Severity.ERROR,
            "a scripted answer matches no choice (or several) of its question",
        ),
        Rule(
            "FP307",
            "duplicate-answer",
            Severity.ERROR,
            "a case scripts two answers for one question",
        ),
        Rule(
            "FP308",
            "off-path",
            Severity.ERROR,
            "the scripted answers do not follow the walk from start to a result",
        ),
        Rule(
            "FP309",
            "wrong-result",
            Severity.ERROR,
            "the scripted walk ends on another result than the expected one",
        ),
        Rule(
            "FP310",
            "unknown-start",
            Severity.ERROR,
            "the case starts at a node that does not exist or is not a question",
        ),
    )
}


def _finding(rule_id: str, path: str, message: str) -> Finding:
    return Finding(CASE_RULES[rule_id], path, message)


@dataclass(frozen=True)
class CaseCheck:
    """The replay of one case: its findings and the node the scripted walk stopped on."""

    case_id: str
    title: str
    position: int
    expected_result: str
    ended_on: str | None
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.case_id,
            "title": self.title,
            "ok": self.ok,
            "expected_result": self.expected_result,
            "ended_on": self.ended_on,
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass(frozen=True)
class CasesReport:
    """File-level findings (tree id, duplicate ids) and one :class:`CaseCheck` per case."""

    file_findings: list[Finding]
    cases: list[CaseCheck]

    @property
    def findings(self) -> list[Finding]:
        return self.file_findings + [f for c in self.cases for f in c.findings]

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def failed(self) -> list[CaseCheck]:
        return [c for c in self.cases if not c.ok]


def _resolve_at(
    tree: Tree, index: TreeIndex, question_id: str, answer: str | list[str]
) -> tuple[int, ...]:
    """The choices a scripted answer ticks at ``question_id``, checked as the walk would
    check them (one answer for a plain question; "None of these" alone on a checklist);
    raises :class:`AnswerError`."""
    session = WalkSession(tree, index, start=question_id)
    return session.answer_many(session.resolve_many(answer)).ticked


def _check_case(tree: Tree, index: TreeIndex, case: Case, position: int) -> CaseCheck:
    where = f"cases[{position}]"
    findings: list[Finding] = []
    resolved: dict[int, tuple[int, ...]] = {}  # answer position -> choices ticked, if it resolves
    seen: dict[str, int] = {}
    for i, scripted in enumerate(case.answers):
        at = f"{where}.answers[{i}]"
        if scripted.question in seen:
            findings.append(
                _finding(
                    "FP307",
                    f"{at}.question",
                    f"{scripted.question!r} is already answered at answers[{seen[scripted.question]}];"
                    " keep one answer per question",
                )
            )
        seen.setdefault(scripted.question, i)
        node = tree.nodes.get(scripted.question)
        if node is None:
            findings.append(
                _finding(
                    "FP305",
                    f"{at}.question",
                    f"no node {scripted.question!r} in tree {tree.meta.id!r}; check the id",
                )
            )
            continue
        if not isinstance(node, Question):
            findings.append(
                _finding(
                    "FP305",
                    f"{at}.question",
                    f"{scripted.question!r} is a result, not a question; remove this answer",
                )
            )
            continue
        try:
            resolved[i] = _resolve_at(tree, index, scripted.question, scripted.answer)
        except AnswerError as exc:
            labels = ", ".join(repr(c.label) for c in node.choices)
            reason = str(exc).splitlines()[0]
            findings.append(
                _finding(
                    "FP306",
                    f"{at}.answer",
                    f"{scripted.question!r}: {reason}; use one of {labels}",
                )
            )

    expected = tree.nodes.get(case.expected_result)
    if expected is None:
        findings.append(
            _finding(
                "FP303",
                f"{where}.expected_result",
                f"no node {case.expected_result!r} in tree {tree.meta.id!r}; name an existing result",
            )
        )
    elif not isinstance(expected, Result):
        findings.append(
            _finding(
                "FP304",
                f"{where}.expected_result",
                f"{case.expected_result!r} is a question; name the result the walk ends on",
            )
        )

    start = case.start or tree.start
    start_node = tree.nodes.get(start)
    if not isinstance(start_node, Question):
        findings.append(
            _finding(
                "FP310",
                f"{where}.start",
                f"{start!r} is a result, not a question; start the case at a question"
                if start_node is not None
                else f"no node {start!r} in tree {tree.meta.id!r}; name a question to start at",
            )
        )
        return CaseCheck(case.id, case.title, position, case.expected_result, None, findings)

    # Walk the scripted answers in order from the case's start.
    session = WalkSession(tree, index, start=start)
    walk_broken = False
    for i, scripted in enumerate(case.answers):
        at = f"{where}.answers[{i}]"
        if session.finished:
            findings.append(
                _finding(
                    "FP308",
                    f"{at}.question",
                    f"the walk already ended on {session.current_id!r} before this answer;"
                    " remove it or fix the answers before it",
                )
            )
            walk_broken = True
            break
        if scripted.question != session.current_id:
            findings.append(
                _finding(
                    "FP308",
                    f"{at}.question",
                    f"answer for {scripted.question!r}, but the walk is at {session.current_id!r};"
                    " script the answers in the order the walk asks them",
                )
            )
            walk_broken = True
            break
        if i not in resolved:
            walk_broken = True  # already reported
            break
        try:
            session.answer_many(resolved[i])
        except AnswerError as exc:  # an earlier answer of the case rules this one out
            findings.append(
                _finding(
                    "FP306", f"{at}.answer", f"{scripted.question!r}: {str(exc).splitlines()[0]}"
                )
            )
            walk_broken = True
            break
    if not walk_broken:
        if not session.finished:
            findings.append(
                _finding(
                    "FP308",
                    f"{where}.answers",
                    f"the answers stop at question {session.current_id!r}"
                    f" ({tree.question(session.current_id).prompt!r}); add an answer for it",
                )
            )
        elif isinstance(expected, Result) and session.current_id != case.expected_result:
            reached = tree.result(session.current_id)
            findings.append(
                _finding(
                    "FP309",
                    f"{where}.expected_result",
                    f"the answers end on {session.current_id!r} ({reached.title!r}),"
                    f" not on {case.expected_result!r} ({expected.title!r});"
                    " fix the answers or the expected result",
                )
            )
    return CaseCheck(
        case.id, case.title, position, case.expected_result, session.current_id, findings
    )


def check_cases(case_file: CaseFile, tree: Tree, index: TreeIndex | None = None) -> CasesReport:
    """Lint a case file against a tree by replaying every case through the walker."""
    index = index or TreeIndex(tree)
    file_findings: list[Finding] = []
    if case_file.tree != tree.meta.id:
        file_findings.append(
            _finding(
                "FP301",
                "tree",
                f"the cases are for tree {case_file.tree!r} but this tree is {tree.meta.id!r};"
                " check the files or change the case file's tree",
            )
        )
    first: dict[str, int] = {}
    for i, case in enumerate(case_file.cases):
        if case.id in first:
            file_findings.append(
                _finding(
                    "FP302",
                    f"cases[{i}].id",
                    f"case id {case.id!r} is already used by cases[{first[case.id]}]; rename one",
                )
            )
        first.setdefault(case.id, i)
    checks = [_check_case(tree, index, case, i) for i, case in enumerate(case_file.cases)]
    return CasesReport(file_findings, checks)


def case_figures(
    case_file: CaseFile, tree: Tree, index: TreeIndex | None = None, *, source: str
) -> CaseFigures:
    """What a case file covers (for :func:`..tree.summary.summarise`): the results its
    walks reach, where they end by effective urgency, the warning-sign answers they take.
    The cases must fit the tree (``check_cases`` first); raises ``CaseError`` otherwise."""
    from .case_file import Difficulty
    from .verdicts import expected_walk

    index = index or TreeIndex(tree)
    ends = dict.fromkeys(Urgency, 0)
    reached: set[str] = set()
    taken: set[tuple[str, int]] = set()
    several = 0
    for case in case_file.cases:
        walk = expected_walk(case, tree, index)
        reached.add(walk.current_id)
        effective = walk.effective_urgency
        assert effective is not None  # expected_walk ends on a result
        ends[effective.urgency] += 1
        several += any(len(step.ticked) > 1 for step in walk.steps)
        for step in walk.steps:
            question = tree.question(step.node_id)
            taken.update((step.node_id, i) for i in step.ticked if question.is_warning_sign(i))
    return CaseFigures(
        source=source,
        count=len(case_file.cases),
        by_difficulty={
            d.value: sum(c.difficulty is d for c in case_file.cases) for d in Difficulty
        },
        results_reached=frozenset(reached),
        by_urgency=ends,
        several_ticked=several,
        warning_answers_taken=frozenset(taken),
    )
