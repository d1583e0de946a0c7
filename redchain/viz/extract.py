"""Reading what a view draws out of the graph, in portable Cypher.

Every query takes values as ``$parameters``; labels and relationship types come from
``redchain.model``. The same text runs on FalkorDB and Neo4j: no label expressions, no
subqueries, no variable-length bounds (a hop count would have to be spliced into the text, so
neighbourhoods are walked one hop per query instead).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from typing import Any

from redchain import asof
from redchain.engines.base import Engine
from redchain.model import (
    BASE,
    CHAIN,
    DOMAIN_BY_LABEL,
    HOSTED_BY,
    LED_BY,
    LOCATED_IN,
    MEMBER_OF,
    ORGANIZATION,
    PART_OF,
    PARTNERS_WITH,
    SUPPLIES_TALENT,
)
from redchain.points.ledger import lines_by_unit
from redchain.points.rules import load as load_rules
from redchain.viz.graph import Link, Unit
from redchain.viz.options import find_domain

ORG = ORGANIZATION.label

#: Links between two organisations a view can draw, with the properties each carries.
ORG_LINK_PROPS: dict[str, tuple[str, ...]] = {
    PARTNERS_WITH.type: ("kind", "since", "until"),
    SUPPLIES_TALENT.type: ("year", "interns", "hires"),
    LOCATED_IN.type: (),
}


def _where(*conditions: str) -> str:
    present = [c for c in conditions if c]
    return ("WHERE " + " AND ".join(present)) if present else ""


def _current(rel_type: str, var: str, as_of: dt.date | None) -> str:
    """The condition that keeps only relationships current at ``$as_of``."""
    if as_of is None:
        return ""
    if rel_type == PARTNERS_WITH.type:
        return (
            f"({var}.since IS NULL OR {var}.since <= date($as_of)) "
            f"AND ({var}.until IS NULL OR {var}.until > date($as_of))"
        )
    if rel_type == MEMBER_OF.type:
        return (
            f"({var}.joined_on IS NULL OR {var}.joined_on <= date($as_of)) "
            f"AND ({var}.left_on IS NULL OR {var}.left_on > date($as_of))"
        )
    if rel_type == SUPPLIES_TALENT.type:
        return f"({var}.year IS NULL OR {var}.year <= $as_of_year)"
    return ""


def _params(ids: Iterable[str] | None, as_of: dt.date | None) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if ids is not None:
        params["ids"] = sorted(ids)
    if as_of is not None:
        params["as_of"] = as_of
        params["as_of_year"] = as_of.year
    return params


def domain_of(labels: Iterable[str] | None, domain_prop: Any) -> str | None:
    """An organisation's domain key: from its domain label, else from its ``domain`` property."""
    for label in labels or ():
        if label in DOMAIN_BY_LABEL:
            return DOMAIN_BY_LABEL[label].key
    found = find_domain(domain_prop)
    return found.key if found else None


def fetch_units(
    engine: Engine, ids: Iterable[str] | None, as_of: dt.date | None
) -> dict[str, Unit]:
    """Organisations (all, or those with the credit codes ``ids``) with their key facts."""
    scope = "o.uscc IN $ids" if ids is not None else ""
    params = _params(ids, as_of)
    units: dict[str, Unit] = {}
    for row in engine.run(
        f"MATCH (o:{ORG}) {_where(scope)} "
        "RETURN o.uscc AS uscc, o.name AS name, o.name_en AS name_en, "
        "o.short_name AS short_name, o.domain AS domain, labels(o) AS labels",
        params,
    ):
        if row["uscc"] is None:
            continue
        units[row["uscc"]] = Unit(
            id=row["uscc"],
            kind="org",
            name=str(row["name"] or row["uscc"]),
            name_en=row["name_en"] or None,
            short_name=row["short_name"] or None,
            domain=domain_of(row["labels"], row["domain"]),
            uscc=row["uscc"],
        )
    _add_subdistricts(engine, units, scope, params)
    _add_points(units, engine, as_of, None if ids is None else list(units))
    _add_partner_counts(engine, units, scope, params, as_of)
    _add_masters(engine, units, scope, params)
    return units


def _add_subdistricts(
    engine: Engine, units: dict[str, Unit], scope: str, params: dict[str, Any]
) -> None:
    rows = engine.run(
        f"MATCH (o:{ORG})-[:{LOCATED_IN.type}]->(s:{ORG}) {_where(scope)} "
        "RETURN o.uscc AS uscc, s.name AS subdistrict ORDER BY subdistrict",
        params,
    )
    for row in rows:
        unit = units.get(row["uscc"])
        if unit is not None and unit.subdistrict is None:
            unit.subdistrict = row["subdistrict"]


def _add_points(
    units: dict[str, Unit], engine: Engine, as_of: dt.date | None, ids: list[str] | None
) -> None:
    # The points ledger's totals (the shipped rules) for the ranking's period: the year up to
    # the as-of date, or every activity when the view is not dated.
    start, end = asof.points_period(as_of) if as_of else (None, None)
    found = lines_by_unit(engine, load_rules(), ids=ids, start=start, end=end)
    for uscc, lines in found.items():
        unit = units.get(uscc)
        if unit is not None:
            unit.points = float(sum(line.earned for _, line in lines))


