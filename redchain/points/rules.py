"""Points rules: a TOML file of versions, each with the date it applies from.

A version gives the points per activity kind, the bonus for a key project and the caps per unit
per quarter or year; an activity is scored by the version in force on its date (the last one
whose ``applies_from`` is on or before it). Keys may be written in Chinese or English
(``[[积分规则]]`` or ``[[rules]]``, ``起用日期`` or ``applies_from``, ...), and an activity kind by
its key, Chinese or English name (:data:`redchain.model.ACTIVITY_KINDS`). ``docs/points.md``
describes the format.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from redchain.errors import RedchainError
from redchain.model import ACTIVITY_KINDS, Kind

CapPeriod = Literal["quarter", "year"]

#: The rules that ship with redchain, for 金桥红链.
SHIPPED = "default.toml"

# Each key as it may be written: canonical English name -> the spellings accepted.
_TOP = {"rules": ("rules", "积分规则")}
_VERSION_KEYS = {
    "version": ("version", "版本"),
    "applies_from": ("applies_from", "起用日期"),
    "points": ("points", "活动积分"),
    "key_project_bonus": ("key_project_bonus", "重点项目加分"),
    "caps": ("caps", "上限"),
    "note": ("note", "说明"),
}
_CAP_KEYS = {
    "per": ("per", "周期"),
    "total": ("total", "总分"),
    "kinds": ("kinds", "按类型"),
}
_CAP_PERIODS: dict[str, CapPeriod] = {
    "quarter": "quarter",
    "季度": "quarter",
    "季": "quarter",
    "year": "year",
    "年": "year",
    "年度": "year",
}
_SYNTAX_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


class RulesError(RedchainError):
    """A rules file that cannot be used; the message names the file, line or key, and the fix."""


@dataclass(frozen=True)
class Caps:
    """How many points (bonus included) one unit may earn per quarter or year."""

    per: CapPeriod = "quarter"
    total: int | None = None
    #: activity kind key -> most points of that kind per unit per period
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def any(self) -> bool:
        return self.total is not None or bool(self.kinds)


@dataclass(frozen=True)
class Version:
    """One version of the rules and the first day it applies."""

    name: str
    applies_from: dt.date
    #: activity kind key -> points for taking part
    points: dict[str, int]
    key_project_bonus: int = 0
    caps: Caps = field(default_factory=Caps)
    note: str = ""

    def points_for(self, kind: str | None) -> int | None:
        """The points the kind earns, or None when this version does not list it."""
        return self.points.get(kind) if kind is not None else None


@dataclass(frozen=True)
class Rules:
    """Every version of a rules file, oldest first."""

    versions: tuple[Version, ...]
    source: str = SHIPPED

    def in_force(self, day: dt.date) -> Version | None:
        """The version that applies to an activity on ``day``; None before the first one."""
        found = None
        for version in self.versions:
            if version.applies_from <= day:
                found = version
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "versions": [
                {
                    "version": v.name,
                    "applies_from": v.applies_from.isoformat(),
                    "points": dict(v.points),
                    "key_project_bonus": v.key_project_bonus,
                    "caps": {"per": v.caps.per, "total": v.caps.total, "kinds": dict(v.caps.kinds)},
                    "note": v.note,
                }
                for v in self.versions
            ],
        }


def shipped_path() -> Path:
    return Path(str(files("redchain").joinpath("data", "points", SHIPPED)))


def load(path: Path | str | None = None) -> Rules:
    """The rules in ``path``; None gives the rules shipped for 金桥红链."""
    where = Path(path) if path is not None else shipped_path()
    try:
        text = where.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RulesError(f"{where}: no such rules file; give the path of a .toml file") from None
    except UnicodeDecodeError:
        raise RulesError(f"{where}: the rules file is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise RulesError(f"{where}: cannot read the rules file ({exc.strerror})") from None
    return parse(text, str(where))


def parse(text: str, source: str = "<rules>") -> Rules:
    """Rules from the text of a TOML file; ``source`` names it in messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = _SYNTAX_AT.search(message)
        where = f"{source}:{at.group(1)}:{at.group(2)}" if at else source
        what = _SYNTAX_AT.sub("", message).strip()
        fix = 'text in quotes, dates as 2024-01-01, one "key = value" per line'
        if at and not text.splitlines()[int(at.group(1)) - 1 :][:1][0].isascii():
            fix = 'a Chinese key goes in double quotes, e.g. "版本" = "2024版" or [["积分规则"]]'
        raise RulesError(
            f"{where}: the rules file is not valid TOML ({what}); fix the syntax there ({fix})"
        ) from None
    return _read(data, source)


def _read(data: dict[str, Any], source: str) -> Rules:
    top = _pick_keys(data, _TOP, "", source)
    if "rules" not in top:
        raise RulesError(
            f"{source}: the file has no [[积分规则]] (or [[rules]]) table; "
            "start each version with one"
        )
    raw_name, raw = top["rules"]
    entries = raw if isinstance(raw, list) else [raw]
    versions = []
    for index, entry in enumerate(entries, start=1):
        where = f"{raw_name}[{index}]" if isinstance(raw, list) else raw_name
        if not isinstance(entry, dict):
            raise RulesError(f"{source}: {where} must be a table of keys; write [[{raw_name}]]")
        versions.append(_version(entry, where, source))
    versions.sort(key=lambda v: v.applies_from)
    for before, after in itertools.pairwise(versions):
        if before.applies_from == after.applies_from:
            raise RulesError(
                f"{source}: versions {before.name!r} and {after.name!r} both apply from "
                f"{after.applies_from}; give each version its own 起用日期 (applies_from)"
            )
    names = [v.name for v in versions]
    for name in names:
        if names.count(name) > 1:
            raise RulesError(
                f"{source}: two versions are called {name!r}; give each its own 版本 (version)"
            )
    return Rules(tuple(versions), source)


