"""The gap report as one self-contained HTML page: inline CSS and SVG charts (drawn by
redchain.periodic.charts), no scripts, no fonts, no links to anything outside the file, so it
opens the same way offline. Every text is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from redchain.gaps import Gap, GapReport
from redchain.report import pictures
from redchain.report.labels import RANK_COLUMNS, cell, chain_name, column, ends, footer, word

DEFAULT_MAX_ITEMS = 500

STYLE = """
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",
  "Helvetica Neue",Arial,sans-serif;margin:0;color:#222;background:#faf7f5;line-height:1.5}
header{background:#c0392b;color:#fff;padding:1.2rem 2rem}
header h1{margin:0 0 .3rem;font-size:1.6rem}
header p{margin:0;opacity:.92}
main{max-width:1100px;margin:0 auto;padding:1rem 2rem 3rem}
section{background:#fff;border:1px solid #eadfdb;border-radius:6px;margin:1.2rem 0;
  padding:1rem 1.3rem}
h2{font-size:1.2rem;margin:.2rem 0 .6rem;color:#7b241c}
h3{font-size:1rem;margin:1rem 0 .4rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border-bottom:1px solid #eee;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#fbeeeb;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.count{display:inline-block;min-width:2.2em;text-align:center;border-radius:1em;
  padding:0 .5em;background:#27ae60;color:#fff;font-weight:600}
.count.has{background:#c0392b}
.advice{background:#fdf2e9;border-left:4px solid #e67e22;padding:.4rem .7rem;margin:.7rem 0 0}
.note{color:#7b241c;font-size:.9rem}
.legend,.more,.meta{color:#666;font-size:.88rem}
.figure{overflow-x:auto}
.figure svg{max-width:100%;height:auto}
footer{color:#888;font-size:.8rem;text-align:center;padding:1rem}
"""


def esc(value: Any) -> str:
    return escape(str(value), quote=True)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    head = "".join(
        f"<th{' class=num' if i in numeric else ''}>{esc(h)}</th>" for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if i in numeric else ''}>{esc(v)}</td>" for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


NUMERIC = {
    "distance",
    "pieces",
    "separated",
    "rank",
    "points",
    "bonus",
    "total",
    "activities",
    "trained",
    "interns",
    "agreements",
}


def _gap_section(gap: Gap, lang: str, max_items: int) -> str:
    has = " has" if gap.count else ""
    parts = [
        f'<section class="gap" id="gap-{esc(gap.name)}">',
        f'<h2>{esc(gap.title(lang))} <span class="count{has}">{gap.count}</span></h2>',
    ]
    if gap.note(lang):
        parts.append(f'<p class="note">{esc(gap.note(lang))}</p>')
    if not gap.count:
        parts.append(f"<p>{esc(word('none', lang))}</p></section>")
        return "".join(parts)
    shown = gap.items[:max_items]
    numeric = {i for i, c in enumerate(gap.columns) if c in NUMERIC}
    parts.append(
        _table(
            [column(c, lang) for c in gap.columns],
            [[cell(item, c, lang) for c in gap.columns] for item in shown],
            numeric,
        )
    )
    if gap.count > len(shown):
        parts.append(f'<p class="more">{esc(word("more", lang, n=gap.count - len(shown)))}</p>')
    parts.append(
        f'<p class="advice"><strong>{esc(word("advice", lang) + word("colon", lang))}</strong>'
        f"{esc(gap.advice(lang))}</p></section>"
    )
    return "".join(parts)


def _overview(report: GapReport, lang: str) -> str:
    rows = "".join(
        f'<tr><td><a href="#gap-{esc(g.name)}">{esc(g.title(lang))}</a></td>'
        f'<td class=num><span class="count{" has" if g.count else ""}">{g.count}</span></td></tr>'
        for g in report.gaps
    )
    checks = word("checks", lang, n=len(report.gaps), m=len(report.with_gaps))
    return (
        f'<section id="overview"><h2>{esc(word("overview", lang))}</h2><p>{esc(checks)}</p>'
        f"<table><thead><tr><th>{esc(word('check', lang))}</th>"
        f"<th class=num>{esc(word('count', lang))}</th></tr></thead><tbody>{rows}</tbody>"
        "</table></section>"
    )


def _ranking(report: GapReport, lang: str) -> str:
    ranking = report.ranking
    parts = [
        f'<section id="ranking"><h2>{esc(word("ranking", lang))}</h2>',
        f'<p class="meta">{esc(word("ranking_meta", lang, n=ranking.ranked))} · '
        f"{ranking.period_from} – {ranking.period_to}</p>",
    ]
    if not ranking.rows:
        parts.append(f"<p>{esc(word('no_ranking', lang))}</p></section>")
        return "".join(parts)
    parts.append(f'<div class="figure">{pictures.bar_chart(ranking, lang)}</div>')
    numeric = {i for i, c in enumerate(RANK_COLUMNS) if c in NUMERIC}
    for key, units in ends(ranking):
        parts.append(f"<h3>{esc(word(key, lang, n=ranking.top))}</h3>")
        parts.append(
            _table(
                [column(c, lang) for c in RANK_COLUMNS],
                [[cell(u, c, lang) for c in RANK_COLUMNS] for u in units],
                numeric,
            )
        )
    parts.append("</section>")
    return "".join(parts)


def render(report: GapReport, lang: str = "zh", max_items: int = DEFAULT_MAX_ITEMS) -> str:
    title = f"{chain_name(report.chain, lang)} {word('title', lang)}"
    meta = (
        f"{word('as_of', lang)} {report.as_of} · {word('since', lang)} {report.since} · "
        f"{word('period', lang)} {report.period_from} – {report.period_to} · "
        f"{word('hops', lang)} {report.hops}"
    )
    matrix = ""
    if report.matrix is not None:
        matrix = (
            f'<section id="matrix"><h2>{esc(word("matrix", lang))}</h2>'
            f'<div class="figure">{pictures.heat_map(report.matrix, lang)}</div>'
            f'<p class="legend">{esc(word("matrix_legend", lang))}</p></section>'
        )
    gaps = [g for g in report.gaps]
    body = [
        f"<header><h1>{esc(title)}</h1><p>{esc(meta)}</p></header><main>",
        _overview(report, lang),
        matrix,
        *(_gap_section(g, lang, max_items) for g in gaps[:1]),
        _ranking(report, lang),
        *(_gap_section(g, lang, max_items) for g in gaps[1:]),
        f"</main><footer>{esc(footer(lang))}</footer>",
    ]
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
        + "".join(body)
        + "</body></html>\n"
    )
