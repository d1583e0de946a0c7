"""``redchain generate`` and ``redchain.synthetic``: valid, deterministic synthetic networks."""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from redchain import synthetic, uscc
from redchain.cli.main import cli
from redchain.engines.base import Engine
from redchain.importing.api import ImportOptions, import_files
from redchain.model import DOMAINS, PARTNERSHIP_KINDS
from tests.conftest import Target

N_ORGS = 120
DOMAIN_BY_ZH = {d.zh: d for d in DOMAINS}
SUBDISTRICT_NAMES = {s[0] for s in synthetic.SUBDISTRICTS}
STAGE_COLUMN = {
    "签约": "signed_on",
    "亮约": "published_on",
    "履约": "performing_on",
    "评约": "evaluated_on",
}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("network")
    return out, synthetic.generate(N_ORGS, 7, out)


def count(engine: Engine, query: str) -> int:
    return engine.run(query)[0]["c"]


def test_generated_files_import_cleanly_with_the_expected_counts(
    target: Target, network: tuple[Path, dict]
) -> None:
    out, result = network
    paths = [out / name for name in result["files"]]
    with target.open() as engine:
        report = import_files(engine, paths, ImportOptions(origin="test"))
        assert report.problems == []
        assert report.written
        assert {f.file: (f.rows, f.created, f.rejected) for f in report.files} == {
            str(out / name): (rows, rows, 0) for name, rows in result["files"].items()
        }
        assert count(engine, "MATCH (o:Organization) RETURN count(o) AS c") == N_ORGS
        for domain in DOMAINS:
            labelled = count(engine, f"MATCH (o:{domain.label}) RETURN count(o) AS c")
            assert labelled == result["domains"].get(domain.key, 0), domain.key
        partnerships = count(
            engine,
            "MATCH (:Organization)-[p:PARTNERS_WITH]->(:Organization) RETURN count(p) AS c",
        )
        assert partnerships == N_ORGS * synthetic.DEFAULT_PARTNERSHIPS_PER_ORG
        # Every organisation but the nine subdistricts lies in exactly one of them.
        located = engine.run(
            "MATCH (o:Organization)-[l:LOCATED_IN]->(s:Subdistrict) "
            "RETURN o.uscc AS org, s.name AS place"
        )
        assert len(located) == len({row["org"] for row in located}) == N_ORGS - 9
        assert {row["place"] for row in located} <= SUBDISTRICT_NAMES
        master = engine.run(
            "MATCH (:Chain {name: '金桥红链'})-[l:LED_BY]->(o:GovernmentBody) RETURN o.name AS name"
        )
        assert master == [{"name": "南沙开发区金融局"}]


def test_same_seed_gives_the_same_bytes_and_another_seed_other_codes(tmp_path: Path) -> None:
    first = synthetic.generate(60, 3, tmp_path / "a")
    synthetic.generate(60, 3, tmp_path / "b")
    synthetic.generate(60, 4, tmp_path / "c")
    for name in first["files"]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "partners.csv").read_bytes() != (
        tmp_path / "c" / "partners.csv"
    ).read_bytes()


