"""Urgency shown as words and colour together: colour alone must never carry the meaning.

Colours are the theme's own variables, so a theme switch (ctrl+p) recolours every tag.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from textual.content import Content

from ...core.tree.model import Urgency

URGENCY_STYLE = {
    Urgency.EMERGENCY: "bold $background on $error",
    Urgency.URGENT: "bold $text-error",
    Urgency.SOON: "bold $text-warning",
    Urgency.ROUTINE: "bold $text-primary",
    Urgency.SELF_CARE: "bold $text-success",
}


def urgency_tag(urgency: Urgency) -> Content:
    """A short tag such as ``[URGENT]`` for lists."""
    return Content.styled(f"[{urgency.label}]", URGENCY_STYLE[urgency])


def urgency_rich_style(urgency: Urgency, variables: Mapping[str, str]) -> str:
    """The same style for Rich ``Text`` (the Tree widget's labels), with the theme's colours."""
    return re.sub(
        r"\$([a-z-]+)", lambda m: variables.get(m.group(1), "default"), URGENCY_STYLE[urgency]
    )


def urgency_class(urgency: Urgency) -> str:
    """CSS class for widgets coloured by urgency, e.g. ``-urgency-self_care``."""
    return f"-urgency-{urgency.value}"
