"""A fast encoder for FalkorDB's parameter header (``CYPHER rows=[...] run_id="..." ``).

The FalkorDB client turns parameters into that header in Python, value by value; for a batch
of ten thousand rows that walk costs more than the engine's write. Rows the importer's
normalisers already cleaned are lists of plain values (text, whole and finite numbers,
booleans, nulls), which JSON spells the way FalkorDB's header parser reads them, with one
exception: the parser takes the escapes ``\\" \\\\ \\n \\r \\t`` but not ``\\uXXXX`` (it keeps
the six characters as they are). So the batch is written by the C JSON encoder with non-ASCII
characters as they are, and when the result holds an escape the parser does not take (a
control character, a lone surrogate half), or a value JSON cannot write, :func:`encode` says so
and the caller uses the client's own path, which gives the usual clear error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
# JSON escapes FalkorDB's header parser does not read back as the character.
_UNREAD_ESCAPES = ("\\u", "\\b", "\\f")


def encode(params: Mapping[str, Any]) -> str | None:
    """The header for ``params`` (scalars and lists of them, nested or not), or None
    when a value must go the client's way. Maps are not taken: FalkorDB wants their keys
    unquoted, which JSON does not write."""
    parts = ["CYPHER"]
    for name, value in params.items():
        if not name.isidentifier() or isinstance(value, dict):
            return None
        try:
            text = _ENCODE(value)
        except (TypeError, ValueError):
            return None
        if any(escape in text for escape in _UNREAD_ESCAPES):
            return None
        # A brace is rare in rows; only then are they walked for a map inside.
        if "{" in text and _has_map(value):
            return None
        parts.append(f"{name}={text}")
    header = " ".join(parts) + " "
    try:
        header.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return header


def _has_map(value: Any) -> bool:
    if isinstance(value, dict):
        return True
    if isinstance(value, list | tuple):
        return any(_has_map(v) for v in value)
    return False
