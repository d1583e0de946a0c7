"""Each gap query on a small network whose answer is known by construction, on both engines.

Every network below puts, next to each unit that must be found, one that must not be found for a
reason the query has to get right: a partnership that ended, one not yet begun, a member that
left, a relationship written the other way round, a date exactly on a boundary.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from test_gaps_builder import Network

from redchain import querylib
from redchain.engines.base import Engine
from redchain.model import CHAIN_DOMAINS

AS_OF = "2024-06-30"


def run(engine: Engine, name: str, **params: Any) -> list[dict[str, Any]]:
    return querylib.run(engine, name, {"as_of": AS_OF, **params})


def names(rows: list[dict[str, Any]]) -> list[str]:
    return [row["name"] for row in rows]


def test_domain_matrix_counts_each_pair_of_units_once_and_marks_empty_cells(
    engine: Engine,
) -> None:
    (
        Network()
        .org("G1", "政府一", "government")
        .org("G2", "政府二", "government")
        .org("S1", "街道一", "subdistrict")
        .org("F1", "银行一", "financial")
        .org("F2", "银行二", "financial")
        .org("U1", "大学一", "university")
        .org("A1", "协会一", "association", left="2024-01-01")
        .org("X1", "非成员银行", "financial", chain=None)
        .chain(master="G1")
        .partner("G1", "G2")
        .partner("G1", "S1")
        .partner("S1", "G1")  # the same pair written both ways counts once
        .partner("F1", "S1")
        .partner("S1", "F2")
        .partner("F1", "F2", until="2024-06-30")  # ended on the day: not current
        .partner("U1", "F1", since="2024-07-01")  # not begun yet
        .partner("A1", "G1")  # A1 has left the chain
        .partner("X1", "G1")  # X1 is not a member
        .write(engine)
    )
    rows = run(engine, "gaps/domain_matrix")
    labels = [d.label for d in CHAIN_DOMAINS]
    assert [(r["row_domain"], r["col_domain"]) for r in rows] == [
        (a, b) for a in labels for b in labels
    ]
    cells = {(r["row_domain"], r["col_domain"]): r["partnerships"] for r in rows}
    expected = {
        ("GovernmentBody", "GovernmentBody"): 1,
        ("GovernmentBody", "Subdistrict"): 1,
        ("Subdistrict", "GovernmentBody"): 1,
        ("Subdistrict", "FinancialInstitution"): 2,
        ("FinancialInstitution", "Subdistrict"): 2,
    }
    assert cells == {key: expected.get(key, 0) for key in cells}
    assert all(r["empty"] == (r["partnerships"] == 0) for r in rows)
    assert sum(r["empty"] for r in rows) == 25 - len(expected)


def test_subdistricts_without_a_current_financial_partner(engine: Engine) -> None:
    (
        Network()
        .org("G1", "金融局", "government")
        .org("S1", "街镇1有伙伴", "subdistrict")
        .org("S2", "街镇2伙伴已结束", "subdistrict")
        .org("S3", "街镇3伙伴已退出", "subdistrict")
        .org("S4", "街镇4只有政府伙伴", "subdistrict")
        .org("S5", "街镇5反向关系", "subdistrict")
        .org("S6", "街镇6已退出", "subdistrict", left="2023-01-01")
        .org("S7", "街镇7伙伴未开始", "subdistrict")
        .org("F1", "银行1", "financial")
        .org("F2", "银行2", "financial")
        .org("F3", "银行3", "financial", left="2024-06-30")
        .org("F4", "银行4", "financial")
        .org("F5", "银行5", "financial")
        .chain(master="G1")
        .partner("S1", "F1")
        .partner("S2", "F2", until="2024-01-01")
        .partner("S3", "F3")
        .partner("S4", "G1")
        .partner("F4", "S5")
        .partner("S7", "F5", since="2024-07-01")
        .write(engine)
    )
    rows = run(engine, "gaps/subdistricts_without_financial_partner")
    assert rows == [
        {"uscc": "S2", "name": "街镇2伙伴已结束"},
        {"uscc": "S3", "name": "街镇3伙伴已退出"},
        {"uscc": "S4", "name": "街镇4只有政府伙伴"},
        {"uscc": "S7", "name": "街镇7伙伴未开始"},
    ]
    later = run(engine, "gaps/subdistricts_without_financial_partner", as_of="2024-07-01")
    assert names(later) == ["街镇2伙伴已结束", "街镇3伙伴已退出", "街镇4只有政府伙伴"]


def talent_network() -> Network:
    return (
        Network()
        .org("G1", "金融局", "government")
        .org("U1", "大学1按时输送", "university")
        .org("U2", "大学2明年才输送", "university")
        .org("U3", "大学3只向已退出机构输送", "university")
        .org("U4", "大学4从未输送", "university")
        .org("U5", "大学5当年输送", "university")
        .org("U6", "大学6已退出", "university", left="2023-01-01")
        .org("F1", "机构1", "financial")
        .org("F2", "机构2明年才接收", "financial")
        .org("F3", "机构3已退出", "financial", left="2024-01-01")
        .org("F4", "机构4从未接收", "financial")
        .org("F5", "机构5当年接收", "financial")
        .chain(master="G1")
        .supplies("U1", "F1", 2023)
        .supplies("U2", "F2", 2025)
        .supplies("U3", "F3", 2023)
        .supplies("U5", "F5", 2024)
    )


def test_financial_institutions_and_universities_without_talent(engine: Engine) -> None:
    talent_network().write(engine)
    assert run(engine, "gaps/financial_without_talent") == [
        {"uscc": "F2", "name": "机构2明年才接收"},
        {"uscc": "F4", "name": "机构4从未接收"},
    ]
    assert run(engine, "gaps/universities_without_talent") == [
        {"uscc": "U2", "name": "大学2明年才输送"},
        {"uscc": "U3", "name": "大学3只向已退出机构输送"},
        {"uscc": "U4", "name": "大学4从未输送"},
    ]
    in_2025 = run(engine, "gaps/universities_without_talent", as_of="2025-03-01")
    assert names(in_2025) == ["大学3只向已退出机构输送", "大学4从未输送"]


def test_dormant_members_have_no_chain_activity_from_since_to_as_of(engine: Engine) -> None:
    (
        Network()
        .chain(master="O1")
        .chain("另一条链")
        .org("O1", "成员1近期活跃", "government")
        .org("O2", "成员2去年活跃", "financial")
        .org("O3", "成员3从未参加", "financial")
        .org("O4", "成员4只在查看日之后", "financial")
        .org("O5", "成员5恰在起始日", "association")
        .org("O6", "成员6已退出", "financial", left="2024-01-01")
        .org("O7", "成员7只参加别的链", "university")
        .activity("X", "2024-03-01")
        .activity("Y", "2023-06-01")
        .activity("Z", "2024-09-01")
        .activity("W", "2024-01-01")
        .activity("V", "2024-03-01", chain="另一条链")
        .took_part("O1", "X")
        .took_part("O2", "Y")
        .took_part("O4", "Y")
        .took_part("O4", "Z")
        .took_part("O5", "W")
        .took_part("O7", "V")
        .write(engine)
    )
    rows = run(engine, "gaps/dormant_members", since="2024-01-01")
    assert rows == [
        {"uscc": "O2", "name": "成员2去年活跃", "last_activity": dt.date(2023, 6, 1)},
        {"uscc": "O3", "name": "成员3从未参加", "last_activity": None},
        {"uscc": "O4", "name": "成员4只在查看日之后", "last_activity": dt.date(2023, 6, 1)},
        {"uscc": "O7", "name": "成员7只参加别的链", "last_activity": None},
    ]
    after_z = run(engine, "gaps/dormant_members", since="2024-01-02", as_of="2024-09-01")
    assert names(after_z) == [
        "成员2去年活跃",
        "成员3从未参加",
        "成员5恰在起始日",
        "成员7只参加别的链",
    ]


def test_idle_bases_held_nothing_in_the_period(engine: Engine) -> None:
    (
        Network()
        .chain(master="H1")
        .chain("另一条链")
        .org("H1", "金融局", "government")
        .org("H2", "银行", "financial")
        .base("基地1期中有活动", "H1", kind="exhibition")
        .base("基地2只在期前", "H2")
        .base("基地3从无活动", "H2")
        .base("基地4尚未授牌", "H2", opened="2024-09-01")
        .base("基地5恰在期末", "H1")
        .base("基地6别的链", "H2", chain="另一条链")
        .base("基地7恰在期初", "H1")
        .activity("A1", "2024-03-01", base="基地1期中有活动")
        .activity("A2", "2023-12-31", base="基地2只在期前")
        .activity("A5", "2024-06-30", base="基地5恰在期末")
        .activity("A7", "2024-01-01", base="基地7恰在期初")
        .write(engine)
    )
    rows = run(engine, "gaps/idle_bases", **{"from": "2024-01-01", "to": "2024-06-30"})
    assert rows == [
        {"name": "基地2只在期前", "kind": "sub_base", "host": "银行", "host_uscc": "H2"},
        {"name": "基地3从无活动", "kind": "sub_base", "host": "银行", "host_uscc": "H2"},
    ]
    # An activity after the viewing date does not count, even inside the period.
    early = run(
        engine, "gaps/idle_bases", as_of="2024-02-01", **{"from": "2024-01-01", "to": "2024-06-30"}
    )
    assert names(early) == ["基地1期中有活动", "基地2只在期前", "基地3从无活动", "基地5恰在期末"]


def test_isolated_members_have_no_current_partner_in_the_chain(engine: Engine) -> None:
    (
        Network()
        .org("I1", "单位1", "financial")
        .org("I2", "单位2", "financial")
        .org("I3", "单位3关系已结束", "financial")
        .org("I4", "单位4关系已结束", "association")
        .org("I5", "单位5伙伴已退出", "financial")
        .org("I6", "单位6无伙伴", "university")
        .org("I7", "单位7伙伴非成员", "subdistrict")
        .org("L1", "已退出单位", "financial", left="2024-03-01")
        .org("N1", "非成员", "financial", chain=None)
        .chain(master="I1")
        .partner("I2", "I1")
        .partner("I3", "I4", until="2024-06-01")
        .partner("I5", "L1")
        .partner("N1", "I7")
        .write(engine)
    )
    assert names(run(engine, "gaps/isolated")) == [
        "单位3关系已结束",
        "单位4关系已结束",
        "单位5伙伴已退出",
        "单位6无伙伴",
        "单位7伙伴非成员",
    ]


def reach_network() -> Network:
    # M - A - B - C, M - D, E - F apart, G alone, H linked to M by an ended partnership.
    return (
        Network()
        .org("M", "链主", "government")
        .org("A", "单位A", "financial")
        .org("B", "单位B", "financial")
        .org("C", "单位C", "financial")
        .org("D", "单位D", "subdistrict")
        .org("E", "单位E", "association")
        .org("F", "单位F", "association")
        .org("G", "单位G", "university")
        .org("H", "单位H", "financial")
        .chain(master="M")
        .partner("A", "M")
        .partner("A", "B")
        .partner("C", "B")
        .partner("M", "D")
        .partner("E", "F")
        .partner("M", "H", until="2024-01-01")
    )


def test_unreachable_from_master_within_hops(engine: Engine) -> None:
    reach_network().write(engine)
    rows = run(engine, "gaps/unreachable_from_master", hops=2)
    assert rows == [
        {"uscc": "C", "name": "单位C", "distance": 3},
        {"uscc": "E", "name": "单位E", "distance": None},
        {"uscc": "F", "name": "单位F", "distance": None},
        {"uscc": "G", "name": "单位G", "distance": None},
        {"uscc": "H", "name": "单位H", "distance": None},
    ]
    assert names(run(engine, "gaps/unreachable_from_master", hops=3)) == [
        "单位E",
        "单位F",
        "单位G",
        "单位H",
    ]
    # Before the partnership with H ended, H was one step away.
    before = run(engine, "gaps/unreachable_from_master", as_of="2023-12-31")
    assert "单位H" not in names(before)


def test_the_cypher_of_the_reach_query_returns_the_member_network(engine: Engine) -> None:
    reach_network().write(engine)
    query = querylib.get("gaps/unreachable_from_master")
    rows = querylib.run(engine, query, {"as_of": AS_OF}, compute=False)
    # Each current partnership once, under the member it starts from.
    network = {r["uscc"]: (r["is_master"], sorted(r["partners"])) for r in rows}
    assert network == {
        "M": (True, ["D"]),
        "A": (False, ["B", "M"]),
        "B": (False, []),
        "C": (False, ["B"]),
        "D": (False, []),
        "E": (False, ["F"]),
        "F": (False, []),
        "G": (False, []),
        "H": (False, []),
    }


def test_without_a_master_every_member_is_out_of_reach(engine: Engine) -> None:
    (
        Network()
        .org("A", "单位A", "financial")
        .org("B", "单位B", "financial")
        .chain()
        .partner("A", "B")
        .write(engine)
    )
    assert names(run(engine, "gaps/unreachable_from_master")) == ["单位A", "单位B"]


def test_cut_units_split_the_member_network(engine: Engine) -> None:
    # M - A, triangle A B C, A - D - E; F - G apart; H - I - J; E - M ended (else no cuts at A, D).
    (
        Network()
        .org("M", "链主", "government")
        .org("A", "单位A", "financial")
        .org("B", "单位B", "financial")
        .org("C", "单位C", "financial")
        .org("D", "单位D", "association")
        .org("E", "单位E", "association")
        .org("F", "单位F", "university")
        .org("G", "单位G", "university")
        .org("H", "单位H", "subdistrict")
        .org("I", "单位I", "subdistrict")
        .org("J", "单位J", "subdistrict")
        .chain(master="M")
        .partner("M", "A")
        .partner("A", "B")
        .partner("B", "C")
        .partner("C", "A")
        .partner("A", "D")
        .partner("E", "D")
        .partner("F", "G")
        .partner("H", "I")
        .partner("I", "J")
        .partner("E", "M", until="2024-05-01")
        .write(engine)
    )
    assert run(engine, "gaps/cut_units") == [
        {"uscc": "A", "name": "单位A", "pieces": 3, "separated": 3},
        {"uscc": "D", "name": "单位D", "pieces": 2, "separated": 1},
        {"uscc": "I", "name": "单位I", "pieces": 2, "separated": 1},
    ]
    # While E - M still held, the ring M A D E M left only the triangle's A and H - I - J's I.
    assert names(run(engine, "gaps/cut_units", as_of="2024-04-30")) == ["单位A", "单位I"]
