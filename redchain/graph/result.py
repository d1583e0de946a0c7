"""Results: a list of rows (dicts) or objects that also gives plain data, a DataFrame and a table.

A :class:`Result` is a real ``list``, so code written against ``engine.run`` (indexing,
``len``, comparing with a list of dicts) keeps working on what ``graph.run`` returns.
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Iterable, Sequence
from typing import Any

from redchain.errors import RedchainError
from redchain.graph.objects import GraphObject

#: Rows a notebook shows of a result; ``to_dataframe()`` has them all.
SHOWN_ROWS = 50


class MissingExtra(RedchainError):
    """An optional package is not installed; the message says how to install it."""


def pandas_module() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError:
        raise MissingExtra(
            "to_dataframe() needs pandas, which is not installed; install it with "
            "pip install 'redchain[notebook]' (or pip install pandas)"
        ) from None


def _plain(item: Any) -> dict[str, Any]:
    if isinstance(item, GraphObject):
        return item.to_dict()
    if isinstance(item, dict):
        return dict(item)
    return {"value": item}


class Result(list[Any]):
    """Rows of a query or objects of a matcher, in order."""

    def __init__(self, items: Iterable[Any] = (), columns: Sequence[str] | None = None) -> None:
        super().__init__(items)
        self._columns = list(columns) if columns is not None else None

    @property
    def columns(self) -> list[str]:
        """The column names: those given, else every key of the rows in first-seen order."""
        if self._columns is not None:
            return list(self._columns)
        seen: dict[str, None] = {}
        for item in self:
            seen.update(dict.fromkeys(_plain(item)))
        return list(seen)

    def data(self) -> list[dict[str, Any]]:
        """Every row as a plain dict (objects as their fields)."""
        return [_plain(item) for item in self]

    def to_dataframe(self) -> Any:
        """A pandas DataFrame of the rows, columns in order; needs ``redchain[notebook]``."""
        pandas = pandas_module()
        return pandas.DataFrame(self.data(), columns=self.columns)

    def _repr_html_(self) -> str:
        columns = self.columns
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
        body = []
        for row in self.data()[:SHOWN_ROWS]:
            cells = "".join(f"<td>{html.escape(_cell(row.get(c)))}</td>" for c in columns)
            body.append(f"<tr>{cells}</tr>")
        more = len(self) - SHOWN_ROWS
        caption = f"{len(self)} row{'s' if len(self) != 1 else ''}"
        if more > 0:
            caption += f", first {SHOWN_ROWS} shown"
        return (
            '<table class="redchain-result">'
            f"<caption>{html.escape(caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, GraphObject):
        return str(value.to_dict())
    return str(value)
