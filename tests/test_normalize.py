"""What people type, normalised: properties that hold for any input (hypothesis), and examples."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redchain import uscc
from redchain.importing import normalize as norm
from redchain.importing.problems import Invalid
from redchain.model import ACTIVITY_KINDS, DOMAINS, PARTNERSHIP_KINDS

first17 = st.text(alphabet=uscc.ALPHABET, min_size=17, max_size=17)
dates = st.dates(min_value=dt.date(1928, 1, 1), max_value=dt.date(2100, 12, 31))
spaces = st.sampled_from([" ", "\u3000", "\t", "\u00a0", "  "])


def to_fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


# --- text -----------------------------------------------------------------------------------


@given(st.text())
def test_clean_text_is_idempotent_and_has_no_stray_spaces(text: str) -> None:
    cleaned = norm.clean_text(text)
    assert norm.clean_text(cleaned) == cleaned
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    assert "\u3000" not in cleaned and "\x00" not in cleaned


@given(st.text(alphabet="ABCXYZabcxyz0123456789", min_size=1))
def test_full_width_letters_and_digits_become_ascii(text: str) -> None:
    assert norm.clean_text(to_fullwidth(text)) == text


@given(st.lists(st.text(alphabet="南沙金融局ABC12", min_size=1), min_size=1, max_size=4), spaces)
def test_runs_of_any_space_become_one(words: list[str], space: str) -> None:
    typed = space + (space * 2).join(words) + space
    assert norm.clean_text(typed) == " ".join(words)


def test_chinese_punctuation_stays_as_typed() -> None:
    assert (
        norm.clean_text(" 南沙金桥党建分基地（示例银行）\u200b ")
        == "南沙金桥党建分基地（示例银行）"
    )


@pytest.mark.parametrize(
    ("cell", "text"),
    [(13800138000, "13800138000"), (13800138000.0, "13800138000"), (1.5, "1.5"), (None, "")],
)
def test_number_cells_read_back_as_typed_never_with_point_zero(cell: object, text: str) -> None:
    assert norm.cell_text(cell) == text


# --- credit codes ---------------------------------------------------------------------------


@given(first17, st.data())
def test_a_valid_code_survives_spaces_width_and_case(body: str, data: st.DataObject) -> None:
    code = body + uscc.check_character(body)
    typed = "".join(
        data.draw(st.sampled_from([ch, ch.lower(), to_fullwidth(ch)])) + data.draw(spaces)
        if data.draw(st.booleans())
        else ch
        for ch in code
    )
    assert norm.to_uscc(typed) == code


@given(first17, st.integers(0, 17), st.sampled_from(uscc.ALPHABET))
def test_any_single_character_change_is_refused(body: str, position: int, new: str) -> None:
    code = body + uscc.check_character(body)
    changed = code[:position] + new + code[position + 1 :]
    if changed == code:
        assert norm.to_uscc(changed) == code
    else:
        with pytest.raises(Invalid, match="is not a valid credit code"):
            norm.to_uscc(changed)


def test_a_code_that_excel_turned_into_a_number_says_so() -> None:
    with pytest.raises(Invalid) as caught:
        norm.to_uscc(914401011234567000)
    assert "15 digits" in caught.value.fix


def test_made_codes_are_recognised_as_codes_in_references() -> None:
    code = uscc.make("9", "440115", random.Random(1))
    assert norm.looks_like_code(code)
    assert not norm.looks_like_code("示例银行南沙分行")
    assert not norm.looks_like_code("Bank of Example")


# --- dates ----------------------------------------------------------------------------------


@given(dates)
def test_every_written_form_of_a_date_reads_as_iso(day: dt.date) -> None:
    y, m, d = day.year, day.month, day.day
    forms = [
        day.isoformat(),
        f"{y}/{m}/{d}",
        f"{y}.{m}.{d}",
        f"{y}年{m}月{d}日",
        f" {y} 年 {m} 月 {d} 日 ",
        f"{y}{m:02d}{d:02d}",
        to_fullwidth(f"{y}-{m:02d}-{d:02d}"),
        f"{day.isoformat()} 00:00:00",
        day,
        dt.datetime(y, m, d),
    ]
    for form in forms:
        assert norm.to_date(form) == day.isoformat(), form


@given(dates)
def test_excel_day_numbers_read_as_dates(day: dt.date) -> None:
    serial = (day - dt.date(1899, 12, 30)).days
    assert norm.to_date(serial) == day.isoformat()
    assert norm.to_date(str(serial)) == day.isoformat()
    assert norm.to_date(float(serial)) == day.isoformat()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2023-02-30", "is not a calendar date: 2023-02 has 28 days"),
        ("2024-02-30", "is not a calendar date: 2024-02 has 29 days"),
        ("2023-13-01", "month 13 does not exist"),
        ("5/1/2023", "puts the year last"),
        ("3023-01-01", "year 3023 is out of range"),
        ("soon", "is not a date"),
        ("123", "is not a date"),
        (123, "is a number, not a date"),
    ],
)
def test_bad_dates_say_what_is_wrong(typed: object, message: str) -> None:
    with pytest.raises(Invalid, match=message) as caught:
        norm.to_date(typed)
    assert "2023-05-01" in caught.value.fix


# --- booleans, numbers ----------------------------------------------------------------------


@given(st.sampled_from(norm.TRUE_WORDS + norm.FALSE_WORDS), st.booleans())
def test_yes_and_no_words_in_any_case(word: str, upper: bool) -> None:
    typed = f" {word.upper() if upper else word} "
    assert norm.to_bool(typed) is (word in norm.TRUE_WORDS)


def test_bool_cells_and_bad_words() -> None:
    assert norm.to_bool(True) is True and norm.to_bool(0) is False
    with pytest.raises(Invalid, match="neither yes nor no"):
        norm.to_bool("maybe")


@given(st.integers(0, 10**9))
def test_whole_numbers_in_the_forms_spreadsheets_give(n: int) -> None:
    for form in (n, float(n), str(n), f"{n}.0", f"{n:,}", to_fullwidth(str(n))):
        assert norm.to_int(form) == n


@pytest.mark.parametrize("typed", ["1.5", "abc", "-1", True])
def test_bad_whole_numbers_are_refused(typed: object) -> None:
    with pytest.raises(Invalid):
        norm.to_int(typed)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9))
def test_numbers_round_trip_through_text(x: float) -> None:
    assert norm.to_float(repr(x)) == x
    assert norm.to_float(x) == x


# --- domains and kinds ----------------------------------------------------------------------


@given(st.sampled_from(DOMAINS), st.data())
def test_any_name_of_a_domain_gives_its_key(domain: object, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from([domain.key, domain.zh, domain.en, *domain.synonyms]))  # type: ignore[attr-defined]
    typed = data.draw(st.sampled_from([name, name.upper(), f" {name}\u3000"]))
    assert norm.to_domain(typed) == domain.key  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("typed", "key"),
    [("银行", "financial"), ("街道", "subdistrict"), ("镇", "subdistrict"), ("Bank", "financial")],
)
def test_common_synonyms(typed: str, key: str) -> None:
    assert norm.to_domain(typed) == key


def test_an_unknown_domain_suggests_the_nearest() -> None:
    with pytest.raises(Invalid) as caught:
        norm.to_domain("金融机购")
    assert caught.value.fix.startswith("did you mean 金融机构?")


@given(st.sampled_from(PARTNERSHIP_KINDS + ACTIVITY_KINDS), st.data())
def test_any_name_of_a_kind_gives_its_key(kind: object, data: st.DataObject) -> None:
    kinds = PARTNERSHIP_KINDS if kind in PARTNERSHIP_KINDS else ACTIVITY_KINDS
    table = norm.choice_table(kinds)
    name = data.draw(st.sampled_from([kind.key, kind.zh, kind.en, *kind.synonyms]))  # type: ignore[attr-defined]
    assert norm.to_choice(name, kinds, table) == kind.key  # type: ignore[attr-defined]


def test_marks_that_reverse_text_are_dropped_and_half_characters_refused() -> None:
    assert norm.clean_text("示例\u202e银行\u200f") == "示例银行"
    with pytest.raises(Invalid, match="lone UTF-16 surrogate"):
        norm.clean_text("示例\ud800银行")
    with pytest.raises(Invalid, match="too large a number"):
        norm.to_int("9" * 5000)
