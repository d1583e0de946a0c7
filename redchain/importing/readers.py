"""Reading import files as streams of rows: CSV, Excel (.xlsx), JSON arrays and JSON Lines.

Every row carries the number a person would look for: the line in a CSV or JSON Lines file (the
header is line 1, a quoted cell spanning lines counts from where the row starts), the row number
in a sheet, the item number in a JSON array. Rows are generated one at a time, so a file of any
size reads in flat memory (a JSON array is the exception: it is parsed whole, so large data
should come as JSON Lines).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from redchain.importing import encoding as encodings
from redchain.importing.problems import Invalid

FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
DELIMITERS = (",", "\t", ";")
# A header row has at least this many filled cells; rows above it (a sheet's title) are skipped.
MIN_HEADER_CELLS = 2


@dataclass(frozen=True)
class RawRow:
    """One row as read: its number and its cells, aligned with the table's headers."""

    number: int
    cells: list[Any]


@dataclass
class Table:
    """A file opened for reading: its headers and a generator of its data rows."""

    path: Path
    format: str
    unit: str  # "line", "row" or "item"
    headers: list[str]
    rows: Iterator[RawRow]
    header_line: int | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    # Progress through the file, in ``position()`` units out of ``total``.
    total: int | None = None
    position: Callable[[], int] = lambda: 0

    def column_ref(self, index: int) -> str:
        """How a person finds column ``index``: its letter in a sheet, its number elsewhere."""
        return column_letter(index) if self.format == "xlsx" else str(index + 1)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def file_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise Invalid(
            f"files ending in {path.suffix or '(nothing)'} cannot be read",
            f"save the sheet as .xlsx or .csv (read: {known})",
        )
    return fmt


def open_table(path: Path, encoding: str | None = None, sheet: str | None = None) -> Table:
    """Open ``path`` and read as far as its header row; raises Invalid when that fails."""
    fmt = file_format(path)
    if not path.is_file():
        raise Invalid("the file does not exist", "check the path and the file name")
    if fmt == "csv":
        return _open_csv(path, encoding)
    if fmt == "xlsx":
        return _open_xlsx(path, sheet)
    if fmt == "jsonl":
        return _open_jsonl(path, encoding)
    return _open_json(path, encoding)


def is_blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _filled(cells: list[Any]) -> int:
    return sum(not (c is None or (isinstance(c, str) and not c.strip())) for c in cells)


def _header_text(cells: list[Any]) -> list[str]:
    from redchain.importing.normalize import cell_text

    headers = [cell_text(c).strip() for c in cells]
    if headers:
        headers[0] = headers[0].lstrip("\ufeff")  # a BOM read by a forced non-BOM encoding
    while headers and not headers[-1]:
        headers.pop()
    return headers


def _split_header(rows: Iterator[RawRow]) -> tuple[list[str], int | None, Iterator[RawRow]]:
    """Find the header: the first row with two or more filled cells (a title above is skipped)."""
    for row in rows:
        if _filled(row.cells) >= MIN_HEADER_CELLS:
            return _header_text(row.cells), row.number, rows
    return [], None, iter(())


# --- CSV ---------------------------------------------------------------------------------------


class _CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read through it, for progress."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        self.count += n or 0
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


def choose_encoding(path: Path, forced: str | None) -> str:
    if forced:
        try:
            return encodings.normal_name(forced)
        except LookupError:
            raise Invalid(
                f"--encoding {forced} is not an encoding Python knows",
                "use utf-8, utf-8-sig, gb18030, gbk or utf-16",
            ) from None
    with path.open("rb") as f:
        sample = f.read(encodings.SAMPLE_BYTES)
    found = encodings.detect(sample)
    if found is None:
        raise Invalid(
            "the text encoding cannot be told from the file",
            "save it from Excel as 'CSV UTF-8', or give --encoding (for example gb18030)",
        )
    return encodings.normal_name(found)


