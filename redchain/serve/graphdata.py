"""What the explorer reads from the graph, in the shapes its page draws.

Units and links come out as the nodes and edges ``redchain/viz/page.py`` writes for a static
page (the same fact keys, groups and edge classes), so one script draws both. Every query is
read-only, portable Cypher with values as parameters; labels and types come from
``redchain.model``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from redchain import querylib
from redchain.engines.base import Engine
from redchain.gaps import gap_report
from redchain.model import (
    CHAIN,
    DOMAIN_BY_KEY,
    DOMAINS,
    IMPORT_RUN,
    LOCATED_IN,
    MEMBER_OF,
    ORGANIZATION,
    PARTNERS_WITH,
    SUPPLIES_TALENT,
)
from redchain.points.ledger import lines_by_unit
from redchain.points.rules import Rules
from redchain.points.rules import load as load_rules
from redchain.viz import extract, page, style
from redchain.viz.graph import ViewGraph
from redchain.viz.options import ViewOptions
from redchain.viz.subgraph import assemble, paths, query_ids

ORG = ORGANIZATION.label
#: Links between organisations the explorer draws and expands along.
LINK_TYPES: tuple[str, ...] = (PARTNERS_WITH.type, SUPPLIES_TALENT.type)


def iso(value: Any) -> Any:
    """Dates as ISO text whether the engine gives text or ``datetime.date``."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def signature(engine: Engine) -> tuple[Any, ...]:
    """Changes whenever something was written to the graph, by any process.

    The embedded engine appends every write to its append-only files before it acknowledges
    it, so their sizes and times say so without a query. On Neo4j, counts of organisations,
    relationships and import runs (each answered from Neo4j's count store).
    """
    from redchain.engines.embedded import EmbeddedEngine

    if isinstance(engine, EmbeddedEngine):
        folder = Path(engine.server.data_dir) / "appendonlydir"
        found: list[Any] = []
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            with contextlib.suppress(FileNotFoundError):
                info = path.stat()
                found.append((path.name, info.st_size, info.st_mtime_ns))
        return tuple(found)
    counts = [
        engine.run(query)[0]["n"]
        for query in (
            f"MATCH (o:{ORG}) RETURN count(o) AS n",
            "MATCH ()-[r]->() RETURN count(r) AS n",
            f"MATCH (r:{IMPORT_RUN.label}) RETURN count(r) AS n",
        )
    ]
    return tuple(int(c) for c in counts)


def index_rows(engine: Engine) -> list[dict[str, Any]]:
    """Every organisation's names and code, for the search index."""
    rows = engine.run(
        f"MATCH (o:{ORG}) RETURN o.uscc AS uscc, o.name AS name, o.short_name AS short_name, "
        "o.name_en AS name_en, o.domain AS domain, labels(o) AS labels"
    )
    for row in rows:
        row["domain"] = extract.domain_of(row.pop("labels"), row["domain"])
    return [r for r in rows if r["uscc"]]


