"""The report's checks come from cypher/gaps/ alone, and every check answers for the chain
asked for: the agreement checks in the report, JSON and CLI, for a second chain too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_gaps_agreement_builder import Agreements
from test_gaps_builder import Network
from test_gaps_report import AS_OF, chain_network

from redchain import querylib
from redchain.engines.base import Engine
from redchain.gaps import GapReportError, gap_report
from redchain.queries.catalogue import QueryFileError
from tests.conftest import Target

OTHER = "政数链"
NEW = (
    "agreements_ending",
    "agreements_stalled",
    "nominal_partnerships",
    "unmatched_needs",
    "parties_without_liaison",
    "cohorts_without_placements",
    "never_evaluated",
)


def two_chains() -> tuple[Network, Agreements]:
    """The known network of test_gaps_report, plus one case of each agreement check in each
    chain: 金桥红链's in units of it, 政数链's in two units of its own."""
    network = chain_network()
    network.chain(OTHER, master="Z1")
    network.org("Z1", "政务服务数据管理局", "government", chain=OTHER)
    network.org("Z2", "示例云科技有限公司", "financial", chain=OTHER)
    network.org("Z3", "示例数据大学", "university", chain=OTHER)
    network.partner("Z1", "Z2")
    agreements = Agreements()
    # F2 and Z2 never take part in an activity: their agreements are nominal.
    for prefix, a, b, chain, uni in (
        ("J", "M", "F2", "金桥红链", "U1"),
        ("Z", "Z1", "Z2", OTHER, "Z3"),
    ):
        (
            agreements.agreement(
                f"{prefix}-END",
                a,
                b,
                chain=chain,
                signed_on="2023-01-01",
                published_on="2023-01-15",
                performing_on="2023-02-01",
                ends_on="2024-07-31",
            )
            .agreement(f"{prefix}-NEG", a, f"{b}!", chain=chain, negotiated_on="2023-06-01")
            .agreement(
                f"{prefix}-OLD", a, b, chain=chain, performing_on="2022-01-01", ends_on="2024-01-31"
            )
            .needs(b, "venue", f"{prefix}-END")
            .cohort(f"{prefix}-K", uni, 2023)
            .placed(f"{prefix}-K", b, interns=4, placed=0)
        )
    return network, agreements


def test_every_check_in_cypher_gaps_is_in_the_report_by_its_header_order(engine: Engine) -> None:
    chain_network().write(engine)
    result = gap_report(engine, as_of=AS_OF)
    checks = querylib.gap_checks()
    assert [g.query for g in result.gaps] == [q.name for q in checks]
    assert [q.order for q in checks] == sorted(q.order or 0 for q in checks)
    for gap, query in zip(result.gaps, checks, strict=True):
        assert gap.columns == query.columns and gap.columns
        assert gap.advice("en") == query.advice_en


def test_each_agreement_check_finds_its_case_in_the_chain_asked_for(engine: Engine) -> None:
    network, agreements = two_chains()
    network.write(engine)
    agreements.write(engine)
    for chain, prefix, party in (("金桥红链", "J", "F2"), (OTHER, "Z", "Z2")):
        result = gap_report(engine, as_of=AS_OF, chain=chain)
        found = {name: result.gap(name).items for name in NEW}
        assert [r["number"] for r in found["agreements_ending"]] == [f"{prefix}-END"]
        assert [r["number"] for r in found["agreements_stalled"]] == [f"{prefix}-NEG"]
        nominal = [r["agreement"] for r in found["nominal_partnerships"] if r["agreement"]]
        assert nominal == [f"{prefix}-END"]
        assert [(r["agreement"], r["uscc"]) for r in found["unmatched_needs"]] == [
            (f"{prefix}-END", party)
        ]
        assert [r["uscc"] for r in found["parties_without_liaison"]] == [party]
        assert [r["code"] for r in found["cohorts_without_placements"]] == [f"{prefix}-K"]
        assert {r["uscc"] for r in found["never_evaluated"]} == {
            "M" if prefix == "J" else "Z1",
            party,
        }


def test_the_cli_reports_the_new_checks_for_another_chain_in_every_format(
    target: Target, tmp_path: Path
) -> None:
    with target.open() as engine:
        network, agreements = two_chains()
        network.write(engine)
        agreements.write(engine)
    args = ("gaps", "--as-of", AS_OF, "--chain", OTHER)
    result = target.invoke(*args, "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["chain"] == OTHER
    counts = {g["name"]: g["count"] for g in data["gaps"]}
    assert all(counts[name] >= 1 for name in NEW), counts
    ending = next(g for g in data["gaps"] if g["name"] == "agreements_ending")
    assert ending["params"]["ends_by"] == "2024-08-29"
    assert ending["items"] == [
        {
            "number": "Z-END",
            "title": "协议 Z-END",
            "ends_on": "2024-07-31",
            "parties": ["政务服务数据管理局", "示例云科技有限公司"],
        }
    ]
    shorter = target.invoke(*args, "--format", "json", "--param", "agreements_ending.days=20")
    ending = next(g for g in json.loads(shorter.output)["gaps"] if g["name"] == "agreements_ending")
    assert ending["count"] == 0 and ending["params"]["days"] == 20

    text = target.invoke(*args, "--lang", "en").output
    assert "Agreements ending with no renewal under way: 1" in text
    assert "政务服务数据管理局, 示例云科技有限公司" in text
    md = target.invoke(*args, "--format", "md").output
    assert "| 协议编号 | 名称 | 需求项 | 链上可提供的单位 |" in md
    assert "| Z-END | 示例云科技有限公司 | 活动场地 | — |" in md
    out = tmp_path / "gaps.html"
    target.invoke(*args, "--format", "html", "--lang", "en", "--out", str(out))
    page = out.read_text(encoding="utf-8")
    assert 'id="gap-cohorts_without_placements"' in page
    assert "<td>Co-builder</td>" in page  # the party's role by its English name


def test_a_bad_per_check_parameter_is_named_with_the_checks_parameters(engine: Engine) -> None:
    chain_network().write(engine)
    with pytest.raises(GapReportError, match=r"'agreements_ending' has no parameter 'dayz'"):
        gap_report(engine, as_of=AS_OF, settings={"agreements_ending": {"dayz": 3}})
    with pytest.raises(GapReportError, match=r"no gap check named 'ending'"):
        gap_report(engine, as_of=AS_OF, settings={"ending": {"days": 3}})
    with pytest.raises(GapReportError, match=r"'agreements_ending': parameter 'days' \(int\)"):
        gap_report(engine, as_of=AS_OF, settings={"agreements_ending": {"days": "soon"}})


HEADER = """// name: gaps/{name}
// title.zh: 示例检查
// title.en: An example check
// answers.zh: 示例。
// answers.en: An example.
// param: chain text = 金桥红链 | 链 | Chain
// mode: read
{extra}MATCH (c:Chain {{name: $chain}}) RETURN c.name AS name
"""


def test_a_gap_check_is_one_file_whose_header_says_what_the_report_shows(tmp_path: Path) -> None:
    folder = tmp_path / "gaps"
    folder.mkdir()
    extra = "// columns: name\n// order: 5\n// advice.zh: 处理。\n// advice.en: Do it.\n"
    (folder / "example.cypher").write_text(HEADER.format(name="example", extra=extra), "utf-8")
    checks = querylib.gap_checks(querylib.load_dir(tmp_path))
    assert [(q.short_name, q.columns, q.order) for q in checks] == [("example", ("name",), 5)]
    (folder / "example.cypher").write_text(HEADER.format(name="example", extra=""), "utf-8")
    with pytest.raises(QueryFileError, match=r"must give advice.zh, advice.en, columns, order"):
        querylib.load_dir(tmp_path)
