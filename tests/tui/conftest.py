"""Fixtures for the pilot tests: the app factory and the fixture trees."""

from __future__ import annotations

import pytest

from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.model import Tree

from .apps import DATA, make_app


@pytest.fixture
def app_factory():
    """``app_factory(tree="mini.json", **kwargs)``: the explorer, built as every test builds it."""
    return make_app


@pytest.fixture(scope="session")
def heel_tree() -> Tree:
    """tests/data/snapshot_tree.json: reaches all five urgency levels."""
    return load_tree(DATA / "snapshot_tree.json")


@pytest.fixture(scope="session")
def markup_tree() -> Tree:
    return load_tree(DATA / "markup_tree.json")
