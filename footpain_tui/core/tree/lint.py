"""Named graph rules over a loaded tree. Errors make a tree unsafe to use; warnings do not.

Each rule has a stable id (``FP1xx`` errors, ``FP2xx`` warnings) and a short name, so
authors can look a finding up in the README and tests can assert on exactly one rule.

The per-node rules run together in one pass over the nodes (a 200k-node tree is linted in
a fraction of a second); the graph rules use the shared :class:`TreeIndex` and visit each
node a bounded number of times (once per urgency floor and screening state it can be
reached with), whatever the number of paths. Findings come out grouped by rule, in the
order of ``RULES``, and within a rule in file order (the graph walks' in the order found).
``lint_tree(..., warnings=False)`` gives the errors alone, which decide whether a tree may
be walked, and skips the warnings that read all of its text or search its whole graph.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple

from .floors import NO_FLOOR_RANK, effective_rank, floor_rank_after
from .graph import TreeIndex
from .model import CITED_BY_SECTION, URGENCY_BY_RANK, Question, Result, SourceRef, Tree, Urgency

# Keys the explorer binds itself; a choice shortcut on one of these could never be pressed.
RESERVED_KEYS = frozenset("bqrmetvw")  # keys the walk screens bind (Footer and help)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Rule(NamedTuple):
    id: str
    name: str
    severity: Severity
    summary: str


class Finding(NamedTuple):
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
    "a result or one of its discriminators names a condition id not in the catalogue",
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
INCOMPLETE_GUIDELINE = _rule(
    "FP110",
    "incomplete-guideline",
    Severity.ERROR,
    "a guideline or review source lacks its reference, title or url",
)
GUIDELINE_WITHOUT_SECTION = _rule(
    "FP111",
    "guideline-without-section",
    Severity.ERROR,
    "a guideline or review is cited without a section",
)
CHECKLIST_NONE = _rule(
    "FP112",
    "checklist-none",
    Severity.ERROR,
    'a checklist does not have exactly one negative ("None of these") choice',
)
CONTROL_CHARACTER = _rule(
    "FP113",
    "control-character",
    Severity.ERROR,
    "tree text holds control characters (C0 but newline and tab, DEL, C1) or bidi overrides",
)
WARNING_SIGN_TO_REASSURANCE = _rule(
    "FP114",
    "warning-sign-to-reassurance",
    Severity.ERROR,
    "a path that reports a warning sign (a non-negative choice of a red-flag question)"
    " ends at routine or self-care",
)
UNKNOWN_CONTRADICTION = _rule(
    "FP115",
    "unknown-contradiction",
    Severity.ERROR,
    "a choice's contradicts names an answer the tree does not have, or one no walk can give"
    " before that choice's question",
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
BOILERPLATE = _rule(
    "FP204",
    "boilerplate",
    Severity.WARNING,
    "a sentence repeated verbatim in more than two results",
)
NO_CATCH_ALL = _rule(
    "FP205",
    "no-catch-all",
    Severity.WARNING,
    "a question with more than two choices and no catch-all, not marked exhaustive",
)

# At most this many FP107, FP114 or FP204 findings each: one unsafe branch can hold
# thousands of results, and one pasted paragraph thousands of sentences.
MAX_RED_FLAG_FINDINGS = 20
# A sentence in more results than this is boilerplate (FP204).
BOILERPLATE_RESULTS = 2
# A choice whose label starts with one of these words (after casefolding) is a catch-all
# (FP205), as is a negative choice.
CATCH_ALL_PREFIXES = (
    "none of",
    "neither",
    "not sure",
    "unsure",
    "don't know",
    "do not know",
    "something else",
    "somewhere else",
    "no clear",
    "other",
    "another",
)


class _Findings:
    """Findings collected per rule, handed out in ``RULES`` order."""

    def __init__(self) -> None:
        self.by_rule: dict[str, list[Finding]] = {rule_id: [] for rule_id in RULES}

    def add(self, rule: Rule, path: str, message: str) -> None:
        self.by_rule[rule.id].append(Finding(rule, path, message))

    def in_order(self, *, errors_only: bool = False) -> list[Finding]:
        return [
            f
            for found in self.by_rule.values()
            for f in found
            if not errors_only or f.rule.severity is Severity.ERROR
        ]


# A line that starts with a catch-all prefix as a whole word ("other", "other toes", not
# "otherwise"), searched over a question's casefolded labels, one a line.
_CATCH_ALL = re.compile(
    "^(?:" + "|".join(re.escape(p) for p in CATCH_ALL_PREFIXES) + r")(?![^\W\d_])", re.MULTILINE
)


class _Sources:
    """FP108 and FP111 for source references, against the tree's ``meta.sources``."""

    def __init__(self, tree: Tree) -> None:
        self.by_id = {s.id: s for s in tree.meta.sources}
        self.by_section = {s.id for s in tree.meta.sources if s.kind in CITED_BY_SECTION}

    def check(
        self, refs: tuple[SourceRef, ...], out: _Findings, part: str, owner: str, field: str
    ) -> None:
        """Check ``refs``, found at ``{part}.{owner}.{field}`` (``nodes``, ``r_x``,
        ``sources``); a path is only formatted for a finding."""
        by_id = self.by_id
        for i, ref in enumerate(refs):
            source = by_id.get(ref.source)
            if source is None:
                out.add(
                    UNKNOWN_SOURCE,
                    f"{part}.{owner}.{field}[{i}].source",
                    f"unknown source {ref.source!r}; declare it in meta.sources",
                )
                continue
            limit = source.paragraphs
            if limit is not None:
                for p in ref.paragraphs:
                    if p > limit:
                        out.add(
                            UNKNOWN_SOURCE,
                            f"{part}.{owner}.{field}[{i}].paragraphs",
                            f"paragraph {p} is past the end of {ref.source!r} ({limit})",
                        )
            if ref.section is None and ref.source in self.by_section:
                out.add(
                    GUIDELINE_WITHOUT_SECTION,
                    f"{part}.{owner}.{field}[{i}]",
                    f"{source.kind} {ref.source!r} is cited without a section; add the"
                    ' recommendation or heading, e.g. "section": "1.3.1"',
                )


