"""Names that resolve: Chinese organisation names normalised for matching, an index, a resolver.

People name a unit by its full name, its short name, its English name, a head-office alias or a
colloquial form: 中国工商银行股份有限公司广州南沙分行, 工商银行南沙分行 and 工行南沙分行 are one
branch. Matching them takes two normal forms of a name:

- the *clean* form: full-width made half-width, case folded, spaces, brackets and punctuation
  dropped (``（南沙）`` and ``(南沙)`` read alike);
- the *core* form: the clean form with legal-form suffixes (股份有限公司, 有限公司, ...) dropped,
  head offices written one way (工行, 工商银行 and ICBC become 中国工商银行), the city before a
  district dropped (广州南沙 → 南沙) and the home district at the start dropped (南沙金融协会 →
  金融协会). The branch level (分行, 支行, 营业部, 分公司, ...) and the place of a branch stay: they
  tell units apart.

:meth:`NameIndex.resolve` takes a name to exactly one unit when one unit has that clean or core
form; otherwise it returns the closest units (rapidfuzz), never across branch levels or places,
with their scores and the reasons.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from redchain.engines.base import Engine
from redchain.model import ALIAS, ORGANIZATION

#: Head offices and the ways people write them; the first name of each row is the one kept.
HEAD_OFFICES: tuple[tuple[str, ...], ...] = (
    ("中国工商银行", "工商银行", "工行", "ICBC", "Industrial and Commercial Bank of China"),
    ("中国建设银行", "建设银行", "建行", "CCB", "China Construction Bank"),
    ("中国农业银行", "农业银行", "农行", "ABC", "Agricultural Bank of China"),
    ("中国银行", "中行", "BOC", "Bank of China"),
    ("交通银行", "交行", "BOCOM", "Bank of Communications"),
    ("招商银行", "招行", "CMB", "China Merchants Bank"),
    (
        "中国邮政储蓄银行",
        "邮政储蓄银行",
        "邮储银行",
        "邮储",
        "PSBC",
        "Postal Savings Bank of China",
    ),
    ("广州农村商业银行", "广州农商银行", "广州农商行", "农商银行", "农商行", "GRCB"),
    ("广发银行", "广东发展银行", "CGB", "China Guangfa Bank"),
    ("上海浦东发展银行", "浦发银行", "浦发", "SPDB"),
    ("中信银行", "CITIC Bank"),
    ("中国光大银行", "光大银行", "CEB", "China Everbright Bank"),
    ("中国民生银行", "民生银行", "CMBC", "China Minsheng Bank"),
    ("兴业银行", "CIB", "Industrial Bank"),
    ("平安银行", "Ping An Bank"),
    ("华夏银行", "Hua Xia Bank"),
    ("中国平安保险", "中国平安", "平安保险"),
    ("中国人民财产保险", "人保财险", "PICC"),
    ("中山大学", "中大", "SYSU", "Sun Yat-sen University"),
    ("华南理工大学", "华工", "SCUT", "South China University of Technology"),
    ("广东财经大学", "广财", "GDUFE"),
    ("广东金融学院", "广金", "GDUF"),
    ("广州大学", "广大", "GZHU", "Guangzhou University"),
)
#: Legal forms, dropped wherever they stand (longest first).
LEGAL_FORMS: tuple[str, ...] = (
    "股份有限公司",
    "有限责任公司",
    "股份合作公司",
    "有限公司",
    "股份公司",
    "companylimited",
    "coltd",
    "limited",
)
#: Branch levels: kept, and never matched across.
LEVELS: tuple[str, ...] = (
    "分公司",
    "营业部",
    "营业所",
    "分理处",
    "代表处",
    "办事处",
    "分中心",
    "分行",
    "支行",
    "分部",
)
#: How offices of subdistricts and towns are also written, and the form kept.
OFFICE_FORMS: tuple[tuple[str, str], ...] = (
    ("街道办事处", "街道"),
    ("街道办", "街道"),
    ("镇人民政府", "镇"),
    ("镇政府", "镇"),
)
#: Province and city prefixes: dropped before a district, and after a head office's name.
CITIES: tuple[str, ...] = ("广东省广州市", "广东省", "广州市", "广东", "广州")
#: Districts of Guangzhou and the subdistricts and towns of Nansha: places that tell units apart.
PLACES: tuple[str, ...] = (
    "南沙",
    "越秀",
    "海珠",
    "荔湾",
    "天河",
    "白云",
    "黄埔",
    "番禺",
    "花都",
    "从化",
    "增城",
    "珠江",
    "龙穴",
    "万顷沙",
    "横沥",
    "黄阁",
    "东涌",
    "大岗",
    "榄核",
)
#: The district the network lives in: its name at the start of a unit's name is noise.
HOME_DISTRICTS: tuple[str, ...] = ("南沙",)
#: What may not be all that is left of a name once a place is dropped.
GENERIC = frozenset((*LEVELS, "街道", "街", "镇", "区", "新区", "人民政府", "政府", "管委会"))

#: Lowest score (0-100, rapidfuzz WRatio) of a candidate worth naming.
SUGGEST_SCORE = 60.0
#: A suggestion is taken (``--accept-suggestions``) when it scores at least this ...
ACCEPT_SCORE = 80.0
#: ... and at least this much more than the next candidate.
ACCEPT_MARGIN = 10.0
MAX_CANDIDATES = 3

#: Character pairs of a name's core form looked up to find the units worth scoring: its rarest.
SHORTLIST_PAIRS = 3
#: Most forms scored for one name (from the rarest pairs first).
SHORTLIST_MAX = 20_000

_LATIN = re.compile(r"[a-z]")
_NOT_WORD = re.compile(r"[\W_]+")


def clean(text: str) -> str:
    """The clean form: NFKC (full-width to half-width), case folded, letters and digits only."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def _by_length(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


