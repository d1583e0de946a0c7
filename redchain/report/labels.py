"""The words of the gap report in Chinese and English, and how item values are shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from redchain import __version__
from redchain.errors import RedchainError
from redchain.model import (
    AGREEMENT_STAGES,
    BASE_KINDS,
    DEFAULT_CHAIN,
    DEFAULT_CHAIN_EN,
    ITEM_KINDS,
    PARTY_ROLES,
    Kind,
)

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
    "number": {"zh": "协议编号", "en": "Agreement"},
    "agreement": {"zh": "协议编号", "en": "Agreement"},
    "title": {"zh": "协议名称", "en": "Title"},
    "ends_on": {"zh": "到期日期", "en": "Ends"},
    "parties": {"zh": "协议各方", "en": "Parties"},
    "stage": {"zh": "所处阶段", "en": "Stage"},
    "stage_since": {"zh": "进入该阶段", "en": "At this stage since"},
    "since": {"zh": "开始日期", "en": "Since"},
    "last_joint": {"zh": "最近共同活动", "en": "Last joint activity"},
    "item": {"zh": "需求项", "en": "Need"},
    "offered_by": {"zh": "链上可提供的单位", "en": "Offered in the chain by"},
    "role": {"zh": "角色", "en": "Role"},
    "code": {"zh": "批次编号", "en": "Cohort"},
    "university": {"zh": "高校", "en": "University"},
    "year": {"zh": "年份", "en": "Year"},
    "trained": {"zh": "培训人数", "en": "Trained"},
    "interns": {"zh": "实习人数", "en": "Interns"},
    "agreements": {"zh": "应评约协议数", "en": "Agreements due"},
    "numbers": {"zh": "应评约协议", "en": "Agreements due for evaluation"},
}
#: Columns whose values are keys (or Chinese names) of one of the model's kinds.
KIND_COLUMNS: dict[str, tuple[Kind, ...]] = {
    "kind": BASE_KINDS,
    "stage": AGREEMENT_STAGES,
    "role": PARTY_ROLES,
    "item": ITEM_KINDS,
}
#: Columns where an empty value is shown as a dash: "none", "never", "not part of one".
DASHED = ("distance", "last_activity", "last_joint", "agreement", "offered_by", "since")
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
    if key in KIND_COLUMNS and isinstance(value, str):
        return _kind(KIND_COLUMNS[key], value, lang)
    if isinstance(value, list | tuple):
        if not value:
            return "—" if key in DASHED else ""
        return word("list_sep", lang).join(cell({key: v}, key, lang) for v in value)
    if value is None:
        return "—" if key in DASHED else ""
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else f"{value:.2f}".rstrip("0")
    return str(value)


def _kind(kinds: tuple[Kind, ...], value: str, lang: str) -> str:
    """A kind by its name in ``lang``, whether the graph holds its key or a Chinese name."""
    for kind in kinds:
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
