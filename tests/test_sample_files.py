"""The shipped sample network, checked as files (no engine): headers, codes, references, gaps.

The coverage gaps are recomputed here from the CSV files in plain Python and compared with
``tests/data/sample_expected_gaps.json``, the answers the office's queries must give on the sample.
A change to the files that moves a gap fails here first, before any engine is involved.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from redchain import uscc
from redchain.importing.kinds import KIND_BY_NAME
from redchain.model import (
    ACTIVITY_KINDS,
    BASE_KINDS,
    DEFAULT_CHAIN,
    DOMAINS,
    PARTNERSHIP_KINDS,
)

SAMPLE_DIR = Path(str(files("redchain") / "data" / "sample"))
EXPECTED_FILE = Path(__file__).parent / "data" / "sample_expected_gaps.json"

# File name -> import kind, in import order.
SAMPLE_FILES = {
    "01_partners.csv": "partners",
    "02_chains.csv": "chains",
    "03_memberships.csv": "memberships",
    "04_partnerships.csv": "partnerships",
    "05_bases.csv": "bases",
    "06_activities.csv": "activities",
    "07_participation.csv": "participation",
    "08_talent.csv": "talent",
}
UTF8_BOM = b"\xef\xbb\xbf"


def read_rows(file_name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (SAMPLE_DIR / file_name).open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


class Sample:
    """The sample's rows, with references resolved to organisation names."""

    def __init__(self) -> None:
        rows = {kind: read_rows(name)[1] for name, kind in SAMPLE_FILES.items()}
        self.partners = rows["partners"]
        self.chains = rows["chains"]
        self.memberships = rows["memberships"]
        self.partnerships = rows["partnerships"]
        self.bases = rows["bases"]
        self.activities = rows["activities"]
        self.participation = rows["participation"]
        self.talent = rows["talent"]
        self.by_name = {r["名称"]: r for r in self.partners}
        self.by_uscc = {r["统一社会信用代码"]: r for r in self.partners}

    def org(self, ref: str) -> str:
        """The name of the organisation a reference (exact name or credit code) points at."""
        if ref in self.by_name:
            return ref
        return self.by_uscc[ref]["名称"]

    def uscc_of(self, name: str) -> str:
        return self.by_name[name]["统一社会信用代码"]

    def domain_of(self, name: str) -> str:
        return self.by_name[name]["领域"]


def is_current(until: str, as_of: str) -> bool:
    """A partnership or membership still holds when it has no end date or ends after ``as_of``."""
    return not until or until > as_of


