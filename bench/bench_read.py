"""Reading alone, per format: how many rows a second the importer's readers give, without writes.

The synthetic network's ``partners.csv`` and ``partnerships.csv`` (``redchain generate``) are
saved in each format a clerk sends: the CSV as generated (UTF-8), the same CSV in GB18030 and
UTF-16, and workbooks saved by LibreOffice (``soffice --headless --convert-to``: .xlsx, .xls,
.ods; .xls holds at most 65,536 rows, so the size stays below that). Two figures per file:

* **read**: ``open_table`` and every row, as cells (decoding, the sheet scan, limits);
* **read + parse**: the same, and each row normalised and checked cell by cell (the row parser
  of the matched kind), which is what ``redchain import`` does before any check across rows.

No engine is involved. The conversion to workbooks is not timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

from redchain import synthetic
from redchain.importing.headers import guess_kind, match
from redchain.importing.readers import open_table
from redchain.importing.rows import RowParser

SEED = 1
DEFAULT_ORGS = 10_000
FILES = ("partners.csv", "partnerships.csv")
CSV_IN = "CSV:44,34,76,1,,0,false,true"
UTF16_OUT = "csv:Text - txt - csv (StarCalc):9,34,65535"
# The most rows of an .xls sheet.
XLS_ROWS = 65_536
FORMATS = ("csv", "csv-gb18030", "csv-utf16", "xlsx", "xls", "ods")


def convert(sources: list[Path], to: str, out: Path, profile: Path) -> None:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            f"--infilter={CSV_IN}",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=1800,
    )


def prepare(n_orgs: int, work: Path, formats: tuple[str, ...]) -> dict[str, list[Path]]:
    """Each format's copy of the two files."""
    base = work / "csv"
    synthetic.generate(n_orgs, SEED, base)
    sources = [base / name for name in FILES]
    made: dict[str, list[Path]] = {"csv": sources}
    if "csv-gb18030" in formats:
        out = work / "gb18030"
        out.mkdir()
        for source in sources:
            text = source.read_text(encoding="utf-8-sig")
            (out / source.name).write_text(text, encoding="gb18030", newline="")
        made["csv-gb18030"] = [out / name for name in FILES]
    profile = work / "profile"
    for fmt in formats:
        if fmt in ("xlsx", "xls", "ods"):
            convert(sources, fmt, work / fmt, profile)
            made[fmt] = [(work / fmt / name).with_suffix(f".{fmt}") for name in FILES]
    if "csv-utf16" in formats:
        convert(sources, UTF16_OUT, work / "utf16", profile)
        made["csv-utf16"] = [work / "utf16" / name for name in FILES]
    return made


def read_only(path: Path) -> int:
    return sum(1 for _ in open_table(path).rows)


def read_and_parse(path: Path) -> int:
    table = open_table(path)
    layout = match(table.headers, guess_kind(table.headers, {}), {})
    parser = RowParser(table, layout, path.name)
    rows = 0
    for raw in table.rows:
        parser.parse(raw)
        rows += 1
    return rows


def best_of(repeat: int, action: Any, path: Path) -> tuple[float, int]:
    best = float("inf")
    rows = 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = action(path)
        best = min(best, time.perf_counter() - started)
    return best, rows


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--orgs",
        type=int,
        default=DEFAULT_ORGS,
        help=f"organisations of the synthetic network (default {DEFAULT_ORGS:,}; 4 rows each)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="take the best of N runs")
    parser.add_argument(
        "--formats",
        default=",".join(FORMATS),
        help="comma-separated, of: " + ", ".join(FORMATS),
    )
    parser.add_argument("--quick", action="store_true", help="1,000 organisations, one run")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    n_orgs, repeat = (1_000, 1) if args.quick else (args.orgs, args.repeat)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        print(f"unknown formats: {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
        return 2
    if "xls" in formats and n_orgs * synthetic.DEFAULT_PARTNERSHIPS_PER_ORG >= XLS_ROWS:
        print(f"leaving .xls out: {n_orgs:,} organisations need more rows than its {XLS_ROWS:,}")
        formats = tuple(f for f in formats if f != "xls")
    if any(f in ("xlsx", "xls", "ods", "csv-utf16") for f in formats) and not shutil.which(
        "soffice"
    ):
        print("soffice (LibreOffice) is needed for the workbooks and UTF-16 text")
        return 2
    results: dict[str, Any] = {
        "benchmark": "read",
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": common.command_line(),
        "machine": common.machine(),
        "seed": SEED,
        "orgs": n_orgs,
        "repeat": repeat,
        "files": [],
    }
    with tempfile.TemporaryDirectory(prefix="redchain-bench-read-") as tmp:
        made = prepare(n_orgs, Path(tmp), formats)
        for fmt in formats:
            for path in made[fmt]:
                read_s, rows = best_of(repeat, read_only, path)
                parse_s, _ = best_of(repeat, read_and_parse, path)
                results["files"].append(
                    {
                        "format": fmt,
                        "file": path.name,
                        "bytes": path.stat().st_size,
                        "rows": rows,
                        "read_s": round(read_s, 3),
                        "read_rows_per_s": common.rate(rows, read_s),
                        "read_parse_s": round(parse_s, 3),
                        "read_parse_rows_per_s": common.rate(rows, parse_s),
                    }
                )
    table = [
        {
            "format": r["format"],
            "file": r["file"],
            "rows": f"{r['rows']:,}",
            "MB": f"{r['bytes'] / 1e6:.1f}",
            "read": f"{r['read_s']:.2f} s ({r['read_rows_per_s']:,} rows/s)",
            "read + parse": f"{r['read_parse_s']:.2f} s ({r['read_parse_rows_per_s']:,} rows/s)",
        }
        for r in results["files"]
    ]
    m = results["machine"]
    print(f"redchain reading benchmark: {m['cores']} cores, load {m['load_average']}")
    print(common.render_table(table, list(table[0])))
    path = common.write_results("read", results)
    print(f"\nFigures written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
