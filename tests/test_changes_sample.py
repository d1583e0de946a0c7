"""On the shipped sample, ``redchain changes`` for 2024 lists what the sample files say changed
in 2024: the expected answers are read from the CSV files themselves, on both engines."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
from importlib.resources import files
from pathlib import Path

import pytest

from redchain.importing.api import import_files
from redchain.model import AGREEMENT, AGREEMENT_STAGES, DEFAULT_CHAIN, STAGE_DATES
from tests.conftest import Target

SAMPLE_DIR = Path(str(files("redchain") / "data" / "sample"))
YEAR = "2024"
# The agreements file's column of each stage date: the model's caption of the stage's property.
STAGE_COLUMNS = {stage: AGREEMENT.prop(name).zh for stage, name in STAGE_DATES.items()}


def table(name: str) -> list[dict[str, str]]:
    with (SAMPLE_DIR / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def in_year(text: str | None) -> bool:
    return bool(text) and dt.date.fromisoformat(str(text).strip()).year == int(YEAR)


def expected_joined() -> set[str]:
    partners = {
        r["名称"]
        for r in table("01_partners.csv")
        if r["所属链"] == DEFAULT_CHAIN and in_year(r["加入日期"])
    }
    members = {
        r["单位"]
        for r in table("03_memberships.csv")
        if r["所属链"] == DEFAULT_CHAIN and in_year(r["加入日期"])
    }
    return partners | members


def expected_left() -> set[str]:
    return {
        r["单位"]
        for r in table("03_memberships.csv")
        if r["所属链"] == DEFAULT_CHAIN and in_year(r["退出日期"])
    }


def agreements() -> list[dict[str, str]]:
    return [
        r for r in table("09_agreements.csv") if (r["所属链"] or DEFAULT_CHAIN) == DEFAULT_CHAIN
    ]


def derived_pairs() -> dict[frozenset[str], tuple[str | None, str | None]]:
    """Pairs of parties of the same agreements: (since, until) as docs/import.md derives them."""
    by_number = {r["协议编号"]: r for r in table("09_agreements.csv")}
    parties: dict[str, list[str]] = {}
    for r in table("10_agreement_parties.csv"):
        parties.setdefault(r["协议编号"], []).append(r["单位"])
    shared: dict[frozenset[str], list[dict[str, str]]] = {}
    for number, names in parties.items():
        for a, b in itertools.combinations(sorted(set(names)), 2):
            shared.setdefault(frozenset((a, b)), []).append(by_number[number])
    out = {}
    for pair, rows in shared.items():
        signed = [r["签约日期"] for r in rows if r["签约日期"]]
        ends = [r["到期日期"] for r in rows]
        out[pair] = (min(signed, default=None), None if "" in ends else max(ends))
    return out


def expected_pairs(column: str) -> set[frozenset[str]]:
    given = {frozenset((r["甲方"], r["乙方"])): r for r in table("04_partnerships.csv")}
    pairs = {pair for pair, r in given.items() if in_year(r[column])}
    at = 0 if column == "开始日期" else 1
    return pairs | {
        pair for pair, dates in derived_pairs().items() if pair not in given and in_year(dates[at])
    }


@pytest.fixture
def sample(target: Target) -> Target:
    with target.open() as engine:
        imported = import_files(engine, sorted(SAMPLE_DIR.glob("*.csv")))
        assert not imported.problems
    return target


def test_changes_in_2024_are_what_the_sample_files_say(sample: Target) -> None:
    result = sample.invoke(
        "changes", "--from", "2024-01-01", "--to", "2024-12-31", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    sections = json.loads(result.stdout)["sections"]

    def names(section: str) -> set[str]:
        return {item["name"] for item in sections[section]["items"]}

    def pairs(section: str) -> set[frozenset[str]]:
        return {frozenset((i["a_name"], i["b_name"])) for i in sections[section]["items"]}

    assert expected_joined() and names("joined") == expected_joined()
    assert names("left") == expected_left()
    assert expected_pairs("开始日期") and pairs("partnerships_begun") == expected_pairs("开始日期")
    assert pairs("partnerships_ended") == expected_pairs("结束日期")

    def numbers(section: str, *keys: str) -> set[tuple[str, ...]]:
        return {tuple(i[k] for k in ("number", *keys)) for i in sections[section]["items"]}

    listed = agreements()
    assert numbers("agreements_begun") == {
        (r["协议编号"],) for r in listed if in_year(r["签约日期"])
    }
    assert numbers("agreements_ended") == {
        (r["协议编号"],) for r in listed if in_year(r["到期日期"])
    }
    assert numbers("agreements_renewed", "renews") == {
        (r["协议编号"], r["续签协议"]) for r in listed if r["续签协议"] and in_year(r["签约日期"])
    }
    assert numbers("agreements_renewed")
    assert numbers("stage_moves", "to_stage", "moved_on") == {
        (r["协议编号"], stage.key, r[STAGE_COLUMNS[stage.key]])
        for r in listed
        for stage in AGREEMENT_STAGES
        if in_year(r[STAGE_COLUMNS[stage.key]])
    }
