"""The periodic report as plain data: what the builder finds and every renderer reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from redchain.changes import Changes
from redchain.gaps import GapReport, plain
from redchain.model import CHAIN_DOMAINS, DOMAINS, Domain
from redchain.period import Period

#: The summary figures, in the order the report lists them.
FIGURES = (
    "members",
    "partnerships",
    "partnerships_begun",
    "agreements",
    "agreements_signed",
    "bases",
    "active_bases",
    "activities",
    "key_projects",
    "units_active",
    "participations",
    "points",
    "interns",
    "hires",
    "cohorts",
    "trained",
    "cohort_interns",
    "placed",
    "talent_pool",
)


@dataclass
class Bucket:
    """One month (or quarter) of a trend: activities, participations and points in it."""

    period: Period
    activities: int
    participations: int
    points: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.period.key,
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "label_zh": self.period.label("zh"),
            "label_en": self.period.label("en"),
            "activities": self.activities,
            "participations": self.participations,
            "points": self.points,
        }


@dataclass
class Ranking:
    """Points in the period: by unit (ranked), by domain and by subdistrict or town."""

    units: list[dict[str, Any]]
    domains: list[dict[str, Any]]
    subdistricts: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "units": plain(self.units),
            "domains": plain(self.domains),
            "subdistricts": plain(self.subdistricts),
        }


@dataclass
class PeriodicReport:
    chain: str
    period: Period
    previous: Period
    #: Summary figures (keys of FIGURES) for the period and for the one before it.
    figures: dict[str, int]
    previous_figures: dict[str, int]
    #: Members on the last day of each period, by domain key (model.DOMAINS order).
    members_by_domain: dict[str, int]
    previous_members_by_domain: dict[str, int]
    #: Agreements by the stage reached on the last day of the period (AGREEMENT_STAGES order).
    stages: list[dict[str, Any]]
    trend: list[Bucket]
    previous_trend: list[Bucket]
    subdistricts: list[dict[str, Any]]
    ranking: Ranking
    cohorts: list[dict[str, Any]]
    placements: list[dict[str, Any]]
    gaps: GapReport
    #: What changed in the period (redchain.changes): who joined and left, partnerships and
    #: agreements begun and ended, stage moves, points movers, gaps opened and closed.
    changes: Changes | None = None
    made_on: dt.date = field(default_factory=dt.date.today)

    @property
    def domains(self) -> tuple[Domain, ...]:
        """The domains the report lists: the five of the chain always, any other (enterprises)
        only when the chain has members of it in either period."""
        return tuple(
            d
            for d in DOMAINS
            if d in CHAIN_DOMAINS
            or self.members_by_domain.get(d.key, 0)
            or self.previous_members_by_domain.get(d.key, 0)
        )

    def change(self, key: str) -> int:
        return self.figures[key] - self.previous_figures[key]

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        def period(p: Period) -> dict[str, Any]:
            return {
                "key": p.key,
                "from": p.start.isoformat(),
                "to": p.end.isoformat(),
                "label": p.label(lang),
            }

        from redchain.periodic.words import summary

        return {
            "chain": self.chain,
            "period": period(self.period),
            "previous": period(self.previous),
            "lang": lang,
            "summary": summary(self, lang),
            "figures": dict(self.figures),
            "previous_figures": dict(self.previous_figures),
            "members_by_domain": dict(self.members_by_domain),
            "previous_members_by_domain": dict(self.previous_members_by_domain),
            "stages": plain(self.stages),
            "trend": [b.to_dict() for b in self.trend],
            "previous_trend": [b.to_dict() for b in self.previous_trend],
            "subdistricts": plain(self.subdistricts),
            "ranking": self.ranking.to_dict(),
            "cohorts": plain(self.cohorts),
            "placements": plain(self.placements),
            "changes": self.changes.to_json(lang) if self.changes is not None else None,
            "gaps": self.gaps.to_dict(lang),
        }
