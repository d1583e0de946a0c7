"""The Neo4j engine, through the official ``neo4j`` driver (``bolt://`` and ``neo4j://``)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from redchain.engines.base import Engine, Params, Record, not_text
from redchain.errors import EngineUnavailable, QueryError, ReadOnlyViolation

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def settings_from_env() -> dict[str, str | None]:
    """The variables Neo4j's own tools read: NEO4J_URI, _USERNAME, _PASSWORD, _DATABASE."""
    return {
        "uri": os.environ.get("NEO4J_URI"),
        "user": os.environ.get("NEO4J_USERNAME", "neo4j"),
        "password": os.environ.get("NEO4J_PASSWORD"),
        "database": os.environ.get("NEO4J_DATABASE") or None,
    }


def redact(uri: str) -> str:
    """The URI without any user or password written into it."""
    parts = urlsplit(uri)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


class Neo4jEngine(Engine):
    name = "neo4j"
    concurrent_writers = True

    def __init__(
        self,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> None:
        env = settings_from_env()
        uri = uri or env["uri"]
        if not uri:
            raise EngineUnavailable(
                "no Neo4j to connect to: set NEO4J_URI (for example bolt://localhost:7687) and "
                "NEO4J_PASSWORD, or use the embedded engine (--backend embedded)"
            )
        parts = urlsplit(uri)
        # Credentials written into a URI end up in shell history and scripts; take them, but
        # prefer NEO4J_USERNAME / NEO4J_PASSWORD.
        user = user or parts.username or env["user"] or "neo4j"
        password = password or parts.password or env["password"]
        if password is None:
            raise EngineUnavailable("NEO4J_PASSWORD is not set; export it before connecting")
        self.database = database or env["database"]
        self.location = redact(uri) + (f" (database {self.database})" if self.database else "")
        try:
            # Server notifications would be logged to stderr, in the middle of a command's output.
            self._driver = neo4j.GraphDatabase.driver(
                redact(uri), auth=(user, password), notifications_min_severity="OFF"
            )
            self._driver.verify_connectivity()
        except AuthError as exc:
            raise EngineUnavailable(
                f"Neo4j at {self.location} refused the user {user!r}: check NEO4J_USERNAME and "
                "NEO4J_PASSWORD"
            ) from exc
        except (ServiceUnavailable, DriverError, OSError, ValueError) as exc:
            raise EngineUnavailable(
                f"cannot reach Neo4j at {self.location}: {one_line(exc)}. Is the server running "
                "(docker compose up -d, or scripts/neo4j-dev start)?"
            ) from exc

    @property
    def driver(self) -> neo4j.Driver:
        return self._driver

    def run(
        self,
        query: str,
        params: Params | None = None,
        *,
        write: bool = False,
        timeout: float | None = None,
    ) -> list[Record]:
        @neo4j.unit_of_work(timeout=timeout)
        def work(tx: neo4j.ManagedTransaction) -> list[Record]:
            result = tx.run(query, dict(params or {}))
            return [{key: _from_value(value) for key, value in record.items()} for record in result]

        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        try:
            with self._driver.session(database=self.database, default_access_mode=mode) as s:
                # Managed transactions retry transient errors and lost leaders by themselves.
                return s.execute_write(work) if write else s.execute_read(work)
        except ClientError as exc:
            if not write and "access mode" in (exc.message or "").lower():
                raise ReadOnlyViolation(
                    "this query writes to the graph; run it with --write (write=True) if that is "
                    "intended"
                ) from exc
            raise QueryError(f"Neo4j refused the query: {exc.message} ({exc.code})") from exc
        except UnicodeEncodeError as exc:
            raise QueryError(not_text("a parameter", exc)) from None
        except (ServiceUnavailable, SessionExpired, TransientError) as exc:
            raise EngineUnavailable(
                f"Neo4j at {self.location} stopped answering and retries ran out: {one_line(exc)}. "
                "Run the command again once the server is back; finished batches are kept and "
                "the import is idempotent"
            ) from exc
        except Neo4jError as exc:  # DatabaseError and the like: the server failed the query
            raise QueryError(f"Neo4j could not run the query: {exc.message} ({exc.code})") from exc

    def run_autocommit(self, query: str, params: Params | None = None) -> list[Record]:
        """An implicit transaction, for ``CALL {...} IN TRANSACTIONS`` and ``LOAD CSV``."""
        with self._driver.session(database=self.database) as session:
            result = session.run(query, dict(params or {}))  # type: ignore[arg-type]
            return [record.data() for record in result]

    def schema(self) -> dict[str, list[tuple[str, str]]]:
        rows = self.run(
            "SHOW INDEXES YIELD type, entityType, labelsOrTypes, properties, owningConstraint "
            "RETURN type, entityType, labelsOrTypes, properties, owningConstraint"
        )
        index: list[tuple[str, str]] = []
        unique: list[tuple[str, str]] = []
        for row in rows:
            if row["entityType"] != "NODE" or not row["labelsOrTypes"] or row["type"] == "LOOKUP":
                continue
            pairs = [(row["labelsOrTypes"][0], p) for p in row["properties"]]
            (unique if row["owningConstraint"] else index).extend(pairs)
        return {"index": sorted(index), "unique": sorted(unique)}

    def create_unique(self, label: str, prop: str) -> None:
        _check_identifier(label, prop)
        self.run(
            f"CREATE CONSTRAINT {label.lower()}_{prop}_unique IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE",
            write=True,
        )

    def create_index(self, label: str, prop: str) -> None:
        _check_identifier(label, prop)
        self.run(
            f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})",
            write=True,
        )

    def drop_schema(self) -> None:
        for row in self.run("SHOW CONSTRAINTS YIELD name RETURN name"):
            self.run(f"DROP CONSTRAINT `{row['name']}` IF EXISTS", write=True)
        for row in self.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"):
            self.run(f"DROP INDEX `{row['name']}` IF EXISTS", write=True)

    def version(self) -> str:
        rows = self.run(
            "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"
        )
        row = rows[0]
        return f"{row['name']} {row['versions'][0]} {row['edition']}"

    def close(self) -> None:
        self._driver.close()


def one_line(exc: BaseException) -> str:
    """The driver's message on one line (it spreads a failed connection over several)."""
    return " ".join(str(exc).split())


def _check_identifier(*names: str) -> None:
    for name in names:
        if not _IDENTIFIER.match(name):
            raise QueryError(f"{name!r} is not a plain identifier; names come from the model")


def _from_value(value: Any) -> Any:
    if isinstance(value, neo4j.graph.Node):
        return {"_labels": sorted(value.labels), **_from_value(dict(value.items()))}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_type": value.type, **_from_value(dict(value.items()))}
    if isinstance(value, neo4j.graph.Path):
        return [_from_value(n) for n in value.nodes]
    if isinstance(value, list):
        return [_from_value(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _from_value(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
