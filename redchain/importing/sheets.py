"""Reading one sheet of a workbook: .xlsx, .xlsm, .xls, .xlsb, .ods and WPS's .et.

python-calamine reads them all. Which sheet: the one ``--sheet`` names, else the sheet the
workbook was saved showing (its active sheet) when that is a visible worksheet, else the first
visible worksheet; hidden sheets are never taken unless named. Cells come as typed: numbers,
text, dates (a date cell is a ``datetime.date``), booleans.

Before the sheet is loaded (calamine holds it whole, as a rectangle from its first to its last
used cell), the sheet of an .xlsx/.xlsm file is scanned as it unpacks: its size, its last row and
column are held to the limits, so that a file of a few kilobytes cannot ask for gigabytes. The
scan also finds formula cells without a saved value and error cells (``#DIV/0!``), which calamine
would read as empty: the file is refused, naming them, rather than read as blanks.

A merged block below the header stands for one value in each of its rows (a unit named once
for the three partnerships under it): its value is given to every row of the block, in the
block's first column.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from redchain.importing.limits import Limits, over
from redchain.importing.problems import Invalid
from redchain.importing.readers import RawRow, is_blank, split_header

SAVE_AGAIN = "open it in Excel, WPS or LibreOffice and save it again as .xlsx"
# workbook.xml and its relationships are small; a larger one is no workbook made by an office.
MAX_PART_BYTES = 16 * 1024 * 1024
CHUNK = 1 << 22
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_ROW_FAST = re.compile(rb'<row r="(\d+)"')
_ROW_ANY = re.compile(rb'<(?:\w{1,16}:)?row\b[^>]*?\sr="(\d+)"')
_CELL_FAST = re.compile(rb'<c r="([A-Z]{1,3})\d')
_CELL_ANY = re.compile(rb'<(?:\w{1,16}:)?c\b[^>]*?\sr="([A-Z]{1,3})\d')
# The most rows a sheet of Excel (and LibreOffice) holds.
MAX_SHEET_ROWS = 1_048_576
_FORMULA_ONLY = re.compile(
    rb"<(?:\w{1,16}:)?c\b([^>]*)>\s*<(?:\w{1,16}:)?f\b(?:[^>]*/>|[^>]*>[^<]*</(?:\w{1,16}:)?f>)"
    rb"\s*(?:<(?:\w{1,16}:)?v\s*/>|<(?:\w{1,16}:)?v>\s*</(?:\w{1,16}:)?v>)?\s*</(?:\w{1,16}:)?c>"
)
_ERROR_CELL = re.compile(
    rb'<(?:\w{1,16}:)?c\b([^>]*\bt="e"[^>]*)>.*?<(?:\w{1,16}:)?v>([^<]*)<', re.DOTALL
)
_REF = re.compile(rb'\br="([A-Z]+\d+)"')
_ODS_ACTIVE = re.compile(r'config:name="ActiveTable"[^>]*>([^<]*)<', re.DOTALL)


def column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def open_sheet(
    path: Path, fmt: str, sheet: str | None, limits: Limits
) -> tuple[int | None, list[str], Iterator[RawRow], str, int]:
    """Header row number, headers, data rows, the sheet's name and its last row number."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        metadata = list(book.sheets_metadata)
    except (CalamineError, OSError, ValueError) as exc:
        raise Invalid(f"is not a workbook that can be read ({_said(exc)})", SAVE_AGAIN) from None
    if not names:
        raise Invalid("is a workbook without sheets", SAVE_AGAIN + " with the rows in a sheet")
    parts = _XlsxParts.read(path) if fmt in ("xlsx", "xlsm") else None
    if fmt == "ods":
        _check_ods_size(path, limits)
    chosen = _choose(path, fmt, names, metadata, sheet, parts)
    if parts is not None:
        scan = _scan_xlsx_sheet(path, parts, chosen, limits)
        scan.refuse_unread_cells(chosen)
    try:
        loaded = book.get_sheet_by_name(chosen)
    except (CalamineError, OSError, ValueError) as exc:
        raise Invalid(f"sheet {chosen!r} cannot be read ({_said(exc)})", SAVE_AGAIN) from None
    first_row, first_col = loaded.start or (0, 0)
    height, width = (loaded.height, loaded.width) if loaded.start else (0, 0)
    last_row = first_row + height
    if first_col + width > limits.columns:
        raise over("columns", first_col + width, limits.columns, "columns")
    if last_row > limits.rows:
        raise over("rows", last_row, limits.rows, "rows")
    if height * width > limits.cells:
        raise over("cells", height * width, limits.cells, "cells")
    ranges = loaded.merged_cell_ranges or (_ods_merged(path, chosen) if fmt == "ods" else [])
    merged = [
        ((top, left), (bottom, right)) for (top, left), (bottom, right) in ranges if bottom > top
    ]

    def rows() -> Iterator[RawRow]:
        pad = [None] * first_col
        for index, values in enumerate(loaded.iter_rows()):
            cells = [*pad, *values] if first_col else list(values)
            if not is_blank(cells):
                yield RawRow(index + 1, cells)

    headers, number, data = split_header(rows())
    if merged and number is not None:
        data = _fill_merged(data, merged, number)
    return number, headers, data, chosen, last_row


