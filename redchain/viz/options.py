"""What a view shows and how: one options object instead of a dozen arguments."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from redchain import asof
from redchain.errors import RedchainError
from redchain.model import DOMAINS, Domain

Lang = Literal["zh", "en"]
SizeBy = Literal["degree", "points"]
LayoutChoice = Literal["auto", "physics", "static", "overview"]

LANGS: tuple[str, ...] = ("zh", "en")
SIZE_BY: tuple[str, ...] = ("degree", "points")
LAYOUTS: tuple[str, ...] = ("auto", "physics", "static", "overview")
#: Extra node kinds a view can add beside the organisations.
EXTRAS: tuple[str, ...] = ("chain", "bases", "locations")
HIGHLIGHTS: tuple[str, ...] = ("gaps",)

#: Up to this many nodes the browser lays the graph out with a short physics run.
PHYSICS_LIMIT = 1000
#: Up to this many nodes every unit is drawn at a position computed in Python; above it the page
#: shows one node per domain.
OVERVIEW_LIMIT = 30_000
#: Shortest paths longer than this many hops are not searched for.
MAX_PATH_HOPS = 12


class ViewError(RedchainError):
    """A view cannot be built as asked: an unknown unit, a bad option, no path."""


@dataclass(frozen=True)
class ViewOptions:
    """Which part of the graph a view shows and how it looks.

    At most one of ``around``, ``path`` and ``query`` picks a sub-graph; without any the whole
    network is shown. ``domains`` accepts Chinese, English or synonym names (``model.DOMAINS``).
    """

    around: str | None = None
    hops: int = 1
    path: tuple[str, str] | None = None
    query: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    domains: tuple[str, ...] = ()
    as_of: str | dt.date | None = None
    #: False keeps every unit and link whatever its dates (the explorer filters by date itself).
    dated: bool = True
    highlight: tuple[str, ...] = ()
    extras: tuple[str, ...] = ()
    lang: Lang = "zh"
    size_by: SizeBy = "degree"
    layout: LayoutChoice = "auto"
    physics_limit: int = PHYSICS_LIMIT
    overview_limit: int = OVERVIEW_LIMIT
    title: str | None = None

    def validated(self) -> ViewOptions:
        """Check every option; raises ``ViewError`` naming the option and the fix."""
        picked = [
            name
            for name, value in (("around", self.around), ("path", self.path), ("query", self.query))
            if value
        ]
        if len(picked) > 1:
            raise ViewError(f"choose one of --around, --path and --query (got {', '.join(picked)})")
        if self.hops < 1 or self.hops > 6:
            raise ViewError(f"--hops must be between 1 and 6 (got {self.hops})")
        if self.path is not None and len(self.path) != 2:
            raise ViewError("--path takes two units: --path A B")
        _check_choice("lang", self.lang, LANGS)
        _check_choice("size", self.size_by, SIZE_BY)
        _check_choice("layout", self.layout, LAYOUTS)
        for extra in self.extras:
            _check_choice("with", extra, EXTRAS)
        for item in self.highlight:
            _check_choice("highlight", item, HIGHLIGHTS)
        if self.physics_limit < 0 or self.overview_limit < self.physics_limit:
            raise ViewError("overview_limit must be at least physics_limit, both at least 0")
        resolve_domains(self.domains)
        parse_as_of(self.as_of)
        return self

    @property
    def domain_keys(self) -> frozenset[str] | None:
        """The domain keys to keep, or None for all."""
        found = resolve_domains(self.domains)
        return frozenset(d.key for d in found) if found else None

    @property
    def as_of_date(self) -> dt.date:
        """The date the view shows the network on: ``as_of``, or the shared default (today)."""
        return parse_as_of(self.as_of) or asof.default_as_of()

    @property
    def current_on(self) -> dt.date | None:
        """The date units and links must be current on to be shown, or None for all of them."""
        return self.as_of_date if self.dated else None

    @property
    def points_period(self) -> tuple[dt.date, dt.date]:
        """The period the points figures cover, as in the gap report's ranking."""
        return asof.points_period(self.as_of_date)


def _check_choice(option: str, value: str, choices: Iterable[str]) -> None:
    if value not in choices:
        raise ViewError(f"--{option} {value!r} is not one of: {', '.join(choices)}")


def _fold(text: str) -> str:
    """Compare names the way a clerk means them: full-width to half-width, case and spaces off."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


_DOMAIN_NAMES: dict[str, Domain] = {}
for _domain in DOMAINS:
    for _name in (_domain.key, _domain.label, _domain.zh, _domain.en, *_domain.synonyms):
        _DOMAIN_NAMES.setdefault(_fold(_name), _domain)


def find_domain(text: str | None) -> Domain | None:
    """The domain a name means (key, label, Chinese, English or synonym), or None."""
    if not text:
        return None
    return _DOMAIN_NAMES.get(_fold(str(text)))


def resolve_domains(names: Iterable[str]) -> list[Domain]:
    found: list[Domain] = []
    for name in names:
        domain = find_domain(name)
        if domain is None:
            known = ", ".join(f"{d.zh} ({d.key})" for d in DOMAINS)
            raise ViewError(f"--domain {name!r} is not a domain; use one of: {known}")
        if domain not in found:
            found.append(domain)
    return found


_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)


def parse_as_of(value: str | dt.date | None) -> dt.date | None:
    """The date ``--as-of`` names, or None when none is given."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise ViewError(
        f"--as-of {value!r} is not a date; write it as 2023-05-01, 2023/5/1 or 2023年5月1日"
    )
