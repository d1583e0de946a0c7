"""The shipped sample network, checked as files (no engine): headers, codes, references, gaps.

The coverage gaps are recomputed here from the CSV files in plain Python and compared with
``tests/data/sample_expected_gaps.json``, the answers the office's queries must give on the sample.
A change to the files that moves a gap fails here first, before any engine is involved.
"""

from __future__ import annotations

import calendar
import csv
import json
from collections import defaultdict
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from redchain import uscc
from redchain.importing.kinds import KIND_BY_NAME
from redchain.model import (
    ACTIVITY_KINDS,
    AGREEMENT_STAGES,
    BASE_KINDS,
    CHAIN_DOMAINS,
    DEFAULT_CHAIN,
    DOMAINS,
    HONOUR_LEVELS,
    ITEM_KINDS,
    PARTNERSHIP_KINDS,
    PARTY_ROLES,
    TALENT_PROGRAMME,
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
    "09_agreements.csv": "agreements",
    "10_agreement_parties.csv": "agreement_parties",
    "11_resources.csv": "resources",
    "12_honours.csv": "honours",
    "13_entries.csv": "entries",
    "14_cohorts.csv": "cohorts",
    "15_placements.csv": "placements",
    "16_talent_pool.csv": "talent_pool",
}
SECOND_CHAIN = "政数先锋链"
CHAINS = (DEFAULT_CHAIN, SECOND_CHAIN)
# The checks of agreements, resources and needs, liaisons and cohorts.
NEW_GAPS = (
    "agreements_ending",
    "agreements_stalled",
    "nominal_partnerships",
    "unmatched_needs",
    "parties_without_liaison",
    "cohorts_without_placements",
    "never_evaluated",
)
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
        self.agreements = rows["agreements"]
        self.parties = rows["agreement_parties"]
        self.resources = rows["resources"]
        self.honours = rows["honours"]
        self.entries = rows["entries"]
        self.cohorts = rows["cohorts"]
        self.placements = rows["placements"]
        self.talent_pool = rows["talent_pool"]
        self.by_name = {r["名称"]: r for r in self.partners}
        self.by_uscc = {r["统一社会信用代码"]: r for r in self.partners}
        self.agreement = {a["协议编号"]: a for a in self.agreements}
        self.parties_of: dict[str, list[str]] = defaultdict(list)
        for p in self.parties:
            self.parties_of[p["协议编号"]].append(self.org(p["单位"]))
        self.given_partnerships = list(self.partnerships)
        self.derived_partnerships = self.derive_partnerships()
        self.partnerships = self.given_partnerships + self.derived_partnerships

    def derive_partnerships(self) -> list[dict[str, str]]:
        """The partnerships the importer derives from agreements, for pairs no file gives.

        Two parties of one agreement are partners from the earliest 签约日期 of the agreements
        they share until the latest 到期日期 (no end while one of them has none).
        """
        given = {frozenset((self.org(p["甲方"]), self.org(p["乙方"]))) for p in self.partnerships}
        shared: dict[frozenset[str], list[dict[str, str]]] = defaultdict(list)
        for number, names in self.parties_of.items():
            for i, x in enumerate(names):
                for y in names[i + 1 :]:
                    if frozenset((x, y)) not in given:
                        shared[frozenset((x, y))].append(self.agreement[number])
        derived = []
        for pair, agreements in sorted(shared.items(), key=lambda kv: sorted(kv[0])):
            a, b = sorted(pair, key=self.uscc_of)
            ends = [g["到期日期"] for g in agreements]
            derived.append(
                {
                    "甲方": a,
                    "乙方": b,
                    "类型": max(agreements, key=lambda g: g["签约日期"])["类型"],
                    "开始日期": min(
                        (g["签约日期"] for g in agreements if g["签约日期"]), default=""
                    ),
                    "结束日期": "" if not all(ends) else max(ends),
                }
            )
        return derived

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