def compute_gaps(sample: Sample, params: dict[str, Any]) -> dict[str, Any]:
    """Every deliberate gap of the sample, computed the way the office's queries define them."""
    as_of, since, k = params["as_of"], params["since"], params["k"]
    start, end = params["period"]["start"], params["period"]["end"]
    chain = next(c for c in sample.chains if c["链名称"] == DEFAULT_CHAIN)
    master = sample.org(chain["链主单位"])

    left = {
        sample.org(m["单位"])
        for m in sample.memberships
        if (m["所属链"] or DEFAULT_CHAIN) == DEFAULT_CHAIN and not is_current(m["退出日期"], as_of)
    }
    members = [
        r["名称"]
        for r in sample.partners
        if (r["所属链"] or DEFAULT_CHAIN) == DEFAULT_CHAIN and r["名称"] not in left
    ]
    member_set = set(members)

    def entry(name: str, **extra: Any) -> dict[str, Any]:
        return {"name": name, "uscc": sample.uscc_of(name), **extra}

    def entries(names: set[str] | list[str]) -> list[dict[str, Any]]:
        return [entry(n) for n in sorted(names)]

    current = nx.Graph()
    current.add_nodes_from(members)
    for p in sample.partnerships:
        a, b = sample.org(p["甲方"]), sample.org(p["乙方"])
        if is_current(p["结束日期"], as_of) and a in member_set and b in member_set:
            current.add_edge(a, b)

    def of_domain(zh: str) -> list[str]:
        return [n for n in members if sample.domain_of(n) == zh]

    financial = set(of_domain("金融机构"))
    suppliers = {sample.org(t["高校"]) for t in sample.talent}
    receivers = {sample.org(t["金融机构"]) for t in sample.talent}

    activity_date = {a["活动编号"]: a["活动日期"] for a in sample.activities}
    last_activity: dict[str, str] = {}
    points: dict[str, float] = defaultdict(float)
    for row in sample.participation:
        name, day = sample.org(row["单位"]), activity_date[row["活动编号"]]
        last_activity[name] = max(last_activity.get(name, ""), day)
        if start <= day <= end:
            points[name] += float(row["积分"] or 0) + float(row["加分"] or 0)

    in_period = [a for a in sample.activities if start <= a["活动日期"] <= end]
    hosting = {a["活动地点"] for a in in_period if a["活动地点"]}
    hosts = {b["基地名称"]: sample.org(b["依托单位"]) for b in sample.bases}

    reach = nx.single_source_shortest_path_length(current, master, cutoff=k)
    ranking = sorted(points.items(), key=lambda kv: (-kv[1], kv[0]))
    ranked = [entry(name, rank=i, points=total) for i, (name, total) in enumerate(ranking, start=1)]

    zh_domains = [d.zh for d in DOMAINS]
    matrix = [[0] * len(zh_domains) for _ in zh_domains]
    for a, b in current.edges:
        i, j = zh_domains.index(sample.domain_of(a)), zh_domains.index(sample.domain_of(b))
        matrix[i][j] += 1
        if i != j:
            matrix[j][i] += 1

    return {
        "subdistricts_without_financial_partner": entries(
            {s for s in of_domain("基层街镇") if not set(current[s]) & financial}
        ),
        "universities_without_talent": entries(set(of_domain("高校金融学院")) - suppliers),
        "financial_without_talent": entries(financial - receivers),
        "dormant_members": [
            entry(n, last_activity=last_activity.get(n))
            for n in sorted(members)
            if last_activity.get(n, "") < since
        ],
        "idle_bases": [
            {"name": b, "host": hosts[b], "host_uscc": sample.uscc_of(hosts[b])}
            for b in sorted(set(hosts) - hosting)
        ],
        "isolated": entries({n for n in members if current.degree(n) == 0}),
        "unreachable_from_master": entries(member_set - set(reach)),
        "cut_units": entries(set(nx.articulation_points(current))),
        "domain_matrix": {
            "domains": zh_domains,
            "counts": matrix,
            "empty_off_diagonal": [
                [zh_domains[i], zh_domains[j]]
                for i in range(len(zh_domains))
                for j in range(i + 1, len(zh_domains))
                if matrix[i][j] == 0
            ],
            "empty_diagonal": [zh_domains[i] for i in range(len(zh_domains)) if not matrix[i][i]],
        },
        "points_ranking": {
            "ranked": len(ranked),
            "top5": ranked[:5],
            "bottom5": ranked[-5:],
        },
        "left_members": entries(left),
    }


def count_sample(sample: Sample, as_of: str) -> dict[str, Any]:
    by_domain = {d.zh: 0 for d in DOMAINS}
    for r in sample.partners:
        by_domain[r["领域"]] += 1
    ended = sum(not is_current(p["结束日期"], as_of) for p in sample.partnerships)
    return {
        "organizations": len(sample.partners),
        "by_domain": by_domain,
        "bases": len(sample.bases),
        "sub_bases": sum(b["基地类型"] == "党建分基地" for b in sample.bases),
        "activities": len(sample.activities),
        "key_projects": sum(a["重点项目"] == "是" for a in sample.activities),
        "activities_by_year": {
            y: sum(a["活动日期"].startswith(y) for a in sample.activities)
            for y in ("2022", "2023", "2024")
        },
        "partnerships": len(sample.partnerships),
        "partnerships_ended": ended,
        "participation": len(sample.participation),
        "talent": len(sample.talent),
    }


@pytest.fixture(scope="module")
def sample() -> Sample:
    return Sample()


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))


def test_the_sample_folder_holds_exactly_the_eight_files_in_import_order() -> None:
    names = sorted(p.name for p in SAMPLE_DIR.glob("*.csv"))
    assert names == list(SAMPLE_FILES)
    kinds = [KIND_BY_NAME[kind] for kind in SAMPLE_FILES.values()]
    assert [k.name for k in kinds] == list(SAMPLE_FILES.values())


@pytest.mark.parametrize(("file_name", "kind"), SAMPLE_FILES.items())
def test_each_file_is_excel_utf8_with_the_chinese_headers_of_its_kind(
    file_name: str, kind: str
) -> None:
    raw = (SAMPLE_DIR / file_name).read_bytes()
    assert raw.startswith(UTF8_BOM), f"{file_name} must start with a UTF-8 BOM like Excel writes"
    headers, rows = read_rows(file_name)
    assert headers == [f.zh for f in KIND_BY_NAME[kind].fields]
    assert rows, f"{file_name} has no data rows"
    for line, row in enumerate(rows, start=2):
        assert None not in row, f"{file_name}:{line} has more cells than headers"
        for field in KIND_BY_NAME[kind].fields:
            value = row[field.zh]
            if field.required:
                assert value, f"{file_name}:{line} leaves required column {field.zh} empty"
            if field.type == "date" and value:
                date.fromisoformat(value)
            if field.type == "int" and value:
                int(value)
            if field.type == "float" and value:
                float(value)
            if field.type == "bool" and value:
                assert value in ("是", "否"), f"{file_name}:{line} {field.zh}={value!r}"


