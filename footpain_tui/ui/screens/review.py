"""ReviewScreen: every answer of a walk as a table row, to go over the reasoning.

Each row is one answered question: the question, the answer given (every finding ticked on a
checklist, and the earlier answer where the question was answered again), its "why we ask"
and how long the answer took. ``enter`` on a row goes back to that question to answer it
again (the walk forgets the answers after it, as going back does; the earlier answer stays
beside the new one on this page); ``w`` shows where every answer to it would lead.

A Textual ``DataTable`` whose rows grow to fit their wrapped text; its columns are sized
from the screen's width, again on a resize. From 100 columns a row shows the first sentence
of "why we ask"; the pane under the table shows it whole for the row under the cursor, so at
80x24 (where the table leaves the column out) a long explanation does not push every other
answer off the screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...core.records.stats import duration
from ...core.tree.findings import choice_finding
from ...core.tree.model import Question, Result
from ...core.tree.walk import Step, WalkSession
from ..widgets.footer import screen_footer
from ..widgets.title_bar import TitleBar
from ..widgets.urgency import urgency_tag

COLUMNS = ("#", "Question", "Answer", "Why we ask", "Time")
NUMBER_WIDTH, TIME_WIDTH = 3, 9
# The share of the remaining width for the question, the answer and "why we ask".
SHARES = (0.34, 0.30, 0.36)
# Narrower than this, the table has no "why we ask" column (the pane below has it).
WHY_COLUMN_FROM = 100
NARROW_COLUMNS = ("#", "Question", "Answer", "Time")
NARROW_SHARES = (0.55, 0.45)
NOT_MEASURED = "—"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def first_sentence(text: str) -> str:
    """The opening sentence, with "…" when more follows: the table keeps rows short, and
    the pane under it shows the row under the cursor in full."""
    head, *rest = SENTENCE_END.split(text.strip(), maxsplit=1)
    return f"{head} …" if rest else head


def answer_text(question: Question, step: Step) -> str:
    """A step's answer: the label, or on a checklist each ticked finding on its own line."""
    if question.multiple and len(step.ticked) > 1:
        return "\n".join(f"• {choice_finding(question.choices[i])}" for i in step.ticked)
    if question.multiple:
        return choice_finding(question.choices[step.choice_index])
    return question.choices[step.choice_index].label


def review_rows(session: WalkSession) -> list[tuple[str, Text, Text, Text, Text, Text]]:
    """One row per answered step: number, question, answer (with the answer it replaced,
    if any), why we ask, time taken."""
    rows = []
    for number, step in enumerate(session.steps, 1):
        question = session.tree.question(step.node_id)
        answer = Text(answer_text(question, step), style="bold")
        before = session.undone.get(step.node_id)
        if before is not None and before.ticked != step.ticked:
            answer.append(
                f"\nbefore: {answer_text(question, before).replace(chr(10), ' ')}",
                style="italic dim",
            )
        prompt = Text()
        if question.red_flag:
            prompt.append("⚑ ", style="bold")
        prompt.append(question.prompt)
        why = Text(first_sentence(question.why)) if question.why else Text("—", style="dim")
        took = Text(duration(step.ms) if step.ms is not None else NOT_MEASURED)
        rows.append((step.node_id, Text(str(number)), prompt, answer, why, took))
    return rows


def where_now(session: WalkSession) -> Content:
    """The title line: how many answers, where the walk began and where it stands."""
    count = len(session.steps)
    parts = [Content.styled(f"Review: {count} answer{'s' if count != 1 else ''}", "bold")]
    start = session.tree.nodes[session.start_id]
    if session.started_mid_tree and isinstance(start, Question):
        parts.append(Content.assemble(" · started mid-tree, at: ", start.prompt))
    node = session.current
    if isinstance(node, Result):
        parts.append(
            Content.assemble(" · ended on: ", urgency_tag(session.urgency_of(node).urgency), " ")
            + Content(node.title)
        )
    else:
        parts.append(Content.assemble(" · now at: ", node.prompt))
    return Content("").join(parts)


class ReviewTable(DataTable, inherit_bindings=True):
    """The review's rows; ``enter`` re-opens the question under the cursor."""

    BINDINGS = [
        Binding(
            "enter",
            "select_cursor",
            "Answer again",
            id="review-reopen",
            tooltip="Go back to this question and answer it again",
        ),
        # A table of rows: home and end go to the first and the last answer.
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]

    reopen = True  # whether enter may re-open a question here

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select_cursor":
            return self.reopen
        return super().check_action(action, parameters)


