"""The rejects file: refused rows as they were, plus a ``reason`` column, ready to correct.

It has the source's own columns and format (CSV in UTF-8 with a BOM, which Excel opens
correctly; .xlsx; JSON; JSON Lines) unless the name asked for has another of these extensions,
so the corrected file imports as it is: the importer reads past a ``reason`` column.

CSV and XLSX rejects go through :mod:`redchain.tabular`, like every table redchain writes: a cell
a spreadsheet would run as a formula is written as text with a leading apostrophe, and the file
replaces its target only once complete. No rejects file may be one of the inputs, whatever name
it is derived to have.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from redchain.atomic import OutputError, check_output_path, replace_atomically
from redchain.importing.job import Job
from redchain.importing.limits import Limits
from redchain.importing.problems import Problem
from redchain.importing.readers import FORMATS, SHEET_FORMATS, open_table
from redchain.tabular import Sheet, write_csv, write_xlsx

REASON = "reason"


def reason(problems: list[Problem]) -> str:
    parts = []
    for p in problems:
        where = f"{p.column}: " if p.column else ""
        value = f"{p.value!r} " if p.value not in (None, "") else ""
        parts.append(f"{where}{value}{p.message} ({p.fix})")
    return "; ".join(parts)


def rejects_path(target: Path, job: Job, several: bool) -> Path:
    """Where a file's rejects go when ``target`` was asked for; see :func:`rejects_path_for`."""
    return rejects_path_for(target, job.path, several)


def rejects_path_for(target: Path, source: Path, several: bool) -> Path:
    """Where the rejects of ``source`` go when ``target`` was asked for.

    With one input file, ``target`` itself. With several, each input gets its own file: named
    after both (``退回.csv`` and ``partners.csv`` give ``退回-partners.csv``), or inside
    ``target`` when it has no extension (a folder: ``退回/partners.rejects.csv``).
    """
    if not several:
        return target
    if not target.suffix:
        # Rejects of any workbook are written as .xlsx.
        sheet = FORMATS.get(source.suffix.lower()) in SHEET_FORMATS
        return target / f"{source.stem}.rejects{'.xlsx' if sheet else source.suffix}"
    return target.with_name(f"{target.stem}-{source.stem}{target.suffix}")


def check_rejects(target: Path, inputs: Sequence[Path]) -> list[Path]:
    """Every rejects file ``target`` can lead to, refused if one is an input or two coincide."""
    several = len(inputs) > 1
    planned: dict[Path, Path] = {}
    for source in inputs:
        path = rejects_path_for(target, source, several)
        check_output_path(path, inputs)
        key = path.expanduser().resolve()
        if key in planned:
            raise OutputError(
                f"--rejects {target}: the rejects of {planned[key]} and of {source} would both go "
                f"to {path}; give the inputs different names or --rejects a folder"
            )
        planned[key] = source
    return list(planned)


def write_rejects(
    job: Job,
    path: Path,
    encoding: str | None,
    sheet: str | None,
    inputs: Iterable[Path] = (),
    limits: Limits | None = None,
) -> int:
    """Write the refused rows of ``job`` to ``path``; returns how many were written."""
    check_output_path(path, [job.path, *inputs])
    table = open_table(job.path, encoding, sheet, limits)
    fmt = FORMATS.get(path.suffix.lower(), table.format)
    headers = [*table.headers, REASON]
    width = len(table.headers)
    rows = (
        [*_padded(row.cells[:width], width), reason(job.bad[row.number])]
        for row in table.rows
        if row.number in job.bad
    )
    if fmt in SHEET_FORMATS:
        return sum(write_xlsx(path, [Sheet("rejects", headers, rows)]).values())
    if fmt in ("json", "jsonl"):
        return _write_json(path, table.headers, rows, lines=fmt == "jsonl")
    return write_csv(path, headers, rows)


def _padded(cells: list[Any], width: int) -> list[Any]:
    return [*cells, *[None] * (width - len(cells))]


def _write_json(path: Path, headers: list[str], rows: Any, *, lines: bool) -> int:
    """JSON Lines, or (``lines`` False) one array; a JSON array's rejects are few enough."""
    objects = []
    for cells in rows:
        *values, why = cells
        obj = {h: v for h, v in zip(headers, values, strict=False) if v is not None}
        obj[REASON] = why
        objects.append(obj)
    with replace_atomically(path, encoding="utf-8", newline="") as f:
        if lines:
            f.writelines(json.dumps(o, ensure_ascii=False, default=str) + "\n" for o in objects)
        else:
            json.dump(objects, f, ensure_ascii=False, indent=1, default=str)
    return len(objects)
