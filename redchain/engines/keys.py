"""Unique keys an engine can build: the values that would break one are found and named first.

FalkorDB 4.16 crashes, and then crashes again at every start while it replays its log, when a
unique constraint is created over a value that is empty, starts or ends with a space, or is
longer than its index allows (FalkorDB issues 1340 and 2440); a constraint over duplicate values
ends FAILED with nothing saying so. Neo4j refuses duplicates with an error of its own. So before
any unique key is created on a graph that already holds nodes, the values are read and checked
here, and the key is refused with the offending values named. The same rules are the importer's:
keys are trimmed, not empty, and at most ``MAX_KEY_BYTES`` long, so no import is ever refused here.

The model's schema is also put in place the first time a graph is opened for writing, before the
first write of any kind (an import, ``db reset``, or a hand-written ``cypher --write``), so that
values are checked by the engine as they arrive rather than found afterwards.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from redchain.errors import SchemaRefused

if TYPE_CHECKING:
    from redchain.engines.base import Engine

log = logging.getLogger("redchain")

# FalkorDB fails on unique values over 4,096 bytes; the importer keeps keys to 1,000 characters.
MAX_KEY_BYTES = 4000
SHOWN = 5


def unfit_reason(value: Any) -> str | None:
    """Why ``value`` cannot be a unique key's value, or None when it can."""
    if not isinstance(value, str):
        return None
    if value == "":
        return "is empty"
    if value != value.strip():
        return "starts or ends with a space"
    size = len(value.encode("utf-8", errors="surrogatepass"))
    if size > MAX_KEY_BYTES:
        return f"is {size:,} bytes long (at most {MAX_KEY_BYTES:,})"
    return None


def shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}...{text[-12:]} ({len(str(value)):,} chars)"


def problems(engine: Engine, label: str, prop: str) -> list[str]:
    """Each value of ``label.prop`` that a unique key cannot hold, described; [] when it can."""
    rows = engine.run(
        f"MATCH (n:{label}) WHERE n.{prop} IS NOT NULL RETURN n.{prop} AS k, count(*) AS c"
    )
    found = []
    for row in rows:
        why = unfit_reason(row["k"])
        if why is None and row["c"] > 1:
            why = f"is held by {row['c']} nodes"
        if why is not None:
            found.append(f"{shown(row['k'])} {why}")
    return sorted(found)


def check_constrainable(engine: Engine, label: str, prop: str) -> None:
    """Raise :class:`SchemaRefused` naming the values that keep ``label.prop`` from being unique."""
    found = problems(engine, label, prop)
    if not found:
        return
    more = f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
    raise SchemaRefused(
        f"cannot make {label}.{prop} a unique key on {engine.location}: {len(found)} value(s) "
        f"cannot be one: {'; '.join(found[:SHOWN])}{more}. Correct or remove those nodes with "
        f'redchain cypher --write (for example "MATCH (n:{label}) WHERE toString(n.{prop}) = $v '
        'DETACH DELETE n" -p v=VALUE), then run the command again'
    )


def prepare_for_writes(engine: Engine) -> None:
    """Create the model's missing indexes and unique keys; a key that cannot be built is left
    out with a warning naming its values (the graph stays readable and correctable)."""
    from redchain import schema

    for item in schema.missing(engine):
        try:
            if item.kind == "unique":
                engine.create_unique(item.label, item.prop)
            else:
                engine.create_index(item.label, item.prop)
        except SchemaRefused as exc:
            log.warning("%s", exc)
