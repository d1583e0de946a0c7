"""Running a named query: parameters resolved, its Cypher on the engine, then its Python step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from redchain.engines.base import Engine, Record
from redchain.errors import QueryError, ReadOnlyViolation
from redchain.queries import steps
from redchain.queries.catalogue import Query, get
from redchain.queries.parameters import resolve


def run(
    engine: Engine,
    query: Query | str,
    params: Mapping[str, Any] | None = None,
    *,
    write: bool = False,
    timeout: float | None = None,
    today: dt.date | None = None,
    compute: bool = True,
) -> list[Record]:
    """Run a named query with its parameters resolved; then its Python step, if it has one.

    A query whose mode is ``write`` runs only with ``write=True``; a read query always runs
    read-only, so a mislabelled file cannot change the graph.
    """
    if isinstance(query, str):
        query = get(query)
    if query.mode == "write" and not write:
        raise ReadOnlyViolation(
            f"{query.name} changes the graph; run it with --write (write=True) if that is intended"
        )
    resolved = resolve(query, params, today)
    rows = run_cypher(engine, query, resolved, timeout=timeout)
    if compute and query.compute:
        rows = steps.apply(query.compute, rows, resolved)
    return rows


def run_named(engine: Engine, name: str, params: Mapping[str, Any] | None = None) -> list[Record]:
    """Run the shipped read query ``name`` with parameters given as text or values."""
    return run(engine, name, params)


def cypher_params(query: Query, resolved: Mapping[str, Any]) -> dict[str, Any]:
    """Exactly the resolved parameters the query's Cypher uses."""
    return {k: resolved[k] for k in query.cypher_params()}


def run_cypher(
    engine: Engine, query: Query, resolved: Mapping[str, Any], timeout: float | None = None
) -> list[Record]:
    """The query's Cypher alone, with exactly the parameters it uses (no Python step)."""
    try:
        return engine.run(
            query.cypher,
            cypher_params(query, resolved),
            write=query.mode == "write",
            timeout=timeout,
        )
    except ReadOnlyViolation:
        raise
    except QueryError as exc:
        raise QueryError(f"{query.name} ({query.path}): {exc}") from exc


def render_columns(rows: Sequence[Record]) -> list[str]:
    """Column names in first-seen order across rows (rows of a query share them)."""
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns)
