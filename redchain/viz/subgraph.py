"""Which part of the graph a view shows: the whole network, an ego network, the shortest paths
between two units, or the units a named query returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from redchain import graphinfo, querylib
from redchain.engines.base import Engine
from redchain.gaps import gap_report
from redchain.model import DOMAIN_BY_KEY, LOCATED_IN, PARTNERS_WITH, SUPPLIES_TALENT
from redchain.viz import extract
from redchain.viz.graph import Link, Unit, ViewGraph
from redchain.viz.options import MAX_PATH_HOPS, ViewError, ViewOptions

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def link_types(options: ViewOptions) -> list[str]:
    """Links between organisations the view draws and walks along."""
    types = [PARTNERS_WITH.type, SUPPLIES_TALENT.type]
    if "locations" in options.extras:
        types.append(LOCATED_IN.type)
    return types


def select(engine: Engine, options: ViewOptions, progress: Progress | None = None) -> ViewGraph:
    """The view's graph as the options ask, before styling and layout."""
    say = progress or _quiet
    if options.around:
        graph = ego(engine, options, say)
    elif options.path:
        graph = paths(engine, options, say)
    elif options.query:
        graph = query(engine, options, say)
    else:
        say("reading the whole network")
        graph = assemble(engine, None, options)
    if "gaps" in options.highlight:
        say("running the gap report")
        mark_gaps(engine, graph, options)
    return graph


def assemble(
    engine: Engine,
    ids: set[str] | None,
    options: ViewOptions,
    *,
    links: list[Link] | None = None,
    keep: Iterable[str] = (),
) -> ViewGraph:
    """Units (all, or ``ids``) with their facts, filtered by domain and membership date, the
    links among them (or ``links`` as given), and the chain and bases if asked for."""
    as_of = options.current_on
    units = extract.fetch_units(engine, ids, as_of)
    always = set(keep)
    wanted = options.domain_keys
    if wanted is not None:
        units = {k: u for k, u in units.items() if u.domain in wanted or k in always}
    if as_of is not None:
        units = _members_at(engine, units, as_of, always)
    scope = set(units)
    if links is None:
        links = extract.fetch_links(
            engine, scope if ids is not None else None, link_types(options), as_of
        )
    graph = ViewGraph(
        units=units, links=[lk for lk in links if lk.source in scope and lk.target in scope]
    )
    _add_extras(engine, graph, options, None if ids is None and wanted is None else scope)
    return graph


def _members_at(
    engine: Engine, units: dict[str, Unit], as_of: dt.date, always: set[str]
) -> dict[str, Unit]:
    """Drop units whose every chain membership had ended, or not begun, at ``as_of``."""
    # Past a few thousand units one query for every membership beats a long list parameter.
    spans = extract.memberships(engine, list(units) if len(units) < 5000 else None)

    def current(uscc: str) -> bool:
        if uscc in always or uscc not in spans:
            return True
        return any(
            (joined is None or joined <= as_of) and (left is None or left > as_of)
            for joined, left in spans[uscc]
        )

    return {k: u for k, u in units.items() if current(k)}


def _add_extras(
    engine: Engine, graph: ViewGraph, options: ViewOptions, scope: set[str] | None
) -> None:
    with_chain = "chain" in options.extras
    if with_chain:
        chains, links = extract.fetch_chains(engine, scope, options.current_on)
        _attach(graph, chains, links)
    if "bases" in options.extras:
        bases, links = extract.fetch_bases(engine, scope, with_chain)
        _attach(graph, bases, links)


def _attach(graph: ViewGraph, units: list[Unit], links: list[Link]) -> None:
    for unit in units:
        graph.units.setdefault(unit.id, unit)
    graph.links += [lk for lk in links if lk.source in graph.units and lk.target in graph.units]


def resolve_unit(engine: Engine, text: str, option: str) -> str:
    """The credit code of the one unit ``text`` names; a clear error when none or several do."""
    exact, similar = extract.find_units(engine, text)
    if len(exact) == 1:
        return str(exact[0]["uscc"])
    if exact:
        listed = "; ".join(_describe(row) for row in exact)
        raise ViewError(
            f"{option} {text!r} matches {len(exact)} units: {listed}. Give the credit code instead"
        )
    hint = f" Did you mean: {'; '.join(_describe(row) for row in similar)}?" if similar else ""
    empty = graphinfo.empty_notice(engine)
    if empty:
        raise ViewError(f"{option} {text!r}: no unit has this name, because {empty}")
    raise ViewError(
        f"{option} {text!r}: no unit in {graphinfo.where(engine)} has this name, English name "
        f"or credit code.{hint}"
    )


def _describe(row: dict[str, Any]) -> str:
    domain = extract.domain_of(row.get("labels"), row.get("domain"))
    domain_name = DOMAIN_BY_KEY[domain].zh if domain else "?"
    english = f" / {row['name_en']}" if row.get("name_en") else ""
    return f"{row['name']}{english} ({row['uscc']}, {domain_name})"


