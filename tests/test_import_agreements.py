"""Importing agreements, their parties and lists, honours, cohorts and the talent pool.

On both engines: what each new kind writes (counts, values, DATE and integer types), the stage
derived from the stage dates, the partnerships derived from agreements, and the one-line
message of each impossible row, with a refused file changing nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from test_import_support import dump, unit_codes

from redchain.engines.base import Engine
from redchain.importing.api import ImportOptions, import_files, write_template
from redchain.importing.report import ImportReport

UNITS = [
    ("南沙开发区金融局", "政府部门"),
    ("南沙街道", "基层街镇"),
    ("示例银行南沙分行", "金融机构"),
    ("中山大学岭南学院", "高校金融学院"),
    ("南沙金融协会", "协会组织"),
]
CODES = unit_codes([name for name, _ in UNITS])
BUREAU, STREET, BANK, SCHOOL, SOCIETY = (CODES[name] for name, _ in UNITS)

AGREEMENT_HEADERS = [
    "协议编号",
    "协议名称",
    "类型",
    "谈约日期",
    "签约日期",
    "亮约日期",
    "履约日期",
    "评约日期",
    "到期日期",
    "续签协议",
    "评约得分",
    "评约意见",
]
AGREEMENTS = [
    # renews the agreement of the row below it: a renewal may point further down the file
    [
        "JQ-2023-001",
        "金融局与南沙街道续签协议",
        "政企",
        "2023-01-10",
        "2023-02-01",
        "",
        "",
        "",
        "2025-01-31",
        "JQ-2022-001",
        "",
        "",
    ],
    [
        "JQ-2022-001",
        "金融局与南沙街道共建协议",
        "政企",
        "2022-01-05",
        "2022-02-01",
        "2022-02-15",
        "2022-03-01",
        "2023-01-20",
        "2023-01-31",
        "",
        "92",
        "成效良好",
    ],
    ["JQ-2024-001", "三方共建协议", "街企", "2024-03-01", "", "", "", "", "2026-12-31", "", "", ""],
]
PARTY_HEADERS = ["协议编号", "单位", "角色", "联络员", "联络员职务"]
PARTIES = [
    ["JQ-2022-001", "南沙开发区金融局", "发起方", "张某", "党建办主任"],
    ["JQ-2022-001", "南沙街道", "共建方", "李某", "组织委员"],
    ["JQ-2023-001", "南沙开发区金融局", "甲方", "张某", "党建办主任"],
    ["JQ-2023-001", STREET, "乙方", "", ""],
    ["JQ-2024-001", "南沙开发区金融局", "发起方", "", ""],
    ["JQ-2024-001", "南沙街道", "共建方", "", ""],
    ["JQ-2024-001", "示例银行南沙分行", "共建方", "王某", "支行行长"],
]


def write_csv(path: Path, headers: list[str], rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def partners(tmp_path: Path) -> Path:
    rows = [[CODES[name], name, domain] for name, domain in UNITS]
    return write_csv(tmp_path / "partners.csv", ["统一社会信用代码", "名称", "领域"], rows)


def agreements(tmp_path: Path, rows: list[list[Any]] | None = None) -> Path:
    return write_csv(tmp_path / "agreements.csv", AGREEMENT_HEADERS, rows or AGREEMENTS)


def parties(tmp_path: Path, rows: list[list[Any]] | None = None) -> Path:
    return write_csv(tmp_path / "parties.csv", PARTY_HEADERS, rows or PARTIES)


def run(engine: Engine, *paths: Path) -> ImportReport:
    return import_files(engine, list(paths), ImportOptions())


def imported(engine: Engine, *paths: Path) -> ImportReport:
    report = run(engine, *paths)
    assert [p.text() for p in report.problems] == []
    assert report.written
    return report


def messages(report: ImportReport) -> list[str]:
    return [p.text() for p in report.problems]


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def partnerships(engine: Engine) -> dict[tuple[str, str], dict[str, Any]]:
    rows = engine.run(
        "MATCH (a:Organization)-[r:PARTNERS_WITH]->(b:Organization) "
        "RETURN a.uscc AS a, b.uscc AS b, r.kind AS kind, r.since AS since, r.until AS until, "
        "r.derived AS derived"
    )
    found = {}
    for row in rows:
        assert row["a"] < row["b"], "a partnership runs from the lower credit code"
        found[(row["a"], row["b"])] = {k: row[k] for k in ("kind", "since", "until", "derived")}
    return found


# --- what each kind writes ---------------------------------------------------------------------


def test_agreements_and_parties_import_with_stages_dates_renewals_and_chain(
    engine: Engine, tmp_path: Path
) -> None:
    report = imported(engine, partners(tmp_path), agreements(tmp_path), parties(tmp_path))
    counts = {f.kind: (f.created, f.updated) for f in report.files}
    assert counts["agreements"] == (3, 0)
    assert counts["agreement_parties"] == (7, 0)
    rows = engine.run(
        "MATCH (a:Agreement)-[:AGREEMENT_OF]->(c:Chain) RETURN a.number AS number, a.stage AS "
        "stage, a.kind AS kind, a.signed_on AS signed, a.ends_on AS ends, a.score AS score, "
        "a.remarks AS remarks, c.name AS chain ORDER BY number"
    )
    assert rows == [
        {
            "number": "JQ-2022-001",
            "stage": "评约",
            "kind": "政企",
            "signed": dt.date(2022, 2, 1),
            "ends": dt.date(2023, 1, 31),
            "score": 92,
            "remarks": "成效良好",
            "chain": "金桥红链",
        },
        {
            "number": "JQ-2023-001",
            "stage": "签约",
            "kind": "政企",
            "signed": dt.date(2023, 2, 1),
            "ends": dt.date(2025, 1, 31),
            "score": None,
            "remarks": None,
            "chain": "金桥红链",
        },
        {
            "number": "JQ-2024-001",
            "stage": "谈约",
            "kind": "街企",
            "signed": None,
            "ends": dt.date(2026, 12, 31),
            "score": None,
            "remarks": None,
            "chain": "金桥红链",
        },
    ]
    renewals = engine.run(
        "MATCH (n:Agreement)-[:RENEWS]->(o:Agreement) RETURN n.number AS new, o.number AS old"
    )
    assert renewals == [{"new": "JQ-2023-001", "old": "JQ-2022-001"}]
    party = engine.run(
        "MATCH (o:Organization)-[p:PARTY_TO]->(a:Agreement) RETURN a.number AS a, o.uscc AS o, "
        "p.role AS role, p.liaison AS liaison, p.liaison_role AS liaison_role "
        "ORDER BY a, role, o"
    )
    assert len(party) == 7
    assert party[0] == {
        "a": "JQ-2022-001",
        "o": STREET,
        "role": "共建方",
        "liaison": "李某",
        "liaison_role": "组织委员",
    }
    # 甲方 and 乙方 are read as the two roles
    assert {(r["o"], r["role"]) for r in party if r["a"] == "JQ-2023-001"} == {
        (BUREAU, "发起方"),
        (STREET, "共建方"),
    }


def test_a_three_party_agreement_makes_three_partnerships_and_reimport_changes_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    files = (partners(tmp_path), agreements(tmp_path), parties(tmp_path))
    imported(engine, *files)
    assert partnerships(engine) == {
        # shares all three agreements: the kind of the latest signed, the first signing, and
        # the latest end
        pair(BUREAU, STREET): {
            "kind": "政企",
            "since": dt.date(2022, 2, 1),
            "until": dt.date(2026, 12, 31),
            "derived": True,
        },
        pair(BUREAU, BANK): {"kind": "街企", "since": None, "until": dt.date(2026, 12, 31)}
        | {"derived": True},
        pair(STREET, BANK): {"kind": "街企", "since": None, "until": dt.date(2026, 12, 31)}
        | {"derived": True},
    }
    before = dump(engine, with_runs=True)
    again = imported(engine, *files)
    assert [(f.created, f.updated) for f in again.files] == [(0, 0)] * 3
    assert dump(engine, with_runs=True) == before


def test_a_partnership_an_agreement_has_no_end_for_is_open_ended(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [["JQ-2024-009", "无期限协议", "校企", "", "2024-05-01", "", "", "", "", "", "", ""]]
    party_rows = [["JQ-2024-009", SCHOOL, "", "", ""], ["JQ-2024-009", BANK, "", "", ""]]
    imported(engine, partners(tmp_path), agreements(tmp_path, rows), parties(tmp_path, party_rows))
    assert partnerships(engine) == {
        pair(SCHOOL, BANK): {
            "kind": "校企",
            "since": dt.date(2024, 5, 1),
            "until": None,
            "derived": True,
        }
    }


def test_a_partnership_a_partnerships_file_gave_is_kept_as_given(
    engine: Engine, tmp_path: Path
) -> None:
    given = write_csv(
        tmp_path / "partnerships.csv",
        ["甲方", "乙方", "类型", "开始日期"],
        [["南沙开发区金融局", "南沙街道", "其他", "2020-01-01"]],
    )
    imported(engine, partners(tmp_path), given, agreements(tmp_path), parties(tmp_path))
    found = partnerships(engine)
    assert found[pair(BUREAU, STREET)] == {
        "kind": "其他",
        "since": dt.date(2020, 1, 1),
        "until": None,
        "derived": None,
    }
    assert found[pair(BUREAU, BANK)]["derived"] is True


def test_changing_an_agreement_refreshes_the_partnerships_of_its_parties(
    engine: Engine, tmp_path: Path
) -> None:
    imported(engine, partners(tmp_path), agreements(tmp_path), parties(tmp_path))
    signed = [row[:] for row in AGREEMENTS]
    signed[2][4] = "2024-04-01"  # JQ-2024-001 is signed now
    report = imported(engine, agreements(tmp_path, signed))
    assert (report.files[0].created, report.files[0].updated) == (0, 1)
    assert partnerships(engine)[pair(BUREAU, BANK)]["since"] == dt.date(2024, 4, 1)
    stage = engine.run("MATCH (a:Agreement {number: 'JQ-2024-001'}) RETURN a.stage AS s")
    assert stage == [{"s": "签约"}]


def test_resources_and_needs_point_at_shared_items(engine: Engine, tmp_path: Path) -> None:
    resources = write_csv(
        tmp_path / "resources.csv",
        ["协议编号", "单位", "清单", "项目", "说明"],
        [
            ["JQ-2024-001", "南沙街道", "资源", "场地", "党群服务中心多功能厅"],
            ["JQ-2024-001", "示例银行南沙分行", "需求", "活动场地", ""],
            ["JQ-2024-001", "示例银行南沙分行", "资源清单", "金融知识", "反诈宣传进社区"],
            ["JQ-2024-001", "南沙街道", "需求", "实习", ""],
        ],
    )
    report = imported(
        engine, partners(tmp_path), agreements(tmp_path), parties(tmp_path), resources
    )
    assert report.files[-1].created == 4
    items = engine.run("MATCH (i:Item) RETURN i.key AS key, i.name AS name ORDER BY key")
    assert items == [
        {"key": "financial_literacy", "name": "金融知识宣传"},
        {"key": "internships", "name": "实习岗位"},
        {"key": "venue", "name": "活动场地"},
    ]
    lists = engine.run(
        "MATCH (o:Organization)-[r:OFFERS|NEEDS]->(i:Item) RETURN type(r) AS side, "
        "o.uscc AS org, i.key AS item, r.agreement AS agreement, r.note AS note "
        "ORDER BY side, item"
    )
    assert lists == [
        {"side": "NEEDS", "org": STREET, "item": "internships", "agreement": "JQ-2024-001"}
        | {"note": None},
        {"side": "NEEDS", "org": BANK, "item": "venue", "agreement": "JQ-2024-001", "note": None},
        {"side": "OFFERS", "org": BANK, "item": "financial_literacy"}
        | {"agreement": "JQ-2024-001", "note": "反诈宣传进社区"},
        {"side": "OFFERS", "org": STREET, "item": "venue", "agreement": "JQ-2024-001"}
        | {"note": "党群服务中心多功能厅"},
    ]
    again = imported(engine, resources)
    assert (again.files[0].created, again.files[0].unchanged) == (0, 4)


def activities(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "activities.csv",
        ["活动编号", "活动名称", "活动类型", "活动日期", "协议编号"],
        [
            ["A2024-001", "三方共建主题党日", "主题党日", "2024-04-20", "JQ-2024-001"],
            ["A2024-002", "金融知识进社区", "志愿服务", "2024-05-18", ""],
        ],
    )


def test_an_activity_may_name_the_agreement_it_is_under(engine: Engine, tmp_path: Path) -> None:
    imported(engine, partners(tmp_path), agreements(tmp_path), activities(tmp_path))
    under = engine.run(
        "MATCH (x:Activity)-[:UNDER]->(a:Agreement) RETURN x.code AS x, a.number AS a"
    )
    assert under == [{"x": "A2024-001", "a": "JQ-2024-001"}]


def test_honours_go_to_one_recipient_each_and_entries_link_activities(
    engine: Engine, tmp_path: Path
) -> None:
    honours = write_csv(
        tmp_path / "honours.csv",
        [
            "荣誉编号",
            "荣誉名称",
            "级别",
            "年份",
            "颁发单位",
            "评选",
            "类别",
            "获奖单位",
            "获奖链",
            "获奖活动",
        ],
        [
            ["H2024-01", "先进基层党组织", "区", "2024", "区委", "", "", "南沙街道", "", ""],
            [
                "H2024-02",
                "十佳党建品牌",
                "区级",
                "2024",
                "",
                "四个十佳",
                "党建品牌",
                "",
                "金桥红链",
                "",
            ],
            [
                "H2024-03",
                "十佳志愿服务项目",
                "区级",
                "2024",
                "",
                "四个十佳",
                "志愿服务",
                "",
                "",
                "A2024-002",
            ],
            ["H2024-04", "十佳主题党日", "区级", "2024", "", "四个十佳", "主题党日", "", "", ""],
        ],
    )
    entries = write_csv(
        tmp_path / "entries.csv",
        ["活动编号", "荣誉编号"],
        [["A2024-001", "H2024-04"], ["A2024-002", "H2024-03"]],
    )
    files = (partners(tmp_path), agreements(tmp_path), activities(tmp_path), honours, entries)
    report = imported(engine, *files)
    assert {f.kind: f.created for f in report.files}["honours"] == 4
    awarded = engine.run(
        "MATCH (h:Honour)-[:AWARDED]->(x) RETURN h.code AS h, labels(x) AS labels, "
        "coalesce(x.uscc, x.name, x.code) AS to ORDER BY h"
    )
    assert [(r["h"], r["to"]) for r in awarded] == [
        ("H2024-01", STREET),
        ("H2024-02", "金桥红链"),
        ("H2024-03", "A2024-002"),
    ]
    assert "Chain" in awarded[1]["labels"] and "Activity" in awarded[2]["labels"]
    honour = engine.run(
        "MATCH (h:Honour {code: 'H2024-02'}) RETURN h.level AS level, h.year AS year, "
        "h.selection AS selection, h.category AS category"
    )
    assert honour == [{"level": "区级", "year": 2024, "selection": "四个十佳", "category": "brand"}]
    entered = engine.run(
        "MATCH (a:Activity)-[:ENTERED_FOR]->(h:Honour) RETURN a.code AS a, h.code AS h ORDER BY a"
    )
    assert entered == [{"a": "A2024-001", "h": "H2024-04"}, {"a": "A2024-002", "h": "H2024-03"}]
    # an honour that goes to another recipient loses the first
    moved = write_csv(
        tmp_path / "moved.csv",
        ["荣誉编号", "荣誉名称", "年份", "获奖单位"],
        [["H2024-02", "十佳党建品牌", "2024", "南沙开发区金融局"]],
    )
    imported(engine, moved)
    to = engine.run("MATCH (:Honour {code: 'H2024-02'})-[:AWARDED]->(x) RETURN x.uscc AS to")
    assert to == [{"to": BUREAU}]


def test_cohorts_placements_and_the_talent_pool(engine: Engine, tmp_path: Path) -> None:
    cohorts = write_csv(
        tmp_path / "cohorts.csv",
        ["批次编号", "高校", "年份", "人才项目", "培训人数"],
        [["YC2023-LN", "中山大学岭南学院", "2023", "", "40"]],
    )
    placements = write_csv(
        tmp_path / "placements.csv",
        ["批次编号", "金融机构", "实习人数", "定向录用人数"],
        [["YC2023-LN", "示例银行南沙分行", "12", "3"]],
    )
    pool = write_csv(
        tmp_path / "pool.csv",
        ["所属链", "年份", "人数"],
        [["金桥红链", "2023", "8500"], ["", "2024", "10,000"]],
    )
    report = imported(engine, partners(tmp_path), cohorts, placements, pool)
    assert [f.created for f in report.files] == [5, 1, 1, 2]
    funnel = engine.run(
        "MATCH (u:University)<-[:COHORT_OF]-(c:Cohort)-[p:PLACED_WITH]->"
        "(f:FinancialInstitution) RETURN c.programme AS programme, c.year AS year, "
        "c.trained AS trained, u.uscc AS u, f.uscc AS f, p.interns AS interns, p.placed AS placed"
    )
    assert funnel == [
        {"programme": "明珠金融优才计划", "year": 2023, "trained": 40, "u": SCHOOL, "f": BANK}
        | {"interns": 12, "placed": 3}
    ]
    pools = engine.run(
        "MATCH (p:TalentPool)-[:POOL_OF]->(c:Chain) RETURN p.code AS code, p.year AS year, "
        "p.size AS size, c.name AS chain ORDER BY year"
    )
    assert pools == [
        {"code": "金桥红链-2023", "year": 2023, "size": 8500, "chain": "金桥红链"},
        {"code": "金桥红链-2024", "year": 2024, "size": 10000, "chain": "金桥红链"},
    ]


# --- what is refused ---------------------------------------------------------------------------


def refused(engine: Engine, tmp_path: Path, *paths: Path) -> list[str]:
    """The messages of an import that refuses rows; the graph is as before it."""
    imported(engine, partners(tmp_path), agreements(tmp_path))
    before = dump(engine, with_runs=True)
    report = run(engine, *paths)
    assert not report.written
    assert dump(engine, with_runs=True) == before
    return [m.replace(f"{tmp_path}/", "") for m in messages(report)]


def one_agreement(**cells: str) -> list[list[Any]]:
    row = dict.fromkeys(AGREEMENT_HEADERS, "")
    row.update({"协议编号": "JQ-2025-001", "协议名称": "新协议"})
    row.update(cells)
    return [list(row.values())]


AGREEMENT_CASES = {
    "stages out of order": (
        {"谈约日期": "2025-03-01", "签约日期": "2025-02-01"},
        "column 签约日期: '2025-02-01' is before 谈约日期 2025-03-01: an agreement's stages come "
        "in the order 谈约 → 签约 → 亮约 → 履约 → 评约. Fix: correct 签约日期 or 谈约日期",
    ),
    "a later stage before an earlier one across a gap": (
        {"签约日期": "2025-03-01", "履约日期": "2025-02-01"},
        "column 履约日期: '2025-02-01' is before 签约日期 2025-03-01: an agreement's stages come "
        "in the order 谈约 → 签约 → 亮约 → 履约 → 评约. Fix: correct 履约日期 or 签约日期",
    ),
    "an end before signing": (
        {"签约日期": "2025-03-01", "到期日期": "2025-01-01"},
        "column 到期日期: '2025-01-01' is before 签约日期 2025-03-01: an agreement cannot end "
        "before it is signed. Fix: correct 到期日期 or 签约日期",
    ),
    "an end before the first stage of an agreement not signed yet": (
        {"谈约日期": "2025-03-01", "到期日期": "2025-01-01"},
        "column 到期日期: '2025-01-01' is before 谈约日期 2025-03-01: an agreement cannot end "
        "before it begins. Fix: correct 到期日期 or 谈约日期",
    ),
    "a score without evaluation": (
        {"签约日期": "2025-03-01", "评约得分": "88"},
        "column 评约得分: '88' is given but 评约日期 is empty: a score comes from the evaluation "
        "(评约). Fix: fill in 评约日期, or leave 评约得分 empty",
    ),
    "a score over 100": (
        {"评约日期": "2025-12-01", "评约得分": "120"},
        "column 评约得分: '120' is over 100: an evaluation is scored out of 100. Fix: write a "
        "score from 0 to 100",
    ),
    "a renewal of no agreement": (
        {"续签协议": "JQ-1999-001"},
        "column 续签协议: 'JQ-1999-001' no agreement with this number, in the files given or in "
        "the graph. Fix: add it to a agreements file (in this import or an earlier one), or "
        "correct it",
    ),
}


@pytest.mark.parametrize("case", AGREEMENT_CASES, ids=list(AGREEMENT_CASES))
def test_an_impossible_agreement_is_refused_with_its_cell_and_fix(
    engine: Engine, tmp_path: Path, case: str
) -> None:
    cells, message = AGREEMENT_CASES[case]
    path = write_csv(tmp_path / "new.csv", AGREEMENT_HEADERS, one_agreement(**cells))
    assert refused(engine, tmp_path, path) == [f"new.csv, line 2, {message}"]


def test_a_score_below_zero_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "new.csv", AGREEMENT_HEADERS, one_agreement(评约日期="2025-12-01", 评约得分="-5")
    )
    [message] = refused(engine, tmp_path, path)
    assert message.startswith("new.csv, line 2, column 评约得分: '-5' ")


def test_a_party_that_is_no_known_unit_is_refused_and_nothing_is_written(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [*PARTIES, ["JQ-2024-001", "南沙不存在公司", "共建方", "", ""]]
    assert refused(engine, tmp_path, parties(tmp_path, rows)) == [
        "parties.csv, line 9, column 单位: '南沙不存在公司' no unit has this name, in the files "
        "given or in the graph. Fix: write the unit's exact name as in its partners file, or "
        "its credit code"
    ]
    assert partnerships(engine) == {}


def test_a_party_of_no_agreement_and_a_liaison_phone_number_are_refused(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [
        ["JQ-2030-001", "南沙街道", "", "", ""],
        ["JQ-2024-001", "南沙街道", "", "李某 13800138000", ""],
    ]
    assert refused(engine, tmp_path, parties(tmp_path, rows)) == [
        "parties.csv, line 2, column 协议编号: 'JQ-2030-001' no agreement with this number, in "
        "the files given or in the graph. Fix: add it to a agreements file (in this import or "
        "an earlier one), or correct it",
        "parties.csv, line 3, column 联络员: '李某 13800138000' holds what looks like a phone or "
        "ID number; a liaison is recorded by name and role only. Fix: write the name (or the "
        "role) alone",
    ]


def test_an_honour_with_two_recipients_is_refused(engine: Engine, tmp_path: Path) -> None:
    honours = write_csv(
        tmp_path / "honours.csv",
        ["荣誉编号", "荣誉名称", "年份", "获奖单位", "获奖链"],
        [["H2024-09", "先进集体", "2024", "南沙街道", "金桥红链"]],
    )
    assert refused(engine, tmp_path, honours) == [
        "honours.csv, line 2, column 获奖链: '金桥红链' is a second recipient beside 获奖单位 "
        "'南沙街道': an honour goes to one unit, one chain or one activity. Fix: keep one "
        "recipient in this row, and give each other one an honour row (荣誉编号) of its own"
    ]


def test_more_placed_than_interned_and_a_cohort_of_a_bank_are_refused(
    engine: Engine, tmp_path: Path
) -> None:
    cohorts = write_csv(
        tmp_path / "cohorts.csv",
        ["批次编号", "高校", "年份"],
        [["YC2023-LN", "中山大学岭南学院", "2023"], ["YC2023-X", "示例银行南沙分行", "2023"]],
    )
    placements = write_csv(
        tmp_path / "placements.csv",
        ["批次编号", "金融机构", "实习人数", "定向录用人数"],
        [["YC2023-LN", "示例银行南沙分行", "2", "3"], ["YC2023-LN", "南沙街道", "1", "0"]],
    )
    assert refused(engine, tmp_path, cohorts, placements) == [
        "cohorts.csv, line 3, column 高校: '示例银行南沙分行' is a 金融机构, but 高校 must be a "
        "高校金融学院. Fix: name a unit of the domain 高校金融学院 (University finance school) "
        "here",
        "placements.csv, line 2, column 定向录用人数: '3' is more than 实习人数 2: those placed "
        "are some of the interns. Fix: correct 定向录用人数 or 实习人数",
        "placements.csv, line 3, column 金融机构: '南沙街道' is a 基层街镇, but 金融机构 must be a "
        "金融机构. Fix: name a unit of the domain 金融机构 (Financial institution) here",
    ]


NEW_KINDS = [
    "agreements",
    "agreement_parties",
    "resources",
    "honours",
    "entries",
    "cohorts",
    "placements",
    "talent_pool",
]


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_each_new_kinds_template_is_told_from_its_headers_and_its_example_is_refused(
    engine: Engine, tmp_path: Path, kind: str
) -> None:
    for lang, name in (("zh", f"{kind}.xlsx"), ("en", f"{kind}.csv")):
        path = write_template(kind, tmp_path / name, lang)
        report = run(engine, path)
        assert [f.kind for f in report.files] == [kind]
        assert [(p.line, p.message) for p in report.problems] == [
            (2, "is the template's example row, not a real one")
        ]
