"""Read a tree file into a validated :class:`Tree`, or explain every reason it cannot.

``load_tree`` never lets a raw exception escape: whatever is wrong with the file (missing,
a directory, empty, not UTF-8, not JSON, duplicate keys, absurd nesting, the wrong shape)
ends as one :class:`TreeLoadError` listing each problem with its file, its place and a hint.
Only a regular file is read (a FIFO or device is refused without waiting on it), and never
more than ``MAX_FILE_BYTES``. Control and bidi characters in any string become U+FFFD
(:mod:`..text`); where they were is kept on the tree (``text_faults``) for lint (FP113).

A file whose exact bytes were validated before by the same code (:mod:`.cache`), and held
no control character, is parsed and built straight into a :class:`Tree`, without importing pydantic. Any other file is
validated by :mod:`.schema`; big trees validate in about twice the time of a plain
``json.load``: the cyclic GC is kept out of the way while millions of objects are built,
each node is validated as soon as the file is parsed so its raw dict can go (the peak holds
one copy of the nodes, not two), and only when something is wrong does a slower pass run to
say exactly where (line:column and JSON path of each duplicate key or refused token).
"""

from __future__ import annotations

import copy
import gc
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..storage import FileTooLargeError, NotRegularFileError, read_regular_file
from ..text import TextFaults, may_hold_control, neutralise_data
from . import cache
from .model import Tree, tree_from_data

if TYPE_CHECKING:
    from pydantic import ValidationError

MAX_FILE_BYTES = 256 * 1024 * 1024
# No tree or case file needs a number this long; Python refuses to convert much longer ones.
MAX_NUMBER_CHARS = 100
# Nesting reported as "too deep" starts here (a tree file needs about 6 levels).
REPORTED_DEPTH = 100
# Container objects left young by one load past which the GC is told they are long-lived.
# The count is net of those freed on the way (raw dicts, validated models): a 10k-node tree
# leaves about 100k, which a young collection would otherwise rescan one by one.
_BIG_BUILD = 10_000


class Problem(NamedTuple):
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


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Keep the cyclic GC out of the way while a large acyclic structure is built.

    Parsing and validating allocate millions of objects that can never form cycles. With
    the collector on, it rescans the growing heap again and again; even paused, the new
    objects would sit in the youngest generation and be rescanned once per generation
    later. So the collector is paused, and afterwards everything alive is moved straight
    to the oldest generation (freeze + unfreeze: two list splices, no scan). Nothing is
    kept from collection: the oldest generation is still collected as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Only after a big build (small ones are left to the usual rhythm), and never when
        # a caller has frozen objects on purpose: unfreeze would release them.
        if gc.get_count()[0] > _BIG_BUILD and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


# -- reading ----------------------------------------------------------------------------------
def _fail(name: str, message: str, hint: str, location: str = "") -> TreeLoadError:
    return TreeLoadError([Problem(name, location, message, hint)])


def _read_bytes(path: Path, what: str) -> bytes:
    """The file's bytes, or :class:`TreeLoadError` if it is missing, unreadable, not a
    regular file or over the size limit (read at most the limit plus one byte, whatever
    the file system says its size is: ``/dev/zero`` says 0)."""
    name = str(path)
    try:
        return read_regular_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise _fail(name, "no such file", "check the path and its spelling") from None
    except PermissionError:
        raise _fail(name, "permission denied", "make the file readable (chmod +r)") from None
    except IsADirectoryError:
        raise _fail(
            name, "is a directory, not a JSON file", f"give the path of a {what} inside it"
        ) from None
    except NotRegularFileError as exc:
        if exc.kind == "a directory":
            raise _fail(
                name, "is a directory, not a JSON file", f"give the path of a {what} inside it"
            ) from None
        raise _fail(
            name,
            f"is {exc.kind}, not a regular file",
            f"give the path of a {what}: only regular files are read",
        ) from None
    except FileTooLargeError:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise _fail(
            name,
            f"is over the size limit (the limit is {limit} MiB)",
            "split the tree or check that this is the right file",
        ) from None
    except OSError as exc:
        raise _fail(name, f"cannot be read: {exc.strerror or exc}", "check the path") from None
    except ValueError as exc:  # e.g. a NUL byte in the path
        raise _fail(name, f"is not a usable path: {exc}", "check the path") from None


