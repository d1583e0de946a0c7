"""Read-only on Neo4j stays inside the graph (issue 10, case 8).

Neo4j's read access mode still runs ``LOAD CSV FROM 'http://...'`` (the server makes the request)
and administration commands such as ``SHOW USERS``; redchain's read path refuses both.
"""

from __future__ import annotations

import socket
import threading
from typing import Any

import pytest
from reliability_support import has_traceback


@pytest.fixture
def listener() -> Any:
    """A local TCP port that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    hits: list[int] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append(1)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join()
    server.close()


def test_read_only_queries_cannot_reach_outside_the_graph(target: Any, listener: Any) -> None:
    port, hits = listener
    with target.open() as engine:
        engine.run("CREATE (:Chain {name: '金桥红链'})", write=True)
    reaching = [
        f"LOAD CSV FROM 'http://127.0.0.1:{port}/x.csv' AS row RETURN row",
        f"MATCH (n) CALL {{ LOAD CSV FROM 'http://127.0.0.1:{port}/y.csv' AS r RETURN r }} "
        "RETURN count(*) AS c",
        "SHOW USERS",
        "SHOW DATABASES",
    ]
    for query in reaching:
        result = target.invoke("cypher", query)
        assert result.exit_code == 1, (query, result.output)
        assert not has_traceback(result.output), result.output
        assert result.output.startswith("Error: "), result.output
    assert hits == []
    # Reads of the graph itself, the schema and the engine's version still run.
    for query in ["MATCH (n) RETURN count(n) AS c", "CALL db.labels() YIELD label RETURN label"]:
        result = target.invoke("cypher", query)
        assert result.exit_code == 0, (query, result.output)
    assert target.invoke("db", "status").exit_code == 0
