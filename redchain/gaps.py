"""The coverage-gap report: every ``gaps/`` query and the points ranking, run once, in one model.

``gap_report(engine)`` answers "where does the chain have holes?" for one date. The checks are
the files in ``cypher/gaps/``: each header gives the check's title, advice, table columns, place
in the report, and how its rows become items (``shape``), so adding a check is adding one file.
Renderers in ``redchain.report`` turn the result into text, Markdown, JSON or an HTML page.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from redchain import asof, graphinfo, querylib
from redchain.engines.base import Engine, Record
from redchain.errors import RedchainError
from redchain.model import CHAIN_DOMAINS, DEFAULT_CHAIN
from redchain.period import Period
from redchain.points import ledger
from redchain.points.rules import Rules
from redchain.points.rules import load as load_rules
from redchain.queries import steps

#: Called with the query about to run, how many have run, and how many there are.
Progress = Callable[[str, int, int], None]


class GapReportError(RedchainError):
    """The report cannot be made (no such chain, say); the message says what to do."""


@dataclass
class Gap:
    """One kind of hole: what it is, the units (or cells, or bases) in it, and what to do."""

    name: str
    query: str
    title_zh: str
    title_en: str
    advice_zh: str
    advice_en: str
    columns: tuple[str, ...]
    items: list[dict[str, Any]]
    note_zh: str | None = None
    note_en: str | None = None
    #: The parameters the check ran with (its defaults filled in).
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.items)

    def title(self, lang: str = "zh") -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def advice(self, lang: str = "zh") -> str:
        return self.advice_zh if lang == "zh" else self.advice_en

    def note(self, lang: str = "zh") -> str | None:
        return self.note_zh if lang == "zh" else self.note_en

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "query": self.query,
            "title": self.title(lang),
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "count": self.count,
            "advice": self.advice(lang),
            "columns": list(self.columns),
            "params": plain(self.params),
            "items": [plain(item) for item in self.items],
        }
        if self.note_zh:
            data["note"] = self.note(lang)
        return data


@dataclass
class DomainMatrix:
    """Partnerships between each pair of the five domains, in the order of
    ``model.CHAIN_DOMAINS``; symmetric."""

    counts: list[list[int]]

    @property
    def max(self) -> int:
        return max((c for row in self.counts for c in row), default=0)

    def empty_cells(self) -> list[tuple[int, int]]:
        """Empty unordered pairs: different domains first, then a domain with itself."""
        n = len(self.counts)
        across = [(i, j) for i in range(n) for j in range(i + 1, n) if not self.counts[i][j]]
        within = [(i, i) for i in range(n) if not self.counts[i][i]]
        return across + within

    def to_dict(self) -> dict[str, Any]:
        return {
            "domains": [
                {"key": d.key, "label": d.label, "zh": d.zh, "en": d.en} for d in CHAIN_DOMAINS
            ],
            "counts": self.counts,
        }


@dataclass
class Ranking:
    """Units ranked by points plus bonus over a period; ``rows`` holds the top and bottom ends."""

    period_from: dt.date
    period_to: dt.date
    top: int
    ranked: int  # units that took part in the period
    rows: list[dict[str, Any]]

    @property
    def top_units(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r["rank"] <= self.top]

    @property
    def bottom_units(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r["rank"] > self.ranked - self.top]

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.period_from.isoformat(),
            "to": self.period_to.isoformat(),
            "top": self.top,
            "ranked": self.ranked,
            "top_units": [plain(r) for r in self.top_units],
            "bottom_units": [plain(r) for r in self.bottom_units],
        }


@dataclass
class GapReport:
    chain: str
    as_of: dt.date
    since: dt.date
    period_from: dt.date
    period_to: dt.date
    hops: int
    gaps: list[Gap]
    matrix: DomainMatrix | None
    ranking: Ranking
    #: Seconds per query (Cypher, plus its Python step); not part of ``to_dict``.
    timings: dict[str, float] = field(default_factory=dict)

    def gap(self, name: str) -> Gap:
        for g in self.gaps:
            if g.name == name or g.query == name:
                return g
        raise KeyError(name)

    @property
    def with_gaps(self) -> list[Gap]:
        return [g for g in self.gaps if g.count]

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """The report as JSON-ready data; the same graph gives the same data on either engine."""
        return {
            "chain": self.chain,
            "as_of": self.as_of.isoformat(),
            "since": self.since.isoformat(),
            "period": {"from": self.period_from.isoformat(), "to": self.period_to.isoformat()},
            "hops": self.hops,
            "lang": lang,
            "gaps": [g.to_dict(lang) for g in self.gaps],
            "domain_matrix": self.matrix.to_dict() if self.matrix else None,
            "ranking": self.ranking.to_dict(),
        }


def plain(value: Any) -> Any:
    """``value`` with dates as ISO text, ready for JSON (results carry :class:`datetime.date`)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _date(value: str | dt.date | None, what: str) -> dt.date | None:
    if value is None:
        return None
    return querylib.parse_date(value, what)


