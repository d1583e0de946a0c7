"""Turning what people type into the values the graph stores.

Pure functions, one per kind of value. Each returns the normal form or raises
:class:`~redchain.importing.problems.Invalid` with what is wrong and what to write instead.
Codes, ids and phone numbers stay text: a spreadsheet's number cell is turned back into the
digits a person typed, never into ``1.0``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from redchain import tabular, uscc, values
from redchain.importing.problems import Invalid
from redchain.model import Kind
from redchain.values import (
    DATE_FIX,
    EXCEL_SERIAL_RANGE,
    FALSE_WORDS,
    INVISIBLE,
    MAX_YEAR,
    MIN_YEAR,
    TRUE_WORDS,
    choice_table,
    closest,
    fold,
)

__all__ = [
    "DATE_FIX",
    "EXCEL_SERIAL_RANGE",
    "FALSE_WORDS",
    "TRUE_WORDS",
    "cell_text",
    "choice_table",
    "clean_text",
    "closest",
    "compact",
    "fold",
    "is_valid_code",
    "looks_like_code",
    "to_bool",
    "to_choice",
    "to_date",
    "to_domain",
    "to_float",
    "to_int",
    "to_uscc",
    "to_year",
]

# Full-width letters and digits (U+FF10..FF5A) become ASCII in every text; full-width
# punctuation stays as typed, because Chinese names use （）and、on purpose.
_FULLWIDTH_ALNUM = {
    cp: cp - 0xFEE0
    for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
_INVISIBLE = INVISIBLE
_TEXT_TABLE = {**_FULLWIDTH_ALNUM, **_INVISIBLE}
# Half of a UTF-16 pair: JSON can spell one (\ud800), no database can store it.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Longer numbers are no count, year or score anyone typed (and Python refuses to read
# numbers of thousands of digits).
MAX_NUMBER_DIGITS = 15


def cell_text(value: Any) -> str:
    """Any cell as text, the way a person typed it: ``13800138000`` not ``13800138000.0``, a
    yes/no cell as 是/否, a date-time at midnight as its date; else as tables write it.

    A text that redchain's own tables made formula-safe (``'+86…``, see ``tabular``) reads as it
    was, so a corrected rejects file imports what the clerk typed."""
    if isinstance(value, str):
        if value[:1] == "'" and value[1:2] and value[1] in tabular.FORMULA_STARTS:
            return value[1:]
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and math.isfinite(value) and not value.is_integer():
        return repr(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return tabular.cell_text(value)


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


def to_domain(value: Any) -> str:
    """The key of a domain named in Chinese, English or a synonym (银行 → financial)."""
    return values.parse_domain(clean_text(value))


def to_choice(value: Any, kinds: tuple[Kind, ...], table: Mapping[str, str]) -> str:
    """The key of a kind (partnership, base or activity kind) given by any of its names."""
    return values.parse_choice(clean_text(value), kinds, table)


def to_date(value: Any) -> str:
    """An ISO date (``2023-05-01``) from the ways dates are typed, or from a spreadsheet cell
    (see :func:`redchain.values.parse_date`); the graph stores it as a DATE."""
    if isinstance(value, str):
        _refuse_surrogates(value)
    return values.iso_date(value)


def to_bool(value: Any) -> bool:
    """是/否, Y/N, yes/no, true/false, 1/0 (and a spreadsheet's TRUE/FALSE cells)."""
    if isinstance(value, str):
        _refuse_surrogates(value)
    return values.parse_bool(value)


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
