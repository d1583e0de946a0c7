"""Network views at 500, 1,000, 2,000 and 20,000 units: redchain's page beside a stock pyvis page.

For each size a synthetic chain (domain mix like the real one, about three partnerships per unit)
is written into a fresh embedded graph. Then:

- build: ``redchain.viz.build_view`` end to end (reading the graph, layout, page), and the page
  alone from the graph already read (render);
- stock pyvis: ``pyvis.network.Network`` with default physics, nodes and edges added with
  ``add_node``/``add_edge`` (its duplicate checks make this quadratic, so it is capped), written
  with ``cdn_resources="in_line"``;
- in headless Chromium (every request but the page itself refused): time to first paint and time
  until the layout is still (physics stopped or stabilised), capped.

Run: ``python bench/bench_viz.py [--sizes 500 1000 2000 20000] [--cap 180] [--markdown]``.
Needs /usr/bin/chromium (or REDCHAIN_CHROMIUM) and Playwright's Python package.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import redchain
from redchain import schema
from redchain.engines.base import Engine
from redchain.model import DOMAIN_BY_KEY, DOMAINS
from redchain.viz import ViewOptions, build_view, render
from redchain.viz.graph import Link, Unit, ViewGraph
from redchain.viz.subgraph import select as read_graph

SIZES = (500, 1000, 2000, 20_000)
# Share of units per domain, roughly as the chain grows: mostly financial institutions.
DOMAIN_MIX = {
    "government": 0.05,
    "subdistrict": 0.02,
    "association": 0.10,
    "financial": 0.78,
    "university": 0.05,
}
LINKS_PER_UNIT = 3
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def synthetic_graph(n: int, seed: int = 7) -> ViewGraph:
    """``n`` units, about ``LINKS_PER_UNIT`` partnerships each: new units link to busy ones
    more often (as in real networks), and half the links cross two domains."""
    rng = random.Random(seed)
    keys = list(DOMAIN_MIX)
    weights = [DOMAIN_MIX[k] for k in keys]
    units: dict[str, Unit] = {}
    ids: list[str] = []
    by_domain: dict[str, list[str]] = {k: [] for k in keys}
    ends: list[str] = []  # every link end once: picking from it favours busy units
    links: list[Link] = []
    seen: set[tuple[str, str]] = set()
    for i in range(n):
        domain = keys[0] if i == 0 else rng.choices(keys, weights)[0]
        uscc = f"9144011500{i:08d}"
        units[uscc] = Unit(
            id=uscc,
            kind="org",
            name=f"{DOMAIN_BY_KEY[domain].zh}{i:05d}",
            name_en=f"{DOMAIN_BY_KEY[domain].en} {i}",
            domain=domain,
            uscc=uscc,
            points=float(rng.randint(0, 120)),
        )
        by_domain[domain].append(uscc)
        ids.append(uscc)
        for _ in range(LINKS_PER_UNIT if i else 0):
            same = by_domain[domain]
            if rng.random() < 0.5 and len(same) > 1:
                other = same[rng.randrange(len(same) - 1)]
            elif ends and rng.random() < 0.6:
                other = rng.choice(ends)
            else:
                other = ids[rng.randrange(len(ids) - 1)]
            pair = (min(uscc, other), max(uscc, other))
            if other == uscc or pair in seen:
                continue
            seen.add(pair)
            links.append(Link(uscc, other, "PARTNERS_WITH", {"kind": "企企"}))
            ends += [uscc, other]
    return ViewGraph(units=units, links=links)


def load(engine: Engine, graph: ViewGraph) -> None:
    """Write ``graph`` into an empty engine with the model's labels."""
    for domain in DOMAINS:
        rows = [
            {"uscc": u.uscc, "name": u.name, "name_en": u.name_en, "domain": domain.zh}
            for u in graph.units.values()
            if u.domain == domain.key
        ]
        for start in range(0, len(rows), 5000):
            engine.write_batch(
                f"UNWIND $rows AS row CREATE (:Organization:{domain.label} "
                "{uscc: row.uscc, name: row.name, name_en: row.name_en, domain: row.domain})",
                rows[start : start + 5000],
            )
    rows = [{"a": lk.source, "b": lk.target} for lk in graph.links]
    for start in range(0, len(rows), 5000):
        engine.write_batch(
            "UNWIND $rows AS row MATCH (a:Organization {uscc: row.a}), "
            "(b:Organization {uscc: row.b}) CREATE (a)-[:PARTNERS_WITH {kind: '企企'}]->(b)",
            rows[start : start + 5000],
        )


