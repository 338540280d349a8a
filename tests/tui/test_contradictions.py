"""A choice an earlier answer rules out, in the explorer: shown struck through with the
earlier answer named, its number and letter refused with a message saying why, and going
back to change the earlier answer opens it again."""

from __future__ import annotations

from footpain_tui.core.tree.bundled import default_tree_path
from footpain_tui.ui.widgets.branch_panel import BranchPanel

from .reading import plain, spy_notifications, wait_until

SIZE = (120, 40)
# No emergency sign; diabetes; numb to the monofilament; no same-day sign; no injury; skin.
TO_THE_SKIN = ["n", "enter", "d", "enter", "s", "enter", "n", "enter", "2", "3"]
RULED_OUT = "(ruled out by your earlier answer: known diabetes; loss of protective sensation"


async def test_a_ruled_out_choice_is_marked_and_refused(app_factory):
    app = app_factory(default_tree_path())
    async with app.run_test(size=SIZE) as pilot:
        seen = spy_notifications(app)
        await pilot.press(*TO_THE_SKIN)
        assert app.session.current_id == "q_skin"
        choices = plain(app.screen.query_one(BranchPanel).choices)
        shoe_rub = next(
            line for line in choices.splitlines() if line.startswith("5. Blister or rub")
        )
        assert RULED_OUT in shoe_rub
        # The arterial-foot blister is ruled out by the diabetes alone; the rest stay open.
        assert choices.count("(ruled out by your earlier answer:") == 2
        assert "[p] (ruled out by your earlier answer: known diabetes)" in choices
        await pilot.press("5")
        await wait_until(pilot, lambda: bool(seen), "the message")
        assert app.session.current_id == "q_skin"  # nothing answered
        assert "contradicts an earlier answer (known diabetes;" in seen[-1]
        await pilot.press("l")  # its letter: the same
        await wait_until(pilot, lambda: len(seen) == 2, "the second message")
        assert app.session.current_id == "q_skin"


async def test_without_the_earlier_answer_the_choice_is_open(app_factory):
    app = app_factory(default_tree_path())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter", "n", "enter", "n", "enter", "2", "3")
        assert app.session.current_id == "q_skin"
        assert "ruled out" not in plain(app.screen.query_one(BranchPanel).choices)
        await pilot.press("5")
        assert app.session.current_id == "r_footwear"


async def test_a_finding_ticked_beside_the_one_followed_rules_out_too(app_factory):
    """Fever ticked beside the hot joint on the same-day screen (the walk follows the hot
    joint) rules out "well, no fever" at the hot-joint question: marked, and refused."""
    app = app_factory(default_tree_path())
    async with app.run_test(size=SIZE) as pilot:
        seen = spy_notifications(app)
        await pilot.press("n", "enter", "n", "enter", "1", "7", "enter")  # hot joint + fever
        assert app.session.current_id == "q_hot_joint"
        assert "(ruled out by your earlier answer: fever" in plain(
            app.screen.query_one(BranchPanel).choices
        )
        await pilot.press("2")
        await wait_until(pilot, lambda: bool(seen), "the message")
        assert app.session.current_id == "q_hot_joint"
