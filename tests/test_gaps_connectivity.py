"""Reachability and cut units in Python, checked against networkx on random networks."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from redchain.connectivity import (
    adjacency,
    articulation_points,
    cut_unit_rows,
    hop_distances,
    unreachable_rows,
)

edges_strategy = st.lists(st.tuples(st.integers(0, 24), st.integers(0, 24)), max_size=60).map(
    lambda pairs: [(a, b) for a, b in pairs if a != b]
)


def as_rows(n: int, edges: list[tuple[int, int]], master: int | None = 0) -> list[dict]:
    partners: dict[int, list[str]] = {i: [] for i in range(n)}
    for a, b in edges:
        partners[a].append(f"u{b:02d}")  # one side only: the walk must go both ways
    return [
        {"uscc": f"u{i:02d}", "name": f"单位{i:02d}", "is_master": i == master, "partners": p}
        for i, p in partners.items()
    ]


@settings(max_examples=150, deadline=None)
@given(edges_strategy)
def test_cut_units_are_networkx_articulation_points_with_the_pieces_they_leave(
    edges: list[tuple[int, int]],
) -> None:
    graph = nx.Graph()
    graph.add_nodes_from(range(25))
    graph.add_edges_from(edges)
    found = articulation_points(adjacency(as_rows(25, edges)))
    assert set(found) == {f"u{n:02d}" for n in nx.articulation_points(graph)}
    for code, cut in found.items():
        unit = int(code[1:])
        part = nx.node_connected_component(graph, unit) - {unit}
        sizes = [len(c) for c in nx.connected_components(graph.subgraph(part))]
        assert cut.pieces == len(sizes)
        assert cut.separated == sum(sizes) - max(sizes)


@settings(max_examples=150, deadline=None)
@given(edges_strategy, st.integers(0, 5))
def test_unreachable_units_are_those_beyond_hops_of_the_master(
    edges: list[tuple[int, int]], hops: int
) -> None:
    graph = nx.Graph()
    graph.add_nodes_from(range(25))
    graph.add_edges_from(edges)
    reach = nx.single_source_shortest_path_length(graph, 0)
    rows = unreachable_rows(as_rows(25, edges), hops)
    expected = sorted(n for n in range(1, 25) if reach.get(n, hops + 1) > hops)
    assert [int(r["uscc"][1:]) for r in rows] == expected
    assert all(r["distance"] == reach.get(int(r["uscc"][1:])) for r in rows)


def test_a_long_chain_of_units_does_not_overflow_the_stack() -> None:
    n = 5_000  # far deeper than Python's recursion limit
    rows = as_rows(n, [(i, i + 1) for i in range(n - 1)])
    assert len(cut_unit_rows(rows)) == n - 2
    assert hop_distances(adjacency(rows), "u00")[f"u{n - 1:02d}"] == n - 1


def test_partners_outside_the_network_are_ignored() -> None:
    rows = [
        {"uscc": "A", "name": "甲", "is_master": True, "partners": ["B", "GONE"]},
        {"uscc": "B", "name": "乙", "is_master": False, "partners": ["A", "A"]},
    ]
    assert adjacency(rows) == {"A": {"B"}, "B": {"A"}}
    assert unreachable_rows(rows, 1) == []
    assert cut_unit_rows(rows) == []
