"""Reading one row's cells as the values of its kind's fields, with a problem for each bad cell."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from redchain.importing import example
from redchain.importing import normalize as norm
from redchain.importing.headers import Layout
from redchain.importing.kinds import KINDS, Field, ImportKind
from redchain.importing.problems import Invalid, Problem
from redchain.importing.readers import RawRow, Table, not_an_object
from redchain.model import Kind, NodeType

# Which list of kinds a "choice" column takes its values from (from the kinds' specs).
CHOICES: dict[tuple[str, str], tuple[Kind, ...]] = {
    (k.name, f.name): f.choices for k in KINDS for f in k.fields if f.type == "choice"
}

Values = tuple[Any, ...]

# Keys, references and indexed names go into engine indexes, which take only so much: FalkorDB
# 4.16 fails on an index entry over 4,096 bytes, Neo4j refuses one over 8 KB. 1,000 characters
# are at most 4,000 bytes of UTF-8.
MAX_KEY_CHARS = 1000


def limited_fields(kind: ImportKind) -> set[str]:
    """The fields whose values reach an index: the kind's key, references, indexed names."""
    refs = {f.name for f in kind.fields if f.type == "ref"}
    indexed = kind.writes.indexed if isinstance(kind.writes, NodeType) else ()
    return {*kind.key, *refs, *indexed}


def org_ref(value: Any) -> str:
    """An organisation reference: a credit code (checked) or an exact name."""
    if norm.looks_like_code(norm.cell_text(value)):
        return norm.to_uscc(value)
    return norm.clean_text(value)


# Texts remembered per column. Columns repeat their values (the same kinds, domains, dates and
# units on many rows), and a dictionary look-up costs far less than normalising again. Only
# text is remembered: a cell of another type (a number, a date) may equal a text yet read
# differently. A value that fails is not remembered and fails again, with the same message.
TEXT_CACHE_SIZE = 1 << 16
# What a remembered text stands for when it leaves the cell empty.
_EMPTY = object()


class _TooLong(Invalid):
    """A key or indexed name over the limit; ``shown`` is its start, for the message."""

    def __init__(self, value: str) -> None:
        super().__init__(
            f"is {len(value)} characters long; a key or name may have at most {MAX_KEY_CHARS}",
            "shorten it, or check that the column holds what it should",
        )
        self.shown = value[:40] + "…"


def _normaliser(field: Field) -> Callable[[Any], Any]:
    """The normaliser for one field; it returns the stored value or raises Invalid."""
    if field.type == "uscc":
        return norm.to_uscc
    if field.type == "date":
        return norm.to_date
    if field.type == "int":
        if field.name == "year":
            return norm.to_year
        minimum = field.minimum
        return lambda v: norm.to_int(v, minimum)
    if field.type == "float":
        return norm.to_float
    if field.type == "bool":
        return norm.to_bool
    if field.type == "domain":
        return norm.to_domain
    if field.type == "choice":
        kinds = field.choices
        table = norm.choice_table(kinds)
        return lambda v: norm.to_choice(v, kinds, table)
    if field.type == "ref" and field.ref == "org":
        return org_ref
    if field.text == "compact":
        return norm.compact
    return norm.clean_text


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not norm.clean_text(value))


def _blank(value: Any) -> bool:
    """The quick test for an empty cell; a cell of only invisible characters gets past it and
    is caught after normalising."""
    return value is None or (type(value) is str and (not value or value.isspace()))


