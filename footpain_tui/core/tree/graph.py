"""One pass over a tree's graph, shared by the linter and the walker.

Everything here is iterative (no recursion), so a 200k-node tree or a long chain cannot
overflow the stack, and computed once: the walker's "still possible" set is then a lookup.
"""

from __future__ import annotations

from functools import cached_property
from typing import NamedTuple

from .floors import more_urgent
from .model import URGENCY_BY_RANK, Question, Result, Tree, Urgency


class Reach(NamedTuple):
    """Conditions reachable from a node, each with the most urgent result it can end on.

    ``masks[r]`` has bit *i* set when condition *i* appears in some reachable result of
    urgency rank *r*; bit operations make the union over children cheap.
    """

    masks: tuple[int, ...]

    @staticmethod
    def empty() -> Reach:
        return Reach((0,) * len(URGENCY_BY_RANK))

    def union(self, other: Reach) -> Reach:
        return Reach(tuple(a | b for a, b in zip(self.masks, other.masks, strict=True)))


class TreeIndex:
    """Graph facts about a tree: edges, order, reachability, depth, path counts."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        nodes = tree.nodes
        self.children: dict[str, list[str]] = {
            node_id: [c.next for c in node.choices] if isinstance(node, Question) else []
            for node_id, node in nodes.items()
        }
        self.condition_ids: list[str] = list(tree.conditions)
        self.condition_bit: dict[str, int] = {cid: i for i, cid in enumerate(self.condition_ids)}

    @cached_property
    def contradicted_answers(self) -> frozenset[tuple[str, str]]:
        """The answers, as (question id, label), that some choice names in its
        ``contradicts``: the only answers a walk or a count need carry to judge rule-outs."""
        return frozenset(
            (ref.question, ref.choice)
            for node in self.tree.nodes.values()
            if isinstance(node, Question)
            for choice in node.choices
            for ref in choice.contradicts
        )

    @cached_property
    def reachable(self) -> list[str]:
        """Node ids reachable from ``start`` (existing nodes only), in discovery order."""
        if self.tree.start not in self.tree.nodes:
            return []
        seen = {self.tree.start}
        order = [self.tree.start]
        stack = [self.tree.start]
        while stack:
            for child in self.children[stack.pop()]:
                if child in self.tree.nodes and child not in seen:
                    seen.add(child)
                    order.append(child)
                    stack.append(child)
        return order

    @cached_property
    def cycle(self) -> list[str] | None:
        """One cycle as a list of node ids (first id repeated at the end), or None."""
        order = self.topological
        if len(order) == len(self.tree.nodes):
            return None
        # Kahn's sort stops short exactly at the nodes on or below a cycle; search only those.
        done = set(order)
        white, grey, black = 0, 1, 2
        colour = {n: white for n in self.tree.nodes if n not in done}
        for root in colour:
            if colour[root] != white:
                continue
            colour[root] = grey
            path = [root]
            iters = [iter(self.children[root])]
            while iters:
                child = next(iters[-1], None)
                if child is None:
                    colour[path.pop()] = black
                    iters.pop()
                    continue
                if child not in colour:
                    continue
                if colour[child] == grey:
                    return [*path[path.index(child) :], child]
                if colour[child] == white:
                    colour[child] = grey
                    path.append(child)
                    iters.append(iter(self.children[child]))
        raise AssertionError("the topological sort left nodes but no cycle was found")

    @cached_property
    def topological(self) -> list[str]:
        """All nodes, parents before children. Only meaningful when there is no cycle."""
        nodes = self.tree.nodes
        indegree = dict.fromkeys(nodes, 0)
        for kids in self.children.values():
            for child in kids:
                if child in indegree:
                    indegree[child] += 1
        ready = [n for n, d in indegree.items() if d == 0]
        order: list[str] = []
        while ready:
            node_id = ready.pop()
            order.append(node_id)
            for child in self.children[node_id]:
                if child in indegree:
                    indegree[child] -= 1
                    if indegree[child] == 0:
                        ready.append(child)
        return order

    def _bottom_up(self):
        """Nodes children-first; raises if the graph has a cycle (callers lint first)."""
        order = self.topological
        if len(order) != len(self.tree.nodes):
            raise ValueError("the tree has a cycle; run the linter first")
        return reversed(order)

    @cached_property
    def reach(self) -> dict[str, Reach]:
        """For every node: the conditions still possible from it and their top urgency."""
        out: dict[str, Reach] = {}
        width = len(URGENCY_BY_RANK)
        for node_id in self._bottom_up():
            node = self.tree.nodes[node_id]
            if isinstance(node, Result):
                mask = 0
                for cid in node.conditions:
                    bit = self.condition_bit.get(cid)
                    if bit is not None:
                        mask |= 1 << bit
                masks = [0] * width
                masks[node.urgency.rank] = mask
                out[node_id] = Reach(tuple(masks))
            else:
                acc = [0] * width
                for child in self.children[node_id]:
                    child_reach = out.get(child)
                    if child_reach is not None:
                        for r, m in enumerate(child_reach.masks):
                            acc[r] |= m
                out[node_id] = Reach(tuple(acc))
        return out

    def possible_conditions(
        self, node_id: str, floor: Urgency | None = None
    ) -> list[tuple[str, Urgency]]:
        """Conditions reachable from ``node_id``, most urgent first, with their top urgency,
        raised to at least ``floor`` (the urgency floor a walk has passed to get here)."""
        masks = self.reach[node_id].masks
        out: list[tuple[str, Urgency]] = []
        taken = 0
        for rank, mask in enumerate(masks):
            fresh = mask & ~taken
            taken |= mask
            bit = 0
            while fresh:
                if fresh & 1:
                    out.append((self.condition_ids[bit], URGENCY_BY_RANK[rank]))
                fresh >>= 1
                bit += 1
        if floor is not None:  # raising every level to the floor keeps the order
            out = [(cid, more_urgent(urgency, floor)) for cid, urgency in out]
        return out

    @cached_property
    def depth(self) -> int:
        """Questions on the longest path from start to a result (0 for a lone result)."""
        longest: dict[str, int] = {}
        for node_id in self._bottom_up():
            kids = [longest[c] for c in self.children[node_id] if c in longest]
            longest[node_id] = 1 + max(kids) if kids else 0
        return longest.get(self.tree.start, 0)

    @cached_property
    def _paths_to_a_result(self) -> dict[str, int]:
        count: dict[str, int] = {}
        for node_id in self._bottom_up():
            node = self.tree.nodes[node_id]
            if isinstance(node, Result):
                count[node_id] = 1
            else:
                count[node_id] = sum(count.get(c, 0) for c in self.children[node_id])
        return count

    def paths_from(self, node_id: str) -> int:
        """Distinct paths from ``node_id`` to a result (1 for a result itself)."""
        return self._paths_to_a_result.get(node_id, 0)

    @cached_property
    def path_count(self) -> int:
        """Distinct paths from start to a result."""
        return self.paths_from(self.tree.start)

    @cached_property
    def parents(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {n: [] for n in self.tree.nodes}
        for node_id, kids in self.children.items():
            for child in kids:
                if child in out:
                    out[child].append(node_id)
        return out
