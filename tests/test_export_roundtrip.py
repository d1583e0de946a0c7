"""The demo's exports open in the tools people use, as they are, on both engines: GraphML in
networkx and python-igraph, GEXF in networkx (as in Gephi), the workbook in openpyxl and
LibreOffice, with counts equal to ``db stats`` and values typed as in the sample's source rows."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import igraph
import networkx as nx
import pytest
from openpyxl import load_workbook

from redchain import demo, graphinfo
from redchain.engines.base import Engine
from redchain.export import export_graph
from redchain.model import IMPORT_RUN, NODE_TYPES, RUN_ID

GRAPHML_NS = "{http://graphml.graphdrawing.org/xmlns}"


def sample_rows(name: str) -> list[dict[str, str]]:
    path = next(p for p in demo.sample_files() if p.name.endswith(f"{name}.csv"))
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def expected_counts(engine: Engine, *, with_provenance: bool = False) -> tuple[int, int]:
    """Nodes and relationships as ``db stats`` counts them, ImportRun left out unless asked."""
    stats = graphinfo.stats(engine)
    types = [t for t in NODE_TYPES if with_provenance or t is not IMPORT_RUN]
    return sum(stats["labels"][t.label] for t in types), sum(stats["relationships"].values())


def uscc_by_name(engine: Engine) -> dict[str, str]:
    rows = engine.run("MATCH (o:Organization) RETURN o.name AS name, o.uscc AS uscc")
    return {r["name"]: r["uscc"] for r in rows}


def talent_from_sample(by_name: dict[str, str]) -> set[tuple[str, str, int, int, int]]:
    return {
        (
            by_name[r["高校"]],
            by_name[r["金融机构"]],
            int(r["年份"]),
            int(r["实习人数"]),
            int(r["录用人数"]),
        )
        for r in sample_rows("talent")
    }


@pytest.fixture
def sample(engine: Engine) -> Engine:
    demo.load_sample(engine)
    return engine


def test_graphml_loads_in_networkx_and_igraph_with_the_counts_of_db_stats(
    sample: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "network.graphml"
    result = export_graph(sample, "graphml", path)
    nodes, rels = expected_counts(sample)
    assert (result.nodes, result.relationships) == (nodes, rels)

    graph = nx.read_graphml(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (nodes, rels)
    assert not [n for n, d in graph.nodes(data=True) if "ImportRun" in d["labels"]]
    assert not [d for *_, d in graph.edges(data=True) if RUN_ID.name in d]
    by_name = uscc_by_name(sample)
    talent = {
        (u.split(":")[1], v.split(":")[1], d["year"], d["interns"], d["hires"])
        for u, v, d in graph.edges(data=True)
        if d["type"] == "SUPPLIES_TALENT"
    }
    assert talent == talent_from_sample(by_name)
    assert all(type(t[2]) is int and type(t[3]) is int for t in talent)
    activities = {
        n.split(":")[1]: d for n, d in graph.nodes(data=True) if d["labels"] == "Activity"
    }
    for row in sample_rows("activities"):
        shown = activities[row["活动编号"]]
        assert (shown["title"], shown["date"], shown["key_project"]) == (
            row["活动名称"],
            row["活动日期"],
            row["重点项目"] == "是",
        )
    bank = graph.nodes[f"Organization:{by_name['南沙开发区金融局']}"]
    assert "key_project" not in bank and "contact" not in bank  # absent stays absent
    keys = {
        k.get("attr.name"): k
        for k in ET.parse(path).getroot().iter(f"{GRAPHML_NS}key")
        if k.get("for") == "edge"
    }
    assert keys["year"].get("attr.type") == "long"
    assert keys["since"].get("attr.type") == "string"
    assert "ISO 8601" in (keys["since"].findtext(f"{GRAPHML_NS}desc") or "")

    loaded = igraph.Graph.Read_GraphML(str(path))
    assert (loaded.vcount(), loaded.ecount()) == (nodes, rels)
    years = sorted(e["year"] for e in loaded.es if e["type"] == "SUPPLIES_TALENT")
    assert years == sorted(t[2] for t in talent)  # igraph holds every number as a float
    exact = igraph.Graph.from_networkx(graph)  # as docs/export.md shows, for exact types
    kinds = {type(e["year"]) for e in exact.es if e["type"] == "SUPPLIES_TALENT"}
    flags = {v["key_project"] for v in exact.vs if v["labels"] != "Activity"}
    assert (kinds, flags) == ({int}, {None})


def test_gexf_loads_in_networkx_with_the_counts_of_db_stats(sample: Engine, tmp_path: Path) -> None:
    path = tmp_path / "network.gexf"
    export_graph(sample, "gexf", path)
    graph = nx.read_gexf(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == expected_counts(sample)
    by_name = uscc_by_name(sample)
    talent = {
        (u.split(":")[1], v.split(":")[1], d["year"], d["interns"], d["hires"])
        for u, v, d in graph.edges(data=True)
        if d["label"] == "SUPPLIES_TALENT"
    }
    assert talent == talent_from_sample(by_name)
    master = graph.nodes[f"Organization:{by_name['南沙开发区金融局']}"]
    assert master["label"] == "南沙开发区金融局" and "key_project" not in master
    points = sorted(d["points"] for *_, d in graph.edges(data=True) if "points" in d)
    assert points == sorted(float(r["积分"]) for r in sample_rows("participation") if r["积分"])


def test_provenance_only_when_asked(sample: Engine, tmp_path: Path) -> None:
    path = tmp_path / "audit.graphml"
    export_graph(sample, "graphml", path, with_provenance=True)
    graph = nx.read_graphml(path)
    nodes, rels = expected_counts(sample, with_provenance=True)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (nodes, rels)
    runs = [d for _, d in graph.nodes(data=True) if d["labels"] == "ImportRun"]
    assert len(runs) == len(demo.sample_files())
    assert all(type(r["rows"]) is int for r in runs)
    assert all(RUN_ID.name in d for *_, d in graph.edges(data=True))


def sheet_rows(book: Any, title: str) -> list[dict[str, Any]]:
    rows = list(book[title].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("REDCHAIN_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("REDCHAIN_REQUIRE_LIBREOFFICE=1 but soffice (LibreOffice) is missing")
        pytest.skip("LibreOffice round trips need soffice (Debian: libreoffice-calc-nogui)")
    return found


def libreoffice_csv(workbook: Path, out: Path) -> dict[str, list[dict[str, str]]]:
    """Every sheet as LibreOffice reads it, converted to UTF-8 CSV, by sheet name."""
    out.mkdir()
    # Comma, double quote, UTF-8, from line 1, formatted as shown, every sheet to its own file.
    options = "44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={(out / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            f"csv:Text - txt - csv (StarCalc):{options}",
            "--outdir",
            str(out),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    sheets = {}
    for path in out.glob(f"{workbook.stem}-*.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            sheets[path.stem.removeprefix(f"{workbook.stem}-")] = list(csv.DictReader(f))
    return sheets


def test_workbook_opens_for_people_in_openpyxl_and_libreoffice(
    sample: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "金桥红链.xlsx"
    export_graph(sample, "xlsx", path)
    book = load_workbook(path)
    # one sheet per node type, then one per relationship type, those of no rows included;
    # types that share a caption (所属链) are told apart by their start type
    assert book.sheetnames == [
        "单位",
        "党建链",
        "党建基地",
        "活动",
        "共建协议",
        "资源需求项",
        "荣誉",
        "人才批次",
        "人才库",
        "别名",
        "链主单位",
        "共建成员",
        "共建关系",
        "所在街镇",
        "依托单位",
        "党建基地所属链",
        "活动地点",
        "活动所属链",
        "参与活动",
        "人才输送",
        "共建协议所属链",
        "协议方",
        "续签",
        "资源清单",
        "需求清单",
        "所属协议",
        "获得荣誉",
        "参评",
        "培养高校",
        "实习与定向",
        "人才库所属链",
    ]
    stats = graphinfo.stats(sample)
    for title, count in (
        ("单位", stats["labels"]["Organization"]),
        ("活动", stats["labels"]["Activity"]),
    ):
        sheet = book[title]
        assert (sheet.freeze_panes, sheet.max_row - 1) == ("A2", count)
        last = sheet.cell(1, sheet.max_column).column_letter
        assert sheet.auto_filter.ref == f"A1:{last}{count + 1}"
        assert all(sheet.column_dimensions[c].width >= 8 for c in "ABC")
    units = sheet_rows(book, "单位")
    assert {u["领域"] for u in units} == {
        "政府部门",
        "基层街镇",
        "协会组织",
        "金融机构",
        "高校金融学院",
        "企业",
    }
    activities = {a["活动编号"]: a for a in sheet_rows(book, "活动")}
    for row in sample_rows("activities"):
        shown = activities[row["活动编号"]]
        assert shown["活动日期"] == dt.datetime.fromisoformat(row["活动日期"])  # a date cell
        assert shown["重点项目"] is (row["重点项目"] == "是")
    talent = {
        (t["甲方单位名称"], t["乙方单位名称"], t["年份"], t["实习人数"], t["录用人数"])
        for t in sheet_rows(book, "人才输送")
    }
    source = {
        (r["高校"], r["金融机构"], int(r["年份"]), int(r["实习人数"]), int(r["录用人数"]))
        for r in sample_rows("talent")
    }
    assert talent == source
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if str(c.value).startswith("Organization:")]
    points = sorted(p["积分"] for p in sheet_rows(book, "参与活动") if p["积分"] is not None)
    assert points == sorted(float(r["积分"]) for r in sample_rows("participation") if r["积分"])

    shown = libreoffice_csv(path, tmp_path / "lo")
    assert set(shown) == set(book.sheetnames)
    assert len(shown["共建关系"]) == stats["relationships"]["PARTNERS_WITH"]
    assert {
        (t["甲方单位名称"], t["乙方单位名称"], t["年份"], t["实习人数"], t["录用人数"])
        for t in shown["人才输送"]
    } == {(a, b, str(y), str(i), str(h)) for a, b, y, i, h in source}
    assert [a["活动日期"] for a in shown["活动"]] == [
        a["活动日期"].date().isoformat() for a in sheet_rows(book, "活动")
    ]

    english = tmp_path / "network-en.xlsx"
    export_graph(sample, "xlsx", english, lang="en")
    book = load_workbook(english, read_only=True)
    assert book.sheetnames[:4] == ["Organisation", "Chain", "Base", "Activity"]
    header = next(book["Supplies talent"].iter_rows(values_only=True))
    assert header[:2] == ("From organisation name", "From organisation credit code")
