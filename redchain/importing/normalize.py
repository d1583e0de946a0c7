"""Turning what people type into the values the graph stores.

Pure functions, one per kind of value. Each returns the normal form or raises
:class:`~redchain.importing.problems.Invalid` with what is wrong and what to write instead.
Codes, ids and phone numbers stay text: a spreadsheet's number cell is turned back into the
digits a person typed, never into ``1.0``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from redchain import uscc
from redchain.importing.problems import Invalid
from redchain.model import DOMAINS, Kind

# Full-width letters and digits (U+FF10..FF5A) become ASCII in every text; full-width
# punctuation stays as typed, because Chinese names use （）and、on purpose.
_FULLWIDTH_ALNUM = {
    cp: cp - 0xFEE0
    for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
# Characters that print as nothing: zero-width spaces and joiners, the BOM, control characters,
# and the marks that reverse the direction of text (which can make a name display as another).
_INVISIBLE = dict.fromkeys(
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
_TEXT_TABLE = {**_FULLWIDTH_ALNUM, **_INVISIBLE}
# Half of a UTF-16 pair: JSON can spell one (\ud800), no database can store it.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Longer numbers are no count, year or score anyone typed (and Python refuses to read
# numbers of thousands of digits).
MAX_NUMBER_DIGITS = 15

DATE_FIX = "write the date as 2023-05-01 (2023/5/1, 2023.5.1 and 2023年5月1日 are read too)"
# Excel counts days from 1899-12-30 (its serial 60 is the 29 February 1900 that never was).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# An Excel serial is taken for a date only in a date column and only in this range
# (1927-05-18 .. 2173-10-14): five digits, nothing else a date column would hold.
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

TRUE_WORDS = ("是", "y", "yes", "true", "t", "1", "对", "有", "√", "✓")
FALSE_WORDS = ("否", "n", "no", "false", "f", "0", "不是", "无", "×", "✗")


def cell_text(value: Any) -> str:
    """Any cell as text, the way a person typed it: ``13800138000`` not ``13800138000.0``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def clean_text(value: Any) -> str:
    """Full-width letters, digits and spaces made half-width, invisible characters dropped,
    runs of spaces (and line breaks) made one space, and the ends stripped."""
    text = cell_text(value)
    if text.isascii() and text.isprintable():  # the common case, without the table
        return " ".join(text.split())
    _refuse_surrogates(text)
    return " ".join(text.translate(_TEXT_TABLE).split())


def compact(value: Any) -> str:
    """NFKC with every space removed: for codes, numbers and dates, where a space is a typo."""
    text = cell_text(value)
    if text.isascii() and text.isprintable():  # ASCII is its own NFKC form
        return text.replace(" ", "")
    _refuse_surrogates(text)
    return "".join(unicodedata.normalize("NFKC", text).translate(_INVISIBLE).split())


def _refuse_surrogates(text: str) -> None:
    if _SURROGATE.search(text):
        raise Invalid(
            "holds half of a character (a lone UTF-16 surrogate), which cannot be stored",
            "type the text again; the file was cut or converted by a tool that broke it",
        )


def fold(text: str) -> str:
    """A form for matching words and headers: ignores case, width, spaces, ``_ - *``."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s_\-–—*]+", "", folded)


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The accepted word nearest to ``word``, if one is near enough to suggest."""
    options = list(dict.fromkeys(choices))
    by_fold = {fold(c): c for c in options}
    match = difflib.get_close_matches(fold(word), list(by_fold), n=1, cutoff=0.6)
    return by_fold[match[0]] if match else None


@functools.lru_cache(maxsize=1 << 16)
def is_valid_code(code: str) -> bool:
    """``uscc.is_valid``, remembered: an import asks about the same codes many times."""
    return uscc.is_valid(code)


def to_uscc(value: Any) -> str:
    """A Unified Social Credit Code, upper-cased, without spaces, its check character verified."""
    code = compact(value).upper()
    if is_valid_code(code):
        return code
    if not code:
        raise Invalid("the credit code is empty", "copy the 18-character code from the licence")
    try:
        return uscc.validate(code)
    except uscc.InvalidUSCC as exc:
        message, _, fix = str(exc).partition("; ")
        if isinstance(value, int | float) and not isinstance(value, bool):
            fix = (
                "the cell is a number, and Excel keeps only 15 digits of a number: format the "
                "column as text and type the code again"
            )
        raise Invalid(
            f"is not a valid credit code: {message}",
            fix or "check the code against the business licence",
        ) from exc


def looks_like_code(text: str) -> bool:
    """Whether a reference is meant as a credit code (mostly digits, about 18 characters)."""
    if len(text) < 15:  # most references are names, and short: decide those at once
        return False
    code = compact(text)
    if not (15 <= len(code) <= 20 and code.isascii() and code.isalnum()):
        return False
    return len(code) - len(code.translate(_DROP_DIGITS)) >= 8


_DROP_DIGITS = dict.fromkeys(range(ord("0"), ord("9") + 1))


