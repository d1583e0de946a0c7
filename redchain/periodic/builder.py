"""Building the periodic report: the ``report/`` queries for the period and the one before it,
the trend per month or quarter, the points ranking, and the gap report on the period's last day."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from redchain import changes as period_changes
from redchain import querylib
from redchain.engines.base import Engine, Record
from redchain.gaps import GapReport, gap_report
from redchain.model import AGREEMENT_STAGES, DEFAULT_CHAIN, DOMAINS
from redchain.period import Period
from redchain.periodic.data import Bucket, PeriodicReport, Ranking
from redchain.points import ledger
from redchain.points import rules as points_rules
from redchain.points.rules import Rules


def build(
    engine: Engine,
    period: Period,
    chain: str = DEFAULT_CHAIN,
    rules: Rules | None = None,
    *,
    timeout: float | None = None,
) -> PeriodicReport:
    """The report on ``chain`` for ``period``, compared with the period just before it.

    Members, partnerships, agreements and bases are counted as they stood on the period's last
    day; activities, participations and points within the period; talent figures for the
    calendar years the period touches. Points are the ledger's (:mod:`redchain.points`) by
    ``rules``, the shipped rules when None.
    """
    # The gap report checks that the chain exists, with an error that lists the chains.
    gaps = gap_report(
        engine,
        as_of=period.end,
        period=(period.start, period.end),
        chain=chain,
        timeout=timeout,
    )
    run = _Run(engine, chain, timeout)
    rules = rules or points_rules.load()
    previous = period.previous()
    standing = ledger.compute(engine, period, rules, chain, timeout=timeout)
    before = ledger.compute(engine, previous, rules, chain, timeout=timeout)
    figures, members = _figures(run, period, standing)
    previous_figures, previous_members = _figures(run, previous, before)
    units = run.rows("report/units", period)
    return PeriodicReport(
        chain=chain,
        period=period,
        previous=previous,
        figures=figures,
        previous_figures=previous_figures,
        members_by_domain=members,
        previous_members_by_domain=previous_members,
        stages=_stages(run.rows("report/agreements", period)),
        trend=_trend(run, period, standing),
        previous_trend=_trend(run, previous, before),
        subdistricts=_subdistricts(run.rows("report/subdistricts", period), units, standing, gaps),
        ranking=_ranking(standing, units),
        cohorts=[dict(r) for r in run.rows("report/cohorts", period)],
        placements=[dict(r) for r in run.rows("report/placements", period)],
        gaps=gaps,
        changes=period_changes.build(engine, period, chain, rules),
    )


class _Run:
    """Runs the named ``report/`` queries with a period's parameters."""

    def __init__(self, engine: Engine, chain: str, timeout: float | None) -> None:
        self.engine, self.chain, self.timeout = engine, chain, timeout

    def rows(self, name: str, period: Period) -> list[Record]:
        query = querylib.get(name)
        offered: dict[str, Any] = {
            "chain": self.chain,
            "from": period.start,
            "to": period.end,
            "from_year": period.start.year,
            "to_year": period.end.year,
            "year": period.end.year,
        }
        declared = {p.name for p in query.params}
        params = querylib.resolve(query, {k: v for k, v in offered.items() if k in declared})
        return querylib.run_cypher(self.engine, query, params, self.timeout)

    def one(self, name: str, period: Period) -> Mapping[str, Any]:
        rows = self.rows(name, period)
        return rows[0] if rows else {}


def _int(value: Any) -> int:
    return int(value or 0)


def _figures(
    run: _Run, period: Period, standing: ledger.Standing
) -> tuple[dict[str, int], dict[str, int]]:
    members = {d.key: 0 for d in DOMAINS}
    for row in run.rows("report/members", period):
        if row["domain"] in members:
            members[row["domain"]] = _int(row["members"])
    partnerships = run.one("report/partnerships", period)
    agreements = run.rows("report/agreements", period)
    bases = run.one("report/bases", period)
    activities = run.one("report/activities", period)
    talent = run.one("report/talent", period)
    cohorts = run.rows("report/cohorts", period)
    pool = run.one("report/talent_pool", period)
    figures = {
        "members": sum(members.values()),
        "partnerships": _int(partnerships.get("in_force")),
        "partnerships_begun": _int(partnerships.get("begun")),
        "agreements": sum(_int(r["in_force"]) for r in agreements),
        "agreements_signed": sum(_int(r["signed"]) for r in agreements),
        "bases": _int(bases.get("bases")),
        "active_bases": _int(bases.get("active")),
        "activities": _int(activities.get("activities")),
        "key_projects": _int(activities.get("key_projects")),
        "units_active": _int(activities.get("units")),
        "participations": _int(activities.get("participations")),
        "points": standing.total,
        "interns": _int(talent.get("interns")),
        "hires": _int(talent.get("hires")),
        "cohorts": len(cohorts),
        "trained": sum(_int(r["trained"]) for r in cohorts),
        "cohort_interns": sum(_int(r["interns"]) for r in cohorts),
        "placed": sum(_int(r["placed"]) for r in cohorts),
        "talent_pool": _int(pool.get("size")),
    }
    return figures, members