# Where a sentence ends inside a text: after a full stop and a space. (Only the full stop:
# looking for "? " and "! " too would triple the cost of reading every text of a big tree.)
_SENTENCE_BREAK = re.compile(r"(?<=\.) +")


def _sentences(text: str) -> list[str]:
    return _SENTENCE_BREAK.split(text) if ". " in text else [text]


def _result_texts(result: Result) -> list[tuple[str, tuple[str, ...]]]:
    """A result's text by field name: what FP204 compares."""
    return [
        ("explanation", (result.explanation,)),
        ("discriminators", tuple(d.text for d in result.discriminators)),
        ("pitfalls", result.pitfalls),
        ("examination", result.examination),
        ("investigations", result.investigations),
        ("next_steps", result.next_steps),
        ("treatment", result.treatment),
        ("self_care", result.self_care),
        ("seek_help", result.seek_help),
    ]


def _repeated_sentences(tree: Tree) -> set[str]:
    """Sentences found in more than ``BOILERPLATE_RESULTS`` results.

    The one rule that reads every sentence of every result, so it is kept tight: one list
    per result, one dictionary look-up per new sentence, splitting only the few texts that
    hold more than one sentence.
    """
    last_result: dict[str, str] = {}  # sentence -> the last result that used it
    results: dict[str, int] = {}  # sentence -> how many results use it, once repeated
    for node_id, node in tree.nodes.items():
        if isinstance(node, Question):
            continue
        texts = [
            node.explanation,
            *node.pitfalls,
            *node.examination,
            *node.investigations,
            *node.next_steps,
            *node.treatment,
            *node.self_care,
            *node.seek_help,
        ]
        if node.discriminators:
            texts += [d.text for d in node.discriminators]
        pieces: list[str] = []
        for text in texts:
            if ". " in text:
                pieces += _SENTENCE_BREAK.split(text)
            elif last_result.setdefault(text, node_id) is not node_id:
                last_result[text] = node_id
                results[text] = results.get(text, 1) + 1
        for sentence in pieces:
            if last_result.setdefault(sentence, node_id) is not node_id:
                last_result[sentence] = node_id
                results[sentence] = results.get(sentence, 1) + 1
    return {sentence for sentence, n in results.items() if n > BOILERPLATE_RESULTS}


