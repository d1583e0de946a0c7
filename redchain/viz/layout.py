"""Where nodes go. Small views settle in the browser with a short physics run started from the
positions computed here; large views keep these positions with physics off, so the browser only
draws; very large views show one node per domain.

The layout puts each domain in its own disc ("sector"), the discs around a ring. Inside a disc the
best-linked units sit in the middle, and each unit leans towards the domains it links to, so links
that cross domains run between facing edges of the discs. It takes one pass over the links and a
sort per ring of slots: well under a second for 20,000 units.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Literal

from redchain.model import DOMAINS
from redchain.viz.graph import ViewGraph
from redchain.viz.options import ViewOptions

LayoutMode = Literal["physics", "static", "overview"]
Positions = dict[str, tuple[float, float]]

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
#: Distance between neighbouring slots of a disc, in vis-network's canvas units.
SPACING = 34.0
OTHER_GROUP = "other"


def choose_mode(node_count: int, options: ViewOptions) -> LayoutMode:
    if options.layout != "auto":
        return options.layout
    if node_count <= options.physics_limit:
        return "physics"
    if node_count <= options.overview_limit:
        return "static"
    return "overview"


def group_of(graph: ViewGraph, node_id: str) -> str:
    unit = graph.units[node_id]
    if unit.kind != "org":
        return unit.kind
    return unit.domain or OTHER_GROUP


def sector_layout(graph: ViewGraph, spacing: float = SPACING) -> Positions:
    """Positions for every unit: organisations in domain discs, chains in the middle, bases
    beside the unit that hosts them."""
    members: dict[str, list[str]] = defaultdict(list)
    for node_id, unit in graph.units.items():
        if unit.kind == "org":
            members[group_of(graph, node_id)].append(node_id)
    order = [d.key for d in DOMAINS if d.key in members] + sorted(
        g for g in members if g not in {d.key for d in DOMAINS}
    )
    centres = _disc_centres([len(members[g]) for g in order], spacing)
    centre_of = dict(zip(order, centres, strict=True))
    group = {node_id: g for g in order for node_id in members[g]}

    degree: dict[str, int] = defaultdict(int)
    pull: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for link in graph.links:
        a, b = link.source, link.target
        if a not in group or b not in group:
            continue
        degree[a] += 1
        degree[b] += 1
        ga, gb = group[a], group[b]
        if ga != gb:
            _lean(pull[a], centre_of[ga], centre_of[gb])
            _lean(pull[b], centre_of[gb], centre_of[ga])

    positions: Positions = {}
    for g in order:
        cx, cy = centre_of[g]
        ranked = sorted(members[g], key=lambda n: (-degree[n], n))
        for node_id, (x, y) in zip(ranked, _place(ranked, pull, spacing), strict=True):
            positions[node_id] = (cx + x, cy + y)
    _place_others(graph, positions, spacing)
    return positions


def _lean(vector: list[float], own: tuple[float, float], other: tuple[float, float]) -> None:
    dx, dy = other[0] - own[0], other[1] - own[1]
    length = math.hypot(dx, dy) or 1.0
    vector[0] += dx / length
    vector[1] += dy / length


def _disc_radius(count: int, spacing: float) -> float:
    return spacing * math.sqrt(max(count, 1))


def _disc_centres(counts: list[int], spacing: float) -> list[tuple[float, float]]:
    """Disc centres on a ring wide enough that neighbouring discs do not touch."""
    if len(counts) <= 1:
        return [(0.0, 0.0)] * len(counts)
    radii = [_disc_radius(c, spacing) for c in counts]
    gap = 3 * spacing
    circumference = sum(2 * r + gap for r in radii)
    ring = max(circumference / (2 * math.pi), max(radii) + gap)
    centres = []
    angle = -math.pi / 2
    for r in radii:
        share = (2 * r + gap) / circumference * 2 * math.pi
        mid = angle + share / 2
        centres.append((ring * math.cos(mid), ring * math.sin(mid)))
        angle += share
    return centres


def _place(
    ranked: list[str], pull: dict[str, list[float]], spacing: float
) -> list[tuple[float, float]]:
    """Sunflower slots, filled ring by ring: the best-linked units take the inner rings, and
    within a ring each unit takes the slot facing the domains it links to."""
    slots = [
        (
            spacing * math.sqrt(k + 0.5) * math.cos(k * GOLDEN_ANGLE),
            spacing * math.sqrt(k + 0.5) * math.sin(k * GOLDEN_ANGLE),
        )
        for k in range(len(ranked))
    ]
    placed: list[tuple[float, float]] = [(0.0, 0.0)] * len(ranked)
    start = 0
    ring = 0
    while start < len(ranked):
        # Slots k in [ring², (ring+1)²) lie between ring and ring+1 spacings from the centre.
        end = min(len(ranked), (ring + 1) ** 2)
        indices = range(start, end)
        by_slot = sorted(indices, key=lambda k: math.atan2(slots[k][1], slots[k][0]))
        by_wish = sorted(indices, key=lambda k: _wish_angle(ranked[k], pull, k))
        for slot_index, node_index in zip(by_slot, by_wish, strict=True):
            placed[node_index] = slots[slot_index]
        start = end
        ring += 1
    return placed


def _wish_angle(node_id: str, pull: dict[str, list[float]], k: int) -> float:
    vector = pull.get(node_id)
    if vector and (vector[0] or vector[1]):
        return math.atan2(vector[1], vector[0])
    # No link across domains: spread such units evenly, the same way on every run.
    return math.remainder(k * GOLDEN_ANGLE, 2 * math.pi)


def _place_others(graph: ViewGraph, positions: Positions, spacing: float) -> None:
    chains = [u.id for u in graph.units.values() if u.kind == "chain"]
    for i, chain_id in enumerate(chains):
        positions[chain_id] = (i * 4 * spacing, 0.0)
    hosts = {lk.source: lk.target for lk in graph.links if lk.source.startswith("base:")}
    others = [u.id for u in graph.units.values() if u.id not in positions]
    for i, node_id in enumerate(others):
        anchor = positions.get(hosts.get(node_id, ""), (0.0, 0.0))
        angle = i * GOLDEN_ANGLE
        positions[node_id] = (
            anchor[0] + 1.5 * spacing * math.cos(angle),
            anchor[1] + 1.5 * spacing * math.sin(angle),
        )
