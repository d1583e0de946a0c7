"""The gap report's two Python steps, hand-written, next to networkx and python-igraph.

``redchain.connectivity`` walks the member network itself: breadth-first search for the chain
master's reach, Tarjan's low-link method for cut units with the pieces each would leave. This
times each step on random member networks (``--sizes`` units, ``--degree`` partners each on
average) as the report runs it: from the adjacency rows the Cypher returns to the answer, so a
library's time includes building its graph. networkx gives the cut units but not the pieces
(``articulation_points``); the figure for it is therefore a lower bound.

    python bench/bench_connectivity.py                  # 1k, 10k and 100k units
    python bench/bench_connectivity.py --sizes 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

from redchain import connectivity

Rows = list[dict[str, Any]]


def member_rows(units: int, degree: float, seed: int = 7) -> Rows:
    """Adjacency rows as the gap queries return them; unit 0 is the chain master."""
    rng = random.Random(seed)
    ids = [f"U{i:07d}" for i in range(units)]
    partners: dict[str, list[str]] = {u: [] for u in ids}
    for _ in range(int(units * degree / 2)):
        a, b = rng.sample(ids, 2)
        partners[a].append(b)
    return [
        {"uscc": u, "name": u, "is_master": i == 0, "partners": partners[u]}
        for i, u in enumerate(ids)
    ]


def hand_reach(rows: Rows) -> Any:
    return connectivity.unreachable_rows(rows, 3)


def hand_cuts(rows: Rows) -> Any:
    return connectivity.cut_unit_rows(rows)


def nx_reach(rows: Rows) -> Any:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(r["uscc"] for r in rows)
    graph.add_edges_from((r["uscc"], p) for r in rows for p in r["partners"])
    return nx.single_source_shortest_path_length(graph, rows[0]["uscc"])


def nx_cuts(rows: Rows) -> Any:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(r["uscc"] for r in rows)
    graph.add_edges_from((r["uscc"], p) for r in rows for p in r["partners"])
    return list(nx.articulation_points(graph))


def _igraph(rows: Rows) -> Any:
    import igraph

    index = {r["uscc"]: i for i, r in enumerate(rows)}
    edges = [(index[r["uscc"]], index[p]) for r in rows for p in r["partners"] if p in index]
    return igraph.Graph(n=len(rows), edges=edges)


def ig_reach(rows: Rows) -> Any:
    return _igraph(rows).distances(source=0)[0]


def ig_cuts(rows: Rows) -> Any:
    return _igraph(rows).articulation_points()


CASES: dict[str, dict[str, Callable[[Rows], Any]]] = {
    "reach (BFS)": {"redchain": hand_reach, "networkx": nx_reach, "igraph": ig_reach},
    "cut units": {"redchain": hand_cuts, "networkx": nx_cuts, "igraph": ig_cuts},
}


def median_seconds(step: Callable[[Rows], Any], rows: Rows, repeat: int) -> float:
    step(rows)  # warm-up: imports and caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        step(rows)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--degree", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows_out = []
    for size in args.sizes:
        rows = member_rows(size, args.degree)
        for case, steps in CASES.items():
            row: dict[str, Any] = {"units": size, "step": case}
            for name, step in steps.items():
                row[f"{name} ms"] = round(median_seconds(step, rows, args.repeat) * 1000, 2)
            row["networkx / redchain"] = round(row["networkx ms"] / row["redchain ms"], 2)
            row["igraph / redchain"] = round(row["igraph ms"] / row["redchain ms"], 2)
            rows_out.append(row)
    columns = list(rows_out[0]) if rows_out else []
    print(f"{common.command_line()}\n{common.machine()}")
    common.print_table("Python steps of the gap report (median ms)", rows_out, columns)
    data = {
        "command": common.command_line(),
        "machine": common.machine(),
        "degree": args.degree,
        "repeat": args.repeat,
        "rows": rows_out,
    }
    print(f"\nfigures: {common.write_results('connectivity', data)}")


if __name__ == "__main__":
    main()
