"""Exports of what the canvas shows: units and links with names (CSV, XLSX) and the same
single-file offline page ``redchain viz`` writes."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from redchain.engines.base import Engine
from redchain.model import DOMAIN_BY_KEY, REL_BY_TYPE
from redchain.tabular import Sheet, write_csv, write_xlsx
from redchain.viz import render
from redchain.viz.options import ViewOptions
from redchain.viz.subgraph import assemble

FORMATS = ("csv-units", "csv-links", "xlsx", "html")
UNIT_HEADER = {
    "zh": ["名称", "简称", "英文名称", "统一社会信用代码", "领域", "所在街镇", "共建数", "积分"],
    "en": [
        "Name",
        "Short name",
        "English name",
        "Credit code",
        "Domain",
        "Subdistrict",
        "Partners",
        "Points",
    ],
}
LINK_HEADER = {
    "zh": ["单位", "关系", "对方单位", "类型", "开始日期", "结束日期", "年份"],
    "en": ["Unit", "Relationship", "Other unit", "Kind", "Since", "Until", "Year"],
}


def tables(
    engine: Engine, ids: Iterable[str], lang: str
) -> tuple[list[list[Any]], list[list[Any]]]:
    graph = assemble(engine, set(ids), ViewOptions(lang=lang, dated=False))  # type: ignore[arg-type]
    unit_rows = []
    for unit in sorted(graph.units.values(), key=lambda u: u.name):
        domain = DOMAIN_BY_KEY.get(unit.domain or "")
        unit_rows.append(
            [
                unit.name,
                unit.short_name,
                unit.name_en,
                unit.uscc,
                (domain.zh if lang == "zh" else domain.en) if domain else None,
                unit.subdistrict,
                unit.partners,
                round(unit.points, 1),
            ]
        )
    link_rows = []
    for link in graph.links:
        a, b = graph.units[link.source], graph.units[link.target]
        rel = REL_BY_TYPE[link.type]
        p = link.props
        link_rows.append(
            [
                a.name,
                rel.zh if lang == "zh" else rel.en,
                b.name,
                p.get("kind"),
                p.get("since"),
                p.get("until"),
                p.get("year"),
            ]
        )
    return unit_rows, link_rows


def export(engine: Engine, ids: list[str], fmt: str, lang: str) -> tuple[bytes, str, str]:
    """The file's bytes, its media type and a file name."""
    if fmt == "html":
        options = ViewOptions(lang=lang, title=None, dated=False)  # type: ignore[arg-type]
        graph = assemble(engine, set(ids), options)
        return render(graph, options).html.encode("utf-8"), "text/html", "redchain-view.html"
    units, links = tables(engine, ids, lang)
    with tempfile.TemporaryDirectory(prefix="redchain-export-") as folder:
        if fmt == "xlsx":
            path = Path(folder) / "view.xlsx"
            names = ("单位", "关系") if lang == "zh" else ("Units", "Links")
            write_xlsx(
                path,
                [
                    Sheet(names[0], UNIT_HEADER[lang], units),
                    Sheet(names[1], LINK_HEADER[lang], links),
                ],
            )
            media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            return path.read_bytes(), media, "redchain-view.xlsx"
        path = Path(folder) / "view.csv"
        if fmt == "csv-units":
            write_csv(path, UNIT_HEADER[lang], units)
            return path.read_bytes(), "text/csv; charset=utf-8", "redchain-units.csv"
        write_csv(path, LINK_HEADER[lang], links)
        return path.read_bytes(), "text/csv; charset=utf-8", "redchain-links.csv"