def days_before(day: str, days: int) -> str:
    return (date.fromisoformat(day) - timedelta(days=days)).isoformat()


def months_before(day: str, months: int) -> str:
    """``day`` moved back ``months`` calendar months; a month end stays in its month."""
    d = date.fromisoformat(day)
    year, month = divmod(d.year * 12 + d.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return d.replace(year=year, month=month + 1, day=min(d.day, last)).isoformat()


def stage_of(agreement: dict[str, str]) -> tuple[str, str]:
    """The last stage with a date, and that date."""
    reached = [(k.key, agreement[k.zh + "日期"]) for k in AGREEMENT_STAGES]
    return [(stage, day) for stage, day in reached if day][-1]


def in_force(agreement: dict[str, str], as_of: str) -> bool:
    """Signed on or before ``as_of`` and not yet at its end."""
    signed, ends = agreement["签约日期"], agreement["到期日期"]
    return bool(signed) and signed <= as_of and (not ends or ends >= as_of)


def members_of(sample: Sample, chain: str, as_of: str) -> tuple[list[str], set[str]]:
    """The chain's current members (in file order) and those that left it."""
    rows = [m for m in sample.memberships if (m["所属链"] or DEFAULT_CHAIN) == chain]
    left = {sample.org(m["单位"]) for m in rows if not is_current(m["退出日期"], as_of)}
    listed = [r["名称"] for r in sample.partners if (r["所属链"] or DEFAULT_CHAIN) == chain]
    listed += [sample.org(m["单位"]) for m in rows if sample.org(m["单位"]) not in listed]
    return [n for n in listed if n not in left], left


def compute_gaps(
    sample: Sample, params: dict[str, Any], chain: str = DEFAULT_CHAIN
) -> dict[str, Any]:
    """Every deliberate gap of the sample, computed the way the office's queries define them."""
    as_of, since, k = params["as_of"], params["since"], params["k"]
    start, end = params["period"]["start"], params["period"]["end"]
    chain_row = next(c for c in sample.chains if c["链名称"] == chain)
    master = sample.org(chain_row["链主单位"])

    members, left = members_of(sample, chain, as_of)
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
    universities = set(of_domain("高校金融学院"))
    suppliers = {sample.org(t["高校"]) for t in sample.talent} & universities
    receivers = {
        sample.org(t["金融机构"]) for t in sample.talent if sample.org(t["高校"]) in suppliers
    }

    chain_activities = [a for a in sample.activities if (a["所属链"] or DEFAULT_CHAIN) == chain]
    activity_date = {a["活动编号"]: a["活动日期"] for a in chain_activities}
    last_activity: dict[str, str] = {}
    for row in sample.participation:
        if row["活动编号"] not in activity_date:
            continue
        name, day = sample.org(row["单位"]), activity_date[row["活动编号"]]
        last_activity[name] = max(last_activity.get(name, ""), day)

    in_period = [a for a in chain_activities if start <= a["活动日期"] <= end]
    hosting = {a["活动地点"] for a in in_period if a["活动地点"]}
    hosts = {
        b["基地名称"]: sample.org(b["依托单位"])
        for b in sample.bases
        if (b["所属链"] or DEFAULT_CHAIN) == chain
    }

    reach = nx.single_source_shortest_path_length(current, master, cutoff=k)

    zh_domains = [d.zh for d in CHAIN_DOMAINS]
    matrix = [[0] * len(zh_domains) for _ in zh_domains]
    for a, b in current.edges:
        if not {sample.domain_of(a), sample.domain_of(b)} <= set(zh_domains):
            continue  # the matrix is of the five domains; enterprises stay outside it
        i, j = zh_domains.index(sample.domain_of(a)), zh_domains.index(sample.domain_of(b))
        matrix[i][j] += 1
        if i != j:
            matrix[j][i] += 1

    return {
        "subdistricts_without_financial_partner": entries(
            {s for s in of_domain("基层街镇") if not set(current[s]) & financial}
        ),
        "universities_without_talent": entries(universities - suppliers),
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
        "left_members": entries(left),
        **agreement_gaps(sample, params, chain, member_set),
    }


def agreement_gaps(
    sample: Sample, params: dict[str, Any], chain: str, members: set[str]
) -> dict[str, Any]:
    """The gaps of agreements, resources and needs, liaisons and cohorts."""
    as_of = params["as_of"]
    ending_days = params["agreements_ending_days"]
    stalled_days = params["agreements_stalled_days"]
    nominal_months = params["nominal_partnerships_months"]
    agreements = [a for a in sample.agreements if (a["所属链"] or DEFAULT_CHAIN) == chain]
    renewed = {a["续签协议"] for a in sample.agreements if a["续签协议"]}
    item_key = {k.zh: k.key for k in ITEM_KINDS}

    def agreement_entry(a: dict[str, str], **extra: Any) -> dict[str, Any]:
        return {"number": a["协议编号"], "title": a["协议名称"], **extra}

    ending_by = (date.fromisoformat(as_of) + timedelta(days=ending_days)).isoformat()
    ending = [
        agreement_entry(a, ends_on=a["到期日期"])
        for a in agreements
        if in_force(a, as_of)
        and as_of <= a["到期日期"] <= ending_by
        and a["协议编号"] not in renewed
    ]
    ending.sort(key=lambda e: (e["ends_on"], e["number"]))

    stalled_before = days_before(as_of, stalled_days)
    stalled = []
    for a in agreements:
        stage, day = stage_of(a)
        early = stage in ("谈约", "签约", "亮约") and day < stalled_before
        if early and (not a["到期日期"] or a["到期日期"] >= as_of):
            stalled.append(agreement_entry(a, stage=stage, stage_since=day))
    stalled.sort(key=lambda e: (e["stage_since"], e["number"]))

    nominal = nominal_partnerships(sample, chain, members, as_of, nominal_months)

    live = {a["协议编号"] for a in agreements if in_force(a, as_of)}
    offers: dict[tuple[str, str], set[str]] = defaultdict(set)
    offered_by: dict[str, set[str]] = defaultdict(set)
    for r in sample.resources:
        if r["清单"] == "资源" and r["协议编号"] in live:
            offers[(r["协议编号"], item_key[r["项目"]])].add(sample.org(r["单位"]))
            offered_by[item_key[r["项目"]]].add(sample.org(r["单位"]))
    unmatched = []
    for r in sample.resources:
        number, name, item = r["协议编号"], sample.org(r["单位"]), item_key[r["项目"]]
        if r["清单"] != "需求" or number not in live:
            continue
        fellows = set(sample.parties_of[number]) - {name}
        if not fellows & offers[(number, item)]:
            unmatched.append(
                {
                    "agreement": number,
                    "name": name,
                    "uscc": sample.uscc_of(name),
                    "item": item,
                    "offered_by": sorted((offered_by[item] & members) - {name}),
                }
            )
    unmatched.sort(key=lambda u: (u["agreement"], u["name"], u["item"]))

    numbers = {a["协议编号"] for a in agreements}
    without_liaison = sorted(
        (
            {
                "agreement": p["协议编号"],
                "name": sample.org(p["单位"]),
                "uscc": sample.uscc_of(sample.org(p["单位"])),
            }
            for p in sample.parties
            if p["协议编号"] in numbers and not p["联络员"]
        ),
        key=lambda p: (p["agreement"], p["name"]),
    )

    funnel: dict[str, list[int]] = {c["批次编号"]: [0, 0] for c in sample.cohorts}
    for p in sample.placements:
        funnel[p["批次编号"]][0] += int(p["实习人数"] or 0)
        funnel[p["批次编号"]][1] += int(p["定向录用人数"] or 0)
    cohorts = [
        {
            "code": c["批次编号"],
            "university": sample.org(c["高校"]),
            "year": int(c["年份"]),
            "interns": funnel[c["批次编号"]][0],
        }
        for c in sorted(sample.cohorts, key=lambda c: c["批次编号"])
        if sample.org(c["高校"]) in members
        and funnel[c["批次编号"]][0] > 0
        and funnel[c["批次编号"]][1] == 0
    ]

    year_before = days_before(as_of, 365)
    due: set[str] = set()
    evaluated: set[str] = set()
    for a in agreements:
        parties = set(sample.parties_of[a["协议编号"]])
        if (a["到期日期"] and a["到期日期"] < as_of) or (
            a["履约日期"] and a["履约日期"] < year_before
        ):
            due |= parties
        if a["评约日期"] and a["评约日期"] <= as_of:
            evaluated |= parties
    never = sorted(due - evaluated)

    return {
        "agreements_ending": ending,
        "agreements_stalled": stalled,
        "nominal_partnerships": nominal,
        "unmatched_needs": unmatched,
        "parties_without_liaison": without_liaison,
        "cohorts_without_placements": cohorts,
        "never_evaluated": [{"name": n, "uscc": sample.uscc_of(n)} for n in never],
    }


def nominal_partnerships(
    sample: Sample, chain: str, members: set[str], as_of: str, months: int
) -> list[dict[str, Any]]:
    """Agreements in force over the whole window, and partnerships between members outside
    any of the chain's agreements, with no joint activity in it.

    An agreement's joint activity is one held under it or one of the chain's activities that
    two of its parties took part in; a partnership's is one of the chain's activities both took
    part in.
    """
    window_from = months_before(as_of, months)
    day = {
        a["活动编号"]: a["活动日期"]
        for a in sample.activities
        if (a["所属链"] or DEFAULT_CHAIN) == chain and a["活动日期"] <= as_of
    }
    took_part: dict[str, set[str]] = defaultdict(set)
    for row in sample.participation:
        if row["活动编号"] in day:
            took_part[sample.org(row["单位"])].add(row["活动编号"])

    def last_together(x: str, y: str) -> str | None:
        return max((day[c] for c in took_part[x] & took_part[y]), default=None)

    agreements = [a for a in sample.agreements if (a["所属链"] or DEFAULT_CHAIN) == chain]
    found = []
    for a in sorted(agreements, key=lambda a: a["协议编号"]):
        if not (a["签约日期"] and a["签约日期"] <= window_from):
            continue
        if a["到期日期"] and a["到期日期"] < as_of:
            continue
        names = sample.parties_of[a["协议编号"]]
        dates = [
            act["活动日期"]
            for act in sample.activities
            if act["协议编号"] == a["协议编号"] and act["活动日期"] <= as_of
        ]
        dates += [
            d
            for i, x in enumerate(names)
            for y in names[i + 1 :]
            if (d := last_together(x, y)) is not None
        ]
        last = max(dates, default=None)
        if last is None or last < window_from:
            found.append(
                {
                    "agreement": a["协议编号"],
                    "title": a["协议名称"],
                    "parties": sorted(names),
                    "since": a["签约日期"],
                    "last_joint": last,
                }
            )

    sharing = {
        frozenset((x, y))
        for a in agreements
        for i, x in enumerate(sample.parties_of[a["协议编号"]])
        for y in sample.parties_of[a["协议编号"]][i + 1 :]
    }
    pairs: dict[tuple[str, str], str] = {}
    for p in sample.partnerships:
        a_name, b_name = sample.org(p["甲方"]), sample.org(p["乙方"])
        if not ({a_name, b_name} <= members) or frozenset((a_name, b_name)) in sharing:
            continue
        if p["开始日期"] > window_from or not is_current(p["结束日期"], as_of):
            continue
        x, y = sorted((a_name, b_name), key=sample.uscc_of)
        pairs[(x, y)] = min(pairs.get((x, y), p["开始日期"]), p["开始日期"])
    loose = []
    for (x, y), since in pairs.items():
        last = last_together(x, y)
        if last is None or last < window_from:
            loose.append(
                {
                    "agreement": None,
                    "title": None,
                    "parties": [x, y],
                    "since": since or None,
                    "last_joint": last,
                }
            )
    loose.sort(key=lambda e: (e["parties"][0], e["parties"][1]))
    return found + loose


def count_sample(sample: Sample, as_of: str) -> dict[str, Any]:
    by_domain = {d.zh: 0 for d in DOMAINS}
    for r in sample.partners:
        by_domain[r["领域"]] += 1
    ended = sum(not is_current(p["结束日期"], as_of) for p in sample.partnerships)
    by_stage = {k.key: 0 for k in AGREEMENT_STAGES}
    for a in sample.agreements:
        by_stage[stage_of(a)[0]] += 1
    return {
        "organizations": len(sample.partners),
        "by_domain": by_domain,
        "chains": len(sample.chains),
        "bases": len(sample.bases),
        "sub_bases": sum(b["基地类型"] == "党建分基地" for b in sample.bases),
        "activities": len(sample.activities),
        "activities_by_chain": {
            c: sum((a["所属链"] or DEFAULT_CHAIN) == c for a in sample.activities) for c in CHAINS
        },
        "key_projects": sum(a["重点项目"] == "是" for a in sample.activities),
        "activities_by_year": {
            y: sum(a["活动日期"].startswith(y) for a in sample.activities)
            for y in ("2022", "2023", "2024")
        },
        "activities_under_agreements": sum(bool(a["协议编号"]) for a in sample.activities),
        "partnerships": len(sample.given_partnerships),
        "partnerships_derived": len(sample.derived_partnerships),
        "partnerships_ended": ended,
        "participation": len(sample.participation),
        "participation_with_typed_points": sum(
            bool(r["积分"] or r["加分"]) for r in sample.participation
        ),
        "talent": len(sample.talent),
        "agreements": len(sample.agreements),
        "agreements_by_chain": {
            c: sum((a["所属链"] or DEFAULT_CHAIN) == c for a in sample.agreements) for c in CHAINS
        },
        "agreements_by_stage": by_stage,
        "agreements_in_force": sum(in_force(a, as_of) for a in sample.agreements),
        "agreements_renewed": sum(bool(a["续签协议"]) for a in sample.agreements),
        "agreement_parties": len(sample.parties),
        "resources": sum(r["清单"] == "资源" for r in sample.resources),
        "needs": sum(r["清单"] == "需求" for r in sample.resources),
        "honours": len(sample.honours),
        "entries": len(sample.entries),
        "cohorts": len(sample.cohorts),
        "placements": len(sample.placements),
        "talent_pool": {r["年份"]: int(r["人数"]) for r in sample.talent_pool},
    }


@pytest.fixture(scope="module")
def sample() -> Sample:
    return Sample()


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))


