"""The dashboard: the periodic report's figures and charts, live, for a period picked on the page.

The data is :func:`redchain.periodic.build`'s, built once per graph state, period and chain;
the charts are the report's own (:mod:`redchain.periodic.layout`), drawn as PNG; the downloads
are the report's renderers. Each card names the units it counts (:mod:`redchain.serve.drill`),
which the explorer opens from the card's link (``/?card=...``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping
from typing import Any

from redchain import period as periods
from redchain import periodic
from redchain.engines.base import Engine
from redchain.errors import RedchainError
from redchain.model import ACTIVITY, DEFAULT_CHAIN, DOMAINS
from redchain.period import Period
from redchain.periodic.data import FIGURES, PeriodicReport
from redchain.periodic.layout import Chart, Document, Section, layout
from redchain.periodic.words import delta, domain_name, figure_name, title
from redchain.serve import drill, graphdata
from redchain.values import Invalid, parse_date

#: Reports kept at once (period x chain x graph state); the oldest goes first.
KEEP = 12
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
}
#: Units the dashboard lists in its ranking.
TOP_UNITS = 10


class DashboardError(RedchainError):
    """A dashboard request names a period, chart, format or card that is not there."""


def activity_span(engine: Engine) -> tuple[dt.date | None, dt.date | None]:
    """The first and the last day an activity was held, if any was."""
    rows = engine.run(
        f"MATCH (a:{ACTIVITY.label}) RETURN min(a.date) AS first, max(a.date) AS last"
    )
    if not rows:
        return None, None
    return _day(rows[0]["first"]), _day(rows[0]["last"])


def _day(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_native"):
        native = value.to_native()
        return native if isinstance(native, dt.date) else None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def default_period(last: dt.date | None, today: dt.date | None = None) -> Period:
    """The last whole quarter before today, or the quarter of the latest activity if earlier
    (a graph whose records end in the past opens on its last quarter, not on an empty one)."""
    day = today or dt.date.today()
    whole = periods.quarter(day.year, (day.month - 1) // 3 + 1).previous()
    if last is not None and last < whole.start:
        return periods.quarter(last.year, (last.month - 1) // 3 + 1)
    return whole


def period_of(params: Mapping[str, str], default: Period) -> Period:
    """The period a request asks for: ``period`` (2024, 2024Q3, 2024-07) or ``from``/``to``."""
    text = (params.get("period") or "").strip() or None
    start = _param_date(params, "from")
    end = _param_date(params, "to")
    return periods.resolve(text, start, end, default)


def _param_date(params: Mapping[str, str], name: str) -> dt.date | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        return parse_date(raw, serials=False)
    except Invalid as exc:
        raise DashboardError(f"parameter {name!r}: {raw!r} {exc.message}; {exc.fix}") from None


def presets(first: dt.date | None, last: dt.date | None, lang: str) -> list[dict[str, str]]:
    """Years and quarters from the first activity's year to the last's, newest first."""
    if first is None or last is None:
        return []
    out: list[dict[str, str]] = []
    for year in range(last.year, first.year - 1, -1):
        for p in (periods.year(year), *(periods.quarter(year, q) for q in (4, 3, 2, 1))):
            out.append({"key": p.key, "label": p.label(lang)})
    return out


def _period(p: Period, lang: str) -> dict[str, str]:
    return {
        "key": p.key,
        "from": p.start.isoformat(),
        "to": p.end.isoformat(),
        "label": p.label(lang),
    }


def _charts(doc: Document) -> list[Chart]:
    found: list[Chart] = []

    def walk(sections: list[Section]) -> None:
        for s in sections:
            found.extend(b for b in s.blocks if isinstance(b, Chart))
            walk(s.parts)

    walk(doc.sections)
    return found


def _place(item: Mapping[str, Any]) -> str | None:
    code = item.get("uscc") or item.get("host_uscc")
    return None if code is None else str(code)


class Dashboard:
    """Reports by graph state, period and chain, and what the page shows of them."""

    def __init__(self, run: Callable[[Callable[[Engine], Any]], Any], signature: Callable[[], Any]):
        self._run = run
        self._signature = signature
        self._reports: dict[tuple[Any, ...], PeriodicReport] = {}
        self._layouts: dict[tuple[Any, ...], Document] = {}
        self._lock = threading.Lock()

    def bounds(self) -> tuple[dt.date | None, dt.date | None]:
        span: tuple[dt.date | None, dt.date | None] = self._run(activity_span)
        return span

    def chains(self) -> list[str]:
        found: list[str] = self._run(graphdata.chains)
        return found

    def period(self, params: Mapping[str, str]) -> Period:
        return period_of(params, default_period(self.bounds()[1]))

    def report(self, period: Period, chain: str = DEFAULT_CHAIN) -> PeriodicReport:
        key = (self._signature(), period.start, period.end, chain)
        with self._lock:
            found = self._reports.get(key)
        if found is not None:
            return found
        built: PeriodicReport = self._run(lambda e: periodic.build(e, period, chain))
        with self._lock:
            self._reports[key] = built
            while len(self._reports) > KEEP:
                self._reports.pop(next(iter(self._reports)))
        return built

    def layout(self, report: PeriodicReport, lang: str) -> Document:
        key = (id(report), lang)
        with self._lock:
            doc = self._layouts.get(key)
            if doc is None:
                doc = layout(report, lang)
                self._layouts = {k: v for k, v in self._layouts.items() if k[0] != key[0]}
                self._layouts[key] = doc
            return doc

    def data(self, report: PeriodicReport, lang: str) -> dict[str, Any]:
        """What the page shows: the summary, a card per figure (with the query string of its
        units in the explorer), members by domain, subdistricts, the top of the ranking, the
        gaps, the charts and the download formats."""
        p = report.period
        span = {"from": p.start.isoformat(), "to": p.end.isoformat(), "chain": report.chain}
        f, b = report.figures, report.previous_figures
        cards = [
            {
                "key": k,
                "title": figure_name(k, lang),
                "value": f[k],
                "previous": b[k],
                "change": delta(f[k], b[k], lang),
                "drill": {"card": k, **span} if drill.has_units(k) else None,
            }
            for k in FIGURES
        ]
        m, mb = report.members_by_domain, report.previous_members_by_domain
        domains = [
            {
                "key": d.key,
                "title": domain_name(d.key, lang),
                "value": m[d.key],
                "previous": mb[d.key],
                "change": delta(m[d.key], mb[d.key], lang),
                "drill": {"card": "members", "domain": d.key, **span},
            }
            for d in report.domains
        ]
        subdistricts = [
            {**row, "drill": {"card": "subdistrict", "id": row["uscc"], **span}}
            for row in report.subdistricts
        ]
        units = [
            {
                "rank": u["rank"],
                "uscc": u["uscc"],
                "name": u["name"],
                "total": u["total"],
                "activities": u["activities"],
            }
            for u in report.ranking.units[:TOP_UNITS]
        ]
        gaps = [
            {
                "name": g.name,
                "title": g.title(lang),
                "count": g.count,
                "drill": {"card": "gap", "name": g.name, **span},
            }
            for g in report.gaps.gaps
        ]
        doc = self.layout(report, lang)
        return {
            "title": title(report, lang),
            "chain": report.chain,
            "period": _period(p, lang),
            "previous": _period(report.previous, lang),
            "summary": doc.summary,
            "note": doc.note,
            "cards": cards,
            "domains": domains,
            "subdistricts": subdistricts,
            "ranking": units,
            "gaps": gaps,
            "charts": [{"key": c.key, "title": c.title} for c in _charts(doc)],
            "formats": list(periodic.FORMATS),
        }

    def chart(self, report: PeriodicReport, key: str, lang: str) -> bytes:
        for chart in _charts(self.layout(report, lang)):
            if chart.key == key:
                return chart.draw("png")
        raise DashboardError(f"parameter 'key': the report has no chart {key!r}")

    def file(self, report: PeriodicReport, fmt: str, lang: str) -> tuple[bytes, str, str]:
        if fmt not in periodic.FORMATS:
            raise DashboardError(
                f"parameter 'format': {fmt!r} is not one of {', '.join(periodic.FORMATS)}"
            )
        body = periodic.render(report, fmt, lang)
        name = f"report-{report.period.key}{periodic.SUFFIXES[fmt]}"
        return body, name, MEDIA[fmt]

    def unit_ids(
        self, report: PeriodicReport, params: Mapping[str, str], lang: str
    ) -> tuple[list[str], str]:
        """The units a card counts, and the heading the explorer shows over them."""
        card = (params.get("card") or "").strip()
        label = report.period.label(lang)
        if card == "gap":
            name = params.get("name", "")
            for g in report.gaps.gaps:
                if g.name == name:
                    held = [code for code in dict.fromkeys(_place(i) for i in g.items) if code]
                    return held, f"{g.title(lang)} · {label}"
            raise DashboardError(f"parameter 'name': no gap is named {name!r}")
        domain = (params.get("domain") or "").strip() or None
        if domain is not None and domain not in {d.key for d in DOMAINS}:
            raise DashboardError(f"parameter 'domain': {domain!r} is not a domain key")
        uscc = (params.get("id") or "").strip() or None
        ids: list[str] = self._run(
            lambda e: drill.unit_ids(e, card, report.period, report.chain, domain, uscc)
        )
        if card == "subdistrict":
            return ids, f"{params.get('title') or uscc} · {label}"
        heading = figure_name(card, lang) if card in FIGURES else card
        if domain is not None:
            heading += f" · {domain_name(domain, lang)}"
        return ids, f"{heading} · {label}"
