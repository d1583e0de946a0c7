"""The Python API for analysts: ``graph = redchain.connect()`` gives a :class:`Graph`.

    >>> units = graph.units.match(domain="financial", subdistrict="南沙街道")
    >>> units.where(name__contains="银行").order_by("name").to_dataframe()

Objects (``Unit``, ``Chain``, ``Base``, ``Activity``, ``Partnership``, ...) are generated from
:mod:`redchain.model`; see docs/python.md.
"""

from redchain.graph.graph import Graph
from redchain.graph.lookup import AmbiguousUnit, UnitNotFound
from redchain.graph.matchers import Match, NodeMatcher, NotFound
from redchain.graph.objects import (
    CLASSES,
    NODE_CLASSES,
    RELATIONSHIP_CLASSES,
    Activity,
    Base,
    Chain,
    GraphObject,
    Membership,
    ModelError,
    Node,
    Participation,
    Partnership,
    Relationship,
    TalentLink,
    Unit,
)
from redchain.graph.result import MissingExtra, Result
from redchain.graph.writes import MergeRefused, MergeResult

__all__ = [
    "CLASSES",
    "NODE_CLASSES",
    "RELATIONSHIP_CLASSES",
    "Activity",
    "AmbiguousUnit",
    "Base",
    "Chain",
    "Graph",
    "GraphObject",
    "Match",
    "Membership",
    "MergeRefused",
    "MergeResult",
    "MissingExtra",
    "ModelError",
    "Node",
    "NodeMatcher",
    "NotFound",
    "Participation",
    "Partnership",
    "Relationship",
    "Result",
    "TalentLink",
    "Unit",
    "UnitNotFound",
]