_HEAD_BY_ALIAS: dict[str, str] = {
    clean(alias): clean(row[0]) for row in HEAD_OFFICES for alias in row
}
_HEAD_ALIASES = _by_length(_HEAD_BY_ALIAS)
_LEGAL = _by_length(LEGAL_FORMS)
_LEVELS = _by_length(LEVELS)
_CITIES = _by_length(CITIES)
_PLACES = _by_length(PLACES)
_CITY_FIRST = frozenset(city[0] for city in _CITIES)
_CITY_BEFORE_PLACE = re.compile(f"(?:{'|'.join(_CITIES)})(?=(?:{'|'.join(_PLACES)}))")
_PLACE_DISTRICT = re.compile(f"({'|'.join(_PLACES)})(?:新区|区)(?!域)")
_LEVEL_AT = re.compile("|".join(_LEVELS))
_PLACE_AT = re.compile("|".join(_PLACES))
_LEGAL_AT = re.compile("|".join(_LEGAL))
_CITY_AT = re.compile("|".join(_CITIES))
# A Latin alias must end where a word does: "abc" does not start "abcbank".
_HEAD_AT = re.compile(
    "|".join(f"{re.escape(a)}(?![a-z])" if _LATIN.match(a) else re.escape(a) for a in _HEAD_ALIASES)
)


def _head_alias(text: str) -> tuple[str, str] | None:
    """``(head office, rest)`` when ``text`` starts with a head office's alias."""
    found = _HEAD_AT.match(text)
    if found is None:
        return None
    return _HEAD_BY_ALIAS[found.group()], text[found.end() :]


def _strip_city(rest: str) -> str:
    """A branch part without its leading city, unless the city is all that names the branch."""
    city = _CITY_AT.match(rest)
    if city is not None:
        after = rest[city.end() :]
        if after and not _LEVEL_AT.match(after):
            return after
    return rest


def core(text: str) -> str:
    """The core form of a name (see the module doc); the clean form when nothing is dropped."""
    return core_of_clean(clean(text))


def core_of_clean(cleaned: str) -> str:
    """:func:`core` of a name already in its clean form."""
    key = cleaned
    for written, kept in OFFICE_FORMS:
        if written in key:
            key = key.replace(written, kept)
    head, rest = key, ""
    legal = _LEGAL_AT.search(key, 1)
    if legal is not None:
        head, rest = key[: legal.start()], _LEGAL_AT.sub("", key[legal.end() :])
    alias = _head_alias(head)
    if alias is not None:
        head, before = alias
        rest = before + rest
    if rest and (alias is not None or head != key):
        rest = _strip_city(rest)
    key = head + rest
    # The cheap tests first: most names have neither a city nor a district in them.
    if any(first in key for first in _CITY_FIRST):
        key = _CITY_BEFORE_PLACE.sub("", key)
    if "区" in key:
        key = _PLACE_DISTRICT.sub(r"\1", key)
    for home in HOME_DISTRICTS:
        after = key[len(home) :]
        if key.startswith(home) and len(after) >= 2 and after not in GENERIC:
            key = key if _LEVEL_AT.match(after) else after
    return key or cleaned


def level_of(key: str) -> str:
    """The branch level a core form ends in (the last one it names), or ""."""
    found = _LEVEL_AT.findall(key)
    return found[-1] if found else ""


def place_of(key: str) -> str:
    """The last district, subdistrict or town a core form names, or ""."""
    found = _PLACE_AT.findall(key)
    return found[-1] if found else ""


def head_of(key: str) -> str:
    """The head office a core form starts with, or ""."""
    alias = _head_alias(key)
    return alias[0] if alias else ""


