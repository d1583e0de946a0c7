"""How long ``redchain report`` takes: building the data once, then each format from it.

For each size (organisations), a synthetic network (``redchain.synthetic``) is imported with
``import_files``; then, on each engine, for the synthetic network's last year:

* **build**: ``periodic.build``: the ``report/`` queries for the year and the one before, the
  trend per month, the points ledger of both years, the changes (``redchain.changes``) and the
  gap report on the year's last day;
* **gaps**, **ledger**, **changes**: those three parts alone, as ``build`` runs them;
* one line per format: ``periodic.render`` from the built data (the charts drawn each time),
  PDF included with ``--pdf`` (Chromium printing the page).

Each is run ``--repeat`` times after one warm-up run; the median is reported.

    python bench/bench_report.py                            # 10k organisations
    python bench/bench_report.py --sizes 2000 --repeat 1    # smoke run
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

from redchain import changes, periodic, synthetic
from redchain.engines.base import Engine
from redchain.gaps import gap_report
from redchain.importing.api import import_files
from redchain.period import Period, year
from redchain.points import ledger, rules

SEED = 15
ENGINES = ("embedded", "neo4j")
DEFAULT_SIZES = (10_000,)
# The synthetic networks date activities 2019-2025: report on their last year.
PERIOD = year(2025)
TEXT_FORMATS = ("docx", "xlsx", "html", "md", "json")


def median_of(action: Any, repeat: int) -> float:
    action()  # warm-up
    return round(statistics.median(common.timed(action)[0] for _ in range(repeat)), 3)


def measure(engine: Engine, period: Period, repeat: int, pdf: bool) -> dict[str, Any]:
    shipped = rules.load()
    figures: dict[str, Any] = {
        "build_s": median_of(lambda: periodic.build(engine, period), repeat),
        "gaps_s": median_of(
            lambda: gap_report(engine, as_of=period.end, period=(period.start, period.end)),
            repeat,
        ),
        "ledger_s": median_of(lambda: ledger.compute(engine, period, shipped), repeat),
        "changes_s": median_of(lambda: changes.build(engine, period), repeat),
    }
    report = periodic.build(engine, period)
    for fmt in (*TEXT_FORMATS, *(("pdf",) if pdf else ())):
        figures[f"{fmt}_s"] = median_of(lambda f=fmt: periodic.render(report, f), repeat)
    figures["units_ranked"] = len(report.ranking.units)
    figures["subdistricts"] = len(report.subdistricts)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="Also time the PDF (Chromium).")
    parser.add_argument("--work-dir", type=Path, default=None)
    args = parser.parse_args()
    engines = args.engines or [e for e in ENGINES if e == "embedded" or common.neo4j_configured()]
    results: dict[str, Any] = {
        "command": common.command_line(),
        "machine": common.machine(),
        "parameters": {"period": PERIOD.key},
        "runs": [],
    }
    with tempfile.TemporaryDirectory(dir=args.work_dir) as tmp:
        work = Path(tmp)
        for size in args.sizes:
            files_dir = work / f"synthetic-{size}"
            synthetic.generate(size, SEED, files_dir)
            files = sorted(files_dir.glob("*.csv"))
            for backend in engines:
                with common.open_engine(backend, work / f"size-{size}") as engine:
                    common.fresh(engine)
                    import_s, imported = common.timed(lambda e=engine, f=files: import_files(e, f))
                    if imported.problems:
                        raise SystemExit(
                            f"the synthetic files did not import: {imported.problems[:3]}"
                        )
                    print(f"{backend}: imported {size} organisations in {import_s:.1f} s")
                    figures = measure(engine, PERIOD, args.repeat, args.pdf)
                    engine.clear()
                results["runs"].append({"engine": backend, "orgs": size, **figures})
                common.write_results("report", results)  # kept even if a later size fails
    rows = results["runs"]
    common.print_table("redchain report (seconds)", rows, list(rows[0]) if rows else [])
    path = common.write_results("report", results)
    print(f"results: {path}")


if __name__ == "__main__":
    main()
