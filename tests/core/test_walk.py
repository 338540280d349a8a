"""WalkSession: answering, going back, jumping, replaying and what is still possible."""

from __future__ import annotations

import pytest

from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.model import Urgency
from footpain_tui.core.tree.schema import validate_tree
from footpain_tui.core.tree.walk import AnswerError, Step, WalkFinishedError, WalkSession


@pytest.fixture
def session(mini_path) -> WalkSession:
    return WalkSession(load_tree(mini_path))


def test_a_new_walk_stands_at_the_start(session):
    assert session.current_id == "q_flag"
    assert not session.finished
    assert session.steps == ()
    assert session.path() == []
    assert session.visited_ids == ["q_flag"]


def test_answer_by_index(session):
    step = session.answer(1)
    assert step == Step("q_flag", 1)
    assert session.current_id == "q_when"
    assert session.steps == (Step("q_flag", 1),)
    assert session.visited_ids == ["q_flag", "q_when"]


def test_answer_out_of_range_lists_the_choices(session):
    with pytest.raises(AnswerError) as info:
        session.answer(2)
    message = str(info.value)
    assert message.splitlines()[0] == "there is no choice 3"
    assert "choices for 'Is the foot swollen, heavy and warm?':" in message
    assert "  1. Yes  [y]\n  2. No  [n]" in message
    assert info.value.question is session.current
    assert session.current_id == "q_flag"  # nothing moved
    with pytest.raises(AnswerError):
        session.answer(-1)


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("2", 1),  # a number 1..n
        (" 1 ", 0),
        ("q_when", 1),  # the next node's id
        ("r_clot", 0),
        ("n", 1),  # a shortcut, either case
        ("Y", 0),
        ("no", 1),  # a whole label, any case
        ("YES", 0),
        ("ye", 0),  # a unique label prefix
    ],
)
def test_resolve_at_the_start(session, text, index):
    assert session.resolve(text) == index


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("3", 2),
        ("x", 0),
        ("I", 1),
        ("in the", 2),
        ("af", 0),
        ("at NIGHT", 1),
        ("r_arthrosis", 2),
    ],
)
def test_resolve_on_the_second_question(session, text, index):
    session.answer_text("no")
    assert session.resolve(text) == index


def test_ambiguous_prefix_names_the_candidates(session):
    session.answer_text("n")
    with pytest.raises(AnswerError) as info:
        session.answer_text("a")
    first = str(info.value).splitlines()[0]
    assert first == "'a' is ambiguous: it could be 'After exercise', 'At night'"
    assert "  3. In the morning\n" in str(info.value) + "\n"
    assert session.current_id == "q_when"


@pytest.mark.parametrize(
    ("text", "first_line"),
    [
        ("maybe", "'maybe' matches no choice"),
        ("3", "'3' is not a choice number (1-2)"),
        ("0", "'0' is not a choice number (1-2)"),
        ("²", "'²' matches no choice"),  # a digit int() refuses: no ValueError leaks
        ("   ", "empty answer"),
        ("q_missing", "'q_missing' matches no choice"),
    ],
)
def test_unknown_answers(session, text, first_line):
    with pytest.raises(AnswerError) as info:
        session.answer_text(text)
    assert str(info.value).splitlines()[0] == first_line
    assert "  1. Yes  [y]" in str(info.value)
    assert session.steps == ()


def test_full_walk_and_path(session):
    session.answer_text("no")
    session.answer_text("after")
    assert session.finished
    assert session.current_id == "r_overuse"
    assert [(nid, q.prompt, c.label) for nid, q, c in session.path()] == [
        ("q_flag", "Is the foot swollen, heavy and warm?", "No"),
        ("q_when", "When does it hurt?", "After exercise"),
    ]
    assert session.visited_ids == ["q_flag", "q_when", "r_overuse"]


def test_answering_after_the_end(session):
    session.answer_text("y")
    assert session.finished
    for move in (lambda: session.answer(0), lambda: session.answer_text("1")):
        with pytest.raises(WalkFinishedError) as info:
            move()
        assert "ended on result 'r_clot'" in str(info.value)
    with pytest.raises(WalkFinishedError):
        session.resolve("yes")
    assert session.current_id == "r_clot"


def test_back(session):
    assert session.back() is False
    session.answer_text("n")
    session.answer_text("x")
    assert session.back() is True
    assert session.current_id == "q_when"
    assert session.steps == (Step("q_flag", 1),)
    assert session.back() is True
    assert session.current_id == "q_flag"
    assert session.back() is False
    assert session.steps == ()


def test_restart(session):
    session.answer_text("n")
    session.answer_text("x")
    session.restart()
    assert session.current_id == "q_flag"
    assert session.steps == ()


def test_jump_to(session):
    session.answer_text("n")
    session.answer_text("i")
    assert session.jump_to("q_when") is True
    assert session.current_id == "q_when"
    assert session.steps == (Step("q_flag", 1),)
    assert session.jump_to("q_when") is True  # where we are
    assert session.jump_to("r_clot") is False  # never visited: nothing changes
    assert session.current_id == "q_when"
    assert session.jump_to("q_flag") is True
    assert session.steps == ()


def test_replay(session):
    session.answer_text("y")
    session.replay([Step("q_flag", 1), Step("q_when", 2)])
    assert session.current_id == "r_arthrosis"
    assert session.steps == (Step("q_flag", 1), Step("q_when", 2))


def test_replay_that_does_not_fit_leaves_the_walk_alone(session):
    session.answer_text("n")
    with pytest.raises(ValueError, match="step at 'q_flag' does not follow the walk"):
        session.replay([Step("q_flag", 1), Step("q_flag", 0)])
    assert session.current_id == "q_when"
    assert session.steps == (Step("q_flag", 1),)
    with pytest.raises(AnswerError):
        session.replay([Step("q_flag", 7)])
    assert session.steps == (Step("q_flag", 1),)


def test_possible_conditions_narrow_as_the_walk_goes(session):
    assert session.possible_conditions() == [
        ("thrombosis", Urgency.URGENT),
        ("neuralgia", Urgency.SOON),
        ("arthrosis", Urgency.ROUTINE),
        ("overuse", Urgency.SELF_CARE),
        ("stress_fracture", Urgency.SELF_CARE),
    ]
    session.answer_text("n")
    assert [cid for cid, _ in session.possible_conditions()] == [
        "neuralgia",
        "arthrosis",
        "overuse",
        "stress_fracture",
    ]
    session.answer_text("i")
    assert session.possible_conditions() == [("neuralgia", Urgency.SOON)]
    session.back()
    session.back()
    assert len(session.possible_conditions()) == 5


def test_a_condition_is_listed_once_with_its_highest_urgency(mini_dict):
    mini_dict["nodes"]["r_overuse"]["conditions"].append("thrombosis")
    session = WalkSession(validate_tree(mini_dict))
    assert session.possible_conditions()[0] == ("thrombosis", Urgency.URGENT)
    assert [cid for cid, _ in session.possible_conditions()].count("thrombosis") == 1
    session.answer_text("n")  # only the self-care route to thrombosis is left
    assert ("thrombosis", Urgency.SELF_CARE) in session.possible_conditions()


def test_reach_is_computed_once_and_shared(mini_path):
    tree = load_tree(mini_path)
    index = TreeIndex(tree)
    first = WalkSession(tree, index)
    second = WalkSession(tree, index)
    first.possible_conditions()
    reach = index.__dict__["reach"]  # the memoised pass
    second.answer_text("n")
    second.possible_conditions()
    assert index.reach is reach
    assert set(reach) == set(tree.nodes)
