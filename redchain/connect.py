"""``redchain.connect()``: open the graph on the engine the caller or the environment names."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Literal

from redchain.engines.base import Engine
from redchain.errors import RedchainError

if TYPE_CHECKING:
    from redchain.graph import Graph

Backend = Literal["embedded", "neo4j"]
BACKENDS: tuple[str, ...] = ("embedded", "neo4j")


def default_backend() -> str:
    return os.environ.get("REDCHAIN_BACKEND", "embedded")


def open_engine(
    backend: str | None = None,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    graph: str | None = None,
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> Engine:
    """Open the engine itself, without the Python API on top (what the commands use).

    ``backend`` is ``"embedded"`` (FalkorDB in ``data_dir``, default ``./.redchain`` or
    ``REDCHAIN_DATA_DIR``) or ``"neo4j"`` (``uri`` or ``NEO4J_URI``, with ``NEO4J_USERNAME``,
    ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``); by default ``REDCHAIN_BACKEND`` or embedded.
    """
    chosen = backend or default_backend()
    if chosen == "embedded":
        from redchain.engines.embedded import DEFAULT_GRAPH, EmbeddedEngine

        return EmbeddedEngine(data_dir, graph or DEFAULT_GRAPH)
    if chosen == "neo4j":
        from redchain.engines.neo4j import Neo4jEngine

        return Neo4jEngine(uri, user, password, database)
    raise RedchainError(f"unknown backend {chosen!r}; choose one of: {', '.join(BACKENDS)}")


def connect(
    backend: str | None = None,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    graph: str | None = None,
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> Graph:
    """Open the graph: a :class:`~redchain.graph.Graph` (an engine with the Python API on top),
    on the engine :func:`open_engine` names. Use the result as a context manager, or call
    ``close()``: the embedded server stops then.
    """
    from redchain.graph import Graph

    return Graph(
        open_engine(
            backend,
            data_dir=data_dir,
            graph=graph,
            uri=uri,
            user=user,
            password=password,
            database=database,
        )
    )
