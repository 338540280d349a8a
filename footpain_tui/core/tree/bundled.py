"""Where the bundled trees are: inside the package in a wheel, at the repo top in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[2]


def trees_dir() -> Path:
    installed = _PACKAGE / "trees"  # a wheel force-includes trees/ here
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "trees"  # a source checkout or an editable install


def default_tree_path() -> Path:
    return trees_dir() / "foot_pain.json"


def default_cases_path() -> Path:
    return trees_dir() / "cases" / "foot_pain.json"


CASE_SCHEMA_NAME = "case_schema.json"


def case_schema_path() -> Path:
    return trees_dir() / CASE_SCHEMA_NAME
