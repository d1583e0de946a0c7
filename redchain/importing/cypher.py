"""The importer's Cypher: batched upserts that say, row by row, what they changed.

Each query takes ``$rows`` and ``$run_id``. A row is a list, not a map: its index ``r[0]`` and
then its values in the order of the query's :class:`Shape` (lean parameters: no key is sent
again for every row). A query first looks the row's node or relationship up and compares the
stored properties with the new ones, typed as the model declares them (a date column is
compared and stored as a DATE): ``s`` is 0 when there is nothing yet (create), 1 when something
differs (update), 2 when all is the same (leave alone, ``run_id`` included). Only then does it
write. A query for a row's own node or relationship returns how many it created and the indexes
of those it updated; a query for a link of that node returns the indexes of rows whose link
changed while the node did not (a node this run created or updated already counts). Results
stay small, since most rows of a first import are created and most rows of a repeated one are
unchanged. The dry-run form is the same query without the writes, so both agree on what would
change.

Labels, relationship types and property names come from :mod:`redchain.model` only; values are
always parameters. An organisation's domain label sits inside its CREATE pattern, one query per
domain: FalkorDB adds a label to an existing node about 30 times slower.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from redchain.model import DOMAINS

RETURN_STATUS = (
    "RETURN count(CASE WHEN s = 0 THEN 1 END) AS created, "
    "collect(CASE WHEN s = 1 THEN r[0] END) AS updated"
)
# ``a`` is the row's own node: a link change counts when this run left that node alone.
RETURN_LINK_CHANGES = (
    "RETURN collect(CASE WHEN s < 2 AND a IS NOT NULL AND coalesce(a.run_id <> $run_id, true) "
    "THEN r[0] END) AS changed"
)


class Shape:
    """Where each value sits in a parameter row, and the Cypher that reads it as its type."""

    def __init__(self, names: Sequence[str], types: Mapping[str, str] | None = None) -> None:
        self.names = tuple(names)
        self.at = {n: i + 1 for i, n in enumerate(self.names)}  # r[0] is the row's index
        self.types = dict(types or {})

    def raw(self, name: str) -> str:
        return f"r[{self.at[name]}]"

    def value(self, name: str) -> str:
        """The value as stored: ISO text becomes a DATE for a date property."""
        if self.types.get(name) == "date":
            return f"date({self.raw(name)})"
        return self.raw(name)


def _same(var: str, props: Sequence[str], shape: Shape) -> str:
    """True when every property of ``var`` equals the row's value (both missing counts)."""
    if not props:
        return "true"
    return " AND ".join(
        f"coalesce({var}.{p} = {shape.value(p)}, {var}.{p} IS NULL AND {shape.raw(p)} IS NULL)"
        for p in props
    )


def _when(condition: str) -> str:
    return f"CASE WHEN {condition} THEN [1] ELSE [] END"


def _lock(*variables: str) -> str:
    """Take write locks on the row's nodes before looking for what links them.

    Without it two transactions can both find no relationship and both create one. Setting and
    removing a property takes the node's write lock until commit and leaves nothing behind;
    deadlocks that lock order may cause are retried by the engine's managed transactions.
    """
    nodes = ", ".join(variables)
    return (
        f"FOREACH (n IN [x IN [{nodes}] WHERE x IS NOT NULL] | SET n._lock = true REMOVE n._lock)"
    )


def _status(var: str, props: Sequence[str], shape: Shape) -> str:
    return f"CASE WHEN {var} IS NULL THEN 0 WHEN {_same(var, props, shape)} THEN 2 ELSE 1 END AS s"


def node_upsert(
    labels: Sequence[str],
    key: str,
    props: Sequence[str],
    shape: Shape,
    *,
    write: bool,
    domain: str | None = None,
    lock: bool = False,
) -> str:
    """Create or update nodes of ``labels`` (the first is the one the key is unique on).

    With ``domain`` (an organisation's domain label) a node found under another domain label
    moves to this one. With ``lock`` a new node is merged on its unique key rather than created,
    so a second writer of the same key waits for the first and finds its node.
    """
    first = labels[0]
    k = shape.value(key)
    lines = [
        "UNWIND $rows AS r",
        f"OPTIONAL MATCH (old:{first} {{{key}: {k}}})",
        f"WITH r, old, {_status('old', props, shape)}",
    ]
    if write:
        if domain is not None:
            others = ":".join(d.label for d in DOMAINS if d.label != domain)
            lines.append(
                f"FOREACH (_ IN {_when('s = 1 AND NOT old:' + domain)} | "
                f"REMOVE old:{others} SET old:{domain})"
            )
        created = ", ".join(
            [f"{key}: {k}", *(f"{p}: {shape.value(p)}" for p in props), "run_id: $run_id"]
        )
        updates = ", ".join(
            [*(f"old.{p} = {shape.value(p)}" for p in props), "old.run_id = $run_id"]
        )
        lines += [
            f"FOREACH (_ IN {_when('s = 0')} | MERGE (n:{':'.join(labels)} {{{key}: {k}}}) "
            f"SET n += {{{created}}})"
            if lock
            else f"FOREACH (_ IN {_when('s = 0')} | CREATE (:{':'.join(labels)} {{{created}}}))",
            f"FOREACH (_ IN {_when('s = 1')} | SET {updates})",
        ]
    lines.append(RETURN_STATUS)
    return "\n".join(lines)


