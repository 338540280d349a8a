"""The tree file format as pydantic models: what validates a file and generates its schema.

``trees/schema.json`` is generated from these models (``footpain-tui schema``) so editors
can validate and autocomplete tree files. The classes keep the names of the runtime classes
in :mod:`.model` (``schema.Tree`` checks a file, ``model.Tree`` is what it becomes) so the
schema's ``$defs`` stay ``Question``, ``Result``, ... Only the loader imports this module,
and only for a file it has not validated before: pydantic stays off the start-up path.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError

from . import model
from .model import Urgency

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$"),
    Field(description="Lower-case id: a letter, then letters, digits or '_' (at most 64)."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Url = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[^\s]+$", max_length=2000),
    Field(description="An http(s) address."),
]
Shortcut = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]$"),
    Field(
        description="One lower-case letter that answers this choice at once (digits 1-9 are always bound)."
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """A document the tree's content is drawn from."""

    id: Identifier
    title: ShortText
    kind: Literal["article", "guideline", "review", "general"] = Field(
        description=(
            "'article': the cited source text, cited by paragraph; 'guideline': a published"
            " guidance document (NICE, CKS, NHS, RCEM, ...), cited by section; 'review': a"
            " peer-reviewed review article or reference text (Am Fam Physician, StatPearls,"
            " ...), cited by section like a guideline; 'general': common clinical knowledge"
            " that no guideline states."
        )
    )
    paragraphs: int | None = Field(
        default=None,
        ge=1,
        description="How many numbered paragraphs the source has, if cited by paragraph.",
    )
    note: Text | None = None
    publisher: ShortText | None = Field(
        default=None,
        description="A guideline's publisher ('NICE', 'NHS') or a review's journal or publisher.",
    )
    reference: ShortText | None = Field(
        default=None,
        description=(
            "A guideline's own id ('NICE NG19', 'NICE CKS: Cellulitis - acute') or a review's"
            " citation ('Patel DS et al. Am Fam Physician 2011;83(1):39-46')."
        ),
    )
    year: int | None = Field(
        default=None,
        ge=1800,
        le=2200,
        strict=True,
        description="Year of the version read (or of its last revision).",
    )
    url: Url | None = Field(default=None, description="Where the guideline or review is published.")


class SourceRef(_Strict):
    """A pointer into a source: its id and the paragraphs (article) or section (guideline,
    review)."""

    source: Identifier
    paragraphs: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)
    section: ShortText | None = Field(
        default=None,
        description=(
            "The part of a guideline or review cited: a recommendation number for NICE"
            " guidelines ('1.3.1'), the heading path for CKS topics, NHS pages and reviews."
        ),
    )


class Meta(_Strict):
    id: Identifier
    title: ShortText
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")]
    description: Text
    disclaimer: Text
    sources: list[Source] = Field(min_length=1)


class ChoiceRef(_Strict):
    question: Identifier = Field(description="Id of the question the answer belongs to.")
    choice: ShortText = Field(description="The answer's label, exactly as written there.")


class Choice(_Strict):
    label: ShortText
    key: Shortcut | None = None
    next: Identifier = Field(description="Id of the node this answer leads to.")
    finding: ShortText | None = Field(
        default=None,
        description=(
            "What this answer means, lower-case and without a full stop ('known diabetes'):"
            " used for 'Why this result' and 'You reported: ...'."
        ),
    )
    negative: bool = Field(
        default=False,
        strict=True,
        description=(
            "On a red-flag question: the answer that reports no warning sign ('No', 'None of"
            " these'). Every other answer of a red-flag question is a warning sign."
        ),
    )
    urgency_floor: Urgency | None = Field(
        default=None,
        description=(
            "Once the walk has passed this answer (followed it, or ticked it on a checklist),"
            " every result reached is shown at least this urgent, its finding given as the"
            " reason ('raised to ROUTINE because: known diabetes'). For risk factors that"
            " change the minimum urgency of every later result without being warning signs."
        ),
    )
    contradicts: list[ChoiceRef] = Field(
        default_factory=list,
        description=(
            "Earlier answers that rule this one out, each by its question and label: a"
            " choice that says 'no diabetes' contradicts 'Diabetes' ticked before. A walk"
            " that took (or ticked) one of them cannot take this choice, and `paths` leaves"
            " such paths out of the audit."
        ),
    )


class Question(_Strict):
    """A question with one answer."""

    kind: Literal["question"]
    prompt: Text
    why: Text | None = Field(default=None, description="'Why we ask': what this question teaches.")
    red_flag: bool = Field(default=False, description="True for a screen for dangerous causes.")
    exhaustive: bool = Field(
        default=False,
        strict=True,
        description="The choices cover every possibility, so no catch-all choice is needed.",
    )
    choices: list[Choice] = Field(min_length=2, max_length=9)


class Checklist(Question):
    """Tick every choice that applies: the walk follows the first ticked one, in the order
    written (so list the most urgent first); exactly one choice is the negative "None of
    these"."""

    kind: Literal["checklist"]  # type: ignore[assignment]


class Discriminator(_Strict):
    """What tells one condition apart from a neighbouring one."""

    condition: Identifier = Field(description="The condition this is about (catalogue id).")
    versus: Identifier = Field(description="The neighbouring condition (catalogue id).")
    text: Text = Field(description="What tells them apart: history, examination, tests.")
    sources: list[SourceRef] = Field(default_factory=list)


