"""A small chain for the view tests, written straight through Cypher so the tests depend on the
model alone. Not a test module: it has no tests, the view tests import it."""

from __future__ import annotations

from redchain.engines.base import Engine
from redchain.model import DEFAULT_CHAIN, DOMAIN_BY_KEY

XSS_NAME = "<img src=x onerror=alert(1)>"

# (uscc, name, name_en, domain key)
ORGS = [
    (
        "11440115000000001A",
        "南沙开发区金融局",
        "Nansha Development Zone Finance Bureau",
        "government",
    ),
    ("11440115000000002B", "南沙街道", "Nansha Subdistrict", "subdistrict"),
    ("11440115000000003C", "珠江街道", "Zhujiang Subdistrict", "subdistrict"),
    ("91440115000000004D", "工商银行南沙分行", "ICBC Nansha Branch", "financial"),
    ("91440115000000005E", "广州银行南沙分行", "Bank of Guangzhou Nansha Branch", "financial"),
    ("91440115000000006F", XSS_NAME, "</script><script>alert(2)</script>", "financial"),
    ("51440115000000007G", "南沙金融协会", "Nansha Finance Association", "association"),
    (
        "12440000000000008H",
        "中山大学岭南学院",
        "Lingnan College, Sun Yat-sen University",
        "university",
    ),
    ("12440000000000009J", "广东金融学院", "Guangdong University of Finance", "university"),
    ("91440115000000010K", "明珠金融服务中心", "Pearl Finance Service Centre", "financial"),
    ("51440115000000011L", "明珠金融服务中心", "Pearl Finance Service Association", "association"),
    ("91440115000000012M", "灵山岛投资管理有限公司", "Lingshan Island Investment", "financial"),
]
BY_NAME = {name: uscc for uscc, name, _, _ in ORGS}
BUREAU, NANSHA, ZHUJIANG, ICBC, BOG, XSS, ASSOC, SYSU, GDUF, PEARL_F, PEARL_A, ISLAND = (
    o[0] for o in ORGS
)

# (a, b, kind, since, until)
PARTNERSHIPS = [
    (BUREAU, ICBC, "政企", "2021-07-01", None),
    (BUREAU, NANSHA, "政企", "2021-07-01", None),
    (NANSHA, BOG, "街企", "2022-01-01", None),
    (ICBC, BOG, "企企", "2022-03-01", "2023-01-01"),
    (BOG, XSS, "企企", "2022-05-01", None),
    (ASSOC, ICBC, "政社", "2023-06-01", None),
    (ZHUJIANG, ASSOC, "街企", "2023-06-01", None),
    (SYSU, ICBC, "校企", "2022-09-01", None),
    (GDUF, BOG, "校企", "2022-09-01", None),
    (ICBC, PEARL_F, "企企", "2020-01-01", None),
]
# (university, employer, year, hires)
TALENT = [(SYSU, ICBC, 2022, 3), (SYSU, ICBC, 2023, 5), (GDUF, BOG, 2023, 2)]
LOCATED = [(ICBC, NANSHA), (BOG, NANSHA), (ASSOC, ZHUJIANG), (XSS, NANSHA)]
# (uscc, joined_on, left_on)
MEMBERS = [(o[0], "2021-07-01", None) for o in ORGS if o[0] not in (ASSOC, PEARL_F)]
MEMBERS += [(ASSOC, "2023-06-01", None), (PEARL_F, "2020-01-01", "2022-12-31")]


def write_chain(engine: Engine) -> None:
    """Write the test chain into an empty graph."""
    for uscc, name, name_en, key in ORGS:
        domain = DOMAIN_BY_KEY[key]
        engine.run(
            f"CREATE (:Organization:{domain.label} "
            "{uscc: $uscc, name: $name, name_en: $name_en, domain: $domain})",
            {"uscc": uscc, "name": name, "name_en": name_en, "domain": domain.zh},
            write=True,
        )
    engine.run(
        "MATCH (o:Organization {uscc: $master}) "
        "CREATE (c:Chain {name: $chain, name_en: 'Golden Bridge Red Chain'})-[:LED_BY]->(o)",
        {"master": BUREAU, "chain": DEFAULT_CHAIN},
        write=True,
    )
    engine.write_batch(
        "UNWIND $rows AS row MATCH (o:Organization {uscc: row.uscc}), (c:Chain {name: row.chain}) "
        "CREATE (o)-[:MEMBER_OF {joined_on: date(row.joined_on), left_on: date(row.left_on)}]->(c)",
        [
            {"uscc": u, "chain": DEFAULT_CHAIN, "joined_on": j, "left_on": left}
            for u, j, left in MEMBERS
        ],
    )
    engine.write_batch(
        "UNWIND $rows AS row MATCH (a:Organization {uscc: row.a}), (b:Organization {uscc: row.b}) "
        "CREATE (a)-[:PARTNERS_WITH {kind: row.kind, since: date(row.since), "
        "until: date(row.until)}]->(b)",
        [{"a": a, "b": b, "kind": k, "since": s, "until": u} for a, b, k, s, u in PARTNERSHIPS],
    )
    engine.write_batch(
        "UNWIND $rows AS row MATCH (a:Organization {uscc: row.a}), (b:Organization {uscc: row.b}) "
        "CREATE (a)-[:SUPPLIES_TALENT {year: row.year, hires: row.hires}]->(b)",
        [{"a": a, "b": b, "year": y, "hires": h} for a, b, y, h in TALENT],
    )
    engine.write_batch(
        "UNWIND $rows AS row MATCH (a:Organization {uscc: row.a}), (b:Organization {uscc: row.b}) "
        "CREATE (a)-[:LOCATED_IN]->(b)",
        [{"a": a, "b": b} for a, b in LOCATED],
    )
    engine.run(
        "MATCH (o:Organization {uscc: $icbc}), (m:Organization {uscc: $bureau}) "
        "CREATE (a:Activity {code: 'A1', title: '主题党日', kind: 'party_day', "
        "date: date('2023-07-01')}) "
        "CREATE (o)-[:TOOK_PART_IN {points: 10, bonus: 5}]->(a) "
        "CREATE (m)-[:TOOK_PART_IN {points: 8}]->(a)",
        {"icbc": ICBC, "bureau": BUREAU},
        write=True,
    )
    engine.run(
        "MATCH (o:Organization {uscc: $bureau}), (c:Chain {name: $chain}) "
        "CREATE (b:Base {name: '南沙金桥党建共建展厅基地', kind: 'exhibition', "
        "site: '南沙金控大厦'}) "
        "CREATE (b)-[:HOSTED_BY]->(o) CREATE (b)-[:PART_OF]->(c)",
        {"bureau": BUREAU, "chain": DEFAULT_CHAIN},
        write=True,
    )