class Capped(Exception):
    pass


@contextmanager
def time_cap(seconds: int) -> Iterator[None]:
    def stop(*_: Any) -> None:
        raise Capped

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def stock_pyvis_page(graph: ViewGraph, path: Path, cap: int) -> tuple[float | None, int]:
    """A stock pyvis page of the graph: (build seconds or None past the cap, bytes)."""
    from pyvis.network import Network

    net = Network(height="900px", width="100%", cdn_resources="in_line")
    started = time.perf_counter()
    build: float | None
    added_nodes = 0
    added_edges = 0
    try:
        with time_cap(cap):
            for unit in graph.units.values():
                color = DOMAIN_BY_KEY[unit.domain or "financial"].color
                net.add_node(unit.id, label=unit.name, color=color, title=unit.name)
                added_nodes += 1
            for link in graph.links:
                net.add_edge(link.source, link.target)
                added_edges += 1
        build = time.perf_counter() - started
    except Capped:
        build = None
        # Finish the same data without pyvis's duplicate checks, to time the page in Chromium.
        for unit in list(graph.units.values())[added_nodes:]:
            color = DOMAIN_BY_KEY[unit.domain or "financial"].color
            net.nodes.append(
                {
                    "id": unit.id,
                    "label": unit.name,
                    "color": color,
                    "title": unit.name,
                    "shape": "dot",
                    "font": {"color": False},
                }
            )
            net.node_ids.append(unit.id)
        for link in graph.links[added_edges:]:
            net.edges.append({"from": link.source, "to": link.target})
    html = net.generate_html()
    path.write_text(html, encoding="utf-8")
    return build, len(html.encode("utf-8"))


# Reports, as console messages, when a page first draws and when its layout is still: redchain's
# page keeps its own times (window.redchain.times); pyvis's assigns a global ``network``, whose
# events are caught as it is created. pyvis keeps physics on after its stabilisation, so its
# layout is still at vis-network's "stabilized" event.
OBSERVER = """
(() => {
  const seen = {};
  function report(key, value) {
    if (seen[key] !== undefined) return;
    seen[key] = value;
    console.debug('__bench ' + JSON.stringify({ [key]: value / 1000 }));
  }
  function watch(net) {
    net.once('afterDrawing', () => report('first_paint', performance.now()));
    net.on('stabilizationIterationsDone', () => {
      if (!net.physics.options.enabled) report('still', performance.now());
    });
    net.on('stabilized', () => report('still', performance.now()));
  }
  let current;
  Object.defineProperty(window, 'network', {
    configurable: true,
    get() { return current; },
    set(v) { current = v; if (v) watch(v); },
  });
  const timer = setInterval(() => {
    const own = window.redchain && window.redchain.times;
    if (!own) return;
    if (own.firstPaint !== undefined) report('first_paint', own.firstPaint);
    if (own.still !== undefined) { report('still', own.still); clearInterval(timer); }
  }, 50);
})();
"""


def measure_page(page_path: Path, chromium: str) -> None:
    """Open one page and print its reports as JSON lines, until stopped (see time_in_browser)."""
    from playwright.sync_api import sync_playwright

    def on_console(message: Any) -> None:
        if message.text.startswith("__bench "):
            print(message.text.removeprefix("__bench "), flush=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.add_init_script(OBSERVER)
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url == page_path.as_uri() else route.abort()
            ),
        )
        page.on("console", on_console)
        page.on("pageerror", lambda e: print(json.dumps({"error": str(e)}), flush=True))
        page.goto(page_path.as_uri(), wait_until="commit")
        while True:
            page.wait_for_timeout(100)