def _decode(name: str, raw: bytes, what: str) -> str:
    """The text of a file's bytes, or :class:`TreeLoadError` if not UTF-8 or empty."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8-sig", errors="replace")
        raise _fail(
            name,
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            "save the file as UTF-8",
            _line_col(before, len(before)),
        ) from None
    if not text or text.isspace():  # not strip(): that would copy a big file's text
        raise _fail(name, "is empty", f"a {what} is a JSON object; see trees/schema.json")
    return text


# -- parsing ----------------------------------------------------------------------------------
class _Rejected(Exception):
    """Raised from a parse hook: a token that is valid Python JSON but not strict JSON."""

    def __init__(self, message: str, hint: str, token: re.Pattern[str]) -> None:
        self.message, self.hint, self.token = message, hint, token


_NON_STANDARD = re.compile(r"-?Infinity|NaN")
_LONG_NUMBER = re.compile(r"[-\d][\d.eE+-]{" + str(MAX_NUMBER_CHARS - 1) + ",}")


def _reject_constant(token: str) -> Any:
    raise _Rejected(
        f"{token} is not allowed in JSON",
        "write a number, or null if the value is unknown",
        _NON_STANDARD,
    )


def _checked_number(convert: Callable[[str], Any]) -> Callable[[str], Any]:
    def parse(token: str) -> Any:
        if len(token) >= MAX_NUMBER_CHARS:
            raise _Rejected(
                f"a number {len(token)} characters long is too long",
                "use a short number; a tree needs only small whole numbers",
                _LONG_NUMBER,
            )
        return convert(token)

    return parse


_PARSE_INT = _checked_number(int)
_PARSE_FLOAT = _checked_number(float)


def _parse_strict(name: str, text: str, what: str) -> dict[str, Any]:
    """Parse ``text`` as strict JSON, raising :class:`TreeLoadError` with the place of any fault."""
    duplicates = False

    def pairs_hook(pairs: list[tuple[str, Any]]) -> Any:
        nonlocal duplicates
        obj = dict(pairs)
        if len(obj) != len(pairs):
            duplicates = True
        return obj

    def fail(message: str, hint: str, location: str = "") -> TreeLoadError:
        return TreeLoadError([Problem(name, location, message, hint)])

    try:
        data = json.loads(
            text,
            object_pairs_hook=pairs_hook,
            parse_int=_PARSE_INT,
            parse_float=_PARSE_FLOAT,
            parse_constant=_reject_constant,
        )
    except json.JSONDecodeError as exc:
        raise fail(
            f"invalid JSON: {exc.msg}",
            "fix the JSON syntax here (a missing comma, quote or bracket is usual)",
            f"{exc.lineno}:{exc.colno}",
        ) from None
    except _Rejected as exc:
        raise fail(exc.message, exc.hint, _first_bare_token(text, exc.token)) from None
    except RecursionError:
        raise fail(
            "JSON is nested too deeply to read",
            f"a {what} needs only a few levels of nesting; check the file was generated correctly",
            _too_deep_location(text),
        ) from None
    except ValueError as exc:  # anything else the parser refuses
        raise fail(f"invalid JSON: {exc}", "fix the JSON syntax") from None
    if duplicates:
        raise TreeLoadError(
            [
                Problem(
                    name,
                    location,
                    f"duplicate key {key!r} in {where}: JSON would silently keep only the last one",
                    "remove or rename one of the two entries",
                )
                for location, where, key in _duplicate_keys(text)
            ]
            or [Problem(name, "", "duplicate keys", "remove or rename the repeated keys")]
        )
    if not isinstance(data, dict):
        if data is None:
            kind = "null"
        elif isinstance(data, list):
            kind = "an array"
        elif isinstance(data, str):
            kind = "a string"
        elif isinstance(data, bool):
            kind = "true or false"
        else:
            kind = "a number"
        raise fail(
            f"the top level is {kind}, not an object", f"a {what} is one JSON object {{...}}"
        )
    return data


# -- finding places (only when something is wrong) --------------------------------------------
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


def _first_bare_token(text: str, pattern: re.Pattern[str]) -> str:
    """line:column of the first token outside a string that matches ``pattern`` in full."""
    for match in _TOKEN.finditer(text):
        if match.group()[0] != '"' and pattern.fullmatch(match.group()):
            return _line_col(text, match.start())
    return ""


def _too_deep_location(text: str) -> str:
    """line:column of the bracket that first opens level ``REPORTED_DEPTH + 1``."""
    depth = 0
    for match in _TOKEN.finditer(text):
        char = match.group()[0]
        if char in "[{":
            depth += 1
            if depth > REPORTED_DEPTH:
                return _line_col(text, match.start())
        elif char in "]}":
            depth -= 1
    return ""


def _duplicate_keys(text: str) -> list[tuple[str, str, str]]:
    """(line:column, JSON path of the object, key) for each repeated key, in file order.

    ``text`` is known to be valid JSON here, so a flat tokenizer can follow its structure.
    """
    # One frame per open container: [is_object, keys seen, current key or index].
    stack: list[list[Any]] = []
    expect_key = False
    found: list[tuple[int, str, str]] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        char = token[0]
        if char == "{":
            stack.append([True, set(), None])
            expect_key = True
        elif char == "[":
            stack.append([False, None, 0])
            expect_key = False
        elif char in "}]":
            stack.pop()
            expect_key = False
        elif char == ",":
            if stack and stack[-1][0]:
                expect_key = True
            elif stack:
                stack[-1][2] += 1
        elif char == '"' and expect_key:
            key = json.loads(token)
            frame = stack[-1]
            if key in frame[1]:
                found.append((match.start(), _frames_path(stack[:-1]), key))
            frame[1].add(key)
            frame[2] = key
            expect_key = False
    # Line numbers counted incrementally: a file can repeat a key in every one of 200k nodes.
    out: list[tuple[str, str, str]] = []
    line, line_start, previous = 1, 0, 0
    for offset, where, key in found:
        newlines = text.count("\n", previous, offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", previous, offset) + 1
        previous = offset
        out.append((f"{line}:{offset - line_start + 1}", where, key))
    return out


def _frames_path(frames: list[list[Any]]) -> str:
    parts: list[str] = []
    for is_object, _, place in frames:
        if is_object:
            parts.append(("." if parts else "") + str(place))
        else:
            parts.append(f"[{place}]")
    return "".join(parts) or "the top-level object"


def read_json_file(path: str | Path, what: str = "file") -> Any:
    """Read ``path`` as strict JSON (no duplicate keys) or raise :class:`TreeLoadError`.

    Shared by trees and case files so both report bad files the same way.
    """
    path = Path(path)
    raw = _read_bytes(path, what)
    text = _decode(str(path), raw, what)
    with _gc_paused():
        data = _parse_strict(str(path), text, what)
    if may_hold_control(raw):
        neutralise_data(data)  # text from a file never drives the terminal
    return data


# -- validating -------------------------------------------------------------------------------
def json_path(loc: tuple[int | str, ...]) -> str:
    """``('nodes', 'knee', 'question', 'choices', 1, 'next')`` -> ``nodes.knee.choices[1].next``."""
    parts: list[str] = []
    for i, item in enumerate(loc):
        # A discriminated union adds the tag ('question'/'result') after the node id.
        if i == 2 and loc[0] == "nodes" and item in ("question", "result"):
            continue
        # A bad dict key is reported at the key itself; the path to the entry says enough.
        if item == "[key]" and i == len(loc) - 1:
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
    "model_attributes_type": "use a JSON object {...}",
    "bool_type": "use true or false",
    "bool_parsing": "use true or false",
    "int_type": "use a whole number",
    "int_parsing": "use a whole number",
    "int_from_float": "use a whole number",
    "greater_than_equal": "use a larger number",
    "enum": "use one of the listed values",
    "literal_error": "use one of the listed values",
    "union_tag_invalid": 'set "kind" to "question" or "result"',
    "union_tag_not_found": 'add "kind": "question" or "kind": "result"',
}


def _problem(name: str, err: Any) -> Problem:
    location = json_path(tuple(err["loc"]))
    message = err["msg"]
    if err["loc"] and err["loc"][-1] == "[key]":
        message = f"the key itself is wrong: {message}"
    return Problem(
        name,
        location,
        message,
        _HINTS.get(err["type"], "see trees/schema.json for the expected shape"),
    )


def problems_from_validation(name: str, error: ValidationError) -> list[Problem]:
    return [_problem(name, err) for err in error.errors(include_url=False)]


def load_tree(path: str | Path) -> Tree:
    """Load and validate a tree file; raise :class:`TreeLoadError` listing every problem."""
    path = Path(path)
    name = str(path)
    raw = _read_bytes(path, "tree file")
    marker = cache.marker_for(raw)
    text = _decode(name, raw, "tree file")
    with _gc_paused():
        # Only files free of control characters are marked, so a trusted build needs no
        # check; otherwise a fast byte scan decides whether the parsed data needs a walk.
        if marker is not None and cache.is_marked(marker):
            del raw
            tree = _build_trusted(text)
            if tree is not None:
                return tree
            dirty = True  # a marker that lied: check everything
        else:
            dirty = may_hold_control(raw)
            del raw
        data = _parse_strict(name, text, "tree file")
        del text  # the parsed data holds it all now
        tree, exact = _build(name, data, dirty)
    if exact and marker is not None and not dirty:
        cache.mark(marker)
    return tree


def build_tree(data: dict[str, Any], name: str = "(data)") -> Tree:
    """A tree from parsed JSON (left as it is), built exactly as :func:`load_tree` builds a
    file's: control characters neutralised (and kept for lint), then validated. Raises
    :class:`TreeLoadError`."""
    return _build(name, copy.deepcopy(data), dirty=True)[0]


def _build(name: str, data: dict[str, Any], dirty: bool) -> tuple[Tree, bool]:
    faults = TextFaults([])
    if dirty:
        neutralise_data(data, faults)
    tree, exact = _validate(name, data)
    if faults.found:  # reported by lint (FP113); the tree shows U+FFFD in their place
        tree = replace(tree, text_faults=tuple(faults.found))
    return tree, exact


def _build_trusted(text: str) -> Tree | None:
    """The tree from text that validated before; None if it somehow does not build.

    These exact bytes passed the strict parser before, so the plain (faster) one reads
    them the same way.
    """
    try:
        return tree_from_data(json.loads(text))
    except Exception:  # a forged or colliding marker: fall back to validating
        return None


def _validate(name: str, data: dict[str, Any]) -> tuple[Tree, bool]:
    """:func:`.schema.validate_tree_data`, with its errors turned into :class:`TreeLoadError`."""
    from pydantic import ValidationError

    from .schema import validate_tree_data

    try:
        return validate_tree_data(data)
    except ValidationError as exc:
        raise TreeLoadError(problems_from_validation(name, exc)) from None
    except RecursionError:
        raise TreeLoadError(
            [Problem(name, "", "nested too deeply to validate", "check the file's structure")]
        ) from None
