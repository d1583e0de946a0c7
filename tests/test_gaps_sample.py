"""On the shipped sample network the report finds exactly the gaps the sample was built with.

The expected answers are ``tests/data/sample_expected_gaps.json`` (see docs/sample.md); the
sample is imported through the importer, as ``redchain demo`` does, on both engines.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from redchain.engines.base import Engine
from redchain.gaps import GapReport, gap_report, plain
from redchain.importing.api import import_files
from redchain.model import CHAIN_DOMAINS, DEFAULT_CHAIN
from redchain.period import Period
from redchain.points import ledger, rules

SAMPLE_DIR = Path(str(files("redchain") / "data" / "sample"))
EXPECTED = json.loads(
    (Path(__file__).parent / "data" / "sample_expected_gaps.json").read_text(encoding="utf-8")
)
GAPS = (
    "subdistricts_without_financial_partner",
    "financial_without_talent",
    "universities_without_talent",
    "dormant_members",
    "idle_bases",
    "unreachable_from_master",
    "isolated",
    "cut_units",
    "agreements_ending",
    "agreements_stalled",
    "nominal_partnerships",
    "unmatched_needs",
    "parties_without_liaison",
    "cohorts_without_placements",
    "never_evaluated",
)


def sample_report(engine: Engine, chain: str = DEFAULT_CHAIN) -> GapReport:
    params = EXPECTED["parameters"]
    return gap_report(
        engine,
        as_of=params["as_of"],
        since=params["since"],
        period=(params["period"]["start"], params["period"]["end"]),
        hops=params["k"],
        top=5,
        chain=chain,
        settings={
            "agreements_ending": {"days": params["agreements_ending_days"]},
            "agreements_stalled": {"days": params["agreements_stalled_days"]},
            "nominal_partnerships": {"months": params["nominal_partnerships_months"]},
        },
    )


def check_report(report: GapReport, expected: dict[str, Any]) -> None:
    for name in GAPS:
        assert project(report.gap(name).items, expected[name]) == expected[name], name

    matrix = expected["domain_matrix"]
    assert matrix["domains"] == [d.zh for d in CHAIN_DOMAINS]
    assert report.matrix.counts == matrix["counts"]
    empty = [tuple(item["zh"].split(" × ")) for item in report.gap("domain_matrix").items]
    assert empty == [tuple(pair) for pair in matrix["empty_off_diagonal"]] + [
        (d, d) for d in matrix["empty_diagonal"]
    ]


def project(items: list[dict[str, Any]], like: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items cut down to the fields the expected answers record."""
    keys = list(like[0]) if like else ["uscc"]
    return [{k: plain(item.get(k)) for k in keys} for item in items]


def ranked(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"name": u["name"], "uscc": u["uscc"], "rank": u["rank"], "points": u["total"]}
        for u in units
    ]


def test_the_sample_report_finds_exactly_the_built_in_gaps(engine: Engine) -> None:
    # One import per engine: the checks of both chains share it to keep the suite quick.
    imported = import_files(engine, sorted(SAMPLE_DIR.glob("*.csv")))
    assert not imported.problems
    report = sample_report(engine)
    check_report(report, EXPECTED)

    # The report's ranking is the points ledger's (tests/test_points.py checks the ledger
    # against a computation of its own from the raw rows).
    params = EXPECTED["parameters"]
    period = Period(
        dt.date.fromisoformat(params["period"]["start"]),
        dt.date.fromisoformat(params["period"]["end"]),
    )
    standing = ledger.compute(engine, period, rules.load())
    assert report.ranking.ranked == len(standing.units) > 0
    assert ranked(report.ranking.top_units) == [
        {"name": u.name, "uscc": u.uscc, "rank": u.rank, "points": u.total}
        for u in standing.units
        if u.rank <= 5
    ]

    left = {m["uscc"] for m in EXPECTED["left_members"]}
    assert left
    for gap in report.gaps:
        assert not left & {item.get("uscc") for item in gap.items}, gap.name

    second = EXPECTED["second_chain"]
    check_report(sample_report(engine, second["chain"]), second)
