"""How long ``redchain points`` takes next to one raw aggregation query on the same engine.

For each size (organisations, with ``--per-org`` participations each on average), a network is
written straight into the engine with parameterised ``UNWIND`` batches: the organisations (each
domain with its label, every fifth one in one of nine subdistricts), one chain, activities of
every kind dated across one year (one in ten a key project, one activity per ten participations),
and the participations, one in five with points typed in (the overrides). Then, on each engine:

* **raw**: one aggregation query, the cheapest that gives a ranking's numbers: per unit, the sum
  of the typed points and bonus of the chain's activities in the period, every unit returned.
  This is what a user pasting a ranking query into cypher-shell pays; it applies no rules.
* **points**: ``ledger.compute`` with the shipped rules, as ``redchain points`` runs it: the
  ledger query (``cypher/rank/ledger.cypher``), every line scored by the version in force with
  its caps and overrides, the ranking with ties; then ``by_domain`` and ``by_subdistrict``.
* **rules step**: the Python part of **points** alone, on rows fetched beforehand.

Overhead is points time / raw time (aim: at most 1.5 at 100k organisations and 1M
participations). Each is run ``--repeat`` times after one warm-up run; the median is reported.

    python bench/bench_points.py                             # 100k orgs, 1M participations
    python bench/bench_points.py --sizes 2000 --repeat 1     # smoke run
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

# common.py sits beside this file: benchmarks run as scripts, not as a package.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

from redchain import period as periods
from redchain import querylib
from redchain.engines.base import Engine, chunks
from redchain.model import (
    ACTIVITY,
    ACTIVITY_KINDS,
    ACTIVITY_OF,
    CHAIN,
    DEFAULT_CHAIN,
    DOMAINS,
    LOCATED_IN,
    ORGANIZATION,
    TOOK_PART_IN,
)
from redchain.points import ledger, rules

SEED = 13
ENGINES = ("embedded", "neo4j")
DEFAULT_SIZES = (100_000,)
YEAR = 2025
BATCH = 10_000
ORG = ORGANIZATION.label

RAW = (
    f"MATCH (c:{CHAIN.label} {{name: $chain}}) "
    f"MATCH (o:{ORG})-[t:{TOOK_PART_IN.type}]->(a:{ACTIVITY.label})-[:{ACTIVITY_OF.type}]->(c) "
    "WHERE a.date >= date($from) AND a.date <= date($to) "
    "RETURN o.uscc AS uscc, o.name AS name, "
    "toInteger(sum(coalesce(t.points, 0) + coalesce(t.bonus, 0))) AS total"
)


def build(engine: Engine, n_orgs: int, per_org: int) -> dict[str, int]:
    """Write the network; returns what was written."""
    rng = random.Random(SEED)
    engine.run(f"CREATE (:{CHAIN.label} {{name: $name}})", {"name": DEFAULT_CHAIN}, write=True)
    towns = [f"B{i:017d}" for i in range(9)]
    engine.run(
        f"UNWIND $rows AS r CREATE (:{ORG}:Subdistrict "
        "{uscc: r, name: r, domain: 'subdistrict'})",
        {"rows": towns},
        write=True,
    )
    codes = [f"U{i:017d}" for i in range(n_orgs)]
    for domain in DOMAINS:
        mine = [c for i, c in enumerate(codes) if DOMAINS[i % len(DOMAINS)] is domain]
        for batch in chunks(mine, BATCH):
            engine.run(
                f"UNWIND $rows AS r CREATE (:{ORG}:{domain.label} "
                "{uscc: r, name: '单位' + r, domain: $domain})",
                {"rows": batch, "domain": domain.key},
                write=True,
            )
    located = [[c, towns[i % 9]] for i, c in enumerate(codes) if i % 5 == 0]
    for batch in chunks(located, BATCH):
        engine.run(
            f"UNWIND $rows AS r MATCH (o:{ORG} {{uscc: r[0]}}), (s:{ORG} {{uscc: r[1]}}) "
            f"CREATE (o)-[:{LOCATED_IN.type}]->(s)",
            {"rows": batch},
            write=True,
        )
    n_participations = n_orgs * per_org
    n_activities = max(1, n_participations // 10)
    activities = []
    for k in range(n_activities):
        day = periods.year(YEAR).start.toordinal() + rng.randrange(365)
        activities.append(
            [
                f"A{k:07d}",
                f"活动{k}",
                ACTIVITY_KINDS[k % len(ACTIVITY_KINDS)].key,
                periods.dt.date.fromordinal(day).isoformat(),
                rng.random() < 0.1,
            ]
        )
    for batch in chunks(activities, BATCH):
        engine.run(
            f"MATCH (c:{CHAIN.label} {{name: $chain}}) UNWIND $rows AS r "
            f"CREATE (a:{ACTIVITY.label} {{code: r[0], title: r[1], kind: r[2], "
            "date: date(r[3]), key_project: r[4]})-[:" + ACTIVITY_OF.type + "]->(c)",
            {"rows": batch, "chain": DEFAULT_CHAIN},
            write=True,
        )
    rows = []
    for _ in range(n_participations):
        typed = rng.random() < 0.2
        rows.append(
            [
                codes[rng.randrange(n_orgs)],
                f"A{rng.randrange(n_activities):07d}",
                rng.choice((5, 10, 15)) if typed else None,
                rng.choice((0, 5)) if typed else None,
            ]
        )
    for batch in chunks(rows, BATCH):
        engine.run(
            f"UNWIND $rows AS r MATCH (o:{ORG} {{uscc: r[0]}}), "
            f"(a:{ACTIVITY.label} {{code: r[1]}}) "
            f"CREATE (o)-[:{TOOK_PART_IN.type} {{points: r[2], bonus: r[3]}}]->(a)",
            {"rows": batch},
            write=True,
        )
    return {"orgs": n_orgs, "activities": n_activities, "participations": n_participations}


def measure(engine: Engine, repeat: int) -> dict[str, Any]:
    year = periods.year(YEAR)
    loaded = rules.load()
    params = {"chain": DEFAULT_CHAIN, "from": year.start.isoformat(), "to": year.end.isoformat()}
    query = querylib.get(ledger.LEDGER_QUERY)

    def points() -> ledger.Standing:
        standing = ledger.compute(engine, year, loaded)
        standing.by_domain()
        standing.by_subdistrict()
        return standing

    # Warm-up: lets each engine plan and cache the queries.
    engine.run(RAW, params)
    standing = points()
    raw_s, points_s, step_s = [], [], []
    for _ in range(repeat):
        seconds, raw_rows = common.timed(lambda: engine.run(RAW, params))
        raw_s.append(seconds)
        seconds, standing = common.timed(points)
        points_s.append(seconds)
    fetched = engine.run(query.cypher, params)
    for _ in range(repeat):
        seconds, _ = common.timed(lambda: ledger.rank_units(ledger.score(fetched, loaded)))
        step_s.append(seconds)
    raw_m, points_m = statistics.median(raw_s), statistics.median(points_s)
    return {
        "raw_s": round(raw_m, 3),
        "points_s": round(points_m, 3),
        "rules_step_s": round(statistics.median(step_s), 3),
        "overhead": round(points_m / raw_m, 2) if raw_m else None,
        "units": len(standing.units),
        "raw_rows": len(raw_rows),
        "lines": sum(len(u.lines) for u in standing.units),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--per-org", type=int, default=10, help="participations per organisation")
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work-dir", type=Path, default=None)
    args = parser.parse_args()
    engines = args.engines or [e for e in ENGINES if e == "embedded" or common.neo4j_configured()]
    results: dict[str, Any] = {
        "command": common.command_line(),
        "machine": common.machine(),
        "runs": [],
    }
    with tempfile.TemporaryDirectory(dir=args.work_dir) as tmp:
        work = Path(tmp)
        for size in args.sizes:
            for backend in engines:
                with common.open_engine(backend, work / f"size-{size}") as engine:
                    common.fresh(engine)
                    build_s, built = common.timed(
                        lambda e=engine, s=size: build(e, s, args.per_org)
                    )
                    figures = measure(engine, args.repeat)
                run = {"engine": backend, **built, "build_s": round(build_s, 1), **figures}
                results["runs"].append(run)
                common.write_results("points", results)  # kept even if a later size fails
                common.print_table(
                    f"points vs one raw aggregation ({backend}, {size} orgs)",
                    [run],
                    [
                        "engine",
                        "orgs",
                        "participations",
                        "raw_s",
                        "points_s",
                        "rules_step_s",
                        "overhead",
                        "units",
                    ],
                )
    print(f"machine: {results['machine']}")


if __name__ == "__main__":
    main()
