"""``redchain demo``: the sample, fresh each run, its gaps and pages, and what it refuses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from redchain.graphinfo import stats
from redchain.model import ALL_LABELS, REL_TYPES
from tests.conftest import Target


def test_demo_loads_every_label_and_type_and_writes_both_pages(
    target: Target, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = target.invoke("demo", "--out-dir", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["gaps"]["subdistricts_without_financial_partner"] == 2
    assert summary["gaps"]["cut_units"] == 1
    assert (out / "gaps.html").read_text(encoding="utf-8").count("<script src=") == 0
    assert "南沙街道" in (out / "network.html").read_text(encoding="utf-8")
    # The periodic report beside them: Word, and the PDF Chromium printed.
    assert (out / "report.docx").read_bytes().startswith(b"PK")
    assert summary["outputs"]["report_docx"] == str((out / "report.docx").resolve())
    if "report_pdf" in summary["outputs"]:
        assert (out / "report.pdf").read_bytes().startswith(b"%PDF")

    counts = json.loads(target.invoke("db", "stats", "--format", "json").output)
    # Every label but Alias: the sample names its units exactly, so it records no aliases.
    assert {label for label, n in counts["labels"].items() if n == 0} == {"Alias"}
    assert {rel for rel, n in counts["relationships"].items() if n == 0} == set()
    assert set(counts["labels"]) == set(ALL_LABELS)
    assert set(counts["relationships"]) == {r.type for r in REL_TYPES}
    assert counts["labels"]["Subdistrict"] == 9
    assert counts["labels"]["University"] == 5
    assert counts["labels"]["Base"] == 49


def test_demo_runs_fresh_each_time_and_refuses_foreign_data(target: Target, tmp_path: Path) -> None:
    out = ["--out-dir", str(tmp_path / "out")]
    assert target.invoke("demo", *out).exit_code == 0
    with target.open() as engine:
        first = stats(engine)
    assert target.invoke("demo", *out).exit_code == 0
    with target.open() as engine:
        assert stats(engine) == first
        engine.run("CREATE (:Chain {name: '另一条链'})", write=True)
    refused = target.invoke("demo", *out)
    assert refused.exit_code == 1
    assert "1 nodes that no demo import wrote" in refused.output
    assert "Use --force" in refused.output
    assert target.invoke("demo", "--force", *out).exit_code == 0


def test_demo_refuses_a_graph_with_other_imports(target: Target, tmp_path: Path) -> None:
    partners = tmp_path / "partners.csv"
    partners.write_text(
        "统一社会信用代码,名称,领域\n91350100M000100Y43,示例银行,银行\n", encoding="utf-8"
    )
    assert target.invoke("import", str(partners)).exit_code == 0
    refused = target.invoke("demo", "--out-dir", str(tmp_path / "out"))
    assert refused.exit_code == 1
    assert "did not come from the demo (partners.csv)" in refused.output


def test_quick_start_as_a_real_program(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "redchain.cli.main", "--data-dir", str(tmp_path / "d"), "demo"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    # It says which graph it filled, and the date the sample is read on.
    first, second = result.stdout.splitlines()[:2]
    where = f"the embedded graph 'redchain' in {tmp_path / 'd'}"
    assert first == f"Loaded the 金桥红链 sample into {where}:"
    assert second.startswith("  101 organisations")
    assert "add --as-of 2024-12-31" in result.stdout
    assert (tmp_path / "redchain-demo" / "network.html").exists()
