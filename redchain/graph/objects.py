"""Objects for the model's nodes and relationships, generated from :mod:`redchain.model`.

Every node type becomes a dataclass with one field per property, typed as the model says (dates
as :class:`datetime.date`), and every relationship type that carries properties becomes one with
``start`` and ``end`` as well. A node's single links (an organisation's subdistrict, a base's
host and chain, ...) are fields of the node, holding the target's name. Adding a property or a
node type to the model adds it here with no further edit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from redchain.errors import RedchainError
from redchain.model import (
    ACTIVITY,
    BASE,
    DOMAIN_BY_KEY,
    MEMBER_OF,
    NODE_TYPES,
    ORGANIZATION,
    REL_TYPES,
    RUN_ID,
    Domain,
    NodeType,
    Prop,
    PropType,
    RelType,
)

if TYPE_CHECKING:
    from redchain.graph.graph import Graph

PY_TYPES: dict[PropType, type] = {
    "text": str,
    "uscc": str,
    "date": dt.date,
    "datetime": dt.datetime,
    "int": int,
    "float": float,
    "bool": bool,
}

# What Python calls the model's node labels and relationship types; any other gets its own name.
CLASS_NAMES = {
    "Organization": "Unit",
    "PARTNERS_WITH": "Partnership",
    "MEMBER_OF": "Membership",
    "TOOK_PART_IN": "Participation",
    "SUPPLIES_TALENT": "TalentLink",
    "PARTY_TO": "AgreementParty",
    "OFFERS": "Offer",
    "NEEDS": "Need",
    "AWARDED": "Award",
    "ENTERED_FOR": "Entry",
    "PLACED_WITH": "Placement",
}
# Relationship types a node has at most one of: a field of the start node naming the end node.
LINK_FIELDS = {
    "LOCATED_IN": "subdistrict",
    "LED_BY": "master",
    "HOSTED_BY": "host",
    "PART_OF": "chain",
    "HELD_AT": "base",
    "ACTIVITY_OF": "chain",
    "UNDER": "agreement",
    "AGREEMENT_OF": "chain",
    "RENEWS": "renews",
    "COHORT_OF": "university",
    "POOL_OF": "chain",
}
# A unit's membership of a chain, as a partners file gives it: which chain, joined when.
MEMBERSHIP_FIELDS: tuple[tuple[str, PropType], ...] = (("chain", "text"), ("joined_on", "date"))


class ModelError(RedchainError):
    """A property, field or value the model does not have."""


def typed(kind: PropType, value: Any) -> Any:
    """A stored value as the Python type of its property (ISO text and engine dates to dates)."""
    if value is None:
        return None
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        native = getattr(value, "to_native", None)
        if native is not None:
            return typed(kind, native())
        return dt.date.fromisoformat(str(value)[:10])
    if kind == "datetime":
        if isinstance(value, dt.datetime):
            return value
        native = getattr(value, "to_native", None)
        if native is not None:
            return typed(kind, native())
        return dt.datetime.fromisoformat(str(value))
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return bool(value)
    return str(value)


class GraphObject:
    """What every generated object shares: its model entry, typed fields and the graph it came
    from (so that ``unit.partners()`` knows where to look)."""

    __model__: ClassVar[NodeType | RelType]
    __links__: ClassVar[dict[str, str]] = {}
    __membership__: ClassVar[bool] = False
    _graph: Graph | None = None

    if TYPE_CHECKING:

        def __init__(self, **fields: Any) -> None: ...

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(
            f"{type(self).__name__} has no field {name!r}; its fields are: "
            + ", ".join(field_names(type(self)))
        )

    def to_dict(self) -> dict[str, Any]:
        """The fields as a plain dict, nested objects as their keys."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            out[f.name] = value.key if isinstance(value, Node) else value
        return out

    def bound(self, graph: Graph | None) -> Any:
        object.__setattr__(self, "_graph", graph)
        return self

    def graph(self) -> Graph:
        if self._graph is None:
            raise RedchainError(
                f"this {type(self).__name__} was not read from a graph; read it with "
                "graph.units.get(...) (or another matcher) first"
            )
        return self._graph


