"""The notebook API on agreements, honours and cohorts, on both engines: reading them as
objects with their links, and writing them through the importer with ``graph.merge()``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_import_agreements import BANK, BUREAU, SCHOOL, STREET, agreements, imported, partners

from redchain.engines.base import Engine
from redchain.graph import (
    Agreement,
    AgreementParty,
    Cohort,
    Graph,
    Honour,
    MergeRefused,
    Placement,
    TalentPool,
)


def test_agreements_read_as_objects_with_their_chain_and_renewal(
    engine: Engine, tmp_path: Path
) -> None:
    imported(engine, partners(tmp_path), agreements(tmp_path))
    graph = Graph(engine)
    renewal = graph.nodes("Agreement").get("JQ-2023-001")
    assert isinstance(renewal, Agreement)
    assert (renewal.chain, renewal.renews, renewal.stage) == ("金桥红链", "JQ-2022-001", "签约")
    assert renewal.signed_on == dt.date(2023, 2, 1)
    evaluated = graph.nodes("Agreement").match(stage="评约").all()
    assert [(a.number, a.score) for a in evaluated] == [("JQ-2022-001", 92)]
    frame = graph.nodes("Agreement").match().to_dataframe()
    assert list(frame["number"]) == ["JQ-2022-001", "JQ-2023-001", "JQ-2024-001"]


def test_merge_writes_agreements_parties_cohorts_and_pools_through_the_importer(
    engine: Engine, tmp_path: Path
) -> None:
    imported(engine, partners(tmp_path))
    graph = Graph(engine)
    agreement = Agreement(
        number="JQ-2025-001", title="校企共建协议", kind="校企", signed_on=dt.date(2025, 1, 6)
    )
    result = graph.merge(
        agreement,
        AgreementParty(start=SCHOOL, end="JQ-2025-001", role="发起方", liaison="陈某"),
        AgreementParty(start=BANK, end="JQ-2025-001", role="共建方"),
        Cohort(code="YC2025", year=2025, university=SCHOOL, trained=30),
        Placement(start="YC2025", end=BANK, interns=5, placed=2),
        TalentPool(code="", year=2025, size=12000, chain="金桥红链"),
    )
    assert result.kinds["agreements"]["created"] == 1
    assert result.kinds["agreement_parties"]["created"] == 2
    stored = graph.nodes("Agreement").get("JQ-2025-001")
    assert (stored.stage, stored.chain) == ("签约", "金桥红链")
    pair = sorted([SCHOOL, BANK])
    derived = engine.run(
        "MATCH (a:Organization {uscc: $a})-[r:PARTNERS_WITH]->(b:Organization {uscc: $b}) "
        "RETURN r.kind AS kind, r.since AS since",
        {"a": pair[0], "b": pair[1]},
    )
    assert derived == [{"kind": "校企", "since": dt.date(2025, 1, 6)}]
    cohort = graph.nodes("Cohort").get("YC2025")
    assert (cohort.programme, cohort.trained, cohort.university) == (
        "明珠金融优才计划",
        30,
        "中山大学岭南学院",
    )
    assert graph.nodes("TalentPool").get("金桥红链-2025").size == 12000
    assert {BUREAU, STREET}.isdisjoint(
        {r["a"] for r in engine.run("MATCH (o:Organization)-[:PARTY_TO]->() RETURN o.uscc AS a")}
    )


def test_merge_refuses_an_impossible_agreement_and_writes_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    imported(engine, partners(tmp_path))
    graph = Graph(engine)
    late = Agreement(
        number="JQ-2025-002",
        title="倒签协议",
        negotiated_on=dt.date(2025, 3, 1),
        signed_on=dt.date(2025, 2, 1),
    )
    with pytest.raises(MergeRefused) as refused:
        graph.merge(late, Honour(code="H1", title="先进集体", year=2025))
    assert refused.value.problems == [
        "Agreement('JQ-2025-002'), field signed_on: '2025-02-01' is before 谈约日期 2025-03-01: "
        "an agreement's stages come in the order 谈约 → 签约 → 亮约 → 履约 → 评约. "
        "Fix: correct 签约日期 or 谈约日期"
    ]
    assert graph.nodes("Agreement").count() == 0 and graph.nodes("Honour").count() == 0
