"""What is in the graph: counts by label and type, and the engine's status."""

from __future__ import annotations

from typing import Any

from redchain import schema
from redchain.engines.base import Engine
from redchain.model import ALL_LABELS, REL_TYPES


def stats(engine: Engine) -> dict[str, dict[str, int]]:
    """Node counts for every label of the model and relationship counts for every type (0s too)."""
    labels = {label: 0 for label in ALL_LABELS}
    for row in engine.run("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS c"):
        labels[row["label"]] = row["c"]
    relationships = {rel.type: 0 for rel in REL_TYPES}
    for row in engine.run("MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS c"):
        relationships[row["type"]] = row["c"]
    return {"labels": labels, "relationships": relationships}


def status(engine: Engine) -> dict[str, Any]:
    nodes = engine.run("MATCH (n) RETURN count(n) AS c")[0]["c"]
    missing = schema.missing(engine)
    return {
        "backend": engine.name,
        "location": engine.location,
        "version": engine.version(),
        "nodes": nodes,
        "schema": "complete" if not missing else "missing " + ", ".join(map(str, missing)),
    }
