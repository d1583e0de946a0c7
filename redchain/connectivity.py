"""Reachability and cut units of the member network, in Python.

Neither question has a portable Cypher answer: a variable-length pattern cannot take its length
from a parameter, the two engines filter the relationships along a path differently, and neither
has articulation points without a plug-in. The gap queries therefore fetch the member network as
adjacency rows (``uscc``, ``name``, ``is_master``, ``partners``) and the functions here walk it.
Both are iterative, so a long chain of units cannot overflow Python's stack.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Adjacency = dict[str, set[str]]


def adjacency(rows: Iterable[Mapping[str, Any]]) -> Adjacency:
    """Undirected adjacency over the rows' units: a partner named by either side links both;
    partners that are not rows themselves (not in the network) are dropped."""
    rows = list(rows)
    graph: Adjacency = {str(row["uscc"]): set() for row in rows}
    for row in rows:
        unit = str(row["uscc"])
        for partner in row.get("partners") or ():
            if partner in graph and partner != unit:
                graph[unit].add(partner)
                graph[partner].add(unit)
    return graph


def hop_distances(graph: Adjacency, source: str) -> dict[str, int]:
    """Steps from ``source`` to every unit it can reach (breadth-first)."""
    if source not in graph:
        return {}
    distance = {source: 0}
    queue = deque([source])
    while queue:
        unit = queue.popleft()
        for partner in graph[unit]:
            if partner not in distance:
                distance[partner] = distance[unit] + 1
                queue.append(partner)
    return distance


@dataclass(frozen=True)
class CutUnit:
    uscc: str
    pieces: int  # pieces its connected part falls into without it
    separated: int  # units outside the largest of those pieces


def articulation_points(graph: Adjacency) -> dict[str, CutUnit]:
    """Units whose removal splits their connected part (Tarjan's low-link method, iterative).

    For each, the sizes of the pieces left behind give ``pieces`` and ``separated``; both are the
    same whichever unit the search starts from.
    """
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    size: dict[str, int] = {}
    found: dict[str, CutUnit] = {}
    for root in sorted(graph):
        if root in order:
            continue
        component: list[str] = []
        # Sizes of the subtrees that would break away from each unit if it went.
        broken: dict[str, list[int]] = {}
        order[root] = low[root] = len(order)
        size[root] = 1
        component.append(root)
        stack: list[tuple[str, str | None, list[str]]] = [(root, None, sorted(graph[root]))]
        while stack:
            unit, parent, todo = stack[-1]
            if todo:
                nxt = todo.pop()
                if nxt == parent:
                    continue
                if nxt in order:
                    low[unit] = min(low[unit], order[nxt])
                    continue
                order[nxt] = low[nxt] = len(order)
                size[nxt] = 1
                component.append(nxt)
                stack.append((nxt, unit, sorted(graph[nxt])))
                continue
            stack.pop()
            if parent is None:
                continue
            low[parent] = min(low[parent], low[unit])
            size[parent] += size[unit]
            # The root splits off every child subtree; others only those with no way back above.
            if parent == root or low[unit] >= order[parent]:
                broken.setdefault(parent, []).append(size[unit])
        total = len(component)
        for unit, subtrees in broken.items():
            pieces = list(subtrees)
            if unit != root:
                pieces.append(total - 1 - sum(subtrees))
            if len(pieces) < 2:
                continue
            found[unit] = CutUnit(unit, len(pieces), total - 1 - max(pieces))
    return found


def _by_name(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (str(r.get("name") or ""), str(r["uscc"])))


def unreachable_rows(rows: Sequence[Mapping[str, Any]], hops: int) -> list[dict[str, Any]]:
    """Members the chain master cannot reach within ``hops`` steps, with the actual distance
    (``None`` when not connected at all). With no master among the rows, every member."""
    graph = adjacency(rows)
    masters = sorted(str(r["uscc"]) for r in rows if r.get("is_master"))
    distance = hop_distances(graph, masters[0]) if masters else {}
    out = [
        {"uscc": row["uscc"], "name": row.get("name"), "distance": distance.get(str(row["uscc"]))}
        for row in rows
        if str(row["uscc"]) not in masters
        and (str(row["uscc"]) not in distance or distance[str(row["uscc"])] > hops)
    ]
    return _by_name(out)


def cut_unit_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The member network's cut units with the pieces and units their loss would split off."""
    names = {str(r["uscc"]): r.get("name") for r in rows}
    cuts = articulation_points(adjacency(rows))
    out = [
        {"uscc": c.uscc, "name": names[c.uscc], "pieces": c.pieces, "separated": c.separated}
        for c in cuts.values()
    ]
    return _by_name(out)


def has_master(rows: Iterable[Mapping[str, Any]]) -> bool:
    return any(r.get("is_master") for r in rows)
