"""WalkSession: answering (one choice or a checklist's several), going back, jumping,
replaying, starting anywhere and what is still possible."""

from __future__ import annotations

from pathlib import Path

import pytest

from footpain_tui.core.tree.graph import TreeIndex
from footpain_tui.core.tree.loader import load_tree
from footpain_tui.core.tree.model import Question, Urgency
from footpain_tui.core.tree.schema import validate_tree
from footpain_tui.core.tree.walk import (
    AnswerError,
    StartNodeError,
    Step,
    WalkFinishedError,
    WalkSession,
)


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


# -- checklists: several choices ticked at once ---------------------------------------------------
CHECKLIST = Path(__file__).resolve().parent.parent / "data" / "checklist.json"


@pytest.fixture
def checklist() -> WalkSession:
    """tests/data/checklist.json: q_signs ticks any of a hot joint, fever, spreading redness
    (most urgent first) or "None of these"; then q_when for the rest."""
    return WalkSession(load_tree(CHECKLIST))


def test_a_checklist_is_a_question_that_takes_several_answers(checklist):
    question = checklist.current
    assert isinstance(question, Question)
    assert question.kind == "checklist" and question.multiple
    assert not checklist.tree.question("q_when").multiple


def test_answer_many_follows_the_first_ticked_choice_and_keeps_them_all(checklist):
    step = checklist.answer_many([2, 1])  # any order: kept in the author's
    assert step == Step("q_signs", 1, (1, 2))
    assert checklist.current_id == "r_fever"
    assert checklist.steps == (Step("q_signs", 1, (1, 2)),)
    assert [c.label for _, _, c in checklist.path()] == ["Fever"]


def test_answer_on_a_checklist_ticks_only_that_choice(checklist):
    assert checklist.answer(2) == Step("q_signs", 2, (2,))
    assert checklist.current_id == "r_cellulitis"


def test_a_step_ticks_its_followed_choice_by_default():
    assert Step("q", 3).ticked == (3,)
    assert Step("q", 3) == Step("q", 3, (3,))


@pytest.mark.parametrize(
    ("indices", "first_line"),
    [
        ([], "nothing ticked: tick at least one choice, or 'None of these' if none applies"),
        ([1, 3], "'None of these' says none of the others applies: tick it alone or untick it"),
        ([0, 9], "there is no choice 10"),
    ],
)
def test_answer_many_refuses(checklist, indices, first_line):
    with pytest.raises(AnswerError) as info:
        checklist.answer_many(indices)
    assert str(info.value).splitlines()[0] == first_line
    assert "  4. None of these  [n]" in str(info.value)
    assert checklist.steps == () and checklist.current_id == "q_signs"


def test_none_of_these_alone_is_an_answer(checklist):
    assert checklist.answer_many([3]) == Step("q_signs", 3, (3,))
    assert checklist.current_id == "q_when"


def test_a_one_answer_question_takes_one(session):
    with pytest.raises(AnswerError) as info:
        session.answer_many([0, 1])
    assert str(info.value).splitlines()[0] == (
        "this question takes one answer, not 2: give one of its choices"
    )
    assert session.answer_many([1]) == Step("q_flag", 1)


@pytest.mark.parametrize(
    ("answer", "ticked"),
    [
        ("fever,spreading", (1, 2)),  # label prefixes
        ("f, s", (1, 2)),  # shortcuts, spaces around them
        ("3,2", (1, 2)),  # numbers, any order
        ("fever,fever", (1,)),  # once each
        ("A hot, swollen joint", (0,)),  # a label with a comma is one choice
        ("a hot, swollen joint,fever", (0, 1)),  # ...also among others
        ("None of these", (3,)),
        (["Fever", "Spreading redness, warmth or swelling"], (1, 2)),  # a list: one per item
        (["n"], (3,)),
    ],
)
def test_resolve_many(checklist, answer, ticked):
    assert checklist.resolve_many(answer) == ticked


@pytest.mark.parametrize(
    ("answer", "first_line"),
    [
        ("fever,sometimes", "'sometimes' matches no choice"),
        (",", "empty answer"),
        ([], "empty answer"),
        (["fever", "9"], "'9' is not a choice number (1-4)"),
    ],
)
def test_resolve_many_refuses(checklist, answer, first_line):
    with pytest.raises(AnswerError) as info:
        checklist.resolve_many(answer)
    assert str(info.value).splitlines()[0] == first_line


def test_resolve_many_on_a_one_answer_question_does_not_split(session):
    assert session.resolve_many("no") == (1,)
    with pytest.raises(AnswerError, match="'yes,no' matches no choice"):
        session.resolve_many("yes,no")
    assert session.resolve_many(["yes", "no"]) == (0, 1)  # answer_many then refuses it


def test_answer_text_ticks_several(checklist):
    assert checklist.answer_text("s,j") == Step("q_signs", 0, (0, 2))
    assert checklist.current_id == "r_hot_joint"
    with pytest.raises(AnswerError):
        WalkSession(checklist.tree).answer_text("fever,none")