def relationship_upsert(
    start: tuple[str, str],
    rel_type: str,
    end: tuple[str, str],
    props: Sequence[str],
    shape: Shape,
    *,
    write: bool,
    identity: Sequence[str] = (),
    undirected: bool = False,
    link: bool = False,
    lock: bool = False,
) -> str:
    """Create or update one relationship per row between the nodes keyed ``a`` and ``b``.

    ``start`` and ``end`` are (label, key property). ``identity`` properties tell relationships
    between the same two nodes apart (one talent link per year); ``undirected`` finds an existing
    relationship in either direction and creates a new one from ``a`` to ``b``. A ``link`` is a
    relationship of the row's node ``a`` rather than the row's own subject.
    """
    where = " AND ".join(f"old.{p} = {shape.value(p)}" for p in identity)
    compared = [p for p in props if p not in identity]
    lines = [
        "UNWIND $rows AS r",
        f"OPTIONAL MATCH (a:{start[0]} {{{start[1]}: {shape.raw('a')}}})",
        f"OPTIONAL MATCH (b:{end[0]} {{{end[1]}: {shape.raw('b')}}})",
        *([_lock("a", "b"), "WITH r, a, b"] if lock and write else []),
        f"OPTIONAL MATCH (a)-[old:{rel_type}]->(b)" + (f" WHERE {where}" if where else ""),
    ]
    if undirected:
        # Two directed look-ups: on FalkorDB an undirected pattern between two bound nodes is
        # markedly slower. The reverse one finds a relationship another tool stored B->A.
        lines += [
            f"OPTIONAL MATCH (b)-[rev:{rel_type}]->(a)",
            "WITH r, a, b, coalesce(old, rev) AS old",
        ]
    lines.append(f"WITH r, a, b, old, {_status('old', compared, shape)}")
    if write:
        created = ", ".join([*(f"{p}: {shape.value(p)}" for p in props), "run_id: $run_id"])
        updates = ", ".join(
            [*(f"old.{p} = {shape.value(p)}" for p in compared), "old.run_id = $run_id"]
        )
        lines += [
            f"FOREACH (_ IN {_when('s = 0')} | CREATE (a)-[:{rel_type} {{{created}}}]->(b))",
            f"FOREACH (_ IN {_when('s = 1')} | SET {updates})",
        ]
    lines.append(RETURN_LINK_CHANGES if link else RETURN_STATUS)
    return "\n".join(lines)


LINK_SHAPE = Shape(("a", "b"))


def single_link(
    start: tuple[str, str],
    rel_type: str,
    end: tuple[str, str],
    *,
    write: bool,
    lock: bool = False,
) -> str:
    """Make ``b`` the one target of ``rel_type`` from ``a`` (none when ``b`` is null).

    For links a node has at most one of: an organisation's subdistrict, a chain's master, a
    base's host and chain, an activity's chain and base. A different existing target is
    replaced; the row counts as updated. Rows are ``[i, a, b]``.
    """
    a, b = LINK_SHAPE.raw("a"), LINK_SHAPE.raw("b")
    lines = [
        "UNWIND $rows AS r",
        f"OPTIONAL MATCH (a:{start[0]} {{{start[1]}: {a}}})",
        *([_lock("a"), "WITH r, a"] if lock and write else []),
        f"OPTIONAL MATCH (a)-[old:{rel_type}]->(t:{end[0]})",
        f"WITH r, a, collect(old) AS olds, collect(t.{end[1]}) AS current",
        f"WITH r, a, olds, CASE WHEN {b} IS NULL AND size(olds) = 0 THEN 2 "
        f"WHEN {b} IS NOT NULL AND current = [{b}] THEN 2 "
        "WHEN size(olds) = 0 THEN 0 ELSE 1 END AS s",
    ]
    if write:
        lines += [
            "FOREACH (x IN CASE WHEN s = 1 THEN olds ELSE [] END | DELETE x)",
            "WITH r, a, s",
            f"OPTIONAL MATCH (b:{end[0]} {{{end[1]}: {b}}})",
            f"FOREACH (_ IN {_when(f's < 2 AND {b} IS NOT NULL')} | "
            f"CREATE (a)-[:{rel_type} {{run_id: $run_id}}]->(b))",
        ]
    lines.append(RETURN_LINK_CHANGES)
    return "\n".join(lines)


