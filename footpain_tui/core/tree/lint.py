"""Named graph rules over a loaded tree. Errors make a tree unsafe to use; warnings do not.

Each rule has a stable id (``FP1xx`` errors, ``FP2xx`` warnings) and a short name, so
authors can look a finding up in the README and tests can assert on exactly one rule.

The per-node rules run together in one pass over the nodes (a 200k-node tree is linted in
a fraction of a second); the graph rules use the shared :class:`TreeIndex`. Findings come
out grouped by rule, in the order of ``RULES``, and within a rule in file order.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .graph import TreeIndex
from .model import Question, Source, SourceRef, Tree

# Keys the explorer binds itself; a choice shortcut on one of these could never be pressed.
RESERVED_KEYS = frozenset("bqrmet")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    summary: str


@dataclass(frozen=True)
class Finding:
    rule: Rule
    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule.id,
            "name": self.rule.name,
            "path": self.path,
            "message": self.message,
        }

    def __str__(self) -> str:
        return (
            f"{self.rule.severity} {self.rule.id} {self.rule.name} at {self.path}: {self.message}"
        )


RULES: dict[str, Rule] = {}


def _rule(rule_id: str, name: str, severity: Severity, summary: str) -> Rule:
    rule = Rule(rule_id, name, severity, summary)
    RULES[rule_id] = rule
    return rule


UNKNOWN_NODE = _rule(
    "FP101",
    "unknown-node",
    Severity.ERROR,
    "start or a choice points at a node id that does not exist",
)
UNKNOWN_CONDITION = _rule(
    "FP102",
    "unknown-condition",
    Severity.ERROR,
    "a result lists a condition id not in the catalogue",
)
CYCLE = _rule(
    "FP103",
    "cycle",
    Severity.ERROR,
    "following choices can come back to a node: a decision tree must end",
)
DUPLICATE_LABEL = _rule(
    "FP104", "duplicate-label", Severity.ERROR, "two choices of one question have the same label"
)
DUPLICATE_SHORTCUT = _rule(
    "FP105",
    "duplicate-shortcut",
    Severity.ERROR,
    "two choices of one question share a shortcut key",
)
EMPTY_RESULT = _rule("FP106", "empty-result", Severity.ERROR, "a result lists no condition")
RED_FLAG_FIRST = _rule(
    "FP107",
    "red-flag-first",
    Severity.ERROR,
    "a path from start reaches a routine or self-care result without passing a red-flag screen",
)
UNKNOWN_SOURCE = _rule(
    "FP108",
    "unknown-source",
    Severity.ERROR,
    "a source reference names a source or paragraph that does not exist",
)
RESULT_WITHOUT_SOURCE = _rule(
    "FP109", "result-without-source", Severity.ERROR, "a result cites no source"
)
CONTROL_CHARACTER = _rule(
    "FP113",
    "control-character",
    Severity.ERROR,
    "tree text holds control characters (C0 but newline and tab, DEL, C1) or bidi overrides",
)
UNREACHABLE = _rule(
    "FP201", "unreachable-node", Severity.WARNING, "a node cannot be reached from start"
)
UNUSED_CONDITION = _rule(
    "FP202",
    "unused-condition",
    Severity.WARNING,
    "a condition in the catalogue is used by no result",
)
RESERVED_SHORTCUT = _rule(
    "FP203",
    "reserved-shortcut",
    Severity.WARNING,
    "a choice shortcut is a key the explorer already binds",
)

# At most this many FP107 findings: one unsafe branch can hold thousands of results.
MAX_RED_FLAG_FINDINGS = 20


class _Findings:
    """Findings collected per rule, handed out in ``RULES`` order."""

    def __init__(self) -> None:
        self.by_rule: dict[str, list[Finding]] = {rule_id: [] for rule_id in RULES}

    def add(self, rule: Rule, path: str, message: str) -> None:
        self.by_rule[rule.id].append(Finding(rule, path, message))

    def in_order(self) -> list[Finding]:
        return [f for found in self.by_rule.values() for f in found]


def _check_nodes(tree: Tree, out: _Findings) -> set[str]:
    """FP101, FP102, FP104, FP105, FP106, FP108 (results), FP109 and FP203 in one pass;
    returns the condition ids that results use (for FP202)."""
    nodes = tree.nodes
    if tree.start not in nodes:
        out.add(UNKNOWN_NODE, "start", f"start node {tree.start!r} does not exist")
    catalogue = tree.conditions
    sources = {s.id: s for s in tree.meta.sources}
    used: set[str] = set()
    for node_id, node in nodes.items():
        if isinstance(node, Question):
            labels: set[str] = set()
            keys: set[str] = set()
            for i, choice in enumerate(node.choices):
                if choice.next not in nodes:
                    out.add(
                        UNKNOWN_NODE,
                        f"nodes.{node_id}.choices[{i}].next",
                        f"choice {choice.label!r} leads to unknown node {choice.next!r}",
                    )
                label = choice.label.casefold()
                if label in labels:
                    out.add(
                        DUPLICATE_LABEL,
                        f"nodes.{node_id}.choices[{i}].label",
                        f"label {choice.label!r} repeats",
                    )
                labels.add(label)
                key = choice.key
                if key is None:
                    continue
                if key in keys:
                    out.add(
                        DUPLICATE_SHORTCUT,
                        f"nodes.{node_id}.choices[{i}].key",
                        f"shortcut {key!r} repeats",
                    )
                keys.add(key)
                if key in RESERVED_KEYS:
                    out.add(
                        RESERVED_SHORTCUT,
                        f"nodes.{node_id}.choices[{i}].key",
                        f"shortcut {key!r} is bound by the explorer; use 1-9 or another letter",
                    )
        else:
            conditions = node.conditions
            if not conditions:
                out.add(EMPTY_RESULT, f"nodes.{node_id}.conditions", "result lists no condition")
            for i, cid in enumerate(conditions):
                if cid not in catalogue:
                    out.add(
                        UNKNOWN_CONDITION,
                        f"nodes.{node_id}.conditions[{i}]",
                        f"unknown condition {cid!r}",
                    )
            used.update(conditions)
            if not node.sources:
                out.add(
                    RESULT_WITHOUT_SOURCE,
                    f"nodes.{node_id}.sources",
                    "result cites no source; add a source reference",
                )
            for i, ref in enumerate(node.sources):
                _check_source_ref(f"nodes.{node_id}.sources[{i}]", ref, sources, out)
    return used


def _check_source_ref(
    path: str, ref: SourceRef, sources: dict[str, Source], out: _Findings
) -> None:
    """FP108 for one reference."""
    source = sources.get(ref.source)
    if source is None:
        out.add(
            UNKNOWN_SOURCE,
            path + ".source",
            f"unknown source {ref.source!r}; declare it in meta.sources",
        )
        return
    if source.paragraphs is not None:
        for p in ref.paragraphs:
            if p > source.paragraphs:
                out.add(
                    UNKNOWN_SOURCE,
                    path + ".paragraphs",
                    f"paragraph {p} is past the end of {ref.source!r} ({source.paragraphs})",
                )


def _check_catalogue(tree: Tree, used: set[str], out: _Findings) -> None:
    """FP108 (condition sources) and FP202."""
    sources = {s.id: s for s in tree.meta.sources}
    for cid, cond in tree.conditions.items():
        for i, ref in enumerate(cond.sources):
            _check_source_ref(f"conditions.{cid}.sources[{i}]", ref, sources, out)
        if cid not in used:
            out.add(UNUSED_CONDITION, f"conditions.{cid}", "no result lists this condition")


def _check_graph(tree: Tree, index: TreeIndex, out: _Findings) -> None:
    """FP103, FP107, FP201."""
    nodes = tree.nodes
    cycle = index.cycle
    if cycle:
        out.add(CYCLE, f"nodes.{cycle[0]}", "cycle: " + " -> ".join(cycle))
    elif tree.start in nodes:  # the walk below needs a finite graph and a start
        _check_red_flag_first(tree, index, out)
    if len(index.reachable) != len(nodes):
        reachable = set(index.reachable)
        for node_id in nodes:
            if node_id not in reachable:
                out.add(
                    UNREACHABLE,
                    f"nodes.{node_id}",
                    "no path from start leads here; link it or delete it",
                )


def _check_red_flag_first(tree: Tree, index: TreeIndex, out: _Findings) -> None:
    """FP107: walk only through non-red-flag questions; anything reassuring found is unsafe."""
    nodes = tree.nodes
    parent: dict[str, str | None] = {tree.start: None}
    stack = [tree.start]
    reported = 0
    while stack and reported < MAX_RED_FLAG_FINDINGS:
        node_id = stack.pop()
        node = nodes[node_id]
        if isinstance(node, Question):
            if node.red_flag:
                continue
            for child in index.children[node_id]:
                if child in nodes and child not in parent:
                    parent[child] = node_id
                    stack.append(child)
        elif node.urgency.needs_red_flag_screen:
            trail = [node_id]
            while (up := parent[trail[-1]]) is not None:
                trail.append(up)
            reported += 1
            out.add(
                RED_FLAG_FIRST,
                f"nodes.{node_id}",
                f"{node.urgency.value} result reachable with no red-flag question on the way: "
                + " -> ".join(reversed(trail))
                + "; mark a question on this path red_flag or raise the urgency",
            )


@dataclass(frozen=True)
class LintReport:
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.rule.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.rule.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


def lint_tree(tree: Tree, index: TreeIndex | None = None) -> LintReport:
    index = index or TreeIndex(tree)
    out = _Findings()
    used = _check_nodes(tree, out)
    for fault in tree.text_faults:  # found by the loader, which shows U+FFFD instead
        out.add(CONTROL_CHARACTER, fault.path, fault.message())
    _check_catalogue(tree, used, out)
    _check_graph(tree, index, out)
    return LintReport(out.in_order())
