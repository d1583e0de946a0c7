"""The points ledger: every unit's activities in a period, scored by the rules, and the ranking.

One query (``cypher/rank/ledger.cypher``) fetches the chain's activities in the period and, per
unit, the ones it took part in with the points typed in; the rules, the caps and the typed
overrides are applied here, so nothing that can be recomputed is stored. A unit's total is the
sum of its ledger lines, by construction.

Scoring a line (an activity a unit took part in), in date order within each unit:

- points or bonus typed in the participation file (``TOOK_PART_IN.points``/``.bonus``) are taken
  as typed, a blank one of the two as 0: the line is an *override*; no cap cuts it, but it
  counts toward the caps of later lines;
- otherwise the version in force on the activity's date gives the kind's points, plus the
  key-project bonus when the activity is a key project;
- the version's caps then cut what the line would bring beyond the most a unit may earn in the
  quarter or year (all kinds, and per kind). A new version starts its caps afresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from redchain import period as periods
from redchain import querylib
from redchain.engines.base import Engine
from redchain.model import ACTIVITY, ACTIVITY_OF, CHAIN, DEFAULT_CHAIN, ORGANIZATION, TOOK_PART_IN
from redchain.period import Period
from redchain.points.rules import Rules, Version

LEDGER_QUERY = "rank/ledger"

Rule = Literal["points", "unlisted", "no_version", "override"]
CapKind = Literal["total", "kind"]


@dataclass(slots=True)
class LedgerLine:
    """One activity of one unit: the rule applied and what it brought.

    ``points`` and ``bonus`` are what the rule (or the typed override) gives; ``capped`` is what
    a cap cut from them; the line brings :attr:`earned` = points + bonus - capped.
    """

    activity_code: str
    activity_title: str
    date: dt.date
    kind: str | None
    #: ``points`` (the kind's points in ``version``), ``unlisted`` (the version lists no points
    #: for the kind: 0), ``no_version`` (before the first version applies: 0) or ``override``
    rule: Rule
    points: int
    bonus: int
    capped: int
    override: bool
    version: str | None = None
    key_project: bool = False
    #: which cap cut the line: ``total`` (all kinds) or ``kind``
    cap: CapKind | None = None

    @property
    def earned(self) -> int:
        return self.points + self.bonus - self.capped

    def to_json(self) -> dict[str, Any]:
        return {
            "activity_code": self.activity_code,
            "activity_title": self.activity_title,
            "date": self.date.isoformat(),
            "kind": self.kind,
            "key_project": self.key_project,
            "version": self.version,
            "rule": self.rule,
            "points": self.points,
            "bonus": self.bonus,
            "capped": self.capped,
            "cap": self.cap,
            "override": self.override,
            "earned": self.earned,
        }


@dataclass(frozen=True)
class UnitPoints:
    """A unit's place in the ranking and the ledger that makes up its total."""

    uscc: str
    name: str
    domain: str | None
    subdistrict: str | None
    total: int
    rank: int
    lines: tuple[LedgerLine, ...]

    @property
    def points(self) -> int:
        return sum(line.points for line in self.lines)

    @property
    def bonus(self) -> int:
        return sum(line.bonus for line in self.lines)

    @property
    def capped(self) -> int:
        return sum(line.capped for line in self.lines)

    @property
    def overrides(self) -> int:
        return sum(1 for line in self.lines if line.override)

    def to_json(self, lines: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rank": self.rank,
            "uscc": self.uscc,
            "name": self.name,
            "domain": self.domain,
            "subdistrict": self.subdistrict,
            "points": self.points,
            "bonus": self.bonus,
            "capped": self.capped,
            "total": self.total,
            "activities": len(self.lines),
            "overrides": self.overrides,
        }
        if lines:
            data["lines"] = [line.to_json() for line in self.lines]
        return data


@dataclass(frozen=True)
class GroupPoints:
    """The summed total of the units of one domain or one subdistrict."""

    key: str | None  # a domain key or a subdistrict's name; None: units without one
    total: int
    units: int
    rank: int

    def to_json(self) -> dict[str, Any]:
        return {"rank": self.rank, "key": self.key, "total": self.total, "units": self.units}


@dataclass
class Standing:
    """The ranking for a period: the units in rank order, ties sharing a rank."""

    period: Period
    chain: str
    rules: Rules
    units: list[UnitPoints] = field(default_factory=list)

    def unit(self, uscc: str) -> UnitPoints | None:
        return next((u for u in self.units if u.uscc == uscc), None)

    def by_domain(self) -> list[GroupPoints]:
        return _grouped(self.units, lambda u: u.domain)

    def by_subdistrict(self) -> list[GroupPoints]:
        return _grouped(self.units, lambda u: u.subdistrict)

    @property
    def total(self) -> int:
        return sum(u.total for u in self.units)

    def to_json(self, lines: bool = False) -> dict[str, Any]:
        """Plain data; ``lines`` adds every unit's ledger."""
        return {
            "chain": self.chain,
            "period": {
                "key": self.period.key,
                "from": self.period.start.isoformat(),
                "to": self.period.end.isoformat(),
            },
            "rules": self.rules.source,
            "versions": [v.name for v in self.rules.versions],
            "ranked": len(self.units),
            "total": self.total,
            "units": [u.to_json(lines) for u in self.units],
            "by_domain": [g.to_json() for g in self.by_domain()],
            "by_subdistrict": [g.to_json() for g in self.by_subdistrict()],
        }


