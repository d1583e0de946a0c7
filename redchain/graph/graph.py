"""The graph an analyst holds: what ``redchain.connect()`` returns.

A :class:`Graph` is an engine (everything that takes an engine takes it) with, on top, matchers
for the model's nodes, writes through the importer, named queries, gap look-ups and views, and
results that turn into DataFrames.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any

from redchain import querylib, schema
from redchain.engines.base import Engine, Params, Record
from redchain.errors import RedchainError
from redchain.gaps import gap_report
from redchain.graph.matchers import (
    MATCHERS,
    ActivityMatcher,
    BaseMatcher,
    DateLike,
    Match,
    NodeMatcher,
    Period,
    UnitMatcher,
    period_conditions,
    today_or,
)
from redchain.graph.objects import (
    NODE_CLASSES,
    RELATIONSHIP_CLASSES,
    GraphObject,
    Node,
    field_names,
)
from redchain.graph.result import Result
from redchain.graph.writes import MergeResult, merge_objects
from redchain.model import ACTIVITY, BASE, ORGANIZATION, PARTNERS_WITH, TOOK_PART_IN


class Graph(Engine):
    """The graph on one engine, for Python and notebooks."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- the engine's interface, passed through ----------------------------------------------

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.engine.name

    @property
    def location(self) -> str:  # type: ignore[override]
        return self.engine.location

    @property
    def concurrent_writers(self) -> bool:  # type: ignore[override]
        return self.engine.concurrent_writers

    @property
    def datetime_function(self) -> str | None:  # type: ignore[override]
        return self.engine.datetime_function

    def run(
        self,
        query: str,
        params: Params | None = None,
        *,
        write: bool = False,
        timeout: float | None = None,
        **named: Any,
    ) -> Result:
        """Run Cypher with parameters as a dict, as keywords, or both; read-only unless
        ``write=True``. The rows come back as a :class:`Result` (a list of dicts)."""
        merged = {**(params or {}), **named}
        return Result(self.engine.run(query, merged, write=write, timeout=timeout))

    def prepare_writes(self) -> None:
        self.engine.prepare_writes()

    def run_rows(
        self,
        query: str,
        rows: list[list[Any]],
        params: Params | None = None,
        *,
        write: bool = True,
    ) -> list[Record]:
        return self.engine.run_rows(query, rows, params, write=write)

    @contextlib.contextmanager
    def many_writes(self) -> Iterator[None]:
        with self.engine.many_writes():
            yield

    def write_batch(self, query: str, rows: Sequence[Mapping[str, Any]]) -> list[Record]:
        return self.engine.write_batch(query, rows)

    def write_batches(
        self, query: str, rows: Iterable[Mapping[str, Any]], batch_size: int = 5000
    ) -> Iterator[list[Record]]:
        return self.engine.write_batches(query, rows, batch_size)

    def schema(self) -> dict[str, list[tuple[str, str]]]:
        return self.engine.schema()

    def create_unique(self, label: str, prop: str) -> None:
        self.engine.create_unique(label, prop)

    def create_index(self, label: str, prop: str) -> None:
        self.engine.create_index(label, prop)

    def drop_schema(self) -> None:
        self.engine.drop_schema()

    def version(self) -> str:
        return self.engine.version()

    def clear(self, batch_size: int = 10_000) -> int:
        return self.engine.clear(batch_size)

    def close(self) -> None:
        self.engine.close()

    def __enter__(self) -> Graph:
        return self

    def __getattr__(self, name: str) -> Any:
        # What one engine has beyond the common interface (the embedded server, say).
        if name == "engine":
            raise AttributeError(name)
        return getattr(self.engine, name)

    def __repr__(self) -> str:
        return f"<redchain Graph on {self.engine.name} at {self.engine.location}>"

    # --- schema --------------------------------------------------------------------------------

    def ensure_schema(self) -> None:
        """Create the model's unique keys and indexes where missing (safe to repeat)."""
        schema.ensure(self.engine)

    def load_sample(self, *, force: bool = False) -> dict[str, Any]:
        """Replace the graph with the shipped sample, as ``redchain demo`` does; returns the
        counts loaded. Refuses a graph holding data the demo did not load, unless ``force``."""
        from redchain.demo import load_sample

        return load_sample(self.engine, force=force).counts

    # --- matchers ------------------------------------------------------------------------------

    def nodes(self, cls: type[Node] | str) -> NodeMatcher:
        """The matcher for a node class (``Unit``) or label (``"Organization"``)."""
        if isinstance(cls, str):
            if cls not in NODE_CLASSES:
                raise RedchainError(
                    f"no node label {cls!r} in the model; use one of: {', '.join(NODE_CLASSES)}"
                )
            cls = NODE_CLASSES[cls]
        matcher = MATCHERS.get(cls.__model__.label, NodeMatcher)
        return matcher(self, cls)

    @cached_property
    def units(self) -> UnitMatcher:
        """Organisations: ``get(credit code or name)``, ``match(domain=, subdistrict=, ...)``."""
        return UnitMatcher(self, NODE_CLASSES[ORGANIZATION.label])

    @cached_property
    def chains(self) -> NodeMatcher:
        return self.nodes("Chain")

    @cached_property
    def bases(self) -> BaseMatcher:
        """Bases: ``get(name)``, ``match(chain=, host=, kind=)``."""
        return BaseMatcher(self, NODE_CLASSES[BASE.label])

    @cached_property
    def activities(self) -> ActivityMatcher:
        """Activities: ``get(code)``, ``match(chain=, base=, kind=, period=)``."""
        return ActivityMatcher(self, NODE_CLASSES[ACTIVITY.label])

    def partners_of(self, uscc: str, as_of: DateLike | None = None) -> Match:
        """Units with a partnership with ``uscc`` that counts on ``as_of`` (default today)."""
        org = ORGANIZATION.label
        return Match(
            self,
            NODE_CLASSES[org],
            f"MATCH (u:{org} {{uscc: $anchor}})-[p:{PARTNERS_WITH.type}]-(n:{org})",
            conditions=(
                "n.uscc <> $anchor",
                "(p.since IS NULL OR p.since <= date($day))",
                "(p.until IS NULL OR p.until > date($day))",
            ),
            params={"anchor": uscc, "day": today_or(as_of, "partners(as_of=...)")},
        )

    def partnerships_of(self, uscc: str, as_of: DateLike | None = None) -> Result:
        """The partnerships of ``uscc``, those counting on ``as_of`` when given, by partner."""
        org = ORGANIZATION.label
        params: dict[str, Any] = {"anchor": uscc}
        where = "o.uscc <> $anchor"
        if as_of is not None:
            params["day"] = today_or(as_of, "partnerships(as_of=...)")
            where += (
                " AND (p.since IS NULL OR p.since <= date($day))"
                " AND (p.until IS NULL OR p.until > date($day))"
            )
        rows = self.engine.run(
            f"MATCH (u:{org} {{uscc: $anchor}})-[p:{PARTNERS_WITH.type}]-(o:{org}) WHERE {where} "
            "RETURN u.name AS start, p AS p, o.name AS end ORDER BY o.uscc, p.since",
            params,
        )
        cls = RELATIONSHIP_CLASSES[PARTNERS_WITH.type]
        found = [cls.from_record(row["start"], row["p"], row["end"]).bound(self) for row in rows]
        return Result(found, columns=field_names(cls))

    def activities_of(self, uscc: str, period: Period | None = None) -> Match:
        """Activities ``uscc`` took part in, within ``period`` (from, to) when given."""
        found = Match(
            self,
            NODE_CLASSES[ACTIVITY.label],
            f"MATCH (u:{ORGANIZATION.label} {{uscc: $anchor}})-[:{TOOK_PART_IN.type}]->"
            f"(n:{ACTIVITY.label})",
            params={"anchor": uscc},
        )
        return found.where(**period_conditions(period)) if period is not None else found

    def participants_of(self, code: str) -> Match:
        """Units that took part in the activity ``code``."""
        org = ORGANIZATION.label
        return Match(
            self,
            NODE_CLASSES[org],
            f"MATCH (a:{ACTIVITY.label} {{code: $anchor}})<-[:{TOOK_PART_IN.type}]-(n:{org})",
            params={"anchor": code},
        )

    def gaps_of(self, uscc: str, as_of: DateLike | None = None, **options: Any) -> Result:
        """The gaps of the report on ``as_of`` that list the unit (or a base it hosts)."""
        report = gap_report(self.engine, as_of=as_of, **options)
        rows = []
        for gap in report.gaps:
            if any(uscc in (item.get("uscc"), item.get("host_uscc")) for item in gap.items):
                rows.append(
                    {
                        "gap": gap.name,
                        "title_zh": gap.title_zh,
                        "title_en": gap.title_en,
                        "advice_en": gap.advice_en,
                        "as_of": report.as_of,
                    }
                )
        return Result(rows, columns=["gap", "title_zh", "title_en", "advice_en", "as_of"])

    # --- writes --------------------------------------------------------------------------------

    def merge(
        self, *objects: GraphObject | Iterable[GraphObject], dry_run: bool = False
    ) -> MergeResult:
        """Create or update objects (units, partnerships, ...) on the model's keys.

        Give one object, several, or lists of them: they go through the importer together, with
        its checks (credit codes, references), and either all are written or none is. With
        ``dry_run`` nothing is written and the counts say what would change.
        """
        flat: list[Any] = []
        for item in objects:
            if isinstance(item, GraphObject):
                flat.append(item)
            elif isinstance(item, Iterable) and not isinstance(item, str | bytes | Mapping):
                flat.extend(item)
            else:
                flat.append(item)
        return merge_objects(self.engine, flat, dry_run=dry_run)

    # --- queries, gaps and views ---------------------------------------------------------------

    def query(self, name: str, *, timeout: float | None = None, **params: Any) -> Result:
        """Run the named query ``name`` of the query library (``redchain query list``)."""
        return Result(querylib.run(self.engine, name, params, timeout=timeout))

    def gaps(self, as_of: DateLike | None = None, **options: Any) -> Any:
        """The gap report (every coverage gap of the chain) as the network stood on ``as_of``."""
        return gap_report(self.engine, as_of=as_of, **options)

    def view(self, options: Any = None, *, height: int | None = None, **chosen: Any) -> Any:
        """The network page inline in a notebook: ``graph.view(around="南沙街道", hops=2)``.

        Takes a ``ViewOptions`` or its fields as keywords (see docs/views.md).
        """
        from redchain.viz import ViewOptions, show
        from redchain.viz.notebook import DEFAULT_HEIGHT

        if options is None:
            options = ViewOptions(**chosen)
        elif chosen:
            raise RedchainError("view() takes a ViewOptions or keywords, not both")
        return show(self.engine, options, height or DEFAULT_HEIGHT)
