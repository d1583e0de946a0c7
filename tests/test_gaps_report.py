"""The whole gap report on a network with one known hole of each kind, on both engines, and the
same JSON from both engines for the same graph."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from test_gaps_builder import Network

import redchain
from redchain import schema
from redchain.engines.base import Engine
from redchain.gaps import GapReport, GapReportError, gap_report
from tests.conftest import skip_or_fail_without_neo4j

AS_OF = "2024-06-30"
PERIOD = ("2024-01-01", "2024-06-30")


def chain_network() -> Network:
    """The master reaches everyone but F2 (3 steps) and U2 (no partner) within 2 steps."""
    return (
        Network()
        .org("M", "南沙开发区金融局", "government")
        .org("S1", "南沙街道", "subdistrict")
        .org("S2", "珠江街道", "subdistrict")
        .org("F1", "示例银行南沙分行", "financial")
        .org("F2", "示例证券南沙营业部", "financial")
        .org("U1", "中山大学岭南学院", "university")
        .org("U2", "广州大学经济与统计学院", "university")
        .org("A1", "南沙金融业协会", "association")
        .org("L1", "已退出的协会", "association", left="2023-12-31")
        .chain(master="M")
        .partner("M", "S1", kind="街企")
        .partner("S2", "M")
        .partner("M", "U1")
        .partner("A1", "M")
        .partner("S1", "F1")
        .partner("F1", "F2")
        .partner("L1", "U2")
        .supplies("U1", "F1", 2023)
        .base("南沙金桥党建分基地（示例银行）", "F1")
        .base("南沙金桥党建分基地（珠江街道）", "S2")
        .activity("X1", "2024-03-01", base="南沙金桥党建分基地（示例银行）")
        .activity("X2", "2023-05-01", base="南沙金桥党建分基地（珠江街道）")
        .took_part("M", "X1", points=10, bonus=5)
        .took_part("F1", "X1", points=8)
        .took_part("S1", "X1", points=3)
        .took_part("S2", "X2", points=4)
    )


def make_report(engine: Engine, **options: Any) -> GapReport:
    return gap_report(engine, as_of=AS_OF, since="2024-01-01", period=PERIOD, hops=2, **options)


def items(report: GapReport, name: str, *keys: str) -> list[Any]:
    rows = report.gap(name).items
    if len(keys) == 1:
        return [row[keys[0]] for row in rows]
    return [tuple(row[k] for k in keys) for row in rows]


def test_the_report_finds_each_hole_the_network_was_built_with(engine: Engine) -> None:
    chain_network().write(engine)
    report = make_report(engine)
    assert [g.name for g in report.gaps] == [
        "domain_matrix",
        "subdistricts_without_financial_partner",
        "financial_without_talent",
        "universities_without_talent",
        "dormant_members",
        "idle_bases",
        "unreachable_from_master",
        "isolated",
        "cut_units",
        "agreements_ending",
        "agreements_stalled",
        "nominal_partnerships",
        "unmatched_needs",
        "parties_without_liaison",
        "cohorts_without_placements",
        "never_evaluated",
    ]
    assert items(report, "subdistricts_without_financial_partner", "name") == ["珠江街道"]
    assert items(report, "financial_without_talent", "uscc") == ["F2"]
    assert items(report, "universities_without_talent", "uscc") == ["U2"]
    assert items(report, "dormant_members", "uscc", "last_activity") == [
        ("U1", None),
        ("A1", None),
        ("U2", None),
        ("S2", dt.date(2023, 5, 1)),
        ("F2", None),
    ]
    assert items(report, "idle_bases", "name", "host_uscc") == [
        ("南沙金桥党建分基地（珠江街道）", "S2")
    ]
    assert items(report, "unreachable_from_master", "uscc", "distance") == [
        ("U2", None),
        ("F2", 3),
    ]
    assert items(report, "isolated", "uscc") == ["U2"]
    assert items(report, "cut_units", "uscc", "pieces", "separated") == [
        ("M", 4, 3),
        ("S1", 2, 2),
        ("F1", 2, 1),
    ]
    assert report.matrix.counts == [
        [0, 2, 1, 0, 1],
        [2, 0, 0, 1, 0],
        [1, 0, 0, 0, 0],
        [0, 1, 0, 1, 0],
        [1, 0, 0, 0, 0],
    ]
    assert report.gap("domain_matrix").count == 10
    assert [(u["rank"], u["uscc"], u["total"]) for u in report.ranking.top_units] == [
        (1, "M", 15.0),
        (2, "F1", 8.0),
        (3, "S1", 3.0),
    ]
    dates = (report.since, report.period_from, report.period_to)
    assert tuple(d.isoformat() for d in dates) == ("2024-01-01", *PERIOD)


def test_the_json_has_the_documented_shape(engine: Engine) -> None:
    chain_network().write(engine)
    data = make_report(engine).to_dict("en")
    gap = next(g for g in data["gaps"] if g["name"] == "isolated")
    assert gap == {
        "name": "isolated",
        "query": "gaps/isolated",
        "title": "Isolated members",
        "title_zh": "孤立的成员",
        "title_en": "Isolated members",
        "count": 1,
        "advice": gap["advice"],
        "columns": ["name", "uscc"],
        "params": {"chain": "金桥红链", "as_of": "2024-06-30"},
        "items": [{"uscc": "U2", "name": "广州大学经济与统计学院"}],
    }
    assert gap["advice"].startswith("Give every isolated member")
    empty = next(g for g in data["gaps"] if g["name"] == "domain_matrix")["items"][0]
    assert empty == {
        "domains": ["government", "financial"],
        "zh": "政府部门 × 金融机构",
        "en": "Government body × Financial institution",
        "same_domain": False,
    }
    assert data["domain_matrix"]["domains"][0]["key"] == "government"
    assert data["ranking"]["ranked"] == 3 and data["ranking"]["top"] == 10
    assert data["period"] == {"from": "2024-01-01", "to": "2024-06-30"}
    json.dumps(data)  # plain JSON data all the way down


def test_as_of_views_the_network_on_an_earlier_date(engine: Engine) -> None:
    chain_network().write(engine)
    earlier = gap_report(engine, as_of="2023-06-30", hops=2)
    # L1 was still a member, so U2 had a partner; X2 in May 2023 kept S2 active.
    assert "U2" not in items(earlier, "isolated", "uscc")
    assert "S2" not in items(earlier, "dormant_members", "uscc")
    assert earlier.since == dt.date(2022, 6, 30)
    assert (earlier.period_from, earlier.period_to) == (dt.date(2022, 6, 30), dt.date(2023, 6, 30))


def test_progress_is_reported_for_every_query(engine: Engine) -> None:
    chain_network().write(engine)
    seen: list[tuple[str, int, int]] = []
    report = make_report(
        engine, progress=lambda name, done, total: seen.append((name, done, total))
    )
    assert seen[0] == ("gaps/domain_matrix", 0, 17)
    assert seen[-2] == ("rank/ledger", 16, 17)
    assert seen[-1] == ("", 17, 17)
    assert set(report.timings) == {name for name, _, _ in seen if name}


def test_a_missing_chain_is_named_with_the_chains_there_are(engine: Engine) -> None:
    with pytest.raises(GapReportError, match=r"no chain to report on: .* is empty: fill it with"):
        gap_report(engine)
    chain_network().write(engine)
    with pytest.raises(GapReportError, match=r"no chain named '别的链'.*the chains are: 金桥红链"):
        gap_report(engine, chain="别的链")


def test_both_engines_give_the_same_report_for_the_same_graph(tmp_path: Path) -> None:
    skip_or_fail_without_neo4j()
    reports = {}
    for backend in ("embedded", "neo4j"):
        with redchain.connect(backend, data_dir=tmp_path / "data") as engine:
            engine.clear()
            schema.ensure(engine)
            chain_network().write(engine)
            # Two more units: one isolated, one joining after the viewing date.
            (
                Network()
                .org("Z1", "孤立的金融科技公司", "financial")
                .org("Z2", "明天才加入的公司", "financial", joined="2024-07-01")
                .write(engine)
            )
            reports[backend] = json.dumps(
                make_report(engine, top=2).to_dict("zh"), ensure_ascii=False, sort_keys=True
            )
            engine.clear()
    assert reports["embedded"] == reports["neo4j"]
