"""The training-case file format: pydantic models, their JSON Schema and the file loader.

``trees/case_schema.json`` is generated from these models (``footpain-tui cases schema``).
Only loading a case file needs them, so they live apart from :mod:`.case_check` and
:mod:`.verdicts`, which the explorer imports at start-up without pydantic.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..tree.bundled import CASE_SCHEMA_NAME
from ..tree.loader import Problem, TreeLoadError, problems_from_validation, read_json_file
from ..tree.schema import Identifier, ShortText, Text


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScriptedAnswer(_Strict):
    """The answer the case expects at one question."""

    question: Identifier = Field(description="Id of the question this answer is for.")
    answer: ShortText | Annotated[list[ShortText], Field(min_length=1, max_length=9)] = Field(
        description=(
            "The choice: its label (or a unique label prefix), shortcut key, number 1-9 or"
            " next-node id. For a checklist, a list of them: the set of choices ticked, in any"
            ' order (["None of these"] when none applies).'
        )
    )
    teaching: Text | None = Field(
        default=None, description="Teaching point shown when a trainee answers this differently."
    )


class Case(_Strict):
    """One vignette: a story, the answers it implies and the result they must reach."""

    id: Identifier
    title: ShortText
    story: Text = Field(description="The vignette the trainee reads before walking the tree.")
    difficulty: Difficulty
    start: Identifier | None = Field(
        default=None,
        description="Id of the node the walk starts at, to drill one branch (default: the tree's start).",
    )
    expected_result: Identifier = Field(description="Id of the result node the walk must end on.")
    answers: list[ScriptedAnswer] = Field(
        min_length=1, description="The expected answers, in the order the walk asks them."
    )
    teaching_point: Text = Field(description="The lesson of the case, shown after the walk.")

    def scripted_for(self, question_id: str) -> ScriptedAnswer | None:
        return next((a for a in self.answers if a.question == question_id), None)


class CaseFile(_Strict):
    schema_: str | None = Field(default=None, alias="$schema")
    tree: Identifier = Field(description="The meta.id of the tree these cases are written for.")
    cases: list[Case] = Field(min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def case(self, case_id: str) -> Case:
        for case in self.cases:
            if case.id == case_id:
                return case
        raise KeyError(f"no case {case_id!r}")


def case_json_schema() -> dict:
    """The JSON Schema that ``trees/case_schema.json`` holds."""
    schema = CaseFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "footpain-tui training cases"
    return schema


def _for_case_file(problems: list[Problem]) -> list[Problem]:
    # The loader's hints name the tree schema; point case authors at theirs.
    return [
        p._replace(hint=p.hint.replace("trees/schema.json", f"trees/{CASE_SCHEMA_NAME}"))
        for p in problems
    ]


def load_cases(path: str | Path) -> CaseFile:
    """Load and validate a case file; raise :class:`TreeLoadError` listing every problem."""
    try:
        data = read_json_file(path, "case file")
    except TreeLoadError as exc:
        raise TreeLoadError(_for_case_file(exc.problems)) from None
    try:
        return CaseFile.model_validate(data)
    except ValidationError as exc:
        raise TreeLoadError(_for_case_file(problems_from_validation(str(path), exc))) from None
    except RecursionError:
        raise TreeLoadError(
            [Problem(str(path), "", "nested too deeply to validate", "check the file's structure")]
        ) from None
