"""Values as the model declares them, whatever the engine returned.

An engine may hand back a date as ISO text, as ``datetime.date`` or as the Neo4j driver's
``neo4j.time.Date``, and a whole number as ``1.0``; :func:`to_model` turns each value into the
Python type its property's model type names. A value that does not fit its type (text in an
``int`` property, written by hand) is kept as it is, and the writers then treat that property
as text, so nothing is lost or silently changed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Any

#: The kinds a column can have: the model's types, with "text" for anything else.
Kind = str

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def to_model(value: Any, kind: Kind) -> Any:
    """``value`` as the Python type of the model type ``kind``, or unchanged if it does not fit."""
    if value is None:
        return None
    to_native = getattr(value, "to_native", None)
    if callable(to_native):
        value = to_native()
    if kind == "date":
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return value
        return value
    if kind == "int":
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            return int(value)
        return value
    if kind == "float":
        if isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return value
    return value


def fits(value: Any, kind: Kind) -> bool:
    """Whether ``value`` (already through :func:`to_model`) is of the model type ``kind``."""
    if value is None:
        return True
    if kind == "date":
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, float)
    if kind == "bool":
        return isinstance(value, bool)
    return True


def column_kind(values: Iterable[Any], declared: Kind | None) -> Kind:
    """The kind of a column: the model's when every value fits it, else what the values are."""
    present = [v for v in values if v is not None]
    if declared is not None and declared not in ("text", "uscc"):
        if all(fits(v, declared) for v in present):
            return declared
        return "text"
    if declared is not None:
        return "text"
    for kind in ("bool", "int", "date"):
        if present and all(fits(v, kind) for v in present):
            return kind
    numbers = (int, float)
    if present and all(isinstance(v, numbers) and not isinstance(v, bool) for v in present):
        return "float"
    return "text"
