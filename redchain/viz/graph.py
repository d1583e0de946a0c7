"""The graph a view draws, independent of engine and page: units, links and what the view is."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

NodeKind = Literal["org", "chain", "base"]


@dataclass
class Unit:
    """A node of the view. Organisations are keyed by credit code; chains and bases by name."""

    id: str
    kind: NodeKind
    name: str
    name_en: str | None = None
    short_name: str | None = None
    domain: str | None = None  # a key of model.DOMAIN_BY_KEY, for organisations
    uscc: str | None = None
    subdistrict: str | None = None
    partners: int = 0
    points: float = 0.0
    master_of: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    # Base kind and site, chain founding date: shown in the tooltip as they are.
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Link:
    """An edge of the view; ``type`` is a relationship type of the model."""

    source: str
    target: str
    type: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class ViewGraph:
    units: dict[str, Unit] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    #: What the view is ("whole", "around", "path", "query") and its particulars (the unit
    #: ids, hops, query name and rows), from which the page heading is written.
    kind: str = "whole"
    about: dict[str, Any] = field(default_factory=dict)
    #: Ids the view is built around (the ego, the two ends of a path), drawn larger.
    focus: list[str] = field(default_factory=list)

    def degrees(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for link in self.links:
            counts[link.source] += 1
            counts[link.target] += 1
        return counts

    def keep(self, ids: set[str]) -> ViewGraph:
        """The same view restricted to ``ids`` and the links among them."""
        return ViewGraph(
            units={k: u for k, u in self.units.items() if k in ids},
            links=[lk for lk in self.links if lk.source in ids and lk.target in ids],
            kind=self.kind,
            about=dict(self.about),
            focus=[f for f in self.focus if f in ids],
        )