def test_the_sample_folder_holds_exactly_the_sixteen_files_each_of_one_kind() -> None:
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
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), f"{file_name}: CRLF lines"
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
    kinds = {k.key for k in PARTNERSHIP_KINDS}
    assert {p["类型"] for p in sample.partnerships} <= kinds
    assert {a["类型"] for a in sample.agreements} <= kinds
    assert {b["基地类型"] for b in sample.bases} <= {k.zh for k in BASE_KINDS}
    activity_kinds = {k.zh for k in ACTIVITY_KINDS}
    assert {a["活动类型"] for a in sample.activities} <= activity_kinds
    assert {p["角色"] for p in sample.parties} == {k.key for k in PARTY_ROLES}
    assert {r["清单"] for r in sample.resources} == {"资源", "需求"}
    assert {r["项目"] for r in sample.resources} <= {k.zh for k in ITEM_KINDS}
    assert {h["级别"] for h in sample.honours} <= {k.key for k in HONOUR_LEVELS}
    assert {h["类别"] for h in sample.honours if h["类别"]} <= activity_kinds
    assert {c["人才项目"] for c in sample.cohorts} == {TALENT_PROGRAMME}


def test_no_phone_or_id_number_reaches_the_graph(sample: Sample) -> None:
    assert not any(r["联系电话"] or r["联系人"] for r in sample.partners)
    for p in sample.parties:
        assert not any(ch.isdigit() for ch in p["联络员"] + p["联络员职务"]), p


