"""The coverage-gap report: every ``gaps/`` query and the points ranking, run once, in one model.

``gap_report(engine)`` answers "where does the chain have holes?" for one date. Renderers in
``redchain.report`` turn the result into text, Markdown, JSON or a self-contained HTML page.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from redchain import asof, connectivity, graphinfo, querylib
from redchain.engines.base import Engine, Record
from redchain.errors import RedchainError
from redchain.model import DEFAULT_CHAIN, DOMAINS

#: Called with the query about to run, how many have run, and how many there are.
Progress = Callable[[str, int, int], None]


class GapReportError(RedchainError):
    """The report cannot be made (no such chain, say); the message says what to do."""


@dataclass(frozen=True)
class GapSpec:
    name: str  # the gap's key in the report, e.g. "isolated"
    columns: tuple[str, ...]  # item fields shown in tables, in order

    @property
    def query(self) -> str:
        return f"gaps/{self.name}"


ORG = ("name", "uscc")
GAP_SPECS: tuple[GapSpec, ...] = (
    GapSpec("domain_matrix", ("domains",)),
    GapSpec("subdistricts_without_financial_partner", ORG),
    GapSpec("financial_without_talent", ORG),
    GapSpec("universities_without_talent", ORG),
    GapSpec("dormant_members", (*ORG, "last_activity")),
    GapSpec("idle_bases", ("name", "kind", "host", "host_uscc")),
    GapSpec("unreachable_from_master", (*ORG, "distance")),
    GapSpec("isolated", ORG),
    GapSpec("cut_units", (*ORG, "pieces", "separated")),
)
RANK_QUERY = "rank/points"
NO_MASTER_NOTE = {
    "zh": "查看日期的在册成员中没有本链的链主单位（或未登记链主单位），"
    "因此所有成员都列为触达不到。",
    "en": "The chain master is not among the members on the viewing date (or none is recorded), "
    "so every member is listed as out of reach.",
}


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
            "items": [plain(item) for item in self.items],
        }
        if self.note_zh:
            data["note"] = self.note(lang)
        return data


@dataclass
class DomainMatrix:
    """Partnerships between each pair of domains, in the order of ``model.DOMAINS``; symmetric."""

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
            "domains": [{"key": d.key, "label": d.label, "zh": d.zh, "en": d.en} for d in DOMAINS],
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
    matrix: DomainMatrix
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
            "domain_matrix": self.matrix.to_dict(),
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
) -> GapReport:
    """Run every gap query and the points ranking for ``chain`` as the network stood on ``as_of``.

    ``as_of`` defaults to today, ``since`` (for dormant members) and ``period`` (``(from, to)``,
    for idle bases and the ranking) to the year up to ``as_of``; ``hops`` bounds the reach of the
    chain master, ``top`` the length of each end of the ranking.
    """
    if hops < 0:
        raise GapReportError(f"hops must be 0 or more, not {hops}")
    if top < 1:
        raise GapReportError(f"top must be at least 1, not {top}")
    base: dict[str, Any] = {"chain": chain, "as_of": _date(as_of, "as_of")}
    if base["as_of"] is None:
        base["as_of"] = asof.default_as_of(today)
    _check_chain(engine, chain)
    period_params: dict[str, Any] = {}
    if period is not None:
        period_params = {"from": _date(period[0], "from"), "to": _date(period[1], "to")}
    extra: dict[str, dict[str, Any]] = {
        "gaps/dormant_members": {"since": _date(since, "since")} if since is not None else {},
        "gaps/idle_bases": period_params,
        "gaps/unreachable_from_master": {"hops": hops},
        RANK_QUERY: {**period_params, "top": top},
    }
    names = [spec.query for spec in GAP_SPECS] + [RANK_QUERY]
    runner = _Runner(engine, timeout, today)
    results: dict[str, list[Record]] = {}
    resolved: dict[str, dict[str, Any]] = {}
    for done, name in enumerate(names):
        if progress:
            progress(name, done, len(names))
        query = querylib.get(name)
        resolved[name] = querylib.resolve(query, {**base, **extra.get(name, {})}, today)
        results[name] = runner.run(query, resolved[name])
    if progress:
        progress("", len(names), len(names))

    matrix = _matrix(results["gaps/domain_matrix"])
    gaps = []
    for spec in GAP_SPECS:
        query = querylib.get(spec.query)
        items = _matrix_items(matrix) if spec.name == "domain_matrix" else results[spec.query]
        gap = Gap(
            name=spec.name,
            query=spec.query,
            title_zh=query.title_zh,
            title_en=query.title_en,
            advice_zh=query.advice_zh or "",
            advice_en=query.advice_en or "",
            columns=spec.columns,
            items=[dict(item) for item in items],
        )
        if spec.name == "unreachable_from_master" and not runner.network_has_master:
            gap.note_zh, gap.note_en = NO_MASTER_NOTE["zh"], NO_MASTER_NOTE["en"]
        gaps.append(gap)
    rank_params = resolved[RANK_QUERY]
    rank_rows = results[RANK_QUERY]
    ranking = Ranking(
        period_from=rank_params["from"],
        period_to=rank_params["to"],
        top=top,
        ranked=rank_rows[0]["ranked"] if rank_rows else 0,
        rows=[{k: v for k, v in row.items() if k != "ranked"} for row in rank_rows],
    )
    dormant = resolved["gaps/dormant_members"]
    return GapReport(
        chain=chain,
        as_of=base["as_of"],
        since=dormant["since"],
        period_from=rank_params["from"],
        period_to=rank_params["to"],
        hops=hops,
        gaps=gaps,
        matrix=matrix,
        ranking=ranking,
        timings=runner.timings,
    )


class _Runner:
    """Runs each query's Cypher once per distinct text and parameters: the reachability and
    cut-unit gaps share one fetch of the member network."""

    def __init__(self, engine: Engine, timeout: float | None, today: dt.date | None) -> None:
        self.engine = engine
        self.timeout = timeout
        self.today = today
        self.cache: dict[tuple[str, tuple[tuple[str, Any], ...]], list[Record]] = {}
        self.timings: dict[str, float] = {}
        self.network_has_master = True

    def run(self, query: querylib.Query, params: Mapping[str, Any]) -> list[Record]:
        started = time.perf_counter()
        used = tuple((k, params[k]) for k in query.cypher_params())
        key = (query.cypher, used)
        if key not in self.cache:
            self.cache[key] = querylib.run_cypher(self.engine, query, params, self.timeout)
        rows = self.cache[key]
        if query.compute:
            self.network_has_master = connectivity.has_master(rows)
            rows = querylib.COMPUTE[query.compute][0](rows, params)
        self.timings[query.name] = time.perf_counter() - started
        return rows


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
    index = {d.label: i for i, d in enumerate(DOMAINS)}
    counts = [[0] * len(DOMAINS) for _ in DOMAINS]
    for row in rows:
        i, j = index.get(row["row_domain"]), index.get(row["col_domain"])
        if i is not None and j is not None:
            counts[i][j] = int(row["partnerships"])
    return DomainMatrix(counts)


def _matrix_items(matrix: DomainMatrix) -> list[dict[str, Any]]:
    items = []
    for i, j in matrix.empty_cells():
        a, b = DOMAINS[i], DOMAINS[j]
        items.append(
            {
                "domains": [a.key, b.key],
                "zh": f"{a.zh} × {b.zh}",
                "en": f"{a.en} × {b.en}",
                "same_domain": i == j,
            }
        )
    return items