class RowParser:
    """Turns raw rows of one file into value tuples in the order of the kind's fields."""

    def __init__(self, table: Table, layout: Layout, file: str) -> None:
        self.table = table
        self.layout = layout
        self.file = file
        kind = layout.kind
        self.fields = kind.fields
        self.limited = limited_fields(kind)
        # (field position, column index or None, normaliser, field, its texts remembered,
        # whether its values reach an index)
        self.plan = [
            (
                pos,
                layout.columns.get(f.name),
                _normaliser(f),
                f,
                dict[str, Any](),
                f.name in self.limited,
            )
            for pos, f in enumerate(kind.fields)
        ]
        self.width = len(layout.headers)
        # Columns without a header: a value under one would otherwise be lost without a word.
        self.unheaded = [i for i, h in enumerate(layout.headers) if not h]
        self.example = example.ExampleRow(layout)

    def column_label(self, index: int) -> str:
        header = self.layout.headers[index] if index < self.width else ""
        if self.table.is_sheet:
            ref = self.table.column_ref(index)
            return f"{header} ({ref})" if header else ref
        return header or f"#{index + 1}"

    def field_label(self, field: Field) -> str:
        index = self.layout.columns.get(field.name)
        return self.column_label(index) if index is not None else field.zh

    def problem(self, line: int, column: str | None, value: Any, message: str, fix: str) -> Problem:
        shown = None if value is None else norm.cell_text(value)
        return Problem(self.file, line, column, shown, message, fix, self.table.unit)

    @staticmethod
    def _read(raw: Any, convert: Callable[[Any], Any], limited: bool) -> Any:
        """One cell's value, or ``_EMPTY`` when it holds nothing; raises Invalid."""
        if _blank(raw):
            return _EMPTY
        value = convert(raw)
        if value == "":
            return _EMPTY
        if limited and type(value) is str and len(value) > MAX_KEY_CHARS:
            raise _TooLong(value)
        return value

    def _refused(self, line: int, field: Field, raw: Any, exc: Invalid) -> Problem:
        shown = exc.shown if isinstance(exc, _TooLong) else raw
        return self.problem(line, self.field_label(field), shown, exc.message, exc.fix)

    def parse(self, row: RawRow) -> tuple[Values, list[Problem]]:
        problems: list[Problem] = []
        cells = row.cells
        stray = not_an_object(cells)
        if stray is not None:
            problem = self.problem(
                row.number, None, str(stray)[:80], "is not an object", 'write {"uscc": ...}'
            )
            return (None,) * len(self.fields), [problem]
        if self.example.matches(cells):
            problem = self.problem(row.number, None, None, example.MESSAGE, example.FIX)
            return (None,) * len(self.fields), [problem]
        values: list[Any] = [None] * len(self.fields)
        width = len(cells)
        for pos, index, convert, field, seen, limited in self.plan:
            raw = cells[index] if index is not None and index < width else None
            if type(raw) is str:
                value = seen.get(raw)
                if value is None:
                    try:
                        value = self._read(raw, convert, limited)
                    except Invalid as exc:
                        problems.append(self._refused(row.number, field, raw, exc))
                        continue
                    if len(seen) >= TEXT_CACHE_SIZE:
                        seen.clear()
                    seen[raw] = value
            elif raw is None:
                value = _EMPTY
            elif isinstance(raw, dict | list):
                problems.append(
                    self.problem(
                        row.number,
                        self.field_label(field),
                        str(raw)[:80],
                        "is a list or an object, not a single value",
                        "write one plain value",
                    )
                )
                continue
            else:
                try:
                    value = self._read(raw, convert, limited)
                except Invalid as exc:
                    problems.append(self._refused(row.number, field, raw, exc))
                    continue
            if value is not _EMPTY:
                values[pos] = value
            elif field.default is not None:
                values[pos] = field.default
            elif field.required:
                problems.append(
                    self.problem(
                        row.number,
                        self.field_label(field),
                        None,
                        "is empty, and this column is required",
                        f"fill in {field.zh}",
                    )
                )
        for index in [*self.unheaded, *range(self.width, len(cells))]:
            if index < len(cells) and not is_empty(cells[index]):
                problems.append(
                    self.problem(
                        row.number,
                        self.column_label(index),
                        cells[index],
                        "has a value but its column has no header",
                        "give the column a header, or delete the value",
                    )
                )
                break
        return tuple(values), problems
