"""The one set of rules for tables people open: safe cells, typed cells, atomic files."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from redchain.atomic import OutputError, check_output_path, replace_atomically
from redchain.tabular import Sheet, cell_text, display_width, write_csv, write_xlsx


def test_formulas_are_text_in_csv_and_xlsx(tmp_path: Path) -> None:
    hostile = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1", "@SUM(A1)"]
    write_csv(tmp_path / "t.csv", ["名称"], [[h] for h in hostile])
    text = (tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert all(line.startswith(("'", "\"'", "名称")) for line in text.splitlines())
    write_xlsx(tmp_path / "t.xlsx", [Sheet("单位", ["名称"], [[h] for h in hostile])])
    sheet = load_workbook(tmp_path / "t.xlsx")["单位"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.data_type for c in cells] == ["s"] * len(hostile)
    assert [c.value for c in cells] == ["'" + h for h in hostile]


def test_xlsx_keeps_types_and_is_made_for_people(tmp_path: Path) -> None:
    rows = [["南沙街道", dt.date(2024, 5, 1), 196.0, True, "a\x07b"]]
    write_xlsx(tmp_path / "t.xlsx", [Sheet("单位", ["名称", "日期", "积分", "是", "备注"], rows)])
    sheet = load_workbook(tmp_path / "t.xlsx")["单位"]
    name, day, points, flag, note = (c.value for c in next(sheet.iter_rows(min_row=2)))
    assert (name, day.date(), points, flag) == ("南沙街道", dt.date(2024, 5, 1), 196, True)
    assert isinstance(points, int) and note == "a\ufffdb"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:E2"


def test_cell_text_and_width() -> None:
    assert [cell_text(v) for v in (196.0, 2.5, None, dt.date(2024, 1, 2))] == [
        "196",
        "2.5",
        "",
        "2024-01-02",
    ]
    assert display_width("南沙ab") == 6


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("good", encoding="utf-8")
    with pytest.raises(RuntimeError), replace_atomically(target) as handle:
        handle.write("half")
        raise RuntimeError("disk gone")
    assert target.read_text(encoding="utf-8") == "good"
    assert os.listdir(tmp_path) == ["report.html"]


def test_outputs_that_cannot_be_files_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="is a folder"):
        check_output_path(tmp_path)
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_output_path(source / "out.csv")
    with pytest.raises(OutputError, match="input files"):
        check_output_path(tmp_path / "." / "a.csv", [source])
