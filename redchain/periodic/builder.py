"""Building the periodic report: the ``report/`` queries for the period and the one before it,
the trend per month or quarter, the points ranking, and the gap report on the period's last day."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from redchain import querylib
from redchain.engines.base import Engine, Record
from redchain.gaps import GapReport, gap_report
from redchain.model import AGREEMENT_STAGES, DEFAULT_CHAIN, DOMAINS
from redchain.period import Period
from redchain.periodic.data import Bucket, PeriodicReport, Ranking


def build(
    engine: Engine,
    period: Period,
    chain: str = DEFAULT_CHAIN,
    rules: Any = None,
    *,
    timeout: float | None = None,
) -> PeriodicReport:
    """The report on ``chain`` for ``period``, compared with the period just before it.

    Members, partnerships, agreements and bases are counted as they stood on the period's last
    day; activities, participations and points within the period; talent figures for the
    calendar years the period touches. ``rules`` is accepted for the points ledger.
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
    previous = period.previous()
    figures, members = _figures(run, period)
    previous_figures, previous_members = _figures(run, previous)
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
        trend=_trend(run, period),
        previous_trend=_trend(run, previous),
        subdistricts=_subdistricts(run.rows("report/subdistricts", period), units, gaps),
        ranking=_ranking(units),
        cohorts=[dict(r) for r in run.rows("report/cohorts", period)],
        placements=[dict(r) for r in run.rows("report/placements", period)],
        gaps=gaps,
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


def _figures(run: _Run, period: Period) -> tuple[dict[str, int], dict[str, int]]:
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
        "points": _int(activities.get("points")),
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


def _trend(run: _Run, period: Period) -> list[Bucket]:
    out = []
    for piece in period.buckets():
        row = run.one("report/activities", piece)
        out.append(
            Bucket(
                piece,
                _int(row.get("activities")),
                _int(row.get("participations")),
                _int(row.get("points")),
            )
        )
    return out


def _place(unit: Mapping[str, Any]) -> str | None:
    """The subdistrict a unit belongs to: itself for a subdistrict, else where it is located."""
    if unit["domain"] == "subdistrict":
        return str(unit["uscc"])
    where = unit["subdistrict_uscc"]
    return None if where is None else str(where)


def _subdistricts(rows: list[Record], units: list[Record], gaps: GapReport) -> list[dict[str, Any]]:
    place = {u["uscc"]: _place(u) for u in units}
    points: dict[str | None, int] = {}
    for u in units:
        points[_place(u)] = points.get(_place(u), 0) + _int(u["points"]) + _int(u["bonus"])
    open_gaps: dict[str | None, int] = {}
    for gap in gaps.gaps:
        for item in gap.items:
            where = place.get(item.get("uscc") or item.get("host_uscc"))
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


def _ranking(units: list[Record]) -> Ranking:
    took_part = [
        {
            "uscc": u["uscc"],
            "name": u["name"],
            "domain": u["domain"],
            "subdistrict": u["name"] if u["domain"] == "subdistrict" else u["subdistrict"],
            "activities": _int(u["activities"]),
            "points": _int(u["points"]),
            "bonus": _int(u["bonus"]),
            "total": _int(u["points"]) + _int(u["bonus"]),
        }
        for u in units
        if _int(u["activities"])
    ]
    took_part.sort(key=lambda u: (-u["total"], u["name"] or "", u["uscc"]))
    ranked = [{"rank": i, **u} for i, u in enumerate(took_part, start=1)]
    by_domain = _totals(ranked, "domain", [d.key for d in DOMAINS])
    subdistricts = sorted({u["subdistrict"] for u in ranked if u["subdistrict"]})
    by_subdistrict = _totals(ranked, "subdistrict", subdistricts)
    return Ranking(units=ranked, domains=by_domain, subdistricts=by_subdistrict)


def _totals(units: list[dict[str, Any]], key: str, order: list[str]) -> list[dict[str, Any]]:
    counts = dict.fromkeys(order, 0)
    totals = dict.fromkeys(order, 0)
    for u in units:
        if u[key] in totals:
            counts[u[key]] += 1
            totals[u[key]] += u["total"]
    keys = sorted(order, key=lambda k: (-totals[k], order.index(k)))
    return [
        {"rank": i, "key": k, "units": counts[k], "total": totals[k]}
        for i, k in enumerate(keys, start=1)
    ]
