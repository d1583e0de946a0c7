"""The Python steps a query's header can name with ``compute:``, run on the Cypher's rows.

A step exists where portable Cypher cannot do the work (a walk of bounded length, articulation
points). Each declares the parameters it reads besides those the Cypher uses, and may report a
caveat about its input: the header's ``caveat.zh``/``caveat.en`` is the text shown when it does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from redchain.engines.base import Record

Compute = Callable[[list[Record], Mapping[str, Any]], list[Record]]
Caveat = Callable[[list[Record]], bool]


@dataclass(frozen=True)
class Step:
    run: Compute
    reads: tuple[str, ...] = ()  # parameters read besides those the Cypher uses
    caveat: Caveat | None = None  # true when the rows call for the header's caveat text


def _reachability(rows: list[Record], params: Mapping[str, Any]) -> list[Record]:
    from redchain import connectivity

    return connectivity.unreachable_rows(rows, int(params["hops"]))


def _articulation(rows: list[Record], params: Mapping[str, Any]) -> list[Record]:
    from redchain import connectivity

    return connectivity.cut_unit_rows(rows)


def _no_master(rows: list[Record]) -> bool:
    from redchain import connectivity

    return not connectivity.has_master(rows)


STEPS: dict[str, Step] = {
    "reachability": Step(_reachability, ("hops",), _no_master),
    "articulation_points": Step(_articulation),
}


def apply(name: str, rows: list[Record], params: Mapping[str, Any]) -> list[Record]:
    """The rows after the step ``name``."""
    return STEPS[name].run(rows, params)


def caveat_applies(name: str, rows: list[Record]) -> bool:
    """Whether the step ``name`` finds its caveat true of the Cypher's ``rows``."""
    check = STEPS[name].caveat
    return bool(check and check(rows))
