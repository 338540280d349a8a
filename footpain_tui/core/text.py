"""Text from files is data: control characters never reach a terminal.

A tree file, a case file or a session record can hold characters a terminal obeys rather
than shows: C0 controls (ESC starts escape sequences that retitle the window, wipe the
screen or write the clipboard; BEL rings), DEL, C1 controls (U+0080-U+009F; U+009B is a
one-byte CSI) and the bidi embedding, override and isolate characters that reorder what is
shown (U+202A-U+202E, U+2066-U+2069). :func:`neutralise` replaces each with U+FFFD, a
visible stand-in; newline and tab stay, they are layout. :func:`neutralise_data` does it
for every string (keys too) of parsed JSON and says where it replaced something, so a
linter can name the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

STAND_IN = "\ufffd"

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# In a JSON file's bytes, where one of those characters could be: written raw (DEL, C1 and
# bidi characters in UTF-8; raw C0 is not valid inside a JSON string) or as a \u escape.
# A file without any match holds none, and its parsed data needs no walk at all.
_ESCAPED_CONTROL = rb"\\u(?:00[01]|007[fF]|00[89]|202[a-eA-E]|206[6-9])"
_MAYBE_CONTROL_BYTES = re.compile(
    rb"\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|" + _ESCAPED_CONTROL
)
_MAYBE_ESCAPED_CONTROL = re.compile(_ESCAPED_CONTROL)

_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BS",
    0x0D: "CR",
    0x1B: "ESC",
    0x7F: "DEL",
    0x9B: "CSI",
    0x9D: "OSC",
    0x202A: "LEFT-TO-RIGHT EMBEDDING",
    0x202B: "RIGHT-TO-LEFT EMBEDDING",
    0x202C: "POP DIRECTIONAL FORMATTING",
    0x202D: "LEFT-TO-RIGHT OVERRIDE",
    0x202E: "RIGHT-TO-LEFT OVERRIDE",
    0x2066: "LEFT-TO-RIGHT ISOLATE",
    0x2067: "RIGHT-TO-LEFT ISOLATE",
    0x2068: "FIRST STRONG ISOLATE",
    0x2069: "POP DIRECTIONAL ISOLATE",
}

# Faults recorded per file at most; every string is neutralised regardless.
MAX_FAULTS = 100


def describe(char: str) -> str:
    """``U+001B (ESC)``: how a finding names a character it cannot print."""
    code = ord(char)
    name = _NAMES.get(code)
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def neutralise(text: str) -> str:
    """``text`` with each control or bidi character replaced by U+FFFD."""
    if _CONTROL.search(text) is None:  # the usual case: no copy
        return text
    return _CONTROL.sub(STAND_IN, text)


def may_hold_control(raw: bytes) -> bool:
    """False only if JSON text ``raw`` surely holds no such character.

    A 50 MB file of plain ASCII is cleared in about 15 ms by single-byte scans; other
    files need the full byte pattern (about 5 ms per MB).
    """
    if raw.isascii():
        if b"\x7f" in raw:
            return True
        return b"\\" in raw and _MAYBE_ESCAPED_CONTROL.search(raw) is not None
    return _MAYBE_CONTROL_BYTES.search(raw) is not None


@dataclass(frozen=True, slots=True)
class TextFault:
    """A string of a file that held control characters, by its JSON path."""

    path: str  # nodes.q_flag.choices[0].label; a key is "nodes.<key> (the key)"
    first: str  # the first such character
    offset: int  # its position in the string (0-based)
    count: int  # how many the string held

    def message(self) -> str:
        where = f"{describe(self.first)} at character {self.offset + 1}"
        if self.count == 1:
            return f"holds {where}; a terminal would act on it, so it is shown as U+FFFD; delete it"
        return (
            f"holds {where} ({self.count} control characters in all); a terminal would act"
            " on them, so they are shown as U+FFFD; delete them"
        )


@dataclass
class TextFaults:
    """What :func:`neutralise_data` found: the first faults and how many in all."""

    found: list[TextFault]
    total: int = 0

    def add(self, path: str, text: str) -> None:
        self.total += 1
        if len(self.found) < MAX_FAULTS:
            hits = list(_CONTROL.finditer(text))
            self.found.append(TextFault(path, hits[0].group(), hits[0].start(), len(hits)))


def _key_path(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def neutralise_data(data: Any, faults: TextFaults | None = None, path: str = "") -> Any:
    """Neutralise every string in parsed JSON (dicts and lists changed in place; keys too).

    Returns the data (a new object only for a top-level string). Each string that held a
    control character is added to ``faults`` with its JSON path, in the loader's notation
    (``nodes.knee.choices[1].next``), in file order.
    """
    if faults is None:
        faults = TextFaults([])
    if isinstance(data, str):
        if has_control(data):
            faults.add(path or "(top level)", data)
            return neutralise(data)
        return data
    # An explicit stack, not recursion: the data may be as deep as the parser allowed.
    # Entries are (container, slot, value, path); children go on in reverse, so they come
    # off in file order.
    stack: list[tuple[Any, Any, Any, str]] = [(None, None, data, path)]
    while stack:
        parent, slot, value, where = stack.pop()
        if isinstance(value, str):
            if has_control(value):
                faults.add(where, value)
                parent[slot] = neutralise(value)
        elif isinstance(value, dict):
            if any(has_control(key) for key in value):
                items = list(value.items())
                value.clear()
                for key, item in items:
                    if has_control(key):
                        faults.add(f"{_key_path(where, neutralise(key))} (the key)", key)
                    value[neutralise(key)] = item
            stack.extend(reversed([(value, k, v, _key_path(where, k)) for k, v in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([(value, i, v, f"{where}[{i}]") for i, v in enumerate(value)]))
    return data
