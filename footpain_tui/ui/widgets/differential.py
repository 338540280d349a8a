"""DifferentialPanel: the conditions still reachable from here, each with its top urgency."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...core.tree.walk import WalkSession
from .urgency import urgency_tag


class DifferentialPanel(VerticalScroll):
    """Narrows as the walk goes on; the most urgent possibilities come first."""

    can_focus = False

    def compose(self):
        yield Static(id="differential-body")

    def show_walk(self, session: WalkSession) -> None:
        possible = session.possible_conditions()
        conditions = session.tree.conditions
        lines: list[Content] = [Content.styled(f"Still possible ({len(possible)})", "bold")]
        for condition_id, urgency in possible:
            lines.append(Content.assemble(urgency_tag(urgency), " ", conditions[condition_id].name))
        self.query_one("#differential-body", Static).update(Content("\n").join(lines))
