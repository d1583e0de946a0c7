"""The commands as a user types them: query, cypher, gaps and export, on both engines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from test_gaps_report import chain_network

from redchain.cli.main import cli
from tests.conftest import Target

AS_OF = ["--as-of", "2024-06-30"]


@pytest.fixture
def loaded(target: Target) -> Target:
    with target.open() as engine:
        chain_network().write(engine)
    return target


@pytest.mark.parametrize("command", [["query"], ["query", "run"], ["cypher"], ["gaps"], ["export"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output


def test_query_list_and_show_need_no_database() -> None:
    result = CliRunner().invoke(cli, ["query", "list", "--format", "json"])
    assert result.exit_code == 0
    names = [q["name"] for q in json.loads(result.stdout)]
    assert "gaps/cut_units" in names and "rank/points" in names
    shown = CliRunner().invoke(cli, ["query", "show", "gaps/dormant_members", "--lang", "en"])
    assert shown.exit_code == 0
    assert "长期未参与活动的成员 / Dormant members" in shown.stdout
    assert "--param since=<date>  (default as_of-1y)" in shown.stdout
    assert "MATCH (c:Chain {name: $chain})" in shown.stdout


def test_an_unknown_query_is_an_error_with_a_suggestion() -> None:
    result = CliRunner().invoke(cli, ["query", "show", "dormant_members"])
    assert result.exit_code == 1
    assert "no query named 'dormant_members'; did you mean gaps/dormant_members?" in result.output


def test_query_run_prints_rows_in_each_format(loaded: Target) -> None:
    result = loaded.invoke("query", "run", "gaps/isolated", *AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"uscc": "U2", "name": "广州大学经济与统计学院"}]
    table = loaded.invoke("query", "run", "gaps/unreachable_from_master", *AS_OF, "-p", "hops=2")
    assert table.stdout.splitlines()[0].split() == ["uscc", "name", "distance"]
    assert "广州大学经济与统计学院" in table.stdout
    csv_out = loaded.invoke(
        "query", "run", "explore/neighbours", "--param", "key=南沙街道", *AS_OF, "--format", "csv"
    )
    assert csv_out.stdout.splitlines()[0] == "uscc,name,domain,kind,since,until"
    limited = loaded.invoke("query", "run", "explore/org_nodes", *AS_OF, "--limit", "2")
    assert "(showing 2 of 8 rows; raise --limit to see more)" in limited.stderr


def test_query_run_explains_bad_parameters(loaded: Target) -> None:
    missing = loaded.invoke("query", "run", "explore/unit")
    assert missing.exit_code == 1
    assert "explore/unit needs the parameter 'key'" in missing.output
    wrong = loaded.invoke("query", "run", "gaps/isolated", "--as-of", "2024-02-30")
    assert wrong.exit_code == 1
    assert "'2024-02-30' is not a date; write it as 2023-05-01" in wrong.output
    no_dates = loaded.invoke("query", "run", "explore/search", "-p", "text=南沙", *AS_OF)
    assert no_dates.exit_code == 2
    assert "does not look at dates; drop --as-of" in no_dates.output
    shape = loaded.invoke("query", "run", "gaps/isolated", "-p", "as_of")
    assert "write it as key=value" in shape.output


def test_the_raw_cypher_of_a_computed_query(loaded: Target) -> None:
    result = loaded.invoke("query", "run", "gaps/cut_units", *AS_OF, "--raw", "--format", "json")
    rows = json.loads(result.stdout)
    assert {r["uscc"] for r in rows} == {"M", "S1", "S2", "F1", "F2", "U1", "U2", "A1"}
    assert next(r for r in rows if r["uscc"] == "M")["is_master"] is True


def test_cypher_is_read_only_unless_write(loaded: Target) -> None:
    refused = loaded.invoke("cypher", "CREATE (:Chain {name: $n})", "-p", "n=试验链")
    assert refused.exit_code == 1
    assert "run it with --write" in refused.output
    written = loaded.invoke("cypher", "CREATE (:Chain {name: $n})", "-p", "n=试验链", "--write")
    assert written.exit_code == 0, written.output
    count = loaded.invoke(
        "cypher",
        "MATCH (c:Chain) WHERE c.name = $n RETURN count(c) AS n",
        "-p",
        "n=试验链",
        "--format",
        "json",
    )
    assert json.loads(count.stdout) == [{"n": 1}]


def test_cypher_takes_typed_parameters_and_caps_rows(loaded: Target) -> None:
    result = loaded.invoke(
        "cypher",
        "MATCH (o:Organization) WHERE o.uscc IN $codes RETURN o.uscc AS uscc ORDER BY uscc "
        "LIMIT $n",
        "-p",
        'codes:json=["M", "S1", "U2"]',
        "-p",
        "n:int=5",
        "--limit",
        "2",
        "--format",
        "json",
    )
    assert json.loads(result.stdout) == [{"uscc": "M"}, {"uscc": "S1"}]
    assert "(showing 2 of 3 rows" in result.stderr
    bad = loaded.invoke("cypher", "MATCH (n RETURN n")
    assert bad.exit_code == 1
    assert "refused the query" in bad.output


def test_gaps_prints_the_report_and_writes_files(loaded: Target, tmp_path: Path) -> None:
    text = loaded.invoke("gaps", *AS_OF, "--since", "2024-01-01", "--hops", "2")
    assert text.exit_code == 0, text.output
    assert "孤立的成员：1" in text.stdout and "广州大学经济与统计学院" in text.stdout
    data = json.loads(loaded.invoke("gaps", *AS_OF, "--format", "json", "--lang", "en").stdout)
    assert data["as_of"] == "2024-06-30" and data["lang"] == "en"
    assert {g["name"]: g["count"] for g in data["gaps"]}["isolated"] == 1
    out = tmp_path / "report" / "gaps.html"
    written = loaded.invoke("gaps", *AS_OF, "--format", "html", "--out", str(out))
    assert written.stdout.startswith(f"Wrote {out}: ")
    page = out.read_text(encoding="utf-8")
    assert '<svg class="heatmap"' in page and '<svg class="bars"' in page
    md = loaded.invoke(
        "gaps", *AS_OF, "--format", "md", "--from", "2024-01-01", "--to", "2024-03-31"
    )
    assert md.stdout.startswith("# 金桥红链 覆盖空白报告")
    half = loaded.invoke("gaps", "--from", "2024-01-01")
    assert half.exit_code == 2 and "give --from and --to together" in half.output


def test_export_from_the_command_line(loaded: Target, tmp_path: Path) -> None:
    whole = loaded.invoke("export", "--format", "csv", "--out", str(tmp_path / "graph"))
    assert whole.exit_code == 0, whole.output
    assert "relationships.csv" in whole.stdout
    assert (tmp_path / "graph" / "nodes.csv").exists()
    rows = loaded.invoke(
        "export",
        "--query",
        "gaps/dormant_members",
        *AS_OF,
        "-p",
        "since=2024-01-01",
        "--format",
        "xlsx",
        "--out",
        str(tmp_path / "dormant.xlsx"),
    )
    assert (
        rows.stdout.strip()
        == f"Wrote 5 rows of gaps/dormant_members to {tmp_path / 'dormant.xlsx'}"
    )
    sheet = load_workbook(tmp_path / "dormant.xlsx", read_only=True)["长期未参与活动的成员"]
    assert next(sheet.iter_rows(values_only=True)) == ("uscc", "name", "last_activity")
    stray = loaded.invoke("export", "-p", "x=1", "--format", "csv", "--out", str(tmp_path / "x"))
    assert stray.exit_code == 2 and "--param and --as-of go with --query NAME" in stray.output


def test_the_docs_page_check(tmp_path: Path) -> None:
    page = tmp_path / "queries.md"
    stale = CliRunner().invoke(cli, ["query", "docs", "--out", str(page), "--check"])
    assert stale.exit_code == 1 and "is stale" in stale.output
    CliRunner().invoke(cli, ["query", "docs", "--out", str(page)])
    fresh = CliRunner().invoke(cli, ["query", "docs", "--out", str(page), "--check"])
    assert fresh.exit_code == 0 and "up to date" in fresh.stdout
