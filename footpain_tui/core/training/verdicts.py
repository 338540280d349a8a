"""The verdict on a trainee's walk through a case, and the running training score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ..tree.findings import choice_finding, walk_findings
from ..tree.graph import TreeIndex
from ..tree.model import Question, Tree, Urgency
from ..tree.walk import AnswerError, StartNodeError, Step, WalkSession
from ..tree.what_if import WhatIf, what_if
from .predictions import Marks, Prediction

if TYPE_CHECKING:
    from .case_file import Case


# Between the labels of a checklist's ticked choices: a label may itself hold a comma.
LABELS_JOIN = "; "


class CaseError(ValueError):
    """A case's scripted answers do not walk the tree to its expected result."""


class PathStep(NamedTuple):
    """One answered question, as shown to a trainee: ``(prompt, answer)``.

    ``answer`` is the label of the choice taken, or on a checklist every ticked label joined
    by "; " (a label may hold a comma); ``ticked`` holds what each ticked choice reported
    (its finding, else its label).
    """

    prompt: str
    answer: str
    ticked: tuple[str, ...] = ()


@dataclass(frozen=True)
class Divergence:
    """The first question where the trainee's answer differed from the case's.

    On a checklist the answers are sets: ``missing`` are the findings the case expects and
    the trainee did not tick, ``extra`` those ticked beyond it (each a finding, else a label).
    """

    case_id: str
    step: int  # 0-based position in both paths
    question_id: str
    prompt: str
    expected: str  # answer label (labels joined by "; " on a checklist)
    given: str  # answer label (labels joined by "; " on a checklist)
    teaching: str | None
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "case": self.case_id,
            "step": self.step,
            "question": self.question_id,
            "prompt": self.prompt,
            "expected": self.expected,
            "given": self.given,
            "teaching": self.teaching,
            "missing": list(self.missing),
            "extra": list(self.extra),
        }


@dataclass(frozen=True)
class ResultInfo:
    """A result a walk ended on, with the urgency shown for that walk: the result's own,
    raised by the urgency floors the walk passed (``raised_by`` names their findings)."""

    id: str
    title: str
    urgency: Urgency
    raised_by: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "title": self.title, "urgency": self.urgency.value}
        if self.raised_by:
            data["raised_by"] = list(self.raised_by)
        return data


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
    # The cause and urgency the trainee committed to before the result showed (None when
    # predict-then-reveal was off).
    prediction: Prediction | None = None
    # The case's own answer at the first wrong turn: the ticked choices (0-based).
    expected_ticked: tuple[int, ...] = ()

    @property
    def marks(self) -> Marks:
        """Path, cause and urgency, marked separately."""
        return Marks.of(self.matched, self.prediction)

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
            "expected_path": [_path_step_dict(s) for s in self.expected_path],
            "trainee_path": [_path_step_dict(s) for s in self.trainee_path],
            "teaching_point": self.teaching_point,
            "teachings": [{"prompt": p, "teaching": t} for p, t in self.teachings],
            "marks": self.marks.as_dict(),
        }


def _path_step_dict(step: PathStep) -> dict[str, Any]:
    return {"prompt": step.prompt, "answer": step.answer, "ticked": list(step.ticked)}


def case_walk(case: Case, tree: Tree, index: TreeIndex | None = None) -> WalkSession:
    """A new walk standing where ``case`` starts (its ``start``, else the tree's);
    raises :class:`CaseError` if the tree has no such node."""
    try:
        return WalkSession(tree, index, start=case.start)
    except StartNodeError as exc:
        raise CaseError(f"case {case.id!r}: {exc}; run footpain-tui cases check") from None


def expected_walk(case: Case, tree: Tree, index: TreeIndex | None = None) -> WalkSession:
    """The walk the case scripts, ended on its expected result; raise :class:`CaseError`."""
    session = case_walk(case, tree, index)
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
    return [
        PathStep(
            step.question.prompt,
            LABELS_JOIN.join(c.label for c in step.choices),
            step.findings,
        )
        for step in walk_findings(session)
    ]


