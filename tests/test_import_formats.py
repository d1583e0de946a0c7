"""Every office format, with files saved by LibreOffice as well as by Python writers.

LibreOffice (``soffice --headless --convert-to``) turns the sample's CSV files and a workbook of
awkward cells into .xls, .ods, .xlsx and UTF-16 text, once per session, in a private profile. The
tests skip with the reason when soffice is missing, and fail then with
REDCHAIN_REQUIRE_LIBREOFFICE=1 (as in CI, which installs ``libreoffice-calc-nogui``).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from importlib.resources import files
from pathlib import Path

import pytest
from openpyxl import Workbook

from redchain.engines.base import Engine
from redchain.importing.api import import_files
from redchain.importing.limits import Limits
from redchain.importing.problems import Invalid
from redchain.importing.readers import open_table
from tests.test_import_support import dump

SAMPLE_DIR = Path(str(files("redchain") / "data" / "sample"))
SAMPLE = sorted(SAMPLE_DIR.glob("*.csv"))
# LibreOffice's CSV filter: comma, double quote, UTF-8 (76), from line 1, dates and numbers
# recognised as a clerk's Calc would ("detect special numbers").
CSV_IN = "CSV:44,34,76,1,,0,false,true"
# Excel's "Unicode text": tab-separated UTF-16 (65535) with a byte-order mark.
UTF16_OUT = "csv:Text - txt - csv (StarCalc):9,34,65535"
SOFFICE_TIMEOUT = 240


def soffice() -> str:
    found = shutil.which("soffice")
    if found:
        return found
    if os.environ.get("REDCHAIN_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail("REDCHAIN_REQUIRE_LIBREOFFICE=1 but soffice is not installed")
    pytest.skip("LibreOffice (soffice; Debian package libreoffice-calc-nogui) is not installed")


def convert(sources: list[Path], to: str, out: Path, profile: Path, infilter: str | None) -> None:
    command = [
        soffice(),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        to,
        "--outdir",
        str(out),
    ]
    if infilter:
        command.insert(3, f"--infilter={infilter}")
    subprocess.run(
        [*command, *map(str, sources)],
        check=True,
        capture_output=True,
        timeout=SOFFICE_TIMEOUT,
    )


def awkward_workbook(path: Path) -> Path:
    """A hidden first sheet, a title row, merged cells, dates as cells and as day numbers, codes
    typed as text and as numbers, written by openpyxl."""
    book = Workbook()
    hidden = book.active
    assert hidden is not None
    hidden.title = "旧表"
    hidden.append(["统一社会信用代码", "名称", "领域"])
    hidden.append(["91440115MA59ABCD1X", "不该导入的单位", "金融机构"])
    hidden.sheet_state = "hidden"
    sheet = book.create_sheet("共建关系")
    sheet.append(["2023年共建关系"])
    sheet.append(["甲方", "乙方", "开始日期", "编号", "电话"])
    sheet.append(["南沙街道", "甲银行", dt.date(2023, 5, 1), "0012", 13800138000])
    sheet.append([None, "乙银行", 45047, 12, "13800138001"])
    sheet.append([None, "丙银行", "2023/5/3", "12", 13800138002])
    sheet.merge_cells("A3:A5")
    sheet.append(["珠江街道", "丁银行", dt.datetime(2023, 5, 4, 9, 30), None, None])
    book.active = 1
    book.save(path)
    return path


@pytest.fixture(scope="session")
def office(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """The sample in each format LibreOffice saves, and the awkward workbook re-saved by it."""
    soffice()
    root = tmp_path_factory.mktemp("office")
    profile = root / "profile"
    awkward = awkward_workbook(root / "awkward.xlsx")
    made: dict[str, list[Path]] = {"csv": SAMPLE}
    for fmt in ("xls", "ods", "xlsx"):
        out = root / fmt
        convert(SAMPLE, fmt, out, profile, CSV_IN)
        convert([awkward], fmt, out / "awkward", profile, None)
        made[fmt] = sorted(out.glob(f"*.{fmt}"))
        made[f"awkward.{fmt}"] = [out / "awkward" / f"awkward.{fmt}"]
    convert(SAMPLE, UTF16_OUT, root / "utf16", profile, CSV_IN)
    made["utf16"] = sorted((root / "utf16").glob("*.csv"))
    made["awkward.openpyxl"] = [awkward]
    return made


@pytest.mark.parametrize("fmt", ["xls", "ods", "xlsx", "utf16"])
def test_the_sample_saved_by_libreoffice_gives_the_same_graph_as_its_csv_files(
    engine: Engine, office: dict[str, list[Path]], fmt: str
) -> None:
    assert len(office[fmt]) == len(SAMPLE)
    report = import_files(engine, SAMPLE)
    assert report.ok and report.written
    from_csv = dump(engine)
    rows = [f.rows for f in report.files]

    engine.clear()
    report = import_files(engine, office[fmt])
    assert report.ok, [p.text() for p in report.problems]
    assert [f.rows for f in report.files] == rows
    if fmt == "utf16":
        assert {f.encoding for f in report.files} == {"utf-16"}
    else:
        assert {f.format for f in report.files} == {fmt}
    assert dump(engine) == from_csv


@pytest.mark.parametrize("saved_by", ["openpyxl", "xlsx", "xls", "ods"])
def test_awkward_cells_read_on_purpose(office: dict[str, list[Path]], saved_by: str) -> None:
    [path] = office[f"awkward.{saved_by}"]
    table = open_table(path)
    # The hidden first sheet is passed over for the visible, active one.
    assert table.sheet == "共建关系"
    assert (table.header_line, table.headers) == (2, ["甲方", "乙方", "开始日期", "编号", "电话"])
    rows = {r.number: r.cells for r in table.rows}
    assert sorted(rows) == [3, 4, 5, 6]
    # The merged block names its unit on each of its rows.
    assert [rows[n][0] for n in (3, 4, 5, 6)] == ["南沙街道"] * 3 + ["珠江街道"]
    # A date cell is a date; a day number and a date typed as text stay what they were.
    assert rows[3][2] == dt.date(2023, 5, 1)
    assert rows[4][2] == 45047
    assert rows[5][2] == "2023/5/3"
    assert rows[6][2] == dt.datetime(2023, 5, 4, 9, 30)
    # A code typed as text keeps its leading zeros; a phone typed as a number is a number.
    assert rows[3][3] == "0012" and rows[5][3] == "12"
    assert rows[4][3] == 12
    assert rows[3][4] == 13800138000 and rows[4][4] == "13800138001"


def test_the_hidden_sheet_is_read_only_when_named(office: dict[str, list[Path]]) -> None:
    [path] = office["awkward.openpyxl"]
    assert open_table(path, sheet="旧表").headers == ["统一社会信用代码", "名称", "领域"]
    with pytest.raises(Invalid) as caught:
        open_table(path, sheet="第三页")
    assert caught.value.fix == "give --sheet one of: '旧表' (hidden), '共建关系'"


def test_wps_et_and_xlsm_workbooks_are_read(office: dict[str, list[Path]], tmp_path: Path) -> None:
    [xls] = [p for p in office["xls"] if p.name.startswith("02_")]
    [xlsx] = [p for p in office["xlsx"] if p.name.startswith("02_")]
    et = shutil.copy(xls, tmp_path / "党建链.et")
    xlsm = shutil.copy(xlsx, tmp_path / "党建链.xlsm")
    for path in (Path(et), Path(xlsm)):
        table = open_table(path)
        assert table.headers == ["链名称", "英文名称", "链主单位", "成立日期"]
        assert [r.cells[0] for r in table.rows] == ["金桥红链", "政数先锋链"]


def test_workbooks_that_unpack_past_the_byte_limit_are_refused(
    office: dict[str, list[Path]],
) -> None:
    for fmt in ("ods", "xlsx"):
        [book] = [p for p in office[fmt] if p.name.startswith("07_")]
        limit = Limits(bytes=book.stat().st_size + 1)
        with pytest.raises(
            Invalid, match=r"bytes in its sheets? once unpacked, more than"
        ) as caught:
            open_table(book, limits=limit)
        assert "--limit bytes=N" in caught.value.fix
