"""How fast ``redchain import`` writes partners and partnerships, next to what the engines do alone.

For each size (organisations, each starting ``--partnerships-per-org`` partnerships), the
synthetic network's partners.csv and partnerships.csv are imported, side by side in one run:

* **redchain**: ``import_files`` on both files (read, normalise, check, write, provenance),
  into an empty graph with the schema in place, and then **again**, the same files onto the
  graph the first import left (every row unchanged);
* **raw UNWIND**: the same graph written by plain batched ``UNWIND $rows MERGE`` queries from
  rows parsed beforehand (parsing is not timed), dates as DATE values: the engine's own pace.
  It takes the importer's sweeps: organisations (domain label inside the MERGE pattern), chain
  memberships, subdistrict links, partnerships. Timed into an empty graph, and **again** onto
  the graph that already holds those units and links;
* **LOAD CSV** (Neo4j): ``LOAD CSV WITH HEADERS ... CALL (r) {...} IN TRANSACTIONS`` of the same
  files, writing the same graph;
* **naive** (with ``--naive-sample N``): one query per row, measured on the first N rows of each
  file and extrapolated to the whole size at the sample's rate.

With ``--batch-sizes``, the importer at several batch sizes (on the largest size); with
``--memory-orgs``, the peak memory of a ``redchain import`` subprocess on the embedded engine
(partners + partnerships = 4 rows per organisation with 3 partnerships each).

    python bench/bench_import.py                       # 10k and 100k, both engines if NEO4J_URI
    python bench/bench_import.py --quick               # smoke run, under a minute
    python bench/bench_import.py --sizes 10000 --engines embedded
    python bench/bench_import.py --memory-orgs 250000 --engines embedded --sizes 1000
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import importlib
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# common.py sits beside this file: benchmarks run as scripts, not as a package.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

from redchain import synthetic
from redchain.engines.base import Engine, chunks
from redchain.importing.api import (
    DEFAULT_BATCH_SIZE,
    ImportOptions,
    ProgressEvent,
    import_files,
)
from redchain.model import (
    CHAIN,
    DEFAULT_CHAIN,
    DOMAINS,
    LOCATED_IN,
    MEMBER_OF,
    ORGANIZATION,
    PARTNERS_WITH,
)

SEED = 1
ENGINES = ("embedded", "neo4j")
DEFAULT_SIZES = (10_000, 100_000)
DEFAULT_BATCH_SIZES: tuple[int, ...] = ()  # e.g. 1000,5000,10000,50000
WARM_UP_ORGS = 300
DEFAULT_MEMORY_ORGS = 0  # 250,000: 250k partners + 750k partnerships = 1M rows
# redchain's pace as a share of the other's (the other's time ÷ redchain's); "again" is the
# re-import's time ÷ the first import's (at most).
AIMS = {"raw_empty": 1.2, "raw_again": 0.7, "load_csv": 0.8, "again": 0.3, "naive": 50.0}
# A batch size within this share of the best throughput counts as being as good as the best.
# Generous, because on a shared 2-core machine the same import, run minutes apart, varies by
# about a fifth with the load that others put on it.
NEAR_BEST = 0.8

DOMAIN_LABEL_BY_ZH = {d.zh: d.label for d in DOMAINS}
ORG, CHAIN_LABEL = ORGANIZATION.label, CHAIN.label
ORG_PROPS = ("name", "domain", "name_en", "address")


# --- the competitors' Cypher (labels and types from the model, values as parameters) ----------


def raw_org_query(domain_label: str) -> str:
    sets = ", ".join(f"o.{p} = r.{p}" for p in ORG_PROPS)
    return f"UNWIND $rows AS r MERGE (o:{ORG}:{domain_label} {{uscc: r.uscc}}) SET {sets}"


RAW_MEMBER = (
    f"UNWIND $rows AS r MATCH (o:{ORG} {{uscc: r.a}}) MATCH (c:{CHAIN_LABEL} {{name: r.b}}) "
    f"MERGE (o)-[m:{MEMBER_OF.type}]->(c) SET m.joined_on = date(r.joined_on)"
)
RAW_LOCATED = (
    f"UNWIND $rows AS r MATCH (o:{ORG} {{uscc: r.a}}) MATCH (s:{ORG} {{uscc: r.b}}) "
    f"MERGE (o)-[:{LOCATED_IN.type}]->(s)"
)
RAW_PARTNERSHIP = (
    f"UNWIND $rows AS r MATCH (a:{ORG} {{uscc: r.a}}) MATCH (b:{ORG} {{uscc: r.b}}) "
    f"MERGE (a)-[p:{PARTNERS_WITH.type}]->(b) "
    "SET p.kind = r.kind, p.since = date(r.since), p.until = date(r.until)"
)


def _partner_body(domain_label: str | None) -> str:
    """One partner row ``r`` as the file has it: node, membership, subdistrict link."""
    sets = ", ".join(f"o.{p} = r.{p}" for p in ORG_PROPS)
    if domain_label:
        merge = f"MERGE (o:{ORG}:{domain_label} {{uscc: r.uscc}}) SET {sets}"
    else:  # LOAD CSV: one query for every domain, the label set from the row
        labels = " ".join(
            f"FOREACH (_ IN CASE WHEN r.domain = $domains[{i}] THEN [1] ELSE [] END | "
            f"SET o:{d.label})"
            for i, d in enumerate(DOMAINS)
        )
        merge = f"MERGE (o:{ORG} {{uscc: r.uscc}}) SET {sets} {labels}"
    return (
        f"{merge} WITH o, r MATCH (c:{CHAIN_LABEL} {{name: $chain}}) "
        f"MERGE (o)-[m:{MEMBER_OF.type}]->(c) SET m.joined_on = date(r.joined_on) "
        f"WITH o, r WHERE r.subdistrict IS NOT NULL "
        f"MATCH (s:{ORG} {{name: r.subdistrict}}) MERGE (o)-[:{LOCATED_IN.type}]->(s)"
    )


PARTNERSHIP_BODY = (
    f"MATCH (a:{ORG} {{uscc: r.from}}) MATCH (b:{ORG} {{uscc: r.to}}) "
    f"MERGE (a)-[p:{PARTNERS_WITH.type}]->(b) "
    "SET p.kind = r.kind, p.since = date(r.since), p.until = date(r.until)"
)


def load_csv_query(body: str, batch_size: int) -> str:
    return (
        "LOAD CSV WITH HEADERS FROM $url AS r "
        f"CALL (r) {{ {body} }} IN TRANSACTIONS OF {int(batch_size)} ROWS"
    )


# --- files and parsed rows ---------------------------------------------------------------------


class Network:
    """The generated partners and partnerships files of one size, and their parsed rows."""

    def __init__(self, n_orgs: int, per_org: int, work_dir: Path) -> None:
        self.n_orgs = n_orgs
        self.dir = work_dir / f"orgs-{n_orgs}"
        self.generate_seconds, self.generated = common.timed(
            lambda: synthetic.generate(n_orgs, SEED, self.dir, partnerships_per_org=per_org)
        )
        self.partners = self.dir / "partners.csv"
        self.partnerships = self.dir / "partnerships.csv"
        self.n_partners = self.generated["files"]["partners.csv"]
        self.n_partnerships = self.generated["files"]["partnerships.csv"]

    @property
    def rows(self) -> int:
        return self.n_partners + self.n_partnerships

    def read(self, path: Path, limit: int | None = None) -> list[dict[str, Any]]:
        """A file's rows as LOAD CSV sees them: empty cells are null."""
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = []
            for row in csv.DictReader(f):
                rows.append({k: (v if v != "" else None) for k, v in row.items()})
                if limit is not None and len(rows) >= limit:
                    break
            return rows


