"""Importing into both engines: what lands in the graph, what is refused, and what changes."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from test_import_support import dump, unit_codes

from redchain import uscc
from redchain.engines.base import Engine
from redchain.importing.api import ImportOptions, ImportRefused, import_files

UNITS = [
    # name, domain as a clerk writes it, subdistrict, joined
    ("南沙开发区金融局", "政府部门", "南沙街道", dt.date(2021, 7, 1)),
    ("南沙街道", "基层街镇", "", dt.date(2021, 7, 1)),
    ("珠江街道", "街道", "", dt.date(2022, 3, 15)),
    ("示例银行南沙分行", "银行", "珠江街道", dt.date(2023, 5, 1)),
    ("示例证券南沙营业部", "金融机构", "南沙街道", dt.date(2023, 6, 9)),
    ("中山大学岭南学院", "高校金融学院", "", dt.date(2022, 9, 1)),
    ("南沙金融协会", "协会", "南沙街道", dt.date(2022, 11, 20)),
]
CODES = unit_codes([u[0] for u in UNITS])
PARTNER_HEADERS = ["统一社会信用代码", "名称", "领域", "所在街镇", "加入日期", "联系电话"]
PHONES = [20_8468_0001 + i for i in range(len(UNITS))]


def excel_csv(path: Path, headers: list[str], rows: list[list[Any]]) -> Path:
    """A CSV the way Excel on Chinese Windows saves one: GB18030, CRLF, dates as 2023/5/1."""

    def cell(value: Any) -> str:
        if isinstance(value, dt.date):
            return f"{value.year}/{value.month}/{value.day}"
        return str(value)

    with path.open("w", encoding="gb18030", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows([[cell(v) for v in row] for row in rows])
    return path


def workbook(path: Path, headers: list[str], rows: list[list[Any]]) -> Path:
    """The same rows as an .xlsx: dates as date cells, phone numbers as number cells."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    for row in rows:
        sheet.append(
            [dt.datetime.combine(v, dt.time()) if isinstance(v, dt.date) else v for v in row]
        )
    book.save(path)
    return path


def partner_rows() -> list[list[Any]]:
    return [
        [CODES[name], name, domain, place, joined, phone]
        for (name, domain, place, joined), phone in zip(UNITS, PHONES, strict=True)
    ]


PARTNERSHIP_HEADERS = ["甲方", "乙方", "类型", "开始日期"]
GOOD_PARTNERSHIPS = [
    ["南沙开发区金融局", "示例银行南沙分行", "政企", dt.date(2023, 5, 1)],
    [CODES["南沙街道"], "示例证券南沙营业部", "街企共建", dt.date(2023, 7, 1)],
    ["中山大学岭南学院", "示例银行南沙分行", "校企", dt.date(2023, 9, 1)],
]


def partners_file(tmp_path: Path) -> Path:
    return excel_csv(tmp_path / "共建单位.csv", PARTNER_HEADERS, partner_rows())


def chains_file(tmp_path: Path) -> Path:
    path = tmp_path / "chains.csv"
    path.write_text(
        "链名称,链主单位,成立日期\n金桥红链,南沙开发区金融局,2021年7月1日\n", "utf-8-sig"
    )
    return path


def bad_partnerships(tmp_path: Path) -> tuple[Path, str]:
    """Three good rows and four bad ones: a bad code, a repeat, a dangling end, a bad date."""
    bad_code = CODES["南沙金融协会"][:-1] + ("0" if CODES["南沙金融协会"][-1] != "0" else "1")
    rows = [
        GOOD_PARTNERSHIPS[0],
        [bad_code, "南沙街道", "政社", "2023-03-01"],
        GOOD_PARTNERSHIPS[1],
        ["示例银行南沙分行", "南沙开发区金融局", "政企", "2023-05-01"],
        ["南沙金融协会", "南沙不存在公司", "其他", "2023-04-01"],
        ["南沙金融协会", "珠江街道", "其他", "2023-02-30"],
        GOOD_PARTNERSHIPS[2],
    ]
    return excel_csv(tmp_path / "共建关系.csv", PARTNERSHIP_HEADERS, rows), bad_code


