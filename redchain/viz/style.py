"""How a view looks: colours from the model's domains, sizes, edge styles by relationship type,
and the page's words in Chinese and English."""

from __future__ import annotations

import math
from typing import Any

from redchain.model import (
    BASE_KINDS,
    DOMAINS,
    HOSTED_BY,
    LED_BY,
    LOCATED_IN,
    MEMBER_OF,
    PART_OF,
    PARTNERS_WITH,
    PARTNERSHIP_KINDS,
    REL_BY_TYPE,
    SUPPLIES_TALENT,
)
from redchain.viz.graph import Link, ViewGraph

#: Links that cross two domains are drawn in gold, the chain's "golden bridge".
CROSS_COLOUR = "#d4a017"
OTHER_COLOUR = "#7f8c8d"
CHAIN_COLOUR = "#b71c1c"
BASE_COLOUR = "#a0522d"
GAP_BORDER = "#111111"
MIN_SIZE, MAX_SIZE = 9.0, 38.0

TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "title": "金桥红链 · 共建网络",
        "search": "搜索单位：中文名、英文名或信用代码",
        "search_none": "没有找到",
        "domains": "领域",
        "links": "关系",
        "png": "保存为 PNG",
        "fit": "全图",
        "reset": "取消高亮",
        "name": "名称",
        "name_en": "英文名称",
        "domain": "领域",
        "uscc": "统一社会信用代码",
        "subdistrict": "所在街镇",
        "partners": "共建单位数",
        "points": "党建积分",
        "points_period": "党建积分（{start} 至 {end}）",
        "master": "链主单位",
        "gaps": "覆盖缺口",
        "gap_legend": "覆盖缺口单位（粗黑边框）",
        "cross": "跨领域",
        "within": "领域内",
        "within_colour": "领域内（领域色）",
        "kind": "类型",
        "since": "开始",
        "until": "结束",
        "year": "年份",
        "hires": "录用",
        "interns": "实习",
        "site": "所在地点",
        "opened_on": "授牌日期",
        "founded_on": "成立日期",
        "units": "单位",
        "count": "数量",
        "within_links": "领域内关系",
        "between_domains": "领域之间的共建关系（数量）",
        "showing": "显示 {nodes} 个节点、{edges} 条关系",
        "mode_physics": "布局：浏览器内短时力导向模拟（{n} 个节点），稳定后停止",
        "mode_static": "布局：由 Python 预先计算（按领域分区），已关闭物理模拟（{n} 个节点）",
        "mode_overview": (
            "概览：{n} 个单位过多，每个领域显示为一个节点；"
            "用 --domain、--around 或 --query 查看细节"
        ),
        "view_whole": "全部网络",
        "view_around": "以「{name}」为中心 {hops} 跳",
        "view_path": "「{a}」与「{b}」之间的最短路径（{hops} 跳）",
        "view_query": "查询 {name} 的结果（{rows} 行）",
        "as_of": "截至 {date}",
        "only": "仅 {domains}",
        "chain": "党建链",
        "base": "党建基地",
        "other": "其他",
        "loading": "正在布局…",
        "overview_search": "概览模式下不能搜索单位",
    },
    "en": {
        "title": "Golden Bridge Red Chain · partnership network",
        "search": "Find a unit: Chinese or English name, or credit code",
        "search_none": "No match",
        "domains": "Domains",
        "links": "Links",
        "png": "Save as PNG",
        "fit": "Fit",
        "reset": "Clear highlight",
        "name": "Name",
        "name_en": "English name",
        "domain": "Domain",
        "uscc": "Credit code",
        "subdistrict": "Subdistrict",
        "partners": "Partners",
        "points": "Party-building points",
        "points_period": "Party-building points ({start} to {end})",
        "master": "Chain master",
        "gaps": "Coverage gaps",
        "gap_legend": "Flagged by the gap report (thick dark border)",
        "cross": "across domains",
        "within": "within a domain",
        "within_colour": "within a domain (its colour)",
        "kind": "Kind",
        "since": "Since",
        "until": "Until",
        "year": "Year",
        "hires": "Hires",
        "interns": "Interns",
        "site": "Site",
        "opened_on": "Opened",
        "founded_on": "Founded",
        "units": "Units",
        "count": "Count",
        "within_links": "Links within the domain",
        "between_domains": "Partnerships between two domains (count)",
        "showing": "Showing {nodes} nodes and {edges} links",
        "mode_physics": "Layout: a short force simulation in the browser ({n} nodes), "
        "stopped once still",
        "mode_static": "Layout: computed in Python (domain sectors); physics off ({n} nodes)",
        "mode_overview": "Overview: {n} units are too many to draw, so each domain is one node; "
        "use --domain, --around or --query for detail",
        "view_whole": "Whole network",
        "view_around": "Around “{name}”, {hops} hop(s)",
        "view_path": "Shortest paths between “{a}” and “{b}” ({hops} hops)",
        "view_query": "Result of query {name} ({rows} rows)",
        "as_of": "as of {date}",
        "only": "only {domains}",
        "chain": "Chain",
        "base": "Base",
        "other": "Other",
        "loading": "Laying out…",
        "overview_search": "Search works in detailed views, not in the overview",
    },
}


