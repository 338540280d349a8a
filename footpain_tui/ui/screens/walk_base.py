"""WalkScreen: answering, going back and restarting, shared by the explorer and training."""

from __future__ import annotations

import time

from textual import events, on
from textual.binding import Binding
from textual.screen import Screen

from ...core.tree.model import Question
from ...core.tree.walk import WalkSession
from ..widgets.branch_panel import BranchPanel
from .dialogs import ConfirmDialog


def choice_bindings() -> list[Binding]:
    """1-9 answer at once; only the first shows in the Footer, labelled 1-9."""
    return [
        Binding(
            str(n),
            f"choose({n - 1})",
            "Answer",
            key_display="1-9",
            show=n == 1,
            id=f"choose-{n}",
            tooltip="Pick a choice by its number",
        )
        for n in range(1, 10)
    ]


class WalkScreen(Screen):
    """What the explorer and the training screen share: answering, going back, restarting."""

    BINDINGS = [
        *choice_bindings(),
        Binding("b,backspace", "back", "Back", id="back", tooltip="Undo the last answer"),
        Binding("r", "restart", "Restart", id="restart", tooltip="Start the walk again"),
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

    def on_walk_changed(self) -> None:
        """Render the session; subclasses draw their panels."""
        raise NotImplementedError

    _binding_state: tuple[bool, bool] | None = None

    def _enabled_keys_state(self) -> tuple[bool, bool]:
        """What the Footer shows depends on: any steps taken, and whether a question is open.

        (Which of 1-9 work is checked by check_action at each key press; only "1-9" shows.)
        """
        return bool(self.session.steps), self.session.finished

    def refresh_walk(self) -> None:
        """Redraw after the session changed; rebuild the Footer only if its keys changed.

        A Footer rebuild costs two extra layout passes, so it is skipped on the common move
        from one question to another with the same number of choices.
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
        if node_id != self.session.current_id and self.session.jump_to(node_id):
            self.after_move("jump")

    # -- actions --------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            node = self.session.current
            return isinstance(node, Question) and int(parameters[0]) < len(node.choices)
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
            self.session.answer(index)
            self.after_move("answer")

    def action_back(self) -> None:
        if self.session.back():
            self.after_move("back")

    def action_restart(self) -> None:
        if not self.session.steps:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.session.restart()
                self.after_move("restart")

        self.app.push_screen(
            ConfirmDialog(
                "Restart the walk?", "Your answers so far will be cleared.", yes="Restart"
            ),
            confirmed,
        )

    def on_key(self, event: events.Key) -> None:
        """A choice's one-letter shortcut answers it at once."""
        node = self.session.current
        if not isinstance(node, Question) or not event.character:
            return
        for index, choice in enumerate(node.choices):
            if choice.key == event.character:
                event.stop()
                event.prevent_default()
                self.action_choose(index)
                return

    @on(BranchPanel.ChoiceMade)
    def _choice_made(self, event: BranchPanel.ChoiceMade) -> None:
        self.action_choose(event.index)
