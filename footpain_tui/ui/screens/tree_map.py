"""TreeMapScreen: the whole tree as a collapsible outline, built lazily as it is expanded.

Only the nodes on the way to the current one are added up front, so opening the map on a
50k-node tree costs a handful of widgets' worth of work, not 50k.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, Tree
from textual.widgets.tree import TreeNode

from ...core.tree.model import Question
from ...core.tree.walk import WalkSession
from ..widgets.urgency import urgency_rich_style


@dataclass
class MapEntry:
    node_id: str
    on_walk: bool = False  # this outline node is a step of the walk, not a copy reached elsewhere
    loaded: bool = False


class TreeMapScreen(Screen[str | None]):
    """Enter on a node of the current path jumps back to it; escape closes the map."""

    CSS_PATH = "tree_map.tcss"
    BINDINGS = [
        Binding("escape,m", "close", "Close map", id="map-close"),
        Binding("c", "collapse_all", "Collapse all", id="map-collapse"),
    ]

    def __init__(self, session: WalkSession) -> None:
        super().__init__()
        self.session = session
        self.path_choices = {step.node_id: step.choice_index for step in session.steps}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            # One line at 80 columns.
            Text("● marks your path, ◆ where you are. Enter on a marked node goes back to it."),
            id="map-help",
        )
        start = self.session.tree.start
        tree: Tree[MapEntry] = Tree(self._label(start, None, on_walk=True), id="map")
        tree.root.data = MapEntry(start, on_walk=True)
        yield tree
        yield Footer(compact=True)

    def on_mount(self) -> None:
        tree = self.query_one("#map", Tree)
        node = tree.root
        # Open the map along the current path only.
        while True:
            self._load_children(node)
            node.expand()
            entry = node.data
            assert entry is not None
            if entry.node_id not in self.path_choices:
                break
            node = node.children[self.path_choices[entry.node_id]]
        tree.focus()
        self.call_after_refresh(tree.move_cursor, node)

    def _label(self, node_id: str, choice_label: str | None, on_walk: bool) -> Text:
        tree = self.session.tree
        node = tree.nodes[node_id]
        text = Text()
        if on_walk and node_id == self.session.current_id:
            text.append("◆ ", style="bold")
        elif on_walk:
            text.append("● ", style="bold")
        if choice_label is not None:
            text.append(choice_label, style="italic")
            text.append(" → ", style="dim")
        if isinstance(node, Question):
            if node.red_flag:
                text.append(
                    "[RED FLAG]", style=f"bold {self.app.theme_variables.get('text-error', 'red')}"
                )
                text.append(" ")
            text.append(node.prompt)
        else:
            # The space stays outside the tag's style: EMERGENCY is drawn reversed.
            style = urgency_rich_style(node.urgency, self.app.theme_variables)
            text.append(f"[{node.urgency.label}]", style=style)
            text.append(" ")
            text.append(node.title)
        if on_walk:
            text.stylize("bold")
        return text

    def _load_children(self, tree_node: TreeNode[MapEntry]) -> None:
        entry = tree_node.data
        if entry is None or entry.loaded:
            return
        entry.loaded = True
        node = self.session.tree.nodes[entry.node_id]
        if not isinstance(node, Question):
            tree_node.allow_expand = False
            return
        taken = self.path_choices.get(entry.node_id) if entry.on_walk else None
        for index, choice in enumerate(node.choices):
            child = self.session.tree.nodes[choice.next]
            on_walk = index == taken
            tree_node.add(
                self._label(choice.next, choice.label, on_walk),
                data=MapEntry(choice.next, on_walk=on_walk),
                allow_expand=isinstance(child, Question),
            )

    @on(Tree.NodeExpanded, "#map")
    def _expanded(self, event: Tree.NodeExpanded[MapEntry]) -> None:
        self._load_children(event.node)

    @on(Tree.NodeSelected, "#map")
    def _selected(self, event: Tree.NodeSelected[MapEntry]) -> None:
        entry = event.node.data
        if entry is None:
            return
        if entry.on_walk:
            self.dismiss(entry.node_id)
        elif not event.node.allow_expand:
            self.notify("Only nodes on your path (marked ●) can be jumped to.", timeout=3)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_collapse_all(self) -> None:
        self.query_one("#map", Tree).root.collapse_all()