def test_back_restart_jump_and_replay_keep_ticked_steps(checklist):
    checklist.answer_text("none")
    checklist.answer_text("x")
    assert checklist.back() and checklist.current_id == "q_when"
    assert checklist.back() and checklist.current_id == "q_signs"
    checklist.answer_many([0, 1, 2])
    steps = checklist.steps
    checklist.restart()
    assert checklist.steps == () and checklist.current_id == "q_signs"
    checklist.replay(steps)
    assert checklist.steps == (Step("q_signs", 0, (0, 1, 2)),)
    assert checklist.current_id == "r_hot_joint"
    assert checklist.jump_to("q_signs") and checklist.steps == ()


def test_replay_refuses_ticked_steps_that_do_not_fit(checklist):
    checklist.answer(1)
    with pytest.raises(ValueError, match="follows choice 3, but the first of its ticked"):
        checklist.replay([Step("q_signs", 2, (1, 2))])
    with pytest.raises(AnswerError, match="says none of the others applies"):
        checklist.replay([Step("q_signs", 1, (1, 3))])
    assert checklist.steps == (Step("q_signs", 1),)  # left as it was


# -- starting anywhere ---------------------------------------------------------------------------
def test_a_walk_can_start_at_any_node(mini_path):
    tree = load_tree(mini_path)
    session = WalkSession(tree, start="q_when")
    assert session.start_id == "q_when" and session.current_id == "q_when"
    assert session.started_mid_tree
    session.answer_text("x")
    assert session.visited_ids == ["q_when", "r_overuse"]
    session.restart()
    assert session.current_id == "q_when"  # restart goes back to where the walk began
    assert session.back() is False
    session.replay([Step("q_when", 1)])
    assert session.current_id == "r_nerve"
    with pytest.raises(ValueError, match="step at 'q_flag' does not follow the walk"):
        session.replay([Step("q_flag", 1)])
    assert not WalkSession(tree).started_mid_tree
    assert WalkSession(tree, start="r_clot").finished  # a result: a walk already over


def test_an_unknown_start_node_is_refused_with_a_suggestion(mini_path):
    tree = load_tree(mini_path)
    with pytest.raises(StartNodeError) as info:
        WalkSession(tree, start="q_whn")
    assert str(info.value) == (
        "no node 'q_whn' to start at in tree 'mini'; did you mean 'q_when'?"
        " (footpain-tui paths TREE lists every question)"
    )
    with pytest.raises(StartNodeError, match=r"^no node 'zzz' to start at in tree 'mini' "):
        WalkSession(tree, start="zzz")


def test_each_move_costs_the_same_on_a_big_tree(mini_dict, add_ladder):
    """The walker never looks past the current node: a 5000-checklist chain is walked with
    one node read per answer (no index pass, no copy of the steps per move)."""
    nodes = mini_dict["nodes"]
    nodes["q_when"]["choices"][0]["next"] = add_ladder(nodes, 5000, "r_overuse", "checklist")
    tree = validate_tree(mini_dict)
    index = TreeIndex(tree)
    session = WalkSession(tree, index)
    session.answer_text("no")
    session.answer_text("x")
    for _ in range(5000):
        session.answer_many([0])
    assert session.current_id == "r_overuse" and len(session.steps) == 5002
    assert "reach" not in index.__dict__ and "topological" not in index.__dict__


# -- time per step and answers given again ------------------------------------------------------
def test_an_answer_keeps_its_time_without_changing_what_the_step_is(session):
    session.answer(1)
    session.time_last_answer(4200)
    assert session.steps[0].ms == 4200
    assert session.steps[0] == Step("q_flag", 1)  # the time is not part of the answer
    session.time_last_answer(10**12)  # a day at most
    assert session.steps[0].ms == 24 * 60 * 60 * 1000
    session.time_last_answer(-5)
    assert session.steps[0].ms == 0


def test_replaying_keeps_each_steps_time(session, mini_path):
    session.answer(1)
    session.time_last_answer(1500)
    session.answer(0)
    session.time_last_answer(800)
    again = WalkSession(load_tree(mini_path))
    again.replay(session.steps)
    assert [s.ms for s in again.steps] == [1500, 800]


def test_answers_taken_back_are_remembered_by_question(session):
    session.answer(1)
    session.answer(1)  # At night
    assert session.undone == {}
    session.back()
    assert session.undone == {"q_when": Step("q_when", 1)}
    session.answer(0)
    session.jump_to("q_flag")
    assert session.undone["q_when"] == Step("q_when", 0)
    assert session.undone["q_flag"] == Step("q_flag", 1)
    session.answer(0)
    session.restart()
    assert session.undone["q_flag"] == Step("q_flag", 0)


def test_the_floor_before_each_step(tmp_path):
    tree = load_tree(Path(__file__).resolve().parent.parent / "data" / "floors.json")
    walk = WalkSession(tree)
    walk.answer_text("None of these")
    walk.answer_text("Diabetes")
    assert walk.floor_before(0).level is None
    assert walk.floor_before(1).level is None
    assert walk.floor_before(2).level is Urgency.ROUTINE  # the question on screen now
    assert walk.floor_before(2) == walk.urgency_floor