def darker(colour: str, factor: float = 0.72) -> str:
    value = colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))


def _node_colour(colour: str) -> dict[str, Any]:
    border = darker(colour)
    return {
        "background": colour,
        "border": border,
        "highlight": {"background": colour, "border": "#000000"},
        "hover": {"background": colour, "border": "#000000"},
    }


def groups(lang: str) -> list[dict[str, Any]]:
    """One entry per node group, in legend order: vis-network group options plus the caption."""
    found = [
        {
            "key": d.key,
            "name": d.zh if lang == "zh" else d.en,
            "options": {"color": _node_colour(d.color), "shape": "dot"},
            "colour": d.color,
        }
        for d in DOMAINS
    ]
    text = TEXT[lang]
    found.append(
        {
            "key": "other",
            "name": text["other"],
            "options": {"color": _node_colour(OTHER_COLOUR), "shape": "dot"},
            "colour": OTHER_COLOUR,
        }
    )
    found.append(
        {
            "key": "chain",
            "name": text["chain"],
            "options": {"color": _node_colour(CHAIN_COLOUR), "shape": "hexagon"},
            "colour": CHAIN_COLOUR,
        }
    )
    found.append(
        {
            "key": "base",
            "name": text["base"],
            "options": {"color": _node_colour(BASE_COLOUR), "shape": "diamond"},
            "colour": BASE_COLOUR,
        }
    )
    return found


def _rel_name(rel_type: str, lang: str) -> str:
    rel = REL_BY_TYPE[rel_type]
    return rel.zh if lang == "zh" else rel.en


