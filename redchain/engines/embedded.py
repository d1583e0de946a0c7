"""The embedded engine: FalkorDB in a server that redchain starts and stops itself."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Mapping
from typing import Any

import redis
from falkordb import Edge, FalkorDB, Node, Path

from redchain.engines import header
from redchain.engines.base import Engine, Params, Record, not_text
from redchain.engines.embedded_server import EmbeddedServer
from redchain.errors import EngineUnavailable, QueryError, ReadOnlyViolation

DEFAULT_GRAPH = "redchain"


class EmbeddedEngine(Engine):
    name = "embedded"
    # FalkorDB runs one write query at a time per graph, and one redchain process owns the
    # data directory.
    concurrent_writers = False

    def __init__(
        self, data_dir: str | os.PathLike[str] | None = None, graph: str = DEFAULT_GRAPH
    ) -> None:
        self.server = EmbeddedServer(data_dir)
        self.server.start()
        self.graph_name = graph
        self.location = str(self.server.data_dir)
        self._db = FalkorDB(unix_socket_path=self.server.socket_path)
        self._graph = self._db.select_graph(graph)
        try:
            # Reads on a graph key that does not exist yet are errors in FalkorDB; a write query
            # creates the (empty) graph so that every read works from the start.
            if not self.graph_exists():
                self._graph.query("RETURN 1")
        except Exception:
            self.server.stop()
            raise

    def run(
        self,
        query: str,
        params: Params | None = None,
        *,
        write: bool = False,
        timeout: float | None = None,
    ) -> list[Record]:
        if params:
            # Plain parameters take the fast header; others (maps, dates, text the header
            # parser would misread) the checked walk, which says what is wrong with a value.
            text = header.encode(params)
            if text is not None:
                return self._query(text + query, None, write, timeout)
        prepared = {k: _to_param(v, k) for k, v in (params or {}).items()}
        return self._query(query, prepared, write, timeout)

    @contextlib.contextmanager
    def many_writes(self) -> Iterator[None]:
        """No rewriting of the append-only log while the writes inside run (a rewrite forks
        the server and copies the graph); each write is still on disk before it is
        acknowledged. The log is compacted afterwards as it would have been."""
        self._command("CONFIG", "SET", "auto-aof-rewrite-percentage", "0")
        try:
            yield
        finally:
            with contextlib.suppress(EngineUnavailable, QueryError):
                self._command("CONFIG", "SET", "auto-aof-rewrite-percentage", "100")

    def _query(
        self, query: str, prepared: dict[str, Any] | None, write: bool, timeout: float | None
    ) -> list[Record]:
        timeout_ms = int(timeout * 1000) if timeout else None
        call = self._graph.query if write else self._graph.ro_query
        try:
            result = call(query, prepared, timeout=timeout_ms)
        except redis.ResponseError as exc:
            message = str(exc)
            if "read-only" in message or "RO_QUERY" in message:
                raise ReadOnlyViolation(
                    "this query writes to the graph; run it with --write (write=True) if that is "
                    "intended"
                ) from exc
            raise QueryError(f"FalkorDB refused the query: {message}") from exc
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise EngineUnavailable(self._lost_message(exc)) from exc
        names = [column[1] for column in result.header]
        return [
            {name: _from_value(value) for name, value in zip(names, row, strict=True)}
            for row in result.result_set
        ]

    def _lost_message(self, exc: Exception) -> str:
        state = "stopped" if not self.server.is_running() else "stopped answering"
        return (
            f"the embedded server for {self.location} {state} ({exc}). Every write that "
            "finished is in its append-only file; run the command again to restart it. "
            f"Server log:\n{self.server.log_tail()}"
        )

    def schema(self) -> dict[str, list[tuple[str, str]]]:
        indexes = self.run(
            "CALL db.indexes() YIELD label, properties, entitytype "
            "RETURN label, properties, entitytype"
        )
        constraints = self.run(
            "CALL db.constraints() YIELD type, label, properties, status "
            "RETURN type, label, properties, status"
        )
        return {
            "index": sorted(
                (row["label"], prop)
                for row in indexes
                if row["entitytype"] == "NODE"
                for prop in row["properties"]
            ),
            "unique": sorted(
                (row["label"], prop)
                for row in constraints
                if row["type"] == "UNIQUE" and row["status"] != "FAILED"
                for prop in row["properties"]
            ),
        }

    def create_index(self, label: str, prop: str) -> None:
        # FalkorDB has no CREATE INDEX ... IF NOT EXISTS; callers check schema() first.
        self.run(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})", write=True)

    def create_unique(self, label: str, prop: str) -> None:
        # A unique constraint needs an exact-match index on the same property first
        # (https://docs.falkordb.com/commands/graph.constraint-create.html).
        if (label, prop) not in self.schema()["index"]:
            self.create_index(label, prop)
        self._command(
            "GRAPH.CONSTRAINT",
            "CREATE",
            self.graph_name,
            "UNIQUE",
            "NODE",
            label,
            "PROPERTIES",
            1,
            prop,
        )

    def drop_schema(self) -> None:
        current = self.schema()
        for label, prop in current["unique"]:
            self._command(
                "GRAPH.CONSTRAINT",
                "DROP",
                self.graph_name,
                "UNIQUE",
                "NODE",
                label,
                "PROPERTIES",
                1,
                prop,
            )
        for label, prop in current["index"]:
            self.run(f"DROP INDEX ON :{label}({prop})", write=True)

    def _command(self, *args: Any) -> Any:
        try:
            return self._db.connection.execute_command(*args)
        except redis.ResponseError as exc:
            raise QueryError(f"FalkorDB refused {args[0]} {args[1]}: {exc}") from exc
        except redis.ConnectionError as exc:
            raise EngineUnavailable(self._lost_message(exc)) from exc

    def version(self) -> str:
        modules = self._command("MODULE", "LIST")
        for module in modules:
            fields = dict(zip(module[::2], module[1::2], strict=True))
            name = fields.get("name", fields.get(b"name"))
            if name in ("graph", b"graph"):
                ver = int(fields.get("ver", fields.get(b"ver", 0)))
                return f"FalkorDB {ver // 10000}.{ver // 100 % 100}.{ver % 100}"
        return "FalkorDB (unknown version)"

    def graph_exists(self) -> bool:
        return bool(self._db.connection.exists(self.graph_name))

    def clear(self, batch_size: int = 10_000) -> int:
        count = self.run("MATCH (n) RETURN count(n) AS c")[0]["c"]
        self._command("GRAPH.DELETE", self.graph_name)  # drops data and schema at once
        self._graph.query("RETURN 1")
        return count

    def close(self) -> None:
        try:
            self._db.connection.close()
        finally:
            self.server.stop()


def _to_param(value: Any, name: str) -> Any:
    """Make a value safe for FalkorDB's ``CYPHER name=value`` parameter header."""
    if isinstance(value, str):
        if "\x00" in value:
            raise QueryError(
                f"parameter {name!r} contains a NUL character, which the embedded "
                "engine cannot store; remove it from the input"
            )
        return _unicode_text(value, name)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value != value:
        raise QueryError(f"parameter {name!r} is NaN; give a number or leave it empty")
    if isinstance(value, Mapping):
        return {_map_key(k, name): _to_param(v, name) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_to_param(v, name) for v in value]
    return value


def _unicode_text(text: str, name: str) -> str:
    """``text`` unless it holds half of a UTF-16 surrogate pair (JSON can spell one, as
    ``\\ud800``), which is not text any engine can store."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise QueryError(not_text(f"parameter {name!r}", exc)) from None
    return text


def _map_key(key: Any, name: str) -> str:
    # FalkorDB's parameter header writes map keys between backticks, with no escape for one.
    text = _unicode_text(str(key), name)
    if not text or "`" in text:
        raise QueryError(
            f"parameter {name!r} has the map key {text!r}; the embedded engine takes keys that "
            "are not empty and hold no backtick (`)"
        )
    return text


def _from_value(value: Any) -> Any:
    if isinstance(value, Node):
        return {"_labels": list(value.labels or []), **_from_value(value.properties)}
    if isinstance(value, Edge):
        return {"_type": value.relation, **_from_value(value.properties)}
    if isinstance(value, Path):
        return [_from_value(n) for n in value.nodes()]
    if isinstance(value, list):
        return [_from_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _from_value(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
