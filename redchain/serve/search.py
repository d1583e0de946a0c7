"""Finding units as analysts type them: Chinese name, short name, English name, pinyin, pinyin
initials (``gsyh`` → 工商银行) or credit code, best matches first.

The index lives in the server's memory and is rebuilt when the graph changes (see
``GraphCache``); pinyin comes from the ``pypinyin`` library. ``fold`` is the one normalisation
every key and every query goes through.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

#: Head-office nicknames people type instead of the name the graph holds.
ALIASES: dict[str, str] = {
    "工行": "工商银行",
    "icbc": "工商银行",
    "建行": "建设银行",
    "ccb": "建设银行",
    "农行": "农业银行",
    "abc": "农业银行",
    "中行": "中国银行",
    "boc": "中国银行",
    "交行": "交通银行",
    "招行": "招商银行",
    "农商行": "农村商业银行",
}
_SPACE = re.compile(r"\s+")
_NOT_LATIN = re.compile(r"[^0-9a-z]")


def fold(text: str) -> str:
    """Full-width to half-width, case off, spaces squeezed: how two spellings are compared."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


@lru_cache(maxsize=300_000)
def pinyin_keys(name: str) -> tuple[str, str]:
    """Toneless pinyin and its initials, letters only: 工商银行 → gongshangyinhang, gsyh."""
    syllables = [s for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s]
    full = _NOT_LATIN.sub("", "".join(syllables).casefold())
    initials = _NOT_LATIN.sub("", "".join(s[0] for s in syllables).casefold())
    return full, initials


@dataclass(frozen=True)
class Entry:
    uscc: str
    name: str
    short_name: str
    name_en: str
    domain: str | None
    keys: tuple[str, ...]  # folded names and code, matched as text
    spelled: tuple[str, ...]  # pinyin and initials, matched as letters


def entry(
    uscc: str, name: str, short_name: str | None, name_en: str | None, domain: str | None
) -> Entry:
    names = [n for n in (name, short_name) if n]
    spelled: list[str] = []
    for n in names:
        spelled.extend(pinyin_keys(n))
    keys = tuple(dict.fromkeys(fold(k) for k in (name, short_name, name_en, uscc) if k))
    return Entry(
        uscc=uscc,
        name=name,
        short_name=short_name or "",
        name_en=name_en or "",
        domain=domain,
        keys=keys,
        spelled=tuple(dict.fromkeys(s for s in spelled if s)),
    )


class SearchIndex:
    """Every organisation's search keys; ``find`` ranks exact, then prefix, then contained."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, query: str, limit: int = 12) -> list[Entry]:
        wanted = fold(query)
        if not wanted:
            return []
        variants = {wanted}
        for alias, meant in ALIASES.items():
            if alias in wanted:
                variants.add(wanted.replace(alias, meant))
        letters = _NOT_LATIN.sub("", wanted) if wanted.isascii() else ""
        scored: list[tuple[int, int, str, Entry]] = []
        for item in self.entries:
            rank = _rank(item.keys, variants)
            if letters and len(letters) >= 2:
                rank = min(rank, _rank(item.spelled, {letters}) + 1)
            if rank < 9:
                scored.append((rank, len(item.name), item.uscc, item))
        scored.sort(key=lambda s: s[:3])
        return [s[3] for s in scored[:limit]]


def _rank(keys: Iterable[str], variants: set[str]) -> int:
    best = 9
    for key in keys:
        for q in variants:
            if key == q:
                return 0
            if key.startswith(q):
                best = min(best, 2)
            elif q in key:
                best = min(best, 4)
    return best