def _divergence(case: Case, tree: Tree, position: int, want: Step, got: Step) -> Divergence:
    question = tree.question(want.node_id)
    scripted = case.scripted_for(want.node_id)

    def words(indices: Sequence[int]) -> tuple[str, ...]:
        return tuple(choice_finding(question.choices[i]) for i in indices)

    return Divergence(
        case_id=case.id,
        step=position,
        question_id=want.node_id,
        prompt=question.prompt,
        expected=LABELS_JOIN.join(question.choices[i].label for i in want.ticked),
        given=LABELS_JOIN.join(question.choices[i].label for i in got.ticked),
        teaching=scripted.teaching if scripted else None,
        missing=words([i for i in want.ticked if i not in got.ticked]),
        extra=words([i for i in got.ticked if i not in want.ticked]),
    )


def _result_info(walk: WalkSession) -> ResultInfo:
    """The result ``walk`` ended on, at the urgency that walk gives it."""
    result = walk.tree.result(walk.current_id)
    effective = walk.urgency_of(result)
    return ResultInfo(walk.current_id, result.title, effective.urgency, effective.reasons)


def compute_verdict(
    case: Case,
    walk: WalkSession | Sequence[Step],
    tree: Tree | None = None,
    index: TreeIndex | None = None,
    prediction: Prediction | None = None,
) -> Verdict:
    """Compare a trainee's walk (a session, or its steps plus ``tree``) with ``case``.

    Answers are compared as sets of ticked choices, so a checklist answered with the right
    choice first but a sign missing still diverges there. Steps are replayed from the case's
    ``start``. Raises :class:`CaseError` if the case itself does not fit the tree (``cases
    check`` catches that first) and ``ValueError`` if ``walk`` is steps that do not replay.
    """
    if isinstance(walk, WalkSession):
        trainee = walk
        tree = walk.tree
        index = index or walk.index
    else:
        if tree is None:
            raise TypeError("compute_verdict needs the tree when given steps")
        trainee = case_walk(case, tree, index)
        trainee.replay(list(walk))
        index = trainee.index
    expected = expected_walk(case, tree, index)
    if trainee.start_id != expected.start_id:
        raise ValueError(
            f"the walk started at {trainee.start_id!r}, but case {case.id!r} starts at"
            f" {expected.start_id!r}"
        )

    divergence = None
    expected_ticked: tuple[int, ...] = ()
    for i, (want, got) in enumerate(zip(expected.steps, trainee.steps, strict=False)):
        if want.ticked != got.ticked:
            divergence = _divergence(case, tree, i, want, got)
            expected_ticked = want.ticked
            break

    given = _result_info(trainee) if trainee.finished else None
    teachings = [(tree.question(a.question).prompt, a.teaching) for a in case.answers if a.teaching]
    return Verdict(
        case_id=case.id,
        case_title=case.title,
        story=case.story,
        matched=trainee.finished and trainee.current_id == case.expected_result,
        expected_result=_result_info(expected),
        given_result=given,
        divergence=divergence,
        expected_path=_path_steps(expected),
        trainee_path=_path_steps(trainee),
        teaching_point=case.teaching_point,
        teachings=teachings,
        prediction=prediction,
        expected_ticked=expected_ticked,
    )


def turn_not_taken(verdict: Verdict, walk: WalkSession) -> WhatIf | None:
    """Where the case's answer at the first wrong turn would have led the trainee's walk
    (``walk``, the walk the verdict was given on); None without a wrong turn."""
    d = verdict.divergence
    if d is None or not verdict.expected_ticked or d.step >= len(walk.steps):
        return None
    return what_if(walk, d.step, verdict.expected_ticked)


def _same_way(branch: WhatIf, walk: WalkSession) -> bool:
    """Whether ``branch`` leads where the walk went from the same step."""
    after = branch.position + 1
    taken = walk.steps[after].node_id if after < len(walk.steps) else walk.current_id
    return branch.next_id == taken


def changed_route(verdict: Verdict, walk: WalkSession) -> bool:
    """Whether the first difference sent the walk elsewhere. On a checklist a finding ticked
    or missed beside the one the walk follows changes what was reported, not the route."""
    branch = turn_not_taken(verdict, walk)
    if branch is None:
        return verdict.divergence is not None
    return not _same_way(branch, walk)


