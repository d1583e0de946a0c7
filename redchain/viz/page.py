"""The page: one self-contained HTML file made from redchain's own template.

vis-network's script and stylesheet come from the copy pyvis ships and are inlined, so the page
makes no request to any host (a Content-Security-Policy in the page forbids it too). The data
goes into a ``<script type="application/json">`` block as escaped JSON; the page's script builds
every label, tooltip and legend entry as text nodes, never as HTML.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from redchain.atomic import write_text_atomically
from redchain.model import DOMAIN_BY_KEY
from redchain.viz import layout, style
from redchain.viz.graph import ViewGraph
from redchain.viz.options import ViewOptions

TEMPLATE_DIR = Path(str(files("redchain") / "templates" / "viz"))
# Fonts already on the reader's machine: Windows, macOS, Linux (Noto / WenQuanYi), then any.
FONT_FACE = (
    "'Microsoft YaHei', 'PingFang SC', 'Hiragino Sans GB', 'Noto Sans CJK SC', "
    "'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif"
)
# The page may run inline script and style, show data: images and nothing else: no request to
# any host, whatever a label contains.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
)


#: Physics stops after this long whatever happens, so a page never keeps the browser busy.
PHYSICS_CAP_MS = 12_000
#: Large drawings are handed to vis-network this many nodes at a time (see network.js).
BATCH_SIZE = 2500


def physics_iterations(node_count: int) -> int:
    """Physics iterations after the first paint: fewer for larger views, which start from
    computed positions and would otherwise keep a slow machine busy for long."""
    if node_count <= 200:
        return 400
    if node_count <= 500:
        return 200
    return 100


@dataclass
class View:
    """A built page: its HTML and what it shows (``stats``)."""

    html: str
    stats: dict[str, Any] = field(default_factory=dict)

    def write(self, path: str | Path) -> Path:
        """Write the page as UTF-8 (on every platform) and return its absolute path."""
        target = Path(path).expanduser().resolve()
        write_text_atomically(target, self.html)
        self.stats["path"] = str(target)
        return target

    def _repr_html_(self) -> str:
        from redchain.viz.notebook import iframe

        return iframe(self.html)


def _iso_date(value: Any) -> str:
    """Dates (as the engines return them) in ISO form; anything else is not JSON."""
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``</script>``, no ``<!--``, no line
    separators a script could trip on."""
    text = json.dumps(
        data, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_iso_date
    )
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet from pyvis's package, the newest copy it ships."""
    lib = Path(str(files("pyvis") / "lib"))
    folders = sorted(
        (p for p in lib.glob("vis-*") if (p / "vis-network.min.js").is_file()),
        key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.name)),
    )
    if not folders:
        raise FileNotFoundError(f"vis-network is missing from pyvis at {lib}; reinstall pyvis")
    folder = folders[-1]
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    sheet = (folder / "vis-network.css").read_text(encoding="utf-8")
    return _inline_safe(script, "script"), _inline_safe(sheet, "style")


def _inline_safe(text: str, element: str) -> str:
    """Text that cannot close the element it is inlined in."""
    return re.sub(f"</({element})", r"<\\/\1", text, flags=re.IGNORECASE)


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _own_asset(name: str, element: str) -> Markup:
    return Markup(_inline_safe((TEMPLATE_DIR / name).read_text(encoding="utf-8"), element))


def render(graph: ViewGraph, options: ViewOptions) -> View:
    """The page for ``graph`` as ``options`` ask: layout mode, styling, legend and words."""
    options = options.validated()
    lang = options.lang
    start, end = options.points_period
    text = {
        **style.TEXT[lang],
        "points": style.TEXT[lang]["points_period"].format(start=start, end=end),
    }
    units = sum(1 for u in graph.units.values() if u.kind == "org")
    mode = layout.choose_mode(len(graph.units), options)
    if mode == "overview":
        nodes, edges = overview_payload(graph, lang)
    else:
        nodes, edges = detail_payload(graph, options)
    used_classes = {e["c"] for e in edges}
    classes = [c for c in style.edge_classes(lang) if c["key"] in used_classes]
    group_keys = {n["group"] for n in nodes}
    groups = [g for g in style.groups(lang) if g["key"] in group_keys]
    # The legend counts units: in the overview each node stands for a whole domain.
    counts: Counter[str] = Counter()
    for node in nodes:
        counts[node["group"]] += node["f"]["c"] if mode == "overview" else 1
    for group in groups:
        group["count"] = counts[group["key"]]
    description = describe(graph, options)
    mode_note = text[f"mode_{mode}"].format(n=len(nodes) if mode != "overview" else units)
    data = {
        "lang": lang,
        "mode": mode,
        "text": text,
        "groups": groups,
        "edgeClasses": classes,
        "nodes": [_compact_node(n) for n in nodes],
        "edges": compact_edges(nodes, edges),
        "focus": list(graph.focus),
        "options": vis_options(mode, len(nodes), groups),
        "iterations": physics_iterations(len(nodes)),
        "physicsCapMs": PHYSICS_CAP_MS,
        "batchSize": BATCH_SIZE,
        "gapLegend": any(n.get("f", {}).get("g") for n in nodes),
    }
    vis_js, vis_css = vis_assets()
    html = (
        _environment()
        .get_template("network.html.j2")
        .render(
            lang="zh-CN" if lang == "zh" else "en",
            title=text["title"],
            description=description,
            mode=mode,
            mode_note=mode_note,
            text=text,
            csp=CONTENT_SECURITY_POLICY,
            vis_js=Markup(vis_js),
            vis_css=Markup(vis_css),
            page_js=_own_asset("network.js", "script"),
            page_css=_own_asset("network.css", "style"),
            data_json=Markup(script_json(data)),
        )
    )
    stats = {
        "nodes": len(nodes),
        "edges": len(edges),
        "units": units,
        "layout": mode,
        "view": description,
        "lang": lang,
        "bytes": len(html.encode("utf-8")),
    }
    return View(html=html, stats=stats)


