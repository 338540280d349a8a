"""The decision-tree format: pydantic models for a tree file.

A tree file is JSON with metadata, a ``start`` node id, a flat map of nodes by id and a
catalogue of conditions by id. ``trees/schema.json`` is generated from these models
(``python -m footpain_tui schema``) so editors can validate and autocomplete tree files.
Graph rules (unknown ids, cycles, red-flag ordering, ...) live in :mod:`.lint`, not here:
the models check the shape of one file, the linter checks what the shape means.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$"),
    Field(description="Lower-case id: a letter, then letters, digits or '_' (at most 64)."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Shortcut = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]$"),
    Field(
        description="One lower-case letter that answers this choice at once (digits 1-9 are always bound)."
    ),
]


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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """A document the tree's content is drawn from."""

    id: Identifier
    title: ShortText
    kind: Literal["article", "general"] = Field(
        description="'article': the cited source text; 'general': general clinical safety advice."
    )
    paragraphs: int | None = Field(
        default=None,
        ge=1,
        description="How many numbered paragraphs the source has, if cited by paragraph.",
    )
    note: Text | None = None


class SourceRef(_Strict):
    """A pointer into a source: its id and, for an article, the paragraphs cited."""

    source: Identifier
    paragraphs: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)


class Meta(_Strict):
    id: Identifier
    title: ShortText
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")]
    description: Text
    disclaimer: Text
    sources: list[Source] = Field(min_length=1)


class Choice(_Strict):
    label: ShortText
    key: Shortcut | None = None
    next: Identifier = Field(description="Id of the node this answer leads to.")


class Question(_Strict):
    kind: Literal["question"]
    prompt: Text
    why: Text | None = Field(default=None, description="'Why we ask': what this question teaches.")
    red_flag: bool = Field(default=False, description="True for a screen for dangerous causes.")
    choices: list[Choice] = Field(min_length=2, max_length=9)


class Result(_Strict):
    kind: Literal["result"]
    title: ShortText
    urgency: Urgency
    conditions: list[Identifier] = Field(description="Condition ids, most likely first.")
    explanation: Text
    next_steps: list[Text] = Field(default_factory=list)
    treatment: list[Text] = Field(default_factory=list)
    self_care: list[Text] = Field(default_factory=list)
    seek_help: list[Text] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)


Node = Annotated[Question | Result, Field(discriminator="kind")]


class Condition(_Strict):
    name: ShortText
    summary: Text
    features: list[Text] = Field(default_factory=list)
    diagnostics: list[Text] = Field(default_factory=list)
    treatment: list[Text] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)


class Tree(_Strict):
    schema_: str | None = Field(default=None, alias="$schema")
    meta: Meta
    start: Identifier
    nodes: dict[Identifier, Node] = Field(min_length=1)
    conditions: dict[Identifier, Condition] = Field(default_factory=dict)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

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


def tree_json_schema() -> dict:
    """The JSON Schema that ``trees/schema.json`` holds."""
    schema = Tree.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "footpain-tui decision tree"
    return schema