def raw_rows(network: Network) -> dict[str, Any]:
    """The rows of both files as the raw queries take them, names already resolved to codes."""
    partners = network.read(network.partners)
    code_by_name = {row["name"]: row["uscc"] for row in partners}
    by_domain: dict[str, list[dict[str, Any]]] = {}
    for row in partners:
        by_domain.setdefault(DOMAIN_LABEL_BY_ZH[row["domain"]], []).append(
            {"uscc": row["uscc"], **{p: row[p] for p in ORG_PROPS}}
        )
    members = [
        {"a": row["uscc"], "b": DEFAULT_CHAIN, "joined_on": row["joined_on"]} for row in partners
    ]
    located = [
        {"a": row["uscc"], "b": code_by_name[row["subdistrict"]]}
        for row in partners
        if row["subdistrict"]
    ]
    partnerships = [
        {"a": row["from"], "b": row["to"], "kind": row["kind"], "since": row["since"],
         "until": row["until"]}
        for row in network.read(network.partnerships)
    ]  # fmt: skip
    return {"orgs": by_domain, "members": members, "located": located, "partnerships": partnerships}


def ensure_chain(engine: Engine) -> None:
    engine.run(f"MERGE (c:{CHAIN_LABEL} {{name: $name}})", {"name": DEFAULT_CHAIN}, write=True)