@dataclass(frozen=True)
class Unit:
    """A unit as the index knows it: its credit code and the names it goes by."""

    code: str
    name: str
    short_name: str | None = None
    name_en: str | None = None
    aliases: tuple[str, ...] = ()

    def names(self) -> Iterator[tuple[str, str]]:
        """``(how, text)`` of each name: "name", "short name", "English name", "alias"."""
        yield "name", self.name
        if self.short_name:
            yield "short name", self.short_name
        if self.name_en:
            yield "English name", self.name_en
        for alias in self.aliases:
            yield "alias", alias


@dataclass(frozen=True)
class Candidate:
    """A unit a name may mean: its score (0-100) and why it was put forward."""

    code: str
    name: str
    score: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"uscc": self.code, "name": self.name, "score": self.score, "reason": self.reason}

    def text(self) -> str:
        return f"{self.name} ({self.code})"


@dataclass(frozen=True)
class Resolution:
    """What a name resolves to: exactly one unit, or the candidates and why."""

    text: str
    unit: Unit | None = None
    #: How the unit was found: "name", "short name", "English name", "alias", each with
    #: ", normalised" when only the core forms agreed.
    how: str = ""
    candidates: tuple[Candidate, ...] = ()
    #: Several units share the name's clean or core form.
    ambiguous: bool = False

    @property
    def ok(self) -> bool:
        return self.unit is not None

    @property
    def suggestion(self) -> Candidate | None:
        """The one candidate good enough to take unasked (``--accept-suggestions``), if any."""
        if self.unit is not None or self.ambiguous or not self.candidates:
            return None
        best = self.candidates[0]
        runner_up = self.candidates[1].score if len(self.candidates) > 1 else 0.0
        if best.score >= ACCEPT_SCORE and best.score - runner_up >= ACCEPT_MARGIN:
            return best
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "uscc": self.unit.code if self.unit else None,
            "name": self.unit.name if self.unit else None,
            "how": self.how or None,
            "ambiguous": self.ambiguous,
            "candidates": [c.to_dict() for c in self.candidates],
        }


@dataclass
class _Block:
    """The core forms of one branch level, for fuzzy matching, and where each character is."""

    keys: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    # Character pair -> positions of the forms that have it; made on the first fuzzy match.
    pairs: dict[str, list[int]] | None = None

    def add(self, key: str, code: str) -> None:
        self.keys.append(key)
        self.codes.append(code)
        self.pairs = None

    def _postings(self) -> dict[str, list[int]]:
        if self.pairs is None:
            self.pairs = {}
            for position, key in enumerate(self.keys):
                for pair in _pairs(key):
                    if pair in self.pairs:
                        self.pairs[pair].append(position)
                    else:
                        self.pairs[pair] = [position]
        return self.pairs

    def shortlist(self, key: str) -> list[int]:
        """The forms that share one of the rarest character pairs of ``key``: worth scoring.

        A name close enough to suggest shares most of its pairs with ``key``, so it has one of
        any three of them; the rarest three keep the list short.
        """
        pairs = self._postings()
        postings = sorted((pairs[p] for p in _pairs(key) if p in pairs), key=len)
        found: set[int] = set()
        for positions in postings[:SHORTLIST_PAIRS]:
            if found and len(found) + len(positions) > SHORTLIST_MAX:
                break
            found.update(positions)
        return sorted(found)


def _pairs(key: str) -> set[str]:
    """The pairs of neighbouring characters of a core form (a one-character form: itself)."""
    if len(key) < 2:
        return {key}
    return {key[i : i + 2] for i in range(len(key) - 1)}


