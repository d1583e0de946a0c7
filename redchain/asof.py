"""The one date rule every command shares: which date the network is viewed on, and when to warn.

A command that views the network on a date (``gaps``, ``viz``, ``query run``, the points ranking)
uses ``--as-of`` when given and today otherwise. When the newest activity in the graph is more
than :data:`STALE_DAYS` days before that date, the date probably is not the one meant (a sample
that ends in 2024, a graph not updated for a year): :func:`notice` says so in one line and
suggests ``--as-of``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from redchain.engines.base import Engine
from redchain.model import ACTIVITY
from redchain.querylib import shift_date

#: How far the newest activity may lie before the date used without a notice.
STALE_DAYS = 180


def default_as_of(today: dt.date | None = None) -> dt.date:
    """The date used when none is given: today."""
    return today or dt.date.today()


def points_period(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The period points figures cover by default: the year up to ``as_of``, both ends included,
    as the points ranking's ``from = as_of-1y`` and ``to = as_of``."""
    return shift_date(as_of, 1, "y"), as_of


def newest_activity(engine: Engine) -> dt.date | None:
    """The date of the graph's newest activity, or None when it has none."""
    rows = engine.run(f"MATCH (a:{ACTIVITY.label}) RETURN max(a.date) AS newest")
    newest = rows[0]["newest"] if rows else None
    return newest if isinstance(newest, dt.date) else None


@dataclass(frozen=True)
class DateCheck:
    as_of: dt.date
    newest: dt.date | None

    @property
    def days_after(self) -> int | None:
        """Days from the newest activity to the date used (None without activities)."""
        return None if self.newest is None else (self.as_of - self.newest).days

    @property
    def stale(self) -> bool:
        days = self.days_after
        return days is not None and days > STALE_DAYS

    def notice(self, lang: str = "en") -> str | None:
        """One line when the date used lies far after the newest activity; else None."""
        if not self.stale or self.newest is None:
            return None
        if lang == "zh":
            return (
                f"注意：图中最近的活动在 {self.newest}，比所用日期 {self.as_of} 早 "
                f"{self.days_after} 天；要查看当时的网络，请加 --as-of {self.newest}"
            )
        return (
            f"note: the newest activity in the graph is on {self.newest}, {self.days_after} days "
            f"before the date used ({self.as_of}); add --as-of {self.newest} to view the network "
            "as it stood then"
        )


def check(engine: Engine, as_of: dt.date) -> DateCheck:
    """Compare the date used with the graph's newest activity."""
    return DateCheck(as_of, newest_activity(engine))
