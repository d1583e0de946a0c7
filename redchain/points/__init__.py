"""Points: the rules (:mod:`redchain.points.rules`), the ledger and ranking they give
(:mod:`redchain.points.ledger`), and how a ranking or a ledger is printed
(:mod:`redchain.points.render`)."""

from __future__ import annotations

from redchain.points.ledger import GroupPoints, LedgerLine, Standing, UnitPoints, compute
from redchain.points.rules import Rules, RulesError, load

__all__ = [
    "GroupPoints",
    "LedgerLine",
    "Rules",
    "RulesError",
    "Standing",
    "UnitPoints",
    "compute",
    "load",
]
