"""The Python API for analysts: ``graph = redchain.connect()`` gives a :class:`Graph`.

    >>> units = graph.units.match(domain="financial", subdistrict="南沙街道")
    >>> units.where(name__contains="银行").order_by("name").to_dataframe()

Objects (``Unit``, ``Chain``, ``Base``, ``Activity``, ``Agreement``, ``Partnership``, ...) are
generated from :mod:`redchain.model`; see docs/python.md.
"""

from redchain.graph.graph import Graph
from redchain.graph.lookup import AmbiguousUnit, UnitNotFound
from redchain.graph.matchers import Match, NodeMatcher, NotFound
from redchain.graph.objects import (
    CLASSES,
    NODE_CLASSES,
    RELATIONSHIP_CLASSES,
    Activity,
    Agreement,
    AgreementParty,
    Award,
    Base,
    Chain,
    Cohort,
    Entry,
    GraphObject,
    Honour,
    Item,
    Membership,
    ModelError,
    Need,
    Node,
    Offer,
    Participation,
    Partnership,
    Placement,
    Relationship,
    TalentLink,
    TalentPool,
    Unit,
)
from redchain.graph.result import MissingExtra, Result
from redchain.graph.writes import MergeRefused, MergeResult

__all__ = [
    "CLASSES",
    "NODE_CLASSES",
    "RELATIONSHIP_CLASSES",
    "Activity",
    "Agreement",
    "AgreementParty",
    "AmbiguousUnit",
    "Award",
    "Base",
    "Chain",
    "Cohort",
    "Entry",
    "Graph",
    "GraphObject",
    "Honour",
    "Item",
    "Match",
    "Membership",
    "MergeRefused",
    "MergeResult",
    "MissingExtra",
    "ModelError",
    "Need",
    "Node",
    "NodeMatcher",
    "NotFound",
    "Offer",
    "Participation",
    "Partnership",
    "Placement",
    "Relationship",
    "Result",
    "TalentLink",
    "TalentPool",
    "Unit",
    "UnitNotFound",
]