def _word_table(entries: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for key, words in entries:
        for word in words:
            table.setdefault(fold(word), key)
    return table


_DOMAIN_WORDS = _word_table((d.key, (d.key, d.label, d.zh, d.en, *d.synonyms)) for d in DOMAINS)


def to_domain(value: Any) -> str:
    """The key of a domain named in Chinese, English or a synonym (银行 → financial)."""
    text = clean_text(value)
    key = _DOMAIN_WORDS.get(fold(text))
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
    return _word_table((k.key, (k.key, k.zh, k.en, *k.synonyms)) for k in kinds)


def to_choice(value: Any, kinds: tuple[Kind, ...], table: Mapping[str, str]) -> str:
    """The key of a kind (partnership, base or activity kind) given by any of its names."""
    text = clean_text(value)
    key = table.get(fold(text))
    if key is None:
        names = ", ".join(k.zh for k in kinds)
        hint = closest(text, [k.zh for k in kinds] + [k.key for k in kinds])
        fix = f"write one of {names}"
        if hint:
            fix = f"did you mean {hint}? Otherwise {fix}"
        raise Invalid("is not a kind this column knows", fix)
    return key


def to_date(value: Any) -> str:
    """An ISO date (``2023-05-01``) from the ways dates are typed, or from an Excel cell.

    Read: 2023-05-01, 2023/5/1, 2023.5.1, 2023年5月1日, 20230501, date and datetime cells, and
    Excel day numbers (45047) that reach a date column when a sheet is saved as CSV unformatted.
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
        return _from_number(int(value))
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return _checked(int(value[:4]), int(value[5:7]), int(value[8:]))
    text = " ".join(unicodedata.normalize("NFKC", cell_text(value)).translate(_INVISIBLE).split())
    if not text:
        raise Invalid("the date is empty", DATE_FIX)
    match = _DATE_TEXT.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match:
        return _checked(int(match["y"]), int(match["m"]), int(match["d"]))
    if _SERIAL.fullmatch(text):
        return _from_number(int(float(text)))
    if _YEAR_LAST.fullmatch(text):
        raise Invalid("puts the year last, so day and month cannot be told apart", DATE_FIX)
    raise Invalid("is not a date", DATE_FIX)


def _from_number(number: int) -> str:
    low, high = EXCEL_SERIAL_RANGE
    if low <= number <= high:
        day = _EXCEL_EPOCH + dt.timedelta(days=number)
        return _checked(day.year, day.month, day.day)
    match = _COMPACT_DATE.fullmatch(str(number))
    if match:
        return _checked(int(match["y"]), int(match["m"]), int(match["d"]))
    raise Invalid("is a number, not a date", DATE_FIX)


def _checked(year: int, month: int, day: int) -> str:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Invalid(f"year {year} is out of range ({MIN_YEAR}–{MAX_YEAR})", DATE_FIX)
    if not 1 <= month <= 12:
        raise Invalid(f"month {month} does not exist", DATE_FIX)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
        last = (first_of_next - dt.timedelta(days=1)).day
        raise Invalid(
            f"is not a calendar date: {year}-{month:02d} has {last} days", DATE_FIX
        ) from None


_TRUE = {fold(w) for w in TRUE_WORDS}
_FALSE = {fold(w) for w in FALSE_WORDS}


def to_bool(value: Any) -> bool:
    """是/否, Y/N, yes/no, true/false, 1/0 (and a spreadsheet's TRUE/FALSE cells)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = fold(clean_text(value))
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise Invalid("is neither yes nor no", "write 是 or 否 (Y/N, true/false and 1/0 are read too)")


def to_int(value: Any, minimum: int | None = 0) -> int:
    """A whole number from ``12``, ``12.0``, ``1,200`` or full-width digits."""
    if isinstance(value, bool):
        raise Invalid("is not a whole number", "write digits only, such as 12")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise Invalid("is not a whole number", "write digits only, such as 12")
        number = int(value)
    elif isinstance(value, int):
        number = value
    else:
        text = compact(value).replace(",", "")
        if re.fullmatch(r"[+-]?\d+(?:\.0*)?", text) is None:
            raise Invalid("is not a whole number", "write digits only, such as 12")
        if len(text.split(".")[0].lstrip("+-")) > MAX_NUMBER_DIGITS:
            raise Invalid("is too large a number", "write a count such as 12")
        number = int(text.split(".")[0])
    if abs(number) >= 10**MAX_NUMBER_DIGITS:
        raise Invalid("is too large a number", "write a count such as 12")
    if minimum is not None and number < minimum:
        raise Invalid(f"is below {minimum}", f"write a number of at least {minimum}")
    return number


def to_float(value: Any) -> float:
    """A number from ``10``, ``7.5``, ``1,200.5`` or full-width digits."""
    if isinstance(value, bool):
        raise Invalid("is not a number", "write a number such as 10 or 7.5")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = compact(value).replace(",", "")
        if re.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", text) is None:
            raise Invalid("is not a number", "write a number such as 10 or 7.5")
        if len(text) > 4 * MAX_NUMBER_DIGITS:
            raise Invalid("is too long a number", "write a number such as 10 or 7.5")
        number = float(text)
    if not math.isfinite(number):
        raise Invalid("is not a number", "write a number such as 10 or 7.5")
    return number


def to_year(value: Any) -> int:
    year = to_int(value, minimum=None)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Invalid(
            f"is not a year between {MIN_YEAR} and {MAX_YEAR}", "write a year such as 2023"
        )
    return year
