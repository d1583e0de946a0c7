"""The ranking and the explore/ queries on networks with known answers, on both engines."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from test_gaps_builder import Network

from redchain import querylib
from redchain.engines.base import Engine
from redchain.errors import ReadOnlyViolation

AS_OF = "2024-06-30"


def run(engine: Engine, name: str, **params: Any) -> list[dict[str, Any]]:
    return querylib.run(engine, name, {"as_of": AS_OF, **params})


def ranking_network() -> Network:
    return (
        Network()
        .chain(master="P1")
        .chain("另一条链")
        .org("P1", "单位A", "government")
        .org("P2", "单位B", "financial")
        .org("P3", "单位C", "financial")
        .org("P4", "单位D", "financial")
        .org("P5", "单位E", "association")
        .org("P6", "单位F", "university")
        .activity("X1", "2024-02-01")
        .activity("X2", "2024-05-01")
        .activity("X3", "2023-12-01")  # before the period
        .activity("X4", "2024-08-01")  # after it
        .activity("X5", "2024-03-01", chain="另一条链")
        .took_part("P1", "X1", points=10, bonus=5)
        .took_part("P1", "X2", points=10)
        .took_part("P2", "X1", points=20)
        .took_part("P3", "X2", points=5, bonus=1)
        .took_part("P3", "X3", points=100)
        .took_part("P4", "X5", points=50)
        .took_part("P4", "X4", points=30)
        .took_part("P5", "X2")
        .took_part("P6", "X1", points=6)
    )


def test_points_ranking_gives_both_ends_of_the_period(engine: Engine) -> None:
    ranking_network().write(engine)
    rows = run(engine, "rank/points", top=2, **{"from": "2024-01-01", "to": "2024-06-30"})
    assert [(r["rank"], r["name"], r["total"], r["ranked"]) for r in rows] == [
        (1, "单位A", 25.0, 5),
        (2, "单位B", 20.0, 5),
        (4, "单位F", 6.0, 5),  # tied with 单位C at 6; ties go by name
        (5, "单位E", 0.0, 5),
    ]
    first = rows[0]
    assert (first["points"], first["bonus"], first["activities"]) == (20.0, 5.0, 2)
    everyone = run(engine, "rank/points", top=10, **{"from": "2024-01-01", "to": "2024-06-30"})
    assert [r["uscc"] for r in everyone] == ["P1", "P2", "P3", "P6", "P5"]


def test_points_ranking_of_a_period_without_activity_is_empty(engine: Engine) -> None:
    ranking_network().write(engine)
    assert run(engine, "rank/points", **{"from": "2020-01-01", "to": "2020-12-31"}) == []


def explore_network() -> Network:
    return (
        Network()
        .org("S1", "南沙街道", "subdistrict")
        .org("G1", "南沙开发区金融局", "government", subdistrict="S1")
        .org("F1", "示例银行南沙分行", "financial", subdistrict="S1")
        .org("F2", "示例证券", "financial", left="2024-01-01")
        .org("U1", "中山大学岭南学院", "university", chain=None)
        .chain(master="G1")
        .partner("G1", "F1", kind="政企")
        .partner("F1", "G1", kind="政企")
        .partner("S1", "F1", kind="街企", since="2021-03-01")
        .partner("F1", "F2", until="2024-02-01")
        .partner("U1", "F1", kind="校企")
        .base("南沙金桥党建分基地（示例银行）", "F1")
        .activity("A1", "2024-03-01", base="南沙金桥党建分基地（示例银行）")
        .activity("A2", "2023-03-01", base="南沙金桥党建分基地（示例银行）")
        .activity("A3", "2024-09-01", base="南沙金桥党建分基地（示例银行）")
        .took_part("F1", "A1", points=3)
        .took_part("F1", "A2", points=3)
        .supplies("U1", "F1", 2023)
        .supplies("U1", "F1", 2025)
    )


def test_unit_finds_one_organisation_by_code_or_name(engine: Engine) -> None:
    explore_network().write(engine)
    by_code = run(engine, "explore/unit", key="F1")
    by_name = run(engine, "explore/unit", key="示例银行南沙分行")
    assert by_code == by_name
    assert by_code == [
        {
            "uscc": "F1",
            "name": "示例银行南沙分行",
            "name_en": None,
            "domain": "FinancialInstitution",
            "subdistricts": ["南沙街道"],
            "chains": ["金桥红链"],
            "partners": 3,
            "activities": 2,
            "bases": ["南沙金桥党建分基地（示例银行）"],
        }
    ]
    assert run(engine, "explore/unit", key="没有这个单位") == []


def test_neighbours_are_the_current_partners_either_way_round(engine: Engine) -> None:
    explore_network().write(engine)
    rows = run(engine, "explore/neighbours", key="F1")
    assert [(r["uscc"], r["kind"]) for r in rows] == [
        ("U1", "校企"),  # 中山大学岭南学院
        ("G1", "政企"),  # 南沙开发区金融局: written both ways, listed once
        ("S1", "街企"),  # 南沙街道
    ]
    assert [r["uscc"] for r in run(engine, "explore/neighbours", key="F1", as_of="2024-01-31")] == [
        "U1",
        "G1",
        "S1",
        "F2",
    ]


def test_partnership_edges_and_members_describe_the_chain_on_a_date(engine: Engine) -> None:
    explore_network().write(engine)
    edges = run(engine, "explore/partnership_edges")
    assert [(e["source"], e["target"], e["kind"]) for e in edges] == [
        ("F1", "G1", "政企"),
        ("G1", "F1", "政企"),
        ("S1", "F1", "街企"),
    ]
    assert edges[2]["source_name"] == "南沙街道" and edges[2]["since"] == dt.date(2021, 3, 1)
    members = run(engine, "explore/org_nodes")
    assert [(m["uscc"], m["domain"], m["subdistrict"], m["is_master"]) for m in members] == [
        ("F1", "FinancialInstitution", "南沙街道", False),
        ("G1", "GovernmentBody", "南沙街道", True),
        ("S1", "Subdistrict", None, False),
    ]
    earlier = run(engine, "explore/org_nodes", as_of="2023-12-31")
    assert [m["uscc"] for m in earlier] == ["F1", "F2", "G1", "S1"]


def test_search_bases_and_talent_flows(engine: Engine) -> None:
    explore_network().write(engine)
    assert [r["uscc"] for r in querylib.run(engine, "explore/search", {"text": "南沙"})] == [
        "G1",
        "S1",
        "F1",
    ]
    assert querylib.run(engine, "explore/search", {"text": "南沙", "limit": "1"})[0]["uscc"] == "G1"
    bases = run(engine, "explore/bases", **{"from": "2024-01-01", "to": "2024-12-31"})
    assert bases == [
        {
            "name": "南沙金桥党建分基地（示例银行）",
            "kind": "sub_base",
            "site": None,
            "opened_on": dt.date(2020, 1, 1),
            "host": "示例银行南沙分行",
            "host_uscc": "F1",
            "activities": 1,
            "last_activity": dt.date(2024, 3, 1),
        }
    ]
    flows = run(engine, "explore/talent_flows")
    assert [(f["university"], f["institution"], f["year"]) for f in flows] == [
        ("中山大学岭南学院", "示例银行南沙分行", 2023)
    ]


def test_a_write_query_needs_write_and_a_read_query_cannot_write(
    engine: Engine, tmp_path: Any
) -> None:
    folder = tmp_path / "cypher"
    (folder / "admin").mkdir(parents=True)
    header = (
        "// name: admin/{n}\n// title.zh: 标记\n// title.en: Mark\n// answers.zh: 标记\n"
        "// answers.en: Mark\n// param: v text = x | 值 | Value\n// mode: {m}\n"
    )
    for n, m in (("mark", "write"), ("sneaky", "read")):
        text = header.format(n=n, m=m) + "CREATE (:Chain {name: $v})"
        (folder / "admin" / f"{n}.cypher").write_text(text, encoding="utf-8")
    queries = querylib.load_dir(folder)
    with pytest.raises(ReadOnlyViolation, match="run it with --write"):
        querylib.run(engine, queries["admin/mark"])
    querylib.run(engine, queries["admin/mark"], {"v": "新链"}, write=True)
    with pytest.raises(ReadOnlyViolation):
        querylib.run(engine, queries["admin/sneaky"], write=True)
    assert engine.run("MATCH (c:Chain) RETURN c.name AS name") == [{"name": "新链"}]