class Node(GraphObject):
    """A node of the model: ``Unit``, ``Chain``, ``Base``, ``Activity``, ..."""

    __model__: ClassVar[NodeType]

    @property
    def key(self) -> Any:
        """The value of the model's key property (credit code, name or code)."""
        return getattr(self, self.__model__.key)

    @classmethod
    def from_record(cls, node: Mapping[str, Any], links: Mapping[str, Any] | None = None) -> Any:
        """The object for a node as an engine returns it, with its single links' targets."""
        values: dict[str, Any] = {
            p.name: typed(p.type, node.get(p.name)) for p in data_props(cls.__model__)
        }
        for name in cls.__links__:
            values[name] = None if links is None else links.get(name)
        if cls.__membership__:
            for name, kind in MEMBERSHIP_FIELDS:
                values[name] = typed(kind, None if links is None else links.get(name))
        return cls(**values)


class Relationship(GraphObject):
    """A relationship of the model with properties: ``Partnership``, ``Membership``, ..."""

    __model__: ClassVar[RelType]

    @classmethod
    def from_record(cls, start: Any, rel: Mapping[str, Any], end: Any) -> Any:
        values = {p.name: typed(p.type, rel.get(p.name)) for p in data_props(cls.__model__)}
        return cls(start=start, end=end, **values)


class UnitMethods:
    """What a unit can be asked beyond its properties."""

    uscc: str
    domain: str

    if TYPE_CHECKING:

        def graph(self) -> Graph: ...

    @property
    def domain_info(self) -> Domain | None:
        """The unit's domain from the model: its label, Chinese and English names, colour."""
        return DOMAIN_BY_KEY.get(self.domain)

    def partners(self, as_of: str | dt.date | None = None) -> Any:
        """The units this one has a partnership with that counts on ``as_of`` (default today)."""
        return self.graph().partners_of(self.uscc, as_of)

    def partnerships(self, as_of: str | dt.date | None = None) -> Any:
        """This unit's partnerships as ``Partnership`` objects (``start`` this unit's name,
        ``end`` the partner's), those counting on ``as_of`` when given, else all."""
        return self.graph().partnerships_of(self.uscc, as_of)

    def activities(
        self, period: tuple[str | dt.date | None, str | dt.date | None] | None = None
    ) -> Any:
        """The activities this unit took part in, in ``period`` (from, to; both ends included)."""
        return self.graph().activities_of(self.uscc, period)

    def gaps(self, as_of: str | dt.date | None = None, **options: Any) -> Any:
        """The coverage gaps of the gap report on ``as_of`` that list this unit."""
        return self.graph().gaps_of(self.uscc, as_of, **options)


class BaseMethods:
    """What a base can be asked beyond its properties."""

    name: str

    if TYPE_CHECKING:

        def graph(self) -> Graph: ...

    def activities(
        self, period: tuple[str | dt.date | None, str | dt.date | None] | None = None
    ) -> Any:
        """The activities held at this base, in ``period`` (from, to; both ends included)."""
        return self.graph().activities.match(base=self.name, period=period)


class ActivityMethods:
    """What an activity can be asked beyond its properties."""

    code: str

    if TYPE_CHECKING:

        def graph(self) -> Graph: ...

    def participants(self) -> Any:
        """The units that took part in this activity."""
        return self.graph().participants_of(self.code)


METHODS: dict[str, type] = {
    ORGANIZATION.label: UnitMethods,
    BASE.label: BaseMethods,
    ACTIVITY.label: ActivityMethods,
}


def _field(prop: Prop, owner: NodeType | RelType) -> tuple[str, Any, Any]:
    annotation = PY_TYPES[prop.type] | None
    if prop.required or (isinstance(owner, RelType) and prop.name in owner.identity):
        return prop.name, annotation, dataclasses.field(kw_only=True)
    return prop.name, annotation, dataclasses.field(default=None, kw_only=True)


def data_props(owner: NodeType | RelType) -> tuple[Prop, ...]:
    """The properties an object holds: all but the import run that last wrote it, which is the
    importer's bookkeeping (``graph.nodes("ImportRun")`` lists the runs)."""
    return tuple(p for p in owner.props if p is not RUN_ID)