def _walk(
    engine: Engine,
    start: str,
    options: ViewOptions,
    rel_types: list[str],
    max_hops: int,
    stop_at: str | None = None,
) -> tuple[dict[str, int], dict[str, set[str]]]:
    """Breadth-first from ``start``: each unit's hop count and the units one hop nearer to the
    start (all of them, so every shortest path can be traced back)."""
    wanted = options.domain_keys
    hops = {start: 0}
    parents: dict[str, set[str]] = {start: set()}
    frontier = {start}
    for depth in range(1, max_hops + 1):
        if not frontier or (stop_at is not None and stop_at in hops):
            break
        reached: set[str] = set()
        for row in extract.neighbours(engine, frontier, rel_types, options.current_on):
            target = row["target"]
            allowed = wanted is None or row["domain"] in wanted or target == stop_at
            if not allowed or hops.get(target, depth) < depth:
                continue
            if target not in hops:
                hops[target] = depth
                reached.add(target)
            parents.setdefault(target, set()).add(row["source"])
        frontier = reached
    return hops, parents


def ego(engine: Engine, options: ViewOptions, say: Progress) -> ViewGraph:
    assert options.around is not None
    centre = resolve_unit(engine, options.around, "--around")
    say(f"walking {options.hops} hop(s) from {centre}")
    hops, _ = _walk(engine, centre, options, link_types(options), options.hops)
    graph = assemble(engine, set(hops), options, keep=[centre])
    graph.focus = [centre]
    graph.kind, graph.about = "around", {"unit": centre, "hops": options.hops}
    return graph


def paths(engine: Engine, options: ViewOptions, say: Progress) -> ViewGraph:
    """Every shortest chain of partnerships between two units, walked as an undirected graph."""
    assert options.path is not None
    first = resolve_unit(engine, options.path[0], "--path")
    second = resolve_unit(engine, options.path[1], "--path")
    if first == second:
        raise ViewError("--path needs two different units")
    say(f"searching the shortest paths from {first} to {second}")
    hops, parents = _walk(
        engine, first, options, [PARTNERS_WITH.type], MAX_PATH_HOPS, stop_at=second
    )
    if second not in hops:
        raise ViewError(
            f"no chain of partnerships (PARTNERS_WITH, up to {MAX_PATH_HOPS} hops) links "
            f"{options.path[0]!r} and {options.path[1]!r}"
            + (" within the chosen domains" if options.domains else "")
            + (f" as of {options.as_of_date}" if options.as_of_date else "")
        )
    on_path: set[str] = set()
    links: list[Link] = []
    todo = [second]
    while todo:
        node = todo.pop()
        if node in on_path:
            continue
        on_path.add(node)
        for parent in parents.get(node, ()):
            links.append(Link(parent, node, PARTNERS_WITH.type))
            todo.append(parent)
    full = {
        (min(lk.source, lk.target), max(lk.source, lk.target)): lk
        for lk in extract.fetch_links(engine, on_path, [PARTNERS_WITH.type], options.current_on)
    }
    path_links = [
        full.get((min(lk.source, lk.target), max(lk.source, lk.target)), lk) for lk in links
    ]
    graph = assemble(
        engine, on_path, options, links=extract.merge_links(path_links), keep=[first, second]
    )
    graph.focus = [first, second]
    graph.kind, graph.about = "path", {"a": first, "b": second, "hops": hops[second]}
    return graph


def query_ids(rows: Iterable[dict[str, Any]]) -> set[str]:
    """Credit codes in a query's rows: columns named ``uscc`` or ending in ``uscc``, and nodes
    (dicts) carrying a ``uscc`` property."""
    found: set[str] = set()
    for row in rows:
        for column, value in row.items():
            if isinstance(value, dict):
                code = value.get("uscc")
                if isinstance(code, str):
                    found.add(code)
            elif isinstance(value, list):
                found |= query_ids({str(i): v} for i, v in enumerate(value) if isinstance(v, dict))
            elif isinstance(value, str) and str(column).lower().endswith("uscc"):
                found.add(value)
    return found


def query(engine: Engine, options: ViewOptions, say: Progress) -> ViewGraph:
    assert options.query is not None
    say(f"running the named query {options.query}")
    params = dict(options.params)
    # --as-of reaches a query that views the network on a date, unless given as its parameter.
    wants_date = any(p.name == "as_of" for p in querylib.get(options.query).params)
    if wants_date and options.as_of_date and "as_of" not in params:
        params["as_of"] = options.as_of_date
    rows = querylib.run_named(engine, options.query, params)
    ids = query_ids(rows)
    if not ids:
        raise ViewError(
            f"the query {options.query!r} returned {len(rows)} row(s) but no credit codes "
            "(a column named uscc); there is nothing to draw"
        )
    graph = assemble(engine, ids, options)
    graph.kind, graph.about = "query", {"name": options.query, "rows": len(rows)}
    return graph


def mark_gaps(engine: Engine, graph: ViewGraph, options: ViewOptions) -> None:
    """Note on each unit the coverage gaps the gap report flags it in."""
    report = gap_report(engine, as_of=options.as_of_date).to_dict(options.lang)
    for gap in report.get("gaps", []):
        title = str(gap.get("title") or gap.get("name") or "gap")
        for item in gap.get("items", []):
            unit = graph.units.get(str(item.get("uscc")))
            if unit is not None and title not in unit.gaps:
                unit.gaps.append(title)
