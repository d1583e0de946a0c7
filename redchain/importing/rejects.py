"""The rejects file: refused rows as they were, plus a ``reason`` column, ready to correct.

It has the source's own columns and format (CSV in UTF-8 with a BOM, which Excel opens
correctly; .xlsx; JSON; JSON Lines) unless the name asked for has another of these extensions,
so the corrected file imports as it is: the importer reads past a ``reason`` column.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from redchain.importing.job import Job
from redchain.importing.limits import Limits
from redchain.importing.normalize import cell_text
from redchain.importing.problems import Problem
from redchain.importing.readers import FORMATS, SHEET_FORMATS, open_table

REASON = "reason"


def reason(problems: list[Problem]) -> str:
    parts = []
    for p in problems:
        where = f"{p.column}: " if p.column else ""
        value = f"{p.value!r} " if p.value not in (None, "") else ""
        parts.append(f"{where}{value}{p.message} ({p.fix})")
    return "; ".join(parts)


def rejects_path(target: Path, job: Job, several: bool) -> Path:
    """Where a file's rejects go when ``target`` was asked for.

    With one input file, ``target`` itself. With several, each input gets its own file: named
    after both (``退回.csv`` and ``partners.csv`` give ``退回-partners.csv``), or inside
    ``target`` when it has no extension (a folder: ``退回/partners.rejects.csv``).
    """
    if not several:
        return target
    if not target.suffix:
        # Rejects of any workbook are written as .xlsx.
        suffix = ".xlsx" if job.table.is_sheet else job.path.suffix
        return target / f"{job.path.stem}.rejects{suffix}"
    return target.with_name(f"{target.stem}-{job.path.stem}{target.suffix}")


def write_rejects(
    job: Job, path: Path, encoding: str | None, sheet: str | None, limits: Limits | None = None
) -> int:
    """Write the refused rows of ``job`` to ``path``; returns how many were written."""
    table = open_table(job.path, encoding, sheet, limits)
    fmt = FORMATS.get(path.suffix.lower(), table.format)
    headers = [*table.headers, REASON]
    rows = (
        (row.cells[: len(table.headers)], reason(job.bad[row.number]))
        for row in table.rows
        if row.number in job.bad
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt in SHEET_FORMATS:
        return _write_xlsx(path, headers, rows)
    if fmt in ("json", "jsonl"):
        return _write_json(path, table.headers, rows, lines=fmt == "jsonl")
    return _write_csv(path, headers, rows)


def _padded(cells: list[Any], width: int) -> list[Any]:
    return [*cells, *[None] * (width - len(cells))]


def _write_csv(path: Path, headers: list[str], rows: Any) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        for cells, why in rows:
            writer.writerow([cell_text(c) for c in _padded(cells, len(headers) - 1)] + [why])
            count += 1
    return count


def _write_xlsx(path: Path, headers: list[str], rows: Any) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("rejects")
    bold = Font(bold=True)
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for cells, why in rows:
        sheet.append([*_padded(cells, len(headers) - 1), why])
        count += 1
    book.save(path)
    return count


def _write_json(path: Path, headers: list[str], rows: Any, *, lines: bool) -> int:
    """JSON Lines, or (``lines`` False) one array; a JSON array's rejects are few enough."""
    objects = []
    for cells, why in rows:
        obj = {h: v for h, v in zip(headers, cells, strict=False) if v is not None}
        obj[REASON] = why
        objects.append(obj)
    with path.open("w", encoding="utf-8") as f:
        if lines:
            f.writelines(json.dumps(o, ensure_ascii=False, default=str) + "\n" for o in objects)
        else:
            json.dump(objects, f, ensure_ascii=False, indent=1, default=str)
    return len(objects)