def ensure_chains(chain_label: str, key: str) -> str:
    """Chains named by rows (``[name, name_en]``), created bare when missing (a chains file
    fills them in). Returns the names of the chains it created.
    """
    return (
        "UNWIND $rows AS r "
        f"MERGE (c:{chain_label} {{{key}: r[0]}}) "
        "ON CREATE SET c.name_en = r[1], c.run_id = $run_id "
        "WITH r, c WHERE c.run_id = $run_id "
        "RETURN collect(r[0]) AS created"
    )


def ensure_items(item_label: str, key: str) -> str:
    """The items rows name (``[key, name, name_en]``), created when missing."""
    return (
        "UNWIND $rows AS r "
        f"MERGE (i:{item_label} {{{key}: r[0]}}) "
        "ON CREATE SET i.name = r[1], i.name_en = r[2], i.run_id = $run_id "
        "RETURN count(i) AS items"
    )


def _moment(function: str | None) -> str:
    # The engine's zoned date-time function where it has one; ISO text with its offset else.
    return f"{function}($at)" if function else "$at"


def start_run(label: str, function: str | None) -> str:
    """The ImportRun of one file; ``function`` is the engine's date-time function, if any."""
    return f"CREATE (x:{label}) SET x = $props, x.started_at = {_moment(function)}"


def finish_run(label: str, function: str | None) -> str:
    return (
        f"MATCH (x:{label} {{run_id: $run_id}}) "
        f"SET x += $props, x.finished_at = {_moment(function)}"
    )


# --- into a graph that holds none of a type yet -------------------------------------------------
#
# When the graph has no node of a label (or no relationship of a type) before a step starts and
# no other client writes meanwhile, every row of the step creates one: the checks already
# refused repeated keys, and the step's rows are written by this import alone. These queries
# skip the look-up and the comparison, which are most of an upsert's cost.


# Both answer without walking the graph: a label's node count is kept by the engines, and the
# schema lists the relationship types (one once used stays listed, which only sends the step
# the upsert's way).
def none_of_label(label: str) -> str:
    return f"MATCH (n:{label}) WITH count(n) AS c WHERE c > 0 RETURN 1 AS found"


def none_of_type(rel_type: str) -> str:
    return (
        "CALL db.relationshipTypes() YIELD relationshipType "
        f"WHERE relationshipType = '{rel_type}' RETURN 1 AS found"
    )


def node_create(labels: Sequence[str], key: str, props: Sequence[str], shape: Shape) -> str:
    """Create one node per row; returns as :func:`node_upsert` does."""
    created = ", ".join(
        [
            f"{key}: {shape.value(key)}",
            *(f"{p}: {shape.value(p)}" for p in props),
            "run_id: $run_id",
        ]
    )
    return (
        f"UNWIND $rows AS r CREATE (:{':'.join(labels)} {{{created}}}) "
        "RETURN count(r) AS created, [] AS updated"
    )


def relationship_create(
    start: tuple[str, str],
    rel_type: str,
    end: tuple[str, str],
    props: Sequence[str],
    shape: Shape,
    *,
    link: bool = False,
) -> str:
    """Create one relationship per row; returns as :func:`relationship_upsert` does."""
    created = ", ".join([*(f"{p}: {shape.value(p)}" for p in props), "run_id: $run_id"])
    lines = [
        "UNWIND $rows AS r",
        f"MATCH (a:{start[0]} {{{start[1]}: {shape.raw('a')}}})",
        f"MATCH (b:{end[0]} {{{end[1]}: {shape.raw('b')}}})",
        f"CREATE (a)-[:{rel_type} {{{created}}}]->(b)",
    ]
    if link:
        lines.append(
            "RETURN collect(CASE WHEN coalesce(a.run_id <> $run_id, true) THEN r[0] END) AS changed"
        )
    else:
        lines.append("RETURN count(r) AS created, [] AS updated")
    return "\n".join(lines)


def single_link_create(start: tuple[str, str], rel_type: str, end: tuple[str, str]) -> str:
    """Create the link of each row that names a target; returns as :func:`single_link`."""
    a, b = LINK_SHAPE.raw("a"), LINK_SHAPE.raw("b")
    return "\n".join(
        [
            f"UNWIND $rows AS r WITH r WHERE {b} IS NOT NULL",
            f"MATCH (a:{start[0]} {{{start[1]}: {a}}})",
            f"MATCH (b:{end[0]} {{{end[1]}: {b}}})",
            f"CREATE (a)-[:{rel_type} {{run_id: $run_id}}]->(b)",
            "RETURN collect(CASE WHEN coalesce(a.run_id <> $run_id, true) THEN r[0] END) "
            "AS changed",
        ]
    )