def _check_boilerplate(tree: Tree, out: _Findings) -> None:
    """FP204: one finding per repeated sentence, at its first place, naming its results."""
    repeated = _repeated_sentences(tree)
    if not repeated:
        return
    # Where each repeated sentence is, in file order: (result id, JSON path) per result.
    where: dict[str, list[tuple[str, str]]] = {}
    for node_id, node in tree.nodes.items():
        if isinstance(node, Question):
            continue
        for field, group in _result_texts(node):
            for i, text in enumerate(group):
                for sentence in _sentences(text):
                    if sentence not in repeated:
                        continue
                    places = where.setdefault(sentence, [])
                    if not places or places[-1][0] != node_id:
                        index = "" if field == "explanation" else f"[{i}]"
                        suffix = ".text" if field == "discriminators" else ""
                        places.append((node_id, f"nodes.{node_id}.{field}{index}{suffix}"))
    for sentence, places in list(where.items())[:MAX_RED_FLAG_FINDINGS]:
        ids = [node_id for node_id, _ in places]
        listed = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
        shown = sentence if len(sentence) <= 80 else sentence[:77] + "..."
        out.add(
            BOILERPLATE,
            places[0][1],
            f"{shown!r} is repeated verbatim in {len(ids)} results ({listed});"
            " say what is specific to each result instead",
        )