def test_every_reference_resolves(sample: Sample) -> None:
    orgs = set(sample.by_name) | set(sample.by_uscc)
    chains = {c["链名称"] for c in sample.chains}
    bases = {b["基地名称"] for b in sample.bases}
    activities = {a["活动编号"] for a in sample.activities}
    agreements = set(sample.agreement)
    honours = {h["荣誉编号"] for h in sample.honours}
    cohorts = {c["批次编号"] for c in sample.cohorts}
    subdistricts = {r["名称"] for r in sample.partners if r["领域"] == "基层街镇"}

    assert {c["链主单位"] for c in sample.chains} <= orgs
    assert {r["所在街镇"] for r in sample.partners if r["所在街镇"]} <= subdistricts
    for rows in (
        sample.partners,
        sample.memberships,
        sample.bases,
        sample.activities,
        sample.agreements,
        sample.talent_pool,
    ):
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

    assert {a["协议编号"] for a in sample.activities if a["协议编号"]} <= agreements
    assert {a["续签协议"] for a in sample.agreements if a["续签协议"]} <= agreements
    assert {p["协议编号"] for p in sample.parties} == agreements
    assert {p["单位"] for p in sample.parties} <= orgs
    for number, names in sample.parties_of.items():
        assert len(names) >= 2 and len(set(names)) == len(names), number
    for r in sample.resources:
        assert sample.org(r["单位"]) in sample.parties_of[r["协议编号"]], r
    for h in sample.honours:
        recipients = [h["获奖单位"], h["获奖链"], h["获奖活动"]]
        assert sum(bool(x) for x in recipients) <= 1, h
        assert not h["获奖单位"] or h["获奖单位"] in orgs
        assert not h["获奖链"] or h["获奖链"] in chains
        assert not h["获奖活动"] or h["获奖活动"] in activities
    assert {e["活动编号"] for e in sample.entries} <= activities
    assert {e["荣誉编号"] for e in sample.entries} <= honours
    assert {sample.domain_of(sample.org(c["高校"])) for c in sample.cohorts} == {"高校金融学院"}
    assert {p["批次编号"] for p in sample.placements} <= cohorts
    assert {sample.domain_of(sample.org(p["金融机构"])) for p in sample.placements} == {"金融机构"}


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


