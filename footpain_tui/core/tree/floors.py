"""Urgency floors: answers that make every later result at least so urgent.

A choice's ``urgency_floor`` (a risk factor such as "known diabetes") raises the urgency of
whatever result the walk reaches after it, never lowers it. The one place that says what a
walk's floor is and what urgency a result then has: the walk, the linter, ``paths``,
verdicts and the differential all ask here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import Choice, Urgency, choice_finding


def more_urgent(urgency: Urgency, floor: Urgency | None) -> Urgency:
    """The more urgent of ``urgency`` and ``floor`` (``urgency`` when there is no floor)."""
    if floor is None or urgency.rank <= floor.rank:
        return urgency
    return floor


@dataclass(frozen=True)
class UrgencyFloor:
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


@dataclass(frozen=True)
class EffectiveUrgency:
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
