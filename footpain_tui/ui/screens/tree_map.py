"""TreeMapScreen: the whole tree as a collapsible outline, built lazily as it is expanded.

Only the nodes on the way to the current one are added up front, so opening the map on a
50k-node tree costs a handful of widgets' worth of work, not 50k. The ``o`` key marks, on
every answer, how many of the loaded training cases take it (an author's view of what the
cases leave untested; :mod:`...core.training.coverage` measures it). ``s`` starts a new
walk at the selected question ("test from here"); ``w`` shows where every answer to a
question of the walk would lead. A walk that began mid-tree is shown where it began: the
outline opens along a way from the tree's start to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from ...core.tree.model import Question
from ...core.tree.walk import WalkSession
from ..widgets.footer import screen_footer
from ..widgets.title_bar import TitleBar
from ..widgets.urgency import urgency_rich_style
from .dialogs import ConfirmDialog

if TYPE_CHECKING:
    from ...core.training.coverage import Coverage

MAP_HELP = "● marks your path, ◆ where you are. Enter on a marked node goes back to it."
STARTS_HERE = "  ← the walk starts here"


@dataclass
class MapEntry:
    node_id: str
    on_walk: bool = False  # this outline node is a step of the walk, not a copy reached elsewhere
    loaded: bool = False
    # The answer that leads here: (question id, choice index, its label); None for the root.
    via: tuple[str, int, str] | None = None
    # On the way from the tree's start to where a walk that began mid-tree starts.
    on_route: bool = False


def route_to(session: WalkSession) -> dict[str, int]:
    """For a walk that began mid-tree, the choice to take at each question on a shortest way
    from the tree's start to where it began (breadth first); empty otherwise."""
    tree, goal = session.tree, session.start_id
    if goal == tree.start:
        return {}
    came: dict[str, tuple[str, int]] = {}
    queue, seen = [tree.start], {tree.start}
    for node_id in queue:  # the list grows as it is read: a breadth-first queue
        node = tree.nodes[node_id]
        if not isinstance(node, Question):
            continue
        for index, choice in enumerate(node.choices):
            if choice.next in seen or choice.next not in tree.nodes:
                continue
            seen.add(choice.next)
            came[choice.next] = (node_id, index)
            if choice.next == goal:
                route: dict[str, int] = {}
                at = goal
                while at in came:
                    parent, taken = came[at]
                    route[parent] = taken
                    at = parent
                return route
            queue.append(choice.next)
    return {}


