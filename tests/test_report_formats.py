"""The report's files as their readers open them: the Word file converted to PDF by LibreOffice
(its first page kept as a picture in tests/artifacts/), the workbook by openpyxl, the page
checked for anything outside itself, the PDF that Chromium printed, and the messages for a
report that cannot be made."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import redchain
from redchain import periodic, schema
from redchain.cli.main import cli
from redchain.importing.api import import_files
from redchain.period import parse
from redchain.periodic import charts
from redchain.periodic.data import PeriodicReport
from tests.conftest import chromium_path

SAMPLE_DIR = Path(str(files("redchain") / "data" / "sample"))
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory holding the shipped sample (embedded engine)."""
    folder = tmp_path_factory.mktemp("sample") / "data"
    with redchain.connect("embedded", data_dir=folder) as engine:
        schema.ensure(engine)
        assert not import_files(engine, sorted(SAMPLE_DIR.glob("*.csv"))).problems
    yield folder


@pytest.fixture(scope="module")
def report(sample: Path) -> PeriodicReport:
    with redchain.connect("embedded", data_dir=sample) as engine:
        return periodic.build(engine, parse("2024"))


def invoke(data_dir: Path, *args: str) -> object:
    return CliRunner().invoke(
        cli, ["--data-dir", str(data_dir), "report", *args], catch_exceptions=False
    )


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("REDCHAIN_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"REDCHAIN_REQUIRE_LIBREOFFICE=1 but {name} ({package}) is missing")
        pytest.skip(f"needs {name} (Debian: {package})")
    return found


def pdf_pages(path: Path) -> int:
    info = subprocess.run(
        [tool("pdfinfo", "poppler-utils"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert found, info
    return int(found.group(1))


def test_libreoffice_converts_the_word_file_and_its_first_page_is_kept(
    report: PeriodicReport, tmp_path: Path
) -> None:
    soffice = tool("soffice", "libreoffice-writer-nogui")
    source = periodic.write(report, tmp_path / "report.docx", "docx")
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "report.pdf"
    assert done.returncode == 0 and pdf.is_file(), done.stderr
    assert pdf_pages(pdf) >= 3
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        [
            tool("pdftoppm", "poppler-utils"),
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(ARTIFACTS / "report-docx-page1"),
        ],
        check=True,
    )
    picture = ARTIFACTS / "report-docx-page1.png"
    assert picture.stat().st_size > 10_000


def test_the_word_file_names_chinese_fonts_and_a4(report: PeriodicReport, tmp_path: Path) -> None:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Cm

    document = docx.Document(str(periodic.write(report, tmp_path / "r.docx", "docx")))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert section.left_margin >= Cm(2)
    for name, font in (("Normal", "仿宋"), ("Heading 1", "宋体"), ("Title", "宋体")):
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == font
    assert len(document.inline_shapes) >= 4  # the charts, as pictures


def test_the_workbook_has_a_sheet_per_table(report: PeriodicReport, tmp_path: Path) -> None:
    path = periodic.write(report, tmp_path / "report.xlsx", "xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "总体情况"
    subdistricts = next(n for n in book.sheetnames if n.startswith("各街镇情况"))
    assert book[subdistricts].max_row == 1 + 9
    units = next(n for n in book.sheetnames if n.startswith("单位积分排名"))
    # Every ranked unit, not only the twenty a page shows.
    assert book[units].max_row == 1 + len(report.ranking.units) > 21
    assert len(book.sheetnames) >= 14


def test_the_page_is_printable_offline_and_escaped(report: PeriodicReport, tmp_path: Path) -> None:
    page = periodic.render(report, "html").decode("utf-8")
    assert "@page{size:A4 portrait" in page and "break-before:page" in page
    assert "thead{display:table-header-group}" in page and "background:#fff" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page)
    assert "<script" not in page
    assert page.count("data:image/png;base64,") >= 4
    report.gaps.gaps[1].items.insert(0, {"name": "<b>x</b>", "uscc": "9"})
    try:
        marked = periodic.render(report, "html").decode("utf-8")
    finally:
        report.gaps.gaps[1].items.pop(0)
    assert "&lt;b&gt;x&lt;/b&gt;" in marked and "<b>x</b>" not in marked


@pytest.mark.browser
def test_chromium_prints_the_page_to_pdf(report: PeriodicReport, tmp_path: Path) -> None:
    os.environ.setdefault("REDCHAIN_CHROMIUM", chromium_path())
    path = periodic.write(report, tmp_path / "report.pdf", "pdf", "en")
    assert path.read_bytes().startswith(b"%PDF")
    assert pdf_pages(path) >= 3


def test_markdown_and_json_name_the_period(report: PeriodicReport) -> None:
    md = periodic.render(report, "md", "en").decode("utf-8")
    assert md.startswith("# Golden Bridge Red Chain 2024 Party-building partnership report")
    assert "*Subdistricts and towns (2024)*" in md
    data = periodic.render(report, "json").decode("utf-8")
    assert '"key": "2024"' in data and '"previous"' in data


def test_the_command_says_what_is_wrong(sample: Path, tmp_path: Path) -> None:
    result = invoke(sample, "--period", "2024", "--format", "pdf")
    assert result.exit_code == 2 and "add --out report.pdf" in result.output
    result = invoke(sample, "--period", "2024-13")
    assert result.exit_code == 1 and "2024Q3" in result.output
    result = invoke(sample, "--period", "2024", "--from", "2024-01-01")
    assert result.exit_code == 1 and "not both" in result.output
    result = invoke(sample, "--period", "2024", "--chain", "无此链")
    assert result.exit_code == 1 and "金桥红链" in result.output
    out = tmp_path / "q3.xlsx"
    result = invoke(sample, "--period", "2024Q3", "--out", str(out))
    assert result.exit_code == 0 and openpyxl.load_workbook(out).sheetnames


def test_without_a_cjk_font_the_charts_name_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    charts.cjk_font.cache_clear()
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    try:
        with pytest.raises(charts.ChartError, match="apt-get install fonts-wqy-microhei"):
            charts.bars(["一"], [1], "标题")
    finally:
        charts.cjk_font.cache_clear()
