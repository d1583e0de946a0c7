"""The words of the gap report in Chinese and English, and how item values are shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from redchain import __version__
from redchain.errors import RedchainError
from redchain.model import BASE_KINDS, DEFAULT_CHAIN, DEFAULT_CHAIN_EN

if TYPE_CHECKING:
    from redchain.gaps import Ranking

LANGS = ("zh", "en")

WORDS: dict[str, dict[str, str]] = {
    "title": {"zh": "覆盖空白报告", "en": "Coverage-gap report"},
    "as_of": {"zh": "查看日期", "en": "As of"},
    "since": {"zh": "活动起算", "en": "Activity since"},
    "period": {"zh": "统计期", "en": "Period"},
    "hops": {"zh": "触达步数", "en": "Reach in steps"},
    "overview": {"zh": "概览", "en": "Overview"},
    "check": {"zh": "检查项", "en": "Check"},
    "count": {"zh": "数量", "en": "Count"},
    "checks": {"zh": "{n} 项检查，{m} 项发现空白", "en": "{n} checks, {m} with gaps"},
    "none": {"zh": "无空白。", "en": "No gaps."},
    "advice": {"zh": "怎么办", "en": "What to do"},
    "more": {
        "zh": "……另有 {n} 项未列出；完整清单见 --format json 或 redchain export。",
        "en": "… and {n} more; see --format json or redchain export for the full list.",
    },
    "matrix": {"zh": "五大领域共建矩阵", "en": "Partnerships between the five domains"},
    "matrix_legend": {
        "zh": "格中数字为两个领域之间的现行共建关系数；斜线格为空白（没有共建关系）。",
        "en": "Each cell counts the current partnerships between two domains; hatched cells "
        "are empty (no partnership).",
    },
    "empty_mark": {"zh": "(0) 空白", "en": "(0) empty"},
    "ranking": {"zh": "党建积分排名", "en": "Points ranking"},
    "ranking_meta": {
        "zh": "统计期内参加活动的 {n} 个单位，按积分加重点加分排名",
        "en": "{n} units took part in the period, ranked by points plus bonus points",
    },
    "top": {"zh": "前 {n} 名", "en": "Top {n}"},
    "bottom": {"zh": "后 {n} 名", "en": "Bottom {n}"},
    "no_ranking": {"zh": "统计期内没有积分记录。", "en": "No points were recorded in the period."},
    "generated": {"zh": "由 redchain {v} 生成", "en": "Made by redchain {v}"},
    "summary_head": {
        "zh": "覆盖空白（{chain}，查看日期 {as_of}）：{checks}",
        "en": "Coverage gaps ({chain}, as of {as_of}): {checks}",
    },
    "list_sep": {"zh": "、", "en": ", "},
    "colon": {"zh": "：", "en": ": "},
    "aside": {"zh": "（{text}）", "en": " ({text})"},
    "and_more": {"zh": "等", "en": ", …"},
}

COLUMNS: dict[str, dict[str, str]] = {
    "name": {"zh": "名称", "en": "Name"},
    "uscc": {"zh": "统一社会信用代码", "en": "Credit code"},
    "last_activity": {"zh": "最近活动", "en": "Last activity"},
    "kind": {"zh": "类型", "en": "Kind"},
    "host": {"zh": "依托单位", "en": "Host"},
    "host_uscc": {"zh": "依托单位代码", "en": "Host credit code"},
    "distance": {"zh": "距离（步）", "en": "Distance (steps)"},
    "pieces": {"zh": "断成几块", "en": "Pieces"},
    "separated": {"zh": "被分开的单位", "en": "Units cut off"},
    "domains": {"zh": "领域组合", "en": "Domains"},
    "rank": {"zh": "名次", "en": "Rank"},
    "points": {"zh": "积分", "en": "Points"},
    "bonus": {"zh": "加分", "en": "Bonus"},
    "total": {"zh": "总分", "en": "Total"},
    "activities": {"zh": "活动数", "en": "Activities"},
}
RANK_COLUMNS = ("rank", "name", "uscc", "points", "bonus", "total", "activities")


def word(key: str, lang: str, **values: Any) -> str:
    return WORDS[key][lang].format(**values)


def column(key: str, lang: str) -> str:
    return COLUMNS.get(key, {}).get(lang, key)


def chain_name(chain: str, lang: str) -> str:
    """The chain's name in the report's language (the default chain has an English name)."""
    if lang == "en" and chain == DEFAULT_CHAIN:
        return DEFAULT_CHAIN_EN
    return chain


def cell(item: dict[str, Any], key: str, lang: str) -> str:
    """One item value as text: domain pairs by name, numbers without a needless '.0'."""
    if key == "domains":
        return str(item.get(lang) or " × ".join(item.get("domains", [])))
    value = item.get(key)
    if key == "kind" and isinstance(value, str):
        return _base_kind(value, lang)
    if value is None:
        return "—" if key in ("distance", "last_activity") else ""
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else f"{value:.2f}".rstrip("0")
    return str(value)


def _base_kind(value: str, lang: str) -> str:
    """A base kind by its name in ``lang``, whether the graph holds its key or a Chinese name."""
    for kind in BASE_KINDS:
        if value in (kind.key, kind.zh, kind.en, *kind.synonyms):
            return kind.zh if lang == "zh" else kind.en
    return value


def footer(lang: str) -> str:
    return word("generated", lang, v=__version__)


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise RedchainError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


def ends(ranking: Ranking) -> list[tuple[str, list[dict[str, Any]]]]:
    """The ranking's ends to show: top and bottom, or only the top when it holds every unit."""
    if not ranking.rows:
        return []
    if ranking.ranked <= ranking.top:
        return [("top", ranking.top_units)]
    return [("top", ranking.top_units), ("bottom", ranking.bottom_units)]