def _stages(rows: list[Record]) -> list[dict[str, Any]]:
    found = {r["stage"]: r for r in rows}
    return [
        {
            "stage": s.key,
            "agreements": _int(found.get(s.key, {}).get("agreements")),
            "in_force": _int(found.get(s.key, {}).get("in_force")),
            "signed": _int(found.get(s.key, {}).get("signed")),
        }
        for s in AGREEMENT_STAGES
    ]


def _trend(run: _Run, period: Period, standing: ledger.Standing) -> list[Bucket]:
    lines = [line for unit in standing.units for line in unit.lines]
    out = []
    for piece in period.buckets():
        row = run.one("report/activities", piece)
        earned = sum(line.earned for line in lines if piece.contains(line.date))
        out.append(
            Bucket(piece, _int(row.get("activities")), _int(row.get("participations")), earned)
        )
    return out


def _places(units: list[Record]) -> dict[str, tuple[str, str]]:
    """Each member's subdistrict or town as (credit code, name); a subdistrict is its own."""
    out = {}
    for u in units:
        if u["domain"] == "subdistrict":
            out[str(u["uscc"])] = (str(u["uscc"]), str(u["name"]))
        elif u["subdistrict_uscc"] is not None:
            out[str(u["uscc"])] = (str(u["subdistrict_uscc"]), str(u["subdistrict"]))
    return out


def _subdistricts(
    rows: list[Record], units: list[Record], standing: ledger.Standing, gaps: GapReport
) -> list[dict[str, Any]]:
    place = {uscc: where[0] for uscc, where in _places(units).items()}
    points: dict[str, int] = {}
    for unit in standing.units:
        if unit.uscc in place:
            points[place[unit.uscc]] = points.get(place[unit.uscc], 0) + unit.total
    open_gaps: dict[str, int] = {}
    for gap in gaps.gaps:
        for item in gap.items:
            where = place.get(str(item.get("uscc") or item.get("host_uscc")))
            if where is not None:
                open_gaps[where] = open_gaps.get(where, 0) + 1
    return [
        {
            "uscc": r["uscc"],
            "name": r["name"],
            "units": _int(r["units"]),
            "partnerships": _int(r["partnerships"]),
            "agreements": _int(r["agreements"]),
            "activities": _int(r["activities"]),
            "points": points.get(r["uscc"], 0),
            "open_gaps": open_gaps.get(r["uscc"], 0),
        }
        for r in rows
    ]


def _ranking(standing: ledger.Standing, units: list[Record]) -> Ranking:
    """The ledger's ranking; a unit's subdistrict is where it is located, or itself when it is
    one, as in the subdistrict table."""
    place = _places(units)
    ranked = [
        {
            "rank": u.rank,
            "uscc": u.uscc,
            "name": u.name,
            "domain": u.domain,
            "subdistrict": place[u.uscc][1] if u.uscc in place else u.subdistrict,
            "activities": len(u.lines),
            "points": u.points,
            "bonus": u.bonus,
            "capped": u.capped,
            "total": u.total,
        }
        for u in standing.units
    ]
    by_domain = [
        {"rank": g.rank, "key": g.key, "units": g.units, "total": g.total}
        for g in standing.by_domain()
    ]
    return Ranking(units=ranked, domains=by_domain, subdistricts=_by_subdistrict(ranked))


def _by_subdistrict(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    totals: dict[str, list[int]] = {}
    for u in units:
        if u["subdistrict"]:
            entry = totals.setdefault(u["subdistrict"], [0, 0])
            entry[0] += u["total"]
            entry[1] += 1
    ordered = sorted(totals.items(), key=lambda kv: (-kv[1][0], kv[0]))
    out: list[dict[str, Any]] = []
    for index, (name, (total, count)) in enumerate(ordered, start=1):
        rank = out[-1]["rank"] if out and out[-1]["total"] == total else index
        out.append({"rank": rank, "key": name, "units": count, "total": total})
    return out
