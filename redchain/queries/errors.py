"""The two errors of the query library."""

from __future__ import annotations

from redchain.errors import RedchainError


class QueryFileError(RedchainError):
    """A ``.cypher`` file's header is malformed; the message names file and line."""


class QueryParamError(RedchainError):
    """A parameter given to a named query is unknown, missing or of the wrong type."""
