"""The gap report as Markdown, for pasting into a wiki page or a document."""

from __future__ import annotations

from collections.abc import Sequence

from redchain.gaps import Gap, GapReport
from redchain.model import CHAIN_DOMAINS
from redchain.report.labels import RANK_COLUMNS, cell, chain_name, column, ends, footer, word

DEFAULT_MAX_ITEMS = 200


def esc(text: str) -> str:
    """Text safe inside a Markdown table cell or line."""
    out = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for ch in "*_`[]<>#":
        out = out.replace(ch, "\\" + ch)
    return out


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(esc(h) for h in headers) + " |"]
    lines.append("|" + "|".join("---" for _ in headers) + "|")
    lines += ["| " + " | ".join(esc(v) for v in row) + " |" for row in rows]
    return lines


def gap_section(gap: Gap, lang: str, max_items: int) -> list[str]:
    lines = [f"## {esc(gap.title(lang))}{word('colon', lang)}{gap.count}", ""]
    if gap.note(lang):
        lines += [f"> {esc(gap.note(lang) or '')}", ""]
    if not gap.count:
        return [*lines, word("none", lang)]
    shown = gap.items[:max_items]
    lines += table(
        [column(c, lang) for c in gap.columns],
        [[cell(item, c, lang) for c in gap.columns] for item in shown],
    )
    if gap.count > len(shown):
        lines += ["", esc(word("more", lang, n=gap.count - len(shown)))]
    lines += ["", f"**{word('advice', lang)}**{word('colon', lang)}{esc(gap.advice(lang))}"]
    return lines


def render(report: GapReport, lang: str = "zh", max_items: int = DEFAULT_MAX_ITEMS) -> str:
    title = f"{chain_name(report.chain, lang)} {word('title', lang)}"
    lines = [
        f"# {esc(title)}",
        "",
        f"{word('as_of', lang)} {report.as_of} · {word('since', lang)} {report.since} · "
        f"{word('period', lang)} {report.period_from} – {report.period_to} · "
        f"{word('hops', lang)} {report.hops}",
        "",
        f"## {word('overview', lang)}",
        "",
        word("checks", lang, n=len(report.gaps), m=len(report.with_gaps)),
        "",
    ]
    lines += table(
        [word("check", lang), word("count", lang)],
        [[g.title(lang), str(g.count)] for g in report.gaps],
    )
    if report.matrix is not None:
        names = [d.zh if lang == "zh" else d.en for d in CHAIN_DOMAINS]
        lines += ["", f"## {word('matrix', lang)}", ""]
        lines += table(
            ["", *names],
            [
                [name] + ["(0)" if c == 0 else str(c) for c in report.matrix.counts[i]]
                for i, name in enumerate(names)
            ],
        )
        lines += ["", esc(word("matrix_legend", lang))]
    for gap in report.gaps:
        lines += ["", *gap_section(gap, lang, max_items)]
    ranking = report.ranking
    lines += ["", f"## {word('ranking', lang)}", "", word("ranking_meta", lang, n=ranking.ranked)]
    if not ranking.rows:
        lines += ["", word("no_ranking", lang)]
    for key, units in ends(ranking):
        lines += ["", f"### {word(key, lang, n=ranking.top)}", ""]
        lines += table(
            [column(c, lang) for c in RANK_COLUMNS],
            [[cell(u, c, lang) for c in RANK_COLUMNS] for u in units],
        )
    lines += ["", f"*{esc(footer(lang))}*"]
    return "\n".join(lines) + "\n"
