"""Reporting periods: a year, a quarter, a month or any two dates, and the period before.

``points``, ``changes``, ``report`` and the dashboard all take a period the same way: ``2024``,
``2024Q3`` (or ``2024-Q3``, ``2024年第3季度``), ``2024-07`` (or ``2024年7月``), or
``--from``/``--to``.
Both ends are included. :meth:`Period.previous` is the period of the same kind just before
(2024Q3 → 2024Q2; a span of two dates → the span of as many days ending the day before it), which
reports compare with.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from redchain.errors import RedchainError

Grain = Literal["year", "quarter", "month", "span"]

_YEAR = re.compile(r"^\s*(\d{4})\s*年?\s*$")
_QUARTER = re.compile(
    r"^\s*(\d{4})\s*(?:[-\s]?[Qq]\s*([1-4])|年?\s*第?\s*([1-4一二三四])\s*季度?)\s*$"
)
_MONTH = re.compile(r"^\s*(\d{4})\s*(?:[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月)\s*$")
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


class PeriodError(RedchainError):
    """A period that cannot be read; the message shows the forms that can."""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # included
    grain: Grain = "span"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(
                f"the period ends ({self.end}) before it starts ({self.start}): "
                "give --from before --to"
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def key(self) -> str:
        """The period as typed: ``2024``, ``2024Q3``, ``2024-07`` or ``2024-01-01..2024-06-30``."""
        if self.grain == "year":
            return f"{self.start.year}"
        if self.grain == "quarter":
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        if self.grain == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def label(self, lang: str = "zh") -> str:
        """The period as a report names it."""
        y, m = self.start.year, self.start.month
        if self.grain == "year":
            return f"{y}年" if lang == "zh" else f"{y}"
        if self.grain == "quarter":
            q = (m - 1) // 3 + 1
            return f"{y}年第{q}季度" if lang == "zh" else f"Q{q} {y}"
        if self.grain == "month":
            return f"{y}年{m}月" if lang == "zh" else f"{self.start:%B} {y}"
        sep = " 至 " if lang == "zh" else " to "
        return f"{self.start.isoformat()}{sep}{self.end.isoformat()}"

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        if self.grain == "year":
            return year(self.start.year - 1)
        if self.grain == "quarter":
            before = self.start - dt.timedelta(days=1)
            return quarter(before.year, (before.month - 1) // 3 + 1)
        if self.grain == "month":
            before = self.start - dt.timedelta(days=1)
            return month(before.year, before.month)
        end = self.start - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=self.days - 1), end)

    def buckets(self) -> list[Period]:
        """The months of the period, or its quarters when it spans more than a year (for trends)."""
        step = 3 if self.days > 366 else 1
        out: list[Period] = []
        y, m = self.start.year, self.start.month
        if step == 3:
            m = (m - 1) // 3 * 3 + 1
        while dt.date(y, m, 1) <= self.end:
            piece = quarter(y, (m - 1) // 3 + 1) if step == 3 else month(y, m)
            start, end = max(piece.start, self.start), min(piece.end, self.end)
            out.append(Period(start, end, piece.grain if piece.start == start else "span"))
            m += step
            if m > 12:
                y, m = y + 1, m - 12
        return out


def year(y: int) -> Period:
    return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def quarter(y: int, q: int) -> Period:
    start = dt.date(y, 3 * q - 2, 1)
    return Period(start, _month_end(y, 3 * q), "quarter")


def month(y: int, m: int) -> Period:
    return Period(dt.date(y, m, 1), _month_end(y, m), "month")


def _month_end(y: int, m: int) -> dt.date:
    first_next = dt.date(y + 1, 1, 1) if m == 12 else dt.date(y, m + 1, 1)
    return first_next - dt.timedelta(days=1)


FORMS = "2024, 2024Q3, 2024-07, or --from 2024-01-01 --to 2024-06-30"


def parse(text: str) -> Period:
    """A period from ``2024``, ``2024Q3``, ``2024-07`` (and their Chinese forms)."""
    if found := _YEAR.match(text):
        return year(int(found.group(1)))
    if found := _QUARTER.match(text):
        digit = found.group(2) or found.group(3)
        q = _CHINESE_DIGITS.get(digit) or int(digit)
        return quarter(int(found.group(1)), q)
    if found := _MONTH.match(text):
        m = int(found.group(2) or found.group(3))
        if 1 <= m <= 12:
            return month(int(found.group(1)), m)
    raise PeriodError(f"period {text!r} is not one redchain reads: give {FORMS}")


def between(start: dt.date, end: dt.date) -> Period:
    """The span of two dates, both included (a whole year, quarter or month keeps its kind)."""
    for candidate in (year(start.year), quarter(start.year, (start.month - 1) // 3 + 1)):
        if (candidate.start, candidate.end) == (start, end):
            return candidate
    if (start, end) == (month(start.year, start.month).start, month(start.year, start.month).end):
        return month(start.year, start.month)
    return Period(start, end)


def resolve(
    text: str | None, start: dt.date | None, end: dt.date | None, default: Period
) -> Period:
    """The period a command was given: ``--period`` or ``--from``/``--to``, else ``default``.

    Only one ``--from`` or ``--to`` extends ``default`` from that end.
    """
    if text is not None:
        if start is not None or end is not None:
            raise PeriodError("give either --period or --from/--to, not both")
        return parse(text)
    if start is None and end is None:
        return default
    return between(start or default.start, end or default.end)