def test_rows_are_unique_on_each_kinds_key() -> None:
    for file_name, kind_name in SAMPLE_FILES.items():
        kind = KIND_BY_NAME[kind_name]
        _, rows = read_rows(file_name)
        keys = [tuple(row[kind.field(k).zh] for k in kind.key) for row in rows]
        assert len(keys) == len(set(keys)), f"{file_name} repeats a {kind.key} key"


def test_every_credit_code_is_valid_and_unique(sample: Sample) -> None:
    codes = [r["统一社会信用代码"] for r in sample.partners]
    for code in codes:
        uscc.validate(code)
    assert len(set(codes)) == len(codes)
    assert len(sample.by_name) == len(sample.partners), "organisation names must be unique"


def test_every_coded_value_is_one_the_model_knows(sample: Sample) -> None:
    domains = {d.zh for d in DOMAINS}
    assert {r["领域"] for r in sample.partners} <= domains
    assert {p["类型"] for p in sample.partnerships} <= {k.key for k in PARTNERSHIP_KINDS}
    assert {b["基地类型"] for b in sample.bases} <= {k.zh for k in BASE_KINDS}
    assert {a["活动类型"] for a in sample.activities} <= {k.zh for k in ACTIVITY_KINDS}


def test_every_reference_resolves(sample: Sample) -> None:
    orgs = set(sample.by_name) | set(sample.by_uscc)
    chains = {c["链名称"] for c in sample.chains}
    bases = {b["基地名称"] for b in sample.bases}
    activities = {a["活动编号"] for a in sample.activities}
    subdistricts = {r["名称"] for r in sample.partners if r["领域"] == "基层街镇"}

    assert {c["链主单位"] for c in sample.chains} <= orgs
    assert {r["所在街镇"] for r in sample.partners if r["所在街镇"]} <= subdistricts
    for rows in (sample.partners, sample.memberships, sample.bases, sample.activities):
        assert {r["所属链"] or DEFAULT_CHAIN for r in rows} <= chains
    assert {m["单位"] for m in sample.memberships} <= orgs
    parties = {p["甲方"] for p in sample.partnerships} | {p["乙方"] for p in sample.partnerships}
    assert parties <= orgs
    assert {b["依托单位"] for b in sample.bases} <= orgs
    assert {a["活动地点"] for a in sample.activities if a["活动地点"]} <= bases
    assert {r["活动编号"] for r in sample.participation} <= activities
    assert {r["单位"] for r in sample.participation} <= orgs
    assert {sample.domain_of(sample.org(t["高校"])) for t in sample.talent} == {"高校金融学院"}
    assert {sample.domain_of(sample.org(t["金融机构"])) for t in sample.talent} == {"金融机构"}


def test_dates_make_sense_together(sample: Sample) -> None:
    joined = {r["名称"]: r["加入日期"] for r in sample.partners}
    opened = {b["基地名称"]: b["授牌日期"] for b in sample.bases}
    for p in sample.partnerships:
        a, b = sample.org(p["甲方"]), sample.org(p["乙方"])
        assert p["开始日期"] >= max(joined[a], joined[b]), p
        assert not p["结束日期"] or p["结束日期"] > p["开始日期"], p
    for a in sample.activities:
        assert "2022-01-01" <= a["活动日期"] <= "2024-12-31", a
        if a["活动地点"]:
            assert a["活动日期"] >= opened[a["活动地点"]], a
    day = {a["活动编号"]: a["活动日期"] for a in sample.activities}
    for r in sample.participation:
        assert day[r["活动编号"]] >= joined[sample.org(r["单位"])], r


def test_the_counts_match_the_record(sample: Sample, expected: dict[str, Any]) -> None:
    assert count_sample(sample, expected["parameters"]["as_of"]) == expected["counts"]


def test_the_gaps_recomputed_from_the_files_match_the_record(
    sample: Sample, expected: dict[str, Any]
) -> None:
    gaps = compute_gaps(sample, expected["parameters"])
    for name, value in gaps.items():
        assert value == expected[name], name


def test_end_dates_decide_gaps_so_a_query_that_ignores_them_is_caught(
    sample: Sample, expected: dict[str, Any]
) -> None:
    # Read with an as-of date before every end date, as a query ignoring 结束日期/退出日期 would.
    ignoring_ends = compute_gaps(sample, {**expected["parameters"], "as_of": "2000-01-01"})
    assert ignoring_ends["subdistricts_without_financial_partner"] == []
    left = [e["name"] for e in expected["left_members"]]
    assert left == ["广州市南沙区金融创新研究会"]
    assert left[0] in [e["name"] for e in ignoring_ends["dormant_members"]]