def _compact_node(node: dict[str, Any]) -> dict[str, Any]:
    """The node as the page stores it: the label is left out when it is the name."""
    if node["label"] == node["f"]["n"]:
        return {k: v for k, v in node.items() if k != "label"}
    return node


def compact_edges(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> list[list[Any]]:
    """Edges as ``[from, to, class, facts, own options]`` rows, the ends as node positions:
    a fifth of the size of objects keyed by credit codes, which matters at 20,000 units."""
    index = {n["id"]: i for i, n in enumerate(nodes)}
    rows: list[list[Any]] = []
    for edge in edges:
        row: list[Any] = [index[edge["from"]], index[edge["to"]], edge["c"]]
        own = {k: v for k, v in edge.items() if k not in ("id", "from", "to", "c", "f")}
        if "f" in edge or own:
            row.append(edge.get("f", 0))
        if own:
            row.append(own)
        rows.append(row)
    return rows


def describe(graph: ViewGraph, options: ViewOptions) -> str:
    """The view in words, for the page heading: what it is built around, date and domains."""
    lang = options.lang
    text = style.TEXT[lang]
    about = graph.about

    def name(unit_id: str) -> str:
        unit = graph.units.get(unit_id)
        if unit is None:
            return unit_id
        return (unit.name_en or unit.name) if lang == "en" else unit.name

    if options.title:
        words = options.title
    elif graph.kind == "around":
        words = text["view_around"].format(name=name(about["unit"]), hops=about["hops"])
    elif graph.kind == "path":
        words = text["view_path"].format(a=name(about["a"]), b=name(about["b"]), hops=about["hops"])
    elif graph.kind == "query":
        words = text["view_query"].format(name=about["name"], rows=about["rows"])
    else:
        words = text["view_whole"]
    extra = [text["as_of"].format(date=options.as_of_date)]
    keys = options.domain_keys
    if keys:
        names = [DOMAIN_BY_KEY[k].zh if lang == "zh" else DOMAIN_BY_KEY[k].en for k in sorted(keys)]
        extra.append(text["only"].format(domains="、".join(names)))
    return " · ".join([words, *extra])


def _facts(unit: Any, lang: str) -> dict[str, Any]:
    """The tooltip's facts, under short keys to keep large pages small (see network.js)."""
    facts: dict[str, Any] = {"n": unit.name}
    # An organisation's id is its credit code: the page reads it from there ("u" otherwise).
    for key, value in (
        ("e", unit.name_en),
        ("u", unit.uscc if unit.uscc != unit.id else None),
        ("s", unit.subdistrict),
        ("m", unit.master_of),
        ("g", unit.gaps),
    ):
        if value:
            facts[key] = value
    if unit.kind == "org":
        facts["p"] = unit.partners
        facts["pt"] = round(unit.points, 1) if math.isfinite(unit.points) else 0
    extra = {
        k: style.kind_caption(v, lang) if k == "kind" else v
        for k, v in unit.extra.items()
        if v not in (None, "")
    }
    if extra:
        facts["x"] = extra
    return facts


def detail_payload(
    graph: ViewGraph, options: ViewOptions
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """vis-network nodes and edges, one per unit and link."""
    sizes = style.sizes(graph, options.size_by)
    positions = layout.sector_layout(graph)
    focus = set(graph.focus)
    nodes = []
    for node_id, unit in graph.units.items():
        node: dict[str, Any] = {
            "id": node_id,
            "label": style.label(unit.name, unit.short_name, unit.name_en, options.lang)
            if style.shows_label(unit.kind, unit.extra.get("kind"))
            else "",
            "group": layout.group_of(graph, node_id),
            "size": sizes[node_id],
            "f": _facts(unit, options.lang),
        }
        if node_id in positions:
            x, y = positions[node_id]
            node["x"], node["y"] = round(x, 1), round(y, 1)
        if unit.gaps:
            node["borderWidth"] = 5
            node["color"] = {
                "border": style.GAP_BORDER,
                "background": _group_colour(node["group"]),
            }
        if node_id in focus or unit.master_of:
            node["font"] = {"size": 20, "strokeWidth": 4}
        if unit.master_of:
            node["shape"] = "star"
        nodes.append(node)
    edges = []
    for index, link in enumerate(graph.links):
        edge: dict[str, Any] = {
            "id": index,
            "from": link.source,
            "to": link.target,
            "c": style.edge_class(graph, link),
        }
        facts = {
            k: style.kind_caption(v, options.lang) if k == "kind" else v
            for k, v in link.props.items()
            if v not in (None, "")
        }
        if facts:
            edge["f"] = facts
        edges.append(edge)
    return nodes, edges


def _group_colour(group: str) -> str:
    domain = DOMAIN_BY_KEY.get(group)
    return domain.color if domain else style.OTHER_COLOUR


def overview_payload(
    graph: ViewGraph, lang: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One node per domain (sized by its units) and one edge per pair of linked domains."""
    group = {node_id: layout.group_of(graph, node_id) for node_id in graph.units}
    members = Counter(group.values())
    within: Counter[str] = Counter()
    across: Counter[tuple[str, str]] = Counter()
    for link in graph.links:
        a, b = group[link.source], group[link.target]
        if a == b:
            within[a] += 1
        else:
            across[(min(a, b), max(a, b))] += 1
    names = {g["key"]: g["name"] for g in style.groups(lang)}
    order = [g["key"] for g in style.groups(lang) if g["key"] in members]
    ring = 220.0 if len(order) > 1 else 0.0
    top = max(members.values(), default=1)
    nodes = []
    for i, key in enumerate(order):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(order), 1)
        nodes.append(
            {
                "id": f"group:{key}",
                "label": f"{names[key]}\n{members[key]}",
                "group": key,
                "size": round(18 + 42 * math.sqrt(members[key] / top), 1),
                "x": round(ring * math.cos(angle), 1),
                "y": round(ring * math.sin(angle), 1),
                "f": {"n": names[key], "c": members[key], "w": within[key]},
            }
        )
    top_link = max(across.values(), default=1)
    edges = [
        {
            "id": i,
            "from": f"group:{a}",
            "to": f"group:{b}",
            "c": "O",
            "label": str(count),
            "width": round(1 + 11 * math.sqrt(count / top_link), 1),
            "f": {"count": count},
        }
        for i, ((a, b), count) in enumerate(sorted(across.items()))
    ]
    return nodes, edges


def vis_options(mode: str, node_count: int, groups: list[dict[str, Any]]) -> dict[str, Any]:
    """vis-network options for the layout mode. Physics runs only in "physics" mode, for a fixed
    small number of iterations from the computed positions, and the page turns it off after."""
    large = node_count > 300
    options: dict[str, Any] = {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "groups": {g["key"]: g["options"] for g in groups},
        "nodes": {
            "shape": "dot",
            "borderWidth": 1.5,
            "font": {"size": 14, "face": FONT_FACE, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 6}},
        },
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 0.5},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": node_count > 3000,
            "keyboard": False,
            "multiselect": False,
        },
    }
    if mode == "physics":
        # Off at first: the page draws the computed positions, then runs a bounded number of
        # iterations itself (network.js) and turns physics off again.
        options["physics"] = {
            "enabled": False,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -45,
                "centralGravity": 0.004,
                "springLength": 80,
                "springConstant": 0.06,
                "damping": 0.7,
                # Keeping nodes apart doubles the cost of an iteration: small views only.
                "avoidOverlap": 0.4 if node_count <= 300 else 0,
            },
            "maxVelocity": 40,
            "minVelocity": 1.5,
            "timestep": 0.45,
            "adaptiveTimestep": True,
            "stabilization": {
                "enabled": False,
                "iterations": physics_iterations(node_count),
                "updateInterval": 20,
                "fit": True,
            },
        }
    else:
        options["physics"] = {"enabled": False}
        # The page draws the links of a static view from the computed positions (network.js),
        # so nodes stay where they are put.
        options["interaction"]["dragNodes"] = mode != "static"
    if mode == "overview":
        options["nodes"]["font"]["size"] = 18
        options["nodes"]["scaling"] = {"label": {"enabled": False}}
    return options
