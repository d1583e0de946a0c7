"""``redchain changes`` on a small network imported through the importer, on both engines: each
section lists exactly what changed in the period, an event on its first or last day is in, and
one on the day before or after is out."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from test_import_support import unit_codes

import redchain
from redchain import changes, period, querylib, schema
from redchain.engines.base import Engine
from redchain.importing.api import import_files
from redchain.model import (
    AGREEMENT,
    AGREEMENT_OF,
    AGREEMENT_STAGES,
    CHAIN,
    ORGANIZATION,
    PARTY_TO,
    RENEWS,
    STAGE_DATES,
)
from tests.conftest import skip_or_fail_without_neo4j

Q2 = period.parse("2024Q2")  # 2024-04-01 .. 2024-06-30
NAMES = {
    "M": "南沙开发区金融局",
    "J0": "前一日加入有限公司",  # joined the day before the period: out
    "J1": "首日加入有限公司",  # joined on its first day: in
    "J2": "末日加入有限公司",  # joined on its last day: in
    "J3": "次日加入有限公司",  # joined the day after: out
    "L0": "前一日退出协会",
    "L1": "首日退出协会",
    "L2": "末日退出协会",
}
CODES = dict(zip(NAMES, unit_codes(list(NAMES.values())).values(), strict=True))
JOINED = {"M": "2021-07-01", "J0": "2024-03-31", "J1": "2024-04-01", "J2": "2024-06-30"}
JOINED["J3"] = "2024-07-01"
LEFT = {"L0": "2024-03-31", "L1": "2024-04-01", "L2": "2024-06-30"}
PARTNERSHIPS = [
    # a, b, kind, since, until
    ("M", "J0", "企企", "2024-03-31", "2024-06-30"),  # begun the day before; ended on the last day
    ("M", "J1", "政企", "2024-04-01", ""),  # begun on the first day
    ("J2", "M", "政企", "2024-06-30", ""),  # begun on the last day
    ("J1", "J2", "企企", "2024-07-01", ""),  # begun the day after
    ("M", "L2", "政社", "2020-06-01", "2024-07-01"),  # ended the day after
]

# Scored by the shipped rules (主题党日 10, 三新讲学 8): in 2024Q1 M has 10 and J0 8; in 2024Q2
# M has 18 and J1 10.
ACTIVITIES = [
    ("X-Q1-1", "主题党日", "2024-03-15"),
    ("X-Q1-2", "三新讲学", "2024-03-20"),
    ("X-Q2-1", "主题党日", "2024-04-10"),
    ("X-Q2-2", "三新讲学", "2024-05-10"),
]
PARTICIPATION = [("X-Q1-1", "M"), ("X-Q1-2", "J0"), ("X-Q2-1", "M"), ("X-Q2-1", "J1")]
PARTICIPATION.append(("X-Q2-2", "M"))


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def network_files(folder: Path) -> list[Path]:
    domain = {"M": "政府部门", "L0": "协会组织", "L1": "协会组织", "L2": "协会组织"}
    partners = [
        [CODES[k], NAMES[k], domain.get(k, "金融机构"), JOINED.get(k, ""), "金桥红链"]
        for k in NAMES
    ]
    return [
        write_csv(
            folder / "01_partners.csv",
            ["统一社会信用代码", "名称", "领域", "加入日期", "所属链"],
            partners,
        ),
        write_csv(
            folder / "02_chains.csv",
            ["链名称", "链主单位", "成立日期"],
            [["金桥红链", NAMES["M"], "2021-07-01"]],
        ),
        write_csv(
            folder / "03_memberships.csv",
            ["单位", "所属链", "加入日期", "退出日期"],
            [[NAMES[k], "金桥红链", "2022-01-01", day] for k, day in LEFT.items()],
        ),
        write_csv(
            folder / "04_partnerships.csv",
            ["甲方", "乙方", "类型", "开始日期", "结束日期"],
            [[NAMES[a], NAMES[b], kind, since, until] for a, b, kind, since, until in PARTNERSHIPS],
        ),
        write_csv(
            folder / "06_activities.csv",
            ["活动编号", "活动名称", "活动类型", "活动日期", "重点项目", "所属链"],
            [
                [code, f"活动 {code}", kind, date, "否", "金桥红链"]
                for code, kind, date in ACTIVITIES
            ],
        ),
        write_csv(
            folder / "07_participation.csv",
            ["活动编号", "单位", "积分", "加分"],
            [[code, NAMES[unit], "", ""] for code, unit in PARTICIPATION],
        ),
    ]


AGREEMENTS: list[dict[str, Any]] = [
    # Negotiated the day before the period, signed on its first day, made public on its last.
    {
        "number": "GJ-2024-01",
        "title": "首日签约协议",
        "negotiated_on": "2024-03-31",
        "signed_on": "2024-04-01",
        "published_on": "2024-06-30",
        "ends_on": "2026-03-31",
        "stage": "亮约",
        "parties": ["M", "J1"],
    },
    # Ends on the period's last day and is renewed by GJ-2024-02, signed within it.
    {
        "number": "GJ-2022-01",
        "title": "末日到期协议",
        "signed_on": "2022-05-01",
        "performing_on": "2022-06-01",
        "ends_on": "2024-06-30",
        "stage": "履约",
        "parties": ["M", "L2"],
    },
    {
        "number": "GJ-2024-02",
        "title": "续签协议",
        "signed_on": "2024-06-15",
        "ends_on": "2026-06-30",
        "stage": "签约",
        "renews": "GJ-2022-01",
        "parties": ["M"],
    },
    # Ended the day before the period; signed the day after it.
    {
        "number": "GJ-2021-01",
        "title": "前一日到期协议",
        "signed_on": "2021-04-01",
        "ends_on": "2024-03-31",
        "stage": "签约",
        "parties": ["M"],
    },
    {
        "number": "GJ-2024-03",
        "title": "次日签约协议",
        "negotiated_on": "2024-07-01",
        "signed_on": "2024-07-01",
        "stage": "签约",
        "parties": ["J2"],
    },
]
DATES = ("negotiated_on", "signed_on", "published_on", "performing_on", "evaluated_on", "ends_on")


def write_agreements(engine: Engine) -> None:
    """The agreements with parameterised Cypher, following the model (labels from it)."""
    agreement, chain, org = AGREEMENT.label, CHAIN.label, ORGANIZATION.label
    for row in AGREEMENTS:
        props = {k: row[k] for k in ("number", "title", "stage")}
        dates = {k: row[k] for k in DATES if k in row}
        assign = ", ".join(f"a.{k} = date($dates.{k})" for k in dates)
        engine.run(
            f"MATCH (c:{chain} {{name: $chain}}) CREATE (a:{agreement}) SET a = $props, {assign} "
            f"CREATE (a)-[:{AGREEMENT_OF.type}]->(c)",
            {"chain": "金桥红链", "props": props, "dates": dates},
            write=True,
        )
        for role, key in zip(("发起方", "共建方", "共建方"), row["parties"], strict=False):
            engine.run(
                f"MATCH (o:{org} {{uscc: $uscc}}), (a:{agreement} {{number: $number}}) "
                f"CREATE (o)-[:{PARTY_TO.type} {{role: $role}}]->(a)",
                {"uscc": CODES[key], "number": row["number"], "role": role},
                write=True,
            )
    for row in AGREEMENTS:
        if "renews" in row:
            engine.run(
                f"MATCH (n:{agreement} {{number: $new}}), (o:{agreement} {{number: $old}}) "
                f"CREATE (n)-[:{RENEWS.type}]->(o)",
                {"new": row["number"], "old": row["renews"]},
                write=True,
            )


@pytest.fixture
def network(engine: Engine, tmp_path: Path) -> Engine:
    imported = import_files(engine, network_files(tmp_path))
    assert not imported.problems, imported.problems
    write_agreements(engine)
    return engine


def rows(result: changes.Changes, name: str, *keys: str) -> list[Any]:
    items = result.section(name).items
    if len(keys) == 1:
        return [item[keys[0]] for item in items]
    return [tuple(item[k] for k in keys) for item in items]


def pairs(result: changes.Changes, name: str, *keys: str) -> list[tuple[Any, ...]]:
    """Partnerships as the set of their two units (the importer orders the two ends itself)."""
    return [
        ({item["a_uscc"], item["b_uscc"]}, *(item[k] for k in keys))
        for item in result.section(name).items
    ]


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_each_section_lists_exactly_the_periods_changes(network: Engine) -> None:
    result = changes.build(network, Q2)
    assert [s.name for s in result.sections] == list(changes.SECTION_NAMES)
    assert rows(result, "joined", "uscc", "joined_on") == [
        (CODES["J1"], day("2024-04-01")),
        (CODES["J2"], day("2024-06-30")),
    ]
    assert rows(result, "left", "uscc", "left_on") == [
        (CODES["L1"], day("2024-04-01")),
        (CODES["L2"], day("2024-06-30")),
    ]
    assert pairs(result, "partnerships_begun", "kind", "since") == [
        ({CODES["M"], CODES["J1"]}, "政企", day("2024-04-01")),
        ({CODES["J2"], CODES["M"]}, "政企", day("2024-06-30")),
    ]
    assert pairs(result, "partnerships_ended", "since", "until") == [
        ({CODES["M"], CODES["J0"]}, day("2024-03-31"), day("2024-06-30"))
    ]
    assert rows(result, "agreements_begun", "number", "signed_on", "parties") == [
        ("GJ-2024-01", day("2024-04-01"), sorted([NAMES["M"], NAMES["J1"]])),
        ("GJ-2024-02", day("2024-06-15"), [NAMES["M"]]),
    ]
    assert rows(result, "agreements_ended", "number", "ends_on", "renewed_by") == [
        ("GJ-2022-01", day("2024-06-30"), ["GJ-2024-02"])
    ]
    assert rows(result, "agreements_renewed", "number", "signed_on", "renews") == [
        ("GJ-2024-02", day("2024-06-15"), "GJ-2022-01")
    ]
    assert rows(result, "stage_moves", "number", "from_stage", "to_stage", "moved_on") == [
        ("GJ-2024-01", "谈约", "签约", day("2024-04-01")),
        ("GJ-2024-02", None, "签约", day("2024-06-15")),
        ("GJ-2024-01", "签约", "亮约", day("2024-06-30")),
    ]
    movers = ("uscc", "total", "previous_total", "change", "rank", "previous_rank", "rank_change")
    assert rows(result, "points_movers", *movers) == [
        (CODES["J1"], 10, 0, 10, 2, None, None),
        (CODES["J0"], 0, 8, -8, None, 2, None),
        (CODES["M"], 18, 10, 8, 1, 1, 0),
    ]


def test_gaps_opened_and_closed_compare_the_day_before_with_the_last_day(network: Engine) -> None:
    result = changes.build(network, Q2)
    assert (result.gaps_before, result.gaps_after) == (day("2024-03-31"), day("2024-06-30"))

    def isolated(name: str) -> list[str]:
        return [r["item"]["uscc"] for r in result.section(name).items if r["gap"] == "isolated"]

    # On 2024-03-31 L1 (a member until 04-01) had no partner; on 06-30 J0's partnership had ended.
    assert isolated("gaps_opened") == [CODES["J0"]]
    assert isolated("gaps_closed") == [CODES["L1"]]


def test_a_day_period_holds_only_that_days_changes(network: Engine) -> None:
    result = changes.build(network, period.between(day("2024-04-01"), day("2024-04-01")))
    assert rows(result, "joined", "uscc") == [CODES["J1"]]
    assert rows(result, "left", "uscc") == [CODES["L1"]]
    assert rows(result, "agreements_begun", "number") == ["GJ-2024-01"]
    assert rows(result, "agreements_ended", "number") == []
    assert result.previous == period.between(day("2024-03-31"), day("2024-03-31"))


def test_the_same_graph_gives_the_same_json_on_either_engine(tmp_path: Path) -> None:
    skip_or_fail_without_neo4j()
    data = {}
    for backend in ("embedded", "neo4j"):
        with redchain.connect(backend, data_dir=tmp_path / "data") as engine:
            if backend == "neo4j":
                engine.clear()
            schema.ensure(engine)
            folder = tmp_path / backend
            folder.mkdir()
            assert not import_files(engine, network_files(folder)).problems
            write_agreements(engine)
            data[backend] = changes.build(engine, Q2).to_json("en")
    assert data["embedded"] == data["neo4j"]


def test_the_stage_moves_query_lists_the_models_stages_and_dates_in_order() -> None:
    cypher = querylib.get("changes/stage_moves").cypher
    stages = re.search(r"\[('[^\]]*')\] AS stages", cypher)
    dates = re.search(r"\[(a\.[^\]]*)\] AS dates", cypher)
    assert stages is not None and dates is not None
    assert re.findall(r"'(\w+)'", stages.group(1)) == [s.key for s in AGREEMENT_STAGES]
    assert re.findall(r"a\.(\w+)", dates.group(1)) == [STAGE_DATES[s.key] for s in AGREEMENT_STAGES]


def test_a_gap_item_is_the_same_item_on_both_dates_whatever_its_state() -> None:
    before = {"uscc": "U1", "name": "甲", "last_activity": dt.date(2023, 5, 1)}
    after = {"uscc": "U1", "name": "甲（更名）", "last_activity": None}
    assert changes.identity(before) == changes.identity(after)
    assert changes.identity({"name": "基地", "host": "甲"}) == changes.identity(
        {"name": "基地", "host": "乙"}
    )
    assert changes.identity({"domains": ["financial", "university"], "zh": "x"}) != (
        changes.identity({"domains": ["financial", "government"], "zh": "x"})
    )


def test_partnerships_without_an_agreement_are_told_apart_by_their_parties() -> None:
    one = {"agreement": None, "title": None, "parties": ["甲", "乙"], "since": None}
    same = {"agreement": None, "title": None, "parties": ["乙", "甲"], "since": None}
    other = {"agreement": None, "title": None, "parties": ["甲", "丙"], "since": None}
    assert changes.identity(one) == changes.identity(same) != changes.identity(other)
    assert changes.identity({"agreement": "GJ-1", "parties": ["甲", "乙"]}) != changes.identity(one)
