"""What is in the graph: counts by label and type, and the engine's status."""

from __future__ import annotations

from typing import Any

from redchain import schema
from redchain.engines.base import Engine
from redchain.model import ALL_LABELS, REL_TYPES, SCHEMA_LABEL


def stats(engine: Engine) -> dict[str, dict[str, int]]:
    """Node counts for every label of the model and relationship counts for every type (0s too)."""
    labels = {label: 0 for label in ALL_LABELS}
    for row in engine.run(
        f"MATCH (n) WHERE NOT n:{SCHEMA_LABEL} UNWIND labels(n) AS label "
        "RETURN label, count(*) AS c"
    ):
        labels[row["label"]] = row["c"]
    relationships = {rel.type: 0 for rel in REL_TYPES}
    for row in engine.run("MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS c"):
        relationships[row["type"]] = row["c"]
    return {"labels": labels, "relationships": relationships}


def node_count(engine: Engine) -> int:
    """Nodes of the network (the schema's version node does not count)."""
    return int(engine.run(f"MATCH (n) WHERE NOT n:{SCHEMA_LABEL} RETURN count(n) AS c")[0]["c"])


def where(engine: Engine) -> str:
    """Which graph a command used, in words: the data directory and graph, or the Neo4j URI."""
    graph = getattr(engine, "graph_name", None)
    if engine.name == "embedded":
        return f"the embedded graph {graph!r} in {engine.location}"
    return f"Neo4j at {engine.location}"


FILL_HINT = (
    "fill it with 'redchain import FILES' or 'redchain demo'; to use another graph pass "
    "--data-dir (or set REDCHAIN_DATA_DIR), or --backend neo4j"
)


def empty_notice(engine: Engine) -> str | None:
    """One line naming the graph and how to fill it when it holds nothing, else None."""
    if node_count(engine):
        return None
    return f"{where(engine)} is empty: {FILL_HINT}"


def status(engine: Engine) -> dict[str, Any]:
    nodes = node_count(engine)
    missing = schema.missing(engine)
    version = schema.version(engine)
    return {
        "backend": engine.name,
        "location": engine.location,
        "graph": where(engine),
        "version": engine.version(),
        "nodes": nodes,
        "schema": "complete" if not missing else "missing " + ", ".join(map(str, missing)),
        "schema_version": version,
        "migrate": None
        if version >= schema.SCHEMA_VERSION
        else "run 'redchain db migrate': the graph was written by an older redchain",
        "empty": None if nodes else FILL_HINT,
    }
