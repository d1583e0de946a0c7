"""Exporting the graph and query rows: Chinese text round trips, spreadsheets never see formulas,
GraphML opens in networkx (as in Gephi), and both engines write the same files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook
from test_gaps_builder import Network
from test_gaps_report import chain_network

import redchain
from redchain import querylib, schema
from redchain.engines.base import Engine
from redchain.export import ExportError, export_graph, export_rows
from tests.conftest import skip_or_fail_without_neo4j

FORMULA = '=HYPERLINK("http://example.invalid")'


def network(engine: Engine) -> None:
    chain_network().write(engine)
    Network().org("Q1", FORMULA, "association").org("Q2", "-1 南沙", "financial").write(engine)


def read_csv(path: Path) -> list[dict[str, str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_whole_graph_as_csv_writes_nodes_and_relationships_in_a_folder(
    engine: Engine, tmp_path: Path
) -> None:
    network(engine)
    result = export_graph(engine, "csv", tmp_path / "graph")
    assert [p.name for p in result.paths] == ["nodes.csv", "relationships.csv"]
    nodes = {row["id"]: row for row in read_csv(tmp_path / "graph" / "nodes.csv")}
    assert len(nodes) == result.nodes == 11 + 1 + 2 + 2  # organisations, chain, bases, activities
    bank = nodes["Organization:F1"]
    assert (bank["name"], bank["labels"]) == (
        "示例银行南沙分行",
        "Organization;FinancialInstitution",
    )
    assert nodes["Organization:Q1"]["name"] == "'" + FORMULA
    assert nodes["Organization:Q2"]["name"] == "'-1 南沙"
    rels = read_csv(tmp_path / "graph" / "relationships.csv")
    assert len(rels) == result.relationships
    took = [r for r in rels if r["type"] == "TOOK_PART_IN" and r["source"] == "Organization:M"]
    assert took == [{**took[0], "target": "Activity:X1", "points": "10", "bonus": "5"}]
    led = [r for r in rels if r["type"] == "LED_BY"]
    assert [(r["source"], r["target"]) for r in led] == [("Chain:金桥红链", "Organization:M")]


def test_whole_graph_as_a_workbook_has_two_sheets_with_numbers_as_numbers(
    engine: Engine, tmp_path: Path
) -> None:
    network(engine)
    export_graph(engine, "xlsx", tmp_path / "graph.xlsx")
    book = load_workbook(tmp_path / "graph.xlsx", read_only=True)
    assert book.sheetnames == ["nodes", "relationships"]
    nodes = list(book["nodes"].iter_rows(values_only=True))
    header = nodes[0]
    names = [row[header.index("name")] for row in nodes[1:]]
    assert "南沙开发区金融局" in names and "'" + FORMULA in names
    rels = list(book["relationships"].iter_rows(values_only=True))
    years = [row[rels[0].index("year")] for row in rels[1:] if row[0] == "SUPPLIES_TALENT"]
    assert years == [2023]


def test_whole_graph_as_json_lines_and_graphml(engine: Engine, tmp_path: Path) -> None:
    network(engine)
    export_graph(engine, "jsonl", tmp_path / "graph.jsonl")
    lines = [
        json.loads(line) for line in (tmp_path / "graph.jsonl").read_text("utf-8").splitlines()
    ]
    kinds = [line["kind"] for line in lines]
    assert kinds == sorted(kinds, key=["node", "relationship"].index)
    chain = next(line for line in lines if line.get("id") == "Chain:金桥红链")
    assert chain == {
        "kind": "node",
        "id": "Chain:金桥红链",
        "labels": ["Chain"],
        "props": {"name": "金桥红链"},
    }

    export_graph(engine, "graphml", tmp_path / "graph.graphml")
    graph = nx.read_graphml(tmp_path / "graph.graphml")
    assert graph.number_of_nodes() == 16
    assert graph.nodes["Organization:U2"]["label"] == "广州大学经济与统计学院"
    assert graph.nodes["Organization:Q1"]["name"] == FORMULA  # GraphML is no spreadsheet
    talent = [d for _, _, d in graph.edges(data=True) if d["type"] == "SUPPLIES_TALENT"]
    assert [{k: v for k, v in d.items() if k != "id"} for d in talent] == [
        {"type": "SUPPLIES_TALENT", "year": 2023, "interns": 2, "hires": 1}
    ]
    points = [d["points"] for _, _, d in graph.edges(data=True) if "points" in d]
    assert sorted(points) == [3.0, 4.0, 8.0, 10.0]


def test_query_rows_go_to_one_file_or_sheet(engine: Engine, tmp_path: Path) -> None:
    network(engine)
    rows = querylib.run(engine, "gaps/isolated", {"as_of": "2024-06-30"})
    export_rows(rows, "csv", tmp_path / "isolated.csv")
    assert read_csv(tmp_path / "isolated.csv") == [
        {"uscc": "Q2", "name": "'-1 南沙"},
        {"uscc": "Q1", "name": "'" + FORMULA},
        {"uscc": "U2", "name": "广州大学经济与统计学院"},
    ]
    export_rows(rows, "xlsx", tmp_path / "isolated.xlsx", name="gaps/isolated")
    book = load_workbook(tmp_path / "isolated.xlsx", read_only=True)
    assert book.sheetnames == ["gaps.isolated"]
    export_rows(rows, "jsonl", tmp_path / "isolated.jsonl")
    first = json.loads((tmp_path / "isolated.jsonl").read_text("utf-8").splitlines()[0])
    assert first == {"uscc": "Q2", "name": "-1 南沙"}


def test_partnership_edges_open_as_a_graph_and_other_rows_do_not(
    engine: Engine, tmp_path: Path
) -> None:
    network(engine)
    edges = querylib.run(engine, "explore/partnership_edges", {"as_of": "2024-06-30"})
    export_rows(edges, "graphml", tmp_path / "edges.graphml", name="explore/partnership_edges")
    graph = nx.read_graphml(tmp_path / "edges.graphml")
    assert graph.number_of_edges() == 6
    assert graph.nodes["M"]["label"] == "南沙开发区金融局"
    rows = querylib.run(engine, "gaps/isolated", {"as_of": "2024-06-30"})
    with pytest.raises(ExportError, match="needs rows with 'source' and 'target' columns"):
        export_rows(rows, "graphml", tmp_path / "x.graphml", name="gaps/isolated")


def test_a_csv_export_of_the_graph_needs_a_folder(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "taken.csv").write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="give --out a folder name"):
        export_graph(engine, "csv", tmp_path / "taken.csv")


def test_both_engines_export_the_same_files(tmp_path: Path) -> None:
    skip_or_fail_without_neo4j()
    written = {}
    for backend in ("embedded", "neo4j"):
        with redchain.connect(backend, data_dir=tmp_path / "data") as engine:
            engine.clear()
            schema.ensure(engine)
            network(engine)
            out = tmp_path / backend
            export_graph(engine, "csv", out)
            export_graph(engine, "graphml", out / "graph.graphml")
            written[backend] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
            engine.clear()
    assert written["embedded"] == written["neo4j"]