def _chains_and_dates(engine: Engine, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Each unit's chains and the span it was a member: first joined, last left (None while
    any membership is open)."""
    found: dict[str, dict[str, Any]] = {}
    for row in engine.run(
        f"MATCH (o:{ORG})-[m:{MEMBER_OF.type}]->(c:{CHAIN.label}) WHERE o.uscc IN $ids "
        "RETURN o.uscc AS uscc, c.name AS chain, m.joined_on AS joined, m.left_on AS left",
        {"ids": ids},
    ):
        item = found.setdefault(row["uscc"], {"ch": [], "j": [], "l": []})
        if row["chain"] not in item["ch"]:
            item["ch"].append(row["chain"])
        item["j"].append(iso(row["joined"]))
        item["l"].append(iso(row["left"]))
    for item in found.values():
        joined = [j for j in item["j"] if j]
        item["j"] = min(joined) if len(joined) == len(item["j"]) and joined else None
        item["l"] = None if any(x is None for x in item["l"]) else max(item["l"])
    return found


def _edge_id(edge: Mapping[str, Any]) -> str:
    return f"{edge['from']}|{edge['to']}|{edge['c']}"


def payload(graph: ViewGraph, lang: str, engine: Engine) -> dict[str, Any]:
    """Nodes and edges for the page: the static page's format, with string edge ids, each
    unit's chains and membership dates (``ch``, ``j``, ``l``) and links' dates for the slider."""
    options = ViewOptions(lang=lang)  # type: ignore[arg-type]
    nodes, edges = page.detail_payload(graph, options)
    spans = _chains_and_dates(engine, sorted(graph.units))
    for node in nodes:
        node["f"].update({k: v for k, v in spans.get(node["id"], {}).items() if v})
        node["f"]["d"] = graph.units[node["id"]].domain or "other"
        node.pop("x", None)
        node.pop("y", None)
    for edge in edges:
        edge["id"] = _edge_id(edge)
        facts = edge.get("f")
        if facts:
            edge["f"] = {k: iso(v) for k, v in facts.items()}
    return {"nodes": nodes, "edges": edges}


def units(engine: Engine, ids: Iterable[str], lang: str) -> dict[str, Any]:
    """The units with these credit codes and every link among them."""
    wanted = sorted(set(ids))
    graph = assemble(engine, set(wanted), ViewOptions(lang=lang, dated=False))  # type: ignore[arg-type]
    return payload(graph, lang, engine)


def neighbour_ids(engine: Engine, uscc: str, rel_types: Iterable[str]) -> list[str]:
    """Every organisation one link from ``uscc``, most-linked first, then by code."""
    rows = engine.run(
        f"MATCH (a:{ORG})-[r]-(b:{ORG}) WHERE a.uscc = $id AND b.uscc <> $id "
        "AND type(r) IN $types RETURN b.uscc AS uscc, count(*) AS n",
        {"id": uscc, "types": list(rel_types)},
    )
    found = {str(row["uscc"]): int(row["n"]) for row in rows if row["uscc"] is not None}
    return sorted(found, key=lambda k: (-found[k], k))


def expand(
    engine: Engine,
    uscc: str,
    lang: str,
    *,
    offset: int = 0,
    limit: int = 100,
    rel_types: Iterable[str] = LINK_TYPES,
) -> dict[str, Any]:
    """A page of ``uscc``'s neighbours with the links among them and to it, and how many
    neighbours there are in all ("showing 100 of 340")."""
    everyone = neighbour_ids(engine, uscc, rel_types)
    page_ids = everyone[offset : offset + limit]
    data = units(engine, [uscc, *page_ids], lang)
    data.update({"centre": uscc, "total": len(everyone), "offset": offset, "shown": len(page_ids)})
    return data


def shortest_paths(engine: Engine, a: str, b: str, lang: str) -> dict[str, Any]:
    """Every shortest chain of partnerships between two units (a view error when none)."""
    graph = paths(engine, ViewOptions(path=(a, b), lang=lang), lambda _: None)  # type: ignore[arg-type]
    data = payload(graph, lang, engine)
    data["hops"] = graph.about.get("hops")
    data["ends"] = [graph.about.get("a"), graph.about.get("b")]
    return data


def unit_details(engine: Engine, uscc: str, gaps: list[dict[str, Any]]) -> dict[str, Any]:
    """The side panel: facts, partnerships, activities with points, and the gaps it is in."""
    rows = engine.run(
        f"MATCH (o:{ORG}) WHERE o.uscc = $id RETURN o AS o",
        {"id": uscc},
    )
    if not rows:
        return {}
    facts = {k: iso(v) for k, v in rows[0]["o"].items() if not k.startswith("_")}
    partners = [
        {k: iso(v) for k, v in row.items()}
        for row in engine.run(
            f"MATCH (o:{ORG})-[p:{PARTNERS_WITH.type}]-(x:{ORG}) WHERE o.uscc = $id "
            "RETURN x.uscc AS uscc, x.name AS name, p.kind AS kind, p.since AS since, "
            "p.until AS until ORDER BY name",
            {"id": uscc},
        )
    ]
    activities = unit_activities(engine, uscc)
    points = sum(a["points"] for a in activities)
    in_gaps = [
        g["title"]
        for g in gaps
        if any(str(item.get("uscc")) == uscc for item in g.get("items", []))
    ]
    return {
        "facts": facts,
        "partners": partners,
        "activities": activities,
        "points": round(points, 1),
        "gaps": in_gaps,
    }


@cache
def _rules() -> Rules:
    return load_rules()


def unit_activities(engine: Engine, uscc: str) -> list[dict[str, Any]]:
    """A unit's activities in date order, each with the points it earned by the points ledger
    (the shipped rules, their caps and any points typed in the participation file), scored
    chain by chain as the ledger scores them."""
    found = lines_by_unit(engine, _rules(), ids=[uscc]).get(uscc, [])
    found.sort(key=lambda item: (item[1].date, item[1].activity_code))
    return [
        {
            "code": line.activity_code,
            "title": line.activity_title,
            "date": iso(line.date),
            "chain": chain,
            "points": line.earned,
            "rule": line.rule,
        }
        for chain, line in found
    ]


def gap_list(engine: Engine, lang: str, as_of: str | None = None) -> list[dict[str, Any]]:
    """The gap report's gaps, each with the credit codes of its units."""
    report = gap_report(engine, as_of=as_of).to_dict(lang)
    found = []
    for gap in report.get("gaps", []):
        ids = sorted(
            {str(i["uscc"]) for i in gap.get("items", []) if isinstance(i.get("uscc"), str)}
        )
        found.append(
            {
                "name": gap["name"],
                "title": gap["title"],
                "count": gap["count"],
                "ids": ids,
                "items": [{"uscc": i} for i in ids],
            }
        )
    return found


