"""``redchain points`` and :func:`redchain.points.ledger.compute` on both engines.

A small network is imported through redchain's importer; the ranking is checked against known
answers worked out by hand and against a computation written here from the raw participation
rows, independently of redchain's ledger.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from redchain import demo, period, querylib
from redchain.engines.base import Engine
from redchain.importing.api import import_files
from redchain.points import ledger, rules
from tests.conftest import Target
from tests.test_import_support import unit_codes

RULES = """\
[[rules]]
version = "v1"
applies_from = 2024-01-01
key_project_bonus = 5
[rules.points]
party_day = 10
lecture = 8
volunteer = 6
co_building = 12
[rules.caps]
per = "quarter"
total = 30
[rules.caps.kinds]
volunteer = 10

[[rules]]
version = "v2"
applies_from = 2024-07-01
key_project_bonus = 10
[rules.points]
party_day = 20
lecture = 8
co_building = 15
[rules.caps]
per = "year"
total = 100
"""

NAMES = ["南沙街道", "横沥镇", "甲银行", "乙证券", "丙局", "丁协会", "戊学院"]
PARTNERS = [
    # name, domain, subdistrict
    ("南沙街道", "基层街镇", ""),
    ("横沥镇", "基层街镇", ""),
    ("甲银行", "金融机构", "南沙街道"),
    ("乙证券", "金融机构", "南沙街道"),
    ("丙局", "政府部门", "横沥镇"),
    ("丁协会", "协会组织", "横沥镇"),
    ("戊学院", "高校金融学院", ""),
]
ACTIVITIES = [
    # code, kind, date, key project, chain
    ("A0", "主题党日", "2023-12-20", "否", "金桥红链"),
    ("A1", "主题党日", "2024-01-10", "是", "金桥红链"),
    ("A2", "三新讲学", "2024-02-10", "否", "金桥红链"),
    ("A3", "志愿服务", "2024-03-01", "否", "金桥红链"),
    ("A4", "志愿服务", "2024-03-05", "否", "金桥红链"),
    ("A5", "共建活动", "2024-03-20", "是", "金桥红链"),
    ("A6", "主题党日", "2024-07-15", "否", "金桥红链"),
    ("A7", "志愿服务", "2024-08-01", "否", "金桥红链"),
    ("A9", "三新讲学", "2024-09-01", "否", "政数链"),
    ("A10", "共建活动", "2024-10-10", "是", "金桥红链"),
]
PARTICIPATION = [
    # activity, unit, typed points, typed bonus
    ("A0", "甲银行", "", ""),
    ("A1", "甲银行", "", ""),
    ("A2", "甲银行", "", ""),
    ("A3", "甲银行", "", ""),
    ("A4", "甲银行", "", ""),
    ("A5", "甲银行", "", ""),
    ("A6", "甲银行", "", ""),
    ("A7", "甲银行", "", ""),
    ("A1", "乙证券", "40", ""),
    ("A2", "乙证券", "", ""),
    ("A6", "乙证券", "", ""),
    ("A6", "丙局", "", ""),
    ("A10", "丙局", "", "0"),
    ("A6", "丁协会", "", ""),
    ("A10", "丁协会", "15", ""),
    ("A2", "南沙街道", "", ""),
    ("A3", "戊学院", "", ""),
    ("A9", "戊学院", "", ""),
]
# Worked out by hand from the rules above, for 2024:
# 甲银行: A1 10+5, A2 8, A3 6 (29 of the quarter's 30), A4 6 cut to 1 (total cap), A5 17 cut to
#   0, A6 20 (v2), A7 0 (v2 lists no volunteer points) = 50; A0 lies before the period.
# 乙证券: A1 typed 40 (no cap cuts it, but it fills the quarter), A2 8 cut to 0, A6 20 = 60.
# 丙局: A6 20, A10 typed bonus 0 and no points = 0: 20.  丁协会: A6 20 + A10 typed 15 = 35.
# 南沙街道: A2 8.  戊学院: A3 6 (A9 is another chain's).
EXPECTED = {"乙证券": 60, "甲银行": 50, "丁协会": 35, "丙局": 20, "南沙街道": 8, "戊学院": 6}


def write_files(folder: Path) -> list[Path]:
    codes = unit_codes(NAMES, seed=13)
    folder.mkdir(parents=True, exist_ok=True)
    partners = ["统一社会信用代码,名称,领域,所在街镇,加入日期,所属链"] + [
        f"{codes[n]},{n},{d},{s},2021-07-01,金桥红链" for n, d, s in PARTNERS
    ]
    chains = ["链名称,链主单位,成立日期", "金桥红链,丙局,2021-07-01", "政数链,丙局,2022-01-01"]
    activities = ["活动编号,活动名称,活动类型,活动日期,重点项目,所属链"] + [
        f"{c},活动{c},{k},{d},{key},{chain}" for c, k, d, key, chain in ACTIVITIES
    ]
    participation = ["活动编号,单位,积分,加分"] + [
        f"{a},{u},{p},{b}" for a, u, p, b in PARTICIPATION
    ]
    files = []
    for name, lines in (
        ("01_partners.csv", partners),
        ("02_chains.csv", chains),
        ("06_activities.csv", activities),
        ("07_participation.csv", participation),
    ):
        path = folder / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
    return files


@pytest.fixture
def network(engine: Engine, tmp_path: Path) -> Engine:
    report = import_files(engine, write_files(tmp_path / "files"))
    assert report.ok, report.problems
    return engine


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(RULES, encoding="utf-8")
    return path


# --- An independent computation from the raw rows ---


def raw_rows(engine: Engine, chain: str, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    return engine.run(
        "MATCH (o:Organization)-[t:TOOK_PART_IN]->(a:Activity)-[:ACTIVITY_OF]->(:Chain {name: $c}) "
        "WHERE a.date >= date($s) AND a.date <= date($e) "
        "RETURN o.name AS unit, a.code AS code, a.date AS day, a.kind AS kind, "
        "a.key_project AS key, t.points AS typed_points, t.bonus AS typed_bonus",
        {"c": chain, "s": start.isoformat(), "e": end.isoformat()},
    )


def expected_totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    """The test's own reading of RULES: versions by date, caps per window, typed rows as typed."""
    v1_points = {"party_day": 10, "lecture": 8, "volunteer": 6, "co_building": 12}
    v2_points = {"party_day": 20, "lecture": 8, "co_building": 15}
    totals: dict[str, int] = {}
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_unit.setdefault(row["unit"], []).append(row)
    for unit, own in by_unit.items():
        window_sum: dict[Any, int] = {}
        volunteer_sum: dict[Any, int] = {}
        total = 0
        for row in sorted(own, key=lambda r: (r["day"], r["code"])):
            day: dt.date = row["day"]
            is_v2 = day >= dt.date(2024, 7, 1)
            window = ("v2", day.year) if is_v2 else ("v1", day.year, (day.month + 2) // 3)
            if row["typed_points"] is not None or row["typed_bonus"] is not None:
                got = (row["typed_points"] or 0) + (row["typed_bonus"] or 0)
                window_sum[window] = window_sum.get(window, 0) + got
                total += got
                continue
            table = v2_points if is_v2 else v1_points
            if row["kind"] not in table:
                continue
            bonus = (10 if is_v2 else 5) if row["key"] else 0
            got = table[row["kind"]] + bonus
            if not is_v2 and row["kind"] == "volunteer":
                got = min(got, 10 - volunteer_sum.get(window, 0))
                volunteer_sum[window] = volunteer_sum.get(window, 0) + got
            got = max(0, min(got, (100 if is_v2 else 30) - window_sum.get(window, 0)))
            window_sum[window] = window_sum.get(window, 0) + got
            total += got
        totals[unit] = total
    return totals


def competition_ranks(totals: dict[str, int]) -> dict[str, int]:
    return {u: 1 + sum(1 for t in totals.values() if t > total) for u, total in totals.items()}


# --- The ledger ---


def test_the_ranking_matches_the_hand_worked_totals_and_the_raw_rows(
    network: Engine, rules_file: Path
) -> None:
    year = period.parse("2024")
    standing = ledger.compute(network, year, rules.load(rules_file))
    got = {u.name: u.total for u in standing.units}
    assert got == EXPECTED
    independent = expected_totals(raw_rows(network, "金桥红链", year.start, year.end))
    assert got == independent
    ranks = {u.name: u.rank for u in standing.units}
    assert ranks == competition_ranks(independent)
    assert [u.name for u in standing.units] == sorted(EXPECTED, key=lambda n: -EXPECTED[n])


def test_every_ledger_sums_to_its_ranked_total(network: Engine, rules_file: Path) -> None:
    standing = ledger.compute(network, period.parse("2024"), rules.load(rules_file))
    for unit in standing.units:
        assert sum(line.points + line.bonus - line.capped for line in unit.lines) == unit.total
        assert unit.points + unit.bonus - unit.capped == unit.total


def test_the_ledger_shows_rule_version_bonus_caps_and_overrides(
    network: Engine, rules_file: Path
) -> None:
    standing = ledger.compute(network, period.parse("2024"), rules.load(rules_file))
    bank = next(u for u in standing.units if u.name == "甲银行")
    lines = {line.activity_code: line for line in bank.lines}
    assert "A0" not in lines  # before the period
    assert (lines["A1"].version, lines["A1"].points, lines["A1"].bonus) == ("v1", 10, 5)
    assert (lines["A4"].capped, lines["A4"].cap) == (5, "total")
    assert (lines["A5"].capped, lines["A5"].earned) == (17, 0)
    assert (lines["A6"].version, lines["A6"].earned) == ("v2", 20)
    assert (lines["A7"].rule, lines["A7"].earned) == ("unlisted", 0)
    broker = next(u for u in standing.units if u.name == "乙证券")
    typed = next(line for line in broker.lines if line.activity_code == "A1")
    assert (typed.override, typed.rule, typed.points, typed.bonus, typed.capped) == (
        True,
        "override",
        40,
        0,
        0,
    )
    assert next(line for line in broker.lines if line.activity_code == "A2").capped == 8


def test_the_kind_cap_cuts_before_the_total_cap(network: Engine, tmp_path: Path) -> None:
    loose = RULES.replace("total = 30", "total = 300")
    path = tmp_path / "loose.toml"
    path.write_text(loose, encoding="utf-8")
    standing = ledger.compute(network, period.parse("2024Q1"), rules.load(path))
    bank = next(u for u in standing.units if u.name == "甲银行")
    a4 = next(line for line in bank.lines if line.activity_code == "A4")
    assert (a4.earned, a4.capped, a4.cap) == (4, 2, "kind")
    assert bank.total == 15 + 8 + 6 + 4 + 17


def test_an_activity_before_the_first_version_earns_nothing_and_says_so(
    network: Engine, rules_file: Path
) -> None:
    span = period.between(dt.date(2023, 12, 1), dt.date(2023, 12, 31))
    standing = ledger.compute(network, span, rules.load(rules_file))
    (bank,) = standing.units
    assert [(line.rule, line.earned) for line in bank.lines] == [("no_version", 0)]


def test_ties_share_a_rank(network: Engine, tmp_path: Path) -> None:
    flat = tmp_path / "flat.toml"
    flat.write_text(
        '[rules]\nversion = "flat"\napplies_from = 2024-01-01\n[rules.points]\n"主题党日" = 5\n',
        encoding="utf-8",
    )
    standing = ledger.compute(network, period.parse("2024Q3"), rules.load(flat))
    # A6 (主题党日, 2024-07-15) brought 5 to each of its four units.
    assert [(u.rank, u.total) for u in standing.units] == [(1, 5)] * 4
    assert [u.name for u in standing.units] == sorted(u.name for u in standing.units)


def test_groups_by_domain_and_subdistrict(network: Engine, rules_file: Path) -> None:
    standing = ledger.compute(network, period.parse("2024"), rules.load(rules_file))
    domains = {g.key: (g.total, g.units, g.rank) for g in standing.by_domain()}
    assert domains == {
        "financial": (110, 2, 1),
        "association": (35, 1, 2),
        "government": (20, 1, 3),
        "subdistrict": (8, 1, 4),
        "university": (6, 1, 5),
    }
    places = {g.key: (g.total, g.units) for g in standing.by_subdistrict()}
    assert places == {"南沙街道": (118, 3), "横沥镇": (55, 2), None: (6, 1)}


def test_the_chain_decides_which_activities_count(network: Engine, rules_file: Path) -> None:
    standing = ledger.compute(network, period.parse("2024"), rules.load(rules_file), "政数链")
    assert [(u.name, u.total) for u in standing.units] == [("戊学院", 8)]


def test_the_standing_is_plain_json(network: Engine, rules_file: Path) -> None:
    standing = ledger.compute(network, period.parse("2024"), rules.load(rules_file))
    data = json.loads(json.dumps(standing.to_json(lines=True)))
    assert data["period"] == {"key": "2024", "from": "2024-01-01", "to": "2024-12-31"}
    assert data["units"][0]["name"] == "乙证券"
    assert data["units"][0]["lines"][0]["override"] is True
    assert data["total"] == sum(EXPECTED.values())


def test_nothing_is_stored(network: Engine, rules_file: Path) -> None:
    before = network.run("MATCH (n) RETURN count(n) AS n")[0]["n"]
    typed = network.run(
        "MATCH ()-[t:TOOK_PART_IN]->() WHERE t.points IS NOT NULL RETURN count(t) AS n"
    )
    ledger.compute(network, period.parse("2024"), rules.load(rules_file))
    assert network.run("MATCH (n) RETURN count(n) AS n")[0]["n"] == before
    assert (
        network.run("MATCH ()-[t:TOOK_PART_IN]->() WHERE t.points IS NOT NULL RETURN count(t) AS n")
        == typed
    )


# --- The command ---


@pytest.fixture
def imported(target: Target, tmp_path: Path) -> Target:
    with target.open() as engine:
        report = import_files(engine, write_files(tmp_path / "files"))
        assert report.ok, report.problems
    return target


def test_the_command_ranks_and_explains(imported: Target, rules_file: Path) -> None:
    args = ["points", "--period", "2024", "--rules", str(rules_file)]
    result = imported.invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {u["name"]: u["total"] for u in data["units"]} == EXPECTED

    explained = imported.invoke(*args, "--explain", "甲银行", "--lang", "en")
    assert explained.exit_code == 0, explained.output
    assert "rank 2 of 6" in explained.output
    assert "= 50 (the ranked total" in explained.output
    assert "-17 (total cap)" in explained.output
    assert "v2: kind not listed" in explained.output

    typed = imported.invoke(*args, "--explain", "乙证券")
    assert "录入积分" in typed.output and "= 60" in typed.output

    csv_rows = imported.invoke(*args, "--by", "subdistrict", "--format", "csv").output
    assert csv_rows.splitlines()[1].startswith("1,南沙街道,3,118")


def test_the_command_explains_by_credit_code_and_refuses_an_unknown_unit(
    imported: Target, rules_file: Path
) -> None:
    code = unit_codes(NAMES, seed=13)["丁协会"]
    args = ["points", "--period", "2024", "--rules", str(rules_file)]
    result = imported.invoke(*args, "--explain", code, "--format", "json")
    assert json.loads(result.output)["total"] == 35
    unknown = imported.invoke(*args, "--explain", "不存在的单位")
    assert unknown.exit_code == 1
    assert "no unit has the credit code, name" in unknown.output
    idle = imported.invoke("points", "--period", "2023Q1", "--explain", "丙局")
    assert idle.exit_code == 1
    assert "took part in none of 金桥红链's activities" in idle.output
    nochain = imported.invoke("points", "--period", "2024", "--chain", "无此链")
    assert nochain.exit_code == 1
    assert "no chain is called '无此链'; give --chain one of: 政数链, 金桥红链" in nochain.output


def test_a_bad_rules_file_is_refused_with_its_line(imported: Target, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rules]]\nversion = "x"\napplies_from = 2024-13-01\n', encoding="utf-8")
    result = imported.invoke("points", "--rules", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:3:" in result.output


# --- The shipped sample ---


def test_the_samples_ledger_for_the_finance_bureau_sums_to_its_ranked_total(
    target: Target,
) -> None:
    with target.open() as engine:
        demo.load_sample(engine)
        standing = ledger.compute(engine, period.parse("2024"), rules.load())
        raw = querylib.run(
            engine,
            "rank/points",
            {"from": "2024-01-01", "to": "2024-12-31", "as_of": "2024-12-31", "top": 1000},
        )
    bureau = next(u for u in standing.units if u.name == "南沙开发区金融局")
    assert sum(line.earned for line in bureau.lines) == bureau.total
    # A unit whose participation rows all have their points typed has the total the gap
    # report's ranking of the typed points gives it: the rules change nothing for it.
    typed = {r["uscc"]: r["total"] for r in raw}
    all_typed = [u for u in standing.units if all(line.override for line in u.lines)]
    assert all(typed[u.uscc] == u.total for u in all_typed)

    result = target.invoke("points", "--period", "2024", "--explain", "南沙开发区金融局")
    assert bureau.rank == 1
    assert result.exit_code == 0, result.output
    assert f"总分 {bureau.total}，第 {bureau.rank} 名" in result.output
    assert f"= {bureau.total}（即排名总分" in result.output
