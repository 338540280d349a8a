"""A tree as a flowchart, for Mermaid (GitHub renders it) or Graphviz's DOT.

Questions are decisions (a rhombus; a checklist a hexagon, marked "tick all that apply"),
red-flag screens are marked (⚑ and a thick red border), results are coloured by urgency and
name it in words, answers are the edges (each checklist choice an edge of its own), an
answer that reports a warning sign is marked ⚠ and one with an urgency floor says so
("⇧ at least ROUTINE"). A recorded walk can be drawn over it: the nodes it passed and the
answers it followed in a thick purple line, other ticked choices of a checklist dashed.

Text from the tree is data here as everywhere: every label is escaped for the target
language (quotes, brackets, ``#``, ``;``, ``:``, ``&``, ``<``, backslashes) and control
characters are replaced by U+FFFD, so a label can neither break the diagram nor inject
syntax. Node ids are the tree's own (``[a-z][a-z0-9_]*``), prefixed in Mermaid, where
words such as ``end`` are reserved.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..text import neutralise
from .graph import TreeIndex
from .model import URGENCY_BY_RANK, Question, Result, Tree, Urgency
from .summary import walk_order
from .walk import Step

NodeKind = Literal["question", "checklist", "result", "more"]

# Colours: fill and text, readable on GitHub's light and dark themes and in grey print.
URGENCY_COLOURS: dict[Urgency, tuple[str, str]] = {
    Urgency.EMERGENCY: ("#b71c1c", "#ffffff"),
    Urgency.URGENT: ("#e65100", "#ffffff"),
    Urgency.SOON: ("#fdd835", "#000000"),
    Urgency.ROUTINE: ("#1565c0", "#ffffff"),
    Urgency.SELF_CARE: ("#2e7d32", "#ffffff"),
}
RED_FLAG_COLOUR = "#c62828"
WALK_COLOUR = "#7b1fa2"
# DOT does not wrap labels: lines are cut at these widths (Mermaid wraps by itself).
WRAP = 30
EDGE_WRAP = 26


def _clean(text: str) -> str:
    """One line: control and bidi characters shown as U+FFFD, newlines and tabs as spaces."""
    return neutralise(text.replace("\n", " ").replace("\t", " "))


def _wrap(lines: Sequence[str], width: int) -> list[str]:
    return [part for line in lines for part in textwrap.wrap(_clean(line), width) or [""]]


@dataclass(frozen=True)
class WalkHighlight:
    """A walk to draw over the tree: where it started and its steps (ticked choices too)."""

    start: str
    steps: Sequence[Step] = ()


@dataclass(frozen=True)
class DiagramNode:
    id: str
    kind: NodeKind
    lines: tuple[str, ...]  # the label, line by line, unescaped and unwrapped
    urgency: Urgency | None = None
    red_flag: bool = False
    on_walk: bool = False


@dataclass(frozen=True)
class DiagramEdge:
    source: str
    target: str
    lines: tuple[str, ...]
    followed: bool = False  # the highlighted walk went on through this answer
    ticked: bool = False  # the walk ticked it (a checklist choice it did not follow)


@dataclass(frozen=True)
class Diagram:
    title: str
    nodes: tuple[DiagramNode, ...]
    edges: tuple[DiagramEdge, ...]
    notes: tuple[str, ...] = field(default=())


def _question_lines(question: Question) -> tuple[str, ...]:
    lines: list[str] = []
    if question.red_flag:
        lines.append("⚑ RED FLAG")
    lines.append(_clean(question.prompt))
    if question.multiple:
        lines.append("☑ tick all that apply")
    return tuple(lines)


def _result_lines(result: Result) -> tuple[str, ...]:
    return (result.urgency.label, _clean(result.title))


def _depths(tree: Tree, index: TreeIndex) -> dict[str, int]:
    """Questions from the start to each node, by the shortest way (breadth first)."""
    depth = {tree.start: 0}
    queue = [tree.start]
    for node_id in queue:
        for child in index.children.get(node_id, ()):
            if child in tree.nodes and child not in depth:
                depth[child] = depth[node_id] + 1
                queue.append(child)
    return depth


def build_diagram(
    tree: Tree,
    index: TreeIndex,
    *,
    highlight: WalkHighlight | None = None,
    depth: int | None = None,
) -> Diagram:
    """The tree's nodes reachable from its start and every answer between them.

    ``depth`` cuts the drawing after that many questions from the start: a question further
    down is drawn as a "more below" stub. ``highlight`` marks a walk. Needs a whole graph
    (no unknown node: lint FP101).
    """
    nodes = tree.nodes
    shortest = _depths(tree, index)
    walked_nodes: set[str] = set()
    followed: set[tuple[str, int]] = set()
    ticked: set[tuple[str, int]] = set()
    if highlight is not None:
        walked_nodes.add(highlight.start)
        for step in highlight.steps:
            walked_nodes.add(step.node_id)
            followed.add((step.node_id, step.choice_index))
            ticked.update((step.node_id, i) for i in step.ticked if i != step.choice_index)
            question = nodes.get(step.node_id)
            if isinstance(question, Question) and step.choice_index < len(question.choices):
                walked_nodes.add(question.choices[step.choice_index].next)

    def drawn_in_full(node_id: str) -> bool:
        return depth is None or shortest.get(node_id, 0) < depth

    order = [q for q in walk_order(tree) if drawn_in_full(q)]
    out_nodes: list[DiagramNode] = []
    out_edges: list[DiagramEdge] = []
    placed: set[str] = set()
    stubs: list[str] = []

    def place(node_id: str) -> None:
        if node_id in placed:
            return
        placed.add(node_id)
        node = nodes[node_id]
        on_walk = node_id in walked_nodes
        if isinstance(node, Result):
            out_nodes.append(
                DiagramNode(node_id, "result", _result_lines(node), node.urgency, on_walk=on_walk)
            )
        elif drawn_in_full(node_id):
            kind: NodeKind = "checklist" if node.multiple else "question"
            out_nodes.append(
                DiagramNode(node_id, kind, _question_lines(node), None, node.red_flag, on_walk)
            )
        else:
            stubs.append(node_id)
            lines = ("more below:", _clean(node.prompt))
            out_nodes.append(DiagramNode(node_id, "more", lines, None, node.red_flag, on_walk))

    for node_id in order:
        place(node_id)
        question = tree.question(node_id)
        for i, choice in enumerate(question.choices):
            if choice.next not in nodes:
                continue
            place(choice.next)
            lines = [_clean(choice.label)]
            if question.is_warning_sign(i):
                lines[-1] += " ⚠"
            if choice.urgency_floor is not None:
                lines.append(f"⇧ at least {choice.urgency_floor.label}")
            out_edges.append(
                DiagramEdge(
                    node_id,
                    choice.next,
                    tuple(lines),
                    followed=(node_id, i) in followed,
                    ticked=(node_id, i) in ticked,
                )
            )
    if not order and tree.start in nodes:  # a tree that is a lone result
        place(tree.start)
    notes: list[str] = []
    if depth is not None and stubs:
        notes.append(
            f"cut at {depth} question{'s' if depth != 1 else ''} from the start:"
            f" {len(stubs)} question{'s are' if len(stubs) != 1 else ' is'} drawn as"
            " 'more below'"
        )
    title = f"{tree.meta.title} ({tree.meta.id} {tree.meta.version})"
    return Diagram(_clean(title), tuple(out_nodes), tuple(out_edges), tuple(notes))


# -- Mermaid ----------------------------------------------------------------------------------
# Mermaid decodes ``#<code>;`` in labels as HTML entities, after reading the statement, so
# each character that could end a string, start a comment or entity, close a shape or be
# taken for HTML is written as one. ``¶`` and ``ﬂ`` are Mermaid's own placeholder marks.
_MERMAID_ESCAPES = {ch: f"#{ord(ch)};" for ch in '"#&<>;:|`[]{}()\\¶\ufb02'}
_MERMAID_ESCAPE = re.compile("[" + re.escape("".join(_MERMAID_ESCAPES)) + "]")


# Mermaid stands entities in for "ﬂ°°" ... "¶ß" while it reads a diagram and turns those
# marks back into entities when it draws, more than once: text that holds the marks
# themselves would be read as an entity. An invisible word joiner keeps them apart.
_MERMAID_MARKS = re.compile("(\ufb02)(°)|(¶)(ß)")


def mermaid_text(text: str) -> str:
    """One line of label text, safe inside a Mermaid ``"..."`` string."""
    text = _MERMAID_MARKS.sub(lambda m: "\u2060".join(g for g in m.groups() if g), _clean(text))
    return _MERMAID_ESCAPE.sub(lambda m: _MERMAID_ESCAPES[m.group()], text)


def _mermaid_label(lines: Sequence[str]) -> str:
    return '"' + "<br/>".join(mermaid_text(line) for line in lines) + '"'


def mermaid_id(node_id: str) -> str:
    """``n_<id>``: every node id of a tree is a safe Mermaid id once prefixed (``end`` is a
    keyword; an id starting with ``o`` or ``x`` can read as an edge end)."""
    return f"n_{node_id}"


_MERMAID_SHAPES: dict[NodeKind, tuple[str, str]] = {
    "question": ("{", "}"),
    "checklist": ("{{", "}}"),
    "result": ("([", "])"),
    "more": ("[/", "/]"),
}


def render_mermaid(diagram: Diagram) -> str:
    # A comment runs to the end of its line; only "%%{" would start a directive instead.
    lines = [
        "flowchart TD",
        f"    %% {_clean(diagram.title)}",
        "    %% rhombus: a question; hexagon: a checklist (tick all that apply);"
        " ⚑ a red-flag screen; ⚠ an answer that reports a warning sign",
    ]
    lines += [f"    %% {_clean(note)}" for note in diagram.notes]
    for node in diagram.nodes:
        left, right = _MERMAID_SHAPES[node.kind]
        lines.append(f"    {mermaid_id(node.id)}{left}{_mermaid_label(node.lines)}{right}")
    walked_links: list[int] = []
    ticked_links: list[int] = []
    for number, edge in enumerate(diagram.edges):
        arrow = "==>" if edge.followed else "-.->" if edge.ticked else "-->"
        lines.append(
            f"    {mermaid_id(edge.source)} {arrow}|{_mermaid_label(edge.lines)}|"
            f" {mermaid_id(edge.target)}"
        )
        if edge.followed:
            walked_links.append(number)
        elif edge.ticked:
            ticked_links.append(number)
    groups: dict[str, list[str]] = {}
    for node in diagram.nodes:
        if node.urgency is not None:
            groups.setdefault(node.urgency.value, []).append(mermaid_id(node.id))
        if node.red_flag:
            groups.setdefault("redflag", []).append(mermaid_id(node.id))
        if node.kind == "more":
            groups.setdefault("more", []).append(mermaid_id(node.id))
        if node.on_walk:
            groups.setdefault("walked", []).append(mermaid_id(node.id))
    # Defined in this order, so a later class wins: the walk's border over the others.
    styles = {
        u.value: f"fill:{URGENCY_COLOURS[u][0]},color:{URGENCY_COLOURS[u][1]},stroke:{URGENCY_COLOURS[u][0]}"
        for u in URGENCY_BY_RANK
    }
    styles["redflag"] = f"stroke:{RED_FLAG_COLOUR},stroke-width:4px"
    styles["more"] = "stroke-dasharray:4 3"
    styles["walked"] = f"stroke:{WALK_COLOUR},stroke-width:5px"
    lines += [f"    classDef {name} {style}" for name, style in styles.items() if name in groups]
    for name, ids in groups.items():
        lines.append(f"    class {','.join(ids)} {name}")
    if walked_links:
        numbers = ",".join(str(n) for n in walked_links)
        lines.append(f"    linkStyle {numbers} stroke:{WALK_COLOUR},stroke-width:4px")
    if ticked_links:
        numbers = ",".join(str(n) for n in ticked_links)
        lines.append(f"    linkStyle {numbers} stroke:{WALK_COLOUR},stroke-width:2px")
    return "\n".join(lines) + "\n"


# -- DOT (Graphviz) ---------------------------------------------------------------------------
def dot_text(text: str) -> str:
    """Label text safe inside a DOT ``"..."`` string: backslashes (DOT's own escapes such
    as ``\\N``) and quotes escaped, ``&`` written as an entity (Graphviz decodes them)."""
    return _clean(text).replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")


def _dot_label(lines: Sequence[str], width: int = WRAP) -> str:
    return '"' + "\\n".join(dot_text(line) for line in _wrap(lines, width)) + '"'


_DOT_SHAPES: dict[NodeKind, str] = {
    "question": "diamond",
    "checklist": "hexagon",
    "result": "box",
    "more": "parallelogram",
}


def _dot_attrs(attrs: dict[str, str]) -> str:
    return "[" + ", ".join(f"{key}={value}" for key, value in attrs.items()) + "]"


def render_dot(diagram: Diagram) -> str:
    lines = [
        "digraph tree {",
        f"    label={_dot_label([diagram.title, *diagram.notes], 200)};",
        '    labelloc="t";',
        '    graph [fontname="Helvetica", rankdir="TB", nodesep="0.3", ranksep="0.5"];',
        '    node [fontname="Helvetica", fontsize="10", margin="0.05"];',
        '    edge [fontname="Helvetica", fontsize="9", color="#555555"];',
    ]
    for node in diagram.nodes:
        attrs = {"shape": f'"{_DOT_SHAPES[node.kind]}"', "label": _dot_label(node.lines)}
        attrs["tooltip"] = f'"{dot_text(node.id)}"'
        styles: list[str] = []
        if node.urgency is not None:
            fill, text = URGENCY_COLOURS[node.urgency]
            styles += ["rounded", "filled"]
            attrs.update(fillcolor=f'"{fill}"', fontcolor=f'"{text}"', color=f'"{fill}"')
        if node.kind == "more":
            styles.append("dashed")
        if node.red_flag:
            attrs.update(color=f'"{RED_FLAG_COLOUR}"', penwidth='"3"')
        if node.on_walk:
            attrs.update(color=f'"{WALK_COLOUR}"', penwidth='"5"')
        if styles:
            attrs["style"] = '"' + ",".join(styles) + '"'
        lines.append(f'    "{node.id}" {_dot_attrs(attrs)};')
    for edge in diagram.edges:
        attrs = {"label": _dot_label(edge.lines, EDGE_WRAP)}
        if edge.followed:
            attrs.update(color=f'"{WALK_COLOUR}"', penwidth='"4"', fontcolor=f'"{WALK_COLOUR}"')
        elif edge.ticked:
            attrs.update(color=f'"{WALK_COLOUR}"', style='"dashed"', penwidth='"2"')
        lines.append(f'    "{edge.source}" -> "{edge.target}" {_dot_attrs(attrs)};')
    lines.append("}")
    return "\n".join(lines) + "\n"