def domain_ids(engine: Engine, domain_key: str) -> list[str]:
    """Units of a domain: its label, or its ``domain`` property for units imported without one."""
    domain = DOMAIN_BY_KEY[domain_key]
    return [
        row["uscc"]
        for row in engine.run(
            f"MATCH (o:{ORG}) WHERE o.domain = $key OR o.domain = $zh OR o.domain = $label "
            "OR $label IN labels(o) RETURN o.uscc AS uscc ORDER BY uscc",
            {"key": domain.key, "zh": domain.zh, "label": domain.label},
        )
        if row["uscc"]
    ]


def subdistricts(engine: Engine) -> list[dict[str, Any]]:
    """Subdistricts and towns with how many units are located in each."""
    return engine.run(
        f"MATCH (o:{ORG})-[:{LOCATED_IN.type}]->(s:{ORG}) "
        "RETURN s.uscc AS uscc, s.name AS name, count(o) AS units ORDER BY name"
    )


def subdistrict_ids(engine: Engine, uscc: str) -> list[str]:
    rows = engine.run(
        f"MATCH (o:{ORG})-[:{LOCATED_IN.type}]->(s:{ORG}) WHERE s.uscc = $id "
        "RETURN o.uscc AS uscc ORDER BY uscc",
        {"id": uscc},
    )
    return [uscc, *(r["uscc"] for r in rows if r["uscc"])]


def chains(engine: Engine) -> list[str]:
    return [
        str(r["name"])
        for r in engine.run(f"MATCH (c:{CHAIN.label}) RETURN c.name AS name ORDER BY name")
        if r["name"] is not None
    ]


def query_forms(engine: Engine, lang: str) -> list[dict[str, Any]]:
    """Each read query of ``cypher/`` with its parameters as form fields and pick-lists taken
    from the graph (chain names; unit names for a unit key)."""
    chain_names = chains(engine)
    forms = []
    for query in querylib.catalogue().values():
        if query.mode == "write":
            continue
        fields = []
        for param in query.params:
            field: dict[str, Any] = {
                "name": param.name,
                "type": param.type,
                "default": param.default,
                "required": param.required,
                "label": param.zh if lang == "zh" else param.en,
            }
            if param.name == "chain":
                field["choices"] = chain_names
            elif param.name == "key":
                field["unit"] = True
            fields.append(field)
        forms.append({"name": query.name, "title": query.title(lang), "params": fields})
    return forms


