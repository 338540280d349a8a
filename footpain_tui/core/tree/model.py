"""The decision tree as the rest of the program uses it: plain, frozen dataclasses.

A tree file is JSON with metadata, a ``start`` node id, a flat map of nodes by id and a
catalogue of conditions by id. Its shape is checked by the pydantic models in :mod:`.schema`
(which also generate ``trees/schema.json``); the objects here are what a checked file
becomes. They import nothing heavy, so a tree the loader has validated before (see
:mod:`.loader`) is built with :func:`tree_from_data` without importing pydantic at all.
Graph rules (unknown ids, cycles, red-flag ordering, ...) live in :mod:`.lint`.

Lists from the file become tuples: nothing changes a tree once it is built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from enum import Enum, StrEnum
from typing import Any, Literal, TypeVar

from ..text import TextFault

_T = TypeVar("_T")


class Urgency(StrEnum):
    """How soon the patient needs care, from most to least urgent."""

    EMERGENCY = "emergency"
    URGENT = "urgent"
    SOON = "soon"
    ROUTINE = "routine"
    SELF_CARE = "self_care"

    @property
    def rank(self) -> int:
        """0 for the most urgent level; lower rank means more urgent."""
        return _URGENCY_ORDER.index(self)

    @property
    def label(self) -> str:
        return _URGENCY_LABELS[self]

    @property
    def meaning(self) -> str:
        return _URGENCY_MEANINGS[self]

    @property
    def needs_red_flag_screen(self) -> bool:
        """Reassuring levels may only be reached after a red-flag question."""
        return self in (Urgency.ROUTINE, Urgency.SELF_CARE)


_URGENCY_ORDER = list(Urgency)
URGENCY_BY_RANK: tuple[Urgency, ...] = tuple(_URGENCY_ORDER)
_URGENCY_LABELS = {
    Urgency.EMERGENCY: "EMERGENCY",
    Urgency.URGENT: "URGENT",
    Urgency.SOON: "SOON",
    Urgency.ROUTINE: "ROUTINE",
    Urgency.SELF_CARE: "SELF-CARE",
}
_URGENCY_MEANINGS = {
    Urgency.EMERGENCY: "Call emergency services or go to an emergency department now.",
    Urgency.URGENT: "See a doctor today; do not wait for a routine appointment.",
    Urgency.SOON: "See a doctor within the next few days.",
    Urgency.ROUTINE: "Book a routine appointment; no immediate danger is suggested.",
    Urgency.SELF_CARE: "Manage at home for now and see a doctor if warning signs appear.",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A document the tree's content is drawn from."""

    id: str
    title: str
    kind: Literal["article", "general"]
    paragraphs: int | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceRef:
    """A pointer into a source: its id and, for an article, the paragraphs cited."""

    source: str
    paragraphs: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Meta:
    id: str
    title: str
    version: str
    description: str
    disclaimer: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    label: str
    key: str | None = None
    next: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    kind: Literal["question"] = "question"
    prompt: str
    why: str | None = None
    red_flag: bool = False
    choices: tuple[Choice, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    kind: Literal["result"] = "result"
    title: str
    urgency: Urgency
    conditions: tuple[str, ...]
    explanation: str
    next_steps: tuple[str, ...] = ()
    treatment: tuple[str, ...] = ()
    self_care: tuple[str, ...] = ()
    seek_help: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()


Node = Question | Result


@dataclass(frozen=True, slots=True, kw_only=True)
class Condition:
    name: str
    summary: str
    features: tuple[str, ...] = ()
    diagnostics: tuple[str, ...] = ()
    treatment: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Tree:
    schema_: str | None = None  # the file's "$schema" key, for editors
    meta: Meta
    start: str
    nodes: dict[str, Node]
    conditions: dict[str, Condition] = field(default_factory=dict)
    # Strings of the file that held control characters (the loader replaced them): FP113.
    text_faults: tuple[TextFault, ...] = ()

    def question(self, node_id: str) -> Question:
        node = self.nodes[node_id]
        if not isinstance(node, Question):
            raise KeyError(f"{node_id!r} is a result, not a question")
        return node

    def result(self, node_id: str) -> Result:
        node = self.nodes[node_id]
        if not isinstance(node, Result):
            raise KeyError(f"{node_id!r} is a question, not a result")
        return node


# -- building from checked data ---------------------------------------------------------------
def _fast_builder(cls: type[_T]) -> Callable[..., _T]:
    """A keyword-only constructor for a frozen, slotted dataclass, for the trusted builders.

    A frozen dataclass's ``__init__`` sets every field through ``object.__setattr__``;
    calling the slots' own setters instead builds a node about twice as fast, which counts
    for a 200k-node tree. Like the dataclass machinery, it is generated. It applies no
    defaults: every field must be given.
    """
    names = [f.name for f in fields(cls)]
    source = (
        f"def build(*, {', '.join(names)}):\n"
        "    obj = _new(_cls)\n"
        + "".join(f"    _set_{name}(obj, {name})\n" for name in names)
        + "    return obj\n"
    )
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    namespace.update({f"_set_{name}": getattr(cls, name).__set__ for name in names})
    exec(source, namespace)
    return namespace["build"]


_question = _fast_builder(Question)
_choice = _fast_builder(Choice)
_result = _fast_builder(Result)
_source_ref = _fast_builder(SourceRef)
_URGENCY_BY_VALUE = {u.value: u for u in Urgency}

# What pydantic's ``strip_whitespace`` removes: Unicode White_Space (Rust's ``str::trim``).
# ``str.strip()`` would also remove U+001C..U+001F, so a cache hit could differ from a miss.
_WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _text(value: str) -> str:
    return value.strip(_WHITESPACE)


def _optional_text(value: str | None) -> str | None:
    return None if value is None else value.strip(_WHITESPACE)


def _texts(values: list[str]) -> tuple[str, ...]:
    return tuple([value.strip(_WHITESPACE) for value in values])


def _refs(raw: list[dict[str, Any]]) -> tuple[SourceRef, ...]:
    return tuple(
        [_source_ref(source=r["source"], paragraphs=tuple(r.get("paragraphs", ()))) for r in raw]
    )


def node_from_data(raw: dict[str, Any]) -> Node:
    """One node from checked JSON data (see :func:`tree_from_data`)."""
    get = raw.get
    if raw["kind"] == "question":
        return _question(
            kind="question",
            prompt=_text(raw["prompt"]),
            why=_optional_text(get("why")),
            red_flag=get("red_flag", False),
            choices=tuple(
                [
                    _choice(label=_text(c["label"]), key=c.get("key"), next=c["next"])
                    for c in raw["choices"]
                ]
            ),
        )
    return _result(
        kind="result",
        title=_text(raw["title"]),
        urgency=_URGENCY_BY_VALUE[raw["urgency"]],
        conditions=tuple(raw["conditions"]),
        explanation=_text(raw["explanation"]),
        next_steps=_texts(get("next_steps", ())),
        treatment=_texts(get("treatment", ())),
        self_care=_texts(get("self_care", ())),
        seek_help=_texts(get("seek_help", ())),
        sources=_refs(get("sources", ())),
    )


def node_from_model(node: Any) -> Node:
    """One node from a validated :mod:`.schema` node: an object with the same attribute
    names, its text already stripped and its defaults set."""
    if node.kind == "question":
        return _question(
            kind="question",
            prompt=node.prompt,
            why=node.why,
            red_flag=node.red_flag,
            choices=tuple([_choice(label=c.label, key=c.key, next=c.next) for c in node.choices]),
        )
    return _result(
        kind="result",
        title=node.title,
        urgency=node.urgency,
        conditions=tuple(node.conditions),
        explanation=node.explanation,
        next_steps=tuple(node.next_steps),
        treatment=tuple(node.treatment),
        self_care=tuple(node.self_care),
        seek_help=tuple(node.seek_help),
        sources=tuple(
            [_source_ref(source=r.source, paragraphs=tuple(r.paragraphs)) for r in node.sources]
        ),
    )


def _condition(raw: dict[str, Any]) -> Condition:
    return Condition(
        name=_text(raw["name"]),
        summary=_text(raw["summary"]),
        features=_texts(raw.get("features", ())),
        diagnostics=_texts(raw.get("diagnostics", ())),
        treatment=_texts(raw.get("treatment", ())),
        sources=_refs(raw.get("sources", ())),
    )


def _meta(raw: dict[str, Any]) -> Meta:
    return Meta(
        id=raw["id"],
        title=_text(raw["title"]),
        version=raw["version"],
        description=_text(raw["description"]),
        disclaimer=_text(raw["disclaimer"]),
        sources=tuple(
            [
                Source(
                    id=s["id"],
                    title=_text(s["title"]),
                    kind=s["kind"],
                    paragraphs=s.get("paragraphs"),
                    note=_optional_text(s.get("note")),
                )
                for s in raw["sources"]
            ]
        ),
    )


def tree_from_data(data: dict[str, Any]) -> Tree:
    """Build a :class:`Tree` from JSON data that the schema has already accepted.

    Trusted: nothing is checked. It applies what validation would: the schema's defaults
    and the stripping of whitespace around text. Data the schema accepts only by converting
    a value (``"red_flag": "yes"``) is not handled here: the loader never trusts such a file
    (see :func:`.schema.validate_tree_data`).
    """
    return Tree(
        schema_=data.get("$schema"),
        meta=_meta(data["meta"]),
        start=data["start"],
        nodes={node_id: node_from_data(raw) for node_id, raw in data["nodes"].items()},
        conditions={cid: _condition(raw) for cid, raw in data.get("conditions", {}).items()},
    )


# -- back to plain data -----------------------------------------------------------------------
def to_data(obj: Any) -> Any:
    """Plain JSON-ready data: dataclasses as dicts by field name, tuples as lists, enums as
    their values. ``to_data(result)`` is what ``result.model_dump(mode="json")`` gave.
    """
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, tuple | list):
        return [to_data(item) for item in obj]
    if isinstance(obj, dict):
        return {key: to_data(value) for key, value in obj.items()}
    return obj
