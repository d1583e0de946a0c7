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

from redchain.engines import keys
from redchain.engines.base import Engine, Params, Record, not_text, timeout_ms
from redchain.errors import EngineUnavailable, QueryError, ReadOnlyViolation

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
# Operators a read-only query may not have, though Neo4j's read access mode runs them: LOAD CSV
# reads files and URLs as the server, administration commands run against the system database.
_OUTSIDE_READS = ("LoadCSV", "AdministrationCommand")
_VERDICTS_KEPT = 512


def check_uri(uri: str) -> str:
    """``uri`` if the driver can use it; else a one-line error saying what a URI looks like."""
    example = "for example bolt://localhost:7687, or neo4j://host:7687 for a cluster"
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise EngineUnavailable(
            f"NEO4J_URI {redact_loose(uri)!r} is not a URI ({exc}); {example}"
        ) from None
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise EngineUnavailable(
            f"NEO4J_URI {redact_loose(uri)!r} is not a Neo4j address: it must start with "
            f"{', '.join(s + '://' for s in SCHEMES)} and name a host; {example}"
        )
    return uri


def redact_loose(uri: str) -> str:
    """A URI that may not parse, with anything between ``//`` and ``@`` hidden."""
    return re.sub(r"//[^/@]*@", "//***@", uri)


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
    datetime_function = "datetime"

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
        parts = urlsplit(check_uri(uri))
        self._verdicts: dict[str, str | None] = {}
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
        limit = timeout_ms(timeout)
        if write:
            self.prepare_writes()

        @neo4j.unit_of_work(timeout=None if limit is None else limit / 1000)
        def work(tx: neo4j.ManagedTransaction) -> list[Record]:
            if not write:
                self._refuse_outside_reads(tx, query, params)
            result = tx.run(query, dict(params or {}))
            return [
                {key: _from_value(record[key]) for key in record.keys()}  # noqa: SIM118
                for record in result
            ]

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

    def _refuse_outside_reads(
        self, tx: neo4j.ManagedTransaction, query: str, params: Params | None
    ) -> None:
        """Refuse a read that reaches outside the graph, judged by the plan Neo4j makes for it."""
        if query not in self._verdicts:
            summary = tx.run("EXPLAIN " + query, dict(params or {})).consume()
            found = sorted(set(_operators(summary.plan)))
            outside = [
                op for op in found if op.split("@")[0] in _OUTSIDE_READS or op.endswith("@system")
            ]
            verdict = None
            if summary.query_type in ("w", "rw"):
                verdict = "this query writes to the graph"
            elif outside:
                verdict = (
                    f"this query reaches outside the graph ({', '.join(outside)}: LOAD CSV or an "
                    "administration command), which a read-only query may not"
                )
            if len(self._verdicts) >= _VERDICTS_KEPT:
                self._verdicts.clear()
            self._verdicts[query] = verdict
        verdict = self._verdicts[query]
        if verdict is not None:
            raise ReadOnlyViolation(
                f"{verdict}; run it with --write (write=True) if that is intended"
            )

    def run_autocommit(self, query: str, params: Params | None = None) -> list[Record]:
        """An implicit transaction, for ``CALL {...} IN TRANSACTIONS`` and ``LOAD CSV``."""
        self.prepare_writes()
        with self._driver.session(database=self.database) as session:
            result = session.run(query, dict(params or {}))
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
        self._writes_prepared = True
        keys.check_constrainable(self, label, prop)
        self.run(
            f"CREATE CONSTRAINT {label.lower()}_{prop}_unique IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE",
            write=True,
        )

    def create_index(self, label: str, prop: str) -> None:
        _check_identifier(label, prop)
        self._writes_prepared = True
        self.run(
            f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})",
            write=True,
        )

    def drop_schema(self) -> None:
        self._writes_prepared = True
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


def _operators(plan: Mapping[str, Any] | None) -> list[str]:
    if not plan:
        return []
    found = [str(plan.get("operatorType", ""))]
    for child in plan.get("children", []):
        found += _operators(child)
    return found


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
    if isinstance(value, neo4j.time.Date | neo4j.time.DateTime):
        return value.to_native()  # datetime.date / datetime.datetime, as the embedded engine
    if hasattr(value, "iso_format"):  # times and durations: ISO text
        return value.iso_format()
    return value