def expected_problems(bad_code: str) -> list[str]:
    check = uscc.check_character(bad_code[:17])
    return [
        f"共建关系.csv, line 3, column 甲方: {bad_code!r} is not a valid credit code: check "
        f"character is {bad_code[-1]!r} but the first 17 characters give {check!r}. "
        "Fix: one of the characters is mistyped",
        "共建关系.csv, line 5, column 甲方 + 乙方: '示例银行南沙分行 + 南沙开发区金融局' repeats "
        "the partnership (甲方 and 乙方 in either order) of line 2. "
        "Fix: delete one of the two rows",
        "共建关系.csv, line 6, column 乙方: '南沙不存在公司' no unit has this name, in the files "
        "given or in the graph. Fix: write the unit's exact name as in its partners file, or its "
        "credit code",
        "共建关系.csv, line 7, column 开始日期: '2023-02-30' is not a calendar date: 2023-02 has "
        "28 days. Fix: write the date as 2023-05-01 (2023/5/1, 2023.5.1 and 2023年5月1日 are "
        "read too)",
    ]


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are named as a clerk types them, relative to where the command runs."""
    monkeypatch.chdir(tmp_path)


def run(engine: Engine, *paths: Path, **options: Any) -> Any:
    return import_files(engine, [p.name for p in paths], ImportOptions(**options))


def counts(report: Any) -> dict[str, tuple[int, int, int, int]]:
    return {
        kind: (c["created"], c["updated"], c["unchanged"], c["rejected"])
        for kind, c in report.by_kind().items()
    }


# --- Done when: Excel's files ---------------------------------------------------------------


def test_an_excel_gb18030_csv_imports_and_the_same_rows_as_xlsx_give_the_same_graph(
    engine: Engine, tmp_path: Path
) -> None:
    as_csv = [
        partners_file(tmp_path),
        excel_csv(tmp_path / "共建关系.csv", PARTNERSHIP_HEADERS, GOOD_PARTNERSHIPS),
    ]
    report = run(engine, *as_csv)
    assert report.ok and report.written
    assert [f.encoding for f in report.files] == ["gb18030", "gb18030"]
    assert counts(report) == {"partners": (7, 0, 0, 0), "partnerships": (3, 0, 0, 0)}
    from_csv = dump(engine)

    engine.clear()
    as_xlsx = [
        workbook(tmp_path / "共建单位.xlsx", PARTNER_HEADERS, partner_rows()),
        workbook(tmp_path / "共建关系.xlsx", PARTNERSHIP_HEADERS, GOOD_PARTNERSHIPS),
    ]
    report = run(engine, *as_xlsx)
    assert counts(report) == {"partners": (7, 0, 0, 0), "partnerships": (3, 0, 0, 0)}
    assert dump(engine) == from_csv

    bank = engine.run(
        "MATCH (o:Organization:FinancialInstitution {name: '示例银行南沙分行'})"
        "-[:LOCATED_IN]->(s:Subdistrict) RETURN o.uscc AS uscc, o.phone AS phone, "
        "o.domain AS domain, s.name AS place"
    )
    assert bank == [
        {
            "uscc": CODES["示例银行南沙分行"],
            "phone": str(PHONES[3]),
            "domain": "financial",
            "place": "珠江街道",
        }
    ]
    member = engine.run(
        "MATCH (:Organization {name: '珠江街道'})-[m:MEMBER_OF]->(c:Chain) "
        "RETURN c.name AS chain, c.name_en AS en, m.joined_on AS joined"
    )
    assert member == [
        {"chain": "金桥红链", "en": "Golden Bridge Red Chain", "joined": dt.date(2022, 3, 15)}
    ]
    pairs = engine.run(
        "MATCH (a:Organization)-[p:PARTNERS_WITH]->(b:Organization) "
        "RETURN a.uscc < b.uscc AS canonical, p.kind AS kind ORDER BY kind"
    )
    assert pairs == [
        {"canonical": True, "kind": "政企"},
        {"canonical": True, "kind": "校企"},
        {"canonical": True, "kind": "街企"},
    ]


# --- Done when: four precise messages, nothing written; then --skip-invalid -----------------


def test_four_bad_rows_are_refused_with_four_precise_messages_and_nothing_written(
    engine: Engine, tmp_path: Path
) -> None:
    run(engine, partners_file(tmp_path))
    before = dump(engine, with_runs=True)
    path, bad_code = bad_partnerships(tmp_path)

    report = run(engine, path)
    assert not report.ok and not report.written
    assert [p.text() for p in report.problems] == expected_problems(bad_code)
    assert counts(report) == {"partnerships": (0, 0, 0, 4)}
    assert dump(engine, with_runs=True) == before


def test_skip_invalid_writes_the_valid_rows_and_the_rejects_file_holds_the_four(
    engine: Engine, tmp_path: Path
) -> None:
    run(engine, partners_file(tmp_path))
    path, bad_code = bad_partnerships(tmp_path)
    rejects = tmp_path / "退回.csv"

    report = run(engine, path, skip_invalid=True, rejects=rejects)
    assert report.written and len(report.problems) == 4
    assert counts(report) == {"partnerships": (3, 0, 0, 4)}
    assert report.files[0].rejects_file == str(rejects)
    assert len(engine.run("MATCH ()-[p:PARTNERS_WITH]->() RETURN p")) == 3

    assert rejects.read_bytes().startswith(b"\xef\xbb\xbf")
    with rejects.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [*PARTNERSHIP_HEADERS, "reason"]
    assert [r[:4] for r in rows[1:]] == [
        [bad_code, "南沙街道", "政社", "2023-03-01"],
        ["示例银行南沙分行", "南沙开发区金融局", "政企", "2023-05-01"],
        ["南沙金融协会", "南沙不存在公司", "其他", "2023-04-01"],
        ["南沙金融协会", "珠江街道", "其他", "2023-02-30"],
    ]
    reasons = [r[4] for r in rows[1:]]
    assert reasons[0].startswith(f"甲方: {bad_code!r} is not a valid credit code")
    assert "repeats the partnership" in reasons[1]
    assert "no unit has this name" in reasons[2]
    assert "is not a calendar date" in reasons[3]

    # The corrected rejects file imports as it is: the reason column is read past.
    with rejects.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(
            [rows[0], ["南沙金融协会", "珠江街道", "其他", "2023/2/28", reasons[3]]]
        )
    assert counts(run(engine, rejects)) == {"partnerships": (1, 0, 0, 0)}


# --- Done when: importing again changes nothing ---------------------------------------------


def test_importing_again_reports_no_changes_and_leaves_run_ids_alone(
    engine: Engine, tmp_path: Path
) -> None:
    files = [
        partners_file(tmp_path),
        chains_file(tmp_path),
        excel_csv(tmp_path / "共建关系.csv", PARTNERSHIP_HEADERS, GOOD_PARTNERSHIPS),
    ]
    first = run(engine, *files)
    assert counts(first) == {
        "partners": (7, 0, 0, 0),
        "chains": (1, 0, 0, 0),
        "partnerships": (3, 0, 0, 0),
    }
    graph = dump(engine, with_runs=True)

    again = run(engine, *files)
    assert again.changed == 0
    assert counts(again) == {
        "partners": (0, 0, 7, 0),
        "chains": (0, 0, 1, 0),
        "partnerships": (0, 0, 3, 0),
    }
    assert dump(engine, with_runs=True) == graph
    runs = engine.run("MATCH (r:ImportRun) RETURN count(r) AS c")[0]["c"]
    assert runs == 6  # each import records its runs, even when nothing changed


def test_a_changed_row_updates_only_its_node_and_names_the_new_run(
    engine: Engine, tmp_path: Path
) -> None:
    first = run(engine, partners_file(tmp_path))
    rows = partner_rows()
    rows[3][5] = "020-84680999"  # the bank's phone
    rows[4][3] = "珠江街道"  # the securities office moved
    rows[6][2] = "金融机构"  # the association was filed under the wrong domain
    changed = excel_csv(tmp_path / "更新.csv", PARTNER_HEADERS, rows)
    report = run(engine, changed)
    assert counts(report) == {"partners": (0, 3, 4, 0)}
    [new_run] = report.run_ids
    touched = engine.run(
        "MATCH (o:Organization) RETURN o.name AS name, o.run_id AS run ORDER BY name"
    )
    # The move changed a relationship, not the node: the new link carries the new run.
    assert {r["name"] for r in touched if r["run"] == new_run} == {
        "示例银行南沙分行",
        "南沙金融协会",
    }
    assert {r["run"] for r in touched if r["run"] != new_run} == set(first.run_ids)
    moved = engine.run(
        "MATCH (o:Organization {name: '示例证券南沙营业部'})-[l:LOCATED_IN]->(s) "
        "RETURN s.name AS s, l.run_id AS run"
    )
    assert moved == [{"s": "珠江街道", "run": new_run}]
    relabelled = engine.run(
        "MATCH (o:Organization {name: '南沙金融协会'}) RETURN labels(o) AS labels, o.domain AS d"
    )
    assert sorted(relabelled[0]["labels"]) == ["FinancialInstitution", "Organization"]
    assert relabelled[0]["d"] == "financial"


def test_a_dry_run_counts_what_would_change_and_writes_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    files = [partners_file(tmp_path), chains_file(tmp_path)]
    report = run(engine, *files, dry_run=True)
    assert report.ok and not report.written and report.run_ids == []
    assert counts(report) == {"partners": (7, 0, 0, 0), "chains": (1, 0, 0, 0)}
    assert engine.run("MATCH (n) RETURN count(n) AS c")[0]["c"] == 0

    run(engine, *files)
    rows = partner_rows()
    rows[0][5] = "020-1"
    report = run(engine, excel_csv(tmp_path / "更新.csv", PARTNER_HEADERS, rows), dry_run=True)
    assert counts(report) == {"partners": (0, 1, 6, 0)}


def test_every_run_is_recorded_with_its_file_hash_counts_and_version(
    engine: Engine, tmp_path: Path
) -> None:
    import hashlib

    import redchain

    path = partners_file(tmp_path)
    report = run(engine, path, origin="demo")
    [record] = engine.run("MATCH (r:ImportRun) RETURN r")
    run_node = record["r"]
    assert run_node["run_id"] == report.run_ids[0]
    assert run_node["file"] == "共建单位.csv"
    assert run_node["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (run_node["kind"], run_node["rows"], run_node["origin"]) == ("partners", 7, "demo")
    assert (run_node["created"], run_node["updated"], run_node["unchanged"]) == (7, 0, 0)
    assert run_node["version"] == redchain.__version__
    assert run_node["started_at"] <= run_node["finished_at"]
    stamped = engine.run(
        "MATCH (o:Organization) WHERE o.run_id = $run RETURN count(o) AS c",
        {"run": report.run_ids[0]},
    )
    assert stamped[0]["c"] == 7


# --- references, conflicts, cascades -------------------------------------------------------


def test_rows_checked_together_across_files_and_refusals_cascade(
    engine: Engine, tmp_path: Path
) -> None:
    rows = partner_rows()
    rows[3][4] = "2023-13-01"  # the bank's row is refused ...
    partners = excel_csv(tmp_path / "共建单位.csv", PARTNER_HEADERS, rows)
    partnerships = excel_csv(tmp_path / "共建关系.csv", PARTNERSHIP_HEADERS, GOOD_PARTNERSHIPS)
    report = run(engine, partners, partnerships, skip_invalid=True)
    problems = [(p.file, p.line, p.column, p.message) for p in report.problems]
    assert problems == [
        ("共建单位.csv", 5, "加入日期", "month 13 does not exist"),
        # ... so the rows that need the bank are refused too, naming the row at fault.
        ("共建关系.csv", 2, "乙方", "names the row at 共建单位.csv line 5, which is refused"),
        ("共建关系.csv", 4, "乙方", "names the row at 共建单位.csv line 5, which is refused"),
    ]
    assert counts(report) == {"partners": (6, 0, 0, 1), "partnerships": (1, 0, 0, 2)}


def test_conflicting_rows_are_both_refused_naming_the_differing_column(
    engine: Engine, tmp_path: Path
) -> None:
    rows = partner_rows()
    rows.append(list(rows[5]))
    rows[-1][4] = dt.date(2020, 1, 1)
    report = run(engine, excel_csv(tmp_path / "p.csv", PARTNER_HEADERS, rows))
    assert [(p.line, p.column, p.message) for p in report.problems] == [
        (7, "加入日期", "is the same unit as line 9, but with a different 加入日期"),
        (9, "加入日期", "is the same unit as line 7, but with a different 加入日期"),
    ]


def test_a_partnership_given_twice_with_different_kinds_is_refused_twice(
    engine: Engine, tmp_path: Path
) -> None:
    run(engine, partners_file(tmp_path))
    rows = [
        ["南沙开发区金融局", "示例银行南沙分行", "政企", "2023-05-01"],
        ["南沙街道", "珠江街道", "街企", "2023-05-01"],
        ["示例银行南沙分行", CODES["南沙开发区金融局"], "企企", "2023-05-01"],
    ]
    report = run(
        engine, excel_csv(tmp_path / "r.csv", PARTNERSHIP_HEADERS, rows), skip_invalid=True
    )
    noun = "partnership (甲方 and 乙方 in either order)"
    assert [(p.line, p.column, p.value, p.message) for p in report.problems] == [
        (2, "类型", "政企", f"is the same {noun} as line 4, but with a different 类型"),
        (4, "类型", "企企", f"is the same {noun} as line 2, but with a different 类型"),
    ]
    assert counts(report) == {"partnerships": (1, 0, 0, 2)}


def test_ambiguous_names_self_links_wrong_domains_and_missing_chains(
    engine: Engine, tmp_path: Path
) -> None:
    rows = partner_rows()
    twin = uscc.make("9", "440115", random.Random(99))
    rows.append([twin, "示例银行南沙分行", "银行", "", "", ""])  # a second unit of that name
    rows[0][3] = "示例证券南沙营业部"  # not a subdistrict
    run(engine, excel_csv(tmp_path / "p.csv", PARTNER_HEADERS, rows), skip_invalid=True)

    partnerships = excel_csv(
        tmp_path / "共建关系.csv",
        PARTNERSHIP_HEADERS,
        [
            ["南沙街道", "示例银行南沙分行", "街企", ""],
            ["南沙街道", CODES["南沙街道"], "街企", ""],
            ["南沙街道", "珠江街道", "邻里共建", ""],
        ],
    )
    talent = tmp_path / "talent.csv"
    talent.write_text(
        "高校,金融机构,年份\n示例证券南沙营业部,中山大学岭南学院,2023\n", encoding="utf-8"
    )
    bases = tmp_path / "bases.csv"
    bases.write_text(
        "基地名称,基地类型,依托单位,所属链\n示例基地,分基地,南沙街道,不存在的链\n", encoding="utf-8"
    )
    report = run(engine, partnerships, talent, bases)
    assert [(p.file, p.line, p.column, p.message) for p in report.problems] == [
        (
            "共建关系.csv",
            2,
            "乙方",
            f"is the name of 2 units ({', '.join(sorted([CODES['示例银行南沙分行'], twin]))})",
        ),
        (
            "共建关系.csv",
            3,
            "乙方",
            "is the same unit as 甲方 (from): a unit cannot partner itself",
        ),
        ("共建关系.csv", 4, "类型", "is not a kind this column knows"),
        ("bases.csv", 2, "所属链", "no chain of this name, in the files given or in the graph"),
        ("talent.csv", 2, "高校", "is a 金融机构, but 高校 must be a 高校金融学院"),
        ("talent.csv", 2, "金融机构", "is a 高校金融学院, but 金融机构 must be a 金融机构"),
    ]


def test_all_kinds_from_json_and_json_lines(engine: Engine, tmp_path: Path) -> None:
    units = [
        {"uscc": CODES[name], "name": name, "domain": domain, "subdistrict": place}
        for name, domain, place, _ in UNITS
    ]
    (tmp_path / "partners.json").write_text(json.dumps(units, ensure_ascii=False), "utf-8")
    lines = {
        "chains.jsonl": [{"chain": "金桥红链", "master": "南沙开发区金融局"}],
        "bases.jsonl": [{"name": "金桥展厅", "kind": "展厅", "host": "南沙开发区金融局"}],
        "activities.jsonl": [
            {
                "code": "A1",
                "title": "聚人才",
                "kind": "人才",
                "date": "2023年5月20日",
                "base": "金桥展厅",
                "key_project": "是",
            }
        ],
        "participation.jsonl": [{"activity": "A1", "org": "南沙街道", "points": 10, "bonus": "5"}],
        "talent.jsonl": [
            {
                "university": "中山大学岭南学院",
                "institution": "示例银行南沙分行",
                "year": 2023,
                "interns": 12,
                "hires": 3,
            }
        ],
        "memberships.jsonl": [{"org": "南沙街道", "left_on": "2024-01-01"}],
    }
    for name, items in lines.items():
        text = "\n".join(json.dumps(i, ensure_ascii=False) for i in items)
        (tmp_path / name).write_text(text + "\n", "utf-8")
    paths = [tmp_path / "partners.json", *(tmp_path / n for n in lines)]
    report = run(engine, *paths)
    assert report.ok, [p.text() for p in report.problems]
    assert [f.kind for f in report.files] == [
        "partners",
        "chains",
        "memberships",
        "bases",
        "activities",
        "participation",
        "talent",
    ]
    found = engine.run(
        "MATCH (o:Organization)-[t:TOOK_PART_IN]->(a:Activity)-[:HELD_AT]->(b:Base)"
        "-[:HOSTED_BY]->(h:Organization), (a)-[:ACTIVITY_OF]->(c:Chain)-[:LED_BY]->(h) "
        "RETURN o.name AS org, t.points AS points, t.bonus AS bonus, a.date AS date, "
        "a.key_project AS key, a.kind AS kind, b.kind AS base_kind, c.name AS chain"
    )
    assert found == [
        {
            "org": "南沙街道",
            "points": 10,
            "bonus": 5,
            "date": dt.date(2023, 5, 20),
            "key": True,
            "kind": "talent",
            "base_kind": "exhibition",
            "chain": "金桥红链",
        }
    ]
    assert all(type(found[0][k]) is int for k in ("points", "bonus"))
    # Dates are DATE values in the graph: they compare with date(), not with text.
    typed = engine.run(
        "MATCH (a:Activity), ()-[m:MEMBER_OF {left_on: date('2024-01-01')}]->() "
        "RETURN a.date = date('2023-05-20') AS is_date, a.date = '2023-05-20' AS is_text"
    )
    assert typed == [{"is_date": True, "is_text": False}]
    talent = engine.run(
        "MATCH (:University)-[t:SUPPLIES_TALENT]->(:FinancialInstitution) "
        "RETURN t.year AS year, t.interns AS interns, t.hires AS hires"
    )
    assert talent == [{"year": 2023, "interns": 12, "hires": 3}]
    left = engine.run(
        "MATCH (:Organization {name: '南沙街道'})-[m:MEMBER_OF]->() RETURN m.left_on AS left"
    )
    assert left == [{"left": dt.date(2024, 1, 1)}]


def test_rejects_of_a_workbook_are_a_workbook(engine: Engine, tmp_path: Path) -> None:
    rows = partner_rows()
    rows[5][0] = "not a code"
    path = workbook(tmp_path / "p.xlsx", PARTNER_HEADERS, rows)
    rejects = tmp_path / "rejects.xlsx"
    report = run(engine, path, skip_invalid=True, rejects=rejects)
    assert [(p.line, p.column) for p in report.problems] == [(7, "统一社会信用代码 (A)")]
    sheet = load_workbook(rejects).active
    assert sheet is not None
    values = list(sheet.values)
    assert values[0] == (*PARTNER_HEADERS, "reason")
    assert values[1][:3] == ("not a code", "中山大学岭南学院", "高校金融学院")
    assert sheet["A1"].font.bold


def test_header_errors_stop_before_any_row_is_read(engine: Engine, tmp_path: Path) -> None:
    good = partners_file(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("统一社会信用代码,名称,领域,所在街道\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as caught:
        run(engine, good, bad)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "bad.csv",
        1,
        "4",
        "所在街道",
    )
    assert engine.run("MATCH (n) RETURN count(n) AS c")[0]["c"] == 0


def test_progress_reports_reading_each_file_then_writing(engine: Engine, tmp_path: Path) -> None:
    events: list[Any] = []
    files = [partners_file(tmp_path), chains_file(tmp_path)]
    import_files(engine, [p.name for p in files], ImportOptions(batch_size=2), events.append)
    reads = [e for e in events if e.phase == "read"]
    writes = [e for e in events if e.phase == "write"]
    assert [e.file for e in reads] == ["共建单位.csv", "chains.csv"]
    assert all(e.done == e.total for e in reads)
    assert [e.done for e in writes] == sorted(e.done for e in writes)
    # partners: 7 rows in 3 steps (units, memberships, subdistricts); chains: 1 row in 2 steps
    assert writes[-1].done == writes[-1].total == 7 * 3 + 1 * 2
    assert events.index(reads[-1]) < events.index(writes[0])


def test_rejects_of_several_files_and_never_over_an_input(engine: Engine, tmp_path: Path) -> None:
    rows = partner_rows()
    rows[5][4] = "someday"
    partners = excel_csv(tmp_path / "partners.csv", PARTNER_HEADERS, rows)
    partnerships = excel_csv(
        tmp_path / "partnerships.csv",
        PARTNERSHIP_HEADERS,
        [["中山大学岭南学院", "示例银行南沙分行", "校企", "2023-09-01"]],
    )
    report = run(engine, partners, partnerships, rejects=Path("退回.csv"))
    assert [f.rejects_file for f in report.files] == ["退回-partners.csv", "退回-partnerships.csv"]
    assert "names the row at partners.csv line 7" in (tmp_path / "退回-partnerships.csv").read_text(
        encoding="utf-8-sig"
    )
    with pytest.raises(ImportRefused, match="--rejects would overwrite it"):
        run(engine, partners, rejects=partners)