def test_agreements_follow_their_stages_and_their_parties(sample: Sample) -> None:
    joined = {r["名称"]: r["加入日期"] for r in sample.partners}
    founded = {c["链名称"]: c["成立日期"] for c in sample.chains}
    pairs = {frozenset((p["甲方"], p["乙方"])) for p in sample.given_partnerships}
    for a in sample.agreements:
        dates = [a[k.zh + "日期"] for k in AGREEMENT_STAGES]
        reached = [d for d in dates if d]
        assert dates[: len(reached)] == reached, f"{a['协议编号']} skips a stage"
        assert reached == sorted(reached), f"{a['协议编号']} stages out of order"
        assert reached[0] >= founded[a["所属链"]], a["协议编号"]
        if a["签约日期"]:
            names = sample.parties_of[a["协议编号"]]
            assert a["签约日期"] >= max(joined[n] for n in names), a["协议编号"]
        if a["到期日期"]:
            assert a["签约日期"] and a["到期日期"] > a["签约日期"], a["协议编号"]
        assert bool(a["评约得分"]) == bool(a["评约日期"]), a["协议编号"]
        if a["续签协议"]:
            old = sample.agreement[a["续签协议"]]
            assert sorted(sample.parties_of[old["协议编号"]]) == sorted(
                sample.parties_of[a["协议编号"]]
            )
        # In 金桥红链 every pair of parties is also in the partnerships file, so the pairs the
        # importer derives (those of 政数先锋链) leave that chain's network as recorded.
        names = sample.parties_of[a["协议编号"]]
        for i, x in enumerate(names):
            for y in names[i + 1 :]:
                in_file = frozenset((x, y)) in pairs
                assert in_file == (a["所属链"] == DEFAULT_CHAIN), (a["协议编号"], x, y)
    chain_of = {a["协议编号"]: a["所属链"] for a in sample.agreements}
    for act in sample.activities:
        if act["协议编号"]:
            assert act["所属链"] == chain_of[act["协议编号"]], act
            assert act["活动日期"] >= sample.agreement[act["协议编号"]]["谈约日期"], act
    year = {a["活动编号"]: a["活动日期"][:4] for a in sample.activities}
    honour = {h["荣誉编号"]: h for h in sample.honours}
    for e in sample.entries:
        assert year[e["活动编号"]] == honour[e["荣誉编号"]]["年份"], e
    entered = {(e["活动编号"], e["荣誉编号"]) for e in sample.entries}
    for h in sample.honours:
        if h["获奖活动"] and h["评选"]:
            assert (h["获奖活动"], h["荣誉编号"]) in entered, h


