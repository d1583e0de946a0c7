"""``redchain changes`` as a user types it, on both engines: each format, a file written whole,
the period given either way, and clear one-line errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from test_changes import NAMES, network_files, write_agreements

from redchain.cli.changes import last_quarter
from redchain.importing.api import import_files
from redchain.model import AGREEMENT
from redchain.points import rules as points_rules
from tests.conftest import Target

Q2 = ["--from", "2024-04-01", "--to", "2024-06-30"]
HOSTILE = '<script>alert("x")</script> & 协议'


@pytest.fixture
def loaded(target: Target, tmp_path: Path) -> Target:
    folder = tmp_path / "files"
    folder.mkdir()
    with target.open() as engine:
        imported = import_files(engine, network_files(folder))
        assert not imported.problems
        write_agreements(engine)
        engine.run(
            f"MATCH (a:{AGREEMENT.label} {{number: 'GJ-2024-01'}}) SET a.title = $title",
            {"title": HOSTILE},
            write=True,
        )
    return target


def test_each_format_shows_the_same_changes(loaded: Target, tmp_path: Path) -> None:
    text = loaded.invoke("changes", *Q2)
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith(
        "金桥红链 变化报告\n统计期: 2024年第2季度 (2024-04-01 – 2024-06-30)"
    )
    assert "新加入的成员 (2)" in text.stdout and NAMES["J1"] in text.stdout
    assert loaded.invoke("changes", "--period", "2024Q2").stdout == text.stdout

    data = json.loads(loaded.invoke("changes", *Q2, "--format", "json", "--lang", "en").stdout)
    assert data["period"] == {
        "from": "2024-04-01",
        "to": "2024-06-30",
        "key": "2024Q2",
        "label": "Q2 2024",
    }
    assert data["previous"]["key"] == "2024Q1"
    counts = {name: s["count"] for name, s in data["sections"].items()}
    assert {k: counts[k] for k in ("joined", "left", "agreements_begun", "stage_moves")} == {
        "joined": 2,
        "left": 2,
        "agreements_begun": 2,
        "stage_moves": 3,
    }
    assert data["sections"]["stage_moves"]["title"] == "Agreement stage moves"
    assert [m["total"] for m in data["sections"]["points_movers"]["items"]] == [10, 0, 18]

    md = loaded.invoke("changes", *Q2, "--format", "md", "--lang", "en").stdout
    assert md.startswith("# Golden Bridge Red Chain Changes report\n")
    assert "| Units that joined | 2 |" in md

    out = tmp_path / "out" / "changes.html"
    written = loaded.invoke("changes", *Q2, "--format", "html", "--out", str(out))
    assert written.exit_code == 0, written.output
    assert written.stdout.startswith(f"Wrote {out}: ")
    assert written.stdout.endswith(" of 11 sections list changes.\n")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 协议" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert [p.name for p in out.parent.iterdir()] == ["changes.html"]


def test_points_movers_follow_the_rules_given_and_their_number(
    loaded: Target, tmp_path: Path
) -> None:
    shipped = points_rules.shipped_path().read_text(encoding="utf-8")
    doubled = shipped.replace('"主题党日" = 10', '"主题党日" = 20')
    assert doubled != shipped
    rules = tmp_path / "rules.toml"
    rules.write_text(doubled, encoding="utf-8")
    result = loaded.invoke(
        "changes", *Q2, "--rules", str(rules), "--movers", "1", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    movers = json.loads(result.stdout)["sections"]["points_movers"]["items"]
    assert [(m["name"], m["total"], m["change"]) for m in movers] == [(NAMES["J1"], 20, 20)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2024Q5"], "period '2024Q5' is not one redchain reads: give 2024, 2024Q3"),
        (["--period", "2024", "--from", "2024-01-01"], "give either --period or --from/--to"),
        (
            ["--from", "2024-06-30", "--to", "2024-01-01"],
            "the period ends (2024-01-01) before it starts (2024-06-30)",
        ),
        (["--from", "2024-02-30", "--to", "2024-03-31"], "'2024-02-30' is not a date"),
        (["--period", "2024", "--chain", "无此链"], "no chain named '无此链'"),
    ],
)
def test_bad_input_is_one_line_naming_the_fix(
    loaded: Target, args: list[str], message: str
) -> None:
    result = loaded.invoke("changes", *args)
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.count("\n") == 1


def test_without_a_period_the_last_whole_quarter_is_reported() -> None:
    assert last_quarter(dt.date(2024, 8, 15)).key == "2024Q2"
    assert last_quarter(dt.date(2025, 1, 1)).key == "2024Q4"
