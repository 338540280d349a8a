"""Predict, then reveal: the trainee commits to a cause and an urgency before the result shows.

When a training walk reaches its result, the trainee picks (a) the most likely cause from a
short list, the result's own conditions mixed with plausible distractors, and (b) one of the
five urgency levels. The right cause is the result's leading condition; the right urgency is
the result's *effective* urgency on that walk (its own, raised by the floors passed), which
is what the result screen shows.

Distractors are conditions a walk could still reach from the last red-flag screen passed
(then from earlier screens, the walk's start, the whole catalogue, as far as needed): causes
the trainee had reason to weigh. They are drawn, and the list shuffled, by a seed stored in
the record, so the same walk and seed give the same list.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..tree.model import Result, Urgency
from ..tree.walk import WalkSession

# How many causes the list offers, and how many of them may be the result's own (a result
# with more conditions shows its leading ones): at least two are always distractors.
OPTIONS = 6
OWN_AT_MOST = 4
SEED_LIMIT = 2**31

UrgencyCall = Literal["under", "right", "over"]


def urgency_call(predicted: Urgency, actual: Urgency) -> UrgencyCall:
    """``under`` when the prediction is less urgent than the truth (the dangerous miss),
    ``over`` when more urgent, ``right`` when the same level."""
    if predicted.rank > actual.rank:
        return "under"
    if predicted.rank < actual.rank:
        return "over"
    return "right"


def new_seed() -> int:
    """A fresh seed for one case's list."""
    return random.SystemRandom().randrange(SEED_LIMIT)


def _reached(walk: WalkSession) -> Result:
    node = walk.current
    if not isinstance(node, Result):
        raise ValueError(f"the walk stands on question {walk.current_id!r}, not on a result")
    return node


def distractor_anchors(walk: WalkSession) -> list[str]:
    """Where distractors come from, nearest first: the red-flag screens the walk passed
    (the last first), then the node it started at."""
    screens = [
        step.node_id for step in reversed(walk.steps) if walk.tree.question(step.node_id).red_flag
    ]
    return [*dict.fromkeys([*screens, walk.start_id])]


def cause_options(walk: WalkSession, seed: int, size: int = OPTIONS) -> tuple[str, ...]:
    """The causes offered for the result ``walk`` stands on, in the order shown.

    The result's leading conditions (at most :data:`OWN_AT_MOST`) and distractors drawn
    with ``seed`` from the conditions reachable from the last red-flag screen passed (then
    from further back, as needed), shuffled with the same seed. Deterministic: the same walk
    and seed give the same tuple.
    """
    result = _reached(walk)
    catalogue = walk.tree.conditions
    own = [cid for cid in result.conditions if cid in catalogue][:OWN_AT_MOST]
    rng = random.Random(seed)
    wanted = max(0, size - len(own))
    chosen: list[str] = []
    taken = set(own)
    pools = [
        [cid for cid, _level in walk.index.possible_conditions(anchor)]
        for anchor in distractor_anchors(walk)
    ]
    pools.append(list(catalogue))
    for pool in pools:
        if len(chosen) >= wanted:
            break
        fresh = [cid for cid in pool if cid not in taken and cid in catalogue]
        picked = rng.sample(fresh, min(len(fresh), wanted - len(chosen)))
        chosen.extend(picked)
        taken.update(picked)
    options = own + chosen
    rng.shuffle(options)
    return tuple(options)


@dataclass(frozen=True)
class Prediction:
    """What the trainee committed to, and the right answers it is marked against."""

    cause: str
    urgency: Urgency
    options: tuple[str, ...]
    seed: int
    right_cause: str
    right_urgency: Urgency

    @property
    def cause_correct(self) -> bool:
        return self.cause == self.right_cause

    @property
    def urgency_correct(self) -> bool:
        return self.urgency is self.right_urgency

    @property
    def urgency_call(self) -> UrgencyCall:
        return urgency_call(self.urgency, self.right_urgency)

    def as_dict(self) -> dict[str, Any]:
        """What a finish line stores as ``prediction`` (records format, wave 3)."""
        return {
            "cause": self.cause,
            "urgency": self.urgency.value,
            "options": list(self.options),
            "seed": self.seed,
            "cause_correct": self.cause_correct,
            "urgency_correct": self.urgency_correct,
            "urgency_call": self.urgency_call,
        }


def score_prediction(
    walk: WalkSession, cause: str, urgency: Urgency, options: Sequence[str], seed: int
) -> Prediction:
    """Mark a prediction against the result ``walk`` stands on: its leading condition and
    its effective urgency on this walk."""
    result = _reached(walk)
    if cause not in options:
        raise ValueError(f"{cause!r} was not one of the causes offered")
    return Prediction(
        cause=cause,
        urgency=urgency,
        options=tuple(options),
        seed=seed,
        right_cause=result.conditions[0],
        right_urgency=walk.urgency_of(result).urgency,
    )


@dataclass(frozen=True)
class Marks:
    """A case's three marks: the path (the walk reached the expected result), the cause and
    the urgency predicted (None where no prediction was made)."""

    path: bool
    cause: bool | None = None
    urgency: bool | None = None
    urgency_call: UrgencyCall | None = None

    @classmethod
    def of(cls, matched: bool, prediction: Prediction | None) -> Marks:
        if prediction is None:
            return cls(matched)
        return cls(
            matched,
            prediction.cause_correct,
            prediction.urgency_correct,
            prediction.urgency_call,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "cause": self.cause,
            "urgency": self.urgency,
            "urgency_call": self.urgency_call,
        }
