"""redchain's errors. Each message says what went wrong and what would fix it."""

from __future__ import annotations


class RedchainError(Exception):
    """Base of every error redchain raises on purpose; the CLI prints its message, exit 1."""


class EngineUnavailable(RedchainError):
    """The engine cannot be reached or started."""


class DataDirBusy(RedchainError):
    """Another redchain process owns the embedded data directory."""


class QueryError(RedchainError):
    """The engine refused a query."""


class ReadOnlyViolation(QueryError):
    """A query tried to write through a read-only call."""


class UnsafeDataDir(RedchainError):
    """The data directory, or a file in it, is not safely the user's own."""


class SchemaRefused(RedchainError):
    """A unique key cannot be made unique: the graph holds values it cannot constrain."""
