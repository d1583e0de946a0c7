"""Reading import files as streams of rows: CSV, workbooks, JSON arrays and JSON Lines.

Every row carries the number a person would look for: the line in a CSV or JSON Lines file (the
header is line 1, a quoted cell spanning lines counts from where the row starts), the row number
in a sheet, the item number in a JSON array. CSV and JSON Lines rows are generated one at a time,
so such files read in flat memory; a sheet and a JSON array are read whole, within the limits of
:mod:`redchain.importing.limits`. A reader never stores text it is unsure of and never skips a
row without saying so: a file it cannot read for certain is refused, naming the line and the fix.
"""

from __future__ import annotations

import csv
import io
import json
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from redchain.importing import encoding as encodings
from redchain.importing.limits import DEFAULT_LIMITS, Limits, over
from redchain.importing.problems import Invalid

SHEET_FORMATS = ("xlsx", "xlsm", "xls", "xlsb", "ods", "et")
FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    **{f".{fmt}": fmt for fmt in SHEET_FORMATS},
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
DELIMITERS = (",", "\t", ";")
# A header row has at least this many filled cells; rows above it (a sheet's title) are skipped.
MIN_HEADER_CELLS = 2
# Python reads no integer of more digits; a JSON number longer than this stays its digits.
MAX_JSON_INT_DIGITS = 4000


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

    @property
    def is_sheet(self) -> bool:
        """A workbook's sheet: columns are letters, rows are the sheet's row numbers."""
        return self.format in SHEET_FORMATS

    def column_ref(self, index: int) -> str:
        """How a person finds column ``index``: its letter in a sheet, its number elsewhere."""
        return column_letter(index) if self.is_sheet else str(index + 1)


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


def check_regular_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> int:
    """The size of ``path``; refuse a missing file, a pipe or device, or one over the limit."""
    try:
        info = path.stat()
    except OSError:
        raise Invalid("the file does not exist", "check the path and the file name") from None
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe, socket or device"
        raise Invalid(f"is {what}, not a file", "give the path of a saved file")
    if info.st_size > limits.bytes:
        raise over("bytes", info.st_size, limits.bytes, "bytes")
    return info.st_size


def open_table(
    path: Path,
    encoding: str | None = None,
    sheet: str | None = None,
    limits: Limits | None = None,
) -> Table:
    """Open ``path`` and read as far as its header row; raises Invalid when that fails."""
    limits = limits or DEFAULT_LIMITS
    fmt = file_format(path)
    size = check_regular_file(path, limits)
    if fmt == "csv":
        return _open_csv(path, encoding, limits, size)
    if fmt in SHEET_FORMATS:
        from redchain.importing.sheets import open_sheet

        number, headers, cells, name, total = open_sheet(path, fmt, sheet, limits)
        state = {"row": 0}

        def counted() -> Iterator[RawRow]:
            for row in cells:
                state["row"] = row.number
                yield row

        return Table(
            path,
            fmt,
            "row",
            headers,
            counted(),
            header_line=number,
            sheet=name,
            total=total,
            position=lambda: state["row"],
        )
    if fmt == "jsonl":
        return _open_jsonl(path, encoding, limits)
    return _open_json(path, encoding, limits)


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


def split_header(rows: Iterator[RawRow]) -> tuple[list[str], int | None, Iterator[RawRow]]:
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
        n = int(self.raw.readinto(buffer) or 0)  # type: ignore[attr-defined]
        self.count += n
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
                "use utf-8, utf-8-sig, gb18030, gbk, big5 or utf-16",
            ) from None
    with path.open("rb") as f:
        sample = f.read(encodings.SAMPLE_BYTES)
    complete = len(sample) < encodings.SAMPLE_BYTES
    return encodings.normal_name(encodings.detect(sample, complete))


