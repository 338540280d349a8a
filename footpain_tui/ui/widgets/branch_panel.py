"""BranchPanel: the current question, how to answer it and why we ask it, above its choices.

Three parts, top to bottom: the head (the prompt, and on a checklist the line saying how to
answer), which never scrolls away; "why we ask", which scrolls in whatever the other two
leave (by keys, while the choices keep the focus); and the numbered choices, which always
stay in view.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message

from ...core.tree.model import Question
from .choice_list import TICKED, UNTICKED, ChoiceItem, ChoiceList
from .text_view import EMPTY, Block, TextView

RED_FLAG = Content.styled(" ⚑ RED FLAG ", "bold $text on $error")
WHY_LINES_KEPT = 3  # "why we ask" keeps at least this many lines when the choices are long


def checklist_hint(ticked: int) -> Content:
    """How to answer a checklist, with how many choices are ticked so far."""
    if not ticked:
        return Content.assemble(
            "Tick all that apply with ", ("1-9", "bold"), " or ", ("space", "bold"),
            ", then ", ("enter", "bold"), ".",
        ).stylize_before("italic $text-muted")  # fmt: skip
    return Content.assemble(
        (f"{ticked} ticked", "bold"), ": ", ("enter", "bold"), " confirms; ",
        ("1-9", "bold"), " or ", ("space", "bold"), " ticks more.",
    ).stylize_before("italic $text-muted")  # fmt: skip


def head_blocks(question: Question, ticked: Sequence[int] = ()) -> list[Block]:
    """The prompt (behind a one-line red-flag tag on a warning-sign screen) and, on a
    checklist, the hint."""
    prefix = RED_FLAG + " " if question.red_flag else EMPTY
    blocks = [Block(Content.styled(question.prompt, "bold"), prefix=prefix, hanging=False)]
    if question.multiple:
        blocks.append(Block(checklist_hint(len(ticked))))
    return blocks


def why_blocks(question: Question) -> list[Block]:
    if not question.why:
        return []
    why = Content.assemble(("Why we ask: ", "bold"), (question.why, "italic"))
    return [Block(why.stylize_before("$text-muted"))]


def choice_items(
    question: Question, ticked: Sequence[int] = (), ruled_out: Mapping[int, str] | None = None
) -> list[ChoiceItem]:
    """The choices as drawn; ``ruled_out`` maps a choice an earlier answer contradicts to
    that answer's finding."""
    ruled_out = ruled_out or {}
    if not question.multiple:
        return [
            ChoiceItem(c.label, c.key, None, ruled_out.get(i))
            for i, c in enumerate(question.choices)
        ]
    return [
        ChoiceItem(c.label, c.key, TICKED if i in ticked else UNTICKED, ruled_out.get(i))
        for i, c in enumerate(question.choices)
    ]


class QuestionHead(TextView):
    """The prompt and the hint: as tall as they need, never scrolled."""

    DEFAULT_CSS = """
    QuestionHead {
        scrollbar-gutter: auto;
        overflow-y: hidden;
    }
    """


class QuestionText(TextView):
    """ "Why we ask"; scrolls by keys while the choices keep the focus."""