class NameIndex:
    """Units by every form of every name they go by; exact look-ups are dict look-ups.

    Fuzzy matching (rapidfuzz) runs only for names no form matches, within the names of the
    same branch level, and drops units whose place differs from the name's.
    """

    def __init__(self) -> None:
        self.units: dict[str, Unit] = {}
        self._clean: dict[str, dict[str, str]] = {}  # clean form -> code -> how
        self._core: dict[str, dict[str, str]] = {}
        self._blocks: dict[str, _Block] = {}

    @classmethod
    def from_units(
        cls,
        units: Iterable[Unit | tuple[str, str, str | None, str | None, Iterable[str] | None]],
    ) -> NameIndex:
        """An index of ``units``: each a :class:`Unit` or a tuple of the same five fields."""
        index = cls()
        for unit in units:
            if not isinstance(unit, Unit):
                code, name, short_name, name_en, aliases = unit
                unit = Unit(code, name, short_name, name_en, tuple(aliases or ()))
            index.add(unit)
        return index

    def add(self, unit: Unit) -> None:
        """Add a unit, or more names of one already in (its code is the key)."""
        known = self.units.get(unit.code)
        if known is not None:
            extra = tuple(a for a in unit.aliases if a not in known.aliases)
            unit = Unit(
                known.code,
                known.name,
                known.short_name or unit.short_name,
                known.name_en or unit.name_en,
                known.aliases + extra,
            )
        self.units[unit.code] = unit
        for how, text in unit.names():
            clean_key = clean(text)
            if not clean_key:
                continue
            self._clean.setdefault(clean_key, {}).setdefault(unit.code, how)
            core_key = core_of_clean(clean_key)
            codes = self._core.setdefault(core_key, {})
            if unit.code not in codes:
                codes[unit.code] = how
                self._blocks.setdefault(level_of(core_key), _Block()).add(core_key, unit.code)

    def __len__(self) -> int:
        return len(self.units)

    def resolve(self, text: str) -> Resolution:
        """The unit ``text`` names, or the closest candidates (best first) and why."""
        clean_key = clean(text)
        for table, suffix, key in (
            (self._clean, "", clean_key),
            (self._core, ", normalised", core(text)),
        ):
            found = table.get(key)
            if not found:
                continue
            if len(found) == 1:
                [(code, how)] = found.items()
                return Resolution(text, self.units[code], how + suffix)
            return Resolution(
                text,
                candidates=tuple(
                    Candidate(code, self.units[code].name, 100.0, f"its {how} reads the same")
                    for code, how in sorted(found.items())
                )[:MAX_CANDIDATES],
                ambiguous=True,
            )
        return Resolution(text, candidates=self.suggest(text))

    def resolve_many(self, texts: Iterable[str]) -> dict[str, Resolution]:
        """Each distinct text resolved once."""
        return {text: self.resolve(text) for text in dict.fromkeys(texts)}

    def suggest(self, text: str, limit: int = MAX_CANDIDATES) -> tuple[Candidate, ...]:
        """The units closest to ``text`` of its branch level, never of another place."""
        key = core(text)
        level, place, head = level_of(key), place_of(key), head_of(key)
        # A name that says its level is matched within that level only; one that does not
        # (工行南沙) may mean a unit of any level.
        blocks = [self._blocks[level]] if level in self._blocks else []
        if not level:
            blocks = list(self._blocks.values())
        if not key:
            return ()
        best: dict[str, tuple[float, str]] = {}
        for block in blocks:
            self._match(key, block, place, head, limit, best)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
        return tuple(
            Candidate(
                code,
                self.units[code].name,
                round(score, 1),
                _reason(key, choice, score, level, place, head),
            )
            for code, (score, choice) in ranked
        )

    @staticmethod
    def _match(
        key: str,
        block: _Block,
        place: str,
        head: str,
        limit: int,
        best: dict[str, tuple[float, str]],
    ) -> None:
        """Add the units of ``block`` close to ``key`` to ``best`` (code -> score, form)."""
        positions = block.shortlist(key)
        matches = process.extract(
            key,
            [block.keys[p] for p in positions],
            scorer=fuzz.WRatio,
            score_cutoff=SUGGEST_SCORE,
            limit=max(limit * 4, 20),
        )
        for choice, score, at in matches:
            code = block.codes[positions[at]]
            other_place = place_of(choice)
            if place and other_place and other_place != place:
                continue  # never across districts, subdistricts or towns
            if head and head_of(choice) not in ("", head):
                continue  # never across head offices
            if code not in best or score > best[code][0]:
                best[code] = (float(score), choice)


def _reason(key: str, choice: str, score: float, level: str, place: str, head: str) -> str:
    parts = [f"{score:.0f}% alike once normalised ({key} ~ {choice})"]
    if head and head_of(choice) == head:
        parts.append(f"same head office {head}")
    if level:
        parts.append(f"same level {level}")
    if place and place_of(choice) == place:
        parts.append(f"same place {place}")
    return "; ".join(parts)


UNITS_QUERY = (
    f"MATCH (n:{ORGANIZATION.label}) RETURN n.{ORGANIZATION.key} AS code, n.name AS name, "
    "n.short_name AS short_name, n.name_en AS name_en, n.domain AS domain"
)
ALIASES_QUERY = f"MATCH (a:{ALIAS.label}) RETURN a.name AS name, a.uscc AS code"


def graph_units(engine: Engine) -> Iterator[tuple[Unit, str | None]]:
    """Every unit in the graph with its aliases, and its domain."""
    aliases: dict[str, list[str]] = {}
    for row in engine.run(ALIASES_QUERY):
        aliases.setdefault(row["code"], []).append(row["name"])
    for row in engine.run(UNITS_QUERY):
        yield (
            Unit(
                row["code"],
                row["name"] or row["code"],
                row["short_name"],
                row["name_en"],
                tuple(aliases.get(row["code"], ())),
            ),
            row["domain"],
        )


def load_index(engine: Engine) -> NameIndex:
    """The index of every unit in the graph, with the aliases recorded for each."""
    return NameIndex.from_units(unit for unit, _ in graph_units(engine))
