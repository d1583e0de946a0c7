"""The explorer (``redchain serve``) at 1,000, 20,000 and 100,000 units, beside raw engine queries.

For each size and engine a synthetic chain (the network-view benchmark's generator: domain mix
like the real one, about three partnerships per unit) is written into a fresh graph, and
``redchain serve`` runs on it as a real process on a free port. Then, side by side in one run:
- search: ``GET /api/search`` for 15 names, pinyin initials and codes, against the same work
  done in the benchmark's process without HTTP (the change check plus the in-memory index), and
  against the raw Cypher a user would write for it (``CONTAINS`` on name, English name, code);
- expand: ``GET /api/expand`` of 15 units (100 neighbours at most, with their facts and links),
  against the same queries run in the benchmark's process (``serve.graphdata.expand``), and
  against one raw Cypher query for the neighbours and their names;
- first screen: headless Chromium from navigation until the explorer has drawn its first
  screen (the overview above 300 units), against the static page of the same view
  (``redchain viz --layout overview`` of the whole graph) opened from a file;
- memory: resident memory of the server process (and of the embedded engine's redis-server).
Medians and the spread (min–max) of the repeats are printed.
Run: ``python bench/bench_serve.py [--sizes 1000 20000 100000] [--engines embedded neo4j]``.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_viz import BROWSER_ARGS, load, synthetic_graph
from common import (
    _descendants,
    _name,
    _status_kb,
    command_line,
    fresh,
    machine,
    neo4j_configured,
    open_engine,
    write_results,
)

import redchain
from redchain.serve import graphdata
from redchain.serve.search import SearchIndex, entry, pinyin_keys
from redchain.viz import ViewOptions, build_view

SIZES = (1000, 20_000, 100_000)
REPEATS = 15


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def spread(values: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
    }


def start_server(backend: str, data_dir: Path) -> tuple[subprocess.Popen[str], str, str]:
    port = free_port()
    env = {**os.environ, "REDCHAIN_BACKEND": backend, "REDCHAIN_DATA_DIR": str(data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "redchain.cli.main", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if "?token=" in line:
            return process, f"http://127.0.0.1:{port}", line.strip().split("?token=")[1]
    raise RuntimeError("redchain serve did not start")


def rss_mb(pid: int) -> dict[str, float]:
    found = {"server": round((_status_kb(pid, "VmRSS") or 0) / 1024, 1)}
    for child in _descendants(pid):
        found[_name(child)] = round((_status_kb(child, "VmRSS") or 0) / 1024, 1)
    return found


def time_ready(url: str, selector: str, chromium: str) -> float:
    """Seconds from navigation until ``selector`` matches, in a fresh headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(selector, timeout=600_000, state="attached")
        seconds = time.perf_counter() - started
        browser.close()
    return seconds


