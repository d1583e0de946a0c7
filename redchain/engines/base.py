"""The interface every engine implements, and what the rest of redchain may rely on."""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from redchain.errors import QueryError

Record = dict[str, Any]
Params = Mapping[str, Any]


class Engine(ABC):
    """A graph database that runs parameterised Cypher.

    Results are lists of plain dicts: nodes come back as their properties plus ``_labels``,
    relationships as their properties plus ``_type``, DATE values as :class:`datetime.date` and
    DATETIME values as :class:`datetime.datetime`. A :class:`datetime.date` parameter reaches
    the query as a DATE on Neo4j and as ISO text on FalkorDB, whose parameters cannot carry
    one; queries therefore write ``date($as_of)``, which reads both.
    """

    #: ``"embedded"`` or ``"neo4j"``.
    name: str
    #: Where the graph lives, for messages (a data directory or a URI without credentials).
    location: str
    #: Whether another client's write transaction can interleave with ours on the same data.
    concurrent_writers: bool = False
    #: The Cypher function that makes a zoned DATETIME from ISO text, where the engine has one.
    datetime_function: str | None = None
    #: Whether the model's schema has been put in place for this connection's writes.
    _writes_prepared: bool = False

    def prepare_writes(self) -> None:
        """Before the first write through this connection: the model's schema, values checked.

        Engines call it from ``run(write=True)``; schema methods mark the connection prepared,
        since their caller manages the schema itself (``db init``, the importer).
        """
        if self._writes_prepared:
            return
        self._writes_prepared = True
        from redchain.engines.keys import prepare_for_writes

        prepare_for_writes(self)

    @abstractmethod
    def run(
        self,
        query: str,
        params: Params | None = None,
        *,
        write: bool = False,
        timeout: float | None = None,
    ) -> list[Record]:
        """Run one query in one transaction; ``write=False`` refuses to change the graph."""

    def run_rows(
        self,
        query: str,
        rows: list[list[Any]],
        params: Params | None = None,
        *,
        write: bool = True,
    ) -> list[Record]:
        """Run ``query`` once with ``$rows`` and ``params``, in one transaction.

        ``rows`` are lists of plain values (text, numbers, booleans, nulls) that the importer
        has already cleaned; an engine may send them by a leaner path than :meth:`run`.
        """
        return self.run(query, {"rows": rows, **(params or {})}, write=write)

    @contextlib.contextmanager
    def many_writes(self) -> Iterator[None]:
        """Around a long run of write transactions (an import): the engine may defer upkeep
        that would stall them. Durability of each transaction is unchanged."""
        yield

    def write_batch(self, query: str, rows: Sequence[Mapping[str, Any]]) -> list[Record]:
        """Run ``query`` once with ``$rows``: the whole batch commits or none of it does."""
        return self.run(query, {"rows": list(rows)}, write=True)

    def write_batches(
        self, query: str, rows: Iterable[Mapping[str, Any]], batch_size: int = 5000
    ) -> Iterator[list[Record]]:
        """Write ``rows`` in batches, one transaction each, yielding each batch's records."""
        for batch in chunks(rows, batch_size):
            yield self.write_batch(query, batch)

    @abstractmethod
    def schema(self) -> dict[str, list[tuple[str, str]]]:
        """The unique keys and indexes present: ``{"unique": [(label, prop)], "index": [...]}``."""

    @abstractmethod
    def create_unique(self, label: str, prop: str) -> None:
        """Make ``prop`` a unique key of ``label`` (with the index it needs)."""

    @abstractmethod
    def create_index(self, label: str, prop: str) -> None:
        """Index ``label.prop`` for look-ups."""

    @abstractmethod
    def drop_schema(self) -> None:
        """Remove every index and unique key."""

    @abstractmethod
    def version(self) -> str:
        """The engine's version, for ``db status``."""

    def clear(self, batch_size: int = 10_000) -> int:
        """Delete every node and relationship, in batches; returns nodes deleted.

        Relationships go first: deleting a node with many relationships (a chain with its
        members) in one transaction would need them all in memory at once.
        """
        while True:
            rows = self.run(
                "MATCH ()-[r]->() WITH r LIMIT $n DELETE r RETURN count(*) AS c",
                {"n": batch_size},
                write=True,
            )
            if not rows or rows[0]["c"] < batch_size:
                break
        deleted = 0
        while True:
            rows = self.run(
                "MATCH (n) WITH n LIMIT $n DETACH DELETE n RETURN count(*) AS c",
                {"n": batch_size},
                write=True,
            )
            count = rows[0]["c"] if rows else 0
            deleted += count
            if count < batch_size:
                return deleted

    @abstractmethod
    def close(self) -> None:
        """Release connections (and, for the embedded engine, stop its server)."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def timeout_ms(timeout: float | None) -> int | None:
    """A query timeout in whole milliseconds; None or 0 for none; refused when it is no time."""
    if not timeout:
        return None
    if not timeout > 0 or timeout > MAX_TIMEOUT_S:
        raise QueryError(
            f"a timeout of {timeout} s is not usable; give a number of seconds above 0 and at most "
            f"{MAX_TIMEOUT_S:,} (a day), or none"
        )
    return max(1, round(timeout * 1000))


MAX_TIMEOUT_S = 86_400


def not_text(what: str, exc: UnicodeEncodeError) -> str:
    """The message for a value holding half of a UTF-16 surrogate pair, which no engine stores."""
    bad = exc.object[exc.start : exc.end]
    return (
        f"{what} holds {bad!r}, half of a UTF-16 surrogate pair, which is not text; correct "
        "the input (a JSON \\ud800-style escape, or a terminal that is not UTF-8)"
    )


def chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Split an iterable into lists of ``size`` items without reading it all first."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
