"""Command palette providers: look up a condition, or search question and result text."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from ..core.tree.model import Question
from .screens.lookup import LookupScreen, condition_blocks, node_blocks
from .widgets.text_view import shorten


def highlight(matcher: Matcher, candidate: str) -> Content:
    """Like ``Matcher.highlight`` but never reads tree text as markup."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if score:
        for offset in offsets:
            if not candidate[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


EXCERPT_CHARS = 80


def help_text(text: str) -> str:
    """An excerpt that ends on a word boundary; the palette reads help as markup, so it is
    escaped to show tree text literally."""
    return escape(shorten(text, EXCERPT_CHARS))


def literal_hit(matcher: Matcher, score: float, title: str, callback, help: str) -> Hit:
    """A palette hit whose title and help show tree text literally."""
    return Hit(score, highlight(matcher, title), callback, text=title, help=help_text(help) or None)


class ConditionCommands(Provider):
    """'Condition: Gout ...' opens that condition's description."""

    async def discover(self) -> Hits:
        tree = self.app.decision_tree
        for cid, condition in tree.conditions.items():
            yield DiscoveryHit(
                Content(f"Condition: {condition.name}"),
                partial(self._open, cid),
                text=f"Condition: {condition.name}",
                help=help_text(condition.summary),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        tree = self.app.decision_tree
        for cid, condition in tree.conditions.items():
            title = f"Condition: {condition.name}"
            score = matcher.match(title)
            if score > 0:
                yield literal_hit(
                    matcher, score, title, partial(self._open, cid), condition.summary
                )

    def _open(self, condition_id: str) -> None:
        self.app.push_screen(LookupScreen(condition_blocks(self.app.decision_tree, condition_id)))


class NodeSearchCommands(Provider):
    """Search the text of questions and results; opens the one picked."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        tree = self.app.decision_tree
        for node_id, node in tree.nodes.items():
            if isinstance(node, Question):
                title, body = f"Question: {node.prompt}", node.why or ""
            else:
                title, body = f"Result: {node.title}", node.explanation
            score = max(matcher.match(title), matcher.match(body) * 0.5)
            if score > 0:
                yield literal_hit(matcher, score, title, partial(self._open, node_id), body)

    def _open(self, node_id: str) -> None:
        self.app.push_screen(LookupScreen(node_blocks(self.app.decision_tree, node_id)))
