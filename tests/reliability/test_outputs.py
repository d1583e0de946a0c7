"""Outputs that could turn against the clerk or be destroyed (issue 10, cases 2, 4 and 5).

The rejects file once overwrote an input whose name it derived, carried live formulas, and every
output was written in place, so a full disk left a truncated file where a good one had been.
"""

from __future__ import annotations

import csv
import os
import resource
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
from reliability_support import has_traceback, redchain_cmd

FORMULAS = ['=HYPERLINK("http://example.invalid","x")', "=cmd|' /C calc'!A0", "@SUM(1,1)"]
HEADER = "名称,统一社会信用代码,领域\n"


def _partners(path: Path, names: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["名称", "统一社会信用代码", "领域"])
        for name in names:
            writer.writerow([name, "not-a-code", "金融机构"])
    return path


def _run(
    *args: str | Path, env: dict[str, str], cwd: Path, **kw: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        redchain_cmd(*args), env=env, cwd=cwd, capture_output=True, text=True, timeout=300, **kw
    )


def test_rejects_never_overwrite_an_input(target: Any, tmp_path: Path) -> None:
    a = _partners(tmp_path / "a.csv", ["南沙街道"])
    corrected = _partners(tmp_path / "r-a.csv", ["珠江街道"])
    before = corrected.read_bytes()
    result = target.invoke(
        "import", str(a), str(corrected), "--skip-invalid", "--rejects", str(tmp_path / "r.csv")
    )
    assert result.exit_code == 1
    assert "r-a.csv: is also one of the input files" in result.output
    assert corrected.read_bytes() == before
    with target.open() as engine:
        assert engine.run("MATCH (o:Organization) RETURN count(o) AS c") == [{"c": 0}]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_rejects_hold_formulas_as_text(target: Any, tmp_path: Path, suffix: str) -> None:
    source = _partners(tmp_path / "partners.csv", FORMULAS)
    rejects = tmp_path / f"rejects{suffix}"
    result = target.invoke("import", str(source), "--skip-invalid", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    if suffix == ".csv":
        with rejects.open(encoding="utf-8-sig", newline="") as f:
            cells = [cell for row in csv.reader(f) for cell in row]
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(rejects).active
        assert sheet is not None
        values = [cell for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type == "s" for cell in values if cell.value is not None)
        cells = [str(cell.value) for cell in values if cell.value is not None]
    assert [c for c in cells if c.startswith(("=", "+", "-", "@"))] == []
    for formula in FORMULAS:
        assert "'" + formula in cells


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_corrected_rejects_file_imports_what_the_clerk_typed(
    target: Any, tmp_path: Path, suffix: str
) -> None:
    """The apostrophe that keeps ``+86…`` from running as a formula is not stored."""
    source = tmp_path / "partners.csv"
    source.write_text(
        "名称,统一社会信用代码,领域,联系电话\n南沙街道,not-a-code,基层街镇,+86 20 8468 0000\n",
        encoding="utf-8",
    )
    rejects = tmp_path / f"rejects{suffix}"
    result = target.invoke("import", str(source), "--skip-invalid", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    corrected = tmp_path / f"corrected{suffix}"
    if suffix == ".csv":
        text = rejects.read_text(encoding="utf-8-sig").replace("not-a-code", "11440115MB2C92160L")
        assert "'+86 20 8468 0000" in text
        corrected.write_text(text, encoding="utf-8-sig")
    else:
        from openpyxl import load_workbook

        book = load_workbook(rejects)
        sheet = book.active
        assert sheet is not None
        sheet["B2"] = "11440115MB2C92160L"
        assert sheet["D2"].value == "'+86 20 8468 0000"
        book.save(corrected)
    result = target.invoke("import", str(corrected))
    assert result.exit_code == 0, result.output
    with target.open() as engine:
        stored = engine.run("MATCH (o:Organization) RETURN o.phone AS phone")
    assert stored == [{"phone": "+86 20 8468 0000"}]


def _limited(limit: int) -> Any:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    return apply


@pytest.mark.parametrize(
    "command",
    [
        ["viz", "--out", "{out}.html"],
        ["import", "--template", "partners", "--out", "{out}.xlsx"],
        ["query", "docs", "--out", "{out}.md"],
    ],
    ids=["viz", "template", "query-docs"],
)
def test_a_full_disk_keeps_the_old_output(tmp_path: Path, command: list[str]) -> None:
    """A write that runs out of room (a file-size limit, as a full disk) keeps the old file."""
    env = {
        **os.environ,
        "REDCHAIN_DATA_DIR": str(tmp_path / "data"),
        "REDCHAIN_BACKEND": "embedded",
    }
    args = [part.format(out=tmp_path / "out") for part in command]
    out = Path(args[-1])
    first = _run(*args, env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    good = out.read_bytes()
    assert len(good) > 2000
    cut = _run(*args, env=env, cwd=tmp_path, preexec_fn=_limited(len(good) // 2))
    assert cut.returncode == 1, cut.stderr
    assert not has_traceback(cut.stderr), cut.stderr
    # The last line says what failed (an empty graph may be named before it).
    assert cut.stderr.splitlines()[-1].startswith("Error: "), cut.stderr
    assert out.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


BAD_OUTS = {
    "a folder": lambda tmp: str(tmp),
    "under a file": lambda tmp: str(tmp / "file" / "out.html"),
    "/dev/full": lambda tmp: "/dev/full",
    "/proc": lambda tmp: "/proc/redchain-out.html",
}


@pytest.mark.parametrize("where", list(BAD_OUTS))
@pytest.mark.parametrize("command", [["viz"], ["gaps", "--format", "html"], ["query", "docs"]])
def test_an_output_that_cannot_be_written_is_one_line(
    tmp_path: Path, where: str, command: list[str]
) -> None:
    from click.testing import CliRunner

    from redchain.cli.main import cli

    (tmp_path / "file").write_text("x")
    out = BAD_OUTS[where](tmp_path)
    args = ["--data-dir", str(tmp_path / "data"), *command, "--out", out]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code in (1, 2), result.output
    assert not has_traceback(result.output), result.output
    assert "Error:" in result.output
