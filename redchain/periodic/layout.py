"""The report laid out once for every renderer: sections of headings, paragraphs, tables and
charts, in one language. Word, the HTML page, Markdown and the workbook all walk this layout,
so they say the same thing in the same order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from redchain.changes import Section as ChangeSection
from redchain.changes.labels import cell as change_cell
from redchain.changes.labels import column as change_column
from redchain.gaps import Gap
from redchain.model import DOMAINS
from redchain.period import Period
from redchain.periodic import charts
from redchain.periodic.data import FIGURES, PeriodicReport
from redchain.periodic.words import (
    delta,
    domain_name,
    figure_name,
    stage_name,
    summary,
    title,
    with_period,
    word,
)
from redchain.report.labels import cell, column

#: Rows a table shows in a document (the workbook and JSON hold them all).
DOCUMENT_ROWS = 30


@dataclass
class Table:
    key: str  # a short name: the workbook's sheet, the page's anchor
    title: str
    header: list[str]
    rows: list[list[Any]]
    numeric: set[int] = field(default_factory=set)
    limit: int | None = DOCUMENT_ROWS

    def shown(self) -> list[list[Any]]:
        return self.rows if self.limit is None else self.rows[: self.limit]

    @property
    def hidden(self) -> int:
        return len(self.rows) - len(self.shown())


@dataclass
class Chart:
    key: str
    title: str
    plot: Callable[[str], bytes]  # "png" or "svg" -> the picture
    drawn: dict[str, bytes] = field(default_factory=dict, repr=False)

    def draw(self, fmt: str = "png") -> bytes:
        """The picture, drawn once per format however many renderers ask for it."""
        if fmt not in self.drawn:
            self.drawn[fmt] = self.plot(fmt)
        return self.drawn[fmt]


@dataclass
class Section:
    key: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    blocks: list[Table | Chart] = field(default_factory=list)
    #: Sub-sections (one per gap, say), each with a heading one level down.
    parts: list[Section] = field(default_factory=list)


@dataclass
class Document:
    title: str
    lang: str
    summary: str
    note: str
    made: str
    sections: list[Section]

    def tables(self) -> list[Table]:
        found: list[Table] = []

        def walk(sections: Sequence[Section]) -> None:
            for s in sections:
                found.extend(b for b in s.blocks if isinstance(b, Table))
                walk(s.parts)

        walk(self.sections)
        return found


def layout(report: PeriodicReport, lang: str) -> Document:
    p = report.period
    note = word(
        "period_note",
        lang,
        period=p.label(lang),
        start=p.start.isoformat(),
        end=p.end.isoformat(),
        previous=report.previous.label(lang),
    )
    sections = [
        _figures(report, lang),
        _trend(report, lang),
        _agreements(report, lang),
        _subdistricts(report, lang),
        _ranking(report, lang),
        _talent(report, lang),
        _changes(report, lang),
        _gaps(report, lang),
    ]
    return Document(
        title=title(report, lang),
        lang=lang,
        summary=summary(report, lang),
        note=note,
        made=word("made", lang, day=report.made_on.isoformat()),
        sections=sections,
    )


def _cap(report: PeriodicReport, key: str, lang: str) -> str:
    return with_period(word(key, lang), report, lang)


def _this_and_before(lang: str) -> tuple[str, str]:
    return word("this_period", lang), word("previous_period", lang)


def _figures(report: PeriodicReport, lang: str) -> Section:
    now, before = _this_and_before(lang)
    f, b = report.figures, report.previous_figures
    figures = Table(
        "figures",
        _cap(report, "figures", lang),
        [word("figure", lang), now, before, word("change", lang)],
        [[figure_name(k, lang), f[k], b[k], delta(f[k], b[k], lang)] for k in FIGURES],
        {1, 2},
        None,
    )
    m, mb = report.members_by_domain, report.previous_members_by_domain
    members = Table(
        "members",
        _cap(report, "members_by_domain", lang),
        [word("domain", lang), now, before, word("change", lang)],
        [
            [domain_name(d.key, lang), m[d.key], mb[d.key], delta(m[d.key], mb[d.key], lang)]
            for d in report.domains
        ],
        {1, 2},
        None,
    )
    chart_title = _cap(report, "members_by_domain", lang)
    names = [domain_name(d.key, lang) for d in report.domains]
    values = [m[d.key] for d in report.domains]
    colours = [d.color for d in report.domains]
    chart = Chart(
        "members",
        chart_title,
        lambda fmt: charts.bars(names, values, chart_title, colours=colours, fmt=fmt),
    )
    return Section("figures", word("figures", lang), blocks=[figures, members, chart])


def _trend(report: PeriodicReport, lang: str) -> Section:
    now, before = _this_and_before(lang)
    rows = []
    for i, bucket in enumerate(report.trend):
        prev = report.previous_trend[i] if i < len(report.previous_trend) else None
        rows.append(
            [
                bucket.period.label(lang),
                bucket.activities,
                bucket.participations,
                bucket.points,
                prev.period.label(lang) if prev else "",
                prev.activities if prev else "",
                prev.participations if prev else "",
                prev.points if prev else "",
            ]
        )
    header = [
        word("bucket", lang),
        word("activities_col", lang),
        word("participations_col", lang),
        word("points_col", lang),
        word("bucket_previous", lang),
        f"{before}{word('activities_col', lang)}" if lang == "zh" else f"{before}: activities",
        f"{before}{word('participations_col', lang)}"
        if lang == "zh"
        else f"{before}: participations",
        f"{before}{word('points_col', lang)}" if lang == "zh" else f"{before}: points",
    ]
    table = Table("trend", _cap(report, "trend", lang), header, rows, {1, 2, 3, 5, 6, 7}, None)
    labels = [_bucket_tick(b.period, lang) for b in report.trend]
    current = [b.activities for b in report.trend]
    previous = [b.activities for b in report.previous_trend][: len(current)]
    previous += [0] * (len(current) - len(previous))
    chart_title = _cap(report, "trend", lang)
    names = (f"{now} {report.period.label(lang)}", f"{before} {report.previous.label(lang)}")
    chart = Chart(
        "trend",
        chart_title,
        lambda fmt: charts.compare(labels, current, previous, names, chart_title, fmt=fmt),
    )
    return Section("trend", word("trend", lang), blocks=[chart, table])


def _bucket_tick(period: Period, lang: str) -> str:
    if period.grain == "quarter" or (period.days > 31):
        q = (period.start.month - 1) // 3 + 1
        return f"{period.start.year}Q{q}"
    return f"{period.start.month}月" if lang == "zh" else f"{period.start:%b}"


def _agreements(report: PeriodicReport, lang: str) -> Section:
    rows = [
        [stage_name(s["stage"], lang), s["agreements"], s["in_force"], s["signed"]]
        for s in report.stages
    ]
    table = Table(
        "stages",
        _cap(report, "stages", lang),
        [
            word("stage", lang),
            word("agreements_all", lang),
            word("in_force", lang),
            word("signed", lang),
        ],
        rows,
        {1, 2, 3},
        None,
    )
    blocks: list[Table | Chart] = [table]
    if any(s["agreements"] for s in report.stages):
        chart_title = _cap(report, "stages", lang)
        names = [r[0] for r in rows]
        values = [r[1] for r in rows]
        blocks.append(
            Chart(
                "stages",
                chart_title,
                lambda fmt: charts.bars(names, values, chart_title, fmt=fmt),
            )
        )
    return Section("agreements", word("stages", lang), blocks=blocks)


def _subdistricts(report: PeriodicReport, lang: str) -> Section:
    keys = ("units", "partnerships", "agreements", "activities", "points", "open_gaps")
    header = [
        word("subdistrict", lang),
        word("units", lang),
        word("partnerships_col", lang),
        word("agreements_col", lang),
        word("activities_col", lang),
        word("points_col", lang),
        word("open_gaps", lang),
    ]
    rows = [[s["name"], *(s[k] for k in keys)] for s in report.subdistricts]
    table = Table(
        "subdistricts", _cap(report, "subdistricts", lang), header, rows, set(range(1, 7)), None
    )
    blocks: list[Table | Chart] = [table]
    if rows:
        chart_title = with_period(
            f"{word('subdistricts', lang)} · {word('activities_col', lang)}", report, lang
        )
        names = [r[0] for r in rows]
        values = [s["activities"] for s in report.subdistricts]
        blocks.append(
            Chart(
                "subdistricts",
                chart_title,
                lambda fmt: charts.bars(names, values, chart_title, fmt=fmt),
            )
        )
    return Section("subdistricts", word("subdistricts", lang), blocks=blocks)


def _ranking(report: PeriodicReport, lang: str) -> Section:
    r = report.ranking
    units = Table(
        "ranking_units",
        _cap(report, "ranking_units", lang),
        [
            word("rank", lang),
            word("name", lang),
            word("domain", lang),
            word("subdistrict", lang),
            word("activities_col", lang),
            word("points_col", lang),
            word("bonus", lang),
            word("total", lang),
        ],
        [
            [
                u["rank"],
                u["name"],
                domain_name(u["domain"], lang),
                u["subdistrict"] or "",
                u["activities"],
                u["points"],
                u["bonus"],
                u["total"],
            ]
            for u in r.units
        ],
        {0, 4, 5, 6, 7},
        20,
    )
    domains = Table(
        "ranking_domains",
        _cap(report, "ranking_domains", lang),
        [word("rank", lang), word("domain", lang), word("units", lang), word("total", lang)],
        [[d["rank"], domain_name(d["key"], lang), d["units"], d["total"]] for d in r.domains],
        {0, 2, 3},
        None,
    )
    subdistricts = Table(
        "ranking_subdistricts",
        _cap(report, "ranking_subdistricts", lang),
        [word("rank", lang), word("subdistrict", lang), word("units", lang), word("total", lang)],
        [[s["rank"], s["key"], s["units"], s["total"]] for s in r.subdistricts],
        {0, 2, 3},
        None,
    )
    blocks: list[Table | Chart] = []
    if r.units:
        top = r.units[:10]
        chart_title = with_period(
            f"{word('ranking_units', lang)} · {'前 10 名' if lang == 'zh' else 'top 10'}",
            report,
            lang,
        )
        names = [f"{u['rank']}. {u['name']}" for u in top]
        values = [u["total"] for u in top]
        blocks.append(
            Chart(
                "ranking",
                chart_title,
                lambda fmt: charts.bars(names, values, chart_title, fmt=fmt),
            )
        )
    blocks += [units, domains, subdistricts]
    return Section("ranking", word("ranking", lang), blocks=blocks)


def _talent(report: PeriodicReport, lang: str) -> Section:
    f = report.figures
    keys = ("interns", "hires", "cohorts", "trained", "cohort_interns", "placed", "talent_pool")
    figures = Table(
        "talent",
        _cap(report, "talent", lang),
        [word("figure", lang), word("this_period", lang)],
        [[figure_name(k, lang), f[k]] for k in keys],
        {1},
        None,
    )
    cohorts = Table(
        "cohorts",
        _cap(report, "cohorts", lang),
        [
            word("code", lang),
            word("university", lang),
            word("year", lang),
            word("trained_col", lang),
            word("interns_col", lang),
            word("placed_col", lang),
        ],
        [
            [c["code"], c["university"], c["year"], c["trained"], c["interns"], c["placed"]]
            for c in report.cohorts
        ],
        {2, 3, 4, 5},
    )
    placements = Table(
        "placements",
        _cap(report, "placements", lang),
        [word("institution", lang), word("interns_col", lang), word("placed_col", lang)],
        [[p["name"], p["interns"], p["placed"]] for p in report.placements],
        {1, 2},
    )
    return Section("talent", word("talent", lang), blocks=[figures, cohorts, placements])


def _changes(report: PeriodicReport, lang: str) -> Section:
    now, before = _this_and_before(lang)
    f, b = report.figures, report.previous_figures
    moved = [k for k in FIGURES if f[k] != b[k]]
    m, mb = report.members_by_domain, report.previous_members_by_domain
    rows = [[figure_name(k, lang), b[k], f[k], delta(f[k], b[k], lang)] for k in moved]
    rows += [
        [
            f"{word('members_by_domain', lang)}：{domain_name(d.key, lang)}"
            if lang == "zh"
            else f"Members: {domain_name(d.key, lang)}",
            mb[d.key],
            m[d.key],
            delta(m[d.key], mb[d.key], lang),
        ]
        for d in DOMAINS
        if m[d.key] != mb[d.key]
    ]
    table = Table(
        "changes",
        with_period(
            f"{word('changes', lang)}：{report.previous.label(lang)} → {report.period.label(lang)}"
            if lang == "zh"
            else f"{word('changes', lang)}: {report.previous.label(lang)} → "
            f"{report.period.label(lang)}",
            report,
            lang,
        ),
        [word("figure", lang), before, now, word("change", lang)],
        rows,
        {1, 2},
        None,
    )
    section = Section("changes", word("changes", lang), blocks=[table])
    if report.changes is not None:
        sections = report.changes.sections
        section.blocks.append(
            Table(
                "changes_overview",
                with_period(word("changes_overview", lang), report, lang),
                [word("changes_section", lang), word("count", lang)],
                [[s.title(lang), s.count] for s in sections],
                {1},
                None,
            )
        )
        section.parts = [_change(s, report, lang) for s in sections if s.count]
    return section


def _change(change: ChangeSection, report: PeriodicReport, lang: str) -> Section:
    table = Table(
        f"change_{change.name}",
        with_period(change.title(lang), report, lang),
        [change_column(c, lang) for c in change.columns],
        [[change_cell(item, c, lang) for c in change.columns] for item in change.items],
    )
    heading = (
        f"{change.title(lang)}（{change.count}）"
        if lang == "zh"
        else f"{change.title(lang)} ({change.count})"
    )
    return Section(f"change-{change.name}", heading, blocks=[table])


def _gaps(report: PeriodicReport, lang: str) -> Section:
    gaps = report.gaps
    overview = Table(
        "gaps",
        with_period(word("gaps", lang), report, lang),
        [word("check", lang), word("count", lang)],
        [[g.title(lang), g.count] for g in gaps.gaps],
        {1},
        None,
    )
    found = [g for g in gaps.gaps if g.count]
    checks = word("contents_gap", lang, n=len(gaps.gaps), m=len(found))
    section = Section("gaps", word("gaps", lang), paragraphs=[checks], blocks=[overview])
    section.parts = [_gap(g, report, lang) for g in found]
    return section


def _gap(gap: Gap, report: PeriodicReport, lang: str) -> Section:
    table = Table(
        f"gap_{gap.name}",
        with_period(gap.title(lang), report, lang),
        [column(c, lang) for c in gap.columns],
        [[cell(item, c, lang) for c in gap.columns] for item in gap.items],
    )
    paragraphs = [f"{word('advice', lang)}{'：' if lang == 'zh' else ': '}{gap.advice(lang)}"]
    if gap.note(lang):
        paragraphs.insert(0, str(gap.note(lang)))
    return Section(
        f"gap-{gap.name}",
        f"{gap.title(lang)}（{gap.count}）" if lang == "zh" else f"{gap.title(lang)} ({gap.count})",
        paragraphs=paragraphs,
        blocks=[table],
    )
