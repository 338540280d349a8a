"""Who is training: the name stored in each session's begin line, and how names compare.

A name is whatever a trainee typed (``--trainee NAME`` or the question on the first training
screen). It is stored as typed, with its runs of spaces made one and its ends trimmed; an
empty name is anonymous (stored as null). Filters (``history --trainee``, ``report
--trainee``) compare names without regard to case, so "Alice" finds "alice".
"""

from __future__ import annotations

from ..text import neutralise

# Long enough for a full name and a group ("Dr Maria Schmidt-Rodriguez, group B").
MAX_TRAINEE_CHARS = 80
ANONYMOUS = "(anonymous)"


def clean_trainee(text: str | None) -> str:
    """The name as recorded: control characters shown as U+FFFD, whitespace runs made one
    space, ends trimmed; "" for anonymous."""
    return " ".join(neutralise(text or "").split())


def same_trainee(recorded: str | None, wanted: str) -> bool:
    """Whether a recorded name is the one asked for (case-insensitive; "" asks for the
    anonymous sessions)."""
    return clean_trainee(recorded).casefold() == clean_trainee(wanted).casefold()


def trainee_label(name: str | None) -> str:
    """A name for tables and charts: "(anonymous)" for none."""
    return clean_trainee(name) or ANONYMOUS
