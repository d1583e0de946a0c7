"""Reading office files: encodings, delimiters, sheets, JSON, line numbers, headers (no engine)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from redchain.importing import encoding
from redchain.importing.headers import (
    HeaderMismatch,
    guess_kind,
    load_map_file,
    match,
    parse_map_options,
)
from redchain.importing.kinds import KIND_BY_NAME, KINDS
from redchain.importing.problems import Invalid
from redchain.importing.readers import open_table

PARTNERS = KIND_BY_NAME["partners"]
HEADER = "统一社会信用代码,名称,领域,加入日期"
ROWS = [
    "91440115MA59ABCD1X,示例银行南沙分行,金融机构,2023/5/1",
    "114401150000000001,南沙街道,街道,2022/1/3",
]


def write_text(path: Path, text: str, enc: str, newline: str = "\r\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode(enc))
    return path


def read_all(path: Path, **kwargs: str) -> tuple[list[str], list[tuple[int, list[object]]]]:
    table = open_table(path, **kwargs)  # type: ignore[arg-type]
    return table.headers, [(row.number, row.cells) for row in table.rows]


@pytest.mark.parametrize(
    ("enc", "found"),
    [
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-8", "utf-8"),
        ("utf-16", "utf-16"),
    ],
)
def test_chinese_csv_in_any_encoding_excel_writes(tmp_path: Path, enc: str, found: str) -> None:
    path = write_text(tmp_path / "p.csv", "\n".join([HEADER, *ROWS]) + "\n", enc)
    table = open_table(path)
    assert table.encoding == encoding.normal_name(found)
    assert table.headers == HEADER.split(",")
    rows = [(r.number, r.cells) for r in table.rows]
    assert rows == [(2, ROWS[0].split(",")), (3, ROWS[1].split(","))]


def test_forced_encoding_wins(tmp_path: Path) -> None:
    path = write_text(tmp_path / "p.csv", "\n".join([HEADER, *ROWS]) + "\n", "gb18030")
    table = open_table(path, encoding="latin-1")
    assert table.encoding == "iso8859-1"
    assert table.headers != HEADER.split(",")


def test_bytes_that_are_not_the_detected_encoding_name_the_line(tmp_path: Path) -> None:
    # The first 64 KiB are GB18030, then a byte sequence GB18030 cannot decode.
    body = "\n".join([HEADER] + [ROWS[0]] * 3000) + "\n"
    path = tmp_path / "p.csv"
    path.write_bytes(body.encode("gb18030") + b"\x80\x20broken,x,y,z\n")
    table = open_table(path)
    assert table.encoding == "gb18030"
    with pytest.raises(Invalid, match="line 3002 is not GB18030/GBK text") as caught:
        list(table.rows)
    assert "--encoding" in caught.value.fix


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_comma_tab_or_semicolon(tmp_path: Path, delimiter: str) -> None:
    text = "\n".join(line.replace(",", delimiter) for line in [HEADER, *ROWS]) + "\n"
    headers, rows = read_all(write_text(tmp_path / "p.csv", text, "utf-8"))
    assert headers == HEADER.split(",")
    assert rows[1] == (3, ROWS[1].split(","))


def test_line_numbers_are_the_editors_with_a_title_row_blank_lines_and_a_multi_line_cell(
    tmp_path: Path,
) -> None:
    text = (
        "共建单位名单,,,\n"
        f"{HEADER}\n"
        f"{ROWS[0]}\n"
        ",,,\n"
        "\n"
        '114401150000000001,"南沙\n街道",街道,2022/1/3\n'
        f"{ROWS[0]}\n"
    )
    table = open_table(write_text(tmp_path / "p.csv", text, "utf-8"))
    assert table.header_line == 2
    assert [r.number for r in table.rows] == [3, 6, 8]


def test_xlsx_rows_carry_sheet_row_numbers_and_typed_cells(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["共建单位名单"])
    sheet.append(HEADER.split(","))
    sheet.append(["91440115MA59ABCD1X", "示例银行南沙分行", "金融机构", dt.datetime(2023, 5, 1)])
    sheet.append([])
    sheet.append(["114401150000000001", "南沙街道", "街道", 44927])
    other = book.create_sheet("第二页")
    other.append(["名称", "领域"])
    path = tmp_path / "p.xlsx"
    book.save(path)

    table = open_table(path)
    assert (table.sheet, table.header_line, table.headers) == ("Sheet", 2, HEADER.split(","))
    rows = [(r.number, r.cells) for r in table.rows]
    assert rows[0] == (
        3,
        ["91440115MA59ABCD1X", "示例银行南沙分行", "金融机构", dt.date(2023, 5, 1)],
    )
    assert rows[1][0] == 5
    assert open_table(path, sheet="第二页").headers == ["名称", "领域"]
    assert open_table(path, sheet="2").sheet == "第二页"
    with pytest.raises(Invalid, match="no sheet named 'Sheet9'") as caught:
        open_table(path, sheet="Sheet9")
    assert "'Sheet', '第二页'" in caught.value.fix


def test_json_array_items_and_json_lines(tmp_path: Path) -> None:
    items = [{"uscc": "91440115MA59ABCD1X", "name": "甲"}, {"name": "乙", "domain": "银行"}]
    array = tmp_path / "p.json"
    array.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    table = open_table(array)
    assert (table.unit, table.headers) == ("item", ["uscc", "name", "domain"])
    assert [(r.number, r.cells) for r in table.rows] == [
        (1, ["91440115MA59ABCD1X", "甲", None]),
        (2, [None, "乙", "银行"]),
    ]
    lines = tmp_path / "p.jsonl"
    lines.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n\n")
    table = open_table(lines)
    assert table.unit == "line"
    assert [r.number for r in table.rows] == [1, 2]
    broken = tmp_path / "b.jsonl"
    broken.write_text('{"name": "甲"}\n{"name": \n')
    with pytest.raises(Invalid, match="line 2 is not valid JSON"):
        open_table(broken)


def test_a_file_type_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(Invalid, match=r"files ending in \.numbers cannot be read") as caught:
        open_table(tmp_path / "old.numbers")
    assert ".xlsx" in caught.value.fix


# --- headers --------------------------------------------------------------------------------


def test_headers_in_english_chinese_any_case_width_or_spacing() -> None:
    headers = ["USCC", "名 称", "Domain ", "joined-on", "ＮＡＭＥ_ＥＮ", "序号"]
    layout = match(headers, PARTNERS, {})
    assert layout.columns == {"uscc": 0, "name": 1, "domain": 2, "joined_on": 3, "name_en": 4}


def test_an_unknown_header_is_refused_with_the_nearest_and_the_accepted_ones() -> None:
    with pytest.raises(HeaderMismatch) as caught:
        match(["统一社会信用代码", "名称", "领域", "所在街道"], PARTNERS, {})
    [issue] = caught.value.issues
    assert (issue.column, issue.header) == (3, "所在街道")
    assert issue.message == "is not a column of partners (共建单位)"
    assert issue.fix.startswith("did you mean '所在街镇'?")
    assert "uscc/统一社会信用代码*" in issue.fix


def test_a_missing_required_header_is_refused() -> None:
    with pytest.raises(HeaderMismatch) as caught:
        match(["统一社会信用代码", "名称"], PARTNERS, {})
    [issue] = caught.value.issues
    assert issue.message == "the required column 领域 (domain) of partners is missing"


def test_map_renames_and_ignores_columns() -> None:
    mapping = parse_map_options(["单位全称=名称", "备注=", "Sector=domain"])
    layout = match(["统一社会信用代码", "单位全称", "备注", "sector"], PARTNERS, mapping)
    assert layout.columns == {"uscc": 0, "name": 1, "domain": 3}
    with pytest.raises(Invalid, match="not of the form old=new"):
        parse_map_options(["单位全称"])
    with pytest.raises(HeaderMismatch, match="not a column of partners"):
        match(["统一社会信用代码", "单位全称", "领域"], PARTNERS, {"单位全称": "全称"})


def test_map_files_in_json_and_csv(tmp_path: Path) -> None:
    as_json = tmp_path / "m.json"
    as_json.write_text('{"单位全称": "名称"}', encoding="utf-8")
    as_csv = write_text(tmp_path / "m.csv", "old,new\n单位全称,名称\n备注,\n", "gb18030")
    assert load_map_file(as_json) == {"单位全称": "名称"}
    assert load_map_file(as_csv) == {"单位全称": "名称", "备注": ""}


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_each_kind_is_told_from_its_own_headers(kind: object) -> None:
    zh = [f.zh for f in kind.fields]  # type: ignore[attr-defined]
    en = [f.name for f in kind.fields]  # type: ignore[attr-defined]
    required = [f.zh for f in kind.fields if f.required]  # type: ignore[attr-defined]
    assert guess_kind(zh, {}) is kind
    assert guess_kind(en, {}) is kind
    assert guess_kind(required, {}) is kind


def test_headers_that_fit_no_kind_say_what_is_missing() -> None:
    with pytest.raises(HeaderMismatch) as caught:
        guess_kind(["名称", "领域"], {})
    assert caught.value.issues[0].message == (
        "looks like partners (共建单位) but lacks the required 统一社会信用代码 (uscc)"
    )
    with pytest.raises(HeaderMismatch, match="no header is a column of any import kind"):
        guess_kind(["foo", "bar"], {})
