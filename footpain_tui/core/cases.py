"""Training cases: their lint, and the verdict on a trainee's walk.

A case file names one tree (``tree`` must equal the tree's ``meta.id``) and lists cases:
a story, the result the walk should end on and the scripted answers that get there, in
walk order; its format is in :mod:`.case_file`. :func:`check_cases` replays every case
through a :class:`WalkSession` and reports, with stable rule ids (``FP3xx``), anything that
no longer fits the tree; :func:`compute_verdict` compares a trainee's walk with a case.

This module does not import pydantic, so the explorer can import it at start-up. The
file-format names (``Case``, ``CaseFile``, ``ScriptedAnswer``, ``Difficulty``,
``load_cases``, ``case_json_schema``) are still importable from here: they load
:mod:`.case_file`, and pydantic with it, when first asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .graph import TreeIndex
from .lint import Finding, Rule, Severity
from .loader import TreeLoadError
from .model import Question, Result, Tree, Urgency
from .walk import AnswerError, Step, WalkSession

if TYPE_CHECKING:
    from .case_file import Case, CaseFile

CASE_SCHEMA_NAME = "case_schema.json"
_CASE_FILE_NAMES = frozenset(
    {"Difficulty", "ScriptedAnswer", "Case", "CaseFile", "case_json_schema", "load_cases"}
)


def __getattr__(name: str) -> Any:
    """The file-format names, from :mod:`.case_file` (imported on first use)."""
    if name in _CASE_FILE_NAMES:
        from . import case_file

        return getattr(case_file, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


def _resolve_at(tree: Tree, index: TreeIndex, question_id: str, text: str) -> int:
    """``WalkSession.resolve`` as if the walk stood on ``question_id``."""
    return WalkSession(replace(tree, start=question_id), index).resolve(text)


def _check_case(tree: Tree, index: TreeIndex, case: Case, position: int) -> CaseCheck:
    where = f"cases[{position}]"
    findings: list[Finding] = []
    resolved: dict[int, int] = {}  # answer position -> choice index, when it resolves
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

    # Walk the scripted answers in order from start.
    session = WalkSession(tree, index)
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
        session.answer(resolved[i])
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


class LazyCases:
    """A case file that is loaded, and checked against its tree, only when first used.

    It stands in for a :class:`CaseFile` where the explorer only reads ``.cases``, calls
    ``.case(id)`` and tests ``if cases:``, so the explorer can paint before pydantic is
    imported. A file that cannot be loaded, or whose cases do not fit the tree, counts as
    no cases (falsy, ``cases == []``); ``problems`` then says why.
    """

    def __init__(self, path: str | Path, tree: Tree, index: TreeIndex | None = None) -> None:
        self.path = Path(path)
        self.tree = tree
        self.index = index
        self.problems: list[str] = []
        self._loaded = False
        self._file: CaseFile | None = None

    def _load(self) -> CaseFile | None:
        if not self._loaded:
            self._loaded = True
            from .case_file import load_cases

            try:
                case_file = load_cases(self.path)
            except TreeLoadError as exc:
                self.problems = [str(p) for p in exc.problems]
            else:
                report = check_cases(case_file, self.tree, self.index)
                if report.ok:
                    self._file = case_file
                else:
                    self.problems = [str(f) for f in report.findings]
        return self._file

    @property
    def cases(self) -> list[Case]:
        case_file = self._load()
        return case_file.cases if case_file is not None else []

    def case(self, case_id: str) -> Case:
        case_file = self._load()
        if case_file is None:
            raise KeyError(f"no case {case_id!r}")
        return case_file.case(case_id)

    def __len__(self) -> int:
        return len(self.cases)


# -- verdict --------------------------------------------------------------------------------
class CaseError(ValueError):
    """A case's scripted answers do not walk the tree to its expected result."""


class PathStep(NamedTuple):
    """One answered question, as shown to a trainee: ``(prompt, answer label)``."""

    prompt: str
    answer: str


@dataclass(frozen=True)
class Divergence:
    """The first question where the trainee's answer differed from the case's."""

    case_id: str
    step: int  # 0-based position in both paths
    question_id: str
    prompt: str
    expected: str  # answer label
    given: str  # answer label
    teaching: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "case": self.case_id,
            "step": self.step,
            "question": self.question_id,
            "prompt": self.prompt,
            "expected": self.expected,
            "given": self.given,
            "teaching": self.teaching,
        }


@dataclass(frozen=True)
class ResultInfo:
    id: str
    title: str
    urgency: Urgency

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "urgency": self.urgency.value}