def _fill_merged(
    rows: Iterator[RawRow], merged: list[tuple[tuple[int, int], tuple[int, int]]], header: int
) -> Iterator[RawRow]:
    """Give a merged block's value to each of its rows, in its first column (below the header)."""
    blocks = sorted((top + 1, bottom + 1, left) for (top, left), (bottom, _) in merged)
    blocks = [b for b in blocks if b[0] > header]
    pending = 0
    active: dict[int, tuple[Any, int]] = {}  # column -> (value, last row of the block)
    for row in rows:
        while pending < len(blocks) and blocks[pending][0] <= row.number:
            top, bottom, left = blocks[pending]
            pending += 1
            if top == row.number and left < len(row.cells):
                active[left] = (row.cells[left], bottom)
        for column, (value, bottom) in list(active.items()):
            if row.number > bottom:
                del active[column]
            elif column < len(row.cells) and row.cells[column] in (None, ""):
                row.cells[column] = value
        yield row


def _check_ods_size(path: Path, limits: Limits) -> None:
    """Refuse an .ods whose content, as its package declares it, unpacks past the limit."""
    try:
        with zipfile.ZipFile(path) as z:
            size = z.getinfo("content.xml").file_size
    except (KeyError, OSError, zipfile.BadZipFile):
        return  # calamine says what is wrong
    if size > limits.bytes:
        raise over("bytes in its sheets once unpacked", size, limits.bytes, "bytes")


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_merged(path: Path, sheet: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Merged blocks of an .ods sheet, which calamine does not report: cells spanning rows."""
    t = _ODS_TABLE
    try:
        with zipfile.ZipFile(path) as z:
            with z.open("content.xml") as f:
                spans = any(
                    b"number-rows-spanned" in block for block in iter(lambda: f.read(CHUNK), b"")
                )
            if not spans:
                return []
            found: list[tuple[tuple[int, int], tuple[int, int]]] = []
            inside = False
            row = col = 0
            with z.open("content.xml") as f:
                for event, element in ElementTree.iterparse(f, events=("start", "end")):
                    tag = element.tag
                    if tag == f"{t}table":
                        inside = event == "start" and element.get(f"{t}name") == sheet
                        if event == "end" and found:
                            break
                    elif not inside:
                        if event == "end":
                            element.clear()
                    elif tag == f"{t}table-row":
                        if event == "start":
                            col = 0
                        else:
                            row += int(element.get(f"{t}number-rows-repeated", "1"))
                            element.clear()
                    elif tag in (f"{t}table-cell", f"{t}covered-table-cell") and event == "start":
                        down = int(element.get(f"{t}number-rows-spanned", "1"))
                        across = int(element.get(f"{t}number-columns-spanned", "1"))
                        if down > 1 or across > 1:
                            found.append(((row, col), (row + down - 1, col + across - 1)))
                        col += int(element.get(f"{t}number-columns-repeated", "1"))
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return []
    return found


def _said(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return (text[:200] + "…") if len(text) > 200 else text or type(exc).__name__


def _visible(meta: Any) -> bool:
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    return bool(meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet)


def _choose(
    path: Path,
    fmt: str,
    names: list[str],
    metadata: list[Any],
    sheet: str | None,
    parts: _XlsxParts | None,
) -> str:
    listed = ", ".join(
        repr(n) + ("" if _visible(m) else " (hidden)") for n, m in zip(names, metadata, strict=True)
    )
    if sheet is not None:
        if sheet in names:
            return sheet
        if sheet.isdigit() and 1 <= int(sheet) <= len(names):
            return names[int(sheet) - 1]
        raise Invalid(f"has no sheet named {sheet!r}", "give --sheet one of: " + listed)
    visible = [n for n, m in zip(names, metadata, strict=True) if _visible(m)]
    if not visible:
        raise Invalid(
            "has no visible worksheet (every sheet is hidden, or a chart)",
            "give --sheet one of: " + listed,
        )
    active = _active_sheet(path, fmt, names, parts)
    return active if active in visible else visible[0]


def _active_sheet(path: Path, fmt: str, names: list[str], parts: _XlsxParts | None) -> str | None:
    """The sheet the workbook was saved showing, where the format records it cheaply."""
    if parts is not None:
        if parts.active is not None and 0 <= parts.active < len(parts.order):
            return parts.order[parts.active]
        return None
    if fmt == "ods":
        try:
            with zipfile.ZipFile(path) as z:
                info = z.getinfo("settings.xml")
                if info.file_size > MAX_PART_BYTES:
                    return None
                found = _ODS_ACTIVE.search(z.read(info).decode("utf-8", errors="replace"))
        except (KeyError, OSError, zipfile.BadZipFile):
            return None
        return found.group(1) if found and found.group(1) in names else None
    return None


@dataclass
class _XlsxParts:
    """The sheets of an .xlsx package: their order, their XML part, the active one."""

    order: list[str]
    part: dict[str, str]
    active: int | None

    @classmethod
    def read(cls, path: Path) -> _XlsxParts:
        try:
            with zipfile.ZipFile(path) as z:
                workbook = _small_part(z, "xl/workbook.xml")
                rels = _small_part(z, "xl/_rels/workbook.xml.rels")
        except (OSError, zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
            raise Invalid(
                f"is not a workbook that can be read ({_said(exc)})", SAVE_AGAIN
            ) from None
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG}Relationship")}
        order: list[str] = []
        part: dict[str, str] = {}
        for s in workbook.iter(f"{_NS_MAIN}sheet"):
            name = s.get("name", "")
            order.append(name)
            target = targets.get(s.get(f"{_NS_REL}id"), "")
            if target:
                part[name] = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else str(PurePosixPath("xl") / target)
                )
        view = workbook.find(f"{_NS_MAIN}bookViews/{_NS_MAIN}workbookView")
        tab = view.get("activeTab") if view is not None else None
        return cls(order, part, int(tab) if tab and tab.isdigit() else 0)


def _small_part(z: zipfile.ZipFile, name: str) -> ElementTree.Element:
    info = z.getinfo(name)
    with z.open(info) as f:
        data = f.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise Invalid(f"has a {name} larger than any workbook's", SAVE_AGAIN)
    return ElementTree.fromstring(data)


@dataclass
class _Scan:
    rows: int = 0
    columns: int = 0
    unpacked: int = 0
    formulas: list[str] = field(default_factory=list)
    formula_count: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def refuse_unread_cells(self, sheet: str) -> None:
        if self.formula_count:
            shown = ", ".join(self.formulas[:5])
            more = f" and {self.formula_count - 5} more" if self.formula_count > 5 else ""
            raise Invalid(
                f"sheet {sheet!r} has {self.formula_count} formula cell"
                f"{'s' if self.formula_count > 1 else ''} without a saved value ({shown}{more}); "
                "the program that wrote it did not compute them, so they would read as empty",
                "open the file in Excel, WPS or LibreOffice and save it, so that the values are "
                "stored, or type the values instead of the formulas",
            )
        if self.errors:
            ref, value = self.errors[0]
            more = f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
            raise Invalid(
                f"sheet {sheet!r}, cell {ref} holds the error {value}{more}, "
                "which would read as empty",
                "correct the formula or type the value",
            )


def _scan_xlsx_sheet(path: Path, parts: _XlsxParts, sheet: str, limits: Limits) -> _Scan:
    """Size, last row and column, and unread cells of one sheet, read as it unpacks."""
    scan = _Scan()
    name = parts.part.get(sheet)
    if name is None:
        return scan  # calamine says what is wrong
    try:
        with zipfile.ZipFile(path) as z, z.open(name) as f:
            tail = b""
            while True:
                chunk = f.read(CHUNK)
                if not chunk:
                    break
                scan.unpacked += len(chunk)
                if scan.unpacked > limits.bytes:
                    raise over(
                        "bytes in its sheet once unpacked",
                        scan.unpacked,
                        limits.bytes,
                        "bytes",
                        exact=False,
                    )
                buf = tail + chunk
                cut = buf.rfind(b"<c")
                if cut <= 0:
                    cut = buf.rfind(b"<")
                cut = max(cut, 0)
                buf, tail = buf[:cut], buf[cut:]
                _scan_block(buf, scan, limits)
            _scan_block(tail, scan, limits)
    except (KeyError, OSError, zipfile.BadZipFile, EOFError) as exc:
        raise Invalid(f"sheet {sheet!r} cannot be unpacked ({_said(exc)})", SAVE_AGAIN) from None
    except Exception as exc:  # zlib.error: a damaged deflate stream
        if type(exc).__module__ == "zlib":
            raise Invalid(
                f"sheet {sheet!r} cannot be unpacked ({_said(exc)})", SAVE_AGAIN
            ) from None
        raise
    return scan


def _scan_block(buf: bytes, scan: _Scan, limits: Limits) -> None:
    tags = buf.count(b"<row") + buf.count(b":row ")
    found = _ROW_FAST.findall(buf)
    if len(found) < tags:
        found = _ROW_ANY.findall(buf)
    # Rows without a number follow the one before; at most this many more.
    scan.rows += tags - len(found)
    if found:
        scan.rows = max(scan.rows, max(map(int, found)) + tags - len(found))
    refs = _CELL_FAST.findall(buf)
    if len(refs) < buf.count(b"<c "):
        refs = _CELL_ANY.findall(buf)
    if refs:
        longest = max(map(len, refs))
        # Same-length column letters compare as their numbers do.
        widest = max(refs) if longest == 1 else max(r for r in refs if len(r) == longest)
        scan.columns = max(scan.columns, column_number(widest.decode()))
    if scan.rows > MAX_SHEET_ROWS:
        raise Invalid(
            f"has a sheet of more than {MAX_SHEET_ROWS:,} rows, which no Excel or LibreOffice "
            "sheet can hold",
            "the file was not saved by an office program; save the rows as CSV instead",
        )
    if scan.columns > limits.columns:
        raise over("columns", scan.columns, limits.columns, "columns")
    if scan.rows > limits.rows:
        raise over("rows", scan.rows, limits.rows, "rows", exact=False)
    if scan.rows * scan.columns > limits.cells:
        area = scan.rows * scan.columns
        raise over("cells (rows times columns used)", area, limits.cells, "cells", exact=False)
    if b"<f" in buf or b":f>" in buf or b":f " in buf:
        for match in _FORMULA_ONLY.finditer(buf):
            scan.formula_count += 1
            if len(scan.formulas) < 5:
                scan.formulas.append(_ref(match.group(1)))
    if b't="e"' in buf:
        for match in _ERROR_CELL.finditer(buf):
            scan.errors.append((_ref(match.group(1)), match.group(2).decode(errors="replace")))


def _ref(attributes: bytes) -> str:
    found = _REF.search(attributes)
    return found.group(1).decode() if found else "?"
