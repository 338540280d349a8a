"""Write a large, lint-clean decision tree for benchmarks.

    python benchmarks/make_big_tree.py N OUT [--seed S]

The tree has exactly N nodes: a red-flag question at the start (so FP107 passes), then
questions with 2..5 choices down to depth ~15, results sharing a catalogue of conditions,
and text about as long as the real tree's (prompts ~80 chars, explanations ~300 chars,
several next steps). ``validate`` reports no errors and no warnings on it: the last choice
of every red-flag question is its negative one, results below any other choice of one are
at least "soon" (FP114), and a question with more than two choices ends with a catch-all
(FP205). Those touches draw no random numbers, so the text is the same as before them.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

MAX_DEPTH = 15
URGENCIES = ("emergency", "urgent", "soon", "routine", "self_care")
URGENCY_WEIGHTS = (1, 3, 6, 8, 6)
# Shortcut letters the explorer does not bind (lint FP203 reserves b q r m e t).
SHORTCUTS = "acdfg"
ARTICLE_PARAGRAPHS = 40

_VOCABULARY = (
    "heel arch ankle tendon pain swelling morning walking running load rest night stiffness "
    "redness warmth numbness tingling burning sole calf bruise injury shoe sport weeks days "
    "gradual sudden sharp dull ache pressure step stairs standing fever diabetes "
    "circulation nerve joint bone fascia bursa skin pulse colour cold weight climbing "
    "jumping after before during usually often rarely both one side worse better eases "
    "movement stretching ice"
)
_WORDS = _VOCABULARY.split()


def _text(rng: random.Random, length: int) -> str:
    """A sentence of about ``length`` characters."""
    words: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(_WORDS)
        words.append(word)
        size += len(word) + 1
    return (" ".join(words)).capitalize()[: max(1, length)].rstrip() + "."


def _shape(n: int, rng: random.Random) -> tuple[dict[int, list[int]], dict[int, int]]:
    """A tree of exactly ``n`` node numbers: children of each question, depth of each node."""
    if n < 5:
        raise ValueError("a benchmark tree needs at least 5 nodes")
    children: dict[int, list[int]] = {}
    depth = {0: 0}
    count = 1
    # The start is a red-flag screen with two answers: one result, one way on.
    children[0] = [1, 2]
    depth[1] = depth[2] = 1
    count = 3
    stack = [2]  # depth-first, so the budget reaches depth ~15 before the top fills up
    leaves: list[int] = []  # results that could still become questions
    while count < n:
        if stack:
            node = stack.pop()
            if depth[node] >= MAX_DEPTH or (node != 2 and rng.random() >= 0.62):
                leaves.append(node)
                continue
        elif leaves:  # the walk died out early: grow a random earlier result instead
            node = leaves.pop(rng.randrange(len(leaves)))
            if depth[node] >= MAX_DEPTH:
                continue
        else:
            raise AssertionError("no node left to grow")
        left = n - count
        k = min(rng.randint(2, 5), left)
        if left - k == 1:  # never leave one node that no question can hold
            k = k + 1 if k < 5 else k - 1
        kids = list(range(count, count + k))
        count += k
        children[node] = kids
        for kid in kids:
            depth[kid] = depth[node] + 1
        stack.extend(reversed(kids))
    if count != n:
        raise AssertionError(f"built {count} nodes, wanted {n}")
    return children, depth


def build_tree(n: int, seed: int = 1) -> dict[str, Any]:
    """A tree dict with exactly ``n`` nodes that loads and lints clean."""
    rng = random.Random(seed)
    children, _depth = _shape(n, rng)
    n_results = n - len(children)
    n_conditions = min(n_results, max(12, min(150, n // 1000)))
    condition_ids = [f"cond_{i:04d}" for i in range(n_conditions)]

    def node_id(num: int) -> str:
        return f"q_{num:06d}" if num in children else f"r_{num:06d}"

    nodes: dict[str, Any] = {}
    result_no = 0
    for num in range(n):
        nid = node_id(num)
        if num in children:
            kids = children[num]
            red_flag = num == 0 or rng.random() < 0.08
            choices = []
            for i, kid in enumerate(kids):
                choice: dict[str, Any] = {
                    "label": f"{i + 1}) {_text(rng, rng.randint(12, 40))}",
                    "next": node_id(kid),
                }
                if i < len(SHORTCUTS) and rng.random() < 0.5:
                    choice["key"] = SHORTCUTS[i]
                choices.append(choice)
            question: dict[str, Any] = {
                "kind": "question",
                "prompt": _text(rng, rng.randint(50, 110)),
                "why": _text(rng, rng.randint(80, 200)),
                "red_flag": red_flag,
                "choices": choices,
            }
            nodes[nid] = question
        else:
            # The first results cover every condition once, so none is unused (FP202).
            first = condition_ids[result_no % n_conditions]
            others = rng.sample(condition_ids, rng.randint(0, 2))
            conds = list(dict.fromkeys([first, *others]))
            urgency = "urgent" if num == 1 else rng.choices(URGENCIES, URGENCY_WEIGHTS)[0]
            result_no += 1
            nodes[nid] = {
                "kind": "result",
                "title": _text(rng, rng.randint(20, 50)),
                "urgency": urgency,
                "conditions": conds,
                "explanation": _text(rng, rng.randint(220, 380)),
                "next_steps": [_text(rng, rng.randint(40, 100)) for _ in range(rng.randint(2, 4))],
                "self_care": [_text(rng, rng.randint(40, 90)) for _ in range(rng.randint(0, 3))],
                "seek_help": [_text(rng, rng.randint(40, 90)) for _ in range(rng.randint(1, 2))],
                "sources": [
                    {"source": "article", "paragraphs": [rng.randint(1, ARTICLE_PARAGRAPHS)]},
                    {"source": "general"},
                ],
            }
    conditions = {
        cid: {
            "name": _text(rng, rng.randint(10, 30)).rstrip("."),
            "summary": _text(rng, rng.randint(100, 200)),
            "features": [_text(rng, 60) for _ in range(3)],
            "diagnostics": [_text(rng, 60) for _ in range(2)],
            "treatment": [_text(rng, 60) for _ in range(2)],
            "sources": [{"source": "article", "paragraphs": [rng.randint(1, ARTICLE_PARAGRAPHS)]}],
        }
        for cid in condition_ids
    }
    _make_safe(nodes)
    return {
        "meta": {
            "id": "big",
            "title": f"Benchmark tree with {n} nodes",
            "version": "1.0",
            "description": "A generated tree for load benchmarks.",
            "disclaimer": "Generated text; not medical advice.",
            "sources": [
                {
                    "id": "article",
                    "title": "Benchmark article",
                    "kind": "article",
                    "paragraphs": ARTICLE_PARAGRAPHS,
                },
                {"id": "general", "title": "General safety advice", "kind": "general"},
            ],
        },
        "start": node_id(0),
        "nodes": nodes,
        "conditions": conditions,
    }


def _make_safe(nodes: dict[str, Any]) -> None:
    """Mark negative answers, raise what a warning sign reaches, add catch-alls (in place)."""
    below_warning: list[str] = []
    for node in nodes.values():
        if node["kind"] != "question":
            continue
        choices = node["choices"]
        if node["red_flag"]:
            choices[-1]["negative"] = True
            below_warning += [c["next"] for c in choices[:-1]]
        elif len(choices) > 2:
            choices[-1]["label"] = "Not sure: " + choices[-1]["label"]
    seen: set[str] = set()
    while below_warning:
        node_id = below_warning.pop()
        if node_id in seen:
            continue
        seen.add(node_id)
        node = nodes[node_id]
        if node["kind"] == "question":
            below_warning += [c["next"] for c in node["choices"]]
        elif node["urgency"] in ("routine", "self_care"):
            node["urgency"] = "soon"


def write_big_tree(n: int, out: str | Path, seed: int = 1) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(build_tree(n, seed), indent=1, ensure_ascii=False), "utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of nodes (at least 5)")
    parser.add_argument("out", help="where to write the JSON tree")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    path = write_big_tree(args.n, args.out, args.seed)
    print(f"wrote {path} ({args.n} nodes, {path.stat().st_size / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
