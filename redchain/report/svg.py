"""The report's two pictures as inline SVG: a heat map of the domain matrix and a bar chart of
the points ranking. Every text is escaped; nothing refers to a file or a network address."""

from __future__ import annotations

from html import escape
from typing import Any

from redchain.gaps import DomainMatrix, Ranking
from redchain.model import DOMAINS
from redchain.report.labels import cell, ends, word

# The chain's red, for the heat map's darkest cell and the ranking's top bars.
RED = (192, 57, 43)
PALE = (253, 237, 234)
GREY = "#7f8c8d"


def esc(value: Any) -> str:
    return escape(str(value), quote=True)


def _shade(share: float) -> str:
    r, g, b = (round(p + (q - p) * share) for p, q in zip(PALE, RED, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def heat_map(matrix: DomainMatrix, lang: str) -> str:
    """A 5×5 grid of partnership counts; darker is more, hatched is none."""
    names = [d.zh if lang == "zh" else d.en for d in DOMAINS]
    n = len(names)
    cell_w, cell_h, left, top = 118, 52, 190, 64
    width, height = left + n * cell_w + 10, top + n * cell_h + 10
    most = matrix.max or 1
    parts = [
        f'<svg class="heatmap" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" aria-labelledby="heatmap-title">',
        f'<title id="heatmap-title">{esc(word("matrix", lang))}</title>',
        '<defs><pattern id="empty-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#e0a39b" stroke-width="3"/></pattern></defs>',
    ]
    for j, name in enumerate(names):
        x = left + j * cell_w + cell_w / 2
        lines = _two_lines(name)
        spans = "".join(
            f'<tspan x="{x:.0f}" dy="{0 if k == 0 else 15}">{esc(line)}</tspan>'
            for k, line in enumerate(lines)
        )
        y = top - 12 - 15 * (len(lines) - 1)
        parts.append(f'<text class="col" y="{y}" text-anchor="middle">{spans}</text>')
    for i, name in enumerate(names):
        y = top + i * cell_h
        parts.append(
            f'<text class="row" x="{left - 10}" y="{y + cell_h / 2 + 5:.0f}" fill="#222222" '
            f'text-anchor="end">{esc(name)}</text>'
        )
        for j in range(n):
            count = matrix.counts[i][j]
            x = left + j * cell_w
            label = f"{names[i]} × {names[j]}: {count}"
            if count:
                share = count / most
                fill = _shade(share)
                ink = "#ffffff" if share > 0.55 else "#222222"
                parts.append(
                    f'<g class="cell"><title>{esc(label)}</title>'
                    f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" '
                    f'fill="{fill}"/><text x="{x + cell_w / 2:.0f}" y="{y + cell_h / 2 + 5:.0f}" '
                    f'text-anchor="middle" fill="{ink}">{count}</text></g>'
                )
            else:
                parts.append(
                    f'<g class="cell empty"><title>{esc(label)}</title>'
                    f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" '
                    f'fill="url(#empty-hatch)" stroke="{esc(_shade(1))}" stroke-dasharray="4 3"/>'
                    f'<text x="{x + cell_w / 2:.0f}" y="{y + cell_h / 2 + 5:.0f}" '
                    f'text-anchor="middle" fill="#7b241c">0</text></g>'
                )
    parts.append("</svg>")
    return "".join(parts)


def _two_lines(text: str, most: int = 14) -> list[str]:
    """A column heading in at most two lines, broken between words (Chinese names stay whole)."""
    words = text.split()
    if len(text) <= most or len(words) < 2:
        return [text]
    best = min(range(1, len(words)), key=lambda k: abs(len(" ".join(words[:k])) - len(text) / 2))
    return [" ".join(words[:best]), " ".join(words[best:])]


def _short(text: str, most: int = 18) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def bar_chart(ranking: Ranking, lang: str) -> str:
    """Horizontal bars of total points: the top units in red, the bottom units in grey."""
    colours = {"top": _shade(1), "bottom": GREY}
    groups = [(word(key, lang, n=ranking.top), units, colours[key]) for key, units in ends(ranking)]
    bar_h, gap, left, bar_w, right = 22, 6, 250, 420, 70
    rows = sum(len(units) + 1 for _, units, _ in groups)
    width, height = left + bar_w + right, rows * (bar_h + gap) + 10
    most = max((float(u.get("total") or 0) for u in ranking.rows), default=0) or 1.0
    parts = [
        f'<svg class="bars" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" aria-labelledby="bars-title">',
        f'<title id="bars-title">{esc(word("ranking", lang))}</title>',
    ]
    y = 5
    for caption, units, colour in groups:
        parts.append(f'<text class="group" x="0" y="{y + bar_h - 6}">{esc(caption)}</text>')
        y += bar_h + gap
        for unit in units:
            total = float(unit.get("total") or 0)
            length = max(1.0, bar_w * total / most) if total > 0 else 0.0
            name = str(unit.get("name") or unit.get("uscc") or "")
            label = f"{unit.get('rank')}. {name}"
            parts.append(
                f'<g class="bar"><title>{esc(label)}: {esc(cell(unit, "total", lang))}</title>'
                f'<text x="{left - 8}" y="{y + bar_h - 6}" text-anchor="end">'
                f"{esc(_short(label, 20))}</text>"
                f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar_h}" fill="{colour}"/>'
                f'<text x="{left + length + 6:.1f}" y="{y + bar_h - 6}">'
                f"{esc(cell(unit, 'total', lang))}</text></g>"
            )
            y += bar_h + gap
    parts.append("</svg>")
    return "".join(parts)