def _class_name(name: str) -> str:
    if name in CLASS_NAMES:
        return CLASS_NAMES[name]
    if name.isupper():
        return "".join(part.capitalize() for part in name.split("_"))
    return name


def _doc(owner: NodeType | RelType) -> str:
    described = ", ".join(f"{p.name} ({p.en}, {p.zh})" for p in data_props(owner))
    return f"{owner.en} ({owner.zh}) in the graph. Fields: {described}."


def node_class(node_type: NodeType) -> type[Node]:
    links = {
        LINK_FIELDS[r.type]: r.type
        for r in REL_TYPES
        if r.start == node_type.label and r.type in LINK_FIELDS
    }
    fields = [_field(p, node_type) for p in data_props(node_type)]
    fields += [(name, str | None, dataclasses.field(default=None, kw_only=True)) for name in links]
    bases: tuple[type, ...] = (Node,)
    membership = node_type.label == MEMBER_OF.start
    if membership:
        fields += [
            (name, PY_TYPES[kind] | None, dataclasses.field(default=None, kw_only=True))
            for name, kind in MEMBERSHIP_FIELDS
        ]
    if node_type.label in METHODS:
        bases = (METHODS[node_type.label], Node)
    made = dataclasses.make_dataclass(
        _class_name(node_type.label),
        fields,
        bases=bases,
        namespace={
            "__module__": __name__,
            "__model__": node_type,
            "__links__": links,
            "__membership__": membership,
            "__doc__": _doc(node_type),
        },
    )
    return made


def relationship_class(rel_type: RelType) -> type[Relationship]:
    fields: list[tuple[str, Any, Any]] = [
        ("start", Any, dataclasses.field(kw_only=True)),
        ("end", Any, dataclasses.field(kw_only=True)),
    ]
    fields += [_field(p, rel_type) for p in data_props(rel_type)]
    made = dataclasses.make_dataclass(
        _class_name(rel_type.type),
        fields,
        bases=(Relationship,),
        namespace={"__module__": __name__, "__model__": rel_type, "__doc__": _doc(rel_type)},
    )
    return made


NODE_CLASSES: dict[str, type[Node]] = {n.label: node_class(n) for n in NODE_TYPES}
RELATIONSHIP_CLASSES: dict[str, type[Relationship]] = {
    r.type: relationship_class(r) for r in REL_TYPES if r.type not in LINK_FIELDS
}
CLASSES: dict[str, type[GraphObject]] = {
    cls.__name__: cls for cls in (*NODE_CLASSES.values(), *RELATIONSHIP_CLASSES.values())
}
Unit = NODE_CLASSES["Organization"]
Chain = NODE_CLASSES["Chain"]
Base = NODE_CLASSES["Base"]
Activity = NODE_CLASSES["Activity"]
Partnership = RELATIONSHIP_CLASSES["PARTNERS_WITH"]
Membership = RELATIONSHIP_CLASSES["MEMBER_OF"]
Participation = RELATIONSHIP_CLASSES["TOOK_PART_IN"]
TalentLink = RELATIONSHIP_CLASSES["SUPPLIES_TALENT"]
Agreement = NODE_CLASSES["Agreement"]
Item = NODE_CLASSES["Item"]
Honour = NODE_CLASSES["Honour"]
Cohort = NODE_CLASSES["Cohort"]
TalentPool = NODE_CLASSES["TalentPool"]
AgreementParty = RELATIONSHIP_CLASSES["PARTY_TO"]
Offer = RELATIONSHIP_CLASSES["OFFERS"]
Need = RELATIONSHIP_CLASSES["NEEDS"]
Award = RELATIONSHIP_CLASSES["AWARDED"]
Entry = RELATIONSHIP_CLASSES["ENTERED_FOR"]
Placement = RELATIONSHIP_CLASSES["PLACED_WITH"]


def field_names(cls: type[GraphObject]) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]


def prop_of(owner: NodeType | RelType, name: str, what: str) -> Prop:
    """The model's property ``name`` of ``owner``; a clear error naming the choices otherwise."""
    for prop in owner.props:
        if prop.name == name:
            return prop
    known = ", ".join(p.name for p in owner.props)
    raise ModelError(f"{what} has no property {name!r} in the model; use one of: {known}")