def run_query(engine: Engine, name: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """A named query's rows and the credit codes in them (what goes on the canvas)."""
    if querylib.get(name).mode == "write":
        raise querylib.QueryParamError(
            f"field 'name': {name!r} writes to the graph; the explorer runs read queries only"
        )
    given = {k: v for k, v in params.items() if v not in (None, "")}
    rows = querylib.run_named(engine, name, given)
    return {"rows": len(rows), "ids": sorted(query_ids(rows))}


def overview(engine: Engine, lang: str) -> dict[str, Any]:
    """Domains × subdistricts as weighted nodes, with the partnerships between them counted;
    the canvas opens on this when the graph is too large to draw."""
    cell_of: dict[str, tuple[str, str | None]] = {}
    located = {
        r["uscc"]: r["sub"]
        for r in engine.run(
            f"MATCH (o:{ORG})-[:{LOCATED_IN.type}]->(s:{ORG}) RETURN o.uscc AS uscc, s.uscc AS sub"
        )
    }
    names = {r["uscc"]: r["name"] for r in subdistricts(engine)}
    for row in index_rows(engine):
        domain = row["domain"] or "other"
        # A subdistrict or town sits in its own cell.
        own = row["uscc"] if domain == "subdistrict" and row["uscc"] in names else None
        cell_of[row["uscc"]] = (domain, located.get(row["uscc"]) or own)
    sizes: Counter[tuple[str, str | None]] = Counter(cell_of.values())
    across: Counter[tuple[tuple[str, str | None], tuple[str, str | None]]] = Counter()
    for row in engine.run(
        f"MATCH (a:{ORG})-[:{PARTNERS_WITH.type}]->(b:{ORG}) RETURN a.uscc AS a, b.uscc AS b"
    ):
        ca, cb = cell_of.get(row["a"]), cell_of.get(row["b"])
        if ca is None or cb is None or ca == cb:
            continue
        key = (ca, cb) if str(ca) <= str(cb) else (cb, ca)
        across[key] += 1
    groups = {g["key"]: g for g in style.groups(lang)}
    order = {d.key: i for i, d in enumerate(DOMAINS)}
    top = max(sizes.values(), default=1)

    def cell_id(cell: tuple[str, str | None]) -> str:
        return f"cell:{cell[0]}:{cell[1] or ''}"

    nodes = []
    for cell, count in sorted(
        sizes.items(), key=lambda kv: (order.get(kv[0][0], 9), names.get(kv[0][1] or "", ""))
    ):
        domain, sub = cell
        where = names.get(sub or "", "") if sub else ("未定位" if lang == "zh" else "no location")
        caption = f"{groups[domain]['name']} · {where}"
        nodes.append(
            {
                "id": cell_id(cell),
                "label": f"{caption}\n{count}",
                "group": domain,
                "size": round(12 + 40 * (count / top) ** 0.5, 1),
                "f": {"n": caption, "c": count, "w": 0, "cell": [domain, sub]},
            }
        )
    top_link = max(across.values(), default=1)
    edges = [
        {
            "id": f"{cell_id(a)}|{cell_id(b)}|O",
            "from": cell_id(a),
            "to": cell_id(b),
            "c": "O",
            "width": round(1 + 9 * (n / top_link) ** 0.5, 1),
            "f": {"count": n},
        }
        for (a, b), n in across.items()
    ]
    return {"nodes": nodes, "edges": edges, "units": len(cell_of)}


def cell_ids(engine: Engine, domain: str, sub: str | None) -> list[str]:
    """The units of one overview cell (a domain in a subdistrict, or without one)."""
    wanted = set(domain_ids(engine, domain)) if domain in DOMAIN_BY_KEY else None
    if sub:
        inside = set(subdistrict_ids(engine, sub))
    else:
        located = {
            r["uscc"]
            for r in engine.run(
                f"MATCH (o:{ORG})-[:{LOCATED_IN.type}]->(:{ORG}) RETURN DISTINCT o.uscc AS uscc"
            )
        }
        inside = {r["uscc"] for r in index_rows(engine)} - located
    chosen = inside if wanted is None else inside & wanted
    return sorted(chosen)
