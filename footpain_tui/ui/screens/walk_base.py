"""WalkScreen: answering, ticking, going back and restarting, shared by the explorer and training.

A one-answer question is answered at once by 1-9, its letter, a click or enter. A checklist
is ticked first (1-9, its letters, space on the highlighted choice, a click), then confirmed
with enter; enter with nothing ticked ticks the highlighted choice and confirms it, so a
walk by enter alone still goes on. "None of these" (the negative choice) is ticked alone:
ticking it clears the others, ticking another clears it. What is ticked at a checklist is
kept per question for this walk, so going back (or jumping back on the map) shows the ticks
of the step returned to.
"""

from __future__ import annotations

import time

from textual import events, on
from textual.binding import Binding
from textual.screen import Screen

from ...core.tree.model import Question
from ...core.tree.walk import AnswerError, Step, WalkSession
from ..widgets.branch_panel import BranchPanel
from .dialogs import ConfirmDialog

TOGGLE_TOOLTIP = "Tick or untick a choice: 1-9 by its number, space the highlighted one"


def number_bindings(action: str, description: str, tooltip: str) -> list[Binding]:
    """``1``-``9`` bound to ``action(0)``..``action(8)``; only the first shows in the Footer,
    labelled 1-9."""
    return [
        Binding(
            str(n),
            f"{action}({n - 1})",
            description,
            key_display="1-9",
            show=n == 1,
            id=f"{action}-{n}",
            tooltip=tooltip,
        )
        for n in range(1, 10)
    ]


def choice_bindings() -> list[Binding]:
    """1-9 answer a question at once, or tick a checklist's choice (which of the two applies
    is up to check_action); space ticks the highlighted choice, enter confirms a checklist."""
    answer = number_bindings("choose", "Answer", "Pick a choice by its number")
    tick = number_bindings("toggle", "Toggle", TOGGLE_TOOLTIP)
    return [
        *answer,
        *tick,
        Binding(
            "space",
            "toggle_highlighted",
            "Toggle",
            show=False,
            id="toggle-highlighted",
            tooltip=TOGGLE_TOOLTIP,
        ),
        Binding(
            "enter",
            "confirm",
            "Confirm",
            id="confirm",
            tooltip="Answer the checklist with what is ticked (nothing ticked: the highlighted choice)",
        ),
    ]


def toggled(question: Question, ticked: tuple[int, ...], index: int) -> tuple[int, ...]:
    """``ticked`` with choice ``index`` ticked or unticked, in the author's order; the
    negative choice ("None of these") is exclusive either way."""
    if index in ticked:
        return tuple(i for i in ticked if i != index)
    if question.choices[index].negative:
        return (index,)
    return tuple(sorted(i for i in (*ticked, index) if not question.choices[i].negative))


