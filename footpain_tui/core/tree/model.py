"""The decision tree as the rest of the program uses it: plain, frozen dataclasses.

A tree file is JSON with metadata, a ``start`` node id, a flat map of nodes by id and a
catalogue of conditions by id. A node is a :class:`Question` (one answer; or, with ``kind``
``"checklist"``, every answer that applies) or a :class:`Result`. Its shape is checked by
the pydantic models in :mod:`.schema` (which also generate ``trees/schema.json``); the
objects here are what a checked file becomes. They import nothing heavy, so a tree the
loader has validated before (see :mod:`.loader`) is built with :func:`tree_from_data`
without importing pydantic at all.
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


SourceKind = Literal["article", "guideline", "review", "general"]
# Source kinds cited by section, that name the document they are (FP110, FP111).
CITED_BY_SECTION: frozenset[str] = frozenset({"guideline", "review"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A document the tree's content is drawn from.

    An ``article`` is cited by paragraph; a ``guideline`` (NICE, CKS, NHS, ...) or a
    ``review`` (a peer-reviewed review article or reference text, such as Am Fam Physician
    or StatPearls) by section, and names its ``publisher``, its own ``reference`` ("NICE
    NG19", "Patel DS et al. Am Fam Physician 2011;83(1):39-46"), ``year`` and ``url``;
    ``general`` is common knowledge that no guideline states.
    """

    id: str
    title: str
    kind: SourceKind
    paragraphs: int | None = None
    note: str | None = None
    publisher: str | None = None
    reference: str | None = None
    year: int | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceRef:
    """A pointer into a source: its id and the paragraphs (article) or section (guideline)."""

    source: str
    paragraphs: tuple[int, ...] = ()
    section: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Meta:
    id: str
    title: str
    version: str
    description: str
    disclaimer: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceRef:
    """An answer elsewhere in the tree: its question's id and its label."""

    question: str
    choice: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    """One answer: ``finding`` says what it means clinically ("known diabetes"); on a
    red-flag question, ``negative`` marks the answer that reports no warning sign;
    ``urgency_floor`` makes every result reached after this answer at least that urgent
    (a risk factor such as diabetes: see :mod:`.floors`); ``contradicts`` names earlier
    answers that rule this one out ("no diabetes" after "Diabetes" was ticked): a walk that
    took one of them cannot take this."""

    label: str
    key: str | None = None
    next: str
    finding: str | None = None
    negative: bool = False
    urgency_floor: Urgency | None = None
    contradicts: tuple[ChoiceRef, ...] = ()


def choice_finding(choice: Choice) -> str:
    """What a choice reports: its ``finding``, or its label when the author gave none."""
    return choice.finding or choice.label


QuestionKind = Literal["question", "checklist"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """A question, or with ``kind == "checklist"`` a tick-all-that-apply list.

    A checklist is a question whose answer may be several choices: the walk follows the
    first ticked one in the author's order. It stays this class, so everything that walks,
    draws or checks questions handles it, as a one-answer question, until it learns more.
    """

    kind: QuestionKind = "question"
    prompt: str
    why: str | None = None
    red_flag: bool = False
    exhaustive: bool = False
    choices: tuple[Choice, ...]

    @property
    def multiple(self) -> bool:
        """True for a checklist: several choices may be ticked at once."""
        return self.kind == "checklist"

    def is_warning_sign(self, choice_index: int) -> bool:
        """Whether taking this choice reports a warning sign: any answer to a red-flag
        question but its negative one ("No", "None of these"; "Not sure" counts as a sign)."""
        return self.red_flag and not self.choices[choice_index].negative


@dataclass(frozen=True, slots=True, kw_only=True)
class Discriminator:
    """What tells ``condition`` apart from its neighbour ``versus`` (both catalogue ids)."""

    condition: str
    versus: str
    text: str
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    kind: Literal["result"] = "result"
    title: str
    urgency: Urgency
    conditions: tuple[str, ...]
    explanation: str
    discriminators: tuple[Discriminator, ...] = ()
    pitfalls: tuple[str, ...] = ()
    examination: tuple[str, ...] = ()
    investigations: tuple[str, ...] = ()
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
    history: tuple[str, ...] = ()
    examination: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
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
        [
            _source_ref(
                source=r["source"],
                paragraphs=tuple(r.get("paragraphs", ())),
                section=None if (section := r.get("section")) is None else _text(section),
            )
            for r in raw
        ]
    )


def _choices(raw: list[dict[str, Any]]) -> tuple[Choice, ...]:
    return tuple(
        [
            _choice(
                label=_text(c["label"]),
                key=c.get("key"),
                next=c["next"],
                finding=None if (finding := c.get("finding")) is None else _text(finding),
                negative=c.get("negative", False),
                urgency_floor=None
                if (floor := c.get("urgency_floor")) is None
                else _URGENCY_BY_VALUE[floor],
                contradicts=tuple(
                    [ChoiceRef(question=r["question"], choice=_text(r["choice"])) for r in refs]
                )
                if (refs := c.get("contradicts"))
                else (),
            )
            for c in raw
        ]
    )


