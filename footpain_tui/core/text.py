"""Text from files is data: control characters never reach a terminal or a page.

:func:`neutralise` replaces C0 controls (but newline and tab), DEL, C1 controls and the
bidi embedding, override and isolate characters with U+FFFD, a visible stand-in.
"""

from __future__ import annotations

import re

STAND_IN = "\ufffd"

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def neutralise(text: str) -> str:
    """``text`` with each control or bidi character replaced by U+FFFD."""
    if _CONTROL.search(text) is None:  # the usual case: no copy
        return text
    return _CONTROL.sub(STAND_IN, text)