def compute(
    engine: Engine,
    period: Period,
    rules: Rules,
    chain: str = DEFAULT_CHAIN,
    timeout: float | None = None,
) -> Standing:
    """The ranking of ``chain``'s units for ``period`` by ``rules``, each with its ledger."""
    query = querylib.get(LEDGER_QUERY)
    rows = engine.run(
        query.cypher,
        {"chain": chain, "from": period.start.isoformat(), "to": period.end.isoformat()},
        timeout=timeout,
    )
    return Standing(period, chain, rules, rank_units(score(rows, rules)))


def score(rows: Iterable[dict[str, Any]], rules: Rules) -> list[UnitPoints]:
    """Every unit of the ledger query's rows with its lines scored (not yet ranked)."""
    activities: dict[str, list[Any]] = {}
    places: dict[str, Any] = {}
    units: list[dict[str, Any]] = []
    for row in rows:
        if row["row"] == "activity":
            activities[str(row["key"])] = row["data"]
        elif row["row"] == "place":
            places[str(row["key"])] = row["data"][0]
        elif row["key"] is not None:
            units.append(row)
    placed: Placed = {}
    return [_score_unit(row, activities, places, rules, placed) for row in units]


def _typed(value: Any) -> Any:
    """A typed points cell of the ledger query: '' stands for none typed."""
    return None if value == "" else value


def _score_unit(
    row: dict[str, Any],
    activities: dict[str, list[Any]],
    places: dict[str, Any],
    rules: Rules,
    placed: Placed,
) -> UnitPoints:
    name, domain, codes, typed_points, typed_bonus = row["data"]
    own = []
    for code, points, bonus in zip(codes or (), typed_points or (), typed_bonus or (), strict=True):
        code = str(code)
        title, day, kind, key_project = activities[code]
        if type(day) is not dt.date:
            day = _day(day)
        own.append((day, code, title, kind, key_project, _typed(points), _typed(bonus)))
    own.sort(key=lambda a: (a[0], a[1]))
    lines = tuple(score_lines(rules, own, placed))
    uscc = str(row["key"])
    subdistrict = places.get(uscc)
    if subdistrict is None and domain == "subdistrict":
        subdistrict = name
    return UnitPoints(
        uscc=uscc,
        name=str(name or row["key"]),
        domain=domain,
        subdistrict=subdistrict,
        total=sum(line.earned for line in lines),
        rank=0,
        lines=lines,
    )


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


Placed = dict[dt.date, tuple[Version | None, tuple[str, dt.date]]]


def score_lines(
    rules: Rules,
    activities: Iterable[tuple[Any, Any, Any, Any, Any, Any, Any]],
    placed: Placed | None = None,
) -> Iterable[LedgerLine]:
    """Ledger lines for one unit's activities (date, code, title, kind, key project, typed
    points, typed bonus), given in date order. ``placed`` keeps each day's version and cap
    period between calls."""
    used: dict[tuple[str, dt.date, str | None], int] = {}
    placed = {} if placed is None else placed
    for raw_day, code, title, kind, key_project, typed_points, typed_bonus in activities:
        day = raw_day if type(raw_day) is dt.date else _day(raw_day)
        key = bool(key_project)
        found = placed.get(day)
        if found is None:
            in_force = rules.in_force(day)
            found = placed[day] = (in_force, _window(in_force, day))
        version, window = found
        if typed_points is not None or typed_bonus is not None:
            points, bonus = int(typed_points or 0), int(typed_bonus or 0)
            _count(used, window, kind, points + bonus)
            yield LedgerLine(
                str(code),
                str(title or ""),
                day,
                kind,
                "override",
                points,
                bonus,
                0,
                True,
                version.name if version else None,
                key,
            )
            continue
        if version is None:
            yield LedgerLine(
                str(code), str(title or ""), day, kind, "no_version", 0, 0, 0, False, None, key
            )
            continue
        base = version.points.get(kind)
        bonus = version.key_project_bonus if key else 0
        rule: Rule = "points"
        if base is None:
            rule, base, bonus = "unlisted", 0, 0
        capped, cap = _cut(version, used, window, kind, base + bonus)
        _count(used, window, kind, base + bonus - capped)
        yield LedgerLine(
            str(code),
            str(title or ""),
            day,
            kind,
            rule,
            base,
            bonus,
            capped,
            False,
            version.name,
            key,
            cap,
        )


