"""On the shipped sample, ``redchain changes`` for 2024 lists what the sample files say changed
in 2024: the expected answers are read from the CSV files themselves, on both engines."""

from __future__ import annotations

import csv
import datetime as dt
import json
from importlib.resources import files
from pathlib import Path

import pytest

from redchain.importing.api import import_files
from redchain.model import DEFAULT_CHAIN
from tests.conftest import Target

SAMPLE_DIR = Path(str(files("redchain") / "data" / "sample"))
YEAR = "2024"


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


def expected_pairs(column: str) -> set[frozenset[str]]:
    return {
        frozenset((r["甲方"], r["乙方"]))
        for r in table("04_partnerships.csv")
        if in_year(r[column])
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