# --- the runs ----------------------------------------------------------------------------------


def run_raw(engine: Engine, rows: dict[str, Any], batch_size: int, empty: bool = True) -> float:
    """The raw queries into an empty graph, or (``empty`` False) onto the graph as it is."""
    if empty:
        common.fresh(engine)
        ensure_chain(engine)

    def write() -> None:
        for label, org_rows in rows["orgs"].items():
            for batch in chunks(org_rows, batch_size):
                engine.write_batch(raw_org_query(label), batch)
        for query, key in ((RAW_MEMBER, "members"), (RAW_LOCATED, "located")):
            for batch in chunks(rows[key], batch_size):
                engine.write_batch(query, batch)
        for batch in chunks(rows["partnerships"], batch_size):
            engine.write_batch(RAW_PARTNERSHIP, batch)

    return common.timed(write)[0]


def run_redchain(
    engine: Engine, network: Network, batch_size: int, empty: bool = True
) -> dict[str, float]:
    """The import's time, and how long reading the files took (until the last read event);
    into an empty graph, or (``empty`` False) onto the graph as it is."""
    if empty:
        common.fresh(engine)
    options = ImportOptions(batch_size=batch_size, origin="bench")
    started = time.perf_counter()
    read_done = started

    def progress(event: ProgressEvent) -> None:
        nonlocal read_done
        if event.phase == "read":
            read_done = time.perf_counter()

    seconds, report = common.timed(
        lambda: import_files(engine, [network.partners, network.partnerships], options, progress)
    )
    if report.problems:
        raise SystemExit(f"the importer refused generated rows: {report.problems[:3]}")
    return {"seconds": seconds, "read_seconds": read_done - started}


def run_load_csv(engine: Engine, urls: tuple[str, str], batch_size: int) -> float:
    common.fresh(engine)
    ensure_chain(engine)
    params = {"domains": [d.zh for d in DOMAINS], "chain": DEFAULT_CHAIN}

    def load() -> None:
        run = engine.run_autocommit  # type: ignore[attr-defined]
        run(load_csv_query(_partner_body(None), batch_size), {**params, "url": urls[0]})
        run(load_csv_query(PARTNERSHIP_BODY, batch_size), {"url": urls[1]})

    return common.timed(load)[0]


