"""What changed in a chain between two dates: the data of ``redchain changes``.

:func:`build` runs the ``changes/`` queries for the period, compares the points standing of the
period with the one before it, and diffs the coverage-gap report of the day before the period
with the one of its last day. Every date bound is included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from redchain import querylib
from redchain.changes.labels import title
from redchain.engines.base import Engine
from redchain.gaps import Gap, GapReport, gap_report, plain
from redchain.model import DEFAULT_CHAIN
from redchain.period import Period
from redchain.points import ledger
from redchain.points import rules as points_rules
from redchain.points.ledger import Standing
from redchain.points.rules import Rules

#: Called with the step about to run, how many steps have run, and how many there are.
Progress = Callable[[str, int, int], None]

#: The sections a query answers, in the order of the report, with the columns shown.
QUERY_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("joined", ("name", "uscc", "domain", "joined_on")),
    ("left", ("name", "uscc", "domain", "joined_on", "left_on")),
    ("partnerships_begun", ("a_name", "b_name", "kind", "since")),
    ("partnerships_ended", ("a_name", "b_name", "kind", "since", "until")),
    ("agreements_begun", ("number", "title", "signed_on", "ends_on", "parties")),
    ("agreements_ended", ("number", "title", "stage", "ends_on", "renewed_by")),
    ("agreements_renewed", ("number", "title", "signed_on", "renews", "renews_title")),
    ("stage_moves", ("number", "title", "from_stage", "to_stage", "moved_on")),
)
MOVER_COLUMNS = (
    "name",
    "uscc",
    "total",
    "previous_total",
    "change",
    "rank",
    "previous_rank",
    "rank_change",
)
GAP_COLUMNS = ("check", "item")
SECTION_NAMES: tuple[str, ...] = (
    *(name for name, _ in QUERY_SECTIONS),
    "points_movers",
    "gaps_opened",
    "gaps_closed",
)
#: How many units the points movers list holds by default.
DEFAULT_MOVERS = 10
#: Fields that name what a gap's item is; the other fields (a last activity date, a distance)
#: describe its state and may differ between two dates for the same item.
IDENTITY_FIELDS = ("uscc", "number", "agreement", "code", "cohort", "item", "domains")
FALLBACK_FIELDS = ("name", "parties")


@dataclass
class Section:
    """One kind of change: its rows, in the order they are shown."""

    name: str
    columns: tuple[str, ...]
    items: list[dict[str, Any]]
    query: str | None = None

    @property
    def count(self) -> int:
        return len(self.items)

    def title(self, lang: str = "zh") -> str:
        return title(self.name, lang)

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title(lang),
            "title_zh": self.title("zh"),
            "title_en": self.title("en"),
            "query": self.query,
            "columns": list(self.columns),
            "count": self.count,
            "items": [plain(item) for item in self.items],
        }


@dataclass
class Changes:
    chain: str
    period: Period
    previous: Period
    #: The two dates whose gap reports are compared: the day before the period, and its end.
    gaps_before: dt.date
    gaps_after: dt.date
    sections: list[Section] = field(default_factory=list)

    def section(self, name: str) -> Section:
        for section in self.sections:
            if section.name == name:
                return section
        raise KeyError(name)

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        """The changes as JSON-ready data; the same graph gives the same data on either engine."""
        return {
            "chain": self.chain,
            "lang": lang,
            "period": _period(self.period, lang),
            "previous": _period(self.previous, lang),
            "gaps_compared": {
                "before": self.gaps_before.isoformat(),
                "after": self.gaps_after.isoformat(),
            },
            "sections": {s.name: s.to_json(lang) for s in self.sections},
        }


def _period(period: Period, lang: str) -> dict[str, str]:
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "key": period.key,
        "label": period.label(lang),
    }


def build(
    engine: Engine,
    period: Period,
    chain: str = DEFAULT_CHAIN,
    rules: Rules | None = None,
    *,
    movers: int = DEFAULT_MOVERS,
    progress: Progress | None = None,
) -> Changes:
    """What changed in ``chain`` during ``period`` (both ends included).

    ``rules`` are the points rules (the shipped ones when None); ``movers`` bounds the points
    movers list. ``progress`` is told of each step, for long runs.
    """
    steps = [*(f"changes/{name}" for name, _ in QUERY_SECTIONS), "gaps", "gaps", "points"]
    done = 0

    def step(name: str) -> None:
        nonlocal done
        if progress:
            progress(name, done, len(steps))
        done += 1

    before_day = period.start - dt.timedelta(days=1)
    # The gap report checks the chain first and names the chains there are when it is not one.
    step(f"gaps on {before_day.isoformat()}")
    gaps_before = gap_report(engine, as_of=before_day, chain=chain)
    step(f"gaps on {period.end.isoformat()}")
    gaps_after = gap_report(engine, as_of=period.end, chain=chain)

    changes = Changes(chain, period, period.previous(), before_day, period.end)
    params = {"chain": chain, "from": period.start, "to": period.end}
    for name, columns in QUERY_SECTIONS:
        query = f"changes/{name}"
        step(query)
        rows = querylib.run_named(engine, query, params)
        changes.sections.append(Section(name, columns, [dict(r) for r in rows], query))

    step("points")
    changes.sections.append(
        Section("points_movers", MOVER_COLUMNS, _movers(engine, changes, rules, movers))
    )
    opened, closed = diff_gaps(gaps_before, gaps_after)
    changes.sections.append(Section("gaps_opened", GAP_COLUMNS, opened))
    changes.sections.append(Section("gaps_closed", GAP_COLUMNS, closed))
    if progress:
        progress("", len(steps), len(steps))
    return changes


# --- points movers ---------------------------------------------------------------------------


def _movers(
    engine: Engine, changes: Changes, rules: Rules | None, limit: int
) -> list[dict[str, Any]]:
    chosen = rules if rules is not None else points_rules.load()
    now = ledger.compute(engine, changes.period, chosen, chain=changes.chain)
    before = ledger.compute(engine, changes.previous, chosen, chain=changes.chain)
    return points_movers(now, before, limit)


def points_movers(now: Standing, before: Standing, limit: int) -> list[dict[str, Any]]:
    """The units whose points moved most from ``before`` to ``now``, then whose rank moved most.

    A unit ranked in only one of the two periods counts 0 points in the other and has no rank
    there. Units whose points and rank did not move are left out.
    """
    previous = {u.uscc: u for u in before.units}
    current = {u.uscc: u for u in now.units}
    moved: list[tuple[tuple[int, int, str, str], dict[str, Any]]] = []
    for uscc in dict.fromkeys([*current, *previous]):
        new, old = current.get(uscc), previous.get(uscc)
        unit = new or old
        assert unit is not None
        total = new.total if new else 0
        previous_total = old.total if old else 0
        rank = new.rank if new else None
        previous_rank = old.rank if old else None
        places = previous_rank - rank if rank is not None and previous_rank is not None else None
        if total == previous_total and rank == previous_rank:
            continue
        change = total - previous_total
        row = {
            "uscc": uscc,
            "name": unit.name,
            "domain": unit.domain,
            "total": total,
            "previous_total": previous_total,
            "change": change,
            "rank": rank,
            "previous_rank": previous_rank,
            "rank_change": places,
        }
        moved.append(((-abs(change), -abs(places or 0), unit.name, uscc), row))
    moved.sort(key=lambda pair: pair[0])
    return [row for _, row in moved[:limit]]


# --- gaps opened and closed ----------------------------------------------------------------


def identity(item: dict[str, Any]) -> tuple[Any, ...]:
    """What makes a gap's item the same item on two dates: its codes, or else its name (or its
    parties, for a partnership without an agreement)."""
    keys = [k for k in IDENTITY_FIELDS if item.get(k) is not None]
    if not keys:
        keys = [k for k in FALLBACK_FIELDS if item.get(k) is not None][:1] or sorted(item)
    return tuple((k, _hashable(item.get(k))) for k in keys)


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(sorted((_hashable(v) for v in value), key=repr))
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


def diff_gaps(
    before: GapReport, after: GapReport
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(opened, closed): items in a gap on the later date only, and on the earlier date only."""
    earlier = {g.name: g for g in before.gaps}
    later = {g.name: g for g in after.gaps}
    opened: list[dict[str, Any]] = []
    closed: list[dict[str, Any]] = []
    for name in dict.fromkeys([*later, *earlier]):
        new, old = later.get(name), earlier.get(name)
        opened += _only_in(new, old)
        closed += _only_in(old, new)
    return opened, closed


def _only_in(gap: Gap | None, other: Gap | None) -> list[dict[str, Any]]:
    if gap is None:
        return []
    seen = {identity(item) for item in (other.items if other else [])}
    return [_gap_row(gap, item) for item in gap.items if identity(item) not in seen]


def _gap_row(gap: Gap, item: dict[str, Any]) -> dict[str, Any]:
    return {
        "gap": gap.name,
        "check_zh": gap.title_zh,
        "check_en": gap.title_en,
        "item": item,
    }