class TreeMapScreen(Screen[str | None]):
    """Enter on a node of the current path jumps back to it; escape closes the map."""

    CSS_PATH = "tree_map.tcss"
    BINDINGS = [
        Binding("escape,m", "close", "Close map", id="map-close"),
        Binding("c", "collapse_all", "Collapse all", id="map-collapse"),
        Binding(
            "o",
            "toggle_coverage",
            "Coverage",
            id="map-coverage",
            tooltip="Mark how many training cases take each answer, and the answers none takes",
        ),
        Binding(
            "s",
            "start_here",
            "From here",
            id="map-start",
            tooltip="Test from here: start a new walk at the selected question",
        ),
        Binding(
            "w",
            "what_if",
            "What if",
            id="map-what-if",
            tooltip="Where every answer to the selected question of your walk would lead",
        ),
    ]

    def __init__(self, session: WalkSession) -> None:
        super().__init__()
        self.session = session
        self.path_choices = {step.node_id: step.choice_index for step in session.steps}
        self.route_choices = route_to(session)
        self.coverage: Coverage | None = None  # measured the first time ``o`` asks
        self.show_coverage = False

    def _root_entry(self) -> MapEntry:
        start = self.session.tree.start
        mid_tree = bool(self.route_choices)
        return MapEntry(start, on_walk=not mid_tree, on_route=mid_tree)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text(MAP_HELP), id="map-help")  # one line at 80 columns
        entry = self._root_entry()
        tree: Tree[MapEntry] = Tree(self._label(entry), id="map")
        tree.root.data = entry
        yield tree
        yield screen_footer()

    def on_mount(self) -> None:
        self._open_along_the_path()

    def tree_changed(self) -> None:
        """The tree (``--watch``) or the walk on it changed: build the outline again."""
        self.path_choices = {step.node_id: step.choice_index for step in self.session.steps}
        self.route_choices = route_to(self.session)
        self.coverage = None  # measured again on the new tree when asked
        self.show_coverage = False
        tree = self.query_one("#map", Tree)
        tree.clear()
        entry = self._root_entry()
        tree.root.data = entry
        tree.root.set_label(self._label(entry))
        self.query_one("#map-help", Static).update(Text(MAP_HELP))
        self._open_along_the_path()

    def _open_along_the_path(self) -> None:
        tree = self.query_one("#map", Tree)
        node = tree.root
        # Open the map along the current path only.
        while True:
            self._load_children(node)
            node.expand()
            entry = node.data
            assert entry is not None
            if entry.on_route:
                node = node.children[self.route_choices[entry.node_id]]
                continue
            if entry.node_id not in self.path_choices:
                break
            node = node.children[self.path_choices[entry.node_id]]
        tree.focus()
        self.call_after_refresh(tree.move_cursor, node)

    def _label(self, entry: MapEntry) -> Text:
        tree = self.session.tree
        node_id, on_walk = entry.node_id, entry.on_walk
        node = tree.nodes[node_id]
        text = Text()
        if on_walk and node_id == self.session.current_id:
            text.append("◆ ", style="bold")
        elif on_walk:
            text.append("● ", style="bold")
        marked = self.show_coverage and self.coverage is not None
        if entry.via is not None:
            text.append(entry.via[2], style="italic")
            if marked:  # beside the answer it counts, so a long line never cuts it off
                text.append_text(self._coverage_mark(entry))
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
        if on_walk and node_id == self.session.start_id and self.session.started_mid_tree:
            text.append(STARTS_HERE, style="italic")
        if marked and entry.via is None:
            text.append_text(self._coverage_mark(entry))
        return text

    def _coverage_mark(self, entry: MapEntry) -> Text:
        """`` · 3 cases``, `` · no case`` (in the warning colour, and in words), or for a
        checklist answer only ever ticked beside an earlier one `` · ticked by 2, followed by
        none``."""
        assert self.coverage is not None
        warning = f"bold {self.app.theme_variables.get('text-warning', 'yellow')}"
        if entry.via is None:
            count = self.coverage.node_visits.get(entry.node_id, 0)
            return Text(f" · {count} case{'s' if count != 1 else ''} pass here", style="dim")
        item = self.coverage.choice(entry.via[0], entry.via[1])
        if not item.covered:
            return Text(" · no case", style=warning)
        followed, ticked = len(item.followed_by), len(item.ticked_by)
        if not followed:
            return Text(f" · ticked by {ticked}, followed by none", style=warning)
        mark = f" · {followed} case{'s' if followed != 1 else ''}"
        if ticked > followed:
            mark += f", ticked by {ticked}"
        return Text(mark, style="dim")

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
        toward = self.route_choices.get(entry.node_id) if entry.on_route else None
        for index, choice in enumerate(node.choices):
            child = self.session.tree.nodes[choice.next]
            starts = index == toward and choice.next == self.session.start_id
            child_entry = MapEntry(
                choice.next,
                on_walk=index == taken or starts,
                via=(entry.node_id, index, choice.label),
                on_route=index == toward and not starts,
            )
            tree_node.add(
                self._label(child_entry),
                data=child_entry,
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

    # -- test from here, what if -------------------------------------------------------------
    def _cursor_entry(self) -> MapEntry | None:
        node = self.query_one("#map", Tree).cursor_node
        return node.data if node is not None else None

    def action_start_here(self) -> None:
        entry = self._cursor_entry()
        if entry is None:
            return
        node = self.session.tree.nodes[entry.node_id]
        if not isinstance(node, Question):
            self.notify("A walk starts at a question: select one to test from.", timeout=3)
            return

        def start(yes: bool | None = True) -> None:
            if yes:
                self.dismiss(None)
                self.app.start_walk_at(entry.node_id)

        if not self.session.steps:
            start()
            return
        self.app.push_screen(
            ConfirmDialog(
                "Test from here?",
                f"A new walk starts at: {node.prompt} Your answers so far stay in the"
                " session records.",
                yes="Start here",
            ),
            start,
        )

    def action_what_if(self) -> None:
        entry = self._cursor_entry()
        steps = self.session.steps
        positions = {step.node_id: i for i, step in enumerate(steps)}
        positions[self.session.current_id] = len(steps)
        position = positions.get(entry.node_id) if entry is not None and entry.on_walk else None
        if position is None or not isinstance(self.session.tree.nodes[entry.node_id], Question):
            self.notify("What if works on the questions of your walk (marked ● and ◆).", timeout=3)
            return
        from .what_if import WhatIfScreen

        self.app.push_screen(WhatIfScreen(self.session, position))

    # -- coverage -------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_coverage":  # only a run with training cases can offer it
            return getattr(self.app, "cases", None) is not None
        if action == "start_here":  # only the explorer's walk can start anew
            return hasattr(self.app, "start_walk_at")
        return True

    def action_toggle_coverage(self) -> None:
        if self.coverage is None:
            self._measure_coverage()  # shows the marks when done
            return
        self.show_coverage = not self.show_coverage
        self._relabel()

    @work(thread=True, exclusive=True, exit_on_error=False, group="coverage")
    def _measure_coverage(self) -> None:
        """Load the cases (a lazily loaded case file loads here, off the UI thread) and
        measure what they cover."""
        from ...core.training.coverage import case_walks, measure

        cases = getattr(self.app, "cases", None)
        tree, index = self.session.tree, self.session.index
        if not cases:  # none given, or a case file that did not load or fit
            problems = getattr(cases, "problems", [])
            message = "No training cases are loaded for this tree, so there is nothing to mark."
            if problems:
                message += " " + problems[0]
            self.app.call_from_thread(
                self.notify, message, severity="warning", timeout=6, markup=False
            )
            return
        coverage = measure(tree, index, case_walks(cases, tree, index), path_limit=0)
        self.app.call_from_thread(self._show_coverage, coverage)

    def _show_coverage(self, coverage: Coverage) -> None:
        self.coverage = coverage
        self.show_coverage = True
        self._relabel()

    def _relabel(self) -> None:
        """Redraw the labels of every node built so far; later ones are built marked."""
        tree = self.query_one("#map", Tree)
        stack = [tree.root]
        while stack:
            tree_node = stack.pop()
            if tree_node.data is not None:
                tree_node.set_label(self._label(tree_node.data))
            stack.extend(tree_node.children)
        help_text = MAP_HELP
        if self.show_coverage and self.coverage is not None:
            c = self.coverage
            help_text = (  # one line at 80 columns, as the plain help
                f"{c.cases} cases take {c.choices_covered} of {len(c.choices)} answers;"
                " '· no case' marks the rest (o hides)."
            )
        self.query_one("#map-help", Static).update(Text(help_text))
