"""How much one import file may hold before it is refused, and the ``--limit`` option.

The limits keep a small hostile or broken file from hanging the import or exhausting the
machine: a CSV of 100,000 columns, a workbook of a few kilobytes that unpacks to millions of
rows, a cell of megabytes. Each refusal names the limit and how to raise it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from redchain.importing.problems import Invalid


@dataclass(frozen=True)
class Limits:
    #: Columns of a header or of any row.
    columns: int = 1_000
    #: Rows of one file (a sheet, a CSV, a JSON array or JSON Lines file).
    rows: int = 10_000_000
    #: Cells of one sheet, counted over its used rectangle: a sheet is read whole.
    cells: int = 10_000_000
    #: Characters in one cell.
    chars: int = 100_000
    #: Bytes of a file, and of a workbook's sheet once unpacked.
    bytes: int = 2 * 1024**3


DEFAULT_LIMITS = Limits()
NAMES = tuple(f.name for f in dataclasses.fields(Limits))


def parse_limit_options(options: tuple[str, ...] | list[str], base: Limits | None = None) -> Limits:
    """``--limit rows=20000000`` options applied to ``base`` (the defaults)."""
    changes: dict[str, int] = {}
    for option in options:
        name, sep, number = option.partition("=")
        name = name.strip().lower()
        if not sep or name not in NAMES:
            raise Invalid(
                f"--limit {option!r} is not of the form NAME=N",
                "NAME is one of: " + ", ".join(NAMES) + " (for example --limit rows=20000000)",
            )
        text = number.strip().replace("_", "").replace(",", "")
        if not text.isdigit() or int(text) < 1:
            raise Invalid(
                f"--limit {option!r} does not give a whole number of at least 1",
                f"write --limit {name}=N",
            )
        changes[name] = int(text)
    return dataclasses.replace(base or DEFAULT_LIMITS, **changes)


def over(what: str, found: int, limit: int, name: str, exact: bool = True) -> Invalid:
    """The refusal of a file that goes past one limit."""
    amount = f"{found:,}" if exact else f"at least {found:,}"
    return Invalid(
        f"has {amount} {what}, more than the limit of {limit:,}",
        f"check that this is the file meant; to read it anyway, give --limit {name}=N "
        f"with N above {found:,}",
    )
