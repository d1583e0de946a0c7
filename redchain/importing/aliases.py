"""The alias table: other names of units, one ``Alias`` node each, keyed by the name's clean form.

An alias records a decision once ("工行南沙" is 中国工商银行股份有限公司广州南沙分行) so that every
later file resolves by itself. Aliases come from ``redchain alias add``, from an aliases file
(import kind ``aliases``) and from suggestions an import was told to accept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from redchain import uscc
from redchain.engines.base import Engine, chunks
from redchain.errors import RedchainError
from redchain.importing.names import NameIndex, clean, graph_units
from redchain.importing.normalize import compact
from redchain.model import ALIAS, ORGANIZATION

BATCH = 5000

_UPSERT = (
    f"UNWIND $rows AS r MERGE (a:{ALIAS.label} {{{ALIAS.key}: r.key}}) "
    "SET a.name = r.name, a.uscc = r.uscc, a.source = r.source, a.run_id = r.run_id "
    "RETURN count(a) AS n"
)
_BY_KEY = (
    f"UNWIND $keys AS k MATCH (a:{ALIAS.label} {{{ALIAS.key}: k}}) "
    "RETURN a.key AS key, a.name AS name, a.uscc AS uscc"
)
_LIST = (
    f"MATCH (a:{ALIAS.label}) WHERE $uscc IS NULL OR a.uscc = $uscc "
    f"OPTIONAL MATCH (o:{ORGANIZATION.label} {{{ORGANIZATION.key}: a.uscc}}) "
    "RETURN a.name AS alias, a.key AS key, a.uscc AS uscc, o.name AS unit, a.source AS source "
    "ORDER BY a.uscc, a.key"
)
_REMOVE = (
    f"MATCH (a:{ALIAS.label} {{{ALIAS.key}: $key}}) "
    "WITH a, a.name AS alias, a.uscc AS uscc DELETE a RETURN alias, uscc"
)
_UNIT_BY_CODE = (
    f"MATCH (o:{ORGANIZATION.label} {{{ORGANIZATION.key}: $code}}) RETURN o.name AS name"
)


@dataclass(frozen=True)
class Alias:
    name: str
    uscc: str
    source: str
    run_id: str | None = None

    @property
    def key(self) -> str:
        return clean(self.name)

    def row(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "uscc": self.uscc,
            "source": self.source,
            "run_id": self.run_id,
        }


def record(engine: Engine, aliases: Iterable[Alias]) -> int:
    """Write aliases (a later one of the same key wins); returns how many were written."""
    rows = list({a.key: a.row() for a in aliases if a.key}.values())
    for batch in chunks(rows, BATCH):
        engine.run(_UPSERT, {"rows": batch}, write=True)
    return len(rows)


def by_keys(engine: Engine, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Recorded aliases of the given clean forms: key -> (alias as written, credit code)."""
    found: dict[str, tuple[str, str]] = {}
    for batch in chunks(sorted(set(keys)), BATCH):
        for row in engine.run(_BY_KEY, {"keys": batch}):
            found[row["key"]] = (row["name"], row["uscc"])
    return found


def find_unit(engine: Engine, ref: str) -> tuple[str, str]:
    """``(credit code, name)`` of the one unit in the graph ``ref`` names, or a clear error."""
    code = compact(ref).upper()
    if len(code) == uscc.LENGTH and uscc.is_valid(code):
        rows = engine.run(_UNIT_BY_CODE, {"code": code})
        if not rows:
            raise RedchainError(
                f"no unit in the graph has the credit code {code}; import its partners file first"
            )
        return code, rows[0]["name"] or code
    index = NameIndex.from_units(unit for unit, _ in graph_units(engine))
    resolution = index.resolve(ref)
    if resolution.unit is not None and not resolution.how.startswith("alias"):
        return resolution.unit.code, resolution.unit.name
    hint = ""
    if resolution.candidates:
        hint = "; did you mean " + " or ".join(c.text() for c in resolution.candidates) + "?"
    raise RedchainError(
        f"{ref!r} does not name exactly one unit in the graph{hint} "
        "Give the unit's credit code or its full name"
    )


def add(engine: Engine, name: str, unit_ref: str, source: str = "cli") -> dict[str, Any]:
    """Record that ``name`` means the unit ``unit_ref`` names; refuses a name already taken."""
    key = clean(name)
    if not key:
        raise RedchainError(f"{name!r} has no letters or digits; an alias needs some")
    code, unit_name = find_unit(engine, unit_ref)
    if clean(unit_name) == key:
        raise RedchainError(f"{name!r} is the unit's own name; it needs no alias")
    existing = by_keys(engine, [key]).get(key)
    status = "created"
    if existing is not None:
        if existing[1] != code:
            raise RedchainError(
                f"{name!r} is already an alias of {existing[1]}; remove it first "
                f"(redchain alias remove {name!r}) if it now means {code}"
            )
        status = "unchanged" if existing[0] == name else "updated"
    record(engine, [Alias(name, code, source)])
    return {"alias": name, "key": key, "uscc": code, "unit": unit_name, "status": status}


def listing(engine: Engine, unit_ref: str | None = None) -> list[dict[str, Any]]:
    """Every alias (of one unit, when given), with the unit's name."""
    code = find_unit(engine, unit_ref)[0] if unit_ref else None
    return [dict(row) for row in engine.run(_LIST, {"uscc": code})]


def remove(engine: Engine, name: str) -> dict[str, Any]:
    """Forget an alias; a clear error when there is none of that name."""
    rows = engine.run(_REMOVE, {"key": clean(name)}, write=True)
    if not rows:
        raise RedchainError(f"no alias {name!r}; 'redchain alias list' shows them")
    return {"alias": rows[0]["alias"], "uscc": rows[0]["uscc"], "status": "removed"}
