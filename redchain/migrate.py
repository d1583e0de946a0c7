"""``redchain db migrate``: bring a graph an older redchain wrote up to the current model.

Version 1 (redchain 0.1) stored dates as ISO text and points and bonuses as floats. Migrating
turns each such value into the type :mod:`redchain.model` declares: text dates become DATE
values, whole floats integers, import-run timestamps DATETIME values where the engine has them.
Each batch is one transaction that converts only values still in the old form, so a migration
can be interrupted at any point and run again; a graph already current is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from redchain import schema
from redchain.engines.base import Engine
from redchain.errors import RedchainError
from redchain.model import DATE_PROPS, INT_PROPS, NODE_TYPES, REL_TYPES, Prop

DEFAULT_BATCH = 10_000


@dataclass(frozen=True)
class Step:
    """One property of one label or relationship type, converted from its old form."""

    what: str  # "Activity.date", "TOOK_PART_IN.points"
    prop: str
    pattern: str  # binds x
    old: str  # condition true while x still holds an old value that can be converted
    stuck: str  # condition true for an old value that cannot be converted
    convert: str  # the new value, from x


@dataclass
class Result:
    from_version: int
    to_version: int
    converted: dict[str, int] = field(default_factory=dict)
    stuck: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.converted.values())

    def to_dict(self) -> dict[str, object]:
        return {
            "from_version": self.from_version,
            "to_version": self.to_version,
            "converted": self.converted,
            "converted_total": self.total,
            "not_converted": self.stuck,
        }


#: Called after each batch with the step, values converted in it so far, and the batch size.
Progress = Callable[[str, int], None]


def _iso_text(value: str) -> str:
    """True for text shaped like an ISO date (``2024-05-01``); FalkorDB has no regex."""
    return (
        f"({value} = toString({value}) AND size({value}) = 10 "
        f"AND substring({value}, 4, 1) = '-' AND substring({value}, 7, 1) = '-')"
    )


def _steps_for(
    pattern: str, owner: str, props: tuple[Prop, ...], datetime_fn: str | None
) -> Iterator[Step]:
    for prop in props:
        value = f"x.{prop.name}"
        what = f"{owner}.{prop.name}"
        if prop.name in DATE_PROPS:
            yield Step(
                what,
                prop.name,
                pattern,
                _iso_text(value),
                f"{value} = toString({value}) AND NOT {_iso_text(value)}",
                f"date({value})",
            )
        elif prop.name in INT_PROPS:
            number = f"(NOT {value} = toString({value}) AND toString({value}) CONTAINS '.')"
            yield Step(
                what,
                prop.name,
                pattern,
                f"{number} AND {value} = toInteger({value})",
                f"{number} AND {value} <> toInteger({value})",
                f"toInteger({value})",
            )
        elif prop.type == "datetime" and datetime_fn:
            yield Step(
                what,
                prop.name,
                pattern,
                f"{value} = toString({value})",
                "false",
                f"{datetime_fn}({value})",
            )


def steps(engine: Engine) -> list[Step]:
    """Every conversion the model implies, nodes first, for this engine."""
    datetime_fn = engine.datetime_function
    found: list[Step] = []
    for node in NODE_TYPES:
        found += _steps_for(f"(x:{node.label})", node.label, node.props, datetime_fn)
    for rel in REL_TYPES:
        found += _steps_for(f"()-[x:{rel.type}]->()", rel.type, rel.props, datetime_fn)
    return found


def migrate(
    engine: Engine, *, batch_size: int = DEFAULT_BATCH, progress: Progress | None = None
) -> Result:
    """Convert every old value in batches, then record the current schema version."""
    if batch_size < 1:
        raise RedchainError(f"--batch-size must be at least 1, not {batch_size}")
    found = schema.version(engine)
    if found > schema.SCHEMA_VERSION:
        raise RedchainError(
            f"the graph at {engine.location} has schema version {found}, newer than this "
            f"redchain ({schema.SCHEMA_VERSION}); upgrade redchain instead"
        )
    result = Result(found, schema.SCHEMA_VERSION)
    for step in steps(engine):
        done = 0
        while True:
            rows = engine.run(
                # Removed first: FalkorDB leaves a value as it is when the new one is equal
                # (9 and 9.0), which would keep a float a float.
                f"MATCH {step.pattern} WHERE {step.old} WITH x LIMIT $n "
                f"WITH x, {step.convert} AS v REMOVE x.{step.prop} SET x.{step.prop} = v "
                "RETURN count(x) AS c",
                {"n": batch_size},
                write=True,
            )
            count = int(rows[0]["c"]) if rows else 0
            done += count
            if count and progress:
                progress(step.what, done)
            if count < batch_size:
                break
        if done:
            result.converted[step.what] = done
        left = engine.run(f"MATCH {step.pattern} WHERE {step.stuck} RETURN count(x) AS c")
        if left and left[0]["c"]:
            result.stuck[step.what] = int(left[0]["c"])
    if result.stuck:
        listing = ", ".join(f"{k} ({v})" for k, v in result.stuck.items())
        raise RedchainError(
            f"converted {result.total} values, but some cannot be read as the model's type: "
            f"{listing}. Correct them (a date as 2024-05-01, a whole number of points) with "
            "'redchain cypher --write' or by re-importing, then run 'redchain db migrate' again"
        )
    schema.create_missing(engine)
    schema.stamp(engine, schema.SCHEMA_VERSION)
    return result