def gap_report(
    engine: Engine,
    as_of: str | dt.date | None = None,
    since: str | dt.date | None = None,
    period: tuple[str | dt.date, str | dt.date] | None = None,
    hops: int = 3,
    progress: Progress | None = None,
    *,
    chain: str = DEFAULT_CHAIN,
    top: int = 10,
    timeout: float | None = None,
    today: dt.date | None = None,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> GapReport:
    """Run every gap check in ``cypher/gaps/`` and the points ranking for ``chain`` on ``as_of``.

    ``as_of`` defaults to today, ``since`` (for dormant members) and ``period`` (``(from, to)``,
    for idle bases and the ranking) to the year up to ``as_of``; ``hops`` bounds the reach of the
    chain master, ``top`` the length of each end of the ranking. Each check takes those of these
    values that its header declares as parameters; ``settings`` gives further parameters to one
    check by its name, e.g. ``{"agreements_ending": {"days": 30}}``.
    """
    if hops < 0:
        raise GapReportError(f"hops must be 0 or more, not {hops}")
    if top < 1:
        raise GapReportError(f"top must be at least 1, not {top}")
    checks = querylib.gap_checks()
    shared = _shared_values(as_of, since, period, hops, chain, today)
    per_check = _settings(checks, settings or {})
    _check_chain(engine, chain)
    total = len(checks) + 1
    runner = _Runner(engine, timeout, today)
    gaps: list[Gap] = []
    matrix: DomainMatrix | None = None
    for done, query in enumerate(checks):
        if progress:
            progress(query.name, done, total)
        given = {k: v for k, v in shared.items() if query.param(k) is not None}
        try:
            params = querylib.resolve(
                query, {**given, **per_check.get(query.short_name, {})}, today
            )
        except querylib.QueryParamError as exc:
            raise GapReportError(f"gap check {query.short_name!r}: {exc}") from None
        rows, caveat = runner.run(query, params)
        items: list[dict[str, Any]]
        if query.shape == "domain_matrix":
            matrix = _matrix(rows)
            items = _matrix_items(matrix)
        else:
            items = [dict(row) for row in rows]
        gaps.append(_gap(query, items, params, caveat))
    if progress:
        progress(ledger.LEDGER_QUERY, len(checks), total)
    ranking = points_ranking(runner, shared, top)
    if progress:
        progress("", total, total)
    return GapReport(
        chain=chain,
        as_of=shared["as_of"],
        since=_since(gaps, shared),
        period_from=ranking.period_from,
        period_to=ranking.period_to,
        hops=hops,
        gaps=gaps,
        matrix=matrix,
        ranking=ranking,
        timings=runner.timings,
    )


def points_ranking(
    runner: _Runner, shared: Mapping[str, Any], top: int, rules: Rules | None = None
) -> Ranking:
    """The ranking section: the points ledger's ranking (:mod:`redchain.points`, the shipped
    rules unless others are given) over the report's period, which ends on ``as_of`` at the
    latest; ties share a rank."""
    as_of: dt.date = shared["as_of"]
    default_from, default_to = asof.points_period(as_of)
    start: dt.date = shared.get("from") or default_from
    end: dt.date = min(shared.get("to") or default_to, as_of)
    if start > end:
        return Ranking(period_from=start, period_to=end, top=top, ranked=0, rows=[])
    started = time.perf_counter()
    standing = ledger.compute(
        runner.engine,
        Period(start, end),
        rules or load_rules(),
        shared["chain"],
        timeout=runner.timeout,
    )
    runner.timings[ledger.LEDGER_QUERY] = time.perf_counter() - started
    ranked = len(standing.units)
    rows = [
        {
            "rank": unit.rank,
            "uscc": unit.uscc,
            "name": unit.name,
            "points": unit.points,
            "bonus": unit.bonus,
            "capped": unit.capped,
            "total": unit.total,
            "activities": len(unit.lines),
        }
        for unit in standing.units
        if unit.rank <= top or unit.rank > ranked - top
    ]
    return Ranking(period_from=start, period_to=end, top=top, ranked=ranked, rows=rows)


def _shared_values(
    as_of: str | dt.date | None,
    since: str | dt.date | None,
    period: tuple[str | dt.date, str | dt.date] | None,
    hops: int,
    chain: str,
    today: dt.date | None,
) -> dict[str, Any]:
    """The values the report gives every check that declares a parameter of the same name."""
    day = _date(as_of, "as_of") or asof.default_as_of(today)
    values: dict[str, Any] = {"chain": chain, "as_of": day, "hops": hops}
    if since is not None:
        values["since"] = _date(since, "since")
    if period is not None:
        values["from"], values["to"] = _date(period[0], "from"), _date(period[1], "to")
    return values


def _settings(
    checks: list[querylib.Query], settings: Mapping[str, Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Per-check parameters, checked against the checks' headers."""
    by_name = {q.short_name: q for q in checks}
    out: dict[str, dict[str, Any]] = {}
    for name, values in settings.items():
        short = name.removeprefix(f"{querylib.GAPS_FOLDER}/")
        query = by_name.get(short)
        if query is None:
            raise GapReportError(
                f"no gap check named {name!r}; the checks are: {', '.join(by_name)}"
            )
        for key in values:
            if query.param(key) is None:
                declared = ", ".join(p.name for p in query.params)
                raise GapReportError(
                    f"gap check {short!r} has no parameter {key!r}; its parameters: {declared}"
                )
        out[short] = dict(values)
    return out


def _gap(
    query: querylib.Query, items: list[dict[str, Any]], params: Mapping[str, Any], caveat: bool
) -> Gap:
    return Gap(
        name=query.short_name,
        query=query.name,
        title_zh=query.title_zh,
        title_en=query.title_en,
        advice_zh=query.advice_zh or "",
        advice_en=query.advice_en or "",
        columns=query.columns,
        items=items,
        note_zh=query.caveat_zh if caveat else None,
        note_en=query.caveat_en if caveat else None,
        params=dict(params),
    )


def _since(gaps: list[Gap], shared: Mapping[str, Any]) -> dt.date:
    """The start of the activity window: as given, else as the checks that take it resolved it."""
    for gap in gaps:
        if gap.params.get("since") is not None:
            value: dt.date = gap.params["since"]
            return value
    given: dt.date | None = shared.get("since")
    return given or querylib.shift_date(shared["as_of"], 1, "y")


class _Runner:
    """Runs each query's Cypher once per distinct text and parameters: the reachability and
    cut-unit checks share one fetch of the member network. Then the query's Python step."""

    def __init__(self, engine: Engine, timeout: float | None, today: dt.date | None) -> None:
        self.engine = engine
        self.timeout = timeout
        self.today = today
        self.cache: dict[tuple[str, tuple[tuple[str, Any], ...]], list[Record]] = {}
        self.timings: dict[str, float] = {}

    def run(self, query: querylib.Query, params: Mapping[str, Any]) -> tuple[list[Record], bool]:
        """The query's rows, and whether its step's caveat holds."""
        started = time.perf_counter()
        key = (query.cypher, tuple(querylib.cypher_params(query, params).items()))
        if key not in self.cache:
            self.cache[key] = querylib.run_cypher(self.engine, query, params, self.timeout)
        rows = self.cache[key]
        caveat = False
        if query.compute:
            caveat = steps.caveat_applies(query.compute, rows)
            rows = steps.apply(query.compute, rows, params)
        self.timings[query.name] = time.perf_counter() - started
        return rows, caveat


def _check_chain(engine: Engine, chain: str) -> None:
    if engine.run("MATCH (c:Chain {name: $chain}) RETURN c.name AS name", {"chain": chain}):
        return
    present = [r["name"] for r in engine.run("MATCH (c:Chain) RETURN c.name AS name ORDER BY name")]
    if present:
        raise GapReportError(
            f"no chain named {chain!r} in {graphinfo.where(engine)}; the chains are: "
            f"{', '.join(present)}. "
            "Pass one of them with --chain"
        )
    empty = graphinfo.empty_notice(engine)
    if empty:
        raise GapReportError(f"no chain to report on: {empty}")
    raise GapReportError(
        f"{graphinfo.where(engine)} has no chain yet; import the chains file first (or run "
        "'redchain demo' to load the sample network)"
    )


def _matrix(rows: list[Record]) -> DomainMatrix:
    index = {d.label: i for i, d in enumerate(CHAIN_DOMAINS)}
    counts = [[0] * len(CHAIN_DOMAINS) for _ in CHAIN_DOMAINS]
    for row in rows:
        i, j = index.get(row["row_domain"]), index.get(row["col_domain"])
        if i is not None and j is not None:
            counts[i][j] = int(row["partnerships"])
    return DomainMatrix(counts)


def _matrix_items(matrix: DomainMatrix) -> list[dict[str, Any]]:
    items = []
    for i, j in matrix.empty_cells():
        a, b = CHAIN_DOMAINS[i], CHAIN_DOMAINS[j]
        items.append(
            {
                "domains": [a.key, b.key],
                "zh": f"{a.zh} × {b.zh}",
                "en": f"{a.en} × {b.en}",
                "same_domain": i == j,
            }
        )
    return items
