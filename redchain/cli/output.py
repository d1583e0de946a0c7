"""Printing results: every command that prints results can print them as a table, JSON, CSV or
Markdown, through the one ``--format`` option defined here."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from redchain.tabular import cell_text, display_width, spreadsheet_safe

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("table", "json", "csv", "md")


def format_option(*, default: str = "table", choices: Sequence[str] = FORMATS) -> Callable[[F], F]:
    """``--format``, shared by every command that prints results."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="How to print the result.",
    )


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def render_table(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    columns = list(columns or (rows[0].keys() if rows else []))
    if not columns:
        return "(no rows)"
    cells = [[cell_text(row.get(c)) for c in columns] for row in rows]
    widths = [
        max([display_width(c)] + [display_width(r[i]) for r in cells])
        for i, c in enumerate(columns)
    ]
    lines = [
        "  ".join(pad(c, w) for c, w in zip(columns, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(pad(v, w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def render_markdown(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    columns = list(columns or (rows[0].keys() if rows else []))
    if not columns:
        return "(no rows)"

    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [
        "| " + " | ".join(esc(c) for c in columns) + " |",
        "|" + "|".join("---" for _ in columns) + "|",
    ]
    lines += ["| " + " | ".join(esc(cell_text(r.get(c))) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def render_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    columns = list(columns or (rows[0].keys() if rows else []))
    # The csv module quotes a cell holding any character of the line terminator; with "\r\n"
    # a carriage return inside a cell is quoted too, so no spreadsheet starts a row there.
    lines = []
    for cells in [
        columns,
        *([spreadsheet_safe(cell_text(r.get(c))) for c in columns] for r in rows),
    ]:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(cells)
        lines.append(buffer.getvalue().removesuffix("\r\n"))
    return "\n".join(lines)


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def emit(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    columns: Sequence[str] | None = None,
    json_data: Any = None,
) -> None:
    """Print rows in the chosen format; ``json_data`` replaces the rows for ``--format json``."""
    if fmt == "json":
        click.echo(to_json(json_data if json_data is not None else list(rows)))
    elif fmt == "csv":
        click.echo(render_csv(rows, columns))
    elif fmt == "md":
        click.echo(render_markdown(rows, columns))
    else:
        click.echo(render_table(rows, columns))
