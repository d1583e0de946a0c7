"""Which unit a key names: a credit code, or a name, short name or English name, exactly.

:func:`resolve_unit` is the one place the Python API turns what a person types into a unit, so
that name rules are changed here alone.
"""

from __future__ import annotations

from typing import Any

from redchain.engines.base import Engine
from redchain.errors import RedchainError
from redchain.viz.extract import find_units


class UnitNotFound(RedchainError, LookupError):
    """No unit has this credit code or name; ``suggestions`` lists units whose names contain it."""

    def __init__(self, key: str, suggestions: list[dict[str, Any]]) -> None:
        self.key = key
        self.suggestions = suggestions
        hint = ""
        if suggestions:
            hint = " Did you mean: " + "; ".join(describe(s) for s in suggestions) + "?"
        super().__init__(
            f"no unit has the credit code, name, short name or English name {key!r}.{hint}"
        )


class AmbiguousUnit(RedchainError, LookupError):
    """Several units have this name; ``candidates`` lists them (credit code, name, domain)."""

    def __init__(self, key: str, candidates: list[dict[str, Any]]) -> None:
        self.key = key
        self.candidates = candidates
        listed = "; ".join(describe(c) for c in candidates)
        super().__init__(
            f"{key!r} names {len(candidates)} units: {listed}. Give the credit code instead"
        )


def describe(row: dict[str, Any]) -> str:
    return f"{row.get('name')} ({row.get('uscc')}, {row.get('domain')})"


def resolve_unit(engine: Engine, key: str) -> str:
    """The credit code of the one unit ``key`` names; :class:`UnitNotFound` or
    :class:`AmbiguousUnit` (with the candidates) otherwise."""
    exact, similar = find_units(engine, str(key))
    if len(exact) == 1:
        return str(exact[0]["uscc"])
    candidates = [{k: row.get(k) for k in ("uscc", "name", "name_en", "domain")} for row in exact]
    if candidates:
        raise AmbiguousUnit(str(key), candidates)
    raise UnitNotFound(
        str(key),
        [{k: row.get(k) for k in ("uscc", "name", "name_en", "domain")} for row in similar],
    )
