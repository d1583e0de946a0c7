"""Files that today's readers got wrong, quietly or with a traceback, and the limits on a file.

Each case runs ``redchain import`` as a clerk would (click's runner re-raises any exception, so
a traceback fails the test) and checks the one-line refusal: file, line or cell, and the fix.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from test_import_support import unit_codes

from redchain.importing.headers import HeaderMismatch, load_map_file, match
from redchain.importing.kinds import KIND_BY_NAME
from redchain.importing.limits import Limits, parse_limit_options
from redchain.importing.problems import Invalid
from redchain.importing.readers import open_table

NAMES = ["南沙街道", "示例银行南沙分行", "珠江街道"]
CODES = unit_codes(NAMES)
HEADER = "统一社会信用代码,名称,领域"
ROWS = [
    f"{CODES['南沙街道']},南沙街道,街道",
    f"{CODES['示例银行南沙分行']},示例银行南沙分行,金融机构",
    f"{CODES['珠江街道']},珠江街道,街道",
]


def refused(target: Any, *args: str) -> str:
    """The error output of an import that must be refused before anything is written."""
    result = target.invoke("import", *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    with target.open() as engine:
        assert engine.run("MATCH (n) WHERE NOT n:ImportRun RETURN count(n) AS n") == [{"n": 0}]
    return str(result.output)


# --- a workbook built by hand, as a broken or hostile writer would ----------------------------

_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_BOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets>{sheets}</sheets></workbook>'
)
_BOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
)
ONE_SHEET = '<sheet name="名单" sheetId="1" r:id="rId1"/>'


def raw_workbook(
    path: Path, rows: str, sheets: str = ONE_SHEET, sheet_xml: str | None = None
) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _BOOK.format(sheets=sheets))
        z.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml or _SHEET.format(rows=rows))
    return path


def cells(row: int, *values: str) -> str:
    inner = "".join(
        f'<c r="{chr(65 + i)}{row}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{row}">{inner}</row>'


# --- encodings ----------------------------------------------------------------------------------


def test_big5_text_is_refused_with_the_encodings_it_could_be(target: Any, tmp_path: Path) -> None:
    text = "uscc,name,domain\n" + f"{CODES['示例银行南沙分行']},示例銀行南沙分行,金融機構\n" * 3
    path = tmp_path / "單位.csv"
    path.write_bytes(text.encode("big5"))
    output = refused(target, str(path))
    assert f"Error: {path}: is not UTF-8 or GB18030/GBK text; it could be big5" in output
    assert "--encoding big5" in output
    table = open_table(path, encoding="big5")
    assert [r.cells[1] for r in table.rows] == ["示例銀行南沙分行"] * 3


def test_big5_that_gb18030_reads_as_rare_characters_is_refused(tmp_path: Path) -> None:
    # Every byte pair here is GBK too, but only as characters no office types.
    path = tmp_path / "p.csv"
    path.write_bytes(
        "銀行,業務,電話\n臺灣銀行,總經理處,學術會議\n實業開發區,東華,會議\n".encode("big5")
    )
    with pytest.raises(Invalid, match="reads as Big5 too") as caught:
        open_table(path)
    assert "--encoding big5" in caught.value.fix


def test_a_file_mixing_utf8_and_gb18030_lines_is_refused_naming_them(
    target: Any, tmp_path: Path
) -> None:
    path = tmp_path / "拼接.csv"
    path.write_bytes(
        (HEADER + "\n" + ROWS[0] + "\n").encode("utf-8") + (ROWS[1] + "\n").encode("gb18030")
    )
    output = refused(target, str(path))
    assert "mixes two encodings: lines 1, 2 are UTF-8, line 3 is not (GB18030/GBK, perhaps)" in (
        output
    )


def test_private_use_characters_are_refused_even_with_a_forced_encoding(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes((HEADER + "\n" + ROWS[0] + "\n").encode("gb18030") + b"\xaa\xa1,x,y\n")
    with pytest.raises(Invalid, match="line 3 holds U\\+E000, a private-use code point"):
        list(open_table(path, encoding="gb18030").rows)


# --- quotes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("skip", [False, True], ids=["default", "skip-invalid"])
def test_an_unclosed_quote_is_reported_with_its_line(
    target: Any, tmp_path: Path, skip: bool
) -> None:
    lines = [HEADER, ROWS[0], f'{CODES["示例银行南沙分行"]},"示例银行南沙分行,金融机构', ROWS[2]]
    lines += [f"{CODES['珠江街道']},珠江街道,街道"] * 3 + ['x,"y",z']
    path = tmp_path / "引号.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = refused(target, str(path), *(["--skip-invalid"] if skip else []))
    assert (
        f'Error: {path}: line 3 opens a quote (") that is closed only on line 8, so lines 3 to 8 '
        "would be read as one cell. Fix: close the quote on line 3" in output
    )


def test_a_quote_left_open_to_the_end_of_the_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        f'{HEADER}\n{ROWS[0]}\n{CODES["珠江街道"]},"示例,金融机构\n{ROWS[2]}\n', "utf-8"
    )
    with pytest.raises(Invalid, match=r"line 3 opens a quote .* closed only on line 4 or never"):
        list(open_table(path).rows)


def test_a_cell_on_two_lines_is_still_one_cell(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(f'{HEADER},地址\n{ROWS[0]},"南沙区\n海滨路 1 号"\n{ROWS[1]},\n', "utf-8")
    assert [r.number for r in open_table(path).rows] == [2, 4]


# --- sheets -------------------------------------------------------------------------------------


def test_the_hidden_first_sheet_is_passed_over_for_the_visible_one(
    target: Any, tmp_path: Path
) -> None:
    book = Workbook()
    old = book.active
    assert old is not None
    old.title = "旧名单"
    old.append(HEADER.split(","))
    old.append(ROWS[0].split(","))
    old.sheet_state = "hidden"
    current = book.create_sheet("名单")
    current.append(HEADER.split(","))
    current.append(ROWS[1].split(","))
    book.active = 1
    path = tmp_path / "名单.xlsx"
    book.save(path)
    result = target.invoke("import", str(path))
    assert result.exit_code == 0, result.output
    assert f"{path}: partners (共建单位), XLSX, sheet '名单', 1 row" in result.output
    with target.open() as engine:
        names = engine.run("MATCH (o:Organization) RETURN o.name AS name")
    assert names == [{"name": "示例银行南沙分行"}]


def test_a_workbook_whose_sheets_are_all_hidden_is_refused_listing_them(tmp_path: Path) -> None:
    sheets = '<sheet name="甲" sheetId="1" state="hidden" r:id="rId1"/>'
    path = raw_workbook(tmp_path / "hidden.xlsx", cells(1, "名称", "领域"), sheets)
    with pytest.raises(Invalid, match="has no visible worksheet") as caught:
        open_table(path)
    assert caught.value.fix == "give --sheet one of: '甲' (hidden)"
    assert open_table(path, sheet="甲").headers == ["名称", "领域"]


def test_formulas_without_saved_values_are_refused_naming_the_cells(
    target: Any, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append([CODES["南沙街道"], "南沙街道", '=IF(1,"街道","")'])
    sheet.append([CODES["珠江街道"], "=B2", "街道"])
    path = tmp_path / "公式.xlsx"
    book.save(path)
    output = refused(target, str(path))
    assert (
        f"Error: {path}: sheet 'Sheet' has 2 formula cells without a saved value (C2, B3)" in output
    )
    assert "save it, so that the values are stored" in output


def test_error_cells_are_refused_not_read_as_empty(tmp_path: Path) -> None:
    rows = cells(1, "名称", "领域") + '<row r="2"><c r="A2" t="e"><v>#DIV/0!</v></c></row>'
    path = raw_workbook(tmp_path / "err.xlsx", rows)
    with pytest.raises(Invalid, match="sheet '名单', cell A2 holds the error #DIV/0!"):
        open_table(path)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("broken XML", "sheet '名单' cannot be read"),
        ("no sheets", "is a workbook without sheets"),
        ("not a zip", "is not a workbook that can be read"),
    ],
)
def test_broken_workbooks_are_refused_in_one_line(
    target: Any, tmp_path: Path, case: str, message: str
) -> None:
    path = tmp_path / "坏.xlsx"
    if case == "broken XML":
        raw_workbook(path, "", sheet_xml=_SHEET.format(rows=cells(1, "名称", "领域"))[:-30])
    elif case == "no sheets":
        raw_workbook(path, "", sheets="")
    else:
        path.write_bytes(b"PK\x03\x04 this is no zip")
    output = refused(target, str(path))
    assert f"Error: {path}: {message}" in output
    assert "save it again as .xlsx" in output


# --- limits -------------------------------------------------------------------------------------


def test_a_csv_of_100k_columns_is_refused_at_once(target: Any, tmp_path: Path) -> None:
    path = tmp_path / "宽.csv"
    path.write_text(",".join(f"c{i}" for i in range(100_000)) + "\n1,2\n", encoding="utf-8")
    output = refused(target, str(path))
    assert f"Error: {path}: has 100,000 columns, more than the limit of 1,000" in output
    assert "--limit columns=N" in output


def test_thousands_of_unknown_headers_are_all_named(tmp_path: Path) -> None:
    headers = ["统一社会信用代码", "名称", "领域", *(f"列{i}" for i in range(8_000))]
    with pytest.raises(HeaderMismatch) as caught:
        match(headers, KIND_BY_NAME["partners"], {})
    assert len(caught.value.issues) == 8_000


def test_a_tiny_workbook_claiming_millions_of_rows_or_columns_is_refused(
    target: Any, tmp_path: Path
) -> None:
    far = cells(1, "名称", "领域") + '<row r="3000000"><c r="A3000000"><v>1</v></c></row>'
    rows = refused(target, str(raw_workbook(tmp_path / "rows.xlsx", far)))
    assert "has a sheet of more than 1,048,576 rows, which no Excel or LibreOffice sheet" in rows
    wide = cells(1, "名称", "领域") + '<row r="900"><c r="XFD900"><v>1</v></c></row>'
    columns = refused(target, str(raw_workbook(tmp_path / "cols.xlsx", wide)))
    assert "has 16,384 columns, more than the limit of 1,000" in columns
    square = cells(1, "名称", "领域") + '<row r="900000"><c r="ALL900000"><v>1</v></c></row>'
    area = refused(target, str(raw_workbook(tmp_path / "area.xlsx", square)))
    assert "cells (rows times columns used), more than the limit of 10,000,000" in area


def test_limits_can_be_raised_and_lowered(target: Any, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    output = refused(target, str(path), "--limit", "rows=2")
    assert "has at least 3 rows, more than the limit of 2" in output
    result = target.invoke("import", str(path), "--limit", "rows=3", "--limit", "columns=3")
    assert result.exit_code == 0, result.output
    book = raw_workbook(
        tmp_path / "b.xlsx", "".join(cells(n, "名称", "领域", "x") for n in range(1, 5))
    )
    with pytest.raises(Invalid, match=r"has at least 12 cells .*, more than the limit of 11"):
        open_table(book, limits=Limits(cells=11))
    long_cell = tmp_path / "long.csv"
    long_cell.write_text(f'{HEADER}\n{ROWS[0][:30]},"{"长" * 200}",街道\n', encoding="utf-8")
    with pytest.raises(Invalid, match="line 2 has a cell of more than 100 characters"):
        list(open_table(long_cell, limits=Limits(chars=100)).rows)


@pytest.mark.parametrize(
    ("option", "message"),
    [("rows", "is not of the form NAME=N"), ("lines=5", "is not of the form"), ("rows=0", "1")],
)
def test_a_bad_limit_is_a_usage_error(
    target: Any, tmp_path: Path, option: str, message: str
) -> None:
    path = tmp_path / "x.csv"
    path.write_text(HEADER + "\n", encoding="utf-8")
    result = target.invoke("import", str(path), "--limit", option)
    assert result.exit_code == 2 and message in result.output
    assert parse_limit_options(["rows=1_000", "CELLS=20,000"]) == Limits(rows=1000, cells=20000)


# --- JSON and mapping files ---------------------------------------------------------------------


def test_json_nested_100k_deep_is_refused(target: Any, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    output = refused(target, str(path))
    assert f"Error: {path}: nests arrays or objects too deep to read" in output
    lines = tmp_path / "deep.jsonl"
    lines.write_text('{"name": "甲"}\n' + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(Invalid, match="line 2 nests arrays or objects too deep"):
        open_table(lines)


def test_a_json_integer_of_5000_digits_fails_its_row_only(target: Any, tmp_path: Path) -> None:
    first = {"uscc": CODES["南沙街道"], "name": "南沙街道", "domain": "街道"}
    second = '{"uscc": ' + "9" * 5000 + ', "name": "珠江街道", "domain": "街道"}'
    path = tmp_path / "big.json"
    path.write_text(f"[{json.dumps(first)}, {second}]", encoding="utf-8")
    result = target.invoke("import", str(path), "--format", "json")
    assert result.exit_code == 1, result.output
    [problem] = json.loads(result.stdout)["problems"]
    assert (problem["line"], problem["column"]) == (2, "uscc")
    assert "is not a valid credit code" in problem["message"]


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_a_utf16_map_file_is_read(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"映射{suffix}"
    text = "old,new\n单位全称,名称\n" if suffix == ".csv" else '{"单位全称": "名称"}'
    path.write_text(text, encoding="utf-16")
    assert load_map_file(path) == {"单位全称": "名称"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_as_map_file_is_refused_not_waited_on(target: Any, tmp_path: Path) -> None:
    fifo = tmp_path / "映射.csv"
    os.mkfifo(fifo)
    data = tmp_path / "p.csv"
    data.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "redchain.cli.main", "import", str(data), "--map-file", str(fifo)],
        env=target.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert f"{fifo}: is a pipe, socket or device, not a file" in done.stderr
    assert "Traceback" not in done.stderr


# --- the template's example row -----------------------------------------------------------------


@pytest.mark.parametrize("out", ["共建单位.xlsx", "共建单位.csv"])
def test_the_templates_example_row_is_refused_never_imported(
    target: Any, tmp_path: Path, out: str
) -> None:
    path = tmp_path / out
    assert target.invoke("import", "--template", "chains", "--out", str(path)).exit_code == 0
    # The chains example is the real chain: only the 示例 mark tells the row apart.
    if out.endswith(".xlsx"):
        from openpyxl import load_workbook

        book = load_workbook(path)
        sheet = book.worksheets[0]
        sheet.append([1, "南沙政数链", None, "南沙开发区金融局"])
        book.save(path)
    else:
        with path.open("a", encoding="utf-8", newline="") as f:
            f.write("1,南沙政数链,,南沙开发区金融局,\r\n")
    partners = tmp_path / "p.csv"
    partners.write_text(f"{HEADER}\n{CODES['南沙街道']},南沙开发区金融局,政府部门\n", "utf-8")
    result = target.invoke("import", str(partners), str(path))
    assert result.exit_code == 1
    assert (
        f"{path}, {'row' if out.endswith('.xlsx') else 'line'} 2: is the template's example row, "
        "not a real one. Fix: delete this row" in result.output
    )
    result = target.invoke("import", str(partners), str(path), "--skip-invalid", "--format", "json")
    assert result.exit_code == 0, result.output
    chains = json.loads(result.stdout)["files"][1]
    assert (chains["kind"], chains["rows"], chains["rejected"], chains["created"]) == (
        "chains",
        2,
        1,
        1,
    )