def _add_partner_counts(
    engine: Engine,
    units: dict[str, Unit],
    scope: str,
    params: dict[str, Any],
    as_of: dt.date | None,
) -> None:
    rows = engine.run(
        f"MATCH (o:{ORG})-[p:{PARTNERS_WITH.type}]-(x:{ORG}) "
        f"{_where(scope, _current(PARTNERS_WITH.type, 'p', as_of))} "
        "RETURN o.uscc AS uscc, count(DISTINCT x) AS partners",
        params,
    )
    for row in rows:
        unit = units.get(row["uscc"])
        if unit is not None:
            unit.partners = int(row["partners"])


def _add_masters(
    engine: Engine, units: dict[str, Unit], scope: str, params: dict[str, Any]
) -> None:
    rows = engine.run(
        f"MATCH (c:{CHAIN.label})-[:{LED_BY.type}]->(o:{ORG}) {_where(scope)} "
        "RETURN o.uscc AS uscc, c.name AS chain ORDER BY chain",
        params,
    )
    for row in rows:
        unit = units.get(row["uscc"])
        if unit is not None:
            unit.master_of.append(row["chain"])


def memberships(engine: Engine, ids: Iterable[str] | None) -> dict[str, list[tuple[Any, Any]]]:
    """Each organisation's chain memberships as (joined_on, left_on) pairs."""
    scope = "o.uscc IN $ids" if ids is not None else ""
    found: dict[str, list[tuple[Any, Any]]] = {}
    for row in engine.run(
        f"MATCH (o:{ORG})-[m:{MEMBER_OF.type}]->(c:{CHAIN.label}) {_where(scope)} "
        "RETURN o.uscc AS uscc, m.joined_on AS joined_on, m.left_on AS left_on",
        _params(ids, None),
    ):
        found.setdefault(row["uscc"], []).append((row["joined_on"], row["left_on"]))
    return found


def fetch_links(
    engine: Engine, ids: Iterable[str] | None, rel_types: Iterable[str], as_of: dt.date | None
) -> list[Link]:
    """Links of ``rel_types`` between organisations (among ``ids`` when given)."""
    id_list = sorted(ids) if ids is not None else None
    scope = "a.uscc IN $ids AND b.uscc IN $ids" if id_list is not None else ""
    links: list[Link] = []
    for rel_type in rel_types:
        props = ORG_LINK_PROPS[rel_type]
        returned = "".join(f", r.{p} AS {p}" for p in props)
        rows = engine.run(
            f"MATCH (a:{ORG})-[r:{rel_type}]->(b:{ORG}) "
            f"{_where(scope, _current(rel_type, 'r', as_of))} "
            f"RETURN a.uscc AS source, b.uscc AS target{returned}",
            _params(id_list, as_of),
        )
        links.extend(
            Link(row["source"], row["target"], rel_type, {p: row[p] for p in props}) for row in rows
        )
    return merge_links(links)


def merge_links(links: Iterable[Link]) -> list[Link]:
    """One link per pair and type: partnerships are undirected, talent links add up by year."""
    merged: dict[tuple[str, str, str], Link] = {}
    for link in links:
        if link.source == link.target:
            continue
        pair = (link.source, link.target)
        if link.type == PARTNERS_WITH.type:
            pair = (min(pair), max(pair))
        key = (*pair, link.type)
        seen = merged.get(key)
        if seen is None:
            merged[key] = seen = Link(link.source, link.target, link.type, dict(link.props))
            if link.type == SUPPLIES_TALENT.type:
                seen.props["year_to"] = link.props.get("year")
        elif link.type == SUPPLIES_TALENT.type:
            for prop in ("interns", "hires"):
                seen.props[prop] = (seen.props.get(prop) or 0) + (link.props.get(prop) or 0)
            given = (seen.props.get("year"), seen.props.get("year_to"), link.props.get("year"))
            years = {int(y) for y in given if y is not None}
            seen.props["year"] = min(years, default=None)
            seen.props["year_to"] = max(years, default=None)
        elif link.type == PARTNERS_WITH.type and link.props.get("kind") != seen.props.get("kind"):
            kinds = {seen.props.get("kind"), link.props.get("kind")} - {None}
            seen.props["kind"] = "、".join(sorted(str(k) for k in kinds)) or None
    return list(merged.values())


def neighbours(
    engine: Engine, frontier: Iterable[str], rel_types: Iterable[str], as_of: dt.date | None
) -> list[dict[str, Any]]:
    """One hop out of ``frontier`` over ``rel_types``, either direction, with each far end's
    domain, so a walk can stay inside the chosen domains."""
    params = _params(frontier, as_of)
    params["frontier"] = params.pop("ids")
    rows: list[dict[str, Any]] = []
    for rel_type in rel_types:
        for row in engine.run(
            f"MATCH (a:{ORG})-[r:{rel_type}]-(b:{ORG}) "
            f"{_where('a.uscc IN $frontier', _current(rel_type, 'r', as_of))} "
            "RETURN DISTINCT a.uscc AS source, b.uscc AS target, labels(b) AS labels, "
            "b.domain AS domain",
            params,
        ):
            rows.append(
                {
                    "source": row["source"],
                    "target": row["target"],
                    "domain": domain_of(row["labels"], row["domain"]),
                }
            )
    return rows


