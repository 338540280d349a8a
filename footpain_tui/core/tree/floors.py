"""Urgency floors: answers that make every later result at least so urgent.

A choice's ``urgency_floor`` (a risk factor such as "known diabetes") raises the urgency of
whatever result the walk reaches after it, never lowers it. The one place that says what a
walk's floor is and what urgency a result then has: the walk, the linter, ``paths``,
verdicts and the differential all ask here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from .model import URGENCY_BY_RANK, Choice, Urgency, choice_finding

# A floor as a rank, for the walks over the whole graph that carry it as a number (lint
# FP107/FP114, the path counts): a level's rank, or this when no floor has been passed.
NO_FLOOR_RANK = len(URGENCY_BY_RANK)


def floor_rank_after(floor_rank: int, choice: Choice) -> int:
    """The floor (as a rank) once ``choice`` is passed."""
    level = choice.urgency_floor
    return floor_rank if level is None else min(floor_rank, level.rank)


def effective_rank(urgency: Urgency, floor_rank: int) -> int:
    """A result's effective urgency, as a rank, under a floor given as a rank."""
    return min(urgency.rank, floor_rank)


def more_urgent(urgency: Urgency, floor: Urgency | None) -> Urgency:
    """The more urgent of ``urgency`` and ``floor`` (``urgency`` when there is no floor)."""
    if floor is None or urgency.rank <= floor.rank:
        return urgency
    return floor


class UrgencyFloor(NamedTuple):
    """The most urgent floor a walk has passed, and the findings that set it.

    ``reasons`` are the findings (else labels) of the answers whose floor is ``level``, in
    walk order, each once: "known diabetes". ``UrgencyFloor()`` is no floor at all.
    """

    level: Urgency | None = None
    reasons: tuple[str, ...] = ()

    def passing(self, choices: Iterable[Choice]) -> UrgencyFloor:
        """The floor after also passing ``choices`` (the choices ticked at one question)."""
        level, reasons = self.level, self.reasons
        for choice in choices:
            floor = choice.urgency_floor
            if floor is None:
                continue
            reason = choice_finding(choice)
            if level is None or floor.rank < level.rank:
                level, reasons = floor, (reason,)
            elif floor is level and reason not in reasons:
                reasons = (*reasons, reason)
        if level is self.level and reasons == self.reasons:
            return self
        return UrgencyFloor(level, reasons)

    def apply(self, urgency: Urgency) -> EffectiveUrgency:
        """A result's urgency under this floor."""
        raised = more_urgent(urgency, self.level)
        return EffectiveUrgency(raised, urgency, self.reasons if raised is not urgency else ())


NO_FLOOR = UrgencyFloor()


class EffectiveUrgency(NamedTuple):
    """A result's urgency as shown: ``urgency``, raised from the result's own ``base`` by
    the floors passed; ``reasons`` are the findings that raised it (empty if not raised)."""

    urgency: Urgency
    base: Urgency
    reasons: tuple[str, ...] = ()

    @property
    def raised(self) -> bool:
        return self.urgency is not self.base

    def explanation(self) -> str | None:
        """ "raised to ROUTINE because: known diabetes", or None when not raised."""
        if not self.raised:
            return None
        return f"raised to {self.urgency.label} because: {', '.join(self.reasons)}"
