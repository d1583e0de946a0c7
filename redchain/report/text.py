"""The gap report as plain text for a terminal (Chinese characters take two columns)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from redchain.gaps import Gap, GapReport
from redchain.model import CHAIN_DOMAINS
from redchain.report.labels import RANK_COLUMNS, cell, chain_name, column, ends, word

DEFAULT_MAX_ITEMS = 20


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int, right: bool = False) -> str:
    fill = " " * max(0, size - width(text))
    return fill + text if right else text + fill


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    sizes = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = [indent + "  ".join(pad(h, s) for h, s in zip(headers, sizes, strict=True)).rstrip()]
    lines.append(indent + "  ".join("-" * s for s in sizes))
    for row in rows:
        lines.append(
            indent + "  ".join(pad(v, s) for v, s in zip(row, sizes, strict=True)).rstrip()
        )
    return lines


def heading(report: GapReport, lang: str) -> list[str]:
    title = f"{chain_name(report.chain, lang)} {word('title', lang)}"
    meta = (
        f"{word('as_of', lang)} {report.as_of} · {word('since', lang)} {report.since} · "
        f"{word('period', lang)} {report.period_from} – {report.period_to} · "
        f"{word('hops', lang)} {report.hops}"
    )
    checks = word("checks", lang, n=len(report.gaps), m=len(report.with_gaps))
    return [title, "=" * width(title), meta, checks]


def matrix_lines(report: GapReport, lang: str) -> list[str]:
    if report.matrix is None:
        return []
    names = [d.zh if lang == "zh" else d.en for d in CHAIN_DOMAINS]
    rows = []
    for i, name in enumerate(names):
        counts = report.matrix.counts[i]
        rows.append([name] + [f"({c})" if c == 0 else str(c) for c in counts])
    return [*table(["", *names], rows), "  " + word("empty_mark", lang)]


def gap_lines(gap: Gap, lang: str, max_items: int) -> list[str]:
    lines = [f"{gap.title(lang)}{word('colon', lang)}{gap.count}"]
    if gap.note(lang):
        lines.append(f"  {gap.note(lang)}")
    if not gap.count:
        return lines
    shown = gap.items[:max_items]
    headers = [column(c, lang) for c in gap.columns]
    lines += table(headers, [[cell(item, c, lang) for c in gap.columns] for item in shown])
    if gap.count > len(shown):
        lines.append("  " + word("more", lang, n=gap.count - len(shown)))
    lines.append(f"  {word('advice', lang)}{word('colon', lang)}{gap.advice(lang)}")
    return lines


def ranking_lines(report: GapReport, lang: str) -> list[str]:
    ranking = report.ranking
    lines = [word("ranking", lang), word("ranking_meta", lang, n=ranking.ranked)]
    if not ranking.rows:
        return [*lines, "  " + word("no_ranking", lang)]
    headers = [column(c, lang) for c in RANK_COLUMNS]
    for key, units in ends(ranking):
        lines.append(word(key, lang, n=ranking.top))
        lines += table(headers, [[cell(u, c, lang) for c in RANK_COLUMNS] for u in units])
    return lines


def render(report: GapReport, lang: str = "zh", max_items: int = DEFAULT_MAX_ITEMS) -> str:
    lines = heading(report, lang)
    if report.matrix is not None:
        lines += ["", word("matrix", lang), *matrix_lines(report, lang)]
    for gap in report.gaps:
        lines += ["", *gap_lines(gap, lang, max_items)]
    lines += ["", *ranking_lines(report, lang)]
    return "\n".join(lines) + "\n"


def summary_lines(report: GapReport, lang: str = "zh", names: int = 3) -> list[str]:
    """A few lines for the end of ``redchain demo``: each gap found, with its first names."""
    checks = word("checks", lang, n=len(report.gaps), m=len(report.with_gaps))
    head = word(
        "summary_head",
        lang,
        chain=chain_name(report.chain, lang),
        as_of=report.as_of,
        checks=checks,
    )
    lines = [head]
    for gap in report.with_gaps:
        first = [_item_name(item, lang) for item in gap.items[:names]]
        listing = word("list_sep", lang).join(first)
        if gap.count > names:
            listing += word("and_more", lang)
        aside = word("aside", lang, text=listing)
        lines.append(f"  - {gap.title(lang)}{word('colon', lang)}{gap.count}{aside}")
    return lines


def _item_name(item: dict[str, Any], lang: str) -> str:
    if "domains" in item:
        return str(item.get(lang, ""))
    for key in ("name", "number", "agreement", "code", "uscc"):
        if item.get(key):
            return str(item[key])
    return cell(item, "parties", lang)
