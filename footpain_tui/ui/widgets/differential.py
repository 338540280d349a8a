"""DifferentialPanel: the conditions still reachable from here, each with its top urgency."""

from __future__ import annotations

from textual.content import Content

from ...core.tree.model import Urgency
from ...core.tree.walk import WalkSession
from .text_view import Block, TextView
from .urgency import urgency_tag

TAG_MEANING = Block(Content.styled("Tag: most urgent result it can still lead to.", "dim italic"))
# Some trees return to a place later (the foot-pain tree's shoe question leads back to the
# toes), so a cause can stay after an answer that seems to rule it out: say why.
STAYS_WHILE_REACHABLE = Block(
    Content.styled("Listed while a later answer can still reach it.", "dim italic")
)


class DifferentialPanel(TextView):
    """Narrows as the walk goes on; the most urgent possibilities come first."""

    _shown: object = None

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # One block per (cause's name, urgency, first or not), built once: a move builds no
        # text, and the lines of a cause shown before are not wrapped again.
        self._cause_blocks: dict[tuple[str, Urgency, bool], Block] = {}

    def _cause_block(self, name: str, urgency: Urgency, first: bool) -> Block:
        key = (name, urgency, first)
        block = self._cause_blocks.get(key)
        if block is None:
            block = self._cause_blocks[key] = Block(
                Content(name), prefix=urgency_tag(urgency) + " ", space_before=1 if first else 0
            )
        return block

    def show_walk(self, session: WalkSession) -> None:
        possible = session.possible_conditions()
        started = bool(session.steps)
        if (possible, started) == self._shown:
            return  # unchanged: nothing to draw
        self._shown = (possible, started)
        blocks = [
            Block(Content.styled(f"Still possible ({len(possible)})", "bold")),
            TAG_MEANING,
        ]
        if started:  # before the first answer nothing has been ruled out yet
            blocks.append(STAYS_WHILE_REACHABLE)
        conditions = session.tree.conditions
        blocks.extend(
            self._cause_block(conditions[condition_id].name, urgency, n == 0)
            for n, (condition_id, urgency) in enumerate(possible)
        )
        self.set_blocks(blocks)
