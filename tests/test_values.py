"""One reading of dates, yes/no words and domain names for the importer, queries and views."""

from __future__ import annotations

import datetime as dt

import pytest

from redchain import values
from redchain.values import Invalid


@pytest.mark.parametrize(
    "typed",
    ["2023-05-01", "2023/5/1", "2023.5.1", "2023年5月1日", "20230501", "２０２３－０５－０１"],
)
def test_the_ways_a_date_is_typed_read_as_one_date(typed: str) -> None:
    assert values.parse_date(typed) == dt.date(2023, 5, 1)
    assert values.iso_date(typed) == "2023-05-01"


def test_spreadsheet_dates_and_day_numbers_and_their_limits() -> None:
    assert values.parse_date(dt.datetime(2023, 5, 1, 9, 30)) == dt.date(2023, 5, 1)
    assert values.parse_date(45047) == dt.date(2023, 5, 1)  # Excel's day number
    with pytest.raises(Invalid, match="a number, not a date"):
        values.parse_date(45047, serials=False)
    with pytest.raises(Invalid, match="2023-02 has 28 days") as bad:
        values.parse_date("2023-02-30")
    assert "2023-05-01" in bad.value.fix
    with pytest.raises(Invalid, match="year last"):
        values.parse_date("01/05/2023")


def test_yes_and_no_words() -> None:
    assert [values.parse_bool(w) for w in ("是", "Y", "true", "１", True, 1)] == [True] * 6
    assert [values.parse_bool(w) for w in ("否", "n", "FALSE", "0", False, 0)] == [False] * 6
    with pytest.raises(Invalid, match="neither yes nor no"):
        values.parse_bool("maybe")


def test_domains_by_any_of_their_names_and_a_suggestion_for_a_typo() -> None:
    assert values.parse_domain("银行") == "financial"
    assert values.parse_domain("FinancialInstitution") == "financial"
    assert values.parse_domain(" 基层 街镇 ") == "subdistrict"
    with pytest.raises(Invalid) as bad:
        values.parse_domain("金融机购")
    assert "did you mean 金融机构" in bad.value.fix


def test_folding_ignores_case_width_spaces_and_joiners() -> None:
    assert values.fold("Joined_On") == values.fold("ｊｏｉｎｅｄ－ｏｎ") == values.fold("joined on")
    assert values.closest("joind_on", ["joined_on", "left_on"]) == "joined_on"
