"""The tree map (m): the path opened, jumping back along it, and lazy building on big trees."""

from __future__ import annotations

import pytest
from textual.widgets import Tree

from footpain_tui.core.tree.lint import lint_tree
from footpain_tui.core.tree.model import Tree as DecisionTree
from footpain_tui.core.tree.schema import validate_tree
from footpain_tui.ui.screens.explore import ExploreScreen
from footpain_tui.ui.screens.tree_map import TreeMapScreen

from .apps import DATA
from .reading import loaded_nodes, question_parts, wait_for_screen

SIZE = (100, 32)


def outline(app) -> Tree:
    return app.screen.query_one("#map", Tree)


async def open_map(pilot) -> Tree:
    await pilot.press("m")
    await wait_for_screen(pilot, TreeMapScreen)
    await pilot.pause()
    return outline(pilot.app)


async def test_map_opens_on_the_current_path(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n")
        tree = await open_map(pilot)
        assert app.focused is tree
        root = tree.root
        assert root.data.node_id == "q_danger"
        assert str(root.label).startswith("● [RED FLAG] Is there fever")
        assert root.is_expanded
        yes, no = root.children
        assert not yes.allow_expand  # a result
        assert str(yes.label) == "Yes → [EMERGENCY] Possible joint infection or blocked artery"
        assert no.is_expanded
        assert str(no.label).startswith("● No → [RED FLAG] Did the pain start")
        current = no.children[1]
        assert current.data.node_id == "q_pattern"
        assert str(current.label) == "◆ No → Which pattern fits the heel pain best?"
        assert current.is_expanded
        assert [c.data.node_id for c in current.children] == ["r_soon", "r_routine", "r_self_care"]
        assert tree.cursor_node is current


async def test_enter_on_a_visited_node_jumps_back(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "u")
        assert app.session.current_id == "r_self_care"
        tree = await open_map(pilot)
        assert tree.cursor_node.data.node_id == "r_self_care"
        # up past r_routine, r_soon and q_pattern's sibling lines to q_snap
        while tree.cursor_node.data.node_id != "q_snap":
            await pilot.press("up")
        await pilot.press("enter")
        await wait_for_screen(pilot, ExploreScreen)
        assert app.session.current_id == "q_snap"
        assert [s.node_id for s in app.session.steps] == ["q_danger"]
        assert question_parts(app)["prompt"].startswith("Did the pain start")
        assert app.screen.query_one("#branch").display
        assert not app.screen.query_one("#result").display


async def test_enter_off_the_path_does_not_jump(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n")
        tree = await open_map(pilot)
        tree.move_cursor(tree.root.children[1].children[0])  # "Yes" -> the urgent result
        await pilot.pause()
        assert tree.cursor_node.data.node_id == "r_urgent"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TreeMapScreen)
        assert app.session.current_id == "q_pattern"


async def test_escape_and_m_close_the_map_without_moving(app_factory, heel_tree):
    app = app_factory(heel_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        tree = await open_map(pilot)
        tree.move_cursor(tree.root)
        await pilot.press("escape")
        await wait_for_screen(pilot, ExploreScreen)
        assert app.session.current_id == "q_snap"
        await open_map(pilot)
        await pilot.press("m")
        await wait_for_screen(pilot, ExploreScreen)
        assert app.session.current_id == "q_snap"
        assert app.focused is app.screen.query_one("#choices")


def chain_tree(depth: int) -> DecisionTree:
    """A red-flag screen, then a full binary tree of questions ``depth`` levels deep."""
    source = {"source": "article", "paragraphs": [1]}
    nodes: dict[str, dict] = {
        "start": {
            "kind": "question",
            "prompt": "Any red flag?",
            "red_flag": True,
            "choices": [
                {"label": "Yes", "next": "r_danger"},
                {"label": "No", "next": "q_", "negative": True},
            ],
        },
        "r_danger": {
            "kind": "result",
            "title": "Danger",
            "urgency": "emergency",
            "conditions": ["c"],
            "explanation": "Go now.",
            "sources": [source],
        },
    }
    for level in range(depth + 1):
        for n in range(2**level):
            suffix = format(n, f"0{level}b") if level else ""
            if level == depth:
                nodes[f"r_{suffix}"] = {
                    "kind": "result",
                    "title": f"Result {suffix}",
                    "urgency": "routine",
                    "conditions": ["c"],
                    "explanation": "Leaf.",
                    "sources": [source],
                }
                continue
            after = "q_" if level + 1 < depth else "r_"
            nodes[f"q_{suffix}"] = {
                "kind": "question",
                "prompt": f"Question {suffix or 'root'}?",
                "choices": [
                    {"label": "Left", "next": f"{after}{suffix}0"},
                    {"label": "Right", "next": f"{after}{suffix}1"},
                ],
            }
    return validate_tree(
        {
            "meta": {
                "id": "big",
                "title": "Big tree",
                "version": "1.0",
                "description": "Generated.",
                "disclaimer": "Test only.",
                "sources": [{"id": "article", "title": "A", "kind": "article", "paragraphs": 5}],
            },
            "start": "start",
            "nodes": nodes,
            "conditions": {"c": {"name": "Condition", "summary": "One."}},
        }
    )


@pytest.fixture(scope="module")
def big_tree() -> DecisionTree:
    tree = chain_tree(10)
    assert len(tree.nodes) > 2000
    assert lint_tree(tree).ok
    return tree


async def test_map_of_a_big_tree_loads_only_the_path_and_its_siblings(app_factory, big_tree):
    app = app_factory(big_tree)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "1", "2", "2", "1")
        visited = app.session.visited_ids
        assert visited[-1] == "q_0110"
        tree = await open_map(pilot)
        loaded = loaded_nodes(tree.root)
        # the root, and the two children of every question on the path
        assert len(loaded) == 1 + 2 * len(visited)
        on_path = set(visited)
        for node in loaded:
            assert node.parent is None or node.parent.data.node_id in on_path
        assert tree.cursor_node.data.node_id == "q_0110"
        # expanding one more node loads just its two children
        tree.cursor_node.children[0].expand()
        await pilot.pause()
        assert len(loaded_nodes(tree.root)) == len(loaded) + 2


async def test_a_shared_node_is_marked_only_where_the_walk_passed(app_factory, tmp_path):
    """Two answers lead to the same question: only the copy under the answer given is marked."""
    import json

    from footpain_tui.core.tree.loader import load_tree

    data = json.loads((DATA / "mini.json").read_text(encoding="utf-8"))
    data["nodes"]["q_flag"]["choices"][0]["next"] = "q_when"  # Yes and No both ask q_when
    path = tmp_path / "shared.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    app = app_factory(load_tree(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # No
        tree = await open_map(pilot)
        yes, no = tree.root.children
        assert yes.data.node_id == no.data.node_id == "q_when"
        assert str(no.label).startswith("◆ ") and no.data.on_walk
        assert "◆" not in str(yes.label) and "●" not in str(yes.label) and not yes.data.on_walk
        tree.move_cursor(yes)
        await pilot.press("enter")  # not on the walk: no jump
        await pilot.pause()
        assert isinstance(app.screen, TreeMapScreen)


# -- coverage (o) -----------------------------------------------------------------------------
async def _show_coverage(pilot) -> None:
    await pilot.press("o")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_o_marks_how_many_cases_take_each_answer(app_factory):
    from footpain_tui.core.training.case_file import load_cases

    cases = load_cases(DATA / "cases" / "good.json")
    app = app_factory("mini.json", cases=cases)
    async with app.run_test(size=SIZE) as pilot:
        tree = await open_map(pilot)
        assert app.screen.active_bindings["o"].enabled
        await _show_coverage(pilot)
        assert str(tree.root.label).endswith(" · 3 cases pass here")
        yes, no = tree.root.children
        assert str(yes.label) == "Yes · 1 case → [URGENT] Suspected thrombosis"
        assert str(no.label) == "No · 2 cases → When does it hurt?"
        # Built after the toggle, the children are marked too: the morning answer is untaken.
        no.expand()
        await pilot.pause()
        labels = [str(child.label) for child in no.children]
        assert labels == [
            "After exercise · 1 case → [SELF-CARE] Overuse",
            "At night · 1 case → [SOON] Nerve pain",
            "In the morning · no case → [ROUTINE] Start-up pain",
        ]
        help_text = str(app.screen.query_one("#map-help").render())
        assert "3 cases take 4 of 5 answers" in help_text
        await pilot.press("o")  # off again: the plain labels and help
        await pilot.pause()
        assert str(yes.label) == "Yes → [URGENT] Suspected thrombosis"
        assert "● marks your path" in str(app.screen.query_one("#map-help").render())


async def test_o_names_a_checklist_answer_ticked_but_never_followed(app_factory):
    from footpain_tui.core.training.case_file import load_cases

    cases = load_cases(DATA / "cases" / "checklist_cases.json")
    app = app_factory("checklist.json", cases=cases)
    async with app.run_test(size=SIZE) as pilot:
        tree = await open_map(pilot)
        await _show_coverage(pilot)
        joint, fever, redness, none = tree.root.children
        assert "A hot, swollen joint · no case →" in str(joint.label)
        assert "Fever · 1 case →" in str(fever.label)
        assert "swelling · ticked by 1, followed by none →" in str(redness.label)
        assert "None of these · 1 case →" in str(none.label)


async def test_o_is_not_offered_without_cases_and_says_why_when_they_fail(app_factory, tmp_path):
    from footpain_tui.core.training.lazy_cases import LazyCases

    app = app_factory("mini.json")
    async with app.run_test(size=SIZE) as pilot:
        await open_map(pilot)
        assert "o" not in app.screen.active_bindings
    tree = app_factory("mini.json").decision_tree
    broken = LazyCases(DATA / "cases" / "wrong_tree.json", tree)
    app = app_factory(tree, cases=broken)
    async with app.run_test(size=SIZE) as pilot:
        map_tree = await open_map(pilot)
        await _show_coverage(pilot)
        assert app.screen.coverage is None
        assert str(map_tree.root.label) == "◆ [RED FLAG] Is the foot swollen, heavy and warm?"
        notes = [n.message for n in app._notifications]
        assert any("No training cases are loaded" in n and "FP301" in n for n in notes), notes