def run_naive(engine: Engine, network: Network, rows: dict[str, Any], sample: int) -> dict:
    """One query (one transaction) per row, on the first ``sample`` rows of each file."""
    common.fresh(engine)
    ensure_chain(engine)
    params = {"chain": DEFAULT_CHAIN}
    partners = network.read(network.partners, sample)

    def partner_rows() -> None:
        for row in partners:
            query = "WITH $r AS r " + _partner_body(DOMAIN_LABEL_BY_ZH[row["domain"]])
            engine.run(query, {**params, "r": row}, write=True)

    partner_seconds = common.timed(partner_rows)[0]
    # Every organisation in place (not timed), so each sampled partnership finds both ends.
    for label, org_rows in rows["orgs"].items():
        for batch in chunks(org_rows, DEFAULT_BATCH_SIZE):
            engine.write_batch(raw_org_query(label), batch)
    partnerships = network.read(network.partnerships, sample)

    def partnership_rows() -> None:
        for row in partnerships:
            engine.run("WITH $r AS r " + PARTNERSHIP_BODY, {"r": row}, write=True)

    partnership_seconds = common.timed(partnership_rows)[0]
    p_rate = len(partners) / partner_seconds
    r_rate = len(partnerships) / partnership_seconds
    return {
        "sample_rows": len(partners) + len(partnerships),
        "partner_rows_per_s": round(p_rate),
        "partnership_rows_per_s": round(r_rate),
        "estimated_seconds": network.n_partners / p_rate + network.n_partnerships / r_rate,
    }


def check_graph(engine: Engine, network: Network, what: str) -> None:
    """Every run must leave the same graph; a short one would flatter its time."""
    orgs = engine.run(f"MATCH (o:{ORG}) RETURN count(o) AS c")[0]["c"]
    links = engine.run(f"MATCH (:{ORG})-[p:{PARTNERS_WITH.type}]->(:{ORG}) RETURN count(p) AS c")[
        0
    ]["c"]
    located = engine.run(f"MATCH (:{ORG})-[l:{LOCATED_IN.type}]->(:{ORG}) RETURN count(l) AS c")[0][
        "c"
    ]
    expected = (network.n_partners, network.n_partnerships, network.n_partners - 9)
    if (orgs, links, located) != expected:
        raise SystemExit(
            f"{what} on {engine.name} left {orgs} organisations, {links} partnerships, "
            f"{located} subdistrict links; expected {expected}"
        )


def best(repeat: int, action: Callable[[], float]) -> float:
    return min(action() for _ in range(repeat))


def best_import(repeat: int, action: Callable[[], dict[str, float]]) -> dict[str, float]:
    return min((action() for _ in range(repeat)), key=lambda run: run["seconds"])


def load_csv_urls(engine: Engine, network: Network, import_dir: Path | None) -> tuple[str, str]:
    """``file:`` URLs for the two files that this Neo4j can read, copying them if need be.

    Neo4j resolves ``file:///name`` inside ``server.directories.import``; with that setting
    unset it reads absolute paths anywhere. A server on this machine is assumed.
    """
    files = (network.partners, network.partnerships)
    if import_dir is None:
        absolute = tuple(path.resolve().as_uri() for path in files)
        try:
            engine.run_autocommit(  # type: ignore[attr-defined]
                "LOAD CSV FROM $url AS r RETURN count(r) AS c", {"url": absolute[0]}
            )
            return absolute  # type: ignore[return-value]
        except Exception:
            rows = engine.run(
                "SHOW SETTINGS YIELD name, value WHERE name = 'server.directories.import' "
                "RETURN value"
            )
            import_dir = Path(rows[0]["value"]) if rows else None
    if import_dir is None or not import_dir.is_dir():
        raise SystemExit(
            "LOAD CSV needs the files where Neo4j can read them: set server.directories.import "
            "to a directory on this machine (or leave it unset) and pass --neo4j-import-dir DIR"
        )
    urls = []
    for path in files:
        name = f"redchain-bench-{network.n_orgs}-{path.name}"
        shutil.copyfile(path, import_dir / name)
        urls.append(f"file:///{name}")
    return urls[0], urls[1]


# --- putting it together -----------------------------------------------------------------------