class Result(_Strict):
    kind: Literal["result"]
    title: ShortText
    urgency: Urgency
    conditions: list[Identifier] = Field(description="Condition ids, most likely first.")
    explanation: Text
    discriminators: list[Discriminator] = Field(default_factory=list)
    pitfalls: list[Text] = Field(default_factory=list, description="What not to miss here.")
    examination: list[Text] = Field(
        default_factory=list, description="Examination specific to this result."
    )
    investigations: list[Text] = Field(
        default_factory=list,
        description="Tests specific to this result, and what they show or miss.",
    )
    next_steps: list[Text] = Field(default_factory=list)
    treatment: list[Text] = Field(default_factory=list)
    self_care: list[Text] = Field(default_factory=list)
    seek_help: list[Text] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)


Node = Annotated[Question | Checklist | Result, Field(discriminator="kind")]


class Condition(_Strict):
    name: ShortText
    summary: Text
    history: list[Text] = Field(default_factory=list, description="Typical history.")
    examination: list[Text] = Field(default_factory=list, description="Findings on examination.")
    red_flags: list[Text] = Field(
        default_factory=list, description="This condition's own warning signs."
    )
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


def tree_json_schema() -> dict:
    """The JSON Schema that ``trees/schema.json`` holds."""
    schema = Tree.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "footpain-tui decision tree"
    return schema


# -- coercion ---------------------------------------------------------------------------------
# Validation is lax, so a few JSON values pass by being converted: true-ish strings or 0/1
# for a bool ("red_flag": "yes"), strings, floats or booleans for an int (3.0, "3"). These
# fields are the only lax bool and int fields in the models above (a test checks that; the
# fields added later, such as ``negative``, ``exhaustive`` and ``year``, are strict and
# refuse such values); every other value is kept as it is, apart from the whitespace around
# text, which model.tree_from_data strips the same way. So for data that needs no coercion,
# tree_from_data builds exactly the tree that validation gives.
def _not_int(value: Any) -> bool:
    return type(value) is not int


def _refs_need_coercion(refs: list[dict[str, Any]]) -> bool:
    return any(_not_int(p) for ref in refs for p in ref.get("paragraphs", ()))


def _node_needs_coercion(raw: dict[str, Any]) -> bool:
    """Whether a node that validates holds a value that validation had to convert."""
    if raw["kind"] != "result":  # a question or a checklist
        return type(raw.get("red_flag", False)) is not bool
    if _refs_need_coercion(raw.get("sources", ())):
        return True
    discriminators = raw.get("discriminators")
    return bool(discriminators) and any(
        _refs_need_coercion(d.get("sources", ())) for d in discriminators
    )


def _rest_needs_coercion(data: dict[str, Any]) -> bool:
    """The same for the metadata and the conditions of a tree that validates."""
    return any(
        s.get("paragraphs") is not None and _not_int(s["paragraphs"])
        for s in data["meta"]["sources"]
    ) or any(_refs_need_coercion(c.get("sources", ())) for c in data.get("conditions", {}).values())


# -- validating -------------------------------------------------------------------------------
_NODE = TypeAdapter(Node)


def validate_tree_data(data: Any) -> tuple[model.Tree, bool]:
    """Validate parsed tree JSON; return the runtime tree and whether the data was exact.

    *Exact* means no value needed coercion (see above): then
    ``model.tree_from_data(data)`` builds an equal tree, so the loader may trust these
    bytes next time. Raises ``ValidationError`` (or ``RecursionError``) listing every problem.

    Consumes ``data``: each node is swapped for its model as soon as it validates, so its
    raw dict can go (the peak holds one copy of the nodes, not two), and later for its
    runtime node. A node that does not validate is left raw, so the Tree's own validation
    reports it with its full path, and the problems are exactly those of a single call.
    """
    exact = True
    nodes = data.get("nodes") if isinstance(data, dict) else None
    if isinstance(nodes, dict):
        validate = _NODE.validate_python
        for node_id, raw in nodes.items():
            try:
                checked = validate(raw)
            except (ValidationError, RecursionError):
                continue
            if exact and _node_needs_coercion(raw):
                exact = False
            nodes[node_id] = checked
    tree = Tree.model_validate(data)
    exact = exact and not _rest_needs_coercion(data)
    rest = model.tree_from_data(tree.model_dump(by_alias=True, exclude={"nodes"}) | {"nodes": {}})
    # ``tree`` holds its own dict of the node models; once it is gone, each model is freed
    # as soon as its runtime node takes its place in ``nodes``.
    del tree
    for node_id, checked in nodes.items():
        nodes[node_id] = model.node_from_model(checked)
    return replace(rest, nodes=nodes), exact


def validate_tree(data: Any) -> model.Tree:
    """Validate plain tree data (not read from a file) and build the tree; ``data`` is left
    as it was. Raises ``ValidationError`` listing every problem."""
    if isinstance(data, dict) and isinstance(data.get("nodes"), dict):
        data = {**data, "nodes": dict(data["nodes"])}  # validate_tree_data swaps nodes in place
    return validate_tree_data(data)[0]
