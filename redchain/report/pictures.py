"""The gap report's two pictures, drawn by the reports' charts module as inline SVG: a heat map
of the domain matrix and a bar chart of the points ranking (top units red, bottom units grey)."""

from __future__ import annotations

from redchain.gaps import DomainMatrix, Ranking
from redchain.model import CHAIN_DOMAINS
from redchain.report.labels import ends, word

# redchain.periodic.charts is imported where it is used: the periodic report builds on the
# changes, whose page builds on this report's page.


def heat_map(matrix: DomainMatrix, lang: str) -> str:
    """A 5×5 grid of partnership counts; darker is more, dashed and hatched is none."""
    from redchain.periodic import charts

    names = [d.zh if lang == "zh" else d.en for d in CHAIN_DOMAINS]
    picture = charts.heat_map(names, matrix.counts, word("matrix", lang), fmt="svg")
    return charts.inline_svg(picture, "heatmap")


def bar_chart(ranking: Ranking, lang: str) -> str:
    """Horizontal bars of total points: the top units in red, the bottom units in grey."""
    from redchain.periodic import charts

    labels: list[str] = []
    values: list[float] = []
    colours: list[str] = []
    for key, units in ends(ranking):
        for unit in units:
            labels.append(f"{unit.get('rank')}. {unit.get('name') or unit.get('uscc') or ''}")
            values.append(float(unit.get("total") or 0))
            colours.append(charts.RED if key == "top" else charts.GREY)
    picture = charts.bars(labels, values, word("ranking", lang), colours=colours, fmt="svg")
    return charts.inline_svg(picture, "bars")