def had_you_answered(verdict: Verdict, walk: WalkSession) -> str | None:
    """The first wrong turn in one line: "had you answered 'After exercise', you would have
    reached Overuse (SELF-CARE)"; None without a wrong turn, or when the case's answer
    would have gone the same way (on a checklist: the same first ticked finding)."""
    branch = turn_not_taken(verdict, walk)
    if branch is None or _same_way(branch, walk):
        return None
    node = walk.tree.nodes[branch.next_id]
    said = f"had you answered {verdict.divergence.expected!r}, you would have reached"
    if isinstance(node, Question):
        top = branch.top
        beyond = f"; the most urgent result from there is {top.label}" if top else ""
        return f"{said} the question {node.prompt!r}{beyond}"
    assert branch.urgency is not None
    return f"{said} {node.title} ({branch.urgency.urgency.label})"


@dataclass(frozen=True)
class UnderCall:
    """A case whose urgency the trainee predicted less urgent than it was."""

    case_id: str
    case_title: str
    predicted: Urgency
    actual: Urgency

    def words(self) -> str:
        return f"{self.case_title}: you said {self.predicted.label}, it was {self.actual.label}"


def _rate(right: int, total: int) -> str:
    return f"{right} of {total} ({round(100 * right / total)}%)" if total else "none yet"


@dataclass
class TrainingScore:
    """A running score across the cases of one training run: the path (the expected result
    reached), and where a prediction was made, the cause and the urgency, with how often
    urgency was called too low (the dangerous way) or too high."""

    attempted: int = 0
    matched: int = 0
    divergences: list[Divergence] = field(default_factory=list)
    predicted: int = 0
    cause_right: int = 0
    urgency_right: int = 0
    under_calls: list[UnderCall] = field(default_factory=list)
    over_called: int = 0

    def add(self, verdict: Verdict) -> None:
        self.attempted += 1
        self.matched += verdict.matched
        if verdict.divergence is not None:
            self.divergences.append(verdict.divergence)
        prediction = verdict.prediction
        if prediction is None:
            return
        self.predicted += 1
        self.cause_right += prediction.cause_correct
        self.urgency_right += prediction.urgency_correct
        if prediction.urgency_call == "under":
            self.under_calls.append(
                UnderCall(
                    verdict.case_id,
                    verdict.case_title,
                    prediction.urgency,
                    prediction.right_urgency,
                )
            )
        elif prediction.urgency_call == "over":
            self.over_called += 1

    @property
    def percent(self) -> int | None:
        return round(100 * self.matched / self.attempted) if self.attempted else None

    def rates(self) -> list[tuple[str, str]]:
        """(mark, rate in words) for path, cause and urgency; under-calls first of all,
        because they are the dangerous mistake."""
        rows = []
        if self.predicted:
            under = len(self.under_calls)
            rows.append(
                (
                    "Urgency under-called",
                    f"{under} of {self.predicted} predictions"
                    + (": judged less urgent than they were" if under else ""),
                )
            )
        rows.append(("Path", _rate(self.matched, self.attempted) + " reached the expected result"))
        if self.predicted:
            rows.append(
                ("Cause", _rate(self.cause_right, self.predicted) + " named the leading cause")
            )
            rows.append(
                (
                    "Urgency",
                    _rate(self.urgency_right, self.predicted)
                    + f" right; over-called {self.over_called}",
                )
            )
        return rows

    def summary(self) -> str:
        if not self.attempted:
            return "no cases attempted yet"
        plural = "s" if self.attempted != 1 else ""
        text = f"{self.matched} of {self.attempted} case{plural} matched ({self.percent}%)"
        if self.predicted:  # the dangerous mistake first
            text = (
                f"urgency under-called in {len(self.under_calls)} of {self.predicted}; {text};"
                f" cause right {self.cause_right} of {self.predicted},"
                f" urgency right {self.urgency_right} of {self.predicted}"
            )
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
            "predicted": self.predicted,
            "cause_right": self.cause_right,
            "urgency_right": self.urgency_right,
            "under_called": [
                {
                    "case": u.case_id,
                    "predicted": u.predicted.value,
                    "actual": u.actual.value,
                }
                for u in self.under_calls
            ],
            "over_called": self.over_called,
        }
