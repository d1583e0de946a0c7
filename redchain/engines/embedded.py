"""The embedded engine: FalkorDB in a server that redchain starts and stops itself."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import stat
import subprocess
import time
from collections.abc import Iterator, Mapping
from typing import Any

import redis
from falkordb import Edge, FalkorDB, Node, Path

from redchain.engines import header, keys
from redchain.engines.base import Engine, Params, Record, not_text, timeout_ms
from redchain.engines.embedded_server import EmbeddedServer, check_own_folder
from redchain.errors import (
    EngineUnavailable,
    QueryError,
    ReadOnlyViolation,
    SchemaRefused,
    UnsafeDataDir,
)

# How long a new unique key may take to be checked against the nodes already there.
CONSTRAINT_BUILD_S = 600.0

DEFAULT_GRAPH = "redchain"


class EmbeddedEngine(Engine):
    name = "embedded"
    # FalkorDB runs one write query at a time per graph, and one redchain process owns the
    # data directory.
    concurrent_writers = False

    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        graph: str = DEFAULT_GRAPH,
        *,
        server: EmbeddedServer | None = None,
    ) -> None:
        """Start the server of ``data_dir`` for this engine, attach to the one ``redchain serve``
        shares, or use a running ``server`` (which then keeps running after :meth:`close`)."""
        self._owns_server = server is None
        self.server = server or attach_to_shared_server(data_dir) or EmbeddedServer(data_dir)
        if self._owns_server:
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
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            message = self._lost_message(exc)
            if self._owns_server:
                self.server.stop()
            raise EngineUnavailable(message) from exc
        except Exception:
            if self._owns_server:
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
        limit = timeout_ms(timeout)
        if write:
            self.prepare_writes()
        if params:
            # Plain parameters take the fast header; others (maps, dates, text the header
            # parser would misread) the checked walk, which says what is wrong with a value.
            text = header.encode(params)
            if text is not None:
                return self._query(text + query, None, write, limit)
        prepared = {k: _to_param(v, k) for k, v in (params or {}).items()}
        return self._query(query, prepared, write, limit)

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
        self, query: str, prepared: dict[str, Any] | None, write: bool, limit: int | None
    ) -> list[Record]:
        try:
            query.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise QueryError(not_text("the query", exc)) from None
        call = self._graph.query if write else self._graph.ro_query
        try:
            result = call(query, prepared, timeout=limit)
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
        process = self.server.process
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(1.0)  # a server that closed the connection is often exiting
        running = self.server.is_running()
        if not running and process is not None and process.returncode == -signal.SIGSEGV:
            return (
                f"the embedded server for {self.location} crashed (signal 11) on this command; "
                "every write that finished is in its append-only file. If the next command "
                f"crashes it again, run 'redchain --data-dir {self.location} db doctor'"
            )
        state = "stopped" if not running else "stopped answering"
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
        self._writes_prepared = True
        self.run(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})", write=True)

    def create_unique(self, label: str, prop: str) -> None:
        self._writes_prepared = True
        # A constraint that failed before (duplicates written before it) is dropped and rebuilt.
        if self.constraint_status(label, prop) == "FAILED":
            self._constraint("DROP", label, prop)
        # Values FalkorDB cannot constrain would crash it now and at every start after.
        keys.check_constrainable(self, label, prop)
        # A unique constraint needs an exact-match index on the same property first
        # (https://docs.falkordb.com/commands/graph.constraint-create.html).
        if (label, prop) not in self.schema()["index"]:
            self.create_index(label, prop)
        self._constraint("CREATE", label, prop)
        # FalkorDB checks the nodes already there in the background: wait for its verdict.
        deadline = time.monotonic() + CONSTRAINT_BUILD_S
        while (status := self.constraint_status(label, prop)) == "PENDING":
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
        if status == "FAILED":
            self._constraint("DROP", label, prop)
            keys.check_constrainable(self, label, prop)
            raise SchemaRefused(
                f"FalkorDB could not make {label}.{prop} a unique key on {self.location}; "
                "check its values with 'redchain db doctor'"
            )

    def constraint_status(self, label: str, prop: str) -> str | None:
        """``OPERATIONAL``, ``PENDING`` or ``FAILED`` for the unique key; None if it has none."""
        for row in self.run(
            "CALL db.constraints() YIELD type, label, properties, status "
            "RETURN type, label, properties, status"
        ):
            if row["type"] == "UNIQUE" and row["label"] == label and row["properties"] == [prop]:
                return str(row["status"])
        return None

    def failed_constraints(self) -> list[tuple[str, str]]:
        return sorted(
            (row["label"], prop)
            for row in self.run(
                "CALL db.constraints() YIELD type, label, properties, status "
                "RETURN type, label, properties, status"
            )
            if row["type"] == "UNIQUE" and row["status"] == "FAILED"
            for prop in row["properties"]
        )

    def _constraint(self, action: str, label: str, prop: str) -> None:
        self._command(
            "GRAPH.CONSTRAINT",
            action,
            self.graph_name,
            "UNIQUE",
            "NODE",
            label,
            "PROPERTIES",
            1,
            prop,
        )

    def drop_schema(self) -> None:
        self._writes_prepared = True
        current = self.schema()
        for label, prop in sorted({*current["unique"], *self.failed_constraints()}):
            self._constraint("DROP", label, prop)
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
                ver = int(fields.get("ver", fields.get(b"ver")) or 0)
                return f"FalkorDB {ver // 10000}.{ver // 100 % 100}.{ver % 100}"
        return "FalkorDB (unknown version)"

    def graph_exists(self) -> bool:
        return bool(self._db.connection.exists(self.graph_name))

    def clear(self, batch_size: int = 10_000) -> int:
        count = int(self.run("MATCH (n) RETURN count(n) AS c")[0]["c"])
        self._command("GRAPH.DELETE", self.graph_name)  # drops data and schema at once
        self._graph.query("RETURN 1")
        self._writes_prepared = False
        return count

    def drop_failed(self, label: str, prop: str) -> None:
        """Drop a unique key that FalkorDB marked FAILED, so that it can be built again."""
        self._constraint("DROP", label, prop)

    def close(self) -> None:
        try:
            self._db.connection.close()
        finally:
            if self._owns_server:
                self.server.stop()


#: Written into the data directory by a process that shares its running server (``redchain
#: serve``): the server's pid, one line. Other processes attach to that server while it lives.
SHARED_MARKER = "shared.pid"


class SharedServer(EmbeddedServer):
    """A server another redchain process runs and shares: this process is only its client, so
    starting and stopping it are no-ops and the owner keeps the lock."""

    def __init__(self, data_dir: str | os.PathLike[str] | None, owner_pid: int) -> None:
        super().__init__(data_dir)
        self.owner_pid = owner_pid

    def start(self, extra: dict[str, str] | None = None) -> None:
        pass

    def is_running(self) -> bool:
        return _pid_alive(self.owner_pid) and os.path.exists(self.socket_path)

    def stop(self, timeout: float = 30.0) -> None:
        pass


def attach_to_shared_server(data_dir: str | os.PathLike[str] | None) -> SharedServer | None:
    """The running server of ``data_dir`` when another process shares it, else None.

    It is shared when the data directory holds ``SHARED_MARKER`` naming a live process, and the
    server's unix socket exists, belongs to this user and answers. Anything less (no marker, a
    stale pid, a socket of another user) returns None and the caller starts its own server,
    which waits for the lock as before.
    """
    server = SharedServer(data_dir, 0)
    try:
        # The same trust as a server of our own: the folder must be ours alone.
        check_own_folder(server.data_dir, "data directory")
        owner_pid = int((server.data_dir / SHARED_MARKER).read_text().split()[0])
        socket_stat = os.stat(server.socket_path)
    except (OSError, ValueError, IndexError, UnsafeDataDir):
        return None
    if owner_pid == os.getpid() or not _pid_alive(owner_pid):
        return None
    if socket_stat.st_uid != os.getuid() or not stat.S_ISSOCK(socket_stat.st_mode):
        return None
    client = redis.Redis(unix_socket_path=server.socket_path, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError:
        return None
    finally:
        client.close()
    server.owner_pid = owner_pid
    return server


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
    return value  # dates arrive as datetime.date, local date-times as datetime.datetime