class BranchPanel(Vertical):
    """Renders a :class:`Question`; posts :class:`BranchPanel.ChoiceMade` when one is picked
    (enter) or clicked."""

    _ruled_out: Mapping[int, str] | None = None  # the question on screen's, for show_ticks
    head: QuestionHead
    question_text: QuestionText
    choices: ChoiceList

    DEFAULT_CSS = """
    BranchPanel {
        padding: 1 1 0 2;
        height: 1fr;
        & > QuestionHead, & > QuestionText {
            margin-bottom: 1;
        }
    }
    """
    BINDINGS = [
        Binding(
            "pageup,shift+up",
            "scroll_question(-1)",
            "Scroll",
            show=False,
            id="question-scroll-up",
            tooltip="Scroll the question text up",
        ),
        Binding(
            "pagedown,shift+down",
            "scroll_question(1)",
            "Scroll",
            show=False,
            id="question-scroll-down",
            tooltip="Scroll the question text down",
        ),
    ]

    class ChoiceMade(Message):
        """A choice picked with enter (``clicked`` false) or with the mouse."""

        def __init__(self, index: int, clicked: bool = False) -> None:
            self.index = index
            self.clicked = clicked
            super().__init__()

    _shares: tuple[int, ...] = ()  # the heights last applied

    def compose(self) -> ComposeResult:
        # Kept, not queried: a move reaches each part a dozen times.
        self.head = QuestionHead(id="question-head")
        self.question_text = QuestionText(id="question-text")
        self.choices = ChoiceList(id="choices")
        yield self.head
        yield self.question_text
        yield self.choices

    def on_resize(self, event: events.Resize) -> None:
        self._share_height()

    def _share_height(self) -> None:
        """Keep the head and the choices on screen: the choices take the lines they need,
        leaving "why we ask" a few to scroll in; if even that does not fit, the choices
        scroll (the cursor stays in view)."""
        height, width = self.content_size.height, self.content_size.width
        if height <= 0 or width <= 0:
            return
        head, text, choices = self.head, self.question_text, self.choices
        size, viewport = self.content_size, self.app.size
        head_lines = min(head.get_content_height(size, viewport, width), max(1, height - 2))
        has_why = bool(text.blocks)
        why_lines = text.get_content_height(size, viewport, width) if has_why else 0
        gaps = head.styles.margin.bottom + (text.styles.margin.bottom if has_why else 0)
        room = height - head_lines - gaps
        need = choices.get_content_height(size, viewport, width)
        # On a small screen "why we ask" keeps fewer lines: the choices matter more.
        kept = min(why_lines, WHY_LINES_KEPT, max(1, room // 3))
        for_choices = max(1, min(need, room - kept))
        for_why = max(0, room - for_choices) if has_why else 0
        # Each assignment asks for a new layout pass: only make the ones that change something.
        shares = (head_lines, for_why, for_choices, has_why)
        if self._shares != shares:
            self._shares = shares
            head.styles.max_height = head_lines
            text.display = has_why
            text.styles.max_height = for_why
            choices.styles.max_height = for_choices

    def show_question(
        self,
        question: Question,
        ticked: Sequence[int] = (),
        cursor: int = 0,
        ruled_out: Mapping[int, str] | None = None,
    ) -> None:
        """A new question: its head, why, choices (ticked as given, those an earlier answer
        rules out marked) and the cursor."""
        self._ruled_out = ruled_out
        self.head.set_blocks(head_blocks(question, ticked))
        self.question_text.set_blocks(why_blocks(question))
        self.choices.set_choices(
            choice_items(question, ticked, ruled_out), multiple=question.multiple, cursor=cursor
        )
        self._share_height()

    def draw_ahead(self, question: Question, ruled_out: Mapping[int, str] | None = None) -> None:
        """Wrap and draw ``question`` now, as :meth:`show_question` will show it (nothing
        ticked): a question drawn ahead while the screen is idle costs no drawing later."""
        self.head.draw_ahead(head_blocks(question))
        self.question_text.draw_ahead(why_blocks(question))
        self.choices.draw_ahead_choices(choice_items(question, (), ruled_out))

    def show_ticks(self, question: Question, ticked: Sequence[int], cursor: int) -> None:
        """The same checklist with other ticks: redraws the marks that changed and the hint."""
        self.head.set_blocks(head_blocks(question, ticked))
        self.choices.set_marks(choice_items(question, ticked, self._ruled_out))
        self.choices.cursor = cursor
        self._share_height()

    def action_scroll_question(self, pages: int) -> None:
        text = self.question_text
        text.scroll_to(y=text.scroll_y + pages * max(1, text.size.height - 1), animate=False)

    @on(ChoiceList.Picked)
    def _choice_picked(self, event: ChoiceList.Picked) -> None:
        event.stop()
        self.post_message(self.ChoiceMade(event.index))

    @on(ChoiceList.Clicked)
    def _choice_clicked(self, event: ChoiceList.Clicked) -> None:
        event.stop()
        self.post_message(self.ChoiceMade(event.index, clicked=True))
