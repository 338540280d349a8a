"""WhatIfScreen: where every answer to one question of the walk would lead, over the walk.

For the question at one step (or the one the walk stands on), each choice in turn: the
question that would come next or the result (at the urgency that walk would give it), and
the results still reachable from there, each at the most urgent level a walk could reach it
with. The walk itself does not move: escape goes back to it as it was.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen

from ...core.tree.model import Question, Urgency
from ...core.tree.walk import WalkSession
from ...core.tree.what_if import WhatIf, alternatives
from ..widgets.text_view import Block, TextView
from ..widgets.urgency import urgency_tag

# Results listed by title under a choice; the rest are counted by level.
RESULTS_LISTED = 4


def level_counts(branch: WhatIf) -> str:
    """ "2 emergency, 5 urgent" for the results a branch can still reach."""
    return ", ".join(f"{count} {level.label.lower()}" for level, count in branch.counts().items())


def branch_blocks(session: WalkSession, number: int, branch: WhatIf) -> list[Block]:
    """One choice: its label, where it leads, and the results it can still reach."""
    tree = session.tree
    question = tree.question(branch.question_id)
    label = question.choices[branch.ticked[0]].label
    head = [(label, "bold")]
    if len(branch.ticked) > 1:
        others = "; ".join(question.choices[i].label for i in branch.ticked[1:])
        head.append((f" (ticked with: {others})", "italic"))
    if branch.taken:
        head.append(("  ← your answer", "bold $text-accent"))
    blocks = [
        Block(
            Content.assemble(*head),
            prefix=Content.styled(f"{number}. ", "bold"),
            space_before=1,
        )
    ]
    indent = Content("   ")
    if branch.contradicts:  # no walk takes it: where it would lead does not matter
        blocks.append(
            Block(
                Content.assemble(
                    ("→ ruled out by your earlier answer: ", "dim"), "; ".join(branch.contradicts)
                ),
                prefix=indent,
            )
        )
        return blocks
    node = tree.nodes[branch.next_id]
    if isinstance(node, Question):
        blocks.append(
            Block(
                Content.assemble(("→ next question: ", "dim"), node.prompt),
                prefix=indent,
            )
        )
        count = len(branch.results)
        if count:
            blocks.append(
                Block(
                    Content.assemble(
                        (f"{count} result{'s' if count != 1 else ''} still reachable", "dim"),
                        ", most urgent ",
                        urgency_tag(branch.top or Urgency.SELF_CARE),
                        (f": {level_counts(branch)}", "dim"),
                    ),
                    prefix=indent,
                )
            )
        for result_id, level in branch.results[:RESULTS_LISTED]:
            blocks.append(
                Block(
                    Content.assemble(urgency_tag(level), " ", tree.result(result_id).title),
                    prefix=Content("     "),
                )
            )
        if count > RESULTS_LISTED:
            blocks.append(
                Block(
                    Content.styled(f"… and {count - RESULTS_LISTED} more", "dim italic"),
                    prefix=Content("     "),
                )
            )
    else:
        assert branch.urgency is not None
        line = Content.assemble(
            ("→ result: ", "dim"), urgency_tag(branch.urgency.urgency), " ", node.title
        )
        blocks.append(Block(line, prefix=indent))
        note = branch.urgency.explanation()
        if note:
            blocks.append(Block(Content.styled(f"({note})", "dim"), prefix=indent))
    return blocks


def what_if_blocks(session: WalkSession, position: int) -> list[Block]:
    """The whole view: the question, then every choice and where it leads."""
    steps = session.steps
    question_id = steps[position].node_id if position < len(steps) else session.current_id
    question = session.tree.question(question_id)
    where = f"Question {position + 1}" if position < len(steps) else "The question on screen"
    blocks = [
        Block(Content.assemble((f"{where}: ", "bold"), question.prompt)),
        Block(
            Content.styled(
                "Each answer alone"
                + (" (a checklist's choices ticked one at a time)" if question.multiple else "")
                + ", with every earlier answer as given:",
                "dim",
            )
        ),
    ]
    for number, branch in enumerate(alternatives(session, position), 1):
        blocks.extend(branch_blocks(session, number, branch))
    return blocks


class WhatIfView(TextView, can_focus=True):
    """The branches, scrolled by the keys of a page."""

    BINDINGS = [
        Binding("down", "scroll_down", "Down", show=False),
        Binding("up", "scroll_up", "Up", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]


class WhatIfScreen(ModalScreen[None]):
    """Where each answer at step ``position`` would lead; the walk stays where it is."""

    CSS_PATH = "what_if.tcss"
    BINDINGS = [
        Binding("escape,w", "close", "Close", id="what-if-close", tooltip="Back to where you were")
    ]

    def __init__(self, session: WalkSession, position: int) -> None:
        super().__init__()
        self.session = session
        self.position = position

    def compose(self) -> ComposeResult:
        with Vertical(id="what-if-body") as body:
            body.border_title = "What if"
            body.border_subtitle = "escape closes"
            yield WhatIfView(what_if_blocks(self.session, self.position), id="what-if-view")

    def on_mount(self) -> None:
        self.query_one(WhatIfView).focus()

    def action_close(self) -> None:
        self.dismiss(None)
