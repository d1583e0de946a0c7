"""Tables for people: cell text, spreadsheet-safe cells, display widths, and CSV and XLSX files.

One module owns these rules so that every table redchain writes (exports, rejects, templates,
reports, printed results) treats a value the same way:

- a cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab or carriage
  return first: OWASP "CSV injection") is written with a leading apostrophe, in CSV and XLSX alike;
- numbers stay numbers and dates stay dates (real date cells in XLSX, ISO text in CSV); a float
  that is whole prints without ``.0``;
- characters that XML 1.0 cannot hold (control characters) become U+FFFD in XLSX instead of
  breaking the file;
- Chinese characters count two columns wide;
- every file is written through :mod:`redchain.atomic`, so a failure keeps the old file.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import importlib
import json
import math
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redchain.atomic import OutputError, replace_atomically, replace_bytes_atomically


def _spool_errors() -> tuple[type[BaseException], ...]:
    """What a failed write of a spooled sheet raises: openpyxl writes through lxml when lxml is
    installed, and lxml reports a full disk as its own error rather than an OSError."""
    try:
        etree = importlib.import_module("lxml.etree")
    except ImportError:  # pragma: no cover - without lxml, openpyxl raises OSError
        return (OSError,)
    return (OSError, etree.SerialisationError)


SPOOL_ERRORS = _spool_errors()


def spool_failure(path: Path, error: BaseException) -> OutputError:
    """The error to raise when openpyxl could not write ``path``'s parts (a full disk, a size
    limit). Its half-written zip and sheet writers are collected here, quietly, so that their
    finalisers do not print tracebacks at exit after the one-line message."""
    reason = getattr(error, "strerror", None) or error
    error.__traceback__ = None
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook
    return OutputError(f"{path}: could not be written ({reason})")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 forbids these (openpyxl refuses them: IllegalCharacterError); every XML writer of
# redchain (XLSX, GraphML, GEXF) puts U+FFFD in their place.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_COLUMN_WIDTH = 60
WIDTH_SAMPLE_ROWS = 200
XLSX_MAX_ROWS = 1_048_576


def cell_text(value: Any) -> str:
    """A value as text for a table cell: ``196`` not ``196.0``, ISO dates, JSON for lists."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet shows as typed and never runs as a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_cell(value: Any) -> str:
    """A CSV cell: numbers as typed, everything else as safe text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return cell_text(value)
    return spreadsheet_safe(cell_text(value))


def xlsx_cell(value: Any) -> Any:
    """An XLSX cell: numbers, booleans and dates keep their type; text is safe and valid XML."""
    if value is None or isinstance(value, bool | int | dt.date):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else value
    return XML_ILLEGAL.sub("\ufffd", spreadsheet_safe(cell_text(value)))


def display_width(text: str) -> int:
    """Columns a terminal or a spreadsheet gives ``text``: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


# --- files ---------------------------------------------------------------------------------


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    encoding: str = "utf-8-sig",
) -> int:
    """One CSV table (UTF-8 with a BOM by default, so Excel reads Chinese); returns the row count.

    Line ends are CRLF and any cell holding a line break is quoted, as Excel writes them.
    """
    count = 0
    with replace_atomically(path, encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([spreadsheet_safe(h) for h in header])
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])
            count += 1
    return count


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a title, a header row and the rows under it."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]


_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def sheet_title(title: str, taken: set[str] | None = None) -> str:
    """A valid, unique worksheet name (31 characters at most, none of ``[]:*?/\\``)."""
    base = title.translate(_SHEET_FORBIDDEN)[:31] or "sheet"
    name, n = base, 2
    while taken is not None and name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    if taken is not None:
        taken.add(name.casefold())
    return name


def write_xlsx(path: Path, sheets: Iterable[Sheet]) -> dict[str, int]:
    """A workbook for people: a bold frozen header with filters, widths that fit, typed cells.

    Rows stream through openpyxl's write-only mode, so memory stays flat on large tables. Returns
    the row count per sheet.
    """
    try:
        book, counts = _build_workbook(sheets)
    except SPOOL_ERRORS as error:  # openpyxl spools write-only sheets to temporary files
        raise spool_failure(path, error) from None
    with replace_bytes_atomically(path) as handle:
        book.save(handle)
    return counts


def _build_workbook(sheets: Iterable[Sheet]) -> tuple[Any, dict[str, int]]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    counts: dict[str, int] = {}
    taken: set[str] = set()
    for sheet in sheets:
        title = sheet_title(sheet.title, taken)
        ws = book.create_sheet(title)
        header = [xlsx_cell(h) for h in sheet.header]
        rows = iter(sheet.rows)
        head: list[list[Any]] = []
        for row in rows:
            head.append([xlsx_cell(v) for v in row])
            if len(head) >= WIDTH_SAMPLE_ROWS:
                break
        for i, width in enumerate(_widths(header, head), start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        cells = []
        for h in header:
            cell = WriteOnlyCell(ws, value=h)
            cell.font = bold
            cells.append(cell)
        ws.append(cells)
        count = 0
        for values in head:
            ws.append(values)
            count += 1
        for row in rows:
            if count + 1 >= XLSX_MAX_ROWS:
                raise OutputError(
                    f"sheet {title!r} has more than {XLSX_MAX_ROWS - 1:,} rows, Excel's limit; "
                    "export as CSV or JSON lines instead"
                )
            ws.append([xlsx_cell(v) for v in row])
            count += 1
        if header:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
        counts[title] = count
    if not counts:
        book.create_sheet("sheet")
    return book, counts


def _widths(header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> list[int]:
    widths = []
    for i, h in enumerate(header):
        texts = [cell_text(h)] + [cell_text(r[i]) for r in rows if i < len(r)]
        widest = max(display_width(t) for t in texts)
        widths.append(min(MAX_COLUMN_WIDTH, max(8, widest + 2)))
    return widths
