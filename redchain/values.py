"""Reading the values people type: dates, yes/no words, domain names, and text folded for
comparison.

Pure functions, used by the importer, the query library and the views alike, so that a date or
a domain reads the same everywhere. Each returns the value's normal form or raises
:class:`Invalid` saying what is wrong and what to write instead.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from redchain.model import DOMAINS, Kind


class Invalid(ValueError):
    """A value that cannot be read as what it should be; ``fix`` says what to write."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


# Characters that print as nothing: zero-width spaces and joiners, the BOM, control characters,
# and the marks that reverse the direction of text (which can make a name display as another).
INVISIBLE = dict.fromkeys(
    [
        *range(0x00, 0x09),
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        0x7F,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x206A),
        0xFEFF,
    ],
    None,
)

_FOLD_DROP = re.compile(r"[\s_\-–—*]+")


def fold(text: str) -> str:
    """A form for comparing words and headers: ignores case, width, spaces and ``_ - *``."""
    return _FOLD_DROP.sub("", unicodedata.normalize("NFKC", text).casefold())


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The accepted word nearest to ``word``, if one is near enough to suggest."""
    by_fold = {fold(c): c for c in dict.fromkeys(choices)}
    match = difflib.get_close_matches(fold(word), list(by_fold), n=1, cutoff=0.6)
    return by_fold[match[0]] if match else None


def word_table(entries: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """Folded word -> key, the first key claiming a word keeping it."""
    table: dict[str, str] = {}
    for key, words in entries:
        for word in words:
            table.setdefault(fold(word), key)
    return table


def _plain(value: Any) -> str:
    """A value as text, NFKC-normalised, invisible characters dropped, spaces collapsed."""
    text = value if isinstance(value, str) else str(value)
    return " ".join(unicodedata.normalize("NFKC", text).translate(INVISIBLE).split())


# --- domains and kinds -------------------------------------------------------------------------

DOMAIN_WORDS = word_table((d.key, (d.key, d.label, d.zh, d.en, *d.synonyms)) for d in DOMAINS)


def parse_domain(value: Any) -> str:
    """The key of a domain named in Chinese, English, by label or a synonym (银行 → financial)."""
    text = _plain(value)
    key = DOMAIN_WORDS.get(fold(text))
    if key is None:
        names = ", ".join(d.zh for d in DOMAINS)
        keys = ", ".join(d.key for d in DOMAINS)
        hint = closest(text, [d.zh for d in DOMAINS] + [d.en for d in DOMAINS])
        fix = f"write one of {names} (or {keys})"
        if hint:
            fix = f"did you mean {hint}? Otherwise {fix}"
        raise Invalid("is not one of the five domains", fix)
    return key


def choice_table(kinds: Iterable[Kind]) -> dict[str, str]:
    """Folded name -> key for a list of kinds (partnership, base or activity kinds)."""
    return word_table((k.key, (k.key, k.zh, k.en, *k.synonyms)) for k in kinds)


def parse_choice(value: Any, kinds: tuple[Kind, ...], table: Mapping[str, str]) -> str:
    """The key of a kind given by any of its names; ``table`` is ``choice_table(kinds)``."""
    text = _plain(value)
    key = table.get(fold(text))
    if key is None:
        names = ", ".join(k.zh for k in kinds)
        hint = closest(text, [k.zh for k in kinds] + [k.key for k in kinds])
        fix = f"write one of {names}"
        if hint:
            fix = f"did you mean {hint}? Otherwise {fix}"
        raise Invalid("is not a kind this column knows", fix)
    return key


# --- dates -------------------------------------------------------------------------------------

DATE_FIX = "write the date as 2023-05-01 (2023/5/1, 2023.5.1 and 2023年5月1日 are read too)"
# Excel counts days from 1899-12-30 (its serial 60 is the 29 February 1900 that never was).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# An Excel serial is taken for a date only in this range (1927-05-18 .. 2173-10-14): five
# digits, nothing else a date column would hold.
EXCEL_SERIAL_RANGE = (10_000, 99_999)
MIN_YEAR, MAX_YEAR = 1900, 2100

_DATE_TEXT = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COMPACT_DATE = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_SERIAL = re.compile(r"\d{5}(?:\.0+)?")
_YEAR_LAST = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}")


def parse_date(value: Any, *, serials: bool = True) -> dt.date:
    """A date from the ways dates are typed, or from a spreadsheet cell.

    Read: 2023-05-01, 2023/5/1, 2023.5.1, 2023年5月1日, 20230501, date and datetime values, and
    (with ``serials``) Excel day numbers such as 45047, which reach a date column when a sheet
    is saved as CSV unformatted.
    """
    if isinstance(value, dt.datetime):
        return _checked(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return _checked(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise Invalid("is not a date", DATE_FIX)
    if isinstance(value, int | float):
        if not math.isfinite(value) or not float(value).is_integer():
            raise Invalid("is not a date", DATE_FIX)
        return _from_number(int(value), serials)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return _checked(int(value[:4]), int(value[5:7]), int(value[8:]))
    text = _plain("" if value is None else value)
    if not text:
        raise Invalid("the date is empty", DATE_FIX)
    match = _DATE_TEXT.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match:
        return _checked(int(match["y"]), int(match["m"]), int(match["d"]))
    if _SERIAL.fullmatch(text):
        return _from_number(int(float(text)), serials)
    if _YEAR_LAST.fullmatch(text):
        raise Invalid("puts the year last, so day and month cannot be told apart", DATE_FIX)
    raise Invalid("is not a date", DATE_FIX)


def iso_date(value: Any) -> str:
    """:func:`parse_date` as ISO text (``2023-05-01``)."""
    return parse_date(value).isoformat()


def _from_number(number: int, serials: bool) -> dt.date:
    low, high = EXCEL_SERIAL_RANGE
    if serials and low <= number <= high:
        day = _EXCEL_EPOCH + dt.timedelta(days=number)
        return _checked(day.year, day.month, day.day)
    match = _COMPACT_DATE.fullmatch(str(number))
    if match:
        return _checked(int(match["y"]), int(match["m"]), int(match["d"]))
    raise Invalid("is a number, not a date", DATE_FIX)


def _checked(year: int, month: int, day: int) -> dt.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Invalid(f"year {year} is out of range ({MIN_YEAR}–{MAX_YEAR})", DATE_FIX)
    if not 1 <= month <= 12:
        raise Invalid(f"month {month} does not exist", DATE_FIX)
    try:
        return dt.date(year, month, day)
    except ValueError:
        first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
        last = (first_of_next - dt.timedelta(days=1)).day
        raise Invalid(
            f"is not a calendar date: {year}-{month:02d} has {last} days", DATE_FIX
        ) from None


# --- yes and no --------------------------------------------------------------------------------

TRUE_WORDS = ("是", "y", "yes", "true", "t", "1", "对", "有", "√", "✓")
FALSE_WORDS = ("否", "n", "no", "false", "f", "0", "不是", "无", "×", "✗")
_TRUE = {fold(w) for w in TRUE_WORDS}
_FALSE = {fold(w) for w in FALSE_WORDS}
BOOL_FIX = "write 是 or 否 (Y/N, true/false and 1/0 are read too)"


def parse_bool(value: Any) -> bool:
    """是/否, Y/N, yes/no, true/false, 1/0, and a spreadsheet's TRUE/FALSE cells."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = fold(_plain("" if value is None else value))
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise Invalid("is neither yes nor no", BOOL_FIX)