@dataclass(frozen=True)
class Verdict:
    """How a trainee's walk compares with a case.

    ``matched`` means the walk ended on the expected result (on a tree whose paths merge it
    can match even with a ``divergence``). ``given_result`` is None while the walk is still
    on a question.
    """

    case_id: str
    case_title: str
    story: str
    matched: bool
    expected_result: ResultInfo
    given_result: ResultInfo | None
    divergence: Divergence | None
    expected_path: list[PathStep]
    trainee_path: list[PathStep]
    teaching_point: str
    teachings: list[tuple[str, str]]  # (question prompt, teaching) for each scripted teaching

    def side_by_side(self) -> list[tuple[PathStep | None, PathStep | None]]:
        """Rows of (expected step, trainee step); the shorter path is padded with None."""
        length = max(len(self.expected_path), len(self.trainee_path))
        pad = [None] * length
        return list(
            zip(
                (self.expected_path + pad)[:length],
                (self.trainee_path + pad)[:length],
                strict=True,
            )
        )

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (what :meth:`SessionRecorder.finish` stores)."""
        return {
            "case": self.case_id,
            "case_title": self.case_title,
            "story": self.story,
            "matched": self.matched,
            "expected_result": self.expected_result.as_dict(),
            "given_result": self.given_result.as_dict() if self.given_result else None,
            "divergence": self.divergence.as_dict() if self.divergence else None,
            "expected_path": [s._asdict() for s in self.expected_path],
            "trainee_path": [s._asdict() for s in self.trainee_path],
            "teaching_point": self.teaching_point,
            "teachings": [{"prompt": p, "teaching": t} for p, t in self.teachings],
        }


def expected_walk(case: Case, tree: Tree, index: TreeIndex | None = None) -> WalkSession:
    """The walk the case scripts, ended on its expected result; raise :class:`CaseError`."""
    session = WalkSession(tree, index)
    for i, scripted in enumerate(case.answers):
        if session.finished or scripted.question != session.current_id:
            raise CaseError(
                f"case {case.id!r}: answers[{i}] is for {scripted.question!r} but the walk is at"
                f" {session.current_id!r}; run footpain-tui cases check"
            )
        try:
            session.answer_text(scripted.answer)
        except AnswerError as exc:
            raise CaseError(f"case {case.id!r}: answers[{i}]: {exc}") from None
    if session.current_id != case.expected_result:
        raise CaseError(
            f"case {case.id!r}: the answers end on {session.current_id!r}, not on"
            f" {case.expected_result!r}; run footpain-tui cases check"
        )
    return session


def _path_steps(session: WalkSession) -> list[PathStep]:
    return [PathStep(q.prompt, c.label) for _, q, c in session.path()]


def _result_info(tree: Tree, node_id: str) -> ResultInfo:
    result = tree.result(node_id)
    return ResultInfo(node_id, result.title, result.urgency)


def compute_verdict(
    case: Case,
    walk: WalkSession | Sequence[Step],
    tree: Tree | None = None,
    index: TreeIndex | None = None,
) -> Verdict:
    """Compare a trainee's walk (a session, or its steps plus ``tree``) with ``case``.

    Raises :class:`CaseError` if the case itself does not fit the tree (``cases check``
    catches that first) and ``ValueError`` if ``walk`` is steps that do not replay.
    """
    if isinstance(walk, WalkSession):
        trainee = walk
        tree = walk.tree
        index = index or walk.index
    else:
        if tree is None:
            raise TypeError("compute_verdict needs the tree when given steps")
        trainee = WalkSession(tree, index)
        trainee.replay(list(walk))
        index = trainee.index
    expected = expected_walk(case, tree, index)

    divergence = None
    for i, (want, got) in enumerate(zip(expected.steps, trainee.steps, strict=False)):
        if want.choice_index != got.choice_index:
            question = tree.question(want.node_id)
            scripted = case.scripted_for(want.node_id)
            divergence = Divergence(
                case_id=case.id,
                step=i,
                question_id=want.node_id,
                prompt=question.prompt,
                expected=question.choices[want.choice_index].label,
                given=question.choices[got.choice_index].label,
                teaching=scripted.teaching if scripted else None,
            )
            break

    given = _result_info(tree, trainee.current_id) if trainee.finished else None
    teachings = [(tree.question(a.question).prompt, a.teaching) for a in case.answers if a.teaching]
    return Verdict(
        case_id=case.id,
        case_title=case.title,
        story=case.story,
        matched=trainee.finished and trainee.current_id == case.expected_result,
        expected_result=_result_info(tree, case.expected_result),
        given_result=given,
        divergence=divergence,
        expected_path=_path_steps(expected),
        trainee_path=_path_steps(trainee),
        teaching_point=case.teaching_point,
        teachings=teachings,
    )


@dataclass
class TrainingScore:
    """A running score across the cases of one training run."""

    attempted: int = 0
    matched: int = 0
    divergences: list[Divergence] = field(default_factory=list)

    def add(self, verdict: Verdict) -> None:
        self.attempted += 1
        self.matched += verdict.matched
        if verdict.divergence is not None:
            self.divergences.append(verdict.divergence)

    @property
    def percent(self) -> int | None:
        return round(100 * self.matched / self.attempted) if self.attempted else None

    def summary(self) -> str:
        if not self.attempted:
            return "no cases attempted yet"
        plural = "s" if self.attempted != 1 else ""
        text = f"{self.matched} of {self.attempted} case{plural} matched ({self.percent}%)"
        if self.divergences:
            firsts = "; ".join(
                f"{d.case_id}: {d.prompt!r} expected {d.expected!r}, answered {d.given!r}"
                for d in self.divergences
            )
            text += f"; first divergences: {firsts}"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "attempted": self.attempted,
            "matched": self.matched,
            "divergences": [d.as_dict() for d in self.divergences],
        }