class ReviewScreen(Screen[str | None]):
    """Dismisses with the id of the question to answer again, or None."""

    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("escape,v", "close", "Close", id="review-close", tooltip="Back to the walk"),
        Binding(
            "w",
            "what_if",
            "What if",
            id="review-what-if",
            tooltip="Where every answer to this question would lead",
        ),
    ]

    def __init__(self, session: WalkSession, *, reopen: bool = True, what_if: bool = True):
        super().__init__()
        self.session = session
        self.allow_reopen = reopen
        self.allow_what_if = what_if
        self._width = 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(where_now(self.session), id="review-title")
        table = ReviewTable(cursor_type="row", zebra_stripes=True, id="review-table")
        table.reopen = self.allow_reopen
        yield table
        # Long explanations scroll here (tab gives it the keys) under a table that stays put.
        with VerticalScroll(id="review-why-pane"):
            yield Static(id="review-why")
        yield screen_footer()

    def on_mount(self) -> None:
        self.table = self.query_one(ReviewTable)
        self._fill(self.size.width or self.app.size.width)
        self.table.focus()

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._fill(self.size.width)

    def _fill(self, width: int) -> None:
        """(Re)build the table for ``width`` columns, the cursor kept on its row. Below
        WHY_COLUMN_FROM columns the table leaves out "why we ask": a column a fifth of 80
        wide turned one sentence into ten lines; the pane below shows it whole."""
        self._width = width
        table = self.table
        row = table.cursor_row if table.row_count else len(self.session.steps) - 1
        table.clear(columns=True)
        with_why = width >= WHY_COLUMN_FROM
        columns = COLUMNS if with_why else NARROW_COLUMNS
        shares = SHARES if with_why else NARROW_SHARES
        padding = 2 * table.cell_padding * len(columns)
        rest = max(30, width - padding - NUMBER_WIDTH - TIME_WIDTH - 2)  # 2: the scrollbar
        widths = [NUMBER_WIDTH, *(max(8, int(rest * share)) for share in shares), TIME_WIDTH]
        for label, column_width in zip(columns, widths, strict=True):
            table.add_column(Text(label, style="bold"), width=column_width)
        for node_id, number, prompt, answer, why, took in review_rows(self.session):
            cells = (
                (number, prompt, answer, why, took) if with_why else (number, prompt, answer, took)
            )
            table.add_row(*cells, height=None, key=node_id)
        if table.row_count:
            table.move_cursor(row=max(0, min(row, table.row_count - 1)), animate=False)

    @property
    def position(self) -> int | None:
        """The step under the cursor (0-based), or None on an empty walk."""
        return self.table.cursor_row if self.table.row_count else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "what_if":
            return self.allow_what_if and bool(self.session.steps)
        return True

    @on(DataTable.RowHighlighted, "#review-table")
    def _show_why(self, event: DataTable.RowHighlighted) -> None:
        step = self.session.steps[event.cursor_row]
        why = self.session.tree.question(step.node_id).why or "—"
        self.query_one("#review-why", Static).update(
            Content.assemble((f"{event.cursor_row + 1}. Why we ask: ", "bold"), why)
        )
        self.query_one("#review-why-pane").scroll_home(animate=False)

    @on(DataTable.RowSelected, "#review-table")
    def _reopen(self, event: DataTable.RowSelected) -> None:
        if self.allow_reopen and event.row_key.value is not None:
            self.dismiss(str(event.row_key.value))

    def action_what_if(self) -> None:
        position = self.position
        if position is not None and self.allow_what_if:
            from .what_if import WhatIfScreen

            self.app.push_screen(WhatIfScreen(self.session, position))

    def action_close(self) -> None:
        self.dismiss(None)


def open_review(
    screen: Screen,
    session: WalkSession,
    *,
    what_if: bool = True,
    reopen: Callable[[str], None] | None = None,
) -> None:
    """Show ``session``'s review over ``screen``; a question picked to answer again goes to
    ``reopen`` (``screen.reopen`` by default)."""
    go = reopen or getattr(screen, "reopen", None)

    def picked(node_id: str | None) -> None:
        if node_id is not None and go is not None:
            go(node_id)

    screen.app.push_screen(ReviewScreen(session, reopen=go is not None, what_if=what_if), picked)
