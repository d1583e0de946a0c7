"""``redchain import`` as a clerk runs it: exit codes, messages, JSON, templates, a real process."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from test_import_support import unit_codes

from redchain.cli.main import cli
from redchain.importing.kinds import KIND_BY_NAME

NAMES = ["南沙开发区金融局", "南沙街道", "示例银行南沙分行", "南沙金融协会"]
CODES = unit_codes(NAMES)
DOMAINS = ["政府部门", "基层街镇", "金融机构", "协会组织"]


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def write_partners(path: Path, rows: list[list[str]] | None = None) -> Path:
    rows = rows or [[CODES[n], n, d, "2023/5/1"] for n, d in zip(NAMES, DOMAINS, strict=True)]
    with path.open("w", encoding="gb18030", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(["统一社会信用代码", "名称", "领域", "加入日期"])
        writer.writerows(rows)
    return path


def write_partnerships(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["甲方", "乙方", "类型", "开始日期"])
        writer.writerows(rows)
    return path


def test_import_prints_what_it_read_and_the_counts_then_nothing_changes(target) -> None:  # type: ignore[no-untyped-def]
    write_partners(Path("共建单位.csv"))
    result = target.invoke("import", "共建单位.csv")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "共建单位.csv: partners (共建单位), CSV, GB18030/GBK, 4 rows"
    assert "partners (共建单位)  4     4        0        0          0" in result.output
    assert lines[-1].startswith("Done in ")

    again = target.invoke("import", "共建单位.csv")
    assert again.exit_code == 0
    assert "partners (共建单位)  4     0        0        4          0" in again.output
    assert again.output.splitlines()[-1] == "Nothing changed: the graph already holds these rows."


def test_refused_rows_exit_1_with_every_problem_and_json_lists_them(target) -> None:  # type: ignore[no-untyped-def]
    write_partners(Path("p.csv"))
    assert target.invoke("import", "p.csv").exit_code == 0
    write_partnerships(
        Path("r.csv"),
        [
            ["南沙开发区金融局", "示例银行南沙分行", "政企", "2023-05-01"],
            ["南沙街道", "不存在的单位", "街企", "2023-05-01"],
            ["南沙街道", "南沙金融协会", "街企", "2023年2月30日"],
        ],
    )
    result = target.invoke("import", "r.csv")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 2 rows refused, so nothing was written; the problems are listed above\n"
    )
    assert "2 problems:" in result.output
    assert (
        "  r.csv, line 3, column 乙方: '不存在的单位' no unit has this name, in the files given or "
        "in the graph. Fix: write the unit's exact name as in its partners file, or its credit "
        "code" in result.output
    )
    assert (
        "  r.csv, line 4, column 开始日期: '2023年2月30日' is not a calendar date" in result.output
    )
    assert result.stdout.splitlines()[-1] == (
        "Nothing was written: 2 rows are refused. Correct them and import again, or add "
        "--skip-invalid to write the other 1 row."
    )

    as_json = target.invoke("import", "r.csv", "--format", "json")
    assert as_json.exit_code == 1
    report = json.loads(as_json.stdout)
    assert (report["ok"], report["written"]) == (False, False)
    assert report["problems"][0] == {
        "file": "r.csv",
        "line": 3,
        "column": "乙方",
        "value": "不存在的单位",
        "message": "no unit has this name, in the files given or in the graph",
        "fix": "write the unit's exact name as in its partners file, or its credit code",
        "unit": "line",
    }
    assert report["kinds"]["partnerships"]["rejected"] == 2

    skipped = target.invoke("import", "r.csv", "--skip-invalid", "--rejects", "退回.csv")
    assert skipped.exit_code == 0
    assert "Refused rows of r.csv with their reasons: 退回.csv" in skipped.output
    assert skipped.output.splitlines()[-1] == "Wrote the valid 1 row; skipped the refused 2 rows."


def test_dry_run_says_what_would_change(target) -> None:  # type: ignore[no-untyped-def]
    write_partners(Path("p.csv"))
    result = target.invoke("import", "p.csv", "--dry-run")
    assert result.exit_code == 0
    assert "would create" in result.output
    assert result.output.splitlines()[-1] == "Dry run: nothing was written."
    report = json.loads(target.invoke("import", "p.csv", "--dry-run", "--format", "json").stdout)
    assert report["dry_run"] and not report["written"] and report["files"][0]["created"] == 4


def test_a_bad_header_stops_everything_with_the_accepted_headers(target) -> None:  # type: ignore[no-untyped-def]
    Path("p.csv").write_text("统一社会信用代码,名称,领域,入链日期\n", encoding="utf-8")
    result = target.invoke("import", "p.csv")
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(
        "Error: p.csv, line 1, column 4: '入链日期' is not a column of partners (共建单位). "
        "Fix: did you mean '加入日期'? Otherwise rename it to one of: uscc/统一社会信用代码*, "
    )
    assert first.endswith("or --map '入链日期=' to ignore it")
    assert result.stderr.splitlines()[-1] == "Nothing was read or written."

    mapped = target.invoke("import", "p.csv", "--map", "入链日期=加入日期", "--format", "json")
    assert mapped.exit_code == 0
    assert json.loads(mapped.stdout)["files"][0]["rows"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give the files to import, or --template KIND --out FILE"),
        (["--template", "partners"], "--template needs --out FILE.xlsx or FILE.csv"),
        (["p.csv", "--out", "x.csv"], "--out goes with --template"),
        (["p.csv", "--batch-size", "0"], "0 is not in the range x>=1"),
        (["p.csv", "--kind", "people"], "'people' is not one of"),
        (["p.csv", "--map", "名称"], "--map '名称' is not of the form old=new"),
        (["nothere.csv"], "'nothere.csv' does not exist"),
        (["--template", "partners", "--out", "t.txt"], "a template cannot be written as .txt"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    write_partners(Path("p.csv"))
    result = CliRunner().invoke(cli, ["import", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_templates_in_excel_and_csv_with_either_language(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "--template", "partners", "--out", "共建单位.xlsx"])
    assert result.exit_code == 0
    assert result.output == (
        "Wrote 共建单位.xlsx: partners (共建单位), 11 columns and one example row to replace.\n"
    )
    book = load_workbook("共建单位.xlsx")
    sheet = book.worksheets[0]
    kind = KIND_BY_NAME["partners"]
    assert [c.value for c in sheet[1]] == ["序号", *(f.zh for f in kind.fields)]
    assert [c.value for c in sheet[2]][:4] == ["示例", *(f.example for f in kind.fields)][:4]
    assert all(c.font.bold for c in sheet[1])
    assert sheet["B2"].number_format == "@"  # the credit code stays text
    assert sheet.column_dimensions["B"].width >= 18
    assert book.worksheets[1].title == "说明"

    assert (
        runner.invoke(
            cli, ["import", "--template", "talent", "--lang", "en", "--out", "t.csv"]
        ).exit_code
        == 0
    )
    raw = Path("t.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows == [
        ["No.", "university", "institution", "year", "interns", "hires"],
        ["example", "中山大学", "某某银行广州南沙分行", "2023", "12", "3"],
    ]


def test_a_filled_in_template_imports(target, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook as load

    target.invoke("import", "--template", "partners", "--out", "p.xlsx")
    book = load("p.xlsx")
    sheet = book.worksheets[0]
    sheet["A2"] = 1
    sheet["B2"] = CODES["南沙街道"]
    sheet["C2"], sheet["D2"], sheet["E2"] = "南沙街道", "街道", ""
    book.save("p.xlsx")
    result = target.invoke("import", "p.xlsx", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["files"][0]["created"] == 1


def test_a_real_redchain_process(target) -> None:  # type: ignore[no-untyped-def]
    write_partners(Path("共建单位.csv"))
    command = [
        sys.executable,
        "-m",
        "redchain.cli.main",
        "import",
        "共建单位.csv",
        "--format",
        "json",
    ]
    done = subprocess.run(command, env=target.env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no progress bar when stderr is not a terminal
    report = json.loads(done.stdout)
    assert report["files"][0]["created"] == 4 and report["files"][0]["encoding"] == "gb18030"
    with target.open() as engine:
        [run] = engine.run("MATCH (r:ImportRun) RETURN r.origin AS origin, r.file AS file")
    assert run == {"origin": "cli", "file": "共建单位.csv"}
