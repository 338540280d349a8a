"""ResultPane: where a walk ends, explained well enough to teach from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...core.tree.model import Result, Tree
from ...core.tree.walk import WalkSession
from .urgency import URGENCY_STYLE, urgency_class


def _bullets(items: list[str]) -> Content:
    return Content("\n").join(Content.assemble(("• ", "bold"), item) for item in items)


def _numbered(items: list[str]) -> Content:
    return Content("\n").join(
        Content.assemble((f"{i}. ", "bold"), item) for i, item in enumerate(items, 1)
    )


def source_line(tree: Tree, result: Result) -> Content:
    titles = {s.id: s for s in tree.meta.sources}
    parts: list[Content] = []
    for ref in result.sources:
        source = titles.get(ref.source)
        name = source.title if source else ref.source
        if ref.paragraphs:
            label = "¶" + ", ".join(str(p) for p in ref.paragraphs)
            parts.append(Content(f"{name}, {label}"))
        else:
            parts.append(Content(name))
    return Content("\n").join(Content.assemble(("• ", "bold"), p) for p in parts)


class ResultPane(VerticalScroll):
    """Urgency banner, ranked conditions, why, next steps, treatment, self-care, help, sources."""

    SECTIONS = (
        ("conditions", "Most likely causes"),
        ("explanation", "Why this result"),
        ("next-steps", "Next steps"),
        ("treatment", "Treatment options"),
        ("self-care", "Self-care"),
        ("seek-help", "When to seek help"),
        ("sources", "Sources"),
    )

    def __init__(self, session: WalkSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self._first = session  # shown once the children exist

    def on_mount(self) -> None:
        self.show_result(self._first)

    def compose(self) -> ComposeResult:
        yield Static(id="banner")
        yield Static(id="result-title")
        for section_id, heading in self.SECTIONS:
            yield Static(Content(heading), classes="section-heading", id=f"{section_id}-heading")
            yield Static(id=f"{section_id}-body", classes="section-body")

    def _section(self, section_id: str, body: Content | None) -> None:
        shown = body is not None and bool(body.plain)
        self.query_one(f"#{section_id}-heading").display = shown
        static = self.query_one(f"#{section_id}-body", Static)
        static.display = shown
        if shown:
            static.update(body)

    def show_result(self, session: WalkSession) -> None:
        result = session.current
        assert isinstance(result, Result)
        tree = session.tree
        urgency = session.urgency_of(result).urgency
        for cls in list(self.classes):
            if cls.startswith("-urgency-"):
                self.remove_class(cls)
        self.add_class(urgency_class(urgency))
        self.query_one("#banner", Static).update(
            Content.assemble((f" {urgency.label} ", URGENCY_STYLE[urgency]), "  ", urgency.meaning)
        )
        self.query_one("#result-title", Static).update(Content.styled(result.title, "bold"))
        ranked = [
            Content.assemble(
                (f"{rank}. ", "bold"),
                (tree.conditions[cid].name, "bold"),
                ": ",
                tree.conditions[cid].summary,
            )
            for rank, cid in enumerate(result.conditions, 1)
            if cid in tree.conditions
        ]
        self._section("conditions", Content("\n").join(ranked))
        answers = [
            Content.assemble("You answered ", (c.label, "bold"), " to: ", q.prompt)
            for _, q, c in session.path()
        ]
        self._section("explanation", Content("\n").join([Content(result.explanation), *answers]))
        self._section("next-steps", _numbered(result.next_steps))
        self._section("treatment", _bullets(result.treatment))
        self._section("self-care", _bullets(result.self_care))
        self._section("seek-help", _bullets(result.seek_help))
        self._section("sources", source_line(tree, result))
        self.scroll_home(animate=False)