class WalkScreen(Screen):
    """What the explorer and the training screen share: answering, going back, restarting."""

    BINDINGS = [
        *choice_bindings(),
        Binding("b,backspace", "back", "Back", id="back", tooltip="Undo the last answer"),
        # Help and the palette list it; the Footer keeps its cells for review and what if.
        Binding(
            "r", "restart", "Restart", id="restart", tooltip="Start the walk again", show=False
        ),
        Binding(
            "v",
            "review",
            "Review",
            id="review",
            tooltip="Every answer with its question, why we ask and the time taken",
        ),
        Binding(
            "w",
            "what_if",
            "What if",
            id="what-if",
            tooltip="Where every answer to this question would lead, without moving the walk",
        ),
    ]

    session: WalkSession
    # Whether ``w`` may show where the answers lead while the walk is open (not in
    # training: it would give the answer away).
    what_if_open = True
    # When the question on screen was shown (monotonic seconds): an answer's time is
    # measured from here. Taken once per move, by the move itself.
    _shown_at = 0.0

    def on_mount(self) -> None:  # runs after a subclass's own on_mount (Textual's MRO dispatch)
        self._shown_at = time.monotonic()

    def __init__(self) -> None:
        super().__init__()
        # What is ticked at each checklist of this walk, by question id.
        self.ticks: dict[str, tuple[int, ...]] = {}

    def on_walk_changed(self) -> None:
        """Render the session; subclasses draw their panels."""
        raise NotImplementedError

    _branch: BranchPanel | None = None

    @property
    def branch(self) -> BranchPanel:
        if self._branch is None:
            self._branch = self.query_one(BranchPanel)
        return self._branch

    @property
    def checklist(self) -> Question | None:
        """The current question if it is a checklist."""
        node = self.session.current
        return node if isinstance(node, Question) and node.multiple else None

    def show_question(self, question: Question) -> None:
        """Draw the current question, with its ticks and the cursor on the first of them."""
        ticked = self.ticks.get(self.session.current_id, ()) if question.multiple else ()
        self.branch.show_question(
            question, ticked, cursor=ticked[0] if ticked else 0, ruled_out=self.ruled_out(question)
        )

    def ruled_out(self, question: Question) -> dict[int, str]:
        """The choices of ``question`` that an earlier answer contradicts, with its finding."""
        out: dict[int, str] = {}
        for i, choice in enumerate(question.choices):
            if findings := self.session.contradictions(choice):
                out[i] = "; ".join(findings)
        return out

    _binding_state: tuple[bool, bool, bool] | None = None

    def _enabled_keys_state(self) -> tuple[bool, bool, bool]:
        """What the Footer shows depends on: any steps taken, whether a question is open,
        and whether it is a checklist.

        (Which of 1-9 work is checked by check_action at each key press; only "1-9" shows.)
        """
        return bool(self.session.steps), self.session.finished, self.checklist is not None

    def refresh_walk(self) -> None:
        """Redraw after the session changed; rebuild the Footer only if its keys changed.

        A Footer rebuild costs two extra layout passes, so it is skipped on the common move
        from one question to another of the same kind.
        """
        with self.app.batch_update():  # one frame for the whole move, not one per widget
            self.on_walk_changed()
        state = self._enabled_keys_state()
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    def time_move(self, action: str) -> None:
        """Note how long an answer took; the question now on screen is timed from here.
        One clock read per move: the key path does no other work for it."""
        now = time.monotonic()
        if action == "answer":
            self.session.time_last_answer(round((now - self._shown_at) * 1000))
        self._shown_at = now

    def after_move(self, action: str) -> None:
        """A move made on this screen: time it, redraw; subclasses also record it."""
        self.time_move(action)
        self.refresh_walk()

    def reopen(self, node_id: str) -> None:
        """Go back to a question of this walk to answer it again (the review page's enter)."""
        if node_id != self.session.current_id and self.jump_back_to(node_id):
            self.after_move("jump")

    def restore_ticks(self, step: Step) -> None:
        """Going back to ``step``'s question: show what was ticked there."""
        if self.session.tree.question(step.node_id).multiple:
            self.ticks[step.node_id] = step.ticked

    # -- actions --------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        node = self.session.current
        if action == "choose":
            return (
                isinstance(node, Question)
                and not node.multiple
                and int(parameters[0]) < len(node.choices)
            )
        if action == "toggle":
            return self.checklist is not None and int(parameters[0]) < len(node.choices)
        if action in ("toggle_highlighted", "confirm"):
            return self.checklist is not None
        if action in ("back", "restart", "review"):
            return bool(self.session.steps)
        if action == "what_if":
            return self.what_if_open and isinstance(self.session.current, Question)
        return True

    def action_review(self) -> None:
        from .review import open_review

        open_review(self, self.session, what_if=self.what_if_open)

    def action_what_if(self) -> None:
        if isinstance(self.session.current, Question):
            from .what_if import WhatIfScreen

            self.app.push_screen(WhatIfScreen(self.session, len(self.session.steps)))

    def action_choose(self, index: int) -> None:
        node = self.session.current
        if isinstance(node, Question) and 0 <= index < len(node.choices):
            try:
                self.session.answer(index)
            except AnswerError as exc:  # an earlier answer rules this choice out
                self.notify(str(exc).splitlines()[0], severity="warning", markup=False)
                return
            self.after_move("answer")

    def action_toggle(self, index: int) -> None:
        question = self.checklist
        if question is None or not 0 <= index < len(question.choices):
            return
        node_id = self.session.current_id
        before = self.ticks.get(node_id, ())
        if index not in before and (
            findings := self.session.contradictions(question.choices[index])
        ):
            self.notify(
                f"{question.choices[index].label!r} is ruled out by an earlier answer"
                f" ({'; '.join(findings)}): go back (b) to change that answer",
                severity="warning",
                markup=False,
            )
            return
        ticked = toggled(question, before, index)
        self.ticks[node_id] = ticked
        self.branch.show_ticks(question, ticked, cursor=index)

    def action_toggle_highlighted(self) -> None:
        self.action_toggle(self.branch.choices.cursor)

    def action_confirm(self) -> None:
        """Answer the checklist with what is ticked; nothing ticked: the highlighted choice."""
        question = self.checklist
        if question is None:
            return
        node_id = self.session.current_id
        ticked = self.ticks.get(node_id) or (self.branch.choices.cursor,)
        try:
            self.session.answer_many(ticked)
        except AnswerError as exc:  # ticking keeps the set valid; say so if it ever is not
            self.notify(str(exc).splitlines()[0], severity="warning", markup=False)
            return
        self.ticks[node_id] = ticked
        self.after_move("answer")

    def action_back(self) -> None:
        steps = self.session.steps
        if self.session.back():
            self.restore_ticks(steps[-1])
            self.after_move("back")

    def jump_back_to(self, node_id: str) -> bool:
        """Go back to a question of this walk (the tree map's jump), its ticks restored."""
        step = next((s for s in self.session.steps if s.node_id == node_id), None)
        if not self.session.jump_to(node_id):
            return False
        if step is not None:
            self.restore_ticks(step)
        return True

    def action_restart(self) -> None:
        if not self.session.steps:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.session.restart()
                self.ticks.clear()
                self.after_move("restart")

        self.app.push_screen(
            ConfirmDialog(
                "Restart the walk?", "Your answers so far will be cleared.", yes="Restart"
            ),
            confirmed,
        )

    def on_key(self, event: events.Key) -> None:
        """A choice's one-letter shortcut answers it at once (ticks it on a checklist)."""
        node = self.session.current
        if not isinstance(node, Question) or not event.character:
            return
        for index, choice in enumerate(node.choices):
            if choice.key == event.character:
                event.stop()
                event.prevent_default()
                if node.multiple:
                    self.action_toggle(index)
                else:
                    self.action_choose(index)
                return

    @on(BranchPanel.ChoiceMade)
    def _choice_made(self, event: BranchPanel.ChoiceMade) -> None:
        if self.checklist is not None:
            if event.clicked:
                self.action_toggle(event.index)
            return
        self.action_choose(event.index)