def time_in_browser(page_path: Path, chromium: str, cap: int) -> dict[str, Any]:
    """Seconds from navigation to the first frame and to a still layout (None past the cap).

    The page runs in a child process that is stopped (with its browser) once the layout is still
    or the cap has passed: a page that keeps the browser's main thread busy for minutes, as
    pyvis's improved layout does on a large graph, also holds up every Playwright call, so only
    stopping the process ends the wait.
    """
    child = subprocess.Popen(
        [sys.executable, __file__, "--measure", str(page_path), "--chromium", chromium],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert child.stdout is not None
    result: dict[str, Any] = {"errors": [], "first_paint": None, "still": None}
    deadline = time.monotonic() + cap
    try:
        while result["still"] is None and time.monotonic() < deadline:
            ready, _, _ = select.select([child.stdout], [], [], 0.5)
            if not ready:
                continue
            line = child.stdout.readline()
            if not line:
                break
            report = json.loads(line)
            if "error" in report:
                result["errors"].append(report["error"])
            result.update({k: v for k, v in report.items() if k != "error"})
    finally:
        # The child leads its own process group: stopping the group stops it and its browser
        # (a second time for browser helpers still starting when the first signal came).
        for _ in range(2):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
            time.sleep(0.5)
        child.wait()
    return result


def run(sizes: list[int], cap: int) -> list[dict[str, Any]]:
    chromium = chromium_path()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            graph = synthetic_graph(n)
            with redchain.connect("embedded", data_dir=Path(tmp) / f"g{n}") as engine:
                schema.ensure(engine)
                load(engine, graph)
                started = time.perf_counter()
                view = build_view(engine, ViewOptions())
                build = time.perf_counter() - started
                read = read_graph(engine, ViewOptions())
            started = time.perf_counter()
            render(read, ViewOptions())
            render_only = time.perf_counter() - started
            ours = Path(tmp) / f"redchain-{n}.html"
            view.write(ours)
            stock = Path(tmp) / f"pyvis-{n}.html"
            stock_build, stock_bytes = stock_pyvis_page(graph, stock, cap)
            row = {
                "nodes": n,
                "edges": len(graph.links),
                "layout": view.stats["layout"],
                "bytes": view.stats["bytes"],
                "build": build,
                "render": render_only,
                "browser": time_in_browser(ours, chromium, cap),
                "stock_bytes": stock_bytes,
                "stock_build": stock_build,
                "stock_browser": time_in_browser(stock, chromium, cap),
            }
            results.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    return results


def _seconds(value: float | None, cap: int) -> str:
    return f"> {cap} s" if value is None else f"{value:.2f} s"


def markdown(results: list[dict[str, Any]], cap: int) -> str:
    lines = [
        "| units | links | redchain layout | HTML | build (render) | first paint | still "
        "| pyvis HTML | pyvis build | pyvis first paint | pyvis still | speed-up (still) |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ours, theirs = r["browser"], r["stock_browser"]
        speedup = (
            f"{theirs['still'] / ours['still']:.0f}×"
            if theirs["still"] and ours["still"]
            else f"> {cap / ours['still']:.0f}×"
            if ours["still"]
            else "–"
        )
        lines.append(
            f"| {r['nodes']:,} | {r['edges']:,} | {r['layout']} | {r['bytes'] / 1e6:.1f} MB "
            f"| {r['build']:.2f} s ({r['render']:.2f} s) | {_seconds(ours['first_paint'], cap)} "
            f"| {_seconds(ours['still'], cap)} | {r['stock_bytes'] / 1e6:.1f} MB "
            f"| {_seconds(r['stock_build'], cap)} | {_seconds(theirs['first_paint'], cap)} "
            f"| {_seconds(theirs['still'], cap)} | {speedup} |"
        )
    return "\n".join(lines)


def chromium_path() -> str:
    return os.environ.get("REDCHAIN_CHROMIUM", "/usr/bin/chromium")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--cap", type=int, default=180, help="Seconds to wait at most.")
    parser.add_argument("--markdown", action="store_true", help="Print a Markdown table.")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--chromium", default=chromium_path(), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure_page(args.measure, args.chromium)
        return
    results = run(args.sizes, args.cap)
    print(markdown(results, args.cap) if args.markdown else json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