def _pick_keys(
    table: dict[str, Any], known: Mapping[str, tuple[str, ...]], where: str, source: str
) -> dict[str, tuple[str, Any]]:
    """The table's entries by canonical name, each with the key as written; unknown keys and a
    key given in both languages are errors."""
    spelled = {s: name for name, spellings in known.items() for s in spellings}
    found: dict[str, tuple[str, Any]] = {}
    for key, value in table.items():
        path = f"{where}.{key}" if where else key
        name = spelled.get(key.strip()) or spelled.get(key.strip().lower())
        if name is None:
            accepted = ", ".join("/".join(reversed(s)) for s in known.values())
            raise RulesError(f"{source}: {path}: unknown key; the keys here are {accepted}")
        if name in found:
            raise RulesError(
                f"{source}: {path}: given twice (as {found[name][0]!r} too); keep one of them"
            )
        found[name] = (key, value)
    return found


def _version(entry: dict[str, Any], where: str, source: str) -> Version:
    keys = _pick_keys(entry, _VERSION_KEYS, where, source)
    for needed, zh in (("version", "版本"), ("applies_from", "起用日期"), ("points", "活动积分")):
        if needed not in keys:
            raise RulesError(
                f"{source}: {where}: {zh} ({needed}) is missing; every version needs "
                "版本, 起用日期 and 活动积分"
            )
    name_key, name = keys["version"]
    if not isinstance(name, str | int) or isinstance(name, bool) or not str(name).strip():
        raise RulesError(f'{source}: {where}.{name_key}: give the version a name, e.g. "2024版"')
    date_key, applies = keys["applies_from"]
    applies_from = _date(applies, f"{where}.{date_key}", source)
    points_key, points_table = keys["points"]
    points = _kind_numbers(points_table, f"{where}.{points_key}", source)
    bonus = 0
    if "key_project_bonus" in keys:
        bonus_key, raw_bonus = keys["key_project_bonus"]
        bonus = _count(raw_bonus, f"{where}.{bonus_key}", source)
    caps = Caps()
    if "caps" in keys:
        caps_key, raw_caps = keys["caps"]
        caps = _caps(raw_caps, f"{where}.{caps_key}", source)
    note = ""
    if "note" in keys:
        note = str(keys["note"][1])
    return Version(str(name).strip(), applies_from, points, bonus, caps, note)


def _date(value: Any, path: str, source: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise RulesError(f"{source}: {path}: {value!r} is not a date; write it as 2024-01-01")


def _count(value: Any, path: str, source: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RulesError(f"{source}: {path}: {value!r} is not a number of points; write 0 or more")
    return value


def kind_key(name: str) -> str | None:
    """The key of the activity kind ``name`` names (key, Chinese or English name, synonym)."""
    wanted = " ".join(name.split()).lower()
    for kind in ACTIVITY_KINDS:
        if wanted in {n.lower() for n in (kind.key, kind.zh, kind.en, *kind.synonyms)}:
            return kind.key
    return None


def kind_of(key: str | None) -> Kind | None:
    return next((k for k in ACTIVITY_KINDS if k.key == key), None)


def _kind_numbers(table: Any, path: str, source: str) -> dict[str, int]:
    if not isinstance(table, dict):
        raise RulesError(
            f"{source}: {path}: must be a table of activity kinds and points, "
            "e.g. 主题党日 = 10 on lines of their own under it"
        )
    out: dict[str, int] = {}
    for name, value in table.items():
        key = kind_key(name)
        if key is None:
            kinds = ", ".join(f"{k.zh}/{k.key}" for k in ACTIVITY_KINDS)
            raise RulesError(f"{source}: {path}.{name}: not an activity kind; use one of: {kinds}")
        if key in out:
            raise RulesError(f"{source}: {path}.{name}: this kind is given twice; keep one")
        out[key] = _count(value, f"{path}.{name}", source)
    return out


def _caps(table: Any, path: str, source: str) -> Caps:
    if not isinstance(table, dict):
        raise RulesError(f'{source}: {path}: must be a table, e.g. 周期 = "季度" and 总分 = 60')
    keys = _pick_keys(table, _CAP_KEYS, path, source)
    per: CapPeriod = "quarter"
    if "per" in keys:
        per_key, raw_per = keys["per"]
        found = _CAP_PERIODS.get(str(raw_per).strip().lower())
        if found is None:
            raise RulesError(
                f'{source}: {path}.{per_key}: {raw_per!r} is not a cap period; write "季度" '
                '(quarter) or "年度" (year)'
            )
        per = found
    total = None
    if "total" in keys:
        total_key, raw_total = keys["total"]
        total = _count(raw_total, f"{path}.{total_key}", source)
    kinds: dict[str, int] = {}
    if "kinds" in keys:
        kinds_key, raw_kinds = keys["kinds"]
        kinds = _kind_numbers(raw_kinds, f"{path}.{kinds_key}", source)
    return Caps(per, total, kinds)
