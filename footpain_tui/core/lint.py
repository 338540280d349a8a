"""Named graph rules over a loaded tree. Errors make a tree unsafe to use; warnings do not.

Each rule has a stable id (``FP1xx`` errors, ``FP2xx`` warnings) and a short name, so
authors can look a finding up in the README and tests can assert on exactly one rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from .graph import TreeIndex
from .model import Question, Result, SourceRef, Tree

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
_CHECKS: list[Callable[[Tree, TreeIndex], Iterator[Finding]]] = []


def _rule(rule_id: str, name: str, severity: Severity, summary: str):
    rule = Rule(rule_id, name, severity, summary)
    RULES[rule_id] = rule

    def register(fn: Callable[[Tree, TreeIndex, Rule], Iterator[Finding]]):
        _CHECKS.append(lambda tree, index: fn(tree, index, rule))
        return fn

    return register


@_rule(
    "FP101",
    "unknown-node",
    Severity.ERROR,
    "start or a choice points at a node id that does not exist",
)
def _unknown_node(tree: Tree, index: TreeIndex, rule: Rule) -> Iterator[Finding]:
    if tree.start not in tree.nodes:
        yield Finding(rule, "start", f"start node {tree.start!r} does not exist")
    for node_id, node in tree.nodes.items():
        if isinstance(node, Question):
            for i, choice in enumerate(node.choices):
                if choice.next not in tree.nodes:
                    yield Finding(
                        rule,
                        f"nodes.{node_id}.choices[{i}].next",
                        f"choice {choice.label!r} leads to unknown node {choice.next!r}",
                    )


@_rule(
    "FP102",
    "unknown-condition",
    Severity.ERROR,
    "a result lists a condition id not in the catalogue",
)
def _unknown_condition(tree: Tree, index: TreeIndex, rule: Rule) -> Iterator[Finding]:
    for node_id, node in tree.nodes.items():
        if isinstance(node, Result):
            for i, cid in enumerate(node.conditions):
                if cid not in tree.conditions:
                    yield Finding(
                        rule, f"nodes.{node_id}.conditions[{i}]", f"unknown condition {cid!r}"
                    )


@_rule(
    "FP103",
    "cycle",
    Severity.ERROR,
    "following choices can come back to a node: a decision tree must end",
)
def _cycle(tree: Tree, index: TreeIndex, rule: Rule) -> Iterator[Finding]:
    cycle = index.cycle
    if cycle:
        yield Finding(rule, f"nodes.{cycle[0]}", "cycle: " + " -> ".join(cycle))


@_rule(
    "FP104", "duplicate-label", Severity.ERROR, "two choices of one question have the same label"
)
def _duplicate_label(tree: Tree, index: TreeIndex, rule: Rule) -> Iterator[Finding]:
    for node_id, node in tree.nodes.items():
        if isinstance(node, Question):
            seen: set[str] = set()
            for i, choice in enumerate(node.choices):
                label = choice.label.casefold()
                if label in seen:
                    yield Finding(
                        rule,
                        f"nodes.{node_id}.choices[{i}].label",
                        f"label {choice.label!r} repeats",
                    )
                seen.add(label)


@_rule(
    "FP105",
    "duplicate-shortcut",
    Severity.ERROR,
    "two choices of one question share a shortcut key",
)
def _duplicate_shortcut(tree: Tree, index: TreeIndex, rule: Rule) -> Iterator[Finding]:
    for node_id, node in tree.nodes.items():
        if isinstance(node, Question):
            seen: set[str] = set()
            for i, choice in enumerate(node.choices):
                if choice.key is None:
                    continue
                if choice.key in seen:
                    yield Finding(
                        rule,
                        f"nodes.{node_id}.choices[{i}].key",
                        f"shortcut {choice.key!r} repeats",
                    )
                seen.add(choice.key)


@_rule("FP106", "empty-result", Severity.ERROR, "a result lists no condition")
def _empty_result(tree: Tree, index: TreeIndex, rule: Rule) -> Iterator[Finding]:
    for node_id, node in tree.nodes.items():
        if isinstance(node, Result) and not node.conditions:
            yield Finding(rule, f"nodes.{node_id}.conditions", "result lists no condition")


@_rule(
    "FP107",
    "red-flag-first",
    Severity.ERROR,
    "a path from start reaches a routine or self-care result without passing a red-flag screen",
)
def _red_flag_first(tree: Tree, index: TreeIndex, rule: Rule) -> Iterator[Finding]:
    if index.cycle or tree.start not in tree.nodes:
        return  # reported by other rules; the walk below needs a finite graph
    # Walk only through non-red-flag questions: anything reassuring found there is unsafe.
    parent: dict[str, str | None] = {tree.start: None}
    stack = [tree.start]
    reported = 0
    while stack and reported < 20:
        node_id = stack.pop()
        node = tree.nodes[node_id]
        if isinstance(node, Question):
            if node.red_flag:
                continue
            for child in index.children[node_id]:
                if child in tree.nodes and child not in parent:
                    parent[child] = node_id
                    stack.append(child)
        elif node.urgency.needs_red_flag_screen:
            trail = [node_id]
            while (up := parent[trail[-1]]) is not None:
                trail.append(up)
            reported += 1
            yield Finding(
                rule,
                f"nodes.{node_id}",
                f"{node.urgency.value} result reachable with no red-flag question on the way: "
                + " -> ".join(reversed(trail))
                + "; mark a question on this path red_flag or raise the urgency",
            )


def _source_refs(tree: Tree) -> Iterator[tuple[str, SourceRef]]:
    for node_id, node in tree.nodes.items():
        if isinstance(node, Result):
            for i, ref in enumerate(node.sources):
                yield f"nodes.{node_id}.sources[{i}]", ref
    for cid, cond in tree.conditions.items():
        for i, ref in enumerate(cond.sources):
            yield f"conditions.{cid}.sources[{i}]", ref


@_rule(
    "FP108",
    "unknown-source",
    Severity.ERROR,
    "a source reference names a source or paragraph that does not exist",
)
def _unknown_source(tree: Tree, index: TreeIndex, rule: Rule) -> Iterator[Finding]:
    sources = {s.id: s for s in tree.meta.sources}
    for path, ref in _source_refs(tree):
        source = sources.get(ref.source)
        if source is None:
            yield Finding(
                rule, path + ".source", f"unknown source {ref.source!r}; declare it in meta.sources"
            )
            continue
        if source.paragraphs is not None:
            for p in ref.paragraphs:
                if p > source.paragraphs:
                    yield Finding(
                        rule,
                        path + ".paragraphs",
                        f"paragraph {p} is past the end of {ref.source!r} ({source.paragraphs})",
                    )


@_rule("FP109", "result-without-source", Severity.ERROR, "a result cites no source")
def _result_without_source(tree: Tree, index: TreeIndex, rule: Rule) -> Iterator[Finding]:
    for node_id, node in tree.nodes.items():
        if isinstance(node, Result) and not node.sources:
            yield Finding(
                rule, f"nodes.{node_id}.sources", "result cites no source; add a source reference"
            )


@_rule("FP201", "unreachable-node", Severity.WARNING, "a node cannot be reached from start")
def _unreachable(tree: Tree, index: TreeIndex, rule: Rule) -> Iterator[Finding]:
    reachable = set(index.reachable)
    for node_id in tree.nodes:
        if node_id not in reachable:
            yield Finding(
                rule, f"nodes.{node_id}", "no path from start leads here; link it or delete it"
            )


@_rule(
    "FP202",
    "unused-condition",
    Severity.WARNING,
    "a condition in the catalogue is used by no result",
)
def _unused_condition(tree: Tree, index: TreeIndex, rule: Rule) -> Iterator[Finding]:
    used = {
        cid for node in tree.nodes.values() if isinstance(node, Result) for cid in node.conditions
    }
    for cid in tree.conditions:
        if cid not in used:
            yield Finding(rule, f"conditions.{cid}", "no result lists this condition")


@_rule(
    "FP203",
    "reserved-shortcut",
    Severity.WARNING,
    "a choice shortcut is a key the explorer already binds",
)
def _reserved_shortcut(tree: Tree, index: TreeIndex, rule: Rule) -> Iterator[Finding]:
    for node_id, node in tree.nodes.items():
        if isinstance(node, Question):
            for i, choice in enumerate(node.choices):
                if choice.key in RESERVED_KEYS:
                    yield Finding(
                        rule,
                        f"nodes.{node_id}.choices[{i}].key",
                        f"shortcut {choice.key!r} is bound by the explorer; use 1-9 or another letter",
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
    findings = [finding for check in _CHECKS for finding in check(tree, index)]
    return LintReport(findings)