def sniff_delimiter(text: str) -> str:
    """Comma, tab or semicolon: whichever the first lines use most (comma on a tie)."""
    head = "\n".join(text.splitlines()[:5])
    counts = {d: head.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _first_undecodable_line(path: Path, enc: str) -> int | None:
    """The first line that does not decode, found again line by line once decoding failed.

    The text reader decodes ahead in blocks, so its error does not say which line is at fault.
    Splitting at newline bytes is safe for UTF-8, GB18030 and Big5: 0x0A never occurs inside
    one of their multi-byte characters.
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


def _not_text(line: int | None, enc: str, detail: str) -> Invalid:
    where = f"line {line} " if line else ""
    return Invalid(
        f"{where}is not {encodings.describe(enc)} text ({detail})",
        "save the file from Excel as 'CSV UTF-8', or give the right --encoding "
        "(gb18030 for Chinese Windows, big5 for traditional Chinese, utf-8 otherwise)",
    )


def _checked_lines(text: io.TextIOBase, path: Path, enc: str, limits: Limits) -> Iterator[str]:
    """The text's lines, refusing a line that does not decode or holds a private-use character."""
    number = 0
    try:
        for line in text:
            number += 1
            if len(line) > limits.chars * limits.columns:
                raise over("characters on one line", len(line), limits.chars, "chars", False)
            odd = encodings.private_use(line)
            if odd is not None:
                raise Invalid(
                    f"line {number} holds U+{ord(odd):04X}, a private-use code point that is "
                    f"no real character: the file is not {encodings.describe(enc)} text",
                    "give the right --encoding (big5 for traditional Chinese, say), or save "
                    "the file from Excel as 'CSV UTF-8'",
                )
            yield line
    except UnicodeError as exc:
        raise _not_text(
            _first_undecodable_line(path, enc) or number + 1, enc, _reason(exc)
        ) from None


def _open_csv(path: Path, forced: str | None, limits: Limits, size: int) -> Table:
    enc = choose_encoding(path, forced)
    with path.open("rb") as f:
        sample = f.read(encodings.SAMPLE_BYTES)
    preview = sample.decode(enc, errors="replace")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(preview)
    counter = _CountingReader(path.open("rb"))
    text = io.TextIOWrapper(io.BufferedReader(counter), encoding=enc, newline="")

    def rows() -> Iterator[RawRow]:
        csv.field_size_limit(limits.chars)
        reader = csv.reader(_checked_lines(text, path, enc, limits), delimiter=delimiter)
        last = 0
        width = 0
        try:
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    if "field larger" in str(exc):
                        raise Invalid(
                            f"line {last + 1} has a cell of more than {limits.chars:,} "
                            "characters, the limit",
                            'check for a quote (") that is opened and never closed; to read '
                            "it anyway, give --limit chars=N",
                        ) from None
                    raise Invalid(
                        f"line {last + 1} cannot be read as CSV ({exc})",
                        'check for a quote (") that is opened and never closed',
                    ) from None
                start, last = last + 1, reader.line_num
                if len(cells) > limits.columns:
                    raise over("columns", len(cells), limits.columns, "columns")
                if last > start:
                    _check_quote(cells, start, last, delimiter, width)
                if "".join(cells).strip():  # a blank row, or a row of empty cells
                    width = width or len(cells)
                    yield RawRow(start, cells)
        finally:
            text.close()

    headers, header_line, data = split_header(rows())
    data = _at_most(data, limits.rows)
    return Table(
        path,
        "csv",
        "line",
        headers,
        data,
        header_line=header_line,
        encoding=enc,
        delimiter=delimiter,
        total=size,
        position=lambda: counter.count,
    )


def _at_most(rows: Iterator[RawRow], limit: int) -> Iterator[RawRow]:
    """The data rows, refusing the file once there are more than ``limit``."""
    for count, row in enumerate(rows, start=1):
        if count > limit:
            raise over("rows", count, limit, "rows", exact=False)
        yield row


def _check_quote(cells: list[str], start: int, end: int, delimiter: str, width: int) -> None:
    """Refuse a cell that spans lines because a quote was left open.

    A quoted cell may hold line breaks on purpose (an address on two lines), but not lines that
    look like whole rows, nor run on to the end of the file: those mean a quote that was opened
    and never closed, which folds the following rows into one cell.
    """
    threshold = max(2, width - 1)
    for cell in cells:
        if "\n" not in cell and "\r" not in cell:
            continue
        inner = cell.splitlines()[1:]
        runs_to_end = cell.endswith(("\n", "\r"))
        if runs_to_end or any(line.count(delimiter) >= threshold for line in inner):
            raise Invalid(
                f'line {start} opens a quote (") that is closed only on line {end}'
                + (" or never" if runs_to_end else "")
                + f", so lines {start} to {end} would be read as one cell",
                f'close the quote on line {start}, or write a quote inside the text as two ("")',
            )


# --- JSON --------------------------------------------------------------------------------------


def _json_text_encoding(path: Path, forced: str | None) -> str:
    # RFC 8259: JSON exchanged between systems is UTF-8; a BOM is tolerated.
    return choose_encoding(path, forced) if forced else "utf-8-sig"


def _json_int(digits: str) -> int | str:
    """A JSON integer; one too long for any column stays its digits, and is judged as text."""
    return int(digits) if len(digits) <= MAX_JSON_INT_DIGITS else digits


def json_loads(text: str) -> Any:
    """``json.loads`` that reads long integers as their digits and refuses deep nesting."""
    try:
        return json.loads(text, parse_int=_json_int)
    except RecursionError:
        raise Invalid(
            "nests arrays or objects too deep to read",
            "write each row as one object of plain values",
        ) from None


def _keys_in_order(objects: Iterator[Any], limits: Limits) -> list[str]:
    keys: dict[str, None] = {}
    for obj in objects:
        if isinstance(obj, dict):
            keys.update(dict.fromkeys(str(k) for k in obj))
            if len(keys) > limits.columns:
                raise over("different keys", len(keys), limits.columns, "columns", False)
    return list(keys)


def _open_json(path: Path, forced: str | None, limits: Limits) -> Table:
    enc = _json_text_encoding(path, forced)
    try:
        data = json_loads(path.read_text(encoding=enc))
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
    if len(data) > limits.rows:
        raise over("rows", len(data), limits.rows, "rows")
    headers = _keys_in_order(iter(data), limits)
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


def _open_jsonl(path: Path, forced: str | None, limits: Limits) -> Table:
    enc = _json_text_encoding(path, forced)

    def objects() -> Iterator[tuple[int, Any]]:
        count = 0
        with path.open(encoding=enc) as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                count += 1
                if count > limits.rows:
                    raise over("rows", count, limits.rows, "rows", exact=False)
                try:
                    yield number, json_loads(line)
                except json.JSONDecodeError as exc:
                    raise Invalid(
                        f"line {number} is not valid JSON ({exc.msg}, character {exc.colno})",
                        "write one JSON object per line",
                    ) from None
                except Invalid as exc:
                    raise Invalid(f"line {number} {exc.message}", exc.fix) from None

    try:
        headers = _keys_in_order((obj for _, obj in objects()), limits)
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