def _window(version: Version | None, day: dt.date) -> tuple[str, dt.date]:
    """The cap period a line falls in: the version's quarter or year of the day."""
    if version is None:
        return ("", day)
    if version.caps.per == "year":
        start = periods.year(day.year).start
    else:
        start = periods.quarter(day.year, (day.month - 1) // 3 + 1).start
    return (version.name, start)


def _count(
    used: dict[tuple[str, dt.date, str | None], int],
    window: tuple[str, dt.date],
    kind: str | None,
    earned: int,
) -> None:
    whole, own = (window[0], window[1], None), (window[0], window[1], kind)
    used[whole] = used.get(whole, 0) + earned
    used[own] = used.get(own, 0) + earned


def _cut(
    version: Version,
    used: dict[tuple[str, dt.date, str | None], int],
    window: tuple[str, dt.date],
    kind: str | None,
    earned: int,
) -> tuple[int, CapKind | None]:
    """What the caps cut from ``earned``, and which cap cut most."""
    room_total = None
    if version.caps.total is not None:
        room_total = max(version.caps.total - used.get((*window, None), 0), 0)
    room_kind = None
    if kind is not None and kind in version.caps.kinds:
        room_kind = max(version.caps.kinds[kind] - used.get((*window, kind), 0), 0)
    allowed = earned
    cap: CapKind | None = None
    if room_kind is not None and room_kind < allowed:
        allowed, cap = room_kind, "kind"
    if room_total is not None and room_total < allowed:
        allowed, cap = room_total, "total"
    return earned - allowed, cap


def rank_units(units: Iterable[UnitPoints]) -> list[UnitPoints]:
    """Units by total, highest first; equal totals share a rank (1, 1, 3), listed by name."""
    ordered = sorted(units, key=lambda u: (-u.total, u.name, u.uscc))
    ranked: list[UnitPoints] = []
    for index, unit in enumerate(ordered):
        rank = index + 1
        if ranked and ranked[-1].total == unit.total:
            rank = ranked[-1].rank
        ranked.append(_with_rank(unit, rank))
    return ranked


def _with_rank(unit: UnitPoints, rank: int) -> UnitPoints:
    return UnitPoints(
        unit.uscc, unit.name, unit.domain, unit.subdistrict, unit.total, rank, unit.lines
    )


def _grouped(
    units: Iterable[UnitPoints], key: Callable[[UnitPoints], str | None]
) -> list[GroupPoints]:
    totals: dict[str | None, list[int]] = {}
    for unit in units:
        entry = totals.setdefault(key(unit), [0, 0])
        entry[0] += unit.total
        entry[1] += 1
    ordered = sorted(totals.items(), key=lambda kv: (-kv[1][0], kv[0] is None, kv[0] or ""))
    groups: list[GroupPoints] = []
    for index, (name, (total, count)) in enumerate(ordered):
        rank = groups[-1].rank if groups and groups[-1].total == total else index + 1
        groups.append(GroupPoints(name, total, count, rank))
    return groups


def lines_by_unit(
    engine: Engine,
    rules: Rules,
    *,
    ids: Iterable[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> dict[str, list[tuple[str | None, LedgerLine]]]:
    """Each unit's ledger lines (with the chain of each activity), scored chain by chain as the
    ranking scores them, for activities dated ``start``..``end`` (either may be None) of the
    units ``ids`` (None: every unit). The views and the explorer show these points."""
    conditions = [
        "($from IS NULL OR a.date >= date($from))",
        "($to IS NULL OR a.date <= date($to))",
    ]
    if ids is not None:
        conditions.append("o.uscc IN $ids")
    rows = engine.run(
        f"MATCH (o:{ORGANIZATION.label})-[t:{TOOK_PART_IN.type}]->(a:{ACTIVITY.label}) "
        f"WHERE {' AND '.join(conditions)} "
        f"OPTIONAL MATCH (a)-[:{ACTIVITY_OF.type}]->(c:{CHAIN.label}) "
        "RETURN o.uscc AS uscc, c.name AS chain, a.date AS date, a.code AS code, "
        "a.title AS title, a.kind AS kind, coalesce(a.key_project, false) AS key_project, "
        "t.points AS points, t.bonus AS bonus ORDER BY uscc, chain, date, code",
        {
            "ids": None if ids is None else list(ids),
            "from": None if start is None else start.isoformat(),
            "to": None if end is None else end.isoformat(),
        },
    )
    grouped: dict[tuple[str, str | None], list[tuple[Any, ...]]] = {}
    for row in rows:
        grouped.setdefault((row["uscc"], row["chain"]), []).append(
            tuple(row[k] for k in LINE_FIELDS)
        )
    found: dict[str, list[tuple[str | None, LedgerLine]]] = {}
    placed: Placed = {}
    for (uscc, chain), own in grouped.items():
        found.setdefault(uscc, []).extend((chain, line) for line in score_lines(rules, own, placed))
    return found


#: The order of an activity's fields that :func:`score_lines` takes.
LINE_FIELDS = ("date", "code", "title", "kind", "key_project", "points", "bonus")