def sniff_delimiter(text: str) -> str:
    """Comma, tab or semicolon: whichever the first lines use most (comma on a tie)."""
    head = "\n".join(text.splitlines()[:5])
    counts = {d: head.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _first_undecodable_line(path: Path, enc: str) -> int | None:
    """The first line that does not decode, found again line by line once decoding failed.

    The text reader decodes ahead in blocks, so its error does not say which line is at fault.
    Splitting at newline bytes is safe for UTF-8 and GB18030: 0x0A never occurs inside one of
    their multi-byte characters.
    """
    if enc.startswith(("utf-16", "utf-32")):
        return None
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            try:
                raw.decode(enc)
            except UnicodeError:
                return number
    return None


def _open_csv(path: Path, forced: str | None) -> Table:
    enc = choose_encoding(path, forced)
    with path.open("rb") as f:
        sample = f.read(encodings.SAMPLE_BYTES)
    preview = sample.decode(enc, errors="replace")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(preview)
    counter = _CountingReader(path.open("rb"))
    text = io.TextIOWrapper(io.BufferedReader(counter), encoding=enc, newline="")

    def rows() -> Iterator[RawRow]:
        reader = csv.reader(text, delimiter=delimiter)
        last = 0
        try:
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except UnicodeError as exc:
                    line = _first_undecodable_line(path, enc) or last + 1
                    raise Invalid(
                        f"line {line} is not {encodings.describe(enc)} text ({_reason(exc)})",
                        "save the file from Excel as 'CSV UTF-8', or give the right --encoding "
                        "(gb18030 for Chinese Windows, utf-8 otherwise)",
                    ) from None
                except csv.Error as exc:
                    raise Invalid(
                        f"line {last + 1} cannot be read as CSV ({exc})",
                        'check for a quote (") that is opened and never closed',
                    ) from None
                start, last = last + 1, reader.line_num
                if "".join(cells).strip():  # a blank row, or a row of empty cells
                    yield RawRow(start, cells)
        finally:
            text.close()

    headers, header_line, data = _split_header(rows())
    return Table(
        path,
        "csv",
        "line",
        headers,
        data,
        header_line=header_line,
        encoding=enc,
        delimiter=delimiter,
        total=path.stat().st_size,
        position=lambda: counter.count,
    )


# --- Excel -------------------------------------------------------------------------------------


def _open_xlsx(path: Path, sheet: str | None) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise Invalid(
            f"is not an Excel workbook that can be read ({exc})",
            "open it in Excel and save it again as .xlsx (Excel Workbook)",
        ) from None
    names = book.sheetnames
    if sheet is None:
        chosen = names[0]
    elif sheet in names:
        chosen = sheet
    elif sheet.isdigit() and 1 <= int(sheet) <= len(names):
        chosen = names[int(sheet) - 1]
    else:
        book.close()
        raise Invalid(
            f"has no sheet named {sheet!r}",
            "give --sheet one of: " + ", ".join(repr(n) for n in names),
        )
    ws = book[chosen]
    total = ws.max_row
    ws.reset_dimensions()  # some writers record too small a size; read every row there is
    state = {"row": 0}

    def rows() -> Iterator[RawRow]:
        try:
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                state["row"] = number
                cells = list(values)
                if not is_blank(cells):
                    yield RawRow(number, cells)
        finally:
            book.close()

    headers, header_line, data = _split_header(rows())
    return Table(
        path,
        "xlsx",
        "row",
        headers,
        data,
        header_line=header_line,
        sheet=chosen,
        total=total,
        position=lambda: state["row"],
    )


# --- JSON --------------------------------------------------------------------------------------


def _json_text_encoding(path: Path, forced: str | None) -> str:
    # RFC 8259: JSON exchanged between systems is UTF-8; a BOM is tolerated.
    return choose_encoding(path, forced) if forced else "utf-8-sig"


def _keys_in_order(objects: Iterator[Any]) -> list[str]:
    keys: dict[str, None] = {}
    for obj in objects:
        if isinstance(obj, dict):
            keys.update(dict.fromkeys(str(k) for k in obj))
    return list(keys)


def _open_json(path: Path, forced: str | None) -> Table:
    enc = _json_text_encoding(path, forced)
    try:
        with path.open(encoding=enc) as f:
            data = json.load(f)
    except (json.JSONDecodeError, UnicodeError) as exc:
        raise Invalid(
            f"is not valid JSON ({exc})",
            "check the file in a JSON validator; it must be an array of objects",
        ) from None
    if isinstance(data, dict):
        # {"rows": [...]} and similar wrappers: the one list inside.
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else data
    if not isinstance(data, list):
        raise Invalid(
            "holds no array of rows", 'write the rows as an array of objects: [{"uscc": ...}]'
        )
    headers = _keys_in_order(iter(data))
    state = {"item": 0}

    def rows() -> Iterator[RawRow]:
        for number, obj in enumerate(data, start=1):
            state["item"] = number
            yield RawRow(number, _aligned(obj, headers))

    return Table(
        path,
        "json",
        "item",
        headers,
        rows(),
        encoding=enc,
        total=len(data),
        position=lambda: state["item"],
    )


def _aligned(obj: Any, headers: list[str]) -> list[Any]:
    if not isinstance(obj, dict):
        return [_NotAnObject(obj)]
    return [obj.get(h) for h in headers]


@dataclass(frozen=True)
class _NotAnObject:
    """A JSON row that is not an object; the row parser reports it."""

    value: Any


def not_an_object(cells: list[Any]) -> Any | None:
    """The JSON value of a row that was not an object, else None."""
    if len(cells) == 1 and isinstance(cells[0], _NotAnObject):
        return cells[0].value
    return None


def _open_jsonl(path: Path, forced: str | None) -> Table:
    enc = _json_text_encoding(path, forced)

    def objects() -> Iterator[tuple[int, Any]]:
        with path.open(encoding=enc) as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise Invalid(
                        f"line {number} is not valid JSON ({exc.msg}, character {exc.colno})",
                        "write one JSON object per line",
                    ) from None

    try:
        headers = _keys_in_order(obj for _, obj in objects())
    except UnicodeError as exc:
        raise Invalid(
            f"is not {encodings.describe(enc)} text ({_reason(exc)})",
            "save it as UTF-8, or give the right --encoding",
        ) from None
    counter = {"line": 0}

    def rows() -> Iterator[RawRow]:
        for number, obj in objects():
            counter["line"] = number
            yield RawRow(number, _aligned(obj, headers))

    with path.open("rb") as f:
        total = sum(1 for _ in f)
    return Table(
        path,
        "jsonl",
        "line",
        headers,
        rows(),
        encoding=enc,
        total=total,
        position=lambda: counter["line"],
    )


def _reason(exc: UnicodeError) -> str:
    return getattr(exc, "reason", None) or str(exc)
