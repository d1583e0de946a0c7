"""Exports of agreements, honours, cohorts and the talent pool, on both engines: every node and
relationship of the new types leaves the graph, an honour's recipient whatever its type."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import networkx as nx
from openpyxl import load_workbook
from test_import_agreements import (
    BANK,
    STREET,
    activities,
    agreements,
    imported,
    parties,
    partners,
    write_csv,
)

from redchain import graphinfo
from redchain.engines.base import Engine
from redchain.export import export_graph


def network(engine: Engine, tmp_path: Path) -> None:
    honours = write_csv(
        tmp_path / "honours.csv",
        ["荣誉编号", "荣誉名称", "级别", "年份", "类别", "获奖单位", "获奖链", "获奖活动"],
        [
            ["H1", "先进基层党组织", "区级", "2024", "", "南沙街道", "", ""],
            ["H2", "十佳党建品牌", "区级", "2024", "党建品牌", "", "金桥红链", ""],
            ["H3", "十佳志愿服务项目", "区级", "2024", "志愿服务", "", "", "A2024-002"],
        ],
    )
    cohorts = write_csv(
        tmp_path / "cohorts.csv",
        ["批次编号", "高校", "年份", "培训人数"],
        [["YC1", "中山大学岭南学院", "2023", "40"]],
    )
    placements = write_csv(
        tmp_path / "placements.csv",
        ["批次编号", "金融机构", "实习人数", "定向录用人数"],
        [["YC1", BANK, "12", "3"]],
    )
    pool = write_csv(tmp_path / "pool.csv", ["年份", "人数"], [["2024", "10000"]])
    imported(
        engine,
        partners(tmp_path),
        agreements(tmp_path),
        parties(tmp_path),
        activities(tmp_path),
        honours,
        cohorts,
        placements,
        pool,
    )


def test_graphml_carries_every_new_node_and_an_honour_to_each_kind_of_recipient(
    engine: Engine, tmp_path: Path
) -> None:
    network(engine, tmp_path)
    result = export_graph(engine, "graphml", tmp_path / "g.graphml")
    stats = graphinfo.stats(engine)
    assert result.relationships == sum(stats["relationships"].values())
    graph = nx.read_graphml(tmp_path / "g.graphml")
    awarded = sorted((u, v) for u, v, d in graph.edges(data=True) if d["type"] == "AWARDED")
    assert awarded == [
        ("Honour:H1", f"Organization:{STREET}"),
        ("Honour:H2", "Chain:金桥红链"),
        ("Honour:H3", "Activity:A2024-002"),
    ]
    agreement = graph.nodes["Agreement:JQ-2022-001"]
    assert (agreement["stage"], agreement["score"], agreement["signed_on"]) == (
        "评约",
        92,
        "2022-02-01",
    )
    assert graph.nodes["TalentPool:金桥红链-2024"]["size"] == 10000
    placed = [d for _, _, d in graph.edges(data=True) if d["type"] == "PLACED_WITH"]
    assert [(d["interns"], d["placed"]) for d in placed] == [(12, 3)]


def test_the_workbook_names_an_honours_recipient_by_its_type_name_and_key(
    engine: Engine, tmp_path: Path
) -> None:
    network(engine, tmp_path)
    export_graph(engine, "xlsx", tmp_path / "g.xlsx")
    book = load_workbook(tmp_path / "g.xlsx", read_only=True)
    awarded = list(book["获得荣誉"].iter_rows(values_only=True))
    assert awarded == [
        ("荣誉名称", "荣誉编号", "对象类型", "对象名称", "对象标识"),
        ("先进基层党组织", "H1", "单位", "南沙街道", STREET),
        ("十佳党建品牌", "H2", "党建链", "金桥红链", "金桥红链"),
        ("十佳志愿服务项目", "H3", "活动", "金融知识进社区", "A2024-002"),
    ]
    rows = list(book["共建协议"].iter_rows(values_only=True))
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[:4] == ("协议编号", "协议名称", "类型", "当前阶段")
    assert (first["协议编号"], first["类型"], first["当前阶段"]) == (
        "JQ-2022-001",
        "政企共建",
        "评约",
    )
    assert first["签约日期"] == dt.datetime(2022, 2, 1)  # a date cell
    honours = {r[0]: r for r in book["荣誉"].iter_rows(values_only=True)}
    assert honours["H2"][2:4] == ("区级", 2024)
    english = tmp_path / "g-en.xlsx"
    export_graph(engine, "xlsx", english, lang="en")
    sheet = load_workbook(english, read_only=True)["Awarded to"]
    assert next(sheet.iter_rows(values_only=True))[2:] == (
        "Target type",
        "Target name",
        "Target key",
    )


def test_the_csv_folder_lists_the_new_relationships(engine: Engine, tmp_path: Path) -> None:
    network(engine, tmp_path)
    export_graph(engine, "csv", tmp_path / "graph")
    with (tmp_path / "graph" / "relationships.csv").open(encoding="utf-8-sig") as f:
        rels = list(csv.DictReader(f))
    types = {r["type"] for r in rels}
    assert {"PARTY_TO", "RENEWS", "AGREEMENT_OF", "UNDER", "AWARDED", "COHORT_OF"} <= types
    assert {"PLACED_WITH", "POOL_OF"} <= types
    renews = [(r["source"], r["target"]) for r in rels if r["type"] == "RENEWS"]
    assert renews == [("Agreement:JQ-2023-001", "Agreement:JQ-2022-001")]