def fetch_chains(
    engine: Engine, ids: Iterable[str] | None, as_of: dt.date | None
) -> tuple[list[Unit], list[Link]]:
    """The chain nodes with their members' and masters' links (to organisations in ``ids``)."""
    chains = [
        Unit(
            id=f"chain:{row['name']}",
            kind="chain",
            name=str(row["name"]),
            name_en=row["name_en"] or None,
            extra={"founded_on": row["founded_on"]},
        )
        for row in engine.run(
            f"MATCH (c:{CHAIN.label}) RETURN c.name AS name, c.name_en AS name_en, "
            "c.founded_on AS founded_on ORDER BY name"
        )
        if row["name"] is not None
    ]
    id_list = sorted(ids) if ids is not None else None
    scope = "o.uscc IN $ids" if id_list is not None else ""
    params = _params(id_list, as_of)
    links = [
        Link(row["uscc"], f"chain:{row['chain']}", MEMBER_OF.type, {"joined_on": row["joined_on"]})
        for row in engine.run(
            f"MATCH (o:{ORG})-[m:{MEMBER_OF.type}]->(c:{CHAIN.label}) "
            f"{_where(scope, _current(MEMBER_OF.type, 'm', as_of))} "
            "RETURN o.uscc AS uscc, c.name AS chain, m.joined_on AS joined_on",
            params,
        )
    ]
    links += [
        Link(f"chain:{row['chain']}", row["uscc"], LED_BY.type)
        for row in engine.run(
            f"MATCH (c:{CHAIN.label})-[:{LED_BY.type}]->(o:{ORG}) {_where(scope)} "
            "RETURN o.uscc AS uscc, c.name AS chain",
            params,
        )
    ]
    return chains, links


def fetch_bases(
    engine: Engine, ids: Iterable[str] | None, with_chains: bool
) -> tuple[list[Unit], list[Link]]:
    """Bases hosted by organisations in ``ids`` (every base when ``ids`` is None)."""
    id_list = sorted(ids) if ids is not None else None
    if id_list is None:
        query = (
            f"MATCH (b:{BASE.label}) OPTIONAL MATCH (b)-[:{HOSTED_BY.type}]->(o:{ORG}) "
            "RETURN b.name AS name, b.kind AS kind, b.site AS site, b.opened_on AS opened_on, "
            "o.uscc AS host ORDER BY name"
        )
    else:
        query = (
            f"MATCH (b:{BASE.label})-[:{HOSTED_BY.type}]->(o:{ORG}) WHERE o.uscc IN $ids "
            "RETURN b.name AS name, b.kind AS kind, b.site AS site, b.opened_on AS opened_on, "
            "o.uscc AS host ORDER BY name"
        )
    bases: dict[str, Unit] = {}
    links: list[Link] = []
    for row in engine.run(query, _params(id_list, None)):
        if row["name"] is None:
            continue
        base_id = f"base:{row['name']}"
        bases.setdefault(
            base_id,
            Unit(
                id=base_id,
                kind="base",
                name=str(row["name"]),
                extra={"kind": row["kind"], "site": row["site"], "opened_on": row["opened_on"]},
            ),
        )
        if row["host"] is not None:
            links.append(Link(base_id, row["host"], HOSTED_BY.type))
    if with_chains and bases:
        for row in engine.run(
            f"MATCH (b:{BASE.label})-[:{PART_OF.type}]->(c:{CHAIN.label}) "
            "WHERE b.name IN $names RETURN b.name AS base, c.name AS chain",
            {"names": sorted(u.name for u in bases.values())},
        ):
            links.append(Link(f"base:{row['base']}", f"chain:{row['chain']}", PART_OF.type))
    return list(bases.values()), links


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def find_units(engine: Engine, text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Organisations named ``text`` exactly (credit code, Chinese, short or English name), and,
    when there are none, up to ten whose names contain it, as suggestions."""
    wanted = _fold(text)
    returned = (
        "RETURN o.uscc AS uscc, o.name AS name, o.name_en AS name_en, "
        "o.domain AS domain, labels(o) AS labels ORDER BY uscc"
    )
    params = {"text": wanted, "code": wanted.upper(), "lower": wanted.lower()}
    exact = engine.run(
        f"MATCH (o:{ORG}) WHERE o.uscc = $code OR o.name = $text OR o.short_name = $text "
        f"OR toLower(o.name_en) = $lower {returned}",
        params,
    )
    if exact:
        return exact, []
    similar = engine.run(
        f"MATCH (o:{ORG}) WHERE o.name CONTAINS $text OR toLower(o.name_en) CONTAINS $lower "
        f"OR o.uscc STARTS WITH $code {returned} LIMIT 10",
        params,
    )
    return [], similar