def edge_classes(lang: str) -> list[dict[str, Any]]:
    """Every edge class: vis-network edge options, the legend caption and the toggle it belongs
    to (one toggle per relationship type)."""
    text = TEXT[lang]
    classes: list[dict[str, Any]] = []

    def add(key: str, rel_type: str, caption: str, options: dict[str, Any]) -> None:
        # A selected or hovered link keeps its colour (vis-network greys it by default).
        colour = options["color"]["color"]
        options["color"] = {**options["color"], "highlight": colour, "hover": colour}
        classes.append(
            {"key": key, "type": rel_type, "name": caption, "options": {"smooth": False, **options}}
        )

    partners = _rel_name(PARTNERS_WITH.type, lang)
    talent = _rel_name(SUPPLIES_TALENT.type, lang)
    add(
        "P+",
        PARTNERS_WITH.type,
        f"{partners} · {text['cross']}",
        {"color": {"color": CROSS_COLOUR, "opacity": 0.95}, "width": 3},
    )
    # Links inside one domain take the domain's colour, faintly; the legend shows them once.
    for key, colour in [(d.key, d.color) for d in DOMAINS] + [("other", OTHER_COLOUR)]:
        add(
            f"P:{key}",
            PARTNERS_WITH.type,
            f"{partners} · {text['within_colour']}",
            {"color": {"color": colour, "opacity": 0.45}, "width": 1.2},
        )
    add(
        "T+",
        SUPPLIES_TALENT.type,
        f"{talent} · {text['cross']}",
        {
            "color": {"color": CROSS_COLOUR, "opacity": 0.95},
            "width": 2.5,
            "dashes": [8, 5],
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
        },
    )
    add(
        "T",
        SUPPLIES_TALENT.type,
        f"{talent} · {text['within']}",
        {
            "color": {"color": "#5d6d7e", "opacity": 0.6},
            "width": 1.2,
            "dashes": [8, 5],
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        },
    )
    add(
        "L",
        LOCATED_IN.type,
        _rel_name(LOCATED_IN.type, lang),
        {
            "color": {"color": "#95a5a6", "opacity": 0.5},
            "width": 1,
            "dashes": [2, 4],
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
        },
    )
    add(
        "M",
        MEMBER_OF.type,
        _rel_name(MEMBER_OF.type, lang),
        {"color": {"color": "#bdc3c7", "opacity": 0.5}, "width": 0.8, "dashes": [3, 6]},
    )
    add(
        "LED",
        LED_BY.type,
        _rel_name(LED_BY.type, lang),
        {
            "color": {"color": CHAIN_COLOUR, "opacity": 1},
            "width": 4,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.8}},
        },
    )
    add(
        "H",
        HOSTED_BY.type,
        _rel_name(HOSTED_BY.type, lang),
        {"color": {"color": BASE_COLOUR, "opacity": 0.8}, "width": 1.5, "dashes": [10, 3, 2, 3]},
    )
    add(
        "PO",
        PART_OF.type,
        _rel_name(PART_OF.type, lang),
        {"color": {"color": "#bdc3c7", "opacity": 0.6}, "width": 0.8, "dashes": [2, 3]},
    )
    add(
        "O",
        "overview",
        text["between_domains"],
        {
            "color": {"color": CROSS_COLOUR, "opacity": 0.8},
            "font": {"size": 15, "strokeWidth": 0, "background": "rgba(255,255,255,0.9)"},
        },
    )
    return classes


def edge_class(graph: ViewGraph, link: Link) -> str:
    """The class of ``link``: its type, and for links between organisations whether it crosses
    two domains."""
    if link.type in (PARTNERS_WITH.type, SUPPLIES_TALENT.type):
        a, b = graph.units[link.source], graph.units[link.target]
        crosses = a.domain != b.domain
        if link.type == PARTNERS_WITH.type:
            return "P+" if crosses else f"P:{a.domain or 'other'}"
        return "T+" if crosses else "T"
    return {
        LOCATED_IN.type: "L",
        MEMBER_OF.type: "M",
        LED_BY.type: "LED",
        HOSTED_BY.type: "H",
        PART_OF.type: "PO",
    }[link.type]


def sizes(graph: ViewGraph, size_by: str) -> dict[str, float]:
    """Node sizes on a square-root scale of degree (links drawn) or party-building points."""
    if size_by == "points":
        measure = {k: max(u.points, 0.0) for k, u in graph.units.items()}
    else:
        degree = graph.degrees()
        measure = {k: float(degree[k]) for k in graph.units}
    top = max(measure.values(), default=0.0)
    result = {}
    for node_id, value in measure.items():
        share = math.sqrt(value / top) if top > 0 else 0.0
        result[node_id] = round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * share, 1)
    for node_id in graph.focus:
        if node_id in result:
            result[node_id] = max(result[node_id], MAX_SIZE)
    for node_id, unit in graph.units.items():
        if unit.kind == "chain":
            result[node_id] = MAX_SIZE + 6
        elif unit.kind == "base":
            result[node_id] = MIN_SIZE + 2
    return result


def label(unit_name: str, short_name: str | None, name_en: str | None, lang: str) -> str:
    if lang == "en":
        return name_en or short_name or unit_name
    return short_name or unit_name


def kind_caption(value: object, lang: str) -> object:
    """A stored ``kind`` (a key of the model's kinds) in words; other values as they are."""
    for kind in (*PARTNERSHIP_KINDS, *BASE_KINDS):
        if value == kind.key:
            return kind.zh if lang == "zh" else kind.en
    return value


def shows_label(unit_kind: str, base_kind: object) -> bool:
    """Sub-bases (there are dozens, with long names) are named in their tooltip, not on the
    drawing; every other node carries its label."""
    return not (unit_kind == "base" and base_kind == "sub_base")