def test_files_are_utf8_with_bom_and_english_headers(network: tuple[Path, dict]) -> None:
    out, result = network
    for name in result["files"]:
        assert (out / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
    with (out / "partners.csv").open(encoding="utf-8-sig") as f:
        assert f.readline().strip() == "uscc,name,domain,subdistrict,joined_on,name_en,address"


def test_credit_codes_are_valid_unique_and_match_the_domain(tmp_path: Path) -> None:
    synthetic.generate(3000, 11, tmp_path)
    partners = read(tmp_path / "partners.csv")
    codes = [row["uscc"] for row in partners]
    assert all(uscc.is_valid(code) for code in codes)
    assert len(set(codes)) == len(codes) == 3000
    assert len({row["name"] for row in partners}) == 3000
    for row in partners:
        assert row["uscc"][0] == DOMAIN_BY_ZH[row["domain"]].typical_authority, row
    domains = Counter(DOMAIN_BY_ZH[row["domain"]].key for row in partners)
    assert domains["subdistrict"] == 9
    assert domains["government"] == 60  # 2 %
    assert domains["association"] == 240  # 8 %
    assert 5 <= domains["university"] <= 8
    assert domains["financial"] == 3000 - sum(
        domains[k] for k in ("subdistrict", "government", "association", "university")
    )
    assert {row["name"] for row in partners if row["domain"] == "基层街镇"} == SUBDISTRICT_NAMES
    assert all(row["subdistrict"] in SUBDISTRICT_NAMES for row in partners[9:])


def test_partnerships_have_no_self_links_no_repeated_pairs_and_mixed_kinds(tmp_path: Path) -> None:
    synthetic.generate(2000, 5, tmp_path, partnerships_per_org=4)
    rows = read(tmp_path / "partnerships.csv")
    assert len(rows) == 8000
    pairs = [frozenset((row["from"], row["to"])) for row in rows]
    assert all(len(pair) == 2 for pair in pairs)
    assert len(set(pairs)) == len(pairs)
    kinds = Counter(row["kind"] for row in rows)
    assert {"政企", "企企", "街企", "校企"} <= set(kinds)
    assert set(kinds) <= {k.key for k in PARTNERSHIP_KINDS}
    assert kinds["企企"] > len(rows) / 3
    for row in rows:
        assert "2019-01-01" <= row["since"] <= "2025-12-31"
        assert row["until"] == "" or row["until"] > row["since"]


def test_name_spaces_never_repeat_a_name_even_past_their_parts() -> None:
    rng = random.Random(1)
    spaces = (
        synthetic._government_names(rng),
        synthetic._association_names(rng),
        synthetic._financial_names(rng),
    )
    names = [space[i] for space in spaces for i in range(space.size + 3000)]
    assert len(set(names)) == len(names)
    assert synthetic.MASTER[0] not in names


def test_cli_writes_the_files_and_reports_them_as_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["generate", "--orgs", "40", "--seed", "2", "--out", str(tmp_path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["orgs"] == 40
    assert report["files"]["partners.csv"] == 40
    assert report["files"]["partnerships.csv"] == 120
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(report["files"])


def test_cli_refuses_options_that_cannot_make_a_valid_network(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["generate", "--orgs", "40", "--out", str(tmp_path), "--partnerships-per-org", "50"]
    )
    assert result.exit_code == 2
    assert "partnerships per organisation must be between 1 and" in result.output
    result = CliRunner().invoke(cli, ["generate", "--orgs", "5", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "5 is not in the range x>=30" in result.output


def test_agreements_run_on_partnerships_and_talent_comes_as_cohorts(
    network: tuple[Path, dict],
) -> None:
    out, result = network
    pairs = {frozenset((r["from"], r["to"])) for r in read(out / "partnerships.csv")}
    agreements = {r["number"]: r for r in read(out / "agreements.csv")}
    assert len(agreements) == result["files"]["agreements.csv"] > 0
    parties: dict[str, list[dict[str, str]]] = {}
    for row in read(out / "agreement_parties.csv"):
        parties.setdefault(row["agreement"], []).append(row)
    assert set(parties) == set(agreements)
    for number, rows in parties.items():
        # Two parties, on a partnership the file already has: agreements add no pair.
        assert [r["role"] for r in rows] == ["发起方", "共建方"], number
        assert frozenset(r["org"] for r in rows) in pairs, number
    stages = Counter(
        next((s for s in ("评约", "履约", "亮约", "签约") if a[STAGE_COLUMN[s]]), "谈约")
        for a in agreements.values()
    )
    assert set(stages) == set(STAGE_COLUMN) | {"谈约"}
    renewals = [a for a in agreements.values() if a["renews"]]
    assert renewals and all(agreements[a["renews"]]["evaluated_on"] for a in renewals)
    assert {r["side"] for r in read(out / "resources.csv")} == {"资源", "需求"}

    talent = read(out / "talent.csv")
    placements = read(out / "placements.csv")
    cohorts = {r["code"]: r for r in read(out / "cohorts.csv")}
    assert len(placements) == len(talent)
    assert {p["cohort"] for p in placements} == set(cohorts)
    for code, cohort in cohorts.items():
        interns = sum(int(p["interns"]) for p in placements if p["cohort"] == code)
        assert int(cohort["trained"]) > interns, code


def test_bigger_activities_and_untyped_points_change_only_activities_and_participation(
    tmp_path: Path,
) -> None:
    plain = synthetic.generate(200, 3, tmp_path / "plain")
    big = synthetic.generate(200, 3, tmp_path / "big", activity_size=(40, 60), typed_points=False)
    rows = read(tmp_path / "big" / "participation.csv")
    assert len(rows) >= 40 * big["files"]["activities.csv"]
    assert all(r["points"] == r["bonus"] == "" for r in rows)
    for name in plain["files"]:
        if name not in ("activities.csv", "participation.csv"):
            same = (tmp_path / "plain" / name).read_bytes() == (
                tmp_path / "big" / name
            ).read_bytes()
            assert same, name
    with pytest.raises(ValueError, match="activity sizes must be between 1 and 200"):
        synthetic.generate(200, 3, tmp_path / "bad", activity_size=(10, 500))
