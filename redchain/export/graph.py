"""Reading the whole graph for an export: every node and relationship of the model's types.

Values come back as the model declares them (see :mod:`redchain.export.values`). Provenance, the
``ImportRun`` nodes and every item's ``run_id``, is left out unless asked for: it says which
import wrote what, which matters to whoever audits the data and to nobody analysing the network.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from redchain.engines.base import Engine
from redchain.export.values import Kind, to_model
from redchain.model import (
    IMPORT_RUN,
    NODE_BY_LABEL,
    NODE_TYPES,
    REL_TYPES,
    RUN_ID,
    NodeType,
    Prop,
    RelType,
)

#: Called with what is being read and how many rows it gave.
Progress = Callable[[str, int], None]


@dataclass
class Node:
    type: NodeType
    id: str
    labels: list[str]
    props: dict[str, Any]

    @property
    def caption(self) -> str:
        """What people call the node: its name or title, else its key."""
        for name in ("name", "title"):
            if self.props.get(name) not in (None, ""):
                return str(self.props[name])
        return self.id.split(":", 1)[1]


@dataclass
class Relationship:
    type: RelType
    source: str
    target: str
    props: dict[str, Any]


@dataclass
class GraphData:
    node_types: tuple[NodeType, ...]
    rel_types: tuple[RelType, ...]
    with_provenance: bool
    nodes: list[Node] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)

    def props_of(self, kind: NodeType | RelType) -> list[Prop]:
        """The model's properties of one type that this export carries."""
        return [p for p in kind.props if self.with_provenance or p.name != RUN_ID.name]

    def node_kinds(self) -> dict[str, Kind]:
        return declared_kinds(self.props_of(t) for t in self.node_types)

    def rel_kinds(self) -> dict[str, Kind]:
        return declared_kinds(self.props_of(t) for t in self.rel_types)


def node_id(label: str, key: Any) -> str:
    """A node's id in exports: its label and key, the same on both engines."""
    return f"{label}:{key}"


def declared_kinds(groups: Iterable[Sequence[Prop]]) -> dict[str, Kind]:
    """Property name to model type; a name that two types declare differently is text."""
    kinds: dict[str, Kind] = {}
    for props in groups:
        for prop in props:
            if kinds.setdefault(prop.name, prop.type) != prop.type:
                kinds[prop.name] = "text"
    return kinds


def read_graph(
    engine: Engine, *, with_provenance: bool = False, progress: Progress | None = None
) -> GraphData:
    """Every node and relationship of the model's types, in key order on both engines."""
    node_types = tuple(t for t in NODE_TYPES if with_provenance or t is not IMPORT_RUN)
    data = GraphData(node_types, REL_TYPES, with_provenance)
    for node_type in node_types:
        rows = engine.run(
            f"MATCH (n:{node_type.label}) RETURN labels(n) AS labels, properties(n) AS props "
            f"ORDER BY n.{node_type.key}"
        )
        for row in rows:
            props = _typed(row["props"], data.props_of(node_type), with_provenance)
            labels = [node_type.label, *sorted(set(row["labels"]) - {node_type.label})]
            key = props.get(node_type.key)
            data.nodes.append(Node(node_type, node_id(node_type.label, key), labels, props))
        if progress:
            progress(node_type.label, len(rows))
    for rel in REL_TYPES:
        start = NODE_BY_LABEL[rel.start]
        found: list[tuple[str, str, dict[str, Any]]] = []
        # A relationship that may end at nodes of several types (an honour's recipient) is
        # read once per type, each end named by its own type's key.
        for end in (NODE_BY_LABEL[label] for label in rel.ends):
            rows = engine.run(
                f"MATCH (a:{start.label})-[r:{rel.type}]->(b:{end.label}) "
                f"RETURN a.{start.key} AS source, b.{end.key} AS target, properties(r) AS props "
                "ORDER BY source, target"
            )
            found += [
                (node_id(start.label, r["source"]), node_id(end.label, r["target"]), r)
                for r in rows
            ]
        found.sort(key=lambda f: (str(f[2]["source"]), f[1], _sort_key(f[2])))
        for source, target, row in found:
            data.relationships.append(
                Relationship(
                    rel, source, target, _typed(row["props"], data.props_of(rel), with_provenance)
                )
            )
        if progress:
            progress(rel.type, len(found))
    return data


def _sort_key(row: Mapping[str, Any]) -> str:
    """Parallel relationships (talent links of several years) in the same order on both engines."""
    props = row["props"]
    return "\x1f".join(f"{k}={props[k]}" for k in sorted(props) if k != RUN_ID.name)


def _typed(
    props: Mapping[str, Any], known: Sequence[Prop], with_provenance: bool
) -> dict[str, Any]:
    """Properties in the model's order, typed as the model says; others after them, by name."""
    kinds = {p.name: p.type for p in known}
    names = [p.name for p in known if p.name in props]
    names += sorted(set(props) - set(names) - ({RUN_ID.name} if not with_provenance else set()))
    return {name: to_model(props[name], kinds.get(name, "text")) for name in names}
