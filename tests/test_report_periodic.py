"""``redchain report`` on the shipped sample, on both engines, read back as a user would: the
Word file opened with python-docx, its figures set against ``db stats`` and the gap report's
JSON, and its subdistrict table holding the sample's nine subdistricts and towns."""

from __future__ import annotations

import csv
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from redchain.importing.api import import_files
from redchain.model import DOMAINS
from tests.conftest import Target

SAMPLE_DIR = Path(str(files("redchain") / "data" / "sample"))
ALL_TIME = ("--from", "2021-01-01", "--to", "2024-12-31")
DOMAIN_LABELS = {d.key: d.label for d in DOMAINS}


def load_sample(target: Target) -> None:
    with target.open() as engine:
        imported = import_files(engine, sorted(SAMPLE_DIR.glob("*.csv")))
        assert not imported.problems


def activities_in(year: str, chain: str = "金桥红链") -> int:
    """Activities of ``chain`` dated in ``year``, counted in the sample's own file."""
    path = SAMPLE_DIR / "06_activities.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return sum(1 for r in rows if r["所属链"] == chain and r["活动日期"].startswith(year))


def report_json(target: Target, *args: str) -> dict[str, Any]:
    result = target.invoke("report", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def tables_by_caption(document: Any) -> dict[str, Any]:
    """Each table of the Word file under the caption paragraph written just before it."""
    found: dict[str, Any] = {}
    caption = ""
    body = document.element.body
    tables = iter(document.tables)
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if text:
                caption = text
        elif child.tag == qn("w:tbl"):
            found[caption] = next(tables)
    return found


def rows(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_word_report_agrees_with_db_stats_and_the_gap_report(
    target: Target, tmp_path: Path
) -> None:
    load_sample(target)
    out = tmp_path / "report.docx"
    result = target.invoke("report", "--period", "2024", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output and out.stat().st_size > 10_000

    document = docx.Document(str(out))
    tables = tables_by_caption(document)
    # Every table's first row is its header, marked to repeat on each page.
    for table in document.tables:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
    # The period is named on every table.
    assert all("2024年" in caption for caption in tables)

    data = report_json(target, "--period", "2024")
    figures = {r[0]: r[1:] for r in rows(tables["主要指标（2024年）"])[1:]}
    assert figures["开展活动"][:2] == [
        str(data["figures"]["activities"]),
        str(data["previous_figures"]["activities"]),
    ]
    # The activities of 金桥红链 in 2023 and 2024, as the sample's activities file lists them.
    assert (data["previous_figures"]["activities"], data["figures"]["activities"]) == (
        activities_in("2023"),
        activities_in("2024"),
    )

    subdistricts = rows(tables["各街镇情况（2024年）"])
    assert len(subdistricts) == 1 + 9
    stats = json.loads(target.invoke("db", "stats", "--format", "json").output)
    assert len(subdistricts) - 1 == stats["labels"]["Subdistrict"]
    assert sum(int(r[1]) for r in subdistricts[1:]) <= stats["labels"]["Organization"]

    # The gaps are the gap report's, for the period's last day and the same period.
    gaps = json.loads(
        target.invoke(
            "gaps",
            "--as-of",
            "2024-12-31",
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
            "--format",
            "json",
        ).output
    )
    expected = {g["title"]: g["count"] for g in gaps["gaps"]}
    assert {g["title"]: g["count"] for g in data["gaps"]["gaps"]} == expected
    overview = {r[0]: int(r[1]) for r in rows(tables["覆盖空白与工作建议（2024年）"])[1:]}
    assert overview == expected
    # Partnerships in force are the pairs the gap report's domain matrix counts.
    counts = gaps["domain_matrix"]["counts"]
    pairs = sum(counts[i][j] for i in range(len(counts)) for j in range(i, len(counts)))
    assert data["figures"]["partnerships"] == pairs

    # Over the whole life of the sample, the chains' counts add up to the graph's own.
    with target.open() as engine:
        chains = [r["name"] for r in engine.run("MATCH (c:Chain) RETURN c.name AS name")]
    assert len(chains) >= 2
    wholes = [report_json(target, *ALL_TIME, "--chain", chain)["figures"] for chain in chains]
    assert sum(w["activities"] for w in wholes) == stats["labels"]["Activity"]
    assert sum(w["participations"] for w in wholes) == stats["relationships"]["TOOK_PART_IN"]
    assert sum(w["bases"] for w in wholes) == stats["labels"]["Base"]
    members = data["members_by_domain"]
    assert all(members[k] <= stats["labels"][label] for k, label in DOMAIN_LABELS.items())


def test_the_summary_is_made_from_the_figures(target: Target) -> None:
    load_sample(target)
    zh = report_json(target, "--period", "2024")
    f = zh["figures"]
    assert zh["summary"].startswith("2024年，金桥红链共有在册成员单位")
    for value in (f["members"], f["activities"], f["participations"], f["interns"]):
        assert str(value) in zh["summary"]
    before, now = activities_in("2023"), activities_in("2024")
    assert f"本期开展活动{now}场，比上期增加{now - before}" in zh["summary"]
    en = report_json(target, "--period", "2024", "--lang", "en")
    assert en["summary"].startswith("In 2024, Golden Bridge Red Chain had")
    assert f"{now} activities were held, up from {before}" in en["summary"]


def test_a_quarter_is_compared_with_the_quarter_before_month_by_month(target: Target) -> None:
    load_sample(target)
    data = report_json(target, "--period", "2024Q3")
    assert (data["period"]["key"], data["previous"]["key"]) == ("2024Q3", "2024Q2")
    assert [b["key"] for b in data["trend"]] == ["2024-07", "2024-08", "2024-09"]
    assert [b["key"] for b in data["previous_trend"]] == ["2024-04", "2024-05", "2024-06"]
    assert sum(b["activities"] for b in data["trend"]) == data["figures"]["activities"]
    # Four years are shown by quarter.
    whole = report_json(target, *ALL_TIME)
    assert len(whole["trend"]) == 16 and whole["trend"][0]["key"] == "2021Q1"
    assert sum(b["activities"] for b in whole["trend"]) == whole["figures"]["activities"]


def test_the_ranking_totals_add_up(target: Target) -> None:
    load_sample(target)
    data = report_json(target, "--period", "2024")
    ranking = data["ranking"]
    units = ranking["units"]
    ranks = [u["rank"] for u in units]
    assert ranks[0] == 1 and ranks == sorted(ranks)  # ties share a rank
    assert [u["total"] for u in units] == sorted((u["total"] for u in units), reverse=True)
    total = data["figures"]["points"]
    assert sum(u["total"] for u in units) == total
    assert sum(d["total"] for d in ranking["domains"]) == total
    assert len(ranking["subdistricts"]) == 9