def _discriminators(raw: list[dict[str, Any]]) -> tuple[Discriminator, ...]:
    return tuple(
        [
            Discriminator(
                condition=d["condition"],
                versus=d["versus"],
                text=_text(d["text"]),
                sources=_refs(d.get("sources", ())),
            )
            for d in raw
        ]
    )


# An optional list is read as ``_texts(v) if (v := get(...)) else ()``: most results leave
# most lists out, and skipping the call for them counts on a 200k-node tree.
def node_from_data(raw: dict[str, Any]) -> Node:
    """One node from checked JSON data (see :func:`tree_from_data`)."""
    get = raw.get
    kind = raw["kind"]
    if kind != "result":  # a question or a checklist
        return _question(
            kind=kind,
            prompt=_text(raw["prompt"]),
            why=_optional_text(get("why")),
            red_flag=get("red_flag", False),
            exhaustive=get("exhaustive", False),
            choices=_choices(raw["choices"]),
        )
    return _result(
        kind="result",
        title=_text(raw["title"]),
        urgency=_URGENCY_BY_VALUE[raw["urgency"]],
        conditions=tuple(raw["conditions"]),
        explanation=_text(raw["explanation"]),
        discriminators=_discriminators(v) if (v := get("discriminators")) else (),
        pitfalls=_texts(v) if (v := get("pitfalls")) else (),
        examination=_texts(v) if (v := get("examination")) else (),
        investigations=_texts(v) if (v := get("investigations")) else (),
        next_steps=_texts(v) if (v := get("next_steps")) else (),
        treatment=_texts(v) if (v := get("treatment")) else (),
        self_care=_texts(v) if (v := get("self_care")) else (),
        seek_help=_texts(v) if (v := get("seek_help")) else (),
        sources=_refs(v) if (v := get("sources")) else (),
    )


def _refs_from_models(refs: Any) -> tuple[SourceRef, ...]:
    return tuple(
        [
            _source_ref(source=r.source, paragraphs=tuple(r.paragraphs), section=r.section)
            for r in refs
        ]
    )


def _discriminators_from_models(discriminators: Any) -> tuple[Discriminator, ...]:
    return tuple(
        [
            Discriminator(
                condition=d.condition,
                versus=d.versus,
                text=d.text,
                sources=_refs_from_models(d.sources),
            )
            for d in discriminators
        ]
    )


def node_from_model(node: Any) -> Node:
    """One node from a validated :mod:`.schema` node: an object with the same attribute
    names, its text already stripped and its defaults set."""
    if node.kind != "result":  # a question or a checklist
        return _question(
            kind=node.kind,
            prompt=node.prompt,
            why=node.why,
            red_flag=node.red_flag,
            exhaustive=node.exhaustive,
            choices=tuple(
                [
                    _choice(
                        label=c.label,
                        key=c.key,
                        next=c.next,
                        finding=c.finding,
                        negative=c.negative,
                        urgency_floor=c.urgency_floor,
                        contradicts=tuple(
                            [ChoiceRef(question=r.question, choice=r.choice) for r in refs]
                        )
                        if (refs := c.contradicts)
                        else (),
                    )
                    for c in node.choices
                ]
            ),
        )
    # As in node_from_data, empty lists (most of them) skip the conversion.
    return _result(
        kind="result",
        title=node.title,
        urgency=node.urgency,
        conditions=tuple(node.conditions),
        explanation=node.explanation,
        discriminators=_discriminators_from_models(v) if (v := node.discriminators) else (),
        pitfalls=tuple(v) if (v := node.pitfalls) else (),
        examination=tuple(v) if (v := node.examination) else (),
        investigations=tuple(v) if (v := node.investigations) else (),
        next_steps=tuple(v) if (v := node.next_steps) else (),
        treatment=tuple(v) if (v := node.treatment) else (),
        self_care=tuple(v) if (v := node.self_care) else (),
        seek_help=tuple(v) if (v := node.seek_help) else (),
        sources=_refs_from_models(v) if (v := node.sources) else (),
    )


def _condition(raw: dict[str, Any]) -> Condition:
    get = raw.get
    return Condition(
        name=_text(raw["name"]),
        summary=_text(raw["summary"]),
        history=_texts(get("history", ())),
        examination=_texts(get("examination", ())),
        red_flags=_texts(get("red_flags", ())),
        features=_texts(get("features", ())),
        diagnostics=_texts(get("diagnostics", ())),
        treatment=_texts(get("treatment", ())),
        sources=_refs(get("sources", ())),
    )


def _source(raw: dict[str, Any]) -> Source:
    get = raw.get
    return Source(
        id=raw["id"],
        title=_text(raw["title"]),
        kind=raw["kind"],
        paragraphs=get("paragraphs"),
        note=_optional_text(get("note")),
        publisher=_optional_text(get("publisher")),
        reference=_optional_text(get("reference")),
        year=get("year"),
        url=_optional_text(get("url")),
    )


def _meta(raw: dict[str, Any]) -> Meta:
    return Meta(
        id=raw["id"],
        title=_text(raw["title"]),
        version=raw["version"],
        description=_text(raw["description"]),
        disclaimer=_text(raw["disclaimer"]),
        sources=tuple([_source(s) for s in raw["sources"]]),
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
