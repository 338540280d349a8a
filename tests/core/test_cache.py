"""The validation cache: a file validated once loads again without pydantic, and equal.

tests/conftest.py points XDG_CACHE_HOME at a fresh folder for every test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from footpain_tui import cli
from footpain_tui.core.tree import cache, loader, schema
from footpain_tui.core.tree.bundled import default_tree_path
from footpain_tui.core.tree.loader import TreeLoadError, load_tree

MINI = Path(__file__).resolve().parent.parent / "data" / "mini.json"


def markers() -> list[Path]:
    folder = cache.cache_dir() / cache.MARKERS
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.fixture
def validations(monkeypatch) -> list[str]:
    """Count the loads that validate (the others were cache hits)."""
    calls: list[str] = []
    real = loader._validate

    def counting(name, data):
        calls.append(name)
        return real(name, data)

    monkeypatch.setattr(loader, "_validate", counting)
    return calls


def test_the_cache_lives_in_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "footpain-tui"


@pytest.mark.parametrize("path", [default_tree_path(), MINI], ids=["bundled", "mini"])
def test_a_second_load_is_a_cache_hit_with_an_equal_tree(path, validations):
    first = load_tree(path)
    assert len(markers()) == 1 and markers()[0].stat().st_size == 0
    second = load_tree(path)
    assert validations == [str(path)]  # only the first load validated
    assert second == first
    assert second is not first


_LOAD = """
import json, sys
from footpain_tui.core.tree.bundled import default_tree_path
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.model import to_data
tree = load_tree(default_tree_path())
print(json.dumps({"pydantic": "pydantic" in sys.modules, "tree": to_data(tree)}))
"""


def test_a_cache_hit_does_not_import_pydantic():
    def run() -> dict:
        done = subprocess.run(
            [sys.executable, "-c", _LOAD], capture_output=True, text=True, timeout=120, check=True
        )
        return json.loads(done.stdout)

    miss, hit = run(), run()  # the same XDG_CACHE_HOME (from conftest) for both
    assert miss["pydantic"] is True
    assert hit["pydantic"] is False
    assert hit["tree"] == miss["tree"]


def test_text_is_stripped_on_a_hit_exactly_as_validation_strips_it(
    mini_dict, write_json, validations
):
    nodes = mini_dict["nodes"]
    nodes["q_when"]["prompt"] = "\u3000 When does it hurt?\u2029\n"
    nodes["q_when"]["why"] = "\u200bTiming tells causes apart.\u200b"  # not whitespace to either
    nodes["r_clot"]["next_steps"] = ["  See a doctor today.\xa0"]
    path = write_json(mini_dict)
    first = load_tree(path)
    assert first.nodes["q_when"].prompt == "When does it hurt?"
    assert first.nodes["q_when"].why == "\u200bTiming tells causes apart.\u200b"
    assert first.nodes["r_clot"].next_steps == ("See a doctor today.",)
    assert load_tree(path) == first
    assert len(validations) == 1


def test_a_file_with_control_characters_is_never_trusted(mini_dict, write_json, validations):
    # U+001F is whitespace to str.strip but not to pydantic; like every control character it
    # becomes U+FFFD before validation, and such a file is validated each time it is read.
    mini_dict["nodes"]["q_when"]["why"] = "\x1fTiming tells causes apart.\x1f"
    path = write_json(mini_dict)
    first = load_tree(path)
    assert first.nodes["q_when"].why == "\ufffdTiming tells causes apart.\ufffd"
    assert [f.path for f in first.text_faults] == ["nodes.q_when.why"]
    assert load_tree(path) == first
    assert len(validations) == 2


def test_values_validation_converts_are_never_cached(mini_dict, write_json, validations):
    mini_dict["nodes"]["q_flag"]["red_flag"] = "yes"
    mini_dict["meta"]["sources"][0]["paragraphs"] = 10.0
    mini_dict["nodes"]["r_clot"]["sources"][0]["paragraphs"] = ["2"]
    path = write_json(mini_dict)
    first = load_tree(path)
    assert first.nodes["q_flag"].red_flag is True
    assert first.meta.sources[0].paragraphs == 10
    assert first.nodes["r_clot"].sources[0].paragraphs == (2,)
    assert markers() == []
    assert load_tree(path) == first
    assert len(validations) == 2


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("nodes", "q_when", "red_flag"), 1),
        (("meta", "sources", 0, "paragraphs"), True),
        (("conditions", "thrombosis", "sources"), [{"source": "article", "paragraphs": [1.0]}]),
    ],
)
def test_each_convertible_field_is_checked(mini_dict, write_json, where, value):
    target = mini_dict
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    load_tree(write_json(mini_dict))
    assert markers() == []


def _scalar_types(annotation) -> set:
    args = typing.get_args(annotation)
    if not args:
        return {annotation}
    if typing.get_origin(annotation) is typing.Annotated:
        return _scalar_types(args[0])
    return set().union(*(_scalar_types(a) for a in args))


def _is_strict(info) -> bool:
    return any(getattr(m, "strict", False) for m in info.metadata)


def test_the_coercion_check_knows_every_bool_and_int_field():
    """Validation converts values only for lax bool and int fields: the ones the loader
    checks. Fields added since are strict, so no conversion can make a cache hit differ."""
    models = (
        schema.Source,
        schema.SourceRef,
        schema.Meta,
        schema.Choice,
        schema.Question,
        schema.Checklist,
        schema.Discriminator,
        schema.Result,
        schema.Condition,
        schema.Tree,
    )
    scalar = {
        (model.__name__, name): _is_strict(info)
        for model in models
        for name, info in model.model_fields.items()
        if _scalar_types(info.annotation) & {bool, int, float}
    }
    assert {field for field, strict in scalar.items() if not strict} == {
        ("Question", "red_flag"),
        ("Checklist", "red_flag"),
        ("Source", "paragraphs"),
        ("SourceRef", "paragraphs"),
    }
    assert {field for field, strict in scalar.items() if strict} == {
        ("Choice", "negative"),
        ("Question", "exhaustive"),
        ("Checklist", "exhaustive"),
        ("Source", "year"),
    }


@pytest.mark.parametrize(
    ("where", "value", "location"),
    [
        (("nodes", "q_flag", "choices", 1, "negative"), "yes", "nodes.q_flag.choices[1].negative"),
        (("nodes", "q_when", "exhaustive"), 1, "nodes.q_when.exhaustive"),
        (("meta", "sources", 0, "year"), "2015", "meta.sources[0].year"),
    ],
)
def test_strict_fields_refuse_what_lax_ones_convert(mini_dict, write_json, where, value, location):
    target = mini_dict
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    with pytest.raises(TreeLoadError) as info:
        load_tree(write_json(mini_dict))
    assert [p.location for p in info.value.problems] == [location]


def test_a_checklist_and_discriminator_sources_are_checked_for_conversion(mini_dict, write_json):
    mini_dict["nodes"]["q_flag"]["kind"] = "checklist"
    mini_dict["nodes"]["q_flag"]["red_flag"] = "yes"
    load_tree(write_json(mini_dict))
    assert markers() == []
    mini_dict["nodes"]["q_flag"]["red_flag"] = True
    mini_dict["nodes"]["r_nerve"]["discriminators"] = [
        {
            "condition": "neuralgia",
            "versus": "arthrosis",
            "text": "Night pain, not morning stiffness.",
            "sources": [{"source": "article", "paragraphs": ["8"]}],
        }
    ]
    tree = load_tree(write_json(mini_dict))
    assert tree.nodes["r_nerve"].discriminators[0].sources[0].paragraphs == (8,)
    assert markers() == []


def test_a_changed_file_misses_the_cache(mini_dict, write_json, validations):
    path = write_json(mini_dict)
    load_tree(path)
    mini_dict["meta"]["title"] = "Mini tree, edited"
    write_json(mini_dict)
    assert load_tree(path).meta.title == "Mini tree, edited"
    assert len(validations) == 2
    assert len(markers()) == 2


def test_a_file_made_invalid_after_a_cached_load_still_fails(mini_dict, write_json, capsys):
    path = write_json(mini_dict)
    load_tree(path)
    load_tree(path)  # a hit
    del mini_dict["nodes"]["r_nerve"]["explanation"]
    write_json(mini_dict)
    with pytest.raises(TreeLoadError) as info:
        load_tree(path)
    assert [(p.location, p.message) for p in info.value.problems] == [
        ("nodes.r_nerve.explanation", "Field required")
    ]
    assert cli.main(["validate", str(path)]) == cli.EXIT_BAD_FILE
    assert "nodes.r_nerve.explanation" in capsys.readouterr().err


def test_other_validating_code_misses_the_cache(mini_path, validations, monkeypatch):
    load_tree(mini_path)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: b"another version of the code")
    load_tree(mini_path)
    assert len(validations) == 2
    assert len(markers()) == 2


def test_the_fingerprint_changes_with_the_validating_source(monkeypatch, tmp_path):
    real = Path(cache.__file__).resolve().parent
    for name in cache._SOURCES:
        (tmp_path / name).write_bytes((real / name).read_bytes())
    fake = tmp_path / "cache.py"
    monkeypatch.setattr(cache, "__file__", str(fake))
    cache.code_fingerprint.cache_clear()
    try:
        before = cache.code_fingerprint()
        assert before is not None
        with (tmp_path / "schema.py").open("a") as handle:
            handle.write("# a new rule\n")
        cache.code_fingerprint.cache_clear()
        assert cache.code_fingerprint() not in (None, before)
        (tmp_path / "loader.py").unlink()
        cache.code_fingerprint.cache_clear()
        assert cache.code_fingerprint() is None  # source not readable: no caching at all
    finally:
        monkeypatch.undo()
        cache.code_fingerprint.cache_clear()


def test_no_fingerprint_means_no_cache(mini_path, validations, monkeypatch):
    monkeypatch.setattr(cache, "code_fingerprint", lambda: None)
    assert load_tree(mini_path) == load_tree(mini_path)
    assert len(validations) == 2
    assert markers() == []


@pytest.mark.parametrize("garbage", ["text", "directory"])
def test_a_garbage_marker_means_validating_again(mini_path, validations, garbage):
    first = load_tree(mini_path)
    (marker,) = markers()
    if garbage == "text":
        marker.write_text("not a marker", encoding="utf-8")
    else:
        marker.unlink()
        marker.mkdir()
    assert load_tree(mini_path) == first
    assert len(validations) == 2
    if garbage == "text":  # rewritten as a proper marker
        assert marker.stat().st_size == 0
        load_tree(mini_path)
        assert len(validations) == 2


def test_an_unusable_cache_dir_still_loads(mini_path, validations, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # every mkdir and stat in it fails
    assert load_tree(mini_path) == load_tree(mini_path)
    assert len(validations) == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_cache_dir_still_loads(mini_path, validations):
    folder = cache.cache_dir() / cache.MARKERS
    folder.mkdir(parents=True)
    folder.chmod(0o500)
    try:
        assert load_tree(mini_path) == load_tree(mini_path)
    finally:
        folder.chmod(0o700)
    assert len(validations) == 2


def test_a_marker_for_bytes_that_do_not_build_falls_back_to_validating(
    write_json, validations, monkeypatch
):
    path = write_json({"meta": {}})
    monkeypatch.setattr(cache, "is_marked", lambda marker: True)  # a forged marker
    with pytest.raises(TreeLoadError) as info:
        load_tree(path)
    assert [p.location for p in info.value.problems][:2] == ["meta.id", "meta.title"]
    assert len(validations) == 1