def _check_nodes(tree: Tree, out: _Findings) -> set[str]:
    """The per-node rules in one pass: FP101, FP102, FP104, FP105, FP106, FP108 and FP111
    (results), FP109, FP112, FP203 and FP205.

    Returns the condition ids that results use (for FP202).
    """
    nodes = tree.nodes
    if tree.start not in nodes:
        out.add(UNKNOWN_NODE, "start", f"start node {tree.start!r} does not exist")
    catalogue = tree.conditions
    sources = _Sources(tree)
    used: set[str] = set()
    for node_id, node in nodes.items():
        if isinstance(node, Question):
            labels: set[str] = set()
            keys: set[str] = set()
            negatives = 0
            catch_all = node.exhaustive or len(node.choices) <= 2
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
                if choice.negative:
                    negatives += 1
                    catch_all = True
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
            if not catch_all:  # the labels, casefolded, one a line
                catch_all = _CATCH_ALL.search("\n".join(labels)) is not None
            if negatives != 1 and node.kind == "checklist":
                out.add(
                    CHECKLIST_NONE,
                    f"nodes.{node_id}.choices",
                    f"a checklist needs exactly one negative choice, found {negatives}: mark"
                    ' its "None of these" choice "negative": true'
                    + ("" if negatives == 0 else " and no other"),
                )
            if not catch_all:
                out.add(
                    NO_CATCH_ALL,
                    f"nodes.{node_id}.choices",
                    f"{len(node.choices)} choices and none for an answer that fits none of them;"
                    ' add "None of these" or "Not sure", or mark the question "exhaustive": true',
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
            sources.check(node.sources, out, "nodes", node_id, "sources")
            if node.discriminators:
                _check_discriminators(node_id, node, catalogue, sources, out)
    return used


def _check_discriminators(
    node_id: str, result: Result, catalogue: dict, sources: _Sources, out: _Findings
) -> None:
    """FP102 and FP108 for a result's discriminators."""
    for i, discriminator in enumerate(result.discriminators):
        for field in ("condition", "versus"):
            cid = getattr(discriminator, field)
            if cid not in catalogue:
                out.add(
                    UNKNOWN_CONDITION,
                    f"nodes.{node_id}.discriminators[{i}].{field}",
                    f"unknown condition {cid!r}",
                )
        sources.check(discriminator.sources, out, "nodes", node_id, f"discriminators[{i}].sources")


def _check_meta_sources(tree: Tree, out: _Findings) -> None:
    """FP110."""
    for i, source in enumerate(tree.meta.sources):
        if source.kind not in CITED_BY_SECTION:
            continue
        missing = [name for name in ("reference", "title", "url") if not getattr(source, name)]
        if missing:
            out.add(
                INCOMPLETE_GUIDELINE,
                f"meta.sources[{i}]",
                f"{source.kind} {source.id!r} has no {' or '.join(missing)}; a reader must be able"
                " to find the document: give its reference (e.g. 'NICE NG19'), title and url",
            )


def _check_catalogue(tree: Tree, used: set[str], out: _Findings) -> None:
    """FP108 and FP111 (condition sources) and FP202."""
    sources = _Sources(tree)
    for cid, cond in tree.conditions.items():
        sources.check(cond.sources, out, "conditions", cid, "sources")
        if cid not in used:
            out.add(UNUSED_CONDITION, f"conditions.{cid}", "no result lists this condition")


def _check_graph(tree: Tree, index: TreeIndex, out: _Findings, warnings: bool) -> None:
    """FP103, FP107, FP114 and (with ``warnings``) FP201."""
    nodes = tree.nodes
    cycle = index.cycle
    if cycle:
        out.add(CYCLE, f"nodes.{cycle[0]}", "cycle: " + " -> ".join(cycle))
    elif tree.start in nodes:  # the walk below needs a finite graph and a start
        _check_paths(tree, out)
    if warnings and len(index.reachable) != len(nodes):
        reachable = set(index.reachable)
        for node_id in nodes:
            if node_id not in reachable:
                out.add(
                    UNREACHABLE,
                    f"nodes.{node_id}",
                    "no path from start leads here; link it or delete it",
                )


_REASSURING_RANKS = frozenset(u.rank for u in Urgency if u.needs_red_flag_screen)
# What a path has passed so far, for FP107 and FP114.
_UNSCREENED, _SCREENED, _WARNED = 0, 1, 2
# A place in the walk below: a node, the most urgent floor passed to get there (a rank)
# and what the path has passed (_UNSCREENED, ...).
_State = tuple[str, int, int]


def _check_paths(tree: Tree, out: _Findings) -> None:
    """FP107 and FP114 in one walk from start, each node visited at most once per state.

    A path's effective urgency is its result's raised by the floors of the answers it
    takes (a checklist's choice counts as the edge it is; ticking more can only raise it),
    so the walk carries the floor passed so far: with five levels, a node has at most
    eighteen states (floor x unscreened, screened or warned) and the walk stays linear in
    the size of the tree, whatever the number of paths. A reassuring result (routine or
    self-care, once raised) reached unscreened is FP107, reached after a warning sign FP114.
    ``came_from`` records how each state was first reached, so the finding can show a path.
    """
    nodes = tree.nodes
    first: _State = (tree.start, NO_FLOOR_RANK, _UNSCREENED)
    came_from: dict[_State, tuple[_State, int] | None] = {first: None}
    stack = [first]
    reported: dict[str, set[str]] = {
        RED_FLAG_FIRST.id: set(),
        WARNING_SIGN_TO_REASSURANCE.id: set(),
    }
    while stack:
        state = stack.pop()
        node_id, floor, passed = state
        node = nodes[node_id]
        if isinstance(node, Question):
            for i, choice in enumerate(node.choices):
                if choice.next not in nodes:
                    continue
                if not node.red_flag:
                    screened = passed
                elif choice.negative:
                    screened = max(passed, _SCREENED)
                else:
                    screened = _WARNED
                after = (choice.next, floor_rank_after(floor, choice), screened)
                if after not in came_from:
                    came_from[after] = (state, i)
                    stack.append(after)
            continue
        if passed == _SCREENED or effective_rank(node.urgency, floor) not in _REASSURING_RANKS:
            continue
        rule = RED_FLAG_FIRST if passed == _UNSCREENED else WARNING_SIGN_TO_REASSURANCE
        done = reported[rule.id]
        if node_id in done or len(done) >= MAX_RED_FLAG_FINDINGS:
            continue
        done.add(node_id)
        urgency = _urgency_words(node, floor)
        trail = _trail(tree, came_from, state)
        if rule is RED_FLAG_FIRST:
            message = (
                f"{urgency} result reachable with no red-flag question on the way: {trail};"
                " mark a question on this path red_flag or raise the urgency"
            )
        else:
            message = (
                f"{urgency} result reached after a warning sign: {trail}; raise its urgency"
                " to soon or more, or lead the warning sign elsewhere"
            )
        out.add(rule, f"nodes.{node_id}", message)
        if all(len(done) >= MAX_RED_FLAG_FINDINGS for done in reported.values()):
            return


def _urgency_words(result: Result, floor: int) -> str:
    """A result's effective urgency in a finding: ``routine``, or ``routine (self_care
    raised by a floor)``."""
    if floor >= result.urgency.rank:
        return result.urgency.value
    return f"{URGENCY_BY_RANK[floor].value} ({result.urgency.value} raised by a floor)"


def _trail(tree: Tree, came_from: dict[_State, tuple[_State, int] | None], state: _State) -> str:
    """``start -> ... -> q_signs ('Fever') -> ... -> result``: the way ``came_from``
    recorded to ``state``, each answer that reports a warning sign named."""
    parts = [state[0]]
    while (previous := came_from[state]) is not None:
        state, i = previous
        question = tree.nodes[state[0]]
        assert isinstance(question, Question)
        sign = question.is_warning_sign(i)
        parts.append(f"{state[0]} ({question.choices[i].label!r})" if sign else state[0])
    return " -> ".join(reversed(parts))


class LintReport(NamedTuple):
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


def _check_contradictions(tree: Tree, index: TreeIndex, out: _Findings) -> None:
    """FP115: each ``contradicts`` names a question's choice by its exact label, and a walk
    can give that answer before it reaches the contradicting choice's question."""
    nodes = tree.nodes
    below: dict[str, set[str]] = {}  # a question -> the nodes reachable from it (on demand)

    def reachable_from(node_id: str) -> set[str]:
        if node_id not in below:
            seen: set[str] = set()
            stack = list(index.children.get(node_id, ()))
            while stack:
                current = stack.pop()
                if current not in seen:
                    seen.add(current)
                    stack.extend(index.children.get(current, ()))
            below[node_id] = seen
        return below[node_id]

    for node_id, node in nodes.items():
        if not isinstance(node, Question):
            continue
        for i, choice in enumerate(node.choices):
            for j, ref in enumerate(choice.contradicts):
                path = f"nodes.{node_id}.choices[{i}].contradicts[{j}]"
                named = nodes.get(ref.question)
                if not isinstance(named, Question):
                    what = "a result" if named is not None else "not a node of this tree"
                    out.add(
                        UNKNOWN_CONTRADICTION,
                        path,
                        f"{ref.question!r} is {what}; name the question whose answer rules out"
                        f" {choice.label!r}",
                    )
                elif not any(c.label == ref.choice for c in named.choices):
                    out.add(
                        UNKNOWN_CONTRADICTION,
                        path,
                        f"{ref.question!r} has no choice labelled {ref.choice!r}; copy the"
                        " label exactly",
                    )
                elif node_id not in reachable_from(ref.question):
                    out.add(
                        UNKNOWN_CONTRADICTION,
                        path,
                        f"no walk answers {ref.question!r} before {node_id!r}, so"
                        f" {ref.choice!r} can never rule out {choice.label!r}",
                    )


def lint_tree(tree: Tree, index: TreeIndex | None = None, *, warnings: bool = True) -> LintReport:
    """Every rule's findings; with ``warnings=False`` only the errors, which say whether the
    tree is safe to walk, without the authoring checks that read all of its text (FP204) or
    search its whole graph (FP201): what commands that only open a tree need."""
    index = index or TreeIndex(tree)
    out = _Findings()
    _check_meta_sources(tree, out)
    used = _check_nodes(tree, out)
    for fault in tree.text_faults:  # found by the loader, which shows U+FFFD instead
        out.add(CONTROL_CHARACTER, fault.path, fault.message())
    _check_catalogue(tree, used, out)
    _check_contradictions(tree, index, out)
    _check_graph(tree, index, out, warnings)
    if not warnings:
        return LintReport(out.in_order(errors_only=True))
    _check_boilerplate(tree, out)
    return LintReport(out.in_order())
