"""Schema from the model: a unique key per node type, indexes for look-ups, and the version of
the model the graph was written with, idempotently.

The version lives in one ``RedchainSchema`` node. Version 1 is how redchain 0.1 wrote graphs
(dates as ISO text, points and bonuses as floats, no version node); version 2 stores dates as
DATE values and counts as integers. A graph without the node is version 1 when it holds such
0.1 values and current otherwise; :func:`ensure` stamps it once it holds data, and an empty
graph carries no version node.
"""

from __future__ import annotations

from dataclasses import dataclass

from redchain.engines.base import Engine
from redchain.errors import RedchainError
from redchain.model import DATE_PROPS, INT_PROPS, NODE_TYPES, REL_TYPES, SCHEMA_LABEL

#: The version of the model this redchain writes and reads.
SCHEMA_VERSION = 2
#: The version of graphs written by redchain 0.1.
LEGACY_VERSION = 1


class OldGraph(RedchainError):
    """The graph was written by an older redchain; ``redchain db migrate`` converts it."""


@dataclass(frozen=True)
class SchemaItem:
    kind: str  # "unique" or "index"
    label: str
    prop: str

    def __str__(self) -> str:
        return f"{self.kind} {self.label}.{self.prop}"


def wanted() -> list[SchemaItem]:
    """Every unique key and index the model asks for."""
    items = [SchemaItem("unique", n.label, n.key) for n in NODE_TYPES]
    items += [SchemaItem("index", n.label, p) for n in NODE_TYPES for p in n.indexed]
    return items


def missing(engine: Engine) -> list[SchemaItem]:
    present = engine.schema()
    have = {("unique", label, prop) for label, prop in present["unique"]}
    have |= {("index", label, prop) for label, prop in present["index"]}
    # A unique key's own index also serves look-ups.
    have |= {("index", label, prop) for label, prop in present["unique"]}
    return [item for item in wanted() if (item.kind, item.label, item.prop) not in have]


def ensure(engine: Engine) -> list[SchemaItem]:
    """Create what is missing; returns what was created (nothing on a second run).

    Refuses a graph an older redchain wrote, which ``redchain db migrate`` must convert first:
    new values written next to old ones would compare as neither.
    """
    check_current(engine)
    created = create_missing(engine)
    stamp_if_unversioned(engine)
    return created


def stamp_if_unversioned(engine: Engine) -> None:
    """Record the current version in a graph that holds data, is current and has no version
    yet. An empty graph stays empty (no version node): it is current by definition."""
    if stored_version(engine) is not None or not _has_network(engine):
        return
    if not holds_legacy_values(engine):
        stamp(engine, SCHEMA_VERSION)


def _has_network(engine: Engine) -> bool:
    return bool(engine.run(f"MATCH (n) WHERE NOT n:{SCHEMA_LABEL} RETURN 1 AS found LIMIT 1"))


def create_missing(engine: Engine) -> list[SchemaItem]:
    created = missing(engine)
    for item in created:
        if item.kind == "unique":
            engine.create_unique(item.label, item.prop)
        else:
            engine.create_index(item.label, item.prop)
    return created


def stored_version(engine: Engine) -> int | None:
    """The version recorded in the graph, or None when no version node exists."""
    rows = engine.run(f"MATCH (s:{SCHEMA_LABEL}) RETURN max(s.version) AS v")
    value = rows[0]["v"] if rows else None
    return int(value) if value is not None else None


def stamp(engine: Engine, version: int) -> None:
    """Record ``version`` as the graph's schema version."""
    engine.run(
        f"MERGE (s:{SCHEMA_LABEL} {{name: 'redchain'}}) SET s.version = $v",
        {"v": version},
        write=True,
    )


def legacy_checks() -> list[tuple[str, str]]:
    """(pattern, condition) pairs that find a value as redchain 0.1 stored it: a date as text,
    a count as a float. Each pattern binds ``x``; labels and types come from the model."""
    checks: list[tuple[str, str]] = []
    owners = [(f"(x:{n.label})", n.props) for n in NODE_TYPES]
    owners += [(f"()-[x:{r.type}]->()", r.props) for r in REL_TYPES]
    for pattern, props in owners:
        for prop in props:
            if prop.name in DATE_PROPS:
                checks.append((pattern, f"x.{prop.name} = toString(x.{prop.name})"))
            elif prop.name in INT_PROPS:
                checks.append((pattern, f"toString(x.{prop.name}) CONTAINS '.'"))
    return checks


def holds_legacy_values(engine: Engine) -> bool:
    """Whether any property holds a value the way redchain 0.1 wrote it."""
    return any(
        engine.run(f"MATCH {pattern} WHERE {condition} RETURN 1 AS found LIMIT 1")
        for pattern, condition in legacy_checks()
    )


def version(engine: Engine) -> int:
    """The graph's schema version: the recorded one, else 1 for 0.1 values, else current."""
    stored = stored_version(engine)
    if stored is not None:
        return stored
    return LEGACY_VERSION if holds_legacy_values(engine) else SCHEMA_VERSION


def old_graph_message(engine: Engine, found: int) -> str:
    return (
        f"the graph at {engine.location} was written by an older redchain (schema version "
        f"{found}; this one reads version {SCHEMA_VERSION}): its dates are text and its points "
        "decimals. Run 'redchain db migrate' once to convert them (safe to interrupt and re-run)"
    )


def check_current(engine: Engine) -> None:
    """Raise :class:`OldGraph`, saying to run ``redchain db migrate``, for an older graph."""
    found = version(engine)
    if found < SCHEMA_VERSION:
        raise OldGraph(old_graph_message(engine, found))
