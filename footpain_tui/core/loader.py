"""Read a tree file into a validated :class:`Tree`, or explain every reason it cannot.

``load_tree`` never lets a raw exception escape: whatever is wrong with the file (missing,
a directory, empty, not UTF-8, not JSON, duplicate keys, absurd nesting, the wrong shape)
ends as one :class:`TreeLoadError` listing each problem with its file, its place and a hint.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .model import Tree

MAX_FILE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is, what it is and how to fix it."""

    file: str
    location: str
    message: str
    hint: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.location}" if self.location else self.file
        return f"{place}: {self.message}\n  hint: {self.hint}"


class TreeLoadError(Exception):
    """A file could not be loaded; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        count = len(self.problems)
        head = f"{self.problems[0].file}: cannot load ({count} problem{'s' if count != 1 else ''})"
        return "\n".join([head, *(str(p) for p in self.problems)])


def _line_col(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{col}"


def read_json_file(path: str | Path, what: str = "file") -> Any:
    """Read ``path`` as strict JSON (no duplicate keys) or raise :class:`TreeLoadError`.

    Shared by trees and case files so both report bad files the same way.
    """
    path = Path(path)
    name = str(path)

    def fail(message: str, hint: str, location: str = "") -> TreeLoadError:
        return TreeLoadError([Problem(name, location, message, hint)])

    try:
        if path.is_dir():
            raise fail("is a directory, not a JSON file", f"give the path of a {what} inside it")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise fail(
                f"is {size // (1024 * 1024)} MiB; the limit is {MAX_FILE_BYTES // (1024 * 1024)} MiB",
                "split the tree or check that this is the right file",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("no such file", "check the path and its spelling") from None
    except PermissionError:
        raise fail("permission denied", "make the file readable (chmod +r)") from None
    except OSError as exc:
        raise fail(f"cannot be read: {exc.strerror or exc}", "check the path") from None

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", errors="replace")
        raise fail(
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            "save the file as UTF-8",
            _line_col(before, len(before)),
        ) from None
    if not text.strip():
        raise fail("is empty", f"a {what} is a JSON object; see trees/schema.json")

    duplicates: list[str] = []

    def strict_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            duplicates.extend(k for k, _ in pairs if k in seen or seen.add(k))
        return obj

    try:
        data = json.loads(text, object_pairs_hook=strict_object)
    except json.JSONDecodeError as exc:
        raise fail(
            f"invalid JSON: {exc.msg}",
            "fix the JSON syntax here (a missing comma, quote or bracket is usual)",
            f"{exc.lineno}:{exc.colno}",
        ) from None
    except RecursionError:
        raise fail(
            "JSON is nested too deeply to read",
            f"a {what} needs only a few levels of nesting; check the file was generated correctly",
        ) from None
    if duplicates:
        raise TreeLoadError(
            [
                Problem(
                    name,
                    _duplicate_location(text, key),
                    f"duplicate key {key!r}: JSON would silently keep only the last one",
                    "remove or rename one of the two entries",
                )
                for key in dict.fromkeys(duplicates)
            ]
        )
    if not isinstance(data, dict):
        kind = "null" if data is None else type(data).__name__.replace("dict", "object")
        kind = {"list": "an array", "str": "a string", "int": "a number", "float": "a number"}.get(
            kind, kind
        )
        raise fail(
            f"the top level is {kind}, not an object", f"a {what} is one JSON object {{...}}"
        )
    return data


def _duplicate_location(text: str, key: str) -> str:
    """line:column of the second occurrence of ``"key":`` (best effort: the hook has no offsets)."""
    pattern = re.compile(r'"' + re.escape(json.dumps(key)[1:-1]) + r'"\s*:')
    matches = list(pattern.finditer(text))
    return _line_col(text, matches[1].start()) if len(matches) > 1 else ""


def json_path(loc: tuple[int | str, ...]) -> str:
    """``('nodes', 'knee', 'question', 'choices', 1, 'next')`` -> ``nodes.knee.choices[1].next``."""
    parts: list[str] = []
    for i, item in enumerate(loc):
        # A discriminated union adds the tag ('question'/'result') after the node id.
        if i == 2 and loc[0] == "nodes" and item in ("question", "result"):
            continue
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


_HINTS = {
    "missing": "add this field",
    "extra_forbidden": "remove this field or fix its spelling (trees/schema.json lists the fields)",
    "string_type": "use a JSON string in double quotes",
    "string_too_short": "write some text here; it may not be empty",
    "string_too_long": "shorten this text",
    "string_pattern_mismatch": "use lower-case letters, digits and '_' (ids) or the documented format",
    "too_short": "add more entries",
    "too_long": "remove entries or split the question",
    "list_type": "use a JSON array [...]",
    "dict_type": "use a JSON object {...}",
    "model_type": "use a JSON object {...}",
    "bool_type": "use true or false",
    "int_type": "use a whole number",
    "int_parsing": "use a whole number",
    "greater_than_equal": "use a larger number",
    "enum": "use one of the listed values",
    "literal_error": "use one of the listed values",
    "union_tag_invalid": 'set "kind" to "question" or "result"',
    "union_tag_not_found": 'add "kind": "question" or "kind": "result"',
}


def problems_from_validation(name: str, error: ValidationError) -> list[Problem]:
    return [
        Problem(
            name,
            json_path(tuple(err["loc"])),
            err["msg"],
            _HINTS.get(err["type"], "see trees/schema.json for the expected shape"),
        )
        for err in error.errors(include_url=False)
    ]


def load_tree(path: str | Path) -> Tree:
    """Load and validate a tree file; raise :class:`TreeLoadError` listing every problem."""
    data = read_json_file(path, "tree file")
    try:
        return Tree.model_validate(data)
    except ValidationError as exc:
        raise TreeLoadError(problems_from_validation(str(path), exc)) from None
    except RecursionError:
        raise TreeLoadError(
            [Problem(str(path), "", "nested too deeply to validate", "check the file's structure")]
        ) from None
