"""Finding units as analysts type them: Chinese name, short name, English name, pinyin, pinyin
initials (``gsyh`` → 工商银行) or credit code, best matches first.

The index lives in the server's memory and is rebuilt when the graph changes (see
``GraphCache``); pinyin comes from the ``pypinyin`` library. ``fold`` is the one normalisation
every key and every query goes through.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator
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
    """Every organisation's search keys; ``find`` ranks exact, then prefix, then contained.

    Exact keys are a dict, prefixes a bisection of the sorted keys, and "contains" one scan of
    all keys joined into a single string (C speed); prefixes and contained matches stop after
    ``CONTAINS_CAP`` hits each, so a query that matches everything stays quick.
    """

    CONTAINS_CAP = 2000

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)
        self._text = _Keys((k for i, e in enumerate(self.entries) for k in _own(e.keys, i)))
        self._spelled = _Keys((k for i, e in enumerate(self.entries) for k in _own(e.spelled, i)))

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
        best: dict[int, int] = {}
        for q in variants:
            self._text.match(q, 0, best, self.CONTAINS_CAP)
        if len(letters) >= 2:
            self._spelled.match(letters, 1, best, self.CONTAINS_CAP)
        ranked = sorted(
            best.items(),
            key=lambda kv: (kv[1], len(self.entries[kv[0]].name), self.entries[kv[0]].uscc),
        )
        return [self.entries[i] for i, _ in ranked[:limit]]


def _own(keys: Iterable[str], owner: int) -> Iterator[tuple[str, int]]:
    for key in keys:
        yield key, owner


class _Keys:
    """Keys with their owners, searchable as exact, prefix and substring."""

    def __init__(self, pairs: Iterable[tuple[str, int]]) -> None:
        ordered = sorted(pairs)
        self.keys = [k for k, _ in ordered]
        self.owners = [o for _, o in ordered]
        self.exact: dict[str, list[int]] = {}
        for key, owner in ordered:
            self.exact.setdefault(key, []).append(owner)
        self.starts: list[int] = []
        position = 0
        for key in self.keys:
            self.starts.append(position)
            position += len(key) + 1
        self.text = "\x00".join(self.keys)

    def match(self, q: str, penalty: int, best: dict[int, int], cap: int) -> None:
        def note(owner: int, rank: int) -> None:
            rank += penalty
            if rank < best.get(owner, 99):
                best[owner] = rank

        for owner in self.exact.get(q, ())[:cap]:
            note(owner, 0)
        i = bisect.bisect_left(self.keys, q)
        stop = min(len(self.keys), i + cap)
        while i < stop and self.keys[i].startswith(q):
            note(self.owners[i], 2)
            i += 1
        found, at = 0, self.text.find(q)
        while at >= 0 and found < cap:
            k = bisect.bisect_right(self.starts, at) - 1
            if at > self.starts[k]:
                note(self.owners[k], 4)
            found += 1
            at = self.text.find(q, at + 1)
