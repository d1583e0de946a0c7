"""Partnerships derived from agreements: the one place PARTNERS_WITH follows PARTY_TO.

Two units that are parties to the same agreement are partners. After a file of agreements or of
agreement parties is written, every pair of parties of each agreement it touched gets one
PARTNERS_WITH (lower credit code first, as a partnerships file's), typed from the pair's
agreements taken together:

- ``kind``: the kind of the pair's latest-signed agreement that has one;
- ``since``: the earliest 签约日期 among them (none while none is signed);
- ``until``: the latest 到期日期 among them, or none when one of them has no end;
- ``derived``: true.

A partnership that a partnerships file gave (``derived`` missing) is left as the file says.
Deriving again from unchanged agreements changes nothing, so an import run twice leaves the
graph as once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from redchain.engines.base import Engine, chunks
from redchain.importing import cypher
from redchain.importing.cypher import Shape
from redchain.model import AGREEMENT, ORGANIZATION, PARTNERS_WITH, PARTY_TO

ORG_KEY = (ORGANIZATION.label, ORGANIZATION.key)
PROPS = ("kind", "since", "until", "derived")
SHAPE = Shape(("a", "b", *PROPS), {p.name: p.type for p in PARTNERS_WITH.props})

_ORG, _AGR, _KEY = ORGANIZATION.label, AGREEMENT.label, ORGANIZATION.key
# The pairs of parties of the agreements given, and every agreement each pair shares.
PAIRS = (
    "UNWIND $numbers AS n "
    f"MATCH (x:{_ORG})-[:{PARTY_TO.type}]->(:{_AGR} {{{AGREEMENT.key}: n}})"
    f"<-[:{PARTY_TO.type}]-(y:{_ORG}) "
    f"WHERE x.{_KEY} < y.{_KEY} "
    "WITH DISTINCT x, y "
    f"MATCH (x)-[:{PARTY_TO.type}]->(g:{_AGR})<-[:{PARTY_TO.type}]-(y) "
    f"RETURN x.{_KEY} AS a, y.{_KEY} AS b, g.{AGREEMENT.key} AS number, g.kind AS kind, "
    "g.signed_on AS signed_on, g.ends_on AS ends_on"
)
# Partnerships a partnerships file gave, between pairs ``[a, b]``, in either direction.
GIVEN = (
    "UNWIND $pairs AS p "
    f"MATCH (x:{_ORG} {{{_KEY}: p[0]}})-[r:{PARTNERS_WITH.type}]-(y:{_ORG} {{{_KEY}: p[1]}}) "
    "WHERE r.derived IS NULL OR r.derived = false "
    "RETURN DISTINCT p[0] AS a, p[1] AS b"
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _partnership(shared: list[dict[str, Any]]) -> tuple[str | None, str | None, str | None]:
    """``(kind, since, until)`` of a pair from the agreements it shares."""
    signed = sorted(
        (_iso(g["signed_on"]) or "", g["number"]) for g in shared if g["kind"] is not None
    )
    kinds = {g["number"]: g["kind"] for g in shared}
    kind = kinds[signed[-1][1]] if signed else None
    since = min((s for g in shared if (s := _iso(g["signed_on"])) is not None), default=None)
    ends = [_iso(g["ends_on"]) for g in shared]
    until = None if any(e is None for e in ends) else max(e for e in ends if e is not None)
    return kind, since, until


def derive_partnerships(
    engine: Engine, numbers: Sequence[str], run_id: str, batch_size: int = 10_000
) -> int:
    """Derive the partnerships of the parties of agreements ``numbers``; returns how many
    pairs' partnerships were created or changed."""
    shared: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for batch in chunks(list(numbers), batch_size):
        for row in engine.run(PAIRS, {"numbers": batch}):
            shared.setdefault((row["a"], row["b"]), []).append(row)
    if not shared:
        return 0
    pairs = sorted(shared)
    given: set[tuple[str, str]] = set()
    for batch in chunks([list(p) for p in pairs], batch_size):
        given.update((row["a"], row["b"]) for row in engine.run(GIVEN, {"pairs": batch}))
    rows = [
        [index, a, b, *_partnership(shared[(a, b)]), True]
        for index, (a, b) in enumerate(p for p in pairs if p not in given)
    ]
    query = cypher.relationship_upsert(
        ORG_KEY,
        PARTNERS_WITH.type,
        ORG_KEY,
        PROPS,
        SHAPE,
        write=True,
        undirected=True,
        lock=engine.concurrent_writers,
    )
    changed = 0
    for batch in chunks(rows, batch_size):
        for result in engine.run_rows(query, batch, {"run_id": run_id}, write=True):
            changed += int(result["created"]) + len(result["updated"])
    return changed