def measure_size(
    engine: Engine, network: Network, args: argparse.Namespace, *, warm_up: bool = False
) -> dict[str, Any]:
    rows = raw_rows(network)
    result: dict[str, Any] = {"rows": network.rows}
    repeat = 1 if warm_up else args.repeat
    batch = args.batch_size
    raw = best(repeat, lambda: run_raw(engine, rows, batch))
    check_graph(engine, network, "raw UNWIND")
    raw_again = best(repeat, lambda: run_raw(engine, rows, batch, empty=False))
    check_graph(engine, network, "raw UNWIND again")
    import_run = best_import(repeat, lambda: run_redchain(engine, network, batch))
    check_graph(engine, network, "redchain import")
    again_run = best_import(repeat, lambda: run_redchain(engine, network, batch, empty=False))
    check_graph(engine, network, "redchain import again")
    ours, again = import_run["seconds"], again_run["seconds"]
    result["redchain"] = {
        "seconds": ours,
        "rows_per_s": common.rate(network.rows, ours),
        "read_seconds": import_run["read_seconds"],
    }
    result["redchain_again"] = {
        "seconds": again,
        "rows_per_s": common.rate(network.rows, again),
        "read_seconds": again_run["read_seconds"],
        "of_first": again / ours,
    }
    result["raw_unwind"] = {
        "seconds": raw,
        "rows_per_s": common.rate(network.rows, raw),
        "ratio": raw / ours,
    }
    result["raw_unwind_again"] = {
        "seconds": raw_again,
        "rows_per_s": common.rate(network.rows, raw_again),
        "ratio": raw_again / again,
    }
    if engine.name == "neo4j":
        urls = load_csv_urls(engine, network, args.neo4j_import_dir)
        load = best(repeat, lambda: run_load_csv(engine, urls, args.batch_size))
        check_graph(engine, network, "LOAD CSV")
        result["load_csv"] = {
            "seconds": load,
            "rows_per_s": common.rate(network.rows, load),
            "ratio": load / ours,
        }
    sample = min(args.naive_sample, 100) if warm_up else args.naive_sample
    if sample:
        naive = run_naive(engine, network, rows, sample)
        naive["speedup"] = naive["estimated_seconds"] / ours
        result["naive_per_row"] = naive
    return result


def measure_batch_sizes(
    engine: Engine, network: Network, args: argparse.Namespace, done: dict[int, float]
) -> dict[str, Any]:
    curve = {}
    for size in args.batch_sizes:
        if size in done:  # measured already, side by side with the others
            seconds = done[size]
        else:
            run = best_import(args.repeat, lambda: run_redchain(engine, network, size))  # noqa: B023
            seconds = run["seconds"]
        curve[size] = {"seconds": seconds, "rows_per_s": common.rate(network.rows, seconds)}
    return curve


def recommend(curves: dict[str, dict[Any, dict[str, Any]]]) -> int | None:
    """The smallest batch size within NEAR_BEST of the best throughput on every engine."""
    # Batch sizes are ints here and text once read back from JSON.
    paces = {
        engine: {int(size): figures["rows_per_s"] for size, figures in curve.items()}
        for engine, curve in curves.items()
    }
    sizes = sorted(set.intersection(*(set(p) for p in paces.values()))) if paces else []
    if not sizes:
        return None

    def score(size: int) -> float:
        return min(p[size] / max(p.values()) for p in paces.values())

    near = [size for size in sizes if score(size) >= NEAR_BEST]
    return near[0] if near else max(sizes, key=score)


