"""Schema from the model: a unique key per node type and indexes for look-ups, idempotently."""

from __future__ import annotations

from dataclasses import dataclass

from redchain.engines.base import Engine
from redchain.model import NODE_TYPES


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
    """Create what is missing; returns what was created (nothing on a second run)."""
    created = missing(engine)
    for item in created:
        if item.kind == "unique":
            engine.create_unique(item.label, item.prop)
        else:
            engine.create_index(item.label, item.prop)
    return created
