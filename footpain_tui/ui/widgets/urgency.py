"""Urgency shown as words and colour together: colour alone must never carry the meaning."""

from __future__ import annotations

from textual.content import Content

from ...core.model import Urgency

# Styles that work on any theme; the words carry the meaning when colour is off (NO_COLOR).
URGENCY_STYLE = {
    Urgency.EMERGENCY: "bold reverse red",
    Urgency.URGENT: "bold red",
    Urgency.SOON: "bold yellow",
    Urgency.ROUTINE: "bold cyan",
    Urgency.SELF_CARE: "bold green",
}


def urgency_tag(urgency: Urgency) -> Content:
    """A short tag such as ``[URGENT]`` for lists."""
    return Content.styled(f"[{urgency.label}]", URGENCY_STYLE[urgency])


def urgency_class(urgency: Urgency) -> str:
    """CSS class for widgets coloured by urgency, e.g. ``-urgency-self_care``."""
    return f"-urgency-{urgency.value}"