def measure_memory(n_orgs: int, per_org: int, work_dir: Path) -> dict[str, Any]:
    network = Network(n_orgs, per_org, work_dir)
    data_dir = work_dir / "memory-data"
    command = [
        sys.executable, "-m", "redchain.cli.main", "--backend", "embedded",
        "--data-dir", str(data_dir), "import", str(network.partners), str(network.partnerships),
        "--format", "json",
    ]  # fmt: skip
    peak = common.run_measuring_memory(command)
    if peak.returncode != 0:
        raise SystemExit(f"redchain import failed ({peak.returncode}):\n{peak.stderr[-2000:]}")
    server_mb = max(peak.children_mb.values(), default=0.0)
    return {
        "orgs": n_orgs,
        "rows": network.rows,
        "seconds": peak.seconds,
        "rows_per_s": common.rate(network.rows, peak.seconds),
        "importer_peak_mb": peak.process_mb,
        "server_peak_mb": server_mb,
        "tree_max_rss_mb": peak.tree_mb,
        "children": peak.children_mb,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=_ints, default=DEFAULT_SIZES, help="organisations, e.g. 10000,100000"
    )
    parser.add_argument("--engines", type=_names, default=ENGINES, help="embedded,neo4j")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=DEFAULT_BATCH_SIZE,
        help="batch size of the side-by-side runs (the importer's default)",
    )
    parser.add_argument(
        "--batch-sizes",
        type=_ints,
        default=DEFAULT_BATCH_SIZES,
        help="batch sizes tried on the largest size",
    )
    parser.add_argument("--partnerships-per-org", type=int, default=3)
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=0,
        help="rows of each file written one query per row (0: no naive run)",
    )
    parser.add_argument(
        "--memory-orgs",
        type=int,
        default=DEFAULT_MEMORY_ORGS,
        help="organisations of the peak-memory import (0 skips it)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="best of N for each timing")
    parser.add_argument(
        "--show",
        type=Path,
        metavar="RESULTS_JSON",
        help="print the tables of a saved results file (recommendation recomputed), then stop",
    )
    parser.add_argument(
        "--append",
        action="store_true",
        help="add this run's engines to today's results file instead of replacing it "
        "(to measure one engine again without the others)",
    )
    parser.add_argument(
        "--neo4j-import-dir", type=Path, help="Neo4j's server.directories.import, when it is set"
    )
    parser.add_argument(
        "--work-dir", type=Path, help="where files and data go (default: a temp dir)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 1,000 organisations, two batch sizes, small samples",
    )
    args = parser.parse_args(argv)  # fmt: skip
    if args.quick:
        args.sizes, args.batch_sizes = (1000,), (1000, DEFAULT_BATCH_SIZE)
        args.naive_sample, args.memory_orgs = 100, 5000
    unknown = set(args.engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engine {sorted(unknown)}; choose from {', '.join(ENGINES)}")
    return args


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(part.replace("_", "")) for part in text.split(",") if part)


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.show:
        saved = json.loads(args.show.read_text(encoding="utf-8"))
        saved["recommended_batch_size"] = recommend(saved["batch_sizes"])
        report(saved)
        return 0
    engines = [e for e in args.engines if e != "neo4j" or common.neo4j_configured()]
    skipped = [e for e in args.engines if e not in engines]
    results: dict[str, Any] = {
        "benchmark": "import",
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": common.command_line(),
        "machine": common.machine(),
        "seed": SEED,
        "partnerships_per_org": args.partnerships_per_org,
        "batch_size": args.batch_size,
        "importer_default_batch_size": DEFAULT_BATCH_SIZE,
        "engines": {},
        "sizes": {},
        "batch_sizes": {},
        "skipped": {e: "NEO4J_URI is not set" for e in skipped},
        "complete": False,
        # When and how each engine was measured (runs may be added with --append).
        "runs": {
            e: {"command": common.command_line(), "machine": common.machine()} for e in engines
        },
    }
    earlier = common.read_results("import") if args.append else None
    # Load every engine's module now: the run is long, and the files may change meanwhile.
    for backend in engines:
        importlib.import_module(f"redchain.engines.{backend}")
    print(f"redchain import benchmark on {_machine_line(results['machine'])}")
    if skipped:
        print('Neo4j skipped: NEO4J_URI is not set (start one: eval "$(scripts/neo4j-dev start)")')
    with _work_dir(args.work_dir) as work:
        networks = {}
        for n_orgs in sorted(args.sizes):
            networks[n_orgs] = Network(n_orgs, args.partnerships_per_org, work)
            print(f"generated {n_orgs:,} organisations: {networks[n_orgs].rows:,} rows "
                  f"in {networks[n_orgs].generate_seconds:.1f} s")  # fmt: skip
        largest = networks[max(networks)]
        results["batch_size_orgs"] = largest.n_orgs
        warm_up = Network(WARM_UP_ORGS, args.partnerships_per_org, work)
        for backend in engines:
            measure_engine(backend, networks, warm_up, args, work, results)
            if backend == "embedded" and args.memory_orgs:
                print(f"embedded: peak memory of importing {args.memory_orgs:,} organisations")
                results["memory"] = measure_memory(
                    args.memory_orgs, args.partnerships_per_org, work
                )
            # Saved after each engine, so that a later failure keeps what was measured.
            common.write_results("import", merged(results, earlier))
    results["complete"] = True
    final = merged(results, earlier)
    report(final)
    path = common.write_results("import", final)
    print(f"\nFigures written to {path}")
    return 0


def merged(results: dict[str, Any], earlier: dict[str, Any] | None) -> dict[str, Any]:
    """``results``, or with ``earlier`` (an earlier run's figures) that run with this run's
    engines measured again."""
    if earlier is None:
        return results
    both = json.loads(json.dumps(earlier))
    for backend in results["runs"]:
        both.get("skipped", {}).pop(backend, None)
        for key in ("engines", "batch_sizes", "runs"):
            if backend in results[key]:
                both.setdefault(key, {})[backend] = results[key][backend]
        for n_orgs, by_engine in results["sizes"].items():
            if backend in by_engine:
                both["sizes"].setdefault(n_orgs, {})[backend] = by_engine[backend]
    if "memory" in results:
        both["memory"] = results["memory"]
    both["recommended_batch_size"] = recommend(both["batch_sizes"])
    both["complete"] = results["complete"]
    return both


def measure_engine(
    backend: str,
    networks: dict[int, Network],
    warm_up: Network,
    args: argparse.Namespace,
    work: Path,
    results: dict[str, Any],
) -> None:
    largest = networks[max(networks)]
    with common.open_engine(backend, work) as engine:
        results["engines"][backend] = engine.version()
        # Untimed: the first queries of a session pay for planning, caches and (Neo4j) the
        # JIT; without this, whichever method runs first would look slower than it is.
        measure_size(engine, warm_up, args, warm_up=True)
        for n_orgs, network in networks.items():
            print(f"{backend}: {n_orgs:,} organisations ...", flush=True)
            figures = measure_size(engine, network, args)
            results["sizes"].setdefault(str(n_orgs), {})[backend] = figures
        if args.batch_sizes:
            side_by_side = results["sizes"][str(largest.n_orgs)][backend]["redchain"]["seconds"]
            print(f"{backend}: batch sizes on {largest.n_orgs:,} organisations ...", flush=True)
            results["batch_sizes"][backend] = measure_batch_sizes(
                engine, largest, args, {args.batch_size: side_by_side}
            )
    results["recommended_batch_size"] = recommend(results["batch_sizes"])


def report(results: dict[str, Any]) -> None:
    rows = []
    for n_orgs, by_engine in results["sizes"].items():
        for backend, f in by_engine.items():
            load = f.get("load_csv")
            naive = f.get("naive_per_row")
            again, raw_again = f.get("redchain_again"), f.get("raw_unwind_again")
            row = {
                "engine": backend,
                "orgs": f"{int(n_orgs):,}",
                "rows": f"{f['rows']:,}",
                "redchain s": f"{f['redchain']['seconds']:.1f}",
                "rows/s": f"{f['redchain']['rows_per_s']:,}",
                "reading s": f"{f['redchain']['read_seconds']:.1f}",
                "raw s": f"{f['raw_unwind']['seconds']:.1f}",
                f"÷ raw (≥{AIMS['raw_empty']})": f"{f['raw_unwind']['ratio']:.2f}",
                "again s": f"{again['seconds']:.1f}" if again else "-",
                "raw again s": f"{raw_again['seconds']:.1f}" if raw_again else "-",
                f"÷ raw again (≥{AIMS['raw_again']})": (
                    f"{raw_again['ratio']:.2f}" if raw_again else "-"
                ),
                f"again ÷ first (≤{AIMS['again']})": f"{again['of_first']:.2f}" if again else "-",
                "LOAD CSV s": f"{load['seconds']:.1f}" if load else "-",
                f"÷ LOAD CSV (≥{AIMS['load_csv']})": f"{load['ratio']:.2f}" if load else "-",
            }
            if naive:
                row["naive s (est.)"] = f"{naive['estimated_seconds']:.0f}"
                row[f"× naive (≥{AIMS['naive']:.0f})"] = f"{naive['speedup']:.0f}"
            rows.append(row)
    common.print_table(
        "Import: redchain against the engines' own ways (one run, side by side)",
        rows,
        list(dict.fromkeys(k for row in rows for k in row)),
    )
    print(
        "÷ = the other's time ÷ redchain's (1.0: as fast; higher: redchain faster); "
        "again: the same files imported onto the graph the first import left; raw again: the "
        "raw queries onto the graph holding those units. reading: the part of redchain's time "
        "spent reading and normalising the files."
    )
    curve_rows = []
    for backend, curve in results["batch_sizes"].items():
        for size, figures in curve.items():
            curve_rows.append({"engine": backend, "batch size": f"{int(size):,}",
                               "seconds": f"{figures['seconds']:.1f}",
                               "rows/s": f"{figures['rows_per_s']:,}"})  # fmt: skip
    if curve_rows and results.get("recommended_batch_size"):
        common.print_table(
            f"Batch sizes (redchain import, {results['batch_size_orgs']:,} organisations)",
            curve_rows,
            list(curve_rows[0]),
        )
        print(
            f"recommended default: {results['recommended_batch_size']:,} "
            f"(importer's DEFAULT_BATCH_SIZE: {results['importer_default_batch_size']:,})"
        )
    memory = results.get("memory")
    if memory:
        common.print_table(
            "Peak memory of `redchain import` (embedded engine, own process)",
            [
                {
                    "orgs": f"{memory['orgs']:,}",
                    "rows": f"{memory['rows']:,}",
                    "seconds": f"{memory['seconds']:.0f}",
                    "rows/s": f"{memory['rows_per_s']:,}",
                    "importer MB (≤300)": f"{memory['importer_peak_mb']:.0f}",
                    "embedded server MB": f"{memory['server_peak_mb']:.0f}",
                }
            ],
            ["orgs", "rows", "seconds", "rows/s", "importer MB (≤300)", "embedded server MB"],
        )
    print(f"\nEngines: {results['engines']}")
    for backend, run in results.get("runs", {}).items():
        print(f"{backend} measured on {_machine_line(run['machine'])}\n  by: {run['command']}")


def _machine_line(m: dict[str, Any]) -> str:
    return (
        f"{m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB, load {m['load_average']}, "
        f"Python {m['python']}"
    )


@contextlib.contextmanager
def _work_dir(given: Path | None) -> Iterator[Path]:
    """``--work-dir`` (kept afterwards), else a temporary directory removed at the end."""
    if given is not None:
        given.mkdir(parents=True, exist_ok=True)
        yield given
        return
    with tempfile.TemporaryDirectory(prefix="redchain-bench-import-") as temp:
        yield Path(temp)


if __name__ == "__main__":
    sys.exit(main())