def measure(backend: str, n: int, work: Path, chromium: str) -> dict[str, Any]:
    graph = synthetic_graph(n)
    data_dir = work / f"data-{n}"
    engine = (
        open_engine(backend, work)
        if backend == "neo4j"
        else redchain.connect("embedded", data_dir=data_dir)
    )
    fresh(engine)
    load(engine, graph)
    static = work / f"static-{n}.html"
    built = time.perf_counter()
    build_view(engine, ViewOptions(layout="overview")).write(static)
    static_build = time.perf_counter() - built
    engine.close()

    process, base, token = start_server(backend, data_dir)
    try:
        # The raw side talks to the same engine: on the embedded one it attaches to the server.
        raw = redchain.connect(backend, data_dir=data_dir)
        client = httpx.Client(
            base_url=base, headers={"authorization": f"Bearer {token}"}, timeout=600
        )
        started = time.perf_counter()
        client.get("/api/search", params={"q": "x"})  # builds the search index
        index_seconds = time.perf_counter() - started
        units = list(graph.units.values())
        picks = [units[(i * 7919) % len(units)] for i in range(REPEATS)]
        queries = []
        for i, unit in enumerate(picks):
            kind = i % 3
            queries.append(
                unit.name if kind == 0 else (unit.uscc if kind == 1 else pinyin_keys(unit.name)[1])
            )
        index = SearchIndex(
            entry(r["uscc"], r["name"] or r["uscc"], r["short_name"], r["name_en"], r["domain"])
            for r in graphdata.index_rows(raw)
        )
        api_search, raw_search, direct_search = [], [], []
        for q in queries:
            t = time.perf_counter()
            graphdata.signature(raw)
            index.find(q)
            direct_search.append(time.perf_counter() - t)
            t = time.perf_counter()
            client.get("/api/search", params={"q": q}).raise_for_status()
            api_search.append(time.perf_counter() - t)
            t = time.perf_counter()
            raw.run(
                "MATCH (o:Organization) WHERE o.name CONTAINS $q OR o.name_en CONTAINS $q "
                "OR o.uscc STARTS WITH $q RETURN o.uscc AS uscc, o.name AS name, "
                "o.name_en AS name_en LIMIT 12",
                {"q": q},
            )
            raw_search.append(time.perf_counter() - t)
        api_expand, raw_expand, direct_expand = [], [], []
        for unit in picks:
            t = time.perf_counter()
            graphdata.expand(raw, unit.uscc, "zh")
            direct_expand.append(time.perf_counter() - t)
            t = time.perf_counter()
            client.get("/api/expand", params={"id": unit.uscc}).raise_for_status()
            api_expand.append(time.perf_counter() - t)
            t = time.perf_counter()
            raw.run(
                "MATCH (a:Organization)-[r:PARTNERS_WITH]-(b:Organization) WHERE a.uscc = $id "
                "RETURN b.uscc AS uscc, b.name AS name, b.name_en AS name_en, b.domain AS "
                "domain, r.kind AS kind, r.since AS since, r.until AS until LIMIT 100",
                {"id": unit.uscc},
            )
            raw_expand.append(time.perf_counter() - t)
        raw.close()
        cold = time_ready(f"{base}/?token={token}", "body[data-explorer=ready]", chromium)
        warm = time_ready(f"{base}/?token={token}", "body[data-explorer=ready]", chromium)
        page = time_ready(static.as_uri(), "body[data-state=ready]", chromium)
        memory = rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(60)
    return {
        "engine": backend,
        "units": n,
        "links": len(graph.links),
        "index_s": round(index_seconds, 2),
        "search_api_ms": {k: round(v * 1000, 1) for k, v in spread(api_search).items()},
        "search_raw_ms": {k: round(v * 1000, 1) for k, v in spread(raw_search).items()},
        "search_direct_ms": {k: round(v * 1000, 1) for k, v in spread(direct_search).items()},
        "search_ratio": round(statistics.median(api_search) / statistics.median(direct_search), 2),
        "search_vs_cypher": round(statistics.median(api_search) / statistics.median(raw_search), 2),
        "expand_api_ms": {k: round(v * 1000, 1) for k, v in spread(api_expand).items()},
        "expand_raw_ms": {k: round(v * 1000, 1) for k, v in spread(raw_expand).items()},
        "expand_direct_ms": {k: round(v * 1000, 1) for k, v in spread(direct_expand).items()},
        "expand_ratio": round(statistics.median(api_expand) / statistics.median(direct_expand), 2),
        "expand_vs_cypher": round(statistics.median(api_expand) / statistics.median(raw_expand), 2),
        "first_screen_cold_s": round(cold, 2),
        "first_screen_warm_s": round(warm, 2),
        "static_page_s": round(page, 2),
        "static_build_s": round(static_build, 2),
        "first_screen_ratio": round(warm / page, 2),
        "memory_mb": memory,
    }


def fmt(ms: dict[str, float]) -> str:
    return f"{ms['median']:.1f} ({ms['min']:.1f}–{ms['max']:.1f})"


def markdown(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| engine | units | search API ms | same, no HTTP | ÷ | one Cypher query | ÷ | "
        "expand API ms | same, no HTTP | ÷ | one Cypher query | ÷ | "
        "first screen cold / warm | static page | ÷ static | server MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        memory = " + ".join(f"{v:.0f} ({k.split()[0]})" for k, v in r["memory_mb"].items())
        lines.append(
            f"| {r['engine']} | {r['units']:,} | {fmt(r['search_api_ms'])} | "
            f"{fmt(r['search_direct_ms'])} | {r['search_ratio']} | {fmt(r['search_raw_ms'])} | "
            f"{r['search_vs_cypher']} | {fmt(r['expand_api_ms'])} | "
            f"{fmt(r['expand_direct_ms'])} | {r['expand_ratio']} | {fmt(r['expand_raw_ms'])} | "
            f"{r['expand_vs_cypher']} | {r['first_screen_cold_s']} s / "
            f"{r['first_screen_warm_s']} s | {r['static_page_s']} s | {r['first_screen_ratio']} | "
            f"{memory} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument(
        "--engines", nargs="+", default=["embedded", *(["neo4j"] if neo4j_configured() else [])]
    )
    parser.add_argument(
        "--chromium", default=os.environ.get("REDCHAIN_CHROMIUM", "/usr/bin/chromium")
    )
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="redchain-bench-serve-") as folder:
        for backend in args.engines:
            for n in args.sizes:
                row = measure(backend, n, Path(folder), args.chromium)
                rows.append(row)
                print(markdown([row]).splitlines()[-1], flush=True)
    print(markdown(rows))
    path = write_results(
        "serve", {"command": command_line(), "machine": machine(), "results": rows}
    )
    print(f"figures: {path}")


if __name__ == "__main__":
    main()
