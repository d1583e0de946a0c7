"""How long the whole gap report takes, per query and in total, next to the same queries run raw.

For each size (organisations with ``--partnerships-per-org`` partnerships each), a synthetic
network (``redchain.synthetic``: members, partnerships, activities, and agreements on one
partnership in four with their parties, lists, renewals, cohorts and placements) is imported
with ``import_files``; then, on each engine:

* **raw**: the Cypher of every query the report uses (every ``gaps/`` file, sixteen, and
  ``rank/ledger``, the points ledger's one query), each sent once with ``Engine.run`` and its
  parameters resolved beforehand; no Python step, nothing cached. This is what a user pasting
  the files into cypher-shell pays.
* **report**: ``gap_report(engine, ...)`` with the same parameters: parameter resolution, the
  queries, the Python steps (reachability by breadth-first search, cut units by Tarjan's method)
  and building the report. The member network that both Python steps need is fetched once.
* **python steps**: the two Python steps alone, on rows fetched beforehand.

Overhead is report time / raw time; ``overhead_vs_distinct`` divides by the raw time without the
second fetch of the member network, i.e. by the engine work the report cannot avoid.

Each is run ``--repeat`` times after one warm-up run (which lets each engine plan and cache its
queries); the median is reported.

    python bench/bench_gaps.py                        # 10k and 100k, both engines if NEO4J_URI
    python bench/bench_gaps.py --sizes 2000 --repeat 1 --engines embedded    # smoke run
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

# common.py sits beside this file: benchmarks run as scripts, not as a package.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

from redchain import querylib, synthetic
from redchain.engines.base import Engine
from redchain.gaps import gap_report
from redchain.importing.api import import_files
from redchain.points.ledger import LEDGER_QUERY as RANK_QUERY
from redchain.queries import steps

SEED = 1
ENGINES = ("embedded", "neo4j")
DEFAULT_SIZES = (10_000, 100_000)
# The synthetic networks date activities 2019-2025: view them at the end of 2025.
AS_OF = "2025-12-31"
SINCE = "2025-01-01"
PERIOD = ("2025-01-01", "2025-12-31")
HOPS = 3
TOP = 10
QUERIES = [q.name for q in querylib.gap_checks()] + [RANK_QUERY]
# Its Cypher is the same as gaps/unreachable_from_master's.
SHARED_FETCH = "gaps/cut_units"


def report_params(name: str) -> dict[str, Any]:
    """The parameters ``gap_report`` gives each query (those its header declares), for the raw
    runs."""
    shared: dict[str, Any] = {
        "as_of": AS_OF,
        "since": SINCE,
        "from": PERIOD[0],
        "to": PERIOD[1],
        "hops": HOPS,
    }
    query = querylib.get(name)
    given = {k: v for k, v in shared.items() if query.param(k) is not None}
    resolved = querylib.resolve(query, given)
    return {k: resolved[k] for k in query.cypher_params()}


def run_raw(engine: Engine) -> tuple[dict[str, float], dict[str, int]]:
    seconds: dict[str, float] = {}
    rows: dict[str, int] = {}
    for name in QUERIES:
        query = querylib.get(name)
        params = report_params(name)
        seconds[name], result = common.timed(lambda q=query, p=params: engine.run(q.cypher, p))
        rows[name] = len(result)
    return seconds, rows


def run_report(engine: Engine) -> tuple[float, dict[str, float], dict[str, int]]:
    total, report = common.timed(
        lambda: gap_report(engine, as_of=AS_OF, since=SINCE, period=PERIOD, hops=HOPS, top=TOP)
    )
    counts = {g.query: g.count for g in report.gaps}
    counts[RANK_QUERY] = report.ranking.ranked
    return total, dict(report.timings), counts


def run_python_steps(engine: Engine) -> dict[str, float]:
    seconds = {}
    for name in ("gaps/unreachable_from_master", "gaps/cut_units"):
        query = querylib.get(name)
        resolved = querylib.resolve(query, {"as_of": AS_OF, **report_params(name)})
        rows = engine.run(query.cypher, {k: resolved[k] for k in query.cypher_params()})
        step = query.compute or ""
        seconds[name], _ = common.timed(lambda s=step, r=rows, p=resolved: steps.apply(s, r, p))
    return seconds


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def measure(engine: Engine, repeat: int) -> dict[str, Any]:
    run_report(engine)  # warm-up: plans cached, pages in memory
    raw_runs, report_runs, step_runs = [], [], []
    raw_rows: dict[str, int] = {}
    counts: dict[str, int] = {}
    for _ in range(repeat):
        raw, raw_rows = run_raw(engine)
        raw_runs.append(raw)
        total, per_query, counts = run_report(engine)
        report_runs.append((total, per_query))
        step_runs.append(run_python_steps(engine))
    per_query = []
    for name in QUERIES:
        per_query.append(
            {
                "query": name,
                "raw_s": median([r[name] for r in raw_runs]),
                "in_report_s": median([r[1][name] for r in report_runs]),
                "python_step_s": median([s[name] for s in step_runs])
                if name in step_runs[0]
                else None,
                "raw_rows": raw_rows[name],
                "found": counts.get(name),
            }
        )
    raw_total = median([sum(r.values()) for r in raw_runs])
    # The report fetches the member network once for both Python steps; raw runs fetch it twice.
    raw_distinct = median([sum(r.values()) - r[SHARED_FETCH] for r in raw_runs])
    report_total = median([r[0] for r in report_runs])
    return {
        "queries": per_query,
        "raw_total_s": raw_total,
        "raw_distinct_s": raw_distinct,
        "report_total_s": report_total,
        "overhead": round(report_total / raw_total, 2) if raw_total else None,
        "overhead_vs_distinct": round(report_total / raw_distinct, 2) if raw_distinct else None,
        "repeat": repeat,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--partnerships-per-org", type=int, default=3)
    parser.add_argument("--work-dir", type=Path, default=None)
    args = parser.parse_args()
    engines = args.engines or [e for e in ENGINES if e == "embedded" or common.neo4j_configured()]
    results: dict[str, Any] = {
        "command": common.command_line(),
        "machine": common.machine(),
        "parameters": {"as_of": AS_OF, "since": SINCE, "period": PERIOD, "hops": HOPS, "top": TOP},
        "runs": [],
    }
    with tempfile.TemporaryDirectory(dir=args.work_dir) as tmp:
        work = Path(tmp)
        for size in args.sizes:
            files_dir = work / f"synthetic-{size}"
            generated = synthetic.generate(
                size, SEED, files_dir, partnerships_per_org=args.partnerships_per_org
            )
            files = sorted(files_dir.glob("*.csv"))
            for backend in engines:
                # A data directory per size: reopening one holding an earlier graph replays its
                # whole append-only file first.
                with common.open_engine(backend, work / f"size-{size}") as engine:
                    common.fresh(engine)
                    import_s, imported = common.timed(lambda e=engine, f=files: import_files(e, f))
                    if imported.problems:
                        raise SystemExit(
                            f"the synthetic files did not import: {imported.problems[:3]}"
                        )
                    print(f"{backend}: imported {size} organisations in {import_s:.1f} s")
                    figures = measure(engine, args.repeat)
                    engine.clear()
                run = {
                    "engine": backend,
                    "orgs": size,
                    "rows_imported": generated["rows"],
                    "import_s": round(import_s, 1),
                    **figures,
                }
                results["runs"].append(run)
                common.write_results("gaps", results)  # kept even if a later size fails
                common.print_table(
                    f"{backend}, {size} organisations: report {figures['report_total_s']} s, "
                    f"raw {figures['raw_total_s']} s, overhead {figures['overhead']}x",
                    figures["queries"],
                    ["query", "raw_s", "in_report_s", "python_step_s", "raw_rows", "found"],
                )
    summary = [
        {
            k: run[k]
            for k in (
                "engine",
                "orgs",
                "raw_total_s",
                "raw_distinct_s",
                "report_total_s",
                "overhead",
                "overhead_vs_distinct",
            )
        }
        for run in results["runs"]
    ]
    common.print_table("Whole report", summary, list(summary[0]) if summary else [])
    path = common.write_results("gaps", results)
    print(f"\nFigures written to {path}")


if __name__ == "__main__":
    main()