def test_the_counts_match_the_record(sample: Sample, expected: dict[str, Any]) -> None:
    assert count_sample(sample, expected["parameters"]["as_of"]) == expected["counts"]


def test_the_gaps_recomputed_from_the_files_match_the_record(
    sample: Sample, expected: dict[str, Any]
) -> None:
    gaps = compute_gaps(sample, expected["parameters"])
    for name, value in gaps.items():
        assert value == expected[name], name


def test_the_second_chains_gaps_recomputed_from_the_files_match_the_record(
    sample: Sample, expected: dict[str, Any]
) -> None:
    second = expected["second_chain"]
    assert second["chain"] == SECOND_CHAIN
    gaps = compute_gaps(sample, expected["parameters"], SECOND_CHAIN)
    for name, value in gaps.items():
        assert value == second[name], name


def test_every_new_gap_is_planted_in_the_sample(expected: dict[str, Any]) -> None:
    for name in NEW_GAPS:
        assert expected[name], name
    needs = expected["unmatched_needs"]
    assert any(n["offered_by"] for n in needs) and any(not n["offered_by"] for n in needs)


def test_end_dates_decide_gaps_so_a_query_that_ignores_them_is_caught(
    sample: Sample, expected: dict[str, Any]
) -> None:
    # Read with an as-of date before every end date, as a query ignoring 结束日期/退出日期 would.
    ignoring_ends = compute_gaps(sample, {**expected["parameters"], "as_of": "2000-01-01"})
    assert ignoring_ends["subdistricts_without_financial_partner"] == []
    left = [e["name"] for e in expected["left_members"]]
    assert left == ["广州市南沙区金融创新研究会"]
    assert left[0] in [e["name"] for e in ignoring_ends["dormant_members"]]


def test_renewals_decide_which_agreements_are_ending(
    sample: Sample, expected: dict[str, Any]
) -> None:
    # A check that forgets RENEWS lists the agreement whose renewal is being negotiated.
    renewing = {a["续签协议"] for a in sample.agreements if a["续签协议"]}
    sample_without = Sample()
    for a in sample_without.agreements:
        a["续签协议"] = ""
    ending = compute_gaps(sample_without, expected["parameters"])["agreements_ending"]
    listed = {e["number"] for e in expected["agreements_ending"]}
    extra = {e["number"] for e in ending} - listed
    assert extra and extra <= renewing
